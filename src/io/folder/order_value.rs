//! The value columns of `orders.csv`: revenue and variable cost (per order or per unit), priority
//! class, optional, and the deferral cost per day that makes an order deferrable.

use crate::io::cells::Range;
use crate::io::cells_typed::Cells;
use crate::io::table::Row;
use crate::model::{ErrorCode, MAX_MONEY, OrderValue, Priority, compact_number};

/// Reads the value of one order of `quantity` units; `None` when a cell is bad (recorded).
pub(super) fn read_value(
    cells: &mut Cells,
    row: &Row,
    quantity: Option<u32>,
) -> Option<OrderValue> {
    let revenue = amount(cells, row, quantity, "revenue", "revenue_per_unit");
    let variable_cost = amount(
        cells,
        row,
        quantity,
        "variable_cost",
        "variable_cost_per_unit",
    );
    let priority = cells.choice_or("priority", Priority::Normal, "priority class");
    let optional = cells.flag("optional");
    let defer = cells.maybe_decimal("defer_cost_per_day", Range::NonNegative);
    Some(OrderValue {
        revenue: revenue?,
        variable_cost: variable_cost?,
        priority: priority?,
        optional: optional?,
        defer_cost_per_day: defer?,
    })
}

/// An amount for the whole order, given either as `total` or as `per_unit` (times the quantity),
/// 0 when both are blank.
fn amount(
    cells: &mut Cells,
    row: &Row,
    quantity: Option<u32>,
    total: &str,
    per_unit: &str,
) -> Option<f64> {
    let whole = cells.maybe_decimal(total, Range::NonNegative);
    let unit = cells.maybe_decimal(per_unit, Range::NonNegative);
    match (whole?, unit?) {
        (Some(_), Some(_)) => {
            let message = format!("both '{total}' and '{per_unit}' are given");
            let hint = format!("keep one: '{total}' for the whole order or '{per_unit}' per unit");
            cells
                .errors()
                .push(row.error(per_unit, ErrorCode::ConflictingColumns, message, hint));
            None
        }
        (Some(x), None) => Some(x),
        (None, Some(x)) => {
            let quantity = quantity?;
            let value = x * f64::from(quantity);
            if value > MAX_MONEY {
                let message = format!(
                    "'{per_unit}' {} times quantity {quantity} is {}, beyond the {MAX_MONEY:e} takt reads",
                    compact_number(x),
                    compact_number(value)
                );
                cells.errors().push(row.error(
                    per_unit,
                    ErrorCode::OutOfRange,
                    message,
                    "use a smaller amount (or split the order)",
                ));
                return None;
            }
            Some(value)
        }
        (None, None) => Some(0.0),
    }
}
