//! `deliveries.csv`: inbound material deliveries with their ETA.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{Delivery, DeliveryId, MaterialId, SiteId, Subject};

const FILE: &str = "deliveries.csv";
const SCHEMA: Schema = Schema {
    required: &["id", "material", "site", "quantity", "eta"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_deliveries(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let material = cells.id("material");
            let site = cells.id("site");
            let quantity = cells.decimal("quantity", Range::Positive);
            let eta = cells.time("eta", plan_start);
            let material = material.and_then(|m| self.resolve_material(m, &row));
            let site = site.and_then(|s| self.sites.resolve(s, &row, "site", &mut self.errors));
            let Some(name) = id else { continue };
            let delivery_id = DeliveryId::from_index(self.builder.deliveries.len());
            if !self
                .deliveries
                .define(name, delivery_id, &row, &mut self.errors)
            {
                continue;
            }
            // Bad cells are already reported; the placeholders keep ids aligned and are never built.
            self.builder.add_delivery(Delivery {
                name: name.to_string(),
                material: material.unwrap_or(MaterialId(0)),
                site: site.unwrap_or(SiteId(0)),
                quantity: quantity.unwrap_or(1.0),
                eta: eta.unwrap_or(0),
            });
            self.origins
                .record(Subject::Delivery(delivery_id), row.path(), Some(row.line()));
        }
    }
}
