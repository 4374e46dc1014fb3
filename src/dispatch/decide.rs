//! Leaving out work that does not pay while the dispatching rules plan (issue 13): under the
//! `contribution` objective form, an order that is optional or deferrable is priced where the rule
//! would place it, and when dropping it (forfeiting its margin) or deferring it beyond the horizon
//! end (at its deferral cost and what making it later costs) is cheaper, its operations are taken out again before the next order
//! is planned. No operation of it stays in the plan, so later orders can use its time, where the
//! post-solve pass [`super::worth::leave_out_unprofitable`] (kept as a safety net) can only leave a
//! hole behind.
//!
//! The comparison is the post-pass's: the placement's [`order_cost`] (weighted tardiness,
//! transport and energy, as in the objective; the makespan growth is left out, as there) against
//! the margin and what deferring costs ([`deferral_charge`]), with the same [`Decision`] and the
//! same reason words: the post-pass calls [`leave_out`] too. Neither prices the demand charge (an
//! order's share of a billing period's peak depends on all the work around it); the plant search
//! and the MILP do, and their reasons name it.

use super::worth::{describe_costs, describe_deferral, money};
use crate::model::{Instance, ObjectiveForm, OrderId};
use crate::solution::{Decision, ScheduledOp, UnplannedOrder, deferral_charge, order_cost};

/// True when the contribution form lets the plan leave `order` out (it is optional or
/// deferrable).
pub(super) fn may_leave_out(instance: &Instance, order: OrderId) -> bool {
    let value = &instance.order(order).value;
    instance.form() == ObjectiveForm::Contribution && (value.optional || value.is_deferrable())
}

/// The decision to leave `order` out instead of making it as `placements` (all its operations),
/// with the reason in the post-pass's words ("not worth making: margin 20 < cost 30 (energy
/// 30)"), or `None` when making it is no dearer than every way of leaving it out (and always
/// under the weighted-sum form). Of dropping and deferring, the cheaper wins; on a tie, deferring.
pub(super) fn leave_out(
    instance: &Instance,
    order: OrderId,
    placements: &[ScheduledOp],
    transfer_cost: f64,
) -> Option<UnplannedOrder> {
    if !may_leave_out(instance, order) || placements.is_empty() {
        return None;
    }
    let value = &instance.order(order).value;
    let cost = order_cost(instance, order, placements)
        .with_transfer_cost(instance, transfer_cost)
        .weighted;
    let drop_gain = value.optional.then(|| cost - value.margin());
    let charge = deferral_charge(instance, order);
    let defer_gain = charge.map(|c| cost - c.objective_cost(instance));
    let (decision, gain) = match (drop_gain, defer_gain) {
        (Some(d), Some(f)) if f >= d => (Decision::Deferred, f),
        (Some(d), _) => (Decision::Dropped, d),
        (None, Some(f)) => (Decision::Deferred, f),
        (None, None) => return None,
    };
    if gain <= 1e-9 * cost.abs().max(1.0) {
        return None;
    }
    // The dispatching rules price no demand charge (see the module docs).
    let costs = describe_costs(instance, order, placements, cost, 0.0);
    let reason = match (decision, charge) {
        (Decision::Deferred, Some(c)) => format!(
            "deferred beyond the horizon end: making it now costs {costs} > deferring {}",
            describe_deferral(instance, &c)
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
