//! The builder's rules for order values and the planning horizon.

use super::{
    ErrorCode, InstanceBuilder, MAX_MONEY, Minutes, ModelIssue, Order, OrderId, Subject,
    compact_number, deferral_days, in_range,
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
                    message: format!(
                        "the {what} of order '{}' is {}",
                        o.name,
                        compact_number(x)
                    ),
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
    check_deferral_costs(b, &mut issues);
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

/// The deferral cost of a deferrable order, `defer_cost_per_day x deferral_days` (see
/// [`deferral_days`]), is money computed from the input and must stay within [`MAX_MONEY`] like
/// the input. The issue is placed at the order's `defer_cost_per_day` cell; when a `horizon_end`
/// of `objective.csv` makes the days many (the order would fit under the default horizon end, the
/// latest due date), the message says that it is `horizon_end` to change. Orders whose amounts or
/// times are already out of range are reported by their own rules.
fn check_deferral_costs(b: &InstanceBuilder, issues: &mut Vec<ModelIssue>) {
    if b.horizon_end.is_some_and(|h| h < 0 || !in_range(h)) {
        return;
    }
    let default_end = default_horizon_end(&b.orders);
    if !in_range(default_end) {
        return;
    }
    let end = b.horizon_end.unwrap_or(default_end);
    for (i, o) in b.orders.iter().enumerate() {
        let Some(per_day) = o.value.defer_cost_per_day else {
            continue;
        };
        if !(per_day.is_finite() && (0.0..=MAX_MONEY).contains(&per_day))
            || o.due.is_some_and(|d| !in_range(d))
        {
            continue;
        }
        let days = deferral_days(o.due, end);
        let cost = per_day * days as f64;
        if cost <= MAX_MONEY {
            continue;
        }
        let product = format!(
            "deferring order '{}' costs defer_cost_per_day {} x {days} day(s) = {}, beyond the \
             {MAX_MONEY:e} takt reads",
            o.name,
            compact_number(per_day),
            compact_number(cost)
        );
        // Most days the cost per day allows, and the latest horizon end that keeps within them.
        let allowed_days = (MAX_MONEY / per_day).floor() as Minutes;
        let by_horizon = b.horizon_end.is_some()
            && per_day * deferral_days(o.due, default_end) as f64 <= MAX_MONEY;
        let (message, hint) = if by_horizon {
            let latest = o
                .due
                .unwrap_or(0)
                .saturating_add(allowed_days.saturating_mul(super::MINUTES_PER_DAY));
            (
                format!(
                    "{product}: the horizon_end {end} of objective.csv makes the deferral {days} \
                     day(s) long"
                ),
                format!(
                    "change horizon_end in objective.csv to at most minute {latest} (or lower this \
                     order's defer_cost_per_day to at most {} per day)",
                    compact_number((MAX_MONEY / days as f64).floor())
                ),
            )
        } else {
            (
                format!(
                    "{product} (the deferral lasts from its due date to the horizon end, minute {end})"
                ),
                format!(
                    "lower defer_cost_per_day to at most {} per day, or leave it blank if the \
                     order may not be deferred",
                    compact_number((MAX_MONEY / days as f64).floor())
                ),
            )
        };
        issues.push(ModelIssue {
            code: ErrorCode::OutOfRange,
            subject: Subject::Order(OrderId::from_index(i)),
            message,
            hint,
            field: Some("defer_cost_per_day"),
        });
    }
}
