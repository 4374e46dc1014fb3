//! Hard deadline rule: a planned order arrives at its customer (or completes, when it has no
//! customer or shipments are not checked) no later than its deadline.
//!
//! Arrival is the order's first shipment's arrival. Without a shipment the completion (latest end
//! of its scheduled operations) is used: arrival can only be later, so a miss is certain.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::Minutes;

/// Checks every planned order with a deadline.
pub(super) fn check(plan: &Plan, check_shipments: bool, out: &mut Vec<Violation>) {
    let mut arrival_of: Vec<Option<Minutes>> = vec![None; plan.instance.orders().len()];
    if check_shipments {
        for s in &plan.schedule.shipments {
            if let Some(slot @ None) = arrival_of.get_mut(s.order.index()) {
                *slot = Some(s.arrive);
            }
        }
    }
    for order_id in plan.instance.order_ids() {
        let order = plan.instance.order(order_id);
        let Some(deadline) = order.deadline else {
            continue;
        };
        if plan.is_unplanned(order_id) {
            continue;
        }
        let Some(completion) = plan.completion(order_id) else {
            continue;
        };
        let arrival = if order.customer.is_some() {
            arrival_of[order_id.index()]
        } else {
            None
        };
        let (when, what) = match arrival {
            Some(arrive) => (arrive, "arrives at its customer"),
            None => (completion, "completes"),
        };
        if when <= deadline {
            continue;
        }
        let msg = format!(
            "order '{}' {what} at {when}, {} minutes after its deadline {deadline}",
            order.name,
            i128::from(when) - i128::from(deadline)
        );
        // Finished in time but shipped too slowly: the shipment is what breaks the deadline, so the
        // violation names no operation (readers then point at the shipment's row).
        let last_ops = plan
            .order_ops(order_id)
            .next_back()
            .filter(|&op| plan.placed(op).is_some() && completion > deadline);
        out.push(
            Violation::new(ViolationCode::DeadlineMissed, msg)
                .orders([order_id])
                .ops(last_ops)
                .at(when),
        );
    }
}
