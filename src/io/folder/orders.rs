//! `orders.csv`: customer orders.

use super::FolderReader;
use crate::io::cells::Range;
use crate::io::table::{Row, Schema};
use crate::model::ErrorCode;
use crate::model::{Order, OrderId, ProductId, SiteId, Subject};

const FILE: &str = "orders.csv";
const SCHEMA: Schema = Schema {
    required: &["id", "product", "quantity"],
    optional: &[
        "customer",
        "release",
        "due",
        "weight",
        "deadline",
        "plant",
        "revenue",
        "revenue_per_unit",
        "variable_cost",
        "variable_cost_per_unit",
        "priority",
        "optional",
        "defer_cost_per_day",
    ],
};

impl FolderReader {
    pub(super) fn read_orders(&mut self) {
        let Some(table) = self.table(FILE, &SCHEMA) else {
            return;
        };
        let plan_start = self.plan_start;
        for row in table.rows() {
            let mut cells = row.cells(&mut self.errors);
            let id = cells.id("id");
            let product = cells.id("product");
            let quantity = cells.count("quantity", Range::Positive);
            let customer = cells.text("customer");
            let release = cells.time_or("release", 0, plan_start);
            let due = cells.maybe_time("due", plan_start);
            let weight = cells.decimal_or("weight", 1.0, Range::NonNegative);
            let deadline = cells.maybe_time("deadline", plan_start);
            let plant = cells.text("plant");
            let value = super::order_value::read_value(&mut cells, &row, quantity);
            let product = product.and_then(|p| self.resolve_ordered_product(p, &row));
            let customer = self.maybe_site(customer, &row, "customer");
            let plant = self.maybe_site(plant, &row, "plant");
            let Some(name) = id else { continue };
            let order_id = OrderId::from_index(self.builder.orders.len());
            if !self.orders.define(name, order_id, &row, &mut self.errors) {
                continue;
            }
            // Bad cells are already reported; the placeholders keep ids aligned and are never built.
            let mut order =
                Order::new(name, product.unwrap_or(ProductId(0)), quantity.unwrap_or(1));
            order.customer = customer.flatten();
            order.plant = plant.flatten();
            order.release = release.unwrap_or(0);
            order.due = due.flatten();
            order.weight = weight.unwrap_or(1.0);
            order.deadline = deadline.flatten();
            order.value = value.unwrap_or_default();
            self.builder.add_order(order);
            self.origins
                .record(Subject::Order(order_id), row.path(), Some(row.line()));
        }
    }

    /// The product of an order: it must have a routing.
    fn resolve_ordered_product(&mut self, name: &str, row: &Row) -> Option<ProductId> {
        let message = format!("product '{name}' has no routing (no rows in routings.csv)");
        self.products.resolve_or(
            name,
            row,
            "product",
            &mut self.errors,
            (
                ErrorCode::NoRouting,
                &message,
                "add the product's steps to routings.csv or correct the product id",
            ),
        )
    }

    /// An optional site reference: `Some(None)` when blank, `None` when unknown (reported).
    fn maybe_site(
        &mut self,
        name: Option<&str>,
        row: &Row,
        column: &str,
    ) -> Option<Option<SiteId>> {
        match name {
            None => Some(None),
            Some(name) => self
                .sites
                .resolve(name, row, column, &mut self.errors)
                .map(Some),
        }
    }
}
