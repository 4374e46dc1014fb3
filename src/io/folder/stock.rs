//! `stock.csv`: material on hand at each site at the plan start.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::{Stock, Subject};

const FILE: &str = "stock.csv";
const SCHEMA: Schema = Schema {
    required: &["site", "material", "quantity"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_stock(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let site = cells.id("site");
            let material = cells.id("material");
            let quantity = cells.decimal("quantity", Range::NonNegative);
            let site = site.and_then(|s| self.sites.resolve(s, &row, "site", &mut self.errors));
            let material = material.and_then(|m| self.resolve_material(m, &row));
            let (Some(site), Some(material), Some(quantity)) = (site, material, quantity) else {
                continue;
            };
            let index = self.builder.stock.len();
            self.builder.add_stock(Stock {
                site,
                material,
                quantity,
            });
            self.origins
                .record(Subject::Stock(index), row.path(), Some(row.line()));
        }
    }

    /// Resolves a material named in stock or deliveries: it must be used by some product.
    pub(super) fn resolve_material(
        &mut self,
        name: &str,
        row: &crate::io::table::Row,
    ) -> Option<crate::model::MaterialId> {
        let message = format!("material '{name}' is used by no product (not in bom.csv)");
        self.materials.resolve_or(
            name,
            row,
            "material",
            &mut self.errors,
            (
                ErrorCode::UnknownMaterial,
                &message,
                "add it to bom.csv or remove the row",
            ),
        )
    }
}
