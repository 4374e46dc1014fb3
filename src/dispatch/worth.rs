//! Leaving out work that does not pay: under the `contribution` objective form, an optional order
//! whose margin does not cover what making it costs is dropped, and a deferrable order whose
//! deferral (the deferral cost plus the estimated cost of making it later,
//! [`deferral_charge`]) is cheaper than making it now is deferred beyond the horizon end.
//!
//! Removing an order's operations and shipment never breaks a rule for the rest of the plan (no other
//! operation moves; material, power and machine time are only freed), so the pass keeps a feasible
//! plan feasible. What an order costs is the [`order_cost`] of its placements (weighted tardiness,
//! transport and energy); the makespan term is left out, which can only keep an order that dropping
//! would pay for, never drop one that pays. Each order's cost depends on its own placements only,
//! so the decisions do not depend on the order they are taken in.

use crate::model::{Instance, Minutes, ObjectiveForm, OrderId};
use crate::solution::{Decision, DeferralCharge, Schedule, deferral_charge, order_cost};

/// Drops or defers every order of `schedule` that the contribution form says is worth leaving
/// out, with the reason in words ("not worth making: margin 120 < cost 180 (energy 95, transport
/// 85)"). Returns how many orders were left out; does nothing under the weighted-sum form.
pub fn leave_out_unprofitable(instance: &Instance, schedule: &mut Schedule) -> usize {
    leave_out_unprofitable_from(instance, schedule, Minutes::MIN)
}

/// As [`leave_out_unprofitable`], for re-planning at `now`: an order with an operation that
/// started before `now` is history and stays.
pub fn leave_out_unprofitable_from(
    instance: &Instance,
    schedule: &mut Schedule,
    now: Minutes,
) -> usize {
    if instance.form() != ObjectiveForm::Contribution {
        return 0;
    }
    leave_out_unplannable(instance, schedule);
    let placed = schedule.by_op(instance);
    let mut left_out = Vec::new();
    for order in instance.order_ids() {
        let value = &instance.order(order).value;
        if !(value.optional || value.is_deferrable()) || schedule.is_unplanned(order) {
            continue;
        }
        let Some(placements) = instance
            .order_plan(order)
            .op_ids()
            .map(|op| placed[op.index()])
            .collect::<Option<Vec<_>>>()
        else {
            continue;
        };
        if placements.iter().any(|p| p.start < now) {
            continue;
        }
        let transfers: f64 = schedule
            .transfers
            .iter()
            .filter(|t| t.order == Some(order))
            .map(|t| t.cost(instance))
            .sum();
        if let Some(u) = super::decide::leave_out(instance, order, &placements, transfers) {
            left_out.push(u);
        }
    }
    let n = left_out.len();
    for u in &left_out {
        let ops = instance.order_plan(u.order).ops.clone();
        schedule.ops.retain(|s| !ops.contains(&s.op.0));
        schedule.shipments.retain(|s| s.order != u.order);
        schedule.transfers.retain(|t| t.order != Some(u.order));
    }
    schedule.unplanned.extend(left_out);
    schedule.normalize();
    n
}

/// "180 (energy 95, transport 85)": the total and its non-zero parts, weighted as in the objective;
/// `demand_charge` is what the order adds to the demand charge (0 where it is not priced).
pub(crate) fn describe_costs(
    instance: &Instance,
    order: OrderId,
    placements: &[crate::solution::ScheduledOp],
    total: f64,
    demand_charge: f64,
) -> String {
    let w = instance.weights();
    let energy: f64 = placements
        .iter()
        .map(|p| instance.energy_cost_in(p.machine, p.mode, p.start, p.end))
        .sum::<f64>()
        * w.energy;
    let c = order_cost(instance, order, placements);
    let o = instance.order(order);
    let tardiness = w.tardiness * o.weight * c.tardiness as f64;
    let transport = total - energy - tardiness - demand_charge;
    let parts: Vec<String> = [
        ("energy", energy),
        ("demand charge", demand_charge),
        ("transport", transport),
        ("tardiness", tardiness),
    ]
    .iter()
    .filter(|(_, x)| x.abs() > 1e-9)
    .map(|(name, x)| format!("{name} {}", money(*x)))
    .collect();
    if parts.is_empty() {
        money(total)
    } else {
        format!("{} ({})", money(total), parts.join(", "))
    }
}

/// "21 (3 day(s) x 2, energy 15 when made later)": what deferring costs in objective units, the
/// deferral cost and the non-zero estimated costs of making the order later, weighted as in the
/// objective.
pub(crate) fn describe_deferral(instance: &Instance, c: &DeferralCharge) -> String {
    let w = instance.weights();
    let later: Vec<String> = [
        ("energy", w.energy * c.energy_cost),
        ("transport", w.transport * c.transport_cost),
    ]
    .iter()
    .filter(|(_, x)| x.abs() > 1e-9)
    .map(|(name, x)| format!("{name} {}", money(*x)))
    .collect();
    let later = if later.is_empty() {
        String::new()
    } else {
        format!(", {} when made later", later.join(" and "))
    };
    format!(
        "{} ({} day(s) x {}{later})",
        money(c.objective_cost(instance)),
        c.days,
        money(c.per_day)
    )
}

/// Money as printed in reasons: whole amounts without decimals, others with two.
pub(crate) fn money(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

/// An order no solver could plan that may be left out is left out by choice, not a failure: a
/// deferrable one is deferred (it is made after the horizon end) unless it is also optional and
/// dropping it forfeits less than deferring costs; an optional one is dropped (its margin
/// forfeited). The reason keeps why it could not be made.
pub(super) fn leave_out_unplannable(instance: &Instance, schedule: &mut Schedule) {
    for u in &mut schedule.unplanned {
        if u.decision != Decision::Unplannable {
            continue;
        }
        let value = &instance.order(u.order).value;
        let charge = deferral_charge(instance, u.order);
        let drop = value.optional.then(|| value.margin());
        match (drop, charge) {
            (Some(d), Some(c)) if c.objective_cost(instance) > d => {
                u.decision = Decision::Dropped;
                u.reason = format!("optional and cannot be made: {}", u.reason);
            }
            (_, Some(c)) => {
                u.decision = Decision::Deferred;
                u.reason = format!(
                    "deferred beyond the horizon end, as it cannot be made before (deferring costs {}): {}",
                    describe_deferral(instance, &c),
                    u.reason
                );
            }
            (Some(_), None) => {
                u.decision = Decision::Dropped;
                u.reason = format!("optional and cannot be made: {}", u.reason);
            }
            (None, None) => {}
        }
    }
}
