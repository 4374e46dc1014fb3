//! Where each entity came from, so that problems the model builder finds point at file and line.

use crate::io::error::InputError;
use crate::model::ErrorCode;
use crate::model::{ModelIssue, Subject};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The file and line that defined each entity (the first line, for entities spread over rows).
#[derive(Default)]
pub struct Origins {
    places: HashMap<Subject, (PathBuf, Option<usize>)>,
}

impl Origins {
    /// Records where `subject` was defined, unless it already has a place.
    pub fn record(&mut self, subject: Subject, file: &Path, line: Option<usize>) {
        self.places
            .entry(subject)
            .or_insert_with(|| (file.to_path_buf(), line));
    }

    /// The builder's issue as an input error at the subject's origin (`fallback` when unknown).
    pub fn locate(&self, issue: ModelIssue, fallback: &Path) -> InputError {
        let (file, line) = self
            .places
            .get(&issue.subject)
            .cloned()
            .unwrap_or_else(|| (fallback.to_path_buf(), None));
        let mut error = InputError::new(file, issue.code, issue.message, issue.hint);
        error.line = line;
        error.column = issue
            .field
            .or_else(|| column_of(issue.code))
            .map(str::to_string);
        error
    }
}

/// The column a builder issue is about, when one column is clearly to blame.
fn column_of(code: ErrorCode) -> Option<&'static str> {
    use ErrorCode::*;
    Some(match code {
        PowerOverCap | BadPower => "power_kw",
        BadPowerCap => "power_cap_kw",
        OverlappingPrices => "start",
        BadPrice => "price_per_kwh",
        CustomerUnreachable => "customer",
        NoPlant | NoRouting => "product",
        PlantCannotMake => "plant",
        DeadlineBeforeRelease => "deadline",
        LoopLane => "to",
        DuplicateStock => "material",
        _ => return None,
    })
}
