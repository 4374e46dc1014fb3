//! What the page needs to know about a re-plan: which operations moved and from where, what was added
//! or removed, the KPIs before, the events and `now`. The re-planner fills a [`DiffView`] (or lets
//! [`DiffView::between`] derive the placement part from the old and the new plan).

use crate::model::{Instance, MachineId, Minutes, OpId};
use crate::outcome::ReplanFacts;
use crate::solution::{Change, Kpis, Schedule, ScheduledOp};
use std::collections::BTreeMap;

/// An operation that runs in the new plan at another machine or time than in the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovedOp {
    /// The operation (an id of the instance the page is rendered for).
    pub op: OpId,
    /// Its machine in the old plan.
    pub old_machine: MachineId,
    /// Its start in the old plan.
    pub old_start: Minutes,
    /// Its end in the old plan.
    pub old_end: Minutes,
    /// True when it was re-sequenced (its machine or its predecessor on the machine changed); false
    /// for a pure shift in time.
    pub resequenced: bool,
}

/// A re-plan compared with the old plan, as the page shows it.
///
/// Every id refers to the instance the page is rendered for (the instance after the events); ids it
/// does not know are skipped. All fields may be left empty.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DiffView {
    /// The re-plan time: work that started before it was frozen. Drawn as a line across the chart.
    pub now: Option<Minutes>,
    /// Operations whose machine or start changed, with their old placement. Outlined in the chart,
    /// their old positions drawn as dashed ghosts, and listed in the diff table.
    pub moved: Vec<MovedOp>,
    /// Operations in the new plan that the old plan did not have (e.g. a rush order).
    pub added: Vec<OpId>,
    /// Old placements of operations the new plan no longer has (e.g. a cancelled order).
    pub removed: Vec<ScheduledOp>,
    /// KPIs of the old plan, to show how each figure changed.
    pub old_kpis: Option<Kpis>,
    /// The events that caused the re-plan, in words (one line each).
    pub events: Vec<String>,
}

impl DiffView {
    /// The placement part of the diff between `old` and `new` (both plans of `instance`): moved,
    /// added and removed operations. An operation is re-sequenced when its machine or the operation
    /// before it on its machine changed, and shifted when only its times changed. `now`, `old_kpis`
    /// and `events` are left empty for the caller to set.
    pub fn between(instance: &Instance, old: &Schedule, new: &Schedule) -> Self {
        let old_by_op = placements(old);
        let new_by_op = placements(new);
        let old_pred = predecessors(old);
        let new_pred = predecessors(new);
        let known = |op: OpId| op.index() < instance.ops().len();
        let mut diff = DiffView::default();
        for (&op, n) in &new_by_op {
            match old_by_op.get(&op) {
                None => diff.added.push(op),
                Some(o) if (o.machine, o.start, o.end) != (n.machine, n.start, n.end) => {
                    diff.moved.push(MovedOp {
                        op,
                        old_machine: o.machine,
                        old_start: o.start,
                        old_end: o.end,
                        resequenced: o.machine != n.machine
                            || old_pred.get(&op) != new_pred.get(&op),
                    })
                }
                Some(_) => {}
            }
        }
        diff.removed = old_by_op
            .iter()
            .filter(|(op, _)| !new_by_op.contains_key(op))
            .map(|(_, s)| *s)
            .collect();
        diff.added.retain(|&op| known(op));
        diff.moved.retain(|m| known(m.op));
        diff
    }

    /// The page's view of a re-plan: every id refers to `instance`, the instance after the events.
    /// The KPIs shown as "before" are those of the published plan at the new facts (what doing
    /// nothing gives), so that a price spike is not read as the re-plan's doing.
    pub fn of_replan(instance: &Instance, facts: &ReplanFacts) -> Self {
        let mut view = DiffView {
            now: Some(facts.now),
            old_kpis: Some(facts.published.kpis.clone()),
            events: facts.events.clone(),
            ..DiffView::default()
        };
        // Removed operations have no id in the changed instance: ids past its operations keep the
        // page from naming them after another operation (it shows "operation N" instead).
        let mut unknown = u32::try_from(instance.ops().len()).unwrap_or(u32::MAX);
        for c in &facts.diff.ops {
            match (c.change, c.old, c.new) {
                (
                    Change::Shifted | Change::Resequenced | Change::Reassigned,
                    Some(old),
                    Some(new),
                ) => view.moved.push(MovedOp {
                    op: new.op,
                    old_machine: old.machine,
                    old_start: old.start,
                    old_end: old.end,
                    resequenced: c.change != Change::Shifted,
                }),
                (Change::New, _, Some(new)) => view.added.push(new.op),
                (Change::Cancelled | Change::Dropped | Change::Deferred, Some(mut old), None) => {
                    old.op = OpId(unknown);
                    unknown = unknown.saturating_add(1);
                    view.removed.push(old);
                }
                _ => {}
            }
        }
        view
    }

