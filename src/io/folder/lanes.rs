//! `lanes.csv`: directed transport lanes between sites.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{Lane, LaneId, SiteId, Subject};

const FILE: &str = "lanes.csv";
const SCHEMA: Schema = Schema {
    required: &["id", "from", "to", "transit"],
    optional: &["cost_per_unit", "capacity"],
};

impl FolderReader {
    pub(super) fn read_lanes(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let from = cells.id("from");
            let to = cells.id("to");
            let transit = cells.minutes("transit");
            let cost = cells.decimal_or("cost_per_unit", 0.0, Range::NonNegative);
            let capacity = cells.maybe_count("capacity", Range::Positive);
            let from = from.and_then(|s| self.sites.resolve(s, &row, "from", &mut self.errors));
            let to = to.and_then(|s| self.sites.resolve(s, &row, "to", &mut self.errors));
            let Some(name) = id else { continue };
            let lane_id = LaneId::from_index(self.builder.lanes.len());
            if !self.lanes.define(name, lane_id, &row, &mut self.errors) {
                continue;
            }
            // Bad cells are already reported; the placeholders keep ids aligned and are never built.
            self.builder.add_lane(Lane {
                name: name.to_string(),
                from: from.unwrap_or(SiteId(0)),
                to: to.unwrap_or(SiteId(0)),
                transit: transit.unwrap_or(0),
                cost_per_unit: cost.unwrap_or(0.0),
                capacity: capacity.flatten(),
            });
            self.origins
                .record(Subject::Lane(lane_id), row.path(), Some(row.line()));
        }
    }
}
