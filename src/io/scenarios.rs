//! Explicit what-if scenarios: an `events.csv` with one more column, `scenario`, naming the
//! scenario each row belongs to (`takt whatif --scenarios FILE`).
//!
//! Rows are grouped by scenario in the order scenarios first appear; within a scenario the rows are
//! read exactly as `takt replan` reads `events.csv` (same kinds, columns, checks and error codes;
//! a rush order added in one scenario exists only there). A row with a scenario id and every other
//! cell blank names a scenario without events (e.g. the published plan as it is).

use super::error::{InputError, InputErrors};
use super::events::{EVENT_COLUMNS, read_event_rows};
use super::table::{Row, Schema, Table};
use crate::model::ErrorCode;
use crate::model::Instance;
use crate::whatif::Scenario;
use std::path::Path;

/// Scenarios read from a file, with the line of each event.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenariosFile {
    /// The scenarios in the order they first appear.
    pub scenarios: Vec<Scenario>,
    /// Per scenario, the 1-based line of each of its events.
    pub lines: Vec<Vec<usize>>,
}

/// Reads explicit scenarios for `instance` from `path` (see the module docs).
///
/// # Errors
/// Every problem, with file, line and column: the errors of `events.csv`, a blank `scenario`
/// (`MISSING_VALUE`), and `NO_SCENARIO` for a file without rows.
pub fn read_scenarios(instance: &Instance, path: &Path) -> Result<ScenariosFile, InputErrors> {
    let mut errors = Vec::new();
    let mut optional = vec!["kind"];
    optional.extend_from_slice(EVENT_COLUMNS);
    let schema = Schema {
        required: &["scenario"],
        optional: &optional,
    };
    let mut file = ScenariosFile {
        scenarios: Vec::new(),
        lines: Vec::new(),
    };
    if let Some(table) = Table::read(path, &schema, &mut errors) {
        let mut groups: Vec<(String, Vec<Row<'_>>)> = Vec::new();
        for row in table.rows() {
            let name = row.text("scenario");
            if name.is_empty() {
                errors.push(row.error(
                    "scenario",
                    ErrorCode::MissingValue,
                    "the required value 'scenario' is empty",
                    "name the scenario this event belongs to",
                ));
                continue;
            }
            let blank = optional.iter().all(|c| row.text(c).is_empty());
            let group = match groups.iter().position(|(n, _)| n == name) {
                Some(g) => g,
                None => {
                    groups.push((name.to_string(), Vec::new()));
                    groups.len() - 1
                }
            };
            if !blank {
                groups[group].1.push(row);
            }
        }
        if groups.is_empty() && errors.is_empty() {
            errors.push(InputError::new(
                path,
                ErrorCode::NoScenario,
                "the file names no scenario",
                "add rows: scenario,kind,... (see docs/WHATIF.md)",
            ));
        }
        for (name, rows) in groups {
            let events = read_event_rows(instance, rows, &mut errors);
            file.scenarios.push(Scenario::new(name, events.events));
            file.lines.push(events.lines);
        }
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(InputErrors(errors))
    }
}
