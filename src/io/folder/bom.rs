//! `bom.csv`: bills of materials; materials are defined by their first use here.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::Schema;
use crate::model::ErrorCode;
use crate::model::{BomLine, Material, MaterialId, Subject};
use std::collections::BTreeMap;

const FILE: &str = "bom.csv";
const SCHEMA: Schema = Schema {
    required: &["product", "material", "qty_per_unit"],
    optional: &[],
};

impl FolderReader {
    pub(super) fn read_bom(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            if self.has(FILE) {
                self.materials.mark_incomplete();
            }
            return;
        };
        let mut lines: BTreeMap<(crate::model::ProductId, MaterialId), usize> = BTreeMap::new();
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let product = cells.id("product");
            let material = cells.id("material");
            let qty = cells.decimal("qty_per_unit", Range::Positive);
            let product = product.and_then(|p| {
                let message = format!("product '{p}' has no rows in routings.csv");
                let hint =
                    "products are defined by routings.csv: add its routing or correct the id";
                self.products.resolve_or(
                    p,
                    &row,
                    "product",
                    &mut self.errors,
                    (ErrorCode::UnknownProduct, &message, hint),
                )
            });
            let Some(material_name) = material else {
                continue;
            };
            let builder = &mut self.builder;
            let material = self.materials.get_or_define(material_name, &row, || {
                builder.add_material(Material {
                    name: material_name.to_string(),
                })
            });
            self.origins
                .record(Subject::Material(material), row.path(), Some(row.line()));
            let (Some(product), Some(qty_per_unit)) = (product, qty) else {
                continue;
            };
            if let Some(first) = lines.insert((product, material), row.line()) {
                self.errors.push(row.error(
                    "material",
                    ErrorCode::DuplicateBomLine,
                    format!(
                        "product '{}' already lists material '{material_name}' on line {first}",
                        self.builder.products[product.index()].name
                    ),
                    "merge the rows into one",
                ));
                continue;
            }
            self.builder.products[product.index()].bom.push(BomLine {
                material,
                qty_per_unit,
            });
        }
    }
}
