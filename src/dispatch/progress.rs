//! What operation-based list scheduling knows about each order while it runs: the next operation,
//! when it may start, the plant once chosen, and the plants where its material is blocked. Shared by
//! the list-scheduling variants, with the steps they have in common.

use super::planner::Planner;
use super::priority::{OpRule, Urgency, op_urgency};
use crate::model::{MachineId, Minutes, OpId, OrderId, SiteId};
use crate::solution::UnplannedOrder;
use crate::timetable::Blocked;

/// Marks an order with no operation left to place.
const DONE: u32 = u32::MAX;

/// Per-order progress of a list-scheduling run.
pub(super) struct Progress {
    /// Next operation to place per order, or [`DONE`].
    next: Vec<u32>,
    /// Earliest start allowed by release, routing and lags for the next operation.
    pub ready: Vec<Minutes>,
    /// The plant once the first operation is placed.
    plant: Vec<Option<SiteId>>,
    /// Plants where the order's first operation turned out to be blocked.
    blocked: Vec<Vec<(SiteId, Blocked)>>,
    /// Urgency of every operation under the rule: smaller first.
    pub urgency: Vec<Urgency>,
    /// Orders taken out of the run, to be inserted whole at the end.
    deferred: Vec<OrderId>,
}

impl Progress {
    /// Nothing placed yet; returns the first operation of every order that has one, in order id
    /// order, each marked as its order's next.
    pub fn new(p: &Planner<'_>, rule: OpRule) -> (Self, Vec<OpId>) {
        let instance = p.instance;
        let orders = instance.orders().len();
        let mut progress = Self {
            next: vec![DONE; orders],
            ready: vec![0; orders],
            plant: vec![None; orders],
            blocked: vec![Vec::new(); orders],
            urgency: instance
                .op_ids()
                .map(|op| op_urgency(instance, p.facts, rule, op))
                .collect(),
            deferred: Vec::new(),
        };
        let mut first = Vec::with_capacity(orders);
        for order in instance.order_ids() {
            let plan = instance.order_plan(order);
            if plan.ops.is_empty() || plan.plants.is_empty() {
                continue;
            }
            progress.ready[order.index()] = instance.order(order).release;
            progress.next[order.index()] = plan.first_op().0;
            first.push(plan.first_op());
        }
        (progress, first)
    }

    /// True when `op` is the next operation its order waits to place.
    pub fn is_next(&self, p: &Planner<'_>, op: OpId) -> bool {
        self.next[p.instance.op(op).order.index()] == op.0
    }

    /// True when `machine` may still take the order's next operation: at the order's plant, and not
    /// at a plant where its material is blocked.
    pub fn usable(&self, p: &Planner<'_>, order: OrderId, machine: MachineId) -> bool {
        let site = p.instance.machine(machine).site;
        self.plant[order.index()].is_none_or(|plant| plant == site)
            && !self.blocked[order.index()].iter().any(|(b, _)| *b == site)
    }

    /// Remembers that `op`'s order is blocked on `machine`'s site.
    pub fn block(&mut self, p: &Planner<'_>, op: OpId, machine: MachineId, blocked: Blocked) {
        let order = p.instance.op(op).order;
        let site = p.instance.machine(machine).site;
        self.blocked[order.index()].push((site, blocked));
    }

    /// `(completion, machine, start)` of the earliest completion of `op` over its usable machines
    /// (ties: earlier start, then lower machine id), or `None` when every one is blocked. Blocks
    /// found are remembered per plant.
    pub fn earliest_completion(
        &mut self,
        p: &Planner<'_>,
        op: OpId,
    ) -> Option<(Minutes, MachineId, Minutes)> {
        let operation = p.instance.op(op);
        let order = operation.order;
        let ready = self.ready[order.index()];
        let mut best: Option<(Minutes, MachineId, Minutes)> = None;
        // Nominal modes only: the energy shift and the searches choose other modes.
        for option in operation.options.iter().filter(|o| o.mode.is_nominal()) {
            if !self.usable(p, order, option.machine) {
                continue;
            }
            match p.tt.earliest_start(op, option.machine, ready) {
                Ok(start) => {
                    let end = start + option.duration;
                    if best.is_none_or(|(e, _, s)| (end, start) < (e, s)) {
                        best = Some((end, option.machine, start));
                    }
                }
                Err(b) => self.block(p, op, option.machine, b),
            }
        }
        best
    }

