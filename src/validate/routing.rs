//! Routing rules: step k+1 of an order starts no earlier than step k's end plus step k+1's minimum
//! lag (from the product's routing), and no operation starts before its order's release.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::solution::ScheduledOp;

/// Checks step precedence with lags and release times.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    for order_id in plan.instance.order_ids() {
        let order = plan.instance.order(order_id);
        let steps = &plan.instance.product(order.product).steps;
        let mut previous: Option<(usize, &ScheduledOp)> = None;
        for (step, s) in plan.order_placements(order_id) {
            if s.start < order.release {
                let msg = format!(
                    "{} starts at {} but the order is released at {}",
                    plan.op_label(s.op),
                    s.start,
                    order.release
                );
                out.push(
                    Violation::new(ViolationCode::BeforeRelease, msg)
                        .orders([order_id])
                        .ops([s.op])
                        .machines([s.machine])
                        .at(s.start),
                );
            }
            // Only consecutive steps are compared; a missing step is reported on its own.
            if let Some((prev_step, prev)) = previous
                && prev_step + 1 == step
            {
                let lag = steps[step].min_lag;
                let earliest = i128::from(prev.end) + i128::from(lag);
                if i128::from(s.start) < earliest {
                    let msg = format!(
                        "order '{}' step {} starts at {} but step {} ends at {} and needs a lag of {} (earliest {})",
                        order.name,
                        step + 1,
                        s.start,
                        prev_step + 1,
                        prev.end,
                        lag,
                        earliest
                    );
                    out.push(
                        Violation::new(ViolationCode::RoutingOrder, msg)
                            .orders([order_id])
                            .ops([prev.op, s.op])
                            .machines([prev.machine, s.machine])
                            .at(s.start),
                    );
                }
            }
            previous = Some((step, s));
        }
    }
}
