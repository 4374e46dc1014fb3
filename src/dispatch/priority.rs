//! Static facts about orders and operations that dispatching rules rank by, and the rankings.
//!
//! The priority class of an order ([`Priority`], `priority` in `orders.csv`) only breaks ties: when
//! two orders (operations) are equal on the rule's first key, the higher class goes first (high,
//! then normal, then low), before the rule's second key and the id. A class never overrides a
//! difference in the rule's keys, so instances whose orders all have the same class (all `normal`
//! when no priority is given) are ranked exactly as without classes.

use crate::model::{Instance, Minutes, OpId, OrderId, Priority};

/// Per-operation and per-order figures computed once per instance.
#[derive(Clone, Debug)]
pub(super) struct Facts {
    /// For every operation: its shortest duration plus the shortest lags and durations of the
    /// order's later steps (the least work left from this operation on).
    pub tail: Vec<Minutes>,
    /// For every order: the shortest transit from any of its plants to its customer (0 without one).
    pub fastest_transit: Vec<Minutes>,
}

impl Facts {
    pub fn new(instance: &Instance) -> Self {
        let mut tail = vec![0; instance.ops().len()];
        let mut fastest_transit = vec![0; instance.orders().len()];
        for order in instance.order_ids() {
            let plan = instance.order_plan(order);
            let mut after: Minutes = 0;
            for op in plan.op_ids().rev() {
                let operation = instance.op(op);
                tail[op.index()] = operation.min_duration() + after;
                after = tail[op.index()] + operation.min_lag;
            }
            fastest_transit[order.index()] = plan
                .plants
                .iter()
                .filter_map(|p| p.fastest().map(|r| r.transit))
                .min()
                .unwrap_or(0);
        }
        Self {
            tail,
            fastest_transit,
        }
    }

    /// Least work of the whole order (its first operation's tail); 0 for an order without steps.
    pub fn work(&self, instance: &Instance, order: OrderId) -> Minutes {
        let plan = instance.order_plan(order);
        if plan.ops.is_empty() {
            0
        } else {
            self.tail[plan.first_op().index()]
        }
    }

    /// Latest start of `op` that still lets the order arrive by `target` if nothing waits.
    pub fn latest_start(&self, order: OrderId, op: OpId, target: Minutes) -> Minutes {
        target - self.fastest_transit[order.index()] - self.tail[op.index()]
    }
}

/// How orders are sequenced for order-by-order insertion. Orders with a hard deadline always come
/// first, by deadline. Ties on the rule's first key go to the higher priority class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum OrderRule {
    /// Smallest slack first: due minus fastest transit minus least work.
    Slack,
    /// Earliest due date first.
    DueDate,
    /// Apparent tardiness cost (static): weight per minute of work, discounted by slack.
    Atc,
}

/// The sequence in which order-by-order insertion plans the orders.
pub(super) fn order_sequence(instance: &Instance, facts: &Facts, rule: OrderRule) -> Vec<OrderId> {
    let mut ids: Vec<OrderId> = instance.order_ids().collect();
    let orders = instance.orders();
    let mean_work = {
        let total: Minutes = ids.iter().map(|&o| facts.work(instance, o)).sum();
        (total as f64 / ids.len().max(1) as f64).max(1.0)
    };
    // Keys: (class, primary, secondary) ascending; ties of the primary key by priority class,
    // then by the secondary key, then by order id.
    let key = |id: OrderId| -> (u8, f64, f64) {
        let order = &orders[id.index()];
        let work = facts.work(instance, id);
        if let Some(deadline) = order.deadline {
            let slack = deadline - facts.fastest_transit[id.index()] - work;
            return (0, deadline as f64, slack as f64);
        }
        let Some(due) = order.due else {
            // Without a due date: by release, most work first.
            return (2, order.release as f64, -(work as f64));
        };
        let slack = due - facts.fastest_transit[id.index()] - work;
        match rule {
            OrderRule::Slack => (1, slack as f64, due as f64),
            OrderRule::DueDate => (1, due as f64, slack as f64),
            OrderRule::Atc => {
                let w = work.max(1) as f64;
                let slack_from_release = (slack - order.release).max(0) as f64;
                let index = order.weight / w * (-slack_from_release / (2.0 * mean_work)).exp();
                (1, -index, due as f64)
            }
        }
    };
    let priority = |id: OrderId| orders[id.index()].value.priority;
    let mut keyed: Vec<((u8, f64, f64), OrderId)> = ids.iter().map(|&id| (key(id), id)).collect();
    keyed.sort_by(|a, b| {
        a.0.0
            .cmp(&b.0.0)
            .then(a.0.1.total_cmp(&b.0.1))
            .then(priority(a.1).cmp(&priority(b.1)))
            .then(a.0.2.total_cmp(&b.0.2))
            .then(a.1.cmp(&b.1))
    });
    ids.clear();
    ids.extend(keyed.into_iter().map(|(_, id)| id));
    ids
}

