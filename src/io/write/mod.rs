//! Writers: the instance folder and the plan files.

mod csv_out;
mod folder;
mod plan;

pub use folder::write_instance_folder;
pub use plan::write_plan;
