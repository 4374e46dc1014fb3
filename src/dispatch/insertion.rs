//! Order-by-order insertion: orders in a rule's sequence, each placed whole at the plant where it adds
//! the least cost (earliest finish per step, gap insertion), or left unplanned with the reason.

use super::planner::Planner;
use super::priority::{OrderRule, order_sequence};

/// Plans every order by insertion in the sequence `rule` gives.
pub(super) fn insert_orders(p: &mut Planner<'_>, rule: OrderRule) {
    for order in order_sequence(p.instance, p.facts, rule) {
        let plan = p.instance.order_plan(order);
        if plan.ops.is_empty() {
            continue;
        }
        p.insert_order(order);
    }
}
