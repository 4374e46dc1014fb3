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

/// Rebuilds `state` compacted; with `shiftable` (by order), only the work of those orders moves
/// and the rest keeps its start (a re-plan after a small event closes the idle time around the
/// damage, not every gap the published plan had). Returns false (and leaves `state` as it was)
/// when some operation could not be placed no later than before, which the argument above rules
/// out (it holds for work kept at its start too: everything placed before it ends no later).
pub(crate) fn compact(state: &mut PlantState<'_>, shiftable: Option<&[bool]>) -> bool {
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
        let start = if shiftable.is_some_and(|s| !s[order.index()]) {
            p.start
        } else {
            match fresh.tt.earliest_start_in(p.op, p.machine, p.mode, ready) {
                Ok(s) if s <= p.start => s,
                _ => p.start,
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, MachineId, ModeId, OpId};
    use crate::search::plant::Scope;
    use crate::solution::Schedule;

    /// Machines M1 and M2, one 60-minute order on each (A on M1, B on M2).
    fn instance() -> Instance {
        crate::io::read_instance_files(
            "compact",
            &[
                ("machines.csv", "id\nM1\nM2\n"),
                (
                    "routings.csv",
                    "product,step,machine,setup\nPA,1,M1,60\nPB,1,M2,60\n",
                ),
                (
                    "orders.csv",
                    "id,product,quantity,due\nA,PA,1,0\nB,PB,1,0\n",
                ),
            ],
        )
        .unwrap()
    }

    fn at(op: u32, machine: u32, start: Minutes) -> ScheduledOp {
        ScheduledOp {
            op: OpId(op),
            machine: MachineId(machine),
            start,
            end: start + 60,
            mode: ModeId::NOMINAL,
        }
    }

    /// Both orders wait 100 minutes; compacted with `shiftable`, their starts afterwards.
    fn compacted(shiftable: Option<&[bool]>) -> (Minutes, Minutes) {
        let instance = instance();
        let scope = Scope::free(&instance);
        let plan = Schedule {
            ops: vec![at(0, 0, 100), at(1, 1, 100)],
            ..Schedule::default()
        };
        let mut state = PlantState::new(&instance, &scope, &plan).unwrap();
        assert!(compact(&mut state, shiftable));
        let report = crate::validate::validate(&instance, &state.to_schedule());
        assert!(report.is_complete(), "{report}");
        let start = |op| state.tt.placement(OpId(op)).unwrap().start;
        (start(0), start(1))
    }

    #[test]
    fn every_order_moves_to_its_earliest_start_unless_limited() {
        assert_eq!(compacted(None), (0, 0));
    }

    #[test]
    fn only_the_shiftable_orders_move_when_limited() {
        assert_eq!(compacted(Some(&[false, true])), (100, 0));
    }
}
