//! Every reader and writer of files: the instance folder (CSV), the classic job shop and flexible job
//! shop benchmark files, and the plan files (`schedule.csv`, `shipments.csv`, `unplanned.csv`).
//!
//! Readers never stop at the first problem: they return [`InputErrors`] listing every problem with
//! its file, line, column, a stable code and a hint. The formats are described in the README (*Instance folder format*).

mod benchmark;
mod cells;
mod cells_choice;
mod cells_typed;
mod error;
mod event_lines;
mod events;
mod folder;
mod format;
mod invisible;
mod plan;
mod publish;
mod render;
mod risks;
mod route_text;
mod scenarios;
mod source;
pub mod table;
mod time_value;
mod write;

pub use crate::model::ErrorCode;
pub use benchmark::{parse_fjs, parse_jsp, read_fjs, read_jsp};
pub(crate) use cells::closest;
pub use cells::{CellError, MAX_MINUTES, Range, parse_decimal, parse_integer, parse_minutes};
pub use error::{InputError, InputErrors};
pub use events::{EventsFile, parse_events, read_events};
pub use folder::{OPTIONAL_FILES, REQUIRED_FILES, read_instance_files, read_instance_folder};
pub use format::{Format, load_instance};
pub use plan::{PlanFiles, PlanLines, PlanSources, parse_plan, read_plan};
pub use publish::{
    PUBLISHED_FILES, PublishError, REPLAN_FILES, ReadPaths, check_output_folder, publish,
};
pub use risks::read_risks;
pub use scenarios::{ScenariosFile, read_scenarios};
pub use source::Source;
pub use time_value::{date_time_at, format_date_time, parse_date_time, parse_time};
pub use write::{
    DIFF_HEADER, FileTexts, instance_files, plan_files, write_diff, write_instance_folder,
    write_plan,
};
