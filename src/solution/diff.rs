//! What changed between the baseline plan and the re-planned one, operation by operation and order
//! by order.
//!
//! Operations are matched by order name and step. Each is
//! - **unchanged**: same machine, start and end;
//! - **shifted**: same machine and machine predecessor, another start or end (a pure time shift,
//!   including a running operation an overrun lengthens);
//! - **re-sequenced**: same machine, another predecessor on it, other times (an operation that keeps
//!   machine, start and end is unchanged even when the work before it moved away);
//! - **reassigned**: another machine;
//! - **new**: only in the new plan (rush orders, orders the baseline left unplanned);
//! - **cancelled**: only in the baseline, because its order was cancelled;
//! - **dropped**: only in the baseline, because its order could not be re-planned or, under the
//!   contribution form, is no longer worth making (see the plan's unplanned orders);
//! - **deferred**: only in the baseline, because its order is now deferred beyond the horizon end.
//!
//! The machine predecessor is taken among operations present in both plans, so inserting a rush
//! order or removing a cancelled one does not by itself re-sequence the work around it.

use super::{Decision, Kpis, Schedule, ScheduledOp, evaluate, order_outcomes};
use crate::model::{Horizon, Instance, MachineId, Minutes, OpId, OrderId, Priority};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// How one operation changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Same machine, start and end.
    Unchanged,
    /// Same machine and machine predecessor, other times.
    Shifted,
    /// Same machine, other predecessor.
    Resequenced,
    /// Other machine.
    Reassigned,
    /// Only in the new plan.
    New,
    /// Only in the baseline; its order was cancelled.
    Cancelled,
    /// Only in the baseline; its order is now unplanned (dropped by choice or not plannable).
    Dropped,
    /// Only in the baseline; its order is now deferred beyond the horizon end.
    Deferred,
}

impl Change {
    /// Every change, in report order.
    pub const ALL: [Change; 8] = [
        Change::Unchanged,
        Change::Shifted,
        Change::Resequenced,
        Change::Reassigned,
        Change::New,
        Change::Cancelled,
        Change::Dropped,
        Change::Deferred,
    ];

    /// The name in `diff.csv` and JSON, e.g. `resequenced`.
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Unchanged => "unchanged",
            Change::Shifted => "shifted",
            Change::Resequenced => "resequenced",
            Change::Reassigned => "reassigned",
            Change::New => "new",
            Change::Cancelled => "cancelled",
            Change::Dropped => "dropped",
            Change::Deferred => "deferred",
        }
    }
}

/// One operation of either plan and how it changed. Machine ids are the same in both instances
/// (events never add or remove machines); operation ids are each plan's own.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OpChange {
    /// The order's name.
    pub order: String,
    /// The routing step, 0-based.
    pub step: u32,
    /// How it changed.
    pub change: Change,
    /// True when it started before `now` (it kept machine and start).
    pub frozen: bool,
    /// Its placement in the baseline (op id of the baseline's instance).
    pub old: Option<ScheduledOp>,
    /// Its placement in the new plan (op id of the changed instance).
    pub new: Option<ScheduledOp>,
}

impl OpChange {
    /// New start minus old start, when it is in both plans.
    pub fn start_shift(&self) -> Option<Minutes> {
        Some(self.new?.start - self.old?.start)
    }
}

/// How an order stands in one plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum OrderStatus {
    /// Not in the instance (cancelled, or not yet added).
    Absent,
    /// In the instance but not planned.
    Unplanned,
    /// Planned and arriving by its due time (or without one).
    OnTime {
        /// Arrival (completion without customer).
        arrival: Minutes,
    },
    /// Planned and arriving late.
    Late {
        /// Arrival (completion without customer).
        arrival: Minutes,
        /// Minutes late.
        tardiness: Minutes,
    },
    /// An optional order left out by choice (not worth making).
    Dropped,
    /// A deferrable order moved beyond the horizon end.
    Deferred,
}

impl OrderStatus {
    fn class(self) -> u8 {
        match self {
            OrderStatus::Absent => 0,
            OrderStatus::Unplanned => 1,
            OrderStatus::OnTime { .. } => 2,
            OrderStatus::Late { .. } => 3,
            OrderStatus::Dropped => 4,
            OrderStatus::Deferred => 5,
        }
    }

    /// The status in one word: `absent`, `unplanned`, `on_time`, `late`, `dropped` or `deferred`.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Absent => "absent",
            OrderStatus::Unplanned => "unplanned",
            OrderStatus::OnTime { .. } => "on_time",
            OrderStatus::Late { .. } => "late",
            OrderStatus::Dropped => "dropped",
            OrderStatus::Deferred => "deferred",
        }
    }
}

/// An order whose status changed: became late or on time, unplanned or planned, cancelled or added.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OrderChange {
    /// The order's name.
    pub order: String,
    /// Its status in the baseline.
    pub before: OrderStatus,
    /// Its status in the new plan.
    pub after: OrderStatus,
    /// Its priority class in the changed instance (in the baseline's for a cancelled order);
    /// serialised only when not `normal`.
    #[serde(skip_serializing_if = "is_normal")]
    pub priority: Priority,
}

