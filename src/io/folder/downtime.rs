//! `downtime.csv`: windows during which a machine cannot work.

use super::FolderReader;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::Window;

const FILE: &str = "downtime.csv";
const SCHEMA: Schema = Schema {
    required: &["machine", "start", "end"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_downtime(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let machine = cells.id("machine");
            let start = cells.time("start", plan_start);
            let end = cells.time("end", plan_start);
            let machine =
                machine.and_then(|m| self.machines.resolve(m, &row, "machine", &mut self.errors));
            let (Some(machine), Some(start), Some(end)) = (machine, start, end) else {
                continue;
            };
            if end <= start {
                self.errors.push(row.error(
                    "end",
                    ErrorCode::EmptyWindow,
                    format!("the downtime ends at {end}, not after its start {start}"),
                    "make the end later than the start",
                ));
                continue;
            }
            self.builder.machines[machine.index()]
                .downtime
                .push(Window::new(start, end));
        }
    }
}
