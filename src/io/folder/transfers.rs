//! `transfers.csv`: material shipped between sites along lanes, booked before the plan.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::route_text::{RouteReading, ambiguous_route, empty_lane, read_route};
use crate::io::table::{Row, Schema};
use crate::model::{LaneId, MaterialId, SiteId, Subject, Transfer, TransferId};

const FILE: &str = "transfers.csv";
const SCHEMA: Schema = Schema {
    required: &["id", "material", "from", "to", "quantity", "depart"],
    optional: &["route", "arrive"],
};

impl FolderReader {
    pub(super) fn read_transfers(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        let separators = self
            .lanes
            .names()
            .map(|n| n.matches('>').count())
            .max()
            .unwrap_or(0);
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let material = cells.id("material");
            let from = cells.id("from");
            let to = cells.id("to");
            let quantity = cells.decimal("quantity", Range::Positive);
            let depart = cells.time("depart", plan_start);
            let arrive = cells.maybe_time("arrive", plan_start);
            let route = cells.text("route").unwrap_or("");
            let material = material.and_then(|m| self.resolve_material(m, &row));
            let from = from.and_then(|s| self.sites.resolve(s, &row, "from", &mut self.errors));
            let to = to.and_then(|s| self.sites.resolve(s, &row, "to", &mut self.errors));
            let lanes = self.route_lanes(route, separators, &row);
            let Some(name) = id else { continue };
            let transfer_id = TransferId::from_index(self.builder.transfers.len());
            if !self
                .transfers
                .define(name, transfer_id, &row, &mut self.errors)
            {
                continue;
            }
            // Bad cells are already reported; the placeholders keep ids aligned and are never built.
            self.builder.add_transfer(Transfer {
                name: name.to_string(),
                material: material.unwrap_or(MaterialId(0)),
                from: from.unwrap_or(SiteId(0)),
                to: to.unwrap_or(SiteId(1)),
                quantity: quantity.unwrap_or(1.0),
                depart: depart.unwrap_or(0),
                lanes: lanes.unwrap_or_default(),
                arrive: arrive.flatten(),
            });
            self.origins
                .record(Subject::Transfer(transfer_id), row.path(), Some(row.line()));
        }
    }

    /// The lanes of a `route` cell (`L1>L2`; blank: none, the builder takes the fastest route).
    /// `separators`: the most `>` any lane id holds.
    fn route_lanes(&mut self, text: &str, separators: usize, row: &Row) -> Option<Vec<LaneId>> {
        match read_route(text, separators, |name| self.lanes.get(name)) {
            RouteReading::Lanes(lanes) => Some(lanes),
            RouteReading::Unknown(piece) => {
                match empty_lane(row, text) {
                    Some(e) if piece.is_empty() => self.errors.push(e),
                    _ => {
                        self.lanes.resolve(&piece, row, "route", &mut self.errors);
                    }
                }
                None
            }
            RouteReading::Ambiguous => {
                self.errors.push(ambiguous_route(row, text));
                None
            }
        }
    }
}
