//! Order-by-order insertion: orders in a rule's sequence, each placed whole at the plant where it adds
//! the least cost (earliest finish per step, gap insertion), or left unplanned with the reason.

use super::planner::Planner;
use super::priority::{OrderRule, order_sequence};
use crate::model::OrderId;

/// Plans every order by insertion in the sequence `rule` gives.
pub(super) fn insert_orders(p: &mut Planner<'_>, rule: OrderRule) {
    let sequence = order_sequence(p.instance, p.facts, rule);
    insert_in_sequence(p, &sequence);
}

/// Plans every order by insertion: first the orders in `first`, then the others in the sequence
/// `rule` gives. Used to retry orders another order's placement starved of material or capacity.
pub(super) fn insert_orders_first(p: &mut Planner<'_>, first: &[OrderId], rule: OrderRule) {
    let rest = order_sequence(p.instance, p.facts, rule);
    let sequence: Vec<OrderId> = first
        .iter()
        .copied()
        .chain(rest.into_iter().filter(|o| !first.contains(o)))
        .collect();
    insert_in_sequence(p, &sequence);
}

fn insert_in_sequence(p: &mut Planner<'_>, sequence: &[OrderId]) {
    for &order in sequence {
        let plan = p.instance.order_plan(order);
        if plan.ops.is_empty() {
            continue;
        }
        p.insert_order(order);
    }
}
