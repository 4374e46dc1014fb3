//! `lane_windows.csv`: windows in which a lane is closed (blank `extra`) or takes `extra` minutes
//! longer (a road closure, a strike, congestion at a port).

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{ErrorCode, LaneEffect, LaneWindow, Subject, Window};

const FILE: &str = "lane_windows.csv";
const SCHEMA: Schema = Schema {
    required: &["lane", "start", "end"],
    optional: &["extra"],
};

impl FolderReader {
    pub(super) fn read_lane_windows(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let lane = cells.id("lane");
            let start = cells.time("start", plan_start);
            let end = cells.time("end", plan_start);
            // Blank: closed.
            let extra = cells.maybe_integer("extra", Range::Positive);
            let lane = lane.and_then(|l| self.lanes.resolve(l, &row, "lane", &mut self.errors));
            let (Some(lane), Some(start), Some(end), Some(extra)) = (lane, start, end, extra)
            else {
                continue;
            };
            if end <= start {
                self.errors.push(row.error(
                    "end",
                    ErrorCode::EmptyWindow,
                    format!("the lane window ends at {end}, not after its start {start}"),
                    "make the end later than the start",
                ));
                continue;
            }
            let index = self.builder.lane_windows.len();
            self.builder.lane_windows.push(LaneWindow {
                lane,
                window: Window::new(start, end),
                effect: extra.map_or(LaneEffect::Closed, |extra| LaneEffect::Slower { extra }),
            });
            self.origins
                .record(Subject::LaneWindow(index), row.path(), Some(row.line()));
        }
    }
}
