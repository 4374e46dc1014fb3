//! Leaving out work that does not pay while the dispatching rules plan (issue 13): under the
//! `contribution` objective form, an order that is optional or deferrable is priced where the rule
//! would place it, and when dropping it (forfeiting its margin) or deferring it beyond the horizon
//! end (at its deferral cost) is cheaper, its operations are taken out again before the next order
//! is planned. No operation of it stays in the plan, so later orders can use its time, where the
//! post-solve pass [`super::worth::leave_out_unprofitable`] (kept as a safety net) can only leave a
//! hole behind.
//!
//! The comparison is the post-pass's: the placement's [`order_cost`] (weighted tardiness,
//! transport and energy, as in the objective; the makespan growth is left out, as there) against
//! the margin and the deferral cost, with the same [`Decision`] and the same reason words.

use super::worth::{describe_costs, money};
use crate::model::{Instance, ObjectiveForm, OrderId, deferral_days};
use crate::solution::{Decision, ScheduledOp, UnplannedOrder, order_cost};

/// True when the contribution form lets the plan leave `order` out (it is optional or
/// deferrable).
pub(super) fn may_leave_out(instance: &Instance, order: OrderId) -> bool {
    let value = &instance.order(order).value;
    instance.form() == ObjectiveForm::Contribution && (value.optional || value.is_deferrable())
}

/// What deferring `order` beyond the horizon end adds to the objective (money), or `None` when it
/// is not deferrable: today its cost per day times the started days from its due date to the
/// horizon end ([`deferral_days`]).
// At merge the lead replaces this body by
// `crate::solution::deferral_charge(instance, order).map(|c| c.objective_cost())` (a deferred
// order is then also charged an estimate of the energy and transport it costs when made later).
fn deferral_objective_cost(instance: &Instance, order: OrderId) -> Option<f64> {
    let o = instance.order(order);
    o.value
        .defer_cost_per_day
        .map(|per_day| per_day * deferral_days(o.due, instance.horizon_end()) as f64)
}

/// The decision to leave `order` out instead of making it as `placements` (all its operations),
/// with the reason in the post-pass's words ("not worth making: margin 20 < cost 30 (energy
/// 30)"), or `None` when making it is no dearer than every way of leaving it out (and always
/// under the weighted-sum form). Of dropping and deferring, the cheaper wins; on a tie, deferring.
pub(super) fn leave_out(
    instance: &Instance,
    order: OrderId,
    placements: &[ScheduledOp],
) -> Option<UnplannedOrder> {
    if !may_leave_out(instance, order) || placements.is_empty() {
        return None;
    }
    let o = instance.order(order);
    let value = &o.value;
    let cost = order_cost(instance, order, placements).weighted;
    let drop_gain = value.optional.then(|| cost - value.margin());
    let deferral = deferral_objective_cost(instance, order);
    let defer_gain = deferral.map(|c| cost - c);
    let (decision, gain) = match (drop_gain, defer_gain) {
        (Some(d), Some(f)) if f >= d => (Decision::Deferred, f),
        (Some(d), _) => (Decision::Dropped, d),
        (None, Some(f)) => (Decision::Deferred, f),
        (None, None) => return None,
    };
    if gain <= 1e-9 * cost.abs().max(1.0) {
        return None;
    }
    let costs = describe_costs(instance, order, placements, cost);
    let reason = match (decision, deferral) {
        (Decision::Deferred, Some(c)) => format!(
            "deferred beyond the horizon end: making it now costs {costs} > deferral {} ({} day(s) x {})",
            money(c),
            deferral_days(o.due, instance.horizon_end()),
            money(value.defer_cost_per_day.unwrap_or(0.0))
        ),
        _ => format!(
            "not worth making: margin {} < cost {costs}",
            money(value.margin())
        ),
    };
    Some(UnplannedOrder {
        order,
        reason,
        decision,
    })
}
