//! How the high-priority orders fare in a plan: how many there are, how many arrive late, their
//! weighted tardiness and how many the plan leaves out.

use super::{OrderOutcome, Schedule};
use crate::model::{Instance, Priority};
use serde::{Deserialize, Serialize};

/// KPIs of the orders of priority class [`Priority::High`] (`priority,high` in `orders.csv`). All 0
/// when the instance has no such order. Flattened into [`super::Kpis`], hence into `kpis.json` and
/// the `--json` outcome; fields missing in an older `kpis.json` read as 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PriorityKpis {
    /// High-priority orders in the instance (planned or not).
    pub high_priority_orders: usize,
    /// High-priority orders the plan makes that arrive after their due time.
    pub high_priority_late: usize,
    /// Their weighted tardiness: sum of `weight x minutes late at arrival` over the high-priority
    /// orders the plan makes (part of [`super::Kpis::total_weighted_tardiness`]).
    pub high_priority_weighted_tardiness: f64,
    /// High-priority orders without operations in the plan, whatever the reason: could not be
    /// planned, dropped or deferred (each also counted where [`super::Kpis`] counts it).
    pub high_priority_left_out: usize,
}

/// The high-priority KPIs of `schedule`, given the outcomes of its planned orders
/// ([`super::order_outcomes`]).
pub fn priority_kpis(
    instance: &Instance,
    schedule: &Schedule,
    outcomes: &[OrderOutcome],
) -> PriorityKpis {
    let high = |order: crate::model::OrderId| {
        instance
            .orders()
            .get(order.index())
            .is_some_and(|o| o.value.priority == Priority::High)
    };
    let late: Vec<&OrderOutcome> = outcomes
        .iter()
        .filter(|o| o.tardiness > 0 && high(o.order))
        .collect();
    let mut left_out: Vec<_> = schedule
        .unplanned
        .iter()
        .map(|u| u.order)
        .filter(|&o| high(o))
        .collect();
    left_out.sort_unstable();
    left_out.dedup();
    PriorityKpis {
        high_priority_orders: instance.order_ids().filter(|&o| high(o)).count(),
        high_priority_late: late.len(),
        // fold from +0.0: an empty f64 sum is -0.0, which prints as "-0".
        high_priority_weighted_tardiness: late
            .iter()
            .map(|o| o.weighted_tardiness)
            .fold(0.0, |a, b| a + b),
        high_priority_left_out: left_out.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, MachineId, ModeId, OpId, Order, Product, Site};
    use crate::solution::{Decision, ScheduledOp, UnplannedOrder, order_outcomes};

    /// One machine; orders (name, priority, due, weight), each one 10-minute step.
    fn instance(orders: &[(&str, Priority, i64, f64)]) -> Instance {
        let mut b = InstanceBuilder::new("prio");
        let site = b.add_site(Site::new("A"));
        let m = b.add_machine(Machine::new("M", site));
        let p = b.add_product(Product::on_one_machine("P", m, 10));
        for &(name, priority, due, weight) in orders {
            let mut o = Order::new(name, p, 1);
            o.due = Some(due);
            o.weight = weight;
            o.value.priority = priority;
            b.add_order(o);
        }
        b.build().unwrap()
    }

    /// A plan placing `(op, start)` pairs on the one machine; every other order is unplanned.
    fn on_machine(inst: &Instance, starts: &[(u32, i64)]) -> Schedule {
        let ops: Vec<ScheduledOp> = starts
            .iter()
            .map(|&(op, start)| ScheduledOp {
                op: OpId(op),
                machine: MachineId(0),
                start,
                end: start + 10,
                mode: ModeId::NOMINAL,
            })
            .collect();
        let unplanned = inst
            .order_ids()
            .filter(|&o| !ops.iter().any(|s| s.op == inst.order_plan(o).first_op()))
            .map(|order| UnplannedOrder {
                order,
                reason: "no room".into(),
                decision: Decision::Unplannable,
            })
            .collect();
        Schedule {
            ops,
            unplanned,
            ..Schedule::default()
        }
    }

    #[test]
    fn counts_late_and_left_out_high_priority_orders_only() {
        use Priority::*;
        let inst = instance(&[
            ("H-late", High, 10, 2.0),
            ("H-ok", High, 100, 1.0),
            ("N-late", Normal, 10, 5.0),
            ("L-late", Low, 10, 1.0),
            ("H-out", High, 10, 1.0),
        ]);
        // H-late ends at 30 (20 late, weight 2), H-ok at 40, N-late at 20, L-late at 50; H-out unplanned.
        let plan = on_machine(&inst, &[(0, 20), (1, 30), (2, 10), (3, 40)]);
        let k = priority_kpis(&inst, &plan, &order_outcomes(&inst, &plan));
        assert_eq!(
            k,
            PriorityKpis {
                high_priority_orders: 3,
                high_priority_late: 1,
                high_priority_weighted_tardiness: 40.0,
                high_priority_left_out: 1,
            }
        );
    }

    #[test]
    fn all_zero_without_high_priority_orders() {
        let inst = instance(&[
            ("a", Priority::Normal, 0, 1.0),
            ("b", Priority::Low, 0, 1.0),
        ]);
        let plan = on_machine(&inst, &[(0, 0)]);
        let k = priority_kpis(&inst, &plan, &order_outcomes(&inst, &plan));
        assert_eq!(k, PriorityKpis::default());
        assert!(k.high_priority_weighted_tardiness.is_sign_positive());
    }
}
