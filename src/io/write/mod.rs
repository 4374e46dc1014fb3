//! Writers: the instance folder, the plan files and a re-plan's diff.

mod csv_out;
mod diff;
mod folder;
mod plan;

pub use diff::{DIFF_HEADER, write_diff};
pub use folder::write_instance_folder;
pub use plan::write_plan;
