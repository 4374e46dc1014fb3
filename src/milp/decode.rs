//! Reads a plan back from variable values: the machine whose indicator is set, the start rounded
//! to the minute, the chosen route with departure at completion, and the chosen transfers of
//! material arriving as the first step starts.

use super::families::OpTerms;
use super::families::choice::Choices;
use super::families::material::Pull;
use super::families::shipping::Shipping;
use super::model::Values;
use crate::model::{Instance, Minutes, QUANTITY_EPS};
use crate::solution::{
    Decision, Schedule, ScheduledOp, Shipment, UnplannedOrder, planned_shipments,
};

/// The plan encoded by `values`.
pub(crate) fn decode(
    instance: &Instance,
    ops: &OpTerms,
    ship: &[Shipping],
    choices: &Choices,
    pulls: &[Pull],
    values: &Values,
) -> Schedule {
    let mut schedule = Schedule::default();
    // Orders the model left out (made = 0): no operations, no shipment, listed with the decision.
    let mut out = vec![false; instance.orders().len()];
    for (order, choice) in instance.order_ids().zip(choices) {
        let Some(c) = choice else { continue };
        if values.eval(&c.made.into()) >= 0.5 {
            continue;
        }
        out[order.index()] = true;
        let deferred = c.deferred.is_some_and(|f| values.eval(&f.into()) >= 0.5);
        let o = instance.order(order);
        let (decision, reason) = if deferred {
            (
                Decision::Deferred,
                format!(
                    "order '{}' deferred beyond the horizon end by the MILP: deferring it (the \
                     deferral cost and what making it later costs) costs less than making it in \
                     any plan within the horizon",
                    o.name
                ),
            )
        } else {
            (
                Decision::Dropped,
                format!(
                    "order '{}' not worth making: the MILP found no plan in which its margin {} \
                     pays for what making it costs",
                    o.name,
                    crate::dispatch::worth::money(o.value.margin())
                ),
            )
        };
        schedule.unplanned.push(UnplannedOrder {
            order,
            reason,
            decision,
        });
    }
    for op in instance.op_ids() {
        if out[instance.op(op).order.index()] {
            continue;
        }
        let chosen = ops.on[op.index()].iter().max_by(|a, b| {
            values
                .eval(&a.chosen)
                .total_cmp(&values.eval(&b.chosen))
                .then(b.machine.cmp(&a.machine))
                .then(b.mode.cmp(&a.mode))
        });
        let Some(on) = chosen else { continue };
        let start = values.eval(&ops.start[op.index()]).round() as i64;
        schedule.ops.push(ScheduledOp {
            op,
            machine: on.machine,
            start,
            end: start + on.duration,
            mode: on.mode,
        });
    }
    let placed = schedule.by_op(instance);
    for order in instance.order_ids() {
        if out[order.index()] {
            continue;
        }
        let routes = &ship[order.index()].routes;
        let chosen = routes.iter().max_by(|a, b| {
            values
                .eval(&a.chosen)
                .total_cmp(&values.eval(&b.chosen))
                .then(b.route.transit.cmp(&a.route.transit))
        });
        let Some(chosen) = chosen else { continue };
        let Some(last) = placed[instance.order_plan(order).last_op().index()] else {
            continue;
        };
        // On a windowed route the model's departure (never before the completion), else at once.
        let depart = chosen.depart.map_or(last.end, |d| {
            (values.eval(&d.into()).round() as Minutes).max(last.end)
        });
        let lanes = chosen.route.lanes.clone();
        let arrive = instance
            .lane_timing()
            .travel(instance.lanes(), &lanes, depart);
        schedule.shipments.push(Shipment {
            order,
            lanes,
            depart,
            arrive,
        });
    }
    // Transfers the model chose: the material leaves its transit before the first step starts.
    for pull in pulls {
        // The share of the order's quantity pulled along this route (solver noise near 0 and 1
        // snapped off).
        let share = values.eval(&pull.chosen).clamp(0.0, 1.0);
        let share = if share > 1.0 - 1e-7 { 1.0 } else { share };
        let quantity = pull.quantity * share;
        if out[pull.order.index()] || quantity <= QUANTITY_EPS {
            continue;
        }
        let Some(first) = placed[instance.order_plan(pull.order).first_op().index()] else {
            continue;
        };
        if instance.machine(first.machine).site != pull.plant {
            continue;
        }
        // The latest departure that arrives by the start (lane windows included); the model
        // only draws levels from which one exists, and the checker judges the result either way.
        let (lanes, timing) = (&pull.route.route.lanes, instance.lane_timing());
        let (depart, arrive) = timing
            .latest_departure(instance.lanes(), lanes, first.start, 0)
            .map_or_else(
                || timing.best_departure(instance.lanes(), lanes, 0),
                |depart| (depart, first.start),
            );
        schedule.transfers.extend(planned_shipments(
            pull.order,
            pull.material,
            pull.plant,
            quantity,
            &pull.route,
            depart,
            arrive,
        ));
    }
    schedule.normalize();
    schedule
}
