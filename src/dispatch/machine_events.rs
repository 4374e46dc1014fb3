//! Machine-event list scheduling: a simulation in which each machine, whenever it could take new
//! work, picks the most urgent operation that is ready by then, and places it on the eligible machine
//! where it completes first.
//!
//! Every machine keeps its waiting operations in two heaps: by ready time, and once ready by urgency.
//! When the most urgent ready operation cannot start at the decision time (machine, power or
//! material not free yet), the decision looks at a few more (`lookahead`) and, like Giffler-Thompson,
//! takes the most urgent one that can start before any of them could complete.
//! Each decision costs a few timetable queries whatever the backlog, so the run stays near-linear
//! even with tens of thousands of orders waiting at once.

use super::planner::Planner;
use super::priority::{OpRule, Urgency};
use super::progress::Progress;
use crate::model::{MachineId, Minutes, OpId};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

struct Queues {
    /// `(time, machine)`: the machine decides again at that time (valid when it is `next_event`).
    events: BinaryHeap<Reverse<(Minutes, u32)>>,
    next_event: Vec<Option<Minutes>>,
    /// Time of each machine's last decision.
    clock: Vec<Minutes>,
    /// Per machine: `(ready time, op)` of operations not yet ready at the machine's clock.
    pending: Vec<BinaryHeap<Reverse<(Minutes, u32)>>>,
    /// Per machine: `(urgency, op)` of ready operations.
    ready: Vec<BinaryHeap<Reverse<(Urgency, u32)>>>,
}

impl Queues {
    /// Makes `machine` decide again at `time` (or at its clock, if later), unless it already will
    /// decide earlier.
    fn wake(&mut self, machine: MachineId, time: Minutes) {
        let m = machine.index();
        let t = time.max(self.clock[m]);
        if self.next_event[m].is_none_or(|e| t < e) {
            self.next_event[m] = Some(t);
            self.events.push(Reverse((t, machine.0)));
        }
    }
}

/// Places every order by machine-event list scheduling under `rule`, looking at up to `lookahead`
/// ready operations per decision.
pub(super) fn schedule(p: &mut Planner<'_>, rule: OpRule, lookahead: usize) {
    let machines = p.instance.machines().len();
    let (mut progress, first) = Progress::new(p, rule);
    let mut q = Queues {
        events: BinaryHeap::new(),
        next_event: vec![None; machines],
        clock: vec![Minutes::MIN; machines],
        pending: vec![BinaryHeap::new(); machines],
        ready: vec![BinaryHeap::new(); machines],
    };
    for op in first {
        enqueue(p, &progress, &mut q, op);
    }
    let lookahead = lookahead.max(1);
    let mut candidates: Vec<(OpId, Urgency, (Minutes, MachineId, Minutes))> = Vec::new();
    while let Some(Reverse((t, m))) = q.events.pop() {
        let machine = MachineId(m);
        let mi = machine.index();
        if q.next_event[mi] != Some(t) {
            continue;
        }
        q.next_event[mi] = None;
        q.clock[mi] = t;
        while let Some(&Reverse((ready, o))) = q.pending[mi].peek() {
            if ready > t {
                break;
            }
            q.pending[mi].pop();
            if progress.is_next(p, OpId(o)) {
                q.ready[mi].push(Reverse((progress.urgency[o as usize], o)));
            }
        }
        candidates.clear();
        while candidates.len() < lookahead {
            let Some(Reverse((urgency, o))) = q.ready[mi].pop() else {
                break;
            };
            let op = OpId(o);
            let order = p.instance.op(op).order;
            if !progress.is_next(p, op) || !progress.usable(p, order, machine) {
                continue;
            }
            match progress.earliest_completion(p, op) {
                Some(best) => {
                    candidates.push((op, urgency, best));
                    // The most urgent operation can start right away: nothing to look ahead for.
                    if candidates.len() == 1 && best.2 <= t {
                        break;
                    }
                }
                None => progress.give_up_blocked(p, order),
            }
        }
        if candidates.is_empty() {
            if let Some(&Reverse((ready, _))) = q.pending[mi].peek() {
                q.wake(machine, ready);
            }
            continue;
        }
        // The most urgent candidate that can start before any candidate could complete.
        let soonest = candidates
            .iter()
            .map(|c| c.2.0)
            .min()
            .unwrap_or(Minutes::MAX);
        let pick = candidates
            .iter()
            .position(|c| c.2.2 < soonest)
            .or_else(|| candidates.iter().position(|c| c.2.0 == soonest))
            .unwrap_or(0);
        for (k, &(op, urgency, _)) in candidates.iter().enumerate() {
            if k != pick {
                q.ready[mi].push(Reverse((urgency, op.0)));
            }
        }
        let (op, _, (_, target, start)) = candidates[pick];
        // Before an order that may be left out starts: leave it out now when that pays, so that
        // no operation of it takes time others could use.
        let order = p.instance.op(op).order;
        if op == p.instance.order_plan(order).first_op()
            && let Some(left) = p.trial_leave_out(order)
        {
            progress.leave_out(p, left);
            q.wake(machine, t);
            continue;
        }
        match p.tt.place(op, target, start) {
            Ok(placed) => {
                if let Some(next) = progress.advance(p, op, target, placed.end) {
                    enqueue(p, &progress, &mut q, next);
                }
                q.wake(machine, if target == machine { placed.end } else { t });
            }
            Err(_) => {
                // Cannot happen (the start was just computed); the order is re-inserted at the end.
                debug_assert!(false, "placing at a computed earliest start failed");
                progress.defer(p, p.instance.op(op).order);
                q.wake(machine, t);
            }
        }
    }
    progress.finish(p);
}

/// Queues `op` (the next of its order) at every machine that may take it.
fn enqueue(p: &Planner<'_>, progress: &Progress, q: &mut Queues, op: OpId) {
    let operation = p.instance.op(op);
    let order = operation.order;
    let ready = progress.ready[order.index()];
    let mut queued = false;
    for option in operation.options.iter().filter(|o| o.mode.is_nominal()) {
        if progress.usable(p, order, option.machine) {
            q.pending[option.machine.index()].push(Reverse((ready, op.0)));
            q.wake(option.machine, ready);
            queued = true;
        }
    }
    debug_assert!(queued, "an order's next operation has no usable machine");
}
