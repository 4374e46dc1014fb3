//! The builder's rules for order values and the planning horizon.

use super::{
    ErrorCode, InstanceBuilder, MAX_MONEY, Minutes, ModelIssue, Order, OrderId, Subject, in_range,
};

/// The horizon end when the input gives none: the latest due date of any order, or the latest
/// release when no order has a due date (0 without orders).
pub(super) fn default_horizon_end(orders: &[Order]) -> Minutes {
    orders
        .iter()
        .filter_map(|o| o.due)
        .max()
        .or_else(|| orders.iter().map(|o| o.release).max())
        .unwrap_or(0)
}

/// Amounts of money must be finite, >= 0 and at most [`MAX_MONEY`]; the horizon end within the
/// time limits.
pub(super) fn check_values(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    for (i, o) in b.orders.iter().enumerate() {
        let v = &o.value;
        for (field, what, x) in [
            ("revenue", "revenue", Some(v.revenue)),
            ("variable_cost", "variable cost", Some(v.variable_cost)),
            (
                "defer_cost_per_day",
                "deferral cost per day",
                v.defer_cost_per_day,
            ),
        ] {
            let Some(x) = x else { continue };
            if !(x.is_finite() && (0.0..=MAX_MONEY).contains(&x)) {
                issues.push(ModelIssue {
                    code: ErrorCode::OutOfRange,
                    subject: Subject::Order(OrderId::from_index(i)),
                    message: format!("the {what} of order '{}' is {x}", o.name),
                    hint: format!(
                        "use an amount between 0 and {MAX_MONEY:e} (per-unit amounts count times the quantity)"
                    ),
                    field: Some(field),
                });
            }
        }
    }
    for (i, o) in b.orders.iter().enumerate() {
        if let (Some(deadline), Some(_)) = (o.deadline, o.value.defer_cost_per_day) {
            issues.push(ModelIssue {
                code: ErrorCode::ConflictingColumns,
                subject: Subject::Order(OrderId::from_index(i)),
                message: format!(
                    "order '{}' is deferrable and has a hard deadline ({deadline}): deferring it beyond the horizon end would miss the deadline",
                    o.name
                ),
                hint: "leave defer_cost_per_day blank for an order that must arrive by its deadline, or give it a due date instead of a deadline".into(),
                field: Some("defer_cost_per_day"),
            });
        }
    }
    if let Some(h) = b.horizon_end.filter(|h| *h < 0) {
        issues.push(ModelIssue {
            code: ErrorCode::OutOfRange,
            subject: Subject::Instance,
            message: format!("horizon_end is {h} minutes, before the plan start"),
            hint: "give the end of the planning horizon at or after the plan start (minute 0)"
                .into(),
            field: Some("horizon_end"),
        });
    }
    if let Some(h) = b.horizon_end.filter(|h| !in_range(*h)) {
        issues.push(ModelIssue {
            code: ErrorCode::OutOfRange,
            subject: Subject::Instance,
            message: format!("horizon_end is {h} minutes, beyond the limits"),
            hint: "use a time within 10^10 minutes of the plan start".into(),
            field: Some("horizon_end"),
        });
    }
    issues
}
