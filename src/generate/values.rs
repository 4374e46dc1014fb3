//! Order values for generated plants: revenue and variable cost for every order, an exact share
//! of them optional (low priority), an exact share deferrable, the most valuable fifth of the
//! orders that must be made high priority.
//!
//! Values are drawn from their own random stream (seeded from the configuration's seed), so that a
//! configuration without values gives exactly the plant it always gave.

use super::GenRng;
use crate::model::{ErrorCode, InstanceBuilder, ModelIssue, ObjectiveForm, Priority, Subject};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

/// A deferrable generated order costs this share of its margin per day deferred (at least 1), so
/// that deferring it 20 days forfeits its whole margin.
pub const DEFER_COST_SHARE_PER_DAY: f64 = 0.05;

/// How many of `orders` a share stands for: `round(share x orders)`.
fn count(share: f64, orders: usize) -> usize {
    ((share * orders as f64).round() as usize).min(orders)
}

/// Sets the value of every order of `b` and the contribution form: revenue per unit drawn from
/// 20..60 money, variable cost 40-80% of revenue. Exactly `round(optional_share x orders)` orders,
/// the first of a seeded shuffle, are optional and low priority; the next
/// `round(deferrable_share x orders)` orders of the shuffle without a hard deadline are deferrable
/// at [`DEFER_COST_SHARE_PER_DAY`] of their margin per day (rounded, at least 1). The fifth of the
/// orders that are neither with the highest margins is high priority.
///
/// # Errors
/// `BAD_GENERATOR_CONFIG` when fewer orders than the deferrable share asks for are neither
/// optional nor bound by a hard deadline (a deferred order would miss its deadline).
pub(super) fn build(
    seed: u64,
    optional_share: f64,
    deferrable_share: f64,
    b: &mut InstanceBuilder,
) -> Result<(), ModelIssue> {
    let mut rng = GenRng::seed_from_u64(seed ^ 0x005e_ed0f_0a1e);
    for o in &mut b.orders {
        let per_unit: f64 = rng.random_range(20.0..60.0);
        let revenue = (per_unit * f64::from(o.quantity)).round();
        let cost_share: f64 = rng.random_range(0.4..0.8);
        o.value.revenue = revenue;
        o.value.variable_cost = (revenue * cost_share).round();
        o.value.priority = Priority::Normal;
    }
    let mut shuffled: Vec<usize> = (0..b.orders.len()).collect();
    shuffled.shuffle(&mut rng);
    let optional = count(optional_share, b.orders.len());
    for &i in &shuffled[..optional] {
        b.orders[i].value.optional = true;
        b.orders[i].value.priority = Priority::Low;
    }
    let deferrable = count(deferrable_share, b.orders.len());
    let eligible: Vec<usize> = shuffled[optional..]
        .iter()
        .copied()
        .filter(|&i| b.orders[i].deadline.is_none())
        .collect();
    if eligible.len() < deferrable {
        return Err(ModelIssue {
            code: ErrorCode::BadGeneratorConfig,
            subject: Subject::Instance,
            message: format!(
                "a deferrable share of {deferrable} orders is asked for, but only {} orders are \
                 neither optional nor bound by a hard deadline",
                eligible.len()
            ),
            hint: "lower the deferrable share or the optional share (their sum must leave room \
                   for the orders with hard deadlines)"
                .into(),
            field: Some("deferrable_share"),
        });
    }
    for &i in &eligible[..deferrable] {
        let v = &mut b.orders[i].value;
        v.defer_cost_per_day = Some((v.margin() * DEFER_COST_SHARE_PER_DAY).round().max(1.0));
    }
    let mut required: Vec<(f64, usize)> = b
        .orders
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.value.optional && !o.value.is_deferrable())
        .map(|(i, o)| (o.value.margin(), i))
        .collect();
    required.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in required.iter().take(required.len().div_ceil(5)) {
        b.orders[i].value.priority = Priority::High;
    }
    b.form = ObjectiveForm::Contribution;
    Ok(())
}
