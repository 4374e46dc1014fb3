//! The files of an instance folder: which exist, which are required, and which do not belong.

use crate::io::cells::typo_hint;
use crate::io::error::{InputError, io_error};
use crate::io::invisible::visible;
use crate::model::ErrorCode;
use std::collections::BTreeSet;
use std::path::Path;

/// Files every instance folder must have.
pub const REQUIRED_FILES: [&str; 3] = ["machines.csv", "routings.csv", "orders.csv"];

/// Files an instance folder may have.
pub const OPTIONAL_FILES: [&str; 13] = [
    "sites.csv",
    "downtime.csv",
    "bom.csv",
    "stock.csv",
    "adjustments.csv",
    "deliveries.csv",
    "lanes.csv",
    "lane_windows.csv",
    "transfers.csv",
    "energy_prices.csv",
    "objective.csv",
    "overruns.csv",
    "modes.csv",
];

/// Files that may sit in the folder without being part of the instance.
fn is_tolerated(name: &str) -> bool {
    name.starts_with('.') || name == "README" || name.ends_with(".md") || name == "events.csv"
}

/// Plan files `takt solve` writes; a helpful hint when one sits in the instance folder.
const PLAN_FILES: [&str; 3] = ["schedule.csv", "shipments.csv", "unplanned.csv"];

/// True when `name` is one of the files of the format.
pub(super) fn is_instance_file(name: &str) -> bool {
    REQUIRED_FILES.contains(&name) || OPTIONAL_FILES.contains(&name)
}

/// The names of the files in `dir` (sub-folders left out). A missing or unreadable folder is
/// reported and gives `None`.
pub(super) fn list_folder(dir: &Path, errors: &mut Vec<InputError>) -> Option<Vec<String>> {
    if !dir.is_dir() {
        let (code, message, hint) = if dir.exists() {
            (
                ErrorCode::NotAFolder,
                format!("'{}' is a file, not an instance folder", dir.display()),
                "pass the folder holding machines.csv, routings.csv and orders.csv, or give \
                 --format jsp / fjs for a benchmark file",
            )
        } else {
            (
                ErrorCode::MissingFolder,
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
    let mut names = Vec::new();
    for entry in entries.flatten() {
        if entry.path().is_dir() {
            continue;
        }
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Some(names)
}

/// The instance files among `files` (by the last component of each path). Unknown files and files
/// given twice are reported at their path, missing required files at `base`/name.
pub(super) fn sort_files<'a>(
    base: &Path,
    files: impl Iterator<Item = &'a Path>,
    errors: &mut Vec<InputError>,
) -> BTreeSet<String> {
    let known = || REQUIRED_FILES.iter().chain(OPTIONAL_FILES.iter()).copied();
    let mut present = BTreeSet::new();
    for path in files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_instance_file(&name) {
            if !present.insert(name.clone()) {
                errors.push(InputError::new(
                    path,
                    ErrorCode::DuplicateFile,
                    format!("{name} is given twice"),
                    "give each file of the instance once",
                ));
            }
        } else if !is_tolerated(&name) {
            let hint = if PLAN_FILES.contains(&name.as_str()) {
                "plan files belong outside the instance folder; move it elsewhere".to_string()
            } else {
                typo_hint(
                    &name,
                    known(),
                    &format!(
                        "remove or rename the file; an instance folder holds only {} (and *.md files)",
                        known().collect::<Vec<_>>().join(", ")
                    ),
                )
            };
            errors.push(InputError::new(
                path,
                ErrorCode::UnknownFile,
                format!(
                    "'{}' is not a file of the instance folder format",
                    visible(&name)
                ),
                hint,
            ));
        }
    }
    for required in REQUIRED_FILES {
        if !present.contains(required) {
            errors.push(InputError::new(
                base.join(required),
                ErrorCode::MissingFile,
                format!("the required file {required} is missing"),
                format!(
                    "every instance folder needs {}; see the README section \"Instance folder format\"",
                    REQUIRED_FILES.join(", ")
                ),
            ));
        }
    }
    present
}
