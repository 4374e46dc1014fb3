//! Operation-based list scheduling: Giffler-Thompson active schedule generation on the timetable.
//!
//! Repeatedly take the ready operation that can complete first (`C*`, on machine `m*`); among the ready
//! operations that could start on `m*` before `C*`, place the most urgent one there. Ready operations
//! sit in one lazy heap by earliest completion (earliest completions only grow as the timetable fills)
//! and, once their ready time has passed `C*` (which never decreases), in a per-machine heap by urgency.
//! Every step is a few heap operations and timetable queries, so the whole run is near-linear.
//!
//! An order's plant is fixed by the machine its first operation gets. Orders that then miss a hard
//! deadline are taken out again and re-inserted order by order at the best plant, or left unplanned.

use super::planner::Planner;
use super::priority::{OpRule, op_urgency};
use crate::model::{MachineId, Minutes, OpId, OrderId, SiteId};
use crate::solution::UnplannedOrder;
use crate::timetable::Blocked;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Marks an order with no operation left to place.
const DONE: u32 = u32::MAX;

struct State {
    /// Next operation to place per order, or [`DONE`].
    next: Vec<u32>,
    /// Earliest start allowed by release, routing and lags for the next operation.
    ready: Vec<Minutes>,
    /// The plant once the first operation is placed.
    plant: Vec<Option<SiteId>>,
    /// Plants where the order's first operation turned out to be blocked.
    blocked: Vec<Vec<(SiteId, Blocked)>>,
    urgency: Vec<(u8, Minutes)>,
    /// `(earliest completion lower bound, op)`.
    by_completion: BinaryHeap<Reverse<(Minutes, u32)>>,
    /// `(earliest start lower bound on that machine, op, machine)`, waiting for `C*` to pass it.
    pending: BinaryHeap<Reverse<(Minutes, u32, u32)>>,
    /// Per machine: `(urgency class, urgency, op)` of candidates.
    by_urgency: Vec<BinaryHeap<Reverse<(u8, Minutes, u32)>>>,
}

/// Places every order by Giffler-Thompson list scheduling under `rule`.
pub(super) fn list_schedule(p: &mut Planner<'_>, rule: OpRule) {
    let instance = p.instance;
    let orders = instance.orders().len();
    let mut s = State {
        next: vec![DONE; orders],
        ready: vec![0; orders],
        plant: vec![None; orders],
        blocked: vec![Vec::new(); orders],
        urgency: instance
            .op_ids()
            .map(|op| op_urgency(instance, p.facts, rule, op))
            .collect(),
        by_completion: BinaryHeap::new(),
        pending: BinaryHeap::new(),
        by_urgency: vec![BinaryHeap::new(); instance.machines().len()],
    };
    for order in instance.order_ids() {
        let plan = instance.order_plan(order);
        if plan.ops.is_empty() || plan.plants.is_empty() {
            continue;
        }
        s.ready[order.index()] = instance.order(order).release;
        make_ready(p, &mut s, plan.first_op());
    }
    while let Some(Reverse((key, op))) = s.by_completion.pop() {
        let op = OpId(op);
        if !is_next(p, &s, op) {
            continue;
        }
        let Some((c_star, m_star, est_star)) = earliest_completion(p, &mut s, op) else {
            give_up_blocked(p, &mut s, instance.op(op).order);
            continue;
        };
        if c_star > key {
            s.by_completion.push(Reverse((c_star, op.0)));
            continue;
        }
        while let Some(&Reverse((t, o, m))) = s.pending.peek() {
            if t >= c_star {
                break;
            }
            s.pending.pop();
            if is_next(p, &s, OpId(o)) {
                let (class, u) = s.urgency[o as usize];
                s.by_urgency[m as usize].push(Reverse((class, u, o)));
            }
        }
        let (chosen, start) = pick_in_conflict(p, &mut s, op, m_star, c_star, est_star);
        if chosen != op {
            s.by_completion.push(Reverse((c_star, op.0)));
        }
        match p.tt.place(chosen, m_star, start) {
            Ok(placed) => advance(p, &mut s, chosen, placed.end, m_star),
            Err(_) => {
                // Cannot happen (the start was just computed); drop the candidate and go on.
                debug_assert!(false, "placing at a computed earliest start failed");
                s.by_completion.push(Reverse((c_star, op.0)));
            }
        }
    }
    // Every queued operation is placed or its order given up; anything else is a bug, but the plan
    // must stay complete: re-insert such an order from scratch.
    for order in instance.order_ids() {
        if s.next[order.index()] != DONE {
            debug_assert!(false, "order {order} left half-placed by list scheduling");
            for op in instance.order_plan(order).op_ids() {
                p.tt.unplace(op);
            }
            p.insert_order(order);
        }
    }
    repair_missed_deadlines(p);
}

fn is_next(p: &Planner<'_>, s: &State, op: OpId) -> bool {
    s.next[p.instance.op(op).order.index()] == op.0
}

