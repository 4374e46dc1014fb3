//! `overruns.csv`: reported overruns of started operations (written by `takt replan` into the
//! instance after the events, so that `takt check` judges a re-plan against the durations it was
//! made with).

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;

const FILE: &str = "overruns.csv";
const SCHEMA: Schema = Schema {
    required: &["order", "step", "extra"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_overruns(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let order = cells.id("order");
            let step = cells.integer("step", Range::Positive);
            let extra = cells.integer("extra", Range::NonNegative);
            let order = order.and_then(|o| self.orders.resolve(o, &row, "order", &mut self.errors));
            let (Some(order), Some(step), Some(extra)) = (order, step, extra) else {
                continue;
            };
            // A step the order's routing lacks is the model builder's to report.
            let step = u32::try_from(step - 1).unwrap_or(u32::MAX);
            self.builder.orders[order.index()]
                .overruns
                .push((step, extra));
        }
    }
}
