//! Squeeze: take orders out, move the work left around them on their machines to its earliest
//! feasible start, then put the orders back where they cost least.
//!
//! Ruin and recreate alone puts orders into the gaps the plan already has and never moves the
//! work that stays. Under a stability penalty that leaves a re-plan stuck: after a breakdown the
//! repaired plan keeps its idle time where the broken machine's work was, and closing it pays only
//! together with the re-sequencing it makes possible (shifting one operation earlier costs its
//! move penalty and gains nothing on its own). Example: N, H, L on one machine, the first 30
//! minutes lost. The repair runs H and L at their published times and N last; no single
//! re-insertion improves on that, while taking N and L out, moving H to minute 30 and putting N
//! and L back gives H, N, L, far less late. This move is that combination, judged as one move.

use super::change::Change;
use super::choice;
use super::recreate::{Mode, insert_order};
use super::state::PlantState;
use crate::model::{Minutes, OpId, OrderId, SiteId, Window};
use std::collections::BTreeSet;

/// Work within this many minutes before the first and after the last operation taken out is
/// moved left.
const REACH: Minutes = 4 * 60;
/// Most operations one squeeze moves left (bounds the move's cost on long machines).
const MOST_SHIFTED: usize = 64;

/// Takes `orders` out, moves the unfrozen work on their machines within [`REACH`] of theirs to
/// its earliest feasible start (never later than before, never before the scope's "not before"),
/// and puts `orders` back in the given order where they cost least. Returns every order the move
/// touched (those taken out and those shifted) and the change that restores them.
pub(crate) fn squeeze(
    state: &mut PlantState<'_>,
    orders: &[OrderId],
    modes: &[Mode],
    avoid: &[(SiteId, Window)],
) -> (Vec<OrderId>, Change) {
    let shifted = work_nearby(state, orders);
    let shifted_orders: Vec<OrderId> = shifted
        .iter()
        .map(|&op| state.instance.op(op).order)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut undo = Change::capture(state, &shifted_orders);
    let out = Change::take_out(state, orders);
    undo.orders.extend(out.orders);
    undo.placements.extend(out.placements);
    undo.reasons.extend(out.reasons);
    for op in shifted {
        shift_left(state, op);
    }
    for &o in orders {
        if insert_order(state, o, modes, avoid) {
            choice::keep_if_it_pays(state, o);
        }
    }
    (undo.orders.clone(), undo)
}

/// The unfrozen operations of planned orders other than `orders` on the machines `orders` run
/// on, starting within [`REACH`] of their work, earliest first (at most [`MOST_SHIFTED`]).
fn work_nearby(state: &PlantState<'_>, orders: &[OrderId]) -> Vec<OpId> {
    let instance = state.instance;
    let own = orders
        .iter()
        .flat_map(|&o| instance.order_plan(o).op_ids())
        .filter(|&op| !state.scope.is_frozen(op))
        .filter_map(|op| state.tt.placement(op));
    let mut found: BTreeSet<(Minutes, OpId)> = BTreeSet::new();
    for op in state.ops_around(own, REACH) {
        let order = instance.op(op).order;
        if orders.contains(&order) || state.scope.is_frozen(op) || !state.is_planned(order) {
            continue;
        }
        if let Some(p) = state.tt.placement(op) {
            found.insert((p.start, op));
        }
    }
    found
        .into_iter()
        .take(MOST_SHIFTED)
        .map(|(_, op)| op)
        .collect()
}

/// Moves `op` (placed, of a planned order) to its earliest feasible start on its machine and mode
/// no later than its current one: after its release or its routing predecessor (plus lag), never
/// before the scope's "not before". The order's cost is counted again at the new placement.
fn shift_left(state: &mut PlantState<'_>, op: OpId) {
    let instance = state.instance;
    let Some(current) = state.tt.placement(op) else {
        return;
    };
    let order = instance.op(op).order;
    let Some(ready) = state.ready(op).filter(|&r| r < current.start) else {
        return;
    };
    state.remove_order_cost_only(order);
    state.unplace(op);
    let start = match state
        .tt
        .earliest_start_in(op, current.machine, current.mode, ready)
    {
        Ok(s) if s < current.start => s,
        _ => current.start,
    };
    if state
        .place_in(op, current.machine, current.mode, start)
        .is_none()
    {
        // The earliest start passed the timetable's checks; placing back where it was cannot
        // fail, since nothing else changed.
        let back = state.place_in(op, current.machine, current.mode, current.start);
        debug_assert!(back.is_some(), "an operation's own slot was lost");
    }
    state.restore_order_cost(order);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, MachineId, ModeId};
    use crate::search::plant::Scope;
    use crate::solution::{Schedule, ScheduledOp};

    /// One machine, three 60-minute orders: N due 60, H due 200, L due 300.
    fn instance() -> Instance {
        crate::io::read_instance_files(
            "squeeze",
            &[
                ("machines.csv", "id\nM\n"),
                ("routings.csv", "product,step,machine,setup\nP,1,M,60\n"),
                (
                    "orders.csv",
                    "id,product,quantity,due\nN,P,1,60\nH,P,1,200\nL,P,1,300\n",
                ),
            ],
        )
        .unwrap()
    }

    fn at(op: u32, start: Minutes) -> ScheduledOp {
        ScheduledOp {
            op: OpId(op),
            machine: MachineId(0),
            start,
            end: start + 60,
            mode: ModeId::NOMINAL,
        }
    }

    #[test]
    fn the_work_left_moves_into_the_idle_time_before_the_orders_go_back() {
        // H waits at 30 with the machine idle from 0; N is last, 120 minutes late. Squeezing N
        // and L moves H to 0 and puts N at 60 and L at 120; undoing restores every placement.
        let instance = instance();
        let scope = Scope::free(&instance);
        let plan = Schedule {
            ops: vec![at(1, 30), at(2, 90), at(0, 150)],
            ..Schedule::default()
        };
        let mut state = PlantState::new(&instance, &scope, &plan).unwrap();
        let before = state.quality().cost;
        let (n, h, l) = (OrderId(0), OrderId(1), OrderId(2));
        let (touched, undo) = squeeze(&mut state, &[n, l], &[Mode::Earliest], &[]);
        let start = |s: &PlantState<'_>, op| s.tt.placement(OpId(op)).unwrap().start;
        assert_eq!(
            (start(&state, 0), start(&state, 1), start(&state, 2)),
            (60, 0, 120)
        );
        let report = crate::validate::validate(&instance, &state.to_schedule());
        assert!(report.is_complete(), "{report}");
        assert!(state.quality().cost < before);
        assert_eq!(touched, vec![h, n, l]);
        for &o in &touched {
            state.remove_order(o);
        }
        assert!(undo.put_back(&mut state));
        assert_eq!(
            (start(&state, 0), start(&state, 1), start(&state, 2)),
            (150, 30, 90)
        );
        assert_eq!(state.quality().cost, before);
    }
}