/// True when `machine` may still take `op`: at the order's plant, and not at a plant where its
/// material is blocked.
fn usable(p: &Planner<'_>, s: &State, order: OrderId, machine: MachineId) -> bool {
    let site = p.instance.machine(machine).site;
    s.plant[order.index()].is_none_or(|plant| plant == site)
        && !s.blocked[order.index()].iter().any(|(b, _)| *b == site)
}

/// Queues `op` (the next of its order) with lower bounds from its ready time.
fn make_ready(p: &Planner<'_>, s: &mut State, op: OpId) {
    let operation = p.instance.op(op);
    let order = operation.order;
    s.next[order.index()] = op.0;
    let ready = s.ready[order.index()];
    let mut shortest = Minutes::MAX;
    for option in &operation.options {
        if usable(p, s, order, option.machine) {
            shortest = shortest.min(option.duration);
            s.pending.push(Reverse((ready, op.0, option.machine.0)));
        }
    }
    // Without a usable machine the entry still comes up, finds nothing and gives the order up.
    let bound = if shortest < Minutes::MAX {
        ready + shortest
    } else {
        ready
    };
    s.by_completion.push(Reverse((bound, op.0)));
}

/// `(completion, machine, start)` of the earliest completion of `op` over its usable machines, or
/// `None` when every one is blocked. Blocks found are remembered per plant.
fn earliest_completion(
    p: &Planner<'_>,
    s: &mut State,
    op: OpId,
) -> Option<(Minutes, MachineId, Minutes)> {
    let operation = p.instance.op(op);
    let order = operation.order;
    let ready = s.ready[order.index()];
    let mut best: Option<(Minutes, MachineId, Minutes)> = None;
    for option in &operation.options {
        if !usable(p, s, order, option.machine) {
            continue;
        }
        match p.tt.earliest_start(op, option.machine, ready) {
            Ok(start) => {
                let end = start + option.duration;
                if best.is_none_or(|(e, _, _)| end < e) {
                    best = Some((end, option.machine, start));
                }
            }
            Err(b) => {
                let site = p.instance.machine(option.machine).site;
                s.blocked[order.index()].push((site, b));
            }
        }
    }
    best
}

/// The most urgent operation that can start on `m_star` before `c_star`, and its start; the
/// operation that defined `c_star` when no other qualifies.
fn pick_in_conflict(
    p: &Planner<'_>,
    s: &mut State,
    op_star: OpId,
    m_star: MachineId,
    c_star: Minutes,
    est_star: Minutes,
) -> (OpId, Minutes) {
    while let Some(Reverse((_, _, o))) = s.by_urgency[m_star.index()].pop() {
        let o = OpId(o);
        let order = p.instance.op(o).order;
        if !is_next(p, s, o) || !usable(p, s, order, m_star) {
            continue;
        }
        if o == op_star {
            return (o, est_star);
        }
        match p.tt.earliest_start(o, m_star, s.ready[order.index()]) {
            Ok(est) if est < c_star => return (o, est),
            Ok(est) => s.pending.push(Reverse((est, o.0, m_star.0))),
            Err(b) => s.blocked[order.index()].push((p.instance.machine(m_star).site, b)),
        }
    }
    (op_star, est_star)
}

/// After `op` was placed ending at `end` on `machine`: fix the plant, queue the next operation.
fn advance(p: &mut Planner<'_>, s: &mut State, op: OpId, end: Minutes, machine: MachineId) {
    let instance = p.instance;
    let order = instance.op(op).order;
    p.makespan = p.makespan.max(end);
    if s.plant[order.index()].is_none() {
        s.plant[order.index()] = Some(instance.machine(machine).site);
    }
    let plan = instance.order_plan(order);
    if op == plan.last_op() {
        s.next[order.index()] = DONE;
        return;
    }
    let next = OpId(op.0 + 1);
    s.ready[order.index()] = end + instance.op(next).min_lag;
    make_ready(p, s, next);
}

/// Every usable machine of the order's next operation is blocked: roll back nothing (only a first
/// operation can be blocked, so nothing of the order is placed) and record why.
fn give_up_blocked(p: &mut Planner<'_>, s: &mut State, order: OrderId) {
    s.next[order.index()] = DONE;
    let placed: Vec<OpId> = p
        .instance
        .order_plan(order)
        .op_ids()
        .filter(|&op| p.tt.placement(op).is_some())
        .collect();
    for op in placed {
        p.tt.unplace(op);
    }
    let mut blocks = std::mem::take(&mut s.blocked[order.index()]);
    blocks.sort_by_key(|(site, _)| *site);
    blocks.dedup_by_key(|(site, _)| *site);
    let reason = super::unplanned::explain(p.instance, order, &blocks, &[]);
    p.unplanned.push(UnplannedOrder { order, reason });
}

/// Takes out every order that misses its hard deadline and re-inserts them, most urgent first, at
/// the plant with the cheapest feasible placement (or records them as unplanned).
fn repair_missed_deadlines(p: &mut Planner<'_>) {
    let instance = p.instance;
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
        let transit = plan
            .plant(site)
            .and_then(|pl| pl.route.as_ref())
            .map_or(0, |r| r.transit);
        if last.end + transit > deadline {
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
