//! Writes a re-plan's diff as `diff.csv`: one row per operation of either plan.

use super::csv_out::{CsvOut, blank_or, with_path};
use crate::model::Instance;
use crate::replan::PlanDiff;
use crate::solution::ScheduledOp;
use std::path::Path;

/// Header of `diff.csv`.
pub const DIFF_HEADER: [&str; 11] = [
    "order",
    "step",
    "change",
    "frozen",
    "old_machine",
    "old_start",
    "old_end",
    "new_machine",
    "new_start",
    "new_end",
    "start_shift",
];

/// Writes `diff` to `path`; `instance` names the machines (events never add or remove machines, so
/// either plan's instance will do).
///
/// # Errors
/// Any I/O error writing the file, naming the path.
pub fn write_diff(instance: &Instance, diff: &PlanDiff, path: &Path) -> std::io::Result<()> {
    let mut out = CsvOut::new("diff.csv", &DIFF_HEADER);
    let machine = |s: Option<ScheduledOp>| {
        blank_or(
            s.and_then(|s| instance.machines().get(s.machine.index()))
                .map(|m| m.name.clone()),
        )
    };
    for c in &diff.ops {
        out.row(&[
            c.order.clone(),
            (c.step + 1).to_string(),
            c.change.as_str().to_string(),
            c.frozen.to_string(),
            machine(c.old),
            blank_or(c.old.map(|s| s.start)),
            blank_or(c.old.map(|s| s.end)),
            machine(c.new),
            blank_or(c.new.map(|s| s.start)),
            blank_or(c.new.map(|s| s.end)),
            blank_or(c.start_shift()),
        ]);
    }
    std::fs::write(path, out.into_text()).map_err(|e| with_path(path, "write", e))
}
