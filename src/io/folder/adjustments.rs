//! `adjustments.csv`: corrections of the stock of a material at a site from a minute on.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::{StockAdjustment, Subject};

const FILE: &str = "adjustments.csv";
const SCHEMA: Schema = Schema {
    required: &["site", "material", "quantity", "at"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_adjustments(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let site = cells.id("site");
            let material = cells.id("material");
            // Signed: found (> 0) or lost (< 0); 0 is the builder's BAD_ADJUSTMENT at this cell.
            let quantity = cells.decimal("quantity", Range::Any);
            let at = cells.time("at", plan_start);
            let site = site.and_then(|s| self.sites.resolve(s, &row, "site", &mut self.errors));
            let material = material.and_then(|m| self.resolve_material(m, &row));
            let (Some(site), Some(material), Some(quantity), Some(at)) =
                (site, material, quantity, at)
            else {
                continue;
            };
            let index = self.builder.adjustments.len();
            self.builder.add_adjustment(StockAdjustment {
                site,
                material,
                quantity,
                at,
            });
            self.origins
                .record(Subject::Adjustment(index), row.path(), Some(row.line()));
        }
    }
}
