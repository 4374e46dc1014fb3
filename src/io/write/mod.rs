//! Writers: the instance folder, the plan files and a re-plan's diff.

mod csv_out;
mod diff;
mod folder;
mod order_value;
mod plan;

pub use csv_out::FileTexts;
pub use diff::{DIFF_HEADER, write_diff};
pub use folder::{instance_files, write_instance_folder};
pub use plan::{plan_files, write_plan};