    /// After `op` was placed on `machine` ending at `end`: fixes the plant and returns the order's
    /// next operation (now marked next, with its ready time), if any.
    pub fn advance(
        &mut self,
        p: &mut Planner<'_>,
        op: OpId,
        machine: MachineId,
        end: Minutes,
    ) -> Option<OpId> {
        let instance = p.instance;
        let order = instance.op(op).order;
        p.makespan = p.makespan.max(end);
        if self.plant[order.index()].is_none() {
            self.plant[order.index()] = Some(instance.machine(machine).site);
        }
        if op == instance.order_plan(order).last_op() {
            self.next[order.index()] = DONE;
            return None;
        }
        let next = OpId(op.0 + 1);
        self.ready[order.index()] = end + instance.op(next).min_lag;
        self.next[order.index()] = next.0;
        Some(next)
    }

    /// Every usable machine of the order's next operation is blocked (only a first operation can
    /// be, so nothing of the order is placed): records the order as unplanned with the reason.
    pub fn give_up_blocked(&mut self, p: &mut Planner<'_>, order: OrderId) {
        self.next[order.index()] = DONE;
        for op in p.instance.order_plan(order).op_ids() {
            p.tt.unplace(op);
        }
        let mut blocks = std::mem::take(&mut self.blocked[order.index()]);
        blocks.sort_by_key(|(site, _)| *site);
        blocks.dedup_by_key(|(site, _)| *site);
        let reason = super::unplanned::explain(p.instance, order, &blocks, &[]);
        p.unplanned.push(UnplannedOrder {
            decision: Default::default(),
            order,
            reason,
        });
    }

    /// Leaves an order out of the plan by choice, before any of its operations is placed
    /// ([`Planner::trial_leave_out`]): it is done, and listed with its decision.
    pub fn leave_out(&mut self, p: &mut Planner<'_>, left: UnplannedOrder) {
        self.next[left.order.index()] = DONE;
        p.unplanned.push(left);
    }

    /// Takes an order out of the run (after a placement unexpectedly failed): its operations are
    /// removed and the whole order is inserted again when the run ends.
    pub fn defer(&mut self, p: &mut Planner<'_>, order: OrderId) {
        self.next[order.index()] = DONE;
        for op in p.instance.order_plan(order).op_ids() {
            p.tt.unplace(op);
        }
        self.deferred.push(order);
    }

    /// Ends the run: deferred orders and orders left half-placed (a bug, never expected) are
    /// re-inserted whole, then
    /// orders that miss their hard deadline are taken out and re-inserted, most urgent first, at the
    /// plant with the cheapest feasible placement (or recorded as unplanned).
    pub fn finish(self, p: &mut Planner<'_>) {
        let instance = p.instance;
        for &order in &self.deferred {
            p.insert_order(order);
        }
        for order in instance.order_ids() {
            if self.next[order.index()] != DONE {
                debug_assert!(false, "order {order} left half-placed by list scheduling");
                for op in instance.order_plan(order).op_ids() {
                    p.tt.unplace(op);
                }
                p.insert_order(order);
            }
        }
        let mut missed: Vec<(Minutes, OrderId)> = Vec::new();
        for order in instance.order_ids() {
            let o = instance.order(order);
            let Some(deadline) = o.deadline else {
                continue;
            };
            let plan = instance.order_plan(order);
            if plan.ops.is_empty() {
                continue;
            }
            let (Some(first), Some(last)) = (
                p.tt.placement(plan.first_op()),
                p.tt.placement(plan.last_op()),
            ) else {
                continue;
            };
            let site = instance.machine(first.machine).site;
            let arrival = instance
                .shipping(order, site, last.end)
                .map_or(last.end, |(_, _, arrive)| arrive);
            if arrival > deadline {
                for op in plan.op_ids() {
                    p.tt.unplace(op);
                }
                missed.push((deadline, order));
            }
        }
        missed.sort();
        for (_, order) in missed {
            p.insert_order(order);
        }
    }
}
