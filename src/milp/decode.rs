//! Reads a plan back from variable values: the machine whose indicator is set, the start rounded
//! to the minute, and the chosen route with departure at completion.

use super::families::OpTerms;
use super::families::shipping::Shipping;
use super::model::Values;
use crate::model::Instance;
use crate::solution::{Schedule, ScheduledOp, Shipment};

/// The plan encoded by `values`.
pub(crate) fn decode(
    instance: &Instance,
    ops: &OpTerms,
    ship: &[Shipping],
    values: &Values,
) -> Schedule {
    let mut schedule = Schedule::default();
    for op in instance.op_ids() {
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
        let routes = &ship[order.index()].routes;
        let chosen = routes.iter().max_by(|a, b| {
            values
                .eval(&a.1)
                .total_cmp(&values.eval(&b.1))
                .then(b.0.transit.cmp(&a.0.transit))
        });
        let Some((route, _)) = chosen else { continue };
        let Some(last) = placed[instance.order_plan(order).last_op().index()] else {
            continue;
        };
        schedule.shipments.push(Shipment {
            order,
            lanes: route.lanes.clone(),
            depart: last.end,
            arrive: last.end + route.transit,
        });
    }
    schedule.normalize();
    schedule
}