    /// Moved operations that were re-sequenced.
    pub fn resequenced(&self) -> usize {
        self.moved.iter().filter(|m| m.resequenced).count()
    }

    /// Moved operations indexed by operation id, for `ops` operations.
    pub(crate) fn moved_by_op(&self, ops: usize) -> Vec<Option<&MovedOp>> {
        let mut slots = vec![None; ops];
        for m in &self.moved {
            if let Some(slot) = slots.get_mut(m.op.index()) {
                *slot = Some(m);
            }
        }
        slots
    }
}

/// Each operation's placement (the last one when it appears twice).
fn placements(plan: &Schedule) -> BTreeMap<OpId, ScheduledOp> {
    plan.ops.iter().map(|s| (s.op, *s)).collect()
}

/// The operation before each operation on its machine (none for the first).
fn predecessors(plan: &Schedule) -> BTreeMap<OpId, OpId> {
    let mut by_machine: BTreeMap<MachineId, Vec<ScheduledOp>> = BTreeMap::new();
    for s in &plan.ops {
        by_machine.entry(s.machine).or_default().push(*s);
    }
    let mut pred = BTreeMap::new();
    for list in by_machine.values_mut() {
        list.sort_by_key(|s| (s.start, s.end, s.op));
        for pair in list.windows(2) {
            pred.insert(pair[1].op, pair[0].op);
        }
    }
    pred
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};

    /// Three one-step orders that can run on M0 or M1 (10 minutes each).
    fn instance() -> Instance {
        let mut b = InstanceBuilder::new("diff");
        let site = b.add_site(Site::new("S"));
        let m0 = b.add_machine(Machine::new("M0", site));
        let m1 = b.add_machine(Machine::new("M1", site));
        let option = |machine| StepOption {
            machine,
            setup: 10,
            run_per_unit: 0.0,
        };
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![option(m0), option(m1)],
            }],
            bom: vec![],
        });
        for name in ["A", "B", "C"] {
            b.add_order(Order::new(name, p, 1));
        }
        b.build().unwrap()
    }

    fn placed(op: u32, machine: u32, start: Minutes) -> ScheduledOp {
        ScheduledOp {
            op: OpId(op),
            machine: MachineId(machine),
            start,
            end: start + 10,
            mode: crate::model::ModeId::NOMINAL,
        }
    }

    #[test]
    fn a_changed_predecessor_is_a_resequence_and_a_pure_delay_a_shift() {
        let inst = instance();
        let old = Schedule {
            ops: vec![placed(0, 0, 0), placed(1, 0, 10), placed(2, 1, 0)],
            ..Schedule::default()
        };
        // Swap A and B on M0; C only starts later on M1.
        let new = Schedule {
            ops: vec![placed(1, 0, 0), placed(0, 0, 10), placed(2, 1, 5)],
            ..Schedule::default()
        };
        let d = DiffView::between(&inst, &old, &new);
        assert_eq!(d.moved.len(), 3);
        let by_op: BTreeMap<OpId, MovedOp> = d.moved.iter().map(|m| (m.op, *m)).collect();
        assert!(by_op[&OpId(0)].resequenced);
        assert!(by_op[&OpId(1)].resequenced);
        assert!(!by_op[&OpId(2)].resequenced);
        assert_eq!(by_op[&OpId(2)].old_start, 0);
        assert_eq!(d.resequenced(), 2);
    }

    #[test]
    fn operations_only_in_one_plan_are_added_or_removed() {
        let inst = instance();
        let old = Schedule {
            ops: vec![placed(0, 0, 0), placed(1, 0, 10)],
            ..Schedule::default()
        };
        let new = Schedule {
            ops: vec![placed(0, 0, 0), placed(2, 1, 0)],
            ..Schedule::default()
        };
        let d = DiffView::between(&inst, &old, &new);
        assert!(d.moved.is_empty());
        assert_eq!(d.added, vec![OpId(2)]);
        assert_eq!(d.removed, vec![placed(1, 0, 10)]);
    }
}