fn is_normal(p: &Priority) -> bool {
    *p == Priority::Normal
}

impl OrderChange {
    /// True for a high-priority order that arrives late in the new plan but did not in the
    /// baseline (it was on time, unplanned, left out by choice, or is new).
    pub fn high_priority_became_late(&self) -> bool {
        self.priority == Priority::High
            && matches!(self.after, OrderStatus::Late { .. })
            && !matches!(self.before, OrderStatus::Late { .. })
    }
}

/// Number of operations per kind of change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChangeCounts {
    /// Same machine, start and end.
    pub unchanged: usize,
    /// Pure time shifts.
    pub shifted: usize,
    /// Other predecessor on the same machine.
    pub resequenced: usize,
    /// Other machine.
    pub reassigned: usize,
    /// Only in the new plan.
    pub new: usize,
    /// Only in the baseline, order cancelled.
    pub cancelled: usize,
    /// Only in the baseline, order now unplanned (dropped by choice or not plannable).
    pub dropped: usize,
    /// Only in the baseline, order now deferred beyond the horizon end.
    pub deferred: usize,
}

impl ChangeCounts {
    fn add(&mut self, change: Change) {
        match change {
            Change::Unchanged => self.unchanged += 1,
            Change::Shifted => self.shifted += 1,
            Change::Resequenced => self.resequenced += 1,
            Change::Reassigned => self.reassigned += 1,
            Change::New => self.new += 1,
            Change::Cancelled => self.cancelled += 1,
            Change::Dropped => self.dropped += 1,
            Change::Deferred => self.deferred += 1,
        }
    }

    /// Operations in both plans.
    pub fn common(&self) -> usize {
        self.unchanged + self.shifted + self.resequenced + self.reassigned
    }

    /// Operations in both plans whose machine or start changed (shifted, re-sequenced, reassigned).
    pub fn moved(&self) -> usize {
        self.shifted + self.resequenced + self.reassigned
    }

    /// Re-sequenced or reassigned operations as a share of the operations in both plans (0 when
    /// there are none): the share people must re-order in their work lists.
    pub fn resequenced_share(&self) -> f64 {
        share(self.resequenced + self.reassigned, self.common())
    }

    /// Moved operations (time shifts included) as a share of the operations in both plans.
    pub fn moved_share(&self) -> f64 {
        share(self.moved(), self.common())
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Everything that changed between two plans.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanDiff {
    /// One entry per operation of either plan, sorted by (earliest of old and new start, order,
    /// step).
    pub ops: Vec<OpChange>,
    /// Operations per kind of change.
    pub counts: ChangeCounts,
    /// Orders whose status changed.
    pub orders: Vec<OrderChange>,
    /// KPIs of the baseline under the instance it was made for.
    pub before: Kpis,
    /// KPIs of the new plan under the changed instance.
    pub after: Kpis,
}

impl PlanDiff {
    /// Compares `old` (a plan for `old_instance`) with `new` (a plan for `new_instance`); operations
    /// that started before `horizon.now` in `old` are marked frozen.
    pub fn between(
        old_instance: &Instance,
        old: &Schedule,
        new_instance: &Instance,
        new: &Schedule,
        horizon: &Horizon,
    ) -> PlanDiff {
        Self::between_with(
            old_instance,
            old,
            new_instance,
            new,
            horizon,
            evaluate(old_instance, old),
            evaluate(new_instance, new),
        )
    }

    /// [`Self::between`] with the KPIs of both plans already known.
    pub fn between_with(
        old_instance: &Instance,
        old: &Schedule,
        new_instance: &Instance,
        new: &Schedule,
        horizon: &Horizon,
        before: Kpis,
        after: Kpis,
    ) -> PlanDiff {
        let old_ops = keyed(old_instance, old);
        let new_ops = keyed(new_instance, new);
        let old_pred = predecessors(&old_ops, &new_ops);
        let new_pred = predecessors(&new_ops, &old_ops);
        let new_names: HashMap<&str, OrderId> = names(new_instance);
        let deferred: HashSet<&str> = new
            .unplanned
            .iter()
            .filter(|u| u.decision == Decision::Deferred)
            .map(|u| new_instance.order(u.order).name.as_str())
            .collect();
        let mut keys: Vec<Key<'_>> = old_ops.keys().chain(new_ops.keys()).copied().collect();
        keys.sort_unstable();
        keys.dedup();
        let mut counts = ChangeCounts::default();
        let mut ops: Vec<OpChange> = keys
            .into_iter()
            .map(|key| {
                let old = old_ops.get(&key).copied();
                let new = new_ops.get(&key).copied();
                let change = match (old, new) {
                    (Some(o), Some(n)) if o.machine != n.machine => Change::Reassigned,
                    (Some(o), Some(n)) if o.start == n.start && o.end == n.end => Change::Unchanged,
                    (Some(_), Some(_)) if old_pred.get(&key) != new_pred.get(&key) => {
                        Change::Resequenced
                    }
                    (Some(_), Some(_)) => Change::Shifted,
                    (None, _) => Change::New,
                    (Some(_), None) if deferred.contains(key.0) => Change::Deferred,
                    (Some(_), None) if new_names.contains_key(key.0) => Change::Dropped,
                    (Some(_), None) => Change::Cancelled,
                };
                counts.add(change);
                OpChange {
                    order: key.0.to_string(),
                    step: key.1,
                    change,
                    frozen: old.is_some_and(|o| horizon.is_frozen(o.start)),
                    old,
                    new,
                }
            })
            .collect();
        ops.sort_by(|a, b| {
            let first = |c: &OpChange| [c.old, c.new].iter().flatten().map(|s| s.start).min();
            first(a)
                .cmp(&first(b))
                .then_with(|| a.order.cmp(&b.order))
                .then(a.step.cmp(&b.step))
        });
        PlanDiff {
            ops,
            counts,
            orders: order_changes(old_instance, old, new_instance, new),
            before,
            after,
        }
    }

    /// The entries that moved or appeared or disappeared (everything but unchanged).
    pub fn changed(&self) -> impl Iterator<Item = &OpChange> {
        self.ops.iter().filter(|c| c.change != Change::Unchanged)
    }

    /// The high-priority orders that became late ([`OrderChange::high_priority_became_late`]), by
    /// name.
    pub fn high_priority_became_late(&self) -> impl Iterator<Item = &OrderChange> {
        self.orders.iter().filter(|o| o.high_priority_became_late())
    }
}

/// (order name, step).
type Key<'a> = (&'a str, u32);

fn keyed<'a>(instance: &'a Instance, schedule: &Schedule) -> HashMap<Key<'a>, ScheduledOp> {
    schedule
        .ops
        .iter()
        .filter(|s| s.op.index() < instance.ops().len())
        .map(|s| {
            let op = instance.op(s.op);
            ((instance.order(op.order).name.as_str(), op.step), *s)
        })
        .collect()
}

