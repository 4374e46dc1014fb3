//! The files of an instance folder: which exist, which are required, and which do not belong.

use crate::io::cells::closest;
use crate::io::error::{InputError, io_error};
use std::collections::BTreeSet;
use std::path::Path;

/// Files every instance folder must have.
pub const REQUIRED_FILES: [&str; 3] = ["machines.csv", "routings.csv", "orders.csv"];

/// Files an instance folder may have.
pub const OPTIONAL_FILES: [&str; 9] = [
    "sites.csv",
    "downtime.csv",
    "bom.csv",
    "stock.csv",
    "deliveries.csv",
    "lanes.csv",
    "energy_prices.csv",
    "objective.csv",
    "overruns.csv",
];

/// Files that may sit in the folder without being part of the instance.
fn is_tolerated(name: &str) -> bool {
    name.starts_with('.') || name == "README" || name.ends_with(".md") || name == "events.csv"
}

/// Plan files `takt solve` writes; a helpful hint when one sits in the instance folder.
const PLAN_FILES: [&str; 3] = ["schedule.csv", "shipments.csv", "unplanned.csv"];

/// The instance files present in `dir`. Unknown files are reported in `errors`; a missing or
/// unreadable folder is reported and gives `None`.
pub(super) fn list_instance_files(
    dir: &Path,
    errors: &mut Vec<InputError>,
) -> Option<BTreeSet<String>> {
    if !dir.is_dir() {
        let (code, message, hint) = if dir.exists() {
            (
                "NOT_A_FOLDER",
                format!("'{}' is a file, not an instance folder", dir.display()),
                "pass the folder holding machines.csv, routings.csv and orders.csv, or give \
                 --format jsp / fjs for a benchmark file",
            )
        } else {
            (
                "MISSING_FOLDER",
                format!("the instance folder '{}' does not exist", dir.display()),
                "check the path; an instance folder holds machines.csv, routings.csv and orders.csv",
            )
        };
        errors.push(InputError::new(dir, code, message, hint));
        return None;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(io_error(dir, "list the folder", &e));
            return None;
        }
    };
    let mut names = BTreeSet::new();
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            continue;
        }
        names.insert(entry.file_name().to_string_lossy().into_owned());
    }
    let known = || REQUIRED_FILES.iter().chain(OPTIONAL_FILES.iter()).copied();
    let mut present = BTreeSet::new();
    for name in names {
        if known().any(|k| k == name) {
            present.insert(name);
        } else if !is_tolerated(&name) {
            let hint = if PLAN_FILES.contains(&name.as_str()) {
                "plan files belong outside the instance folder; move it elsewhere".to_string()
            } else if let Some(near) = closest(&name, known()) {
                format!("did you mean '{near}'? Otherwise remove or rename the file")
            } else {
                format!(
                    "remove or rename the file; an instance folder holds only {} (and *.md files)",
                    known().collect::<Vec<_>>().join(", ")
                )
            };
            errors.push(InputError::new(
                dir.join(&name),
                "UNKNOWN_FILE",
                format!("'{name}' is not a file of the instance folder format"),
                hint,
            ));
        }
    }
    for required in REQUIRED_FILES {
        if !present.contains(required) {
            errors.push(InputError::new(
                dir.join(required),
                "MISSING_FILE",
                format!("the required file {required} is missing"),
                format!(
                    "every instance folder needs {}; see the README section \"Instance folder format\"",
                    REQUIRED_FILES.join(", ")
                ),
            ));
        }
    }
    Some(present)
}
