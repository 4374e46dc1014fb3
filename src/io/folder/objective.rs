//! `objective.csv`: objective weights and the plan start, as `key,value` rows.

use super::FolderReader;
use crate::io::cells::{Range, parse_decimal, typo_hint};
use crate::io::invisible::visible;
use crate::io::table::Schema;
use crate::io::time_value::parse_date_time;
use crate::model::ErrorCode;
use crate::model::Subject;
use std::collections::BTreeMap;

const FILE: &str = "objective.csv";
const SCHEMA: Schema = Schema {
    required: &["key", "value"],
    optional: &[],
};

/// The keys objective.csv accepts.
pub const KEYS: [&str; 8] = [
    "tardiness_weight",
    "energy_weight",
    "transport_weight",
    "makespan_weight",
    "plan_start",
    "form",
    "horizon_end",
    "plan_transfers",
];

impl FolderReader {
    pub(super) fn read_objective(&mut self) {
        let origin = if self.has(FILE) {
            self.path(FILE)
        } else {
            self.whole()
        };
        self.origins.record(Subject::Instance, &origin, None);
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        let mut horizon = None;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let (Some(key), Some(value)) = (cells.id("key"), cells.id("value")) else {
                continue;
            };
            if !KEYS.contains(&key) {
                let hint = typo_hint(key, KEYS, &format!("use one of: {}", KEYS.join(", ")));
                let message = format!("'{}' is not an objective setting", visible(key));
                self.errors
                    .push(row.error("key", ErrorCode::UnknownKey, message, hint));
                continue;
            }
            if let Some(first) = seen.insert(key, row.line()) {
                let message = format!("'{key}' is already set on line {first}");
                let hint = "keep one row per key";
                self.errors
                    .push(row.error("key", ErrorCode::DuplicateKey, message, hint));
                continue;
            }
            if key == "plan_start" {
                match parse_date_time(value) {
                    Some(at) => {
                        self.plan_start = Some(at);
                        self.builder.plan_start = Some(at);
                    }
                    None => self.errors.push(row.error(
                        "value",
                        ErrorCode::NotADateTime,
                        format!("plan_start '{value}' is not a date-time"),
                        "write a local date-time YYYY-MM-DDTHH:MM, e.g. 2025-03-10T06:00",
                    )),
                }
                continue;
            }
            if key == "horizon_end" {
                // Read once plan_start is known, whatever the row order.
                horizon = Some((row, value));
                continue;
            }
            if key == "form" {
                self.read_form(value, &row);
                continue;
            }
            if key == "plan_transfers" {
                match crate::io::cells_choice::parse_flag(value) {
                    Ok(on) => self.builder.plan_transfers = on,
                    Err(e) => self
                        .errors
                        .push(row.error("value", e.code, e.message, e.hint)),
                }
                continue;
            }
            let weight = match parse_decimal(value, Range::NonNegative) {
                Ok(w) => w,
                Err(e) => {
                    self.errors
                        .push(row.error("value", e.code, e.message, e.hint));
                    continue;
                }
            };
            let weights = &mut self.builder.weights;
            match key {
                "tardiness_weight" => weights.tardiness = weight,
                "energy_weight" => weights.energy = weight,
                "transport_weight" => weights.transport = weight,
                _ => weights.makespan = weight,
            }
        }
        if let Some((row, value)) = horizon {
            self.read_horizon_end(value, &row);
        }
    }
}
