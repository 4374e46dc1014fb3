//! The value columns of `orders.csv` and the value settings of `objective.csv`, written only when
//! the instance uses them (so that instances without values write the files they always did).

use super::csv_out::blank_or;
use crate::model::{Instance, ObjectiveForm, Order};

/// The value columns, in the order [`value_cells`] gives them.
pub(super) const VALUE_HEADER: [&str; 5] = [
    "revenue",
    "variable_cost",
    "priority",
    "optional",
    "defer_cost_per_day",
];

/// True when some order has a value other than the default.
pub(super) fn has_values(instance: &Instance) -> bool {
    instance.orders().iter().any(|o| !o.value.is_default())
}

/// The value cells of `order` (amounts for the whole order; `f64` prints exactly and reads back).
pub(super) fn value_cells(order: &Order) -> [String; 5] {
    let v = &order.value;
    [
        v.revenue.to_string(),
        v.variable_cost.to_string(),
        v.priority.to_string(),
        if v.optional { "yes" } else { "no" }.to_string(),
        blank_or(v.defer_cost_per_day),
    ]
}

/// The `objective.csv` rows for the form and the horizon end, when they are not the defaults.
pub(super) fn objective_rows(instance: &Instance) -> Vec<[String; 2]> {
    let mut rows = Vec::new();
    if instance.form() != ObjectiveForm::default() {
        rows.push(["form".to_string(), instance.form().to_string()]);
    }
    if let Some(h) = instance.horizon_end_given() {
        rows.push(["horizon_end".to_string(), h.to_string()]);
    }
    rows
}
