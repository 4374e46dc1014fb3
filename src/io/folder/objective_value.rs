//! The `objective.csv` settings of value-aware planning: `form` and `horizon_end`.

use super::FolderReader;
use crate::io::ErrorCode;
use crate::io::cells_choice::parse_choice;
use crate::io::table::Row;
use crate::io::time_value::parse_time;
use crate::model::ObjectiveForm;

impl FolderReader {
    /// `form`: `weighted_sum` (default) or `contribution`.
    pub(super) fn read_form(&mut self, value: &str, row: &Row) {
        match parse_choice::<ObjectiveForm>(value, "objective form") {
            Ok(form) => self.builder.form = form,
            Err(e) => self
                .errors
                .push(row.error("value", e.code, e.message, e.hint)),
        }
    }

    /// `horizon_end`: a time (minutes, or a date-time when `plan_start` is set).
    pub(super) fn read_horizon_end(&mut self, value: &str, row: &Row) {
        match parse_time(value, self.plan_start) {
            Ok(at) if at < 0 => self.errors.push(row.error(
                "value",
                ErrorCode::OutOfRange,
                format!("horizon_end {value} lies before the plan start"),
                "give the end of the planning horizon at or after the plan start (minute 0)",
            )),
            Ok(at) => self.builder.horizon_end = Some(at),
            Err(e) => self
                .errors
                .push(row.error("value", e.code, e.message, e.hint)),
        }
    }
}