/// For each operation in both plans, the previous such operation on its machine in `ops`.
fn predecessors<'a>(
    ops: &HashMap<Key<'a>, ScheduledOp>,
    other: &HashMap<Key<'a>, ScheduledOp>,
) -> HashMap<Key<'a>, Key<'a>> {
    let mut by_machine: Vec<(MachineId, Minutes, OpId, Key<'a>)> = ops
        .iter()
        .filter(|(key, _)| other.contains_key(*key))
        .map(|(key, s)| (s.machine, s.start, s.op, *key))
        .collect();
    by_machine.sort_unstable_by_key(|&(m, start, op, _)| (m, start, op));
    let mut pred = HashMap::with_capacity(by_machine.len());
    for pair in by_machine.windows(2) {
        if pair[0].0 == pair[1].0 {
            pred.insert(pair[1].3, pair[0].3);
        }
    }
    pred
}

fn names(instance: &Instance) -> HashMap<&str, OrderId> {
    instance
        .order_ids()
        .map(|o| (instance.order(o).name.as_str(), o))
        .collect()
}

fn statuses<'a>(instance: &'a Instance, schedule: &Schedule) -> BTreeMap<&'a str, OrderStatus> {
    let mut status: BTreeMap<&str, OrderStatus> = instance
        .orders()
        .iter()
        .map(|o| (o.name.as_str(), OrderStatus::Unplanned))
        .collect();
    for u in &schedule.unplanned {
        let chosen = match u.decision {
            super::Decision::Unplannable => continue,
            super::Decision::Dropped => OrderStatus::Dropped,
            super::Decision::Deferred => OrderStatus::Deferred,
        };
        if let Some(order) = instance.orders().get(u.order.index()) {
            status.insert(order.name.as_str(), chosen);
        }
    }
    for outcome in order_outcomes(instance, schedule) {
        let name = instance.order(outcome.order).name.as_str();
        let s = if outcome.tardiness > 0 {
            OrderStatus::Late {
                arrival: outcome.arrival,
                tardiness: outcome.tardiness,
            }
        } else {
            OrderStatus::OnTime {
                arrival: outcome.arrival,
            }
        };
        status.insert(name, s);
    }
    status
}

fn order_changes(
    old_instance: &Instance,
    old: &Schedule,
    new_instance: &Instance,
    new: &Schedule,
) -> Vec<OrderChange> {
    let before = statuses(old_instance, old);
    let after = statuses(new_instance, new);
    let (old_names, new_names) = (names(old_instance), names(new_instance));
    let priority = |name: &str| {
        let of = |instance: &Instance, id: Option<&OrderId>| {
            id.map(|&o| instance.order(o).value.priority)
        };
        of(new_instance, new_names.get(name))
            .or_else(|| of(old_instance, old_names.get(name)))
            .unwrap_or_default()
    };
    let mut names: Vec<&str> = before.keys().chain(after.keys()).copied().collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let b = before.get(name).copied().unwrap_or(OrderStatus::Absent);
            let a = after.get(name).copied().unwrap_or(OrderStatus::Absent);
            (b.class() != a.class()).then(|| OrderChange {
                order: name.to_string(),
                before: b,
                after: a,
                priority: priority(name),
            })
        })
        .collect()
}
