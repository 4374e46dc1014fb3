//! Compaction: every unfrozen operation moves to its earliest feasible start on its machine (never
//! before the scope's "not before" time), in start order, keeping machines and sequences. Taking orders out and putting them back leaves idle
//! time that nothing else closes; this closes it.
//!
//! Placing operations in their old start order at the earliest start no later than before never
//! delays one: every operation placed earlier starts and ends no later than it did, so the machine,
//! power and material it needs at its old start are still there. Energy cost may rise (work that
//! waited for a cheap period moves out of it), so callers keep the result only when it is cheaper.

use super::state::PlantState;
use crate::model::Minutes;
use crate::solution::ScheduledOp;

/// Rebuilds `state` compacted. Returns false (and leaves `state` as it was) when some operation
/// could not be placed no later than before, which the argument above rules out.
pub(crate) fn compact(state: &mut PlantState<'_>) -> bool {
    let instance = state.instance;
    let mut placed: Vec<ScheduledOp> = instance
        .op_ids()
        .filter_map(|op| state.tt.placement(op))
        .collect();
    placed.sort_by_key(|p| (p.start, p.op));
    let orders: Vec<_> = instance
        .order_ids()
        .filter(|&o| state.is_planned(o))
        .collect();
    let mut fresh = state.clone();
    for &o in &orders {
        fresh.remove_order(o);
    }
    let mut ends: Vec<Option<Minutes>> = vec![None; instance.ops().len()];
    for p in &placed {
        if state.scope.is_frozen(p.op) {
            ends[p.op.index()] = Some(p.end);
            continue;
        }
        let operation = instance.op(p.op);
        let order = operation.order;
        let plan = instance.order_plan(order);
        let ready = if p.op == plan.first_op() {
            instance.order(order).release
        } else {
            let pred = crate::model::OpId(p.op.0 - 1);
            match ends[pred.index()] {
                Some(end) => end + operation.min_lag,
                None => return false,
            }
        }
        .max(state.scope.not_before);
        let start = match fresh.tt.earliest_start_in(p.op, p.machine, p.mode, ready) {
            Ok(s) if s <= p.start => s,
            _ => p.start,
        };
        match fresh.place_in(p.op, p.machine, p.mode, start) {
            Some(q) => ends[p.op.index()] = Some(q.end),
            None => return false,
        }
    }
    for &o in &orders {
        fresh.count_planned(o);
    }
    *state = fresh;
    true
}