/// How list scheduling picks among operations competing for a machine. Operations of orders with a
/// hard deadline always win, by their latest start. Ties on the rule's key go to the order's higher
/// priority class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum OpRule {
    /// Most work remaining in the order, this operation included.
    MostWorkRemaining,
    /// Most work remaining in the order after this operation.
    MostWorkAfter,
    /// Most operations remaining in the order, then most work remaining.
    MostOperationsRemaining,
    /// Smallest slack: latest start to arrive by the due date; orders without due date last, by work.
    MinSlack,
}

/// Urgency of an operation: `(class, key, the order's priority class, tie-break)`, smaller is more
/// urgent ([`Priority::High`] is the smallest class).
pub(super) type Urgency = (u8, Minutes, Priority, Minutes);

/// Urgency of an operation under a rule.
pub(super) fn op_urgency(instance: &Instance, facts: &Facts, rule: OpRule, op: OpId) -> Urgency {
    let order_id = instance.op(op).order;
    let order = instance.order(order_id);
    let tail = facts.tail[op.index()];
    let priority = order.value.priority;
    if let Some(deadline) = order.deadline {
        return (
            0,
            facts.latest_start(order_id, op, deadline),
            priority,
            -tail,
        );
    }
    let work_after = tail - instance.op(op).min_duration();
    match (rule, order.due) {
        (OpRule::MinSlack, Some(due)) => {
            let latest = facts.latest_start(order_id, op, due);
            (1, latest, priority, -tail)
        }
        (OpRule::MostWorkAfter, _) => (2, -work_after, priority, -tail),
        (OpRule::MostOperationsRemaining, _) => {
            let left = Minutes::from(instance.order_plan(order_id).ops.end - op.0);
            (2, -left, priority, -tail)
        }
        (OpRule::MostWorkRemaining | OpRule::MinSlack, _) => (2, -tail, priority, -work_after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};

    /// Orders (name, minutes of work, due, deadline) on one machine, all of class normal.
    fn instance(orders: &[(&str, i64, Option<i64>, Option<i64>)]) -> Instance {
        let normal: Vec<_> = orders
            .iter()
            .map(|&(n, w, d, h)| (n, w, d, h, Priority::Normal))
            .collect();
        classed(&normal)
    }

    /// An order: name, minutes of work, due, deadline, priority class.
    type ClassedOrder<'a> = (&'a str, i64, Option<i64>, Option<i64>, Priority);

    /// Orders on one machine.
    fn classed(orders: &[ClassedOrder<'_>]) -> Instance {
        let mut b = InstanceBuilder::new("priority");
        let site = b.add_site(Site::new("A"));
        let m = b.add_machine(Machine::new("M", site));
        for &(name, work, due, deadline, priority) in orders {
            let p = b.add_product(Product {
                name: name.into(),
                steps: vec![Step {
                    min_lag: 0,
                    options: vec![StepOption {
                        machine: m,
                        setup: work,
                        run_per_unit: 0.0,
                    }],
                }],
                bom: vec![],
            });
            let mut o = Order::new(name, p, 1);
            o.due = due;
            o.deadline = deadline;
            o.value.priority = priority;
            b.add_order(o);
        }
        b.build().unwrap()
    }

    fn names(inst: &Instance, rule: OrderRule) -> Vec<String> {
        let facts = Facts::new(inst);
        order_sequence(inst, &facts, rule)
            .into_iter()
            .map(|o| inst.order(o).name.clone())
            .collect()
    }

    #[test]
    fn hard_deadlines_come_first_and_orders_without_due_date_last() {
        let inst = instance(&[
            ("free", 10, None, None),
            ("due", 10, Some(100), None),
            ("hard", 10, None, Some(500)),
        ]);
        for rule in [OrderRule::Slack, OrderRule::DueDate, OrderRule::Atc] {
            assert_eq!(names(&inst, rule), ["hard", "due", "free"], "{rule:?}");
        }
    }

    #[test]
    fn slack_ranks_long_work_before_an_earlier_due_date() {
        let inst = instance(&[
            ("short", 10, Some(100), None),
            ("long", 80, Some(120), None),
        ]);
        assert_eq!(names(&inst, OrderRule::Slack), ["long", "short"]);
        assert_eq!(names(&inst, OrderRule::DueDate), ["short", "long"]);
    }

    #[test]
    fn work_remaining_counts_later_steps_and_lags() {
        let mut b = InstanceBuilder::new("tail");
        let site = b.add_site(Site::new("A"));
        let m = b.add_machine(Machine::new("M", site));
        let step = |setup, min_lag| Step {
            min_lag,
            options: vec![StepOption {
                machine: m,
                setup,
                run_per_unit: 0.0,
            }],
        };
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![step(20, 0), step(30, 5)],
            bom: vec![],
        });
        b.add_order(Order::new("O", p, 1));
        let inst = b.build().unwrap();
        let facts = Facts::new(&inst);
        assert_eq!(facts.tail, vec![55, 30]);
        let after = op_urgency(&inst, &facts, OpRule::MostWorkAfter, OpId(0));
        assert_eq!(after, (2, -35, Priority::Normal, -55));
        let ops_left = op_urgency(&inst, &facts, OpRule::MostOperationsRemaining, OpId(1));
        assert_eq!(ops_left, (2, -1, Priority::Normal, -30));
    }

    const ALL_ORDER_RULES: [OrderRule; 3] = [OrderRule::Slack, OrderRule::DueDate, OrderRule::Atc];
    const ALL_OP_RULES: [OpRule; 4] = [
        OpRule::MostWorkRemaining,
        OpRule::MostWorkAfter,
        OpRule::MostOperationsRemaining,
        OpRule::MinSlack,
    ];

    #[test]
    fn the_class_breaks_ties_high_before_normal_before_low() {
        use Priority::*;
        // Same work and due date: every rule ties on every key; the class decides, not the id.
        let inst = classed(&[
            ("low", 10, Some(100), None, Low),
            ("normal", 10, Some(100), None, Normal),
            ("high", 10, Some(100), None, High),
        ]);
        for rule in ALL_ORDER_RULES {
            assert_eq!(names(&inst, rule), ["high", "normal", "low"], "{rule:?}");
        }
        let facts = Facts::new(&inst);
        for rule in ALL_OP_RULES {
            let u: Vec<Urgency> = (0..3)
                .map(|k| op_urgency(&inst, &facts, rule, OpId(k)))
                .collect();
            assert!(u[2] < u[1] && u[1] < u[0], "{rule:?}: {u:?}");
        }
        // The same among orders with a hard deadline and among orders without a due date.
        let hard = classed(&[
            ("low", 10, None, Some(100), Low),
            ("high", 10, None, Some(100), High),
        ]);
        let free = classed(&[("low", 10, None, None, Low), ("high", 10, None, None, High)]);
        for rule in ALL_ORDER_RULES {
            assert_eq!(names(&hard, rule), ["high", "low"], "{rule:?}");
            assert_eq!(names(&free, rule), ["high", "low"], "{rule:?}");
        }
    }

    #[test]
    fn the_class_never_overrides_the_rules_first_key() {
        use Priority::*;
        let inst = classed(&[
            ("hard-low", 10, None, Some(500), Low),
            ("early-low", 10, Some(100), None, Low),
            ("late-high", 10, Some(200), None, High),
            ("free-high", 10, None, None, High),
        ]);
        for rule in ALL_ORDER_RULES {
            assert_eq!(
                names(&inst, rule),
                ["hard-low", "early-low", "late-high", "free-high"],
                "{rule:?}"
            );
        }
        let facts = Facts::new(&inst);
        let early = op_urgency(&inst, &facts, OpRule::MinSlack, OpId(1));
        let late = op_urgency(&inst, &facts, OpRule::MinSlack, OpId(2));
        assert!(early < late, "{early:?} {late:?}");
    }

    #[test]
    fn the_class_comes_before_the_rules_second_key() {
        use Priority::*;
        // Same due date; "tight" has less slack (the due-date rule's second key) but a lower class.
        let inst = classed(&[
            ("tight", 50, Some(100), None, Normal),
            ("loose", 10, Some(100), None, High),
        ]);
        assert_eq!(names(&inst, OrderRule::DueDate), ["loose", "tight"]);
    }

    #[test]
    fn one_class_for_every_order_ranks_as_without_classes() {
        // Varied orders: ties and differences on every key.
        let orders: &[(&str, i64, Option<i64>, Option<i64>)] = &[
            ("a", 10, Some(100), None),
            ("b", 30, Some(100), None),
            ("c", 10, Some(100), None),
            ("d", 20, None, None),
            ("e", 20, None, None),
            ("f", 40, Some(60), None),
            ("g", 10, None, Some(300)),
            ("h", 10, None, Some(300)),
        ];
        let normal = instance(orders);
        for class in [Priority::High, Priority::Low] {
            let same: Vec<_> = orders
                .iter()
                .map(|&(n, w, d, h)| (n, w, d, h, class))
                .collect();
            let same = classed(&same);
            for rule in ALL_ORDER_RULES {
                assert_eq!(names(&same, rule), names(&normal, rule), "{class} {rule:?}");
            }
            let (f_normal, f_same) = (Facts::new(&normal), Facts::new(&same));
            for rule in ALL_OP_RULES {
                let mut by_normal: Vec<u32> = (0..8).collect();
                let mut by_same = by_normal.clone();
                by_normal.sort_by_key(|&k| (op_urgency(&normal, &f_normal, rule, OpId(k)), k));
                by_same.sort_by_key(|&k| (op_urgency(&same, &f_same, rule, OpId(k)), k));
                assert_eq!(by_same, by_normal, "{class} {rule:?}");
            }
        }
    }
}
