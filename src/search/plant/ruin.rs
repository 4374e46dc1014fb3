//! Ruin: choose the orders a move takes out of the plan.
//!
//! - `Random`: any orders;
//! - `Related`: orders running on the same machines around the same time as a random order, so that
//!   re-inserting them reshuffles one congested stretch;
//! - `Costly`: the most expensive of a random sample (late, far shipped, energy hungry);
//! - `Critical`: orders that finish last (the makespan);
//! - `Unplanned`: an order not in the plan yet, with orders at its plants that consume its materials
//!   (taking one out may free what it lacks); it goes back in first;
//! - `Damaged`: a random order an event damaged (re-planning) and orders running on the same
//!   machines around the same time (related removal seeded by the disruption);
//! - `DamagedCluster`: several damaged orders at once;
//! - `Window`: orders with energy-hungry work inside a window whose price rose, the hungriest first.
//! - `Late`: a late order (one an event damaged, or in the zone around the damage) and the orders
//!   running on its machines where it would have to run to arrive by its due date; it goes back in
//!   first, so that it can take their place (a rush order sits at the end of the queue after its
//!   insertion, and orders around where it sits now are the wrong ones to take out).

use super::state::PlantState;
use crate::model::{Minutes, OpId, OrderId};
use rand::{RngExt, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;

/// How to choose the orders to take out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ruin {
    Random,
    Related,
    Costly,
    Critical,
    Unplanned,
    Damaged,
    DamagedCluster,
    Window,
    Late,
}

/// Up to `k` distinct orders that may move (they have an unfrozen operation), chosen by `kind`;
/// `damaged` are the movable orders an event damaged, `in_windows` the planned orders with work in
/// an expensive window and its energy cost there (most first).
pub(crate) fn choose(
    state: &PlantState<'_>,
    movable: &[OrderId],
    damaged: &[OrderId],
    in_windows: &[(OrderId, f64)],
    kind: Ruin,
    k: usize,
    rng: &mut ChaCha8Rng,
) -> Vec<OrderId> {
    let mut chosen: Vec<OrderId> = Vec::with_capacity(k);
    let push = |chosen: &mut Vec<OrderId>, o: OrderId| {
        if chosen.len() < k && !chosen.contains(&o) {
            chosen.push(o);
        }
    };
    if movable.is_empty() || k == 0 {
        return chosen;
    }
    let instance = state.instance;
    match kind {
        Ruin::Random => {}
        Ruin::Related => {
            let seed = movable[rng.random_range(0..movable.len())];
            push(&mut chosen, seed);
            related_to(state, seed, k, &mut chosen);
        }
        Ruin::Damaged if !damaged.is_empty() => {
            let seed = damaged[rng.random_range(0..damaged.len())];
            push(&mut chosen, seed);
            related_to(state, seed, k, &mut chosen);
        }
        Ruin::DamagedCluster if !damaged.is_empty() => {
            for _ in 0..2 * k {
                push(&mut chosen, damaged[rng.random_range(0..damaged.len())]);
            }
        }
        Ruin::Window if !in_windows.is_empty() => {
            // The hungriest first, with some randomness: k of the 2k hungriest.
            let top = &in_windows[..(2 * k).min(in_windows.len())];
            let mut picks: Vec<OrderId> = top.iter().map(|(o, _)| *o).collect();
            picks.shuffle(rng);
            picks.truncate(k);
            picks.sort_by_key(|o| top.iter().position(|(x, _)| x == o));
            for o in picks {
                if movable.binary_search(&o).is_ok() {
                    push(&mut chosen, o);
                }
            }
        }
        Ruin::Late => {
            let seed = late_order(state, damaged, rng).or_else(|| late_order(state, movable, rng));
            if let Some(seed) = seed {
                push(&mut chosen, seed);
                in_the_way(state, seed, k, &mut chosen, rng);
            }
        }
        Ruin::Damaged | Ruin::DamagedCluster | Ruin::Window => {}
        Ruin::Costly => {
            let mut sample: Vec<OrderId> = (0..(2 * k).min(movable.len()))
                .map(|_| movable[rng.random_range(0..movable.len())])
                .collect();
            sample.sort_by(|a, b| {
                state
                    .order_cost(*b)
                    .total_cmp(&state.order_cost(*a))
                    .then(a.cmp(b))
            });
            for o in sample {
                push(&mut chosen, o);
            }
        }
        Ruin::Critical => {
            let mut last: Vec<(i64, OrderId)> = state
                .last_ops()
                .filter_map(|op| {
                    state
                        .tt
                        .placement(op)
                        .map(|p| (p.end, instance.op(op).order))
                })
                .collect();
            last.sort_by(|a, b| b.cmp(a));
            for (_, o) in last.into_iter().take(1 + k / 2) {
                if movable.binary_search(&o).is_ok() {
                    push(&mut chosen, o);
                    related_to(state, o, k, &mut chosen);
                }
            }
        }
        Ruin::Unplanned => {
            let unplanned: Vec<OrderId> = movable
                .iter()
                .copied()
                .filter(|&o| !state.is_planned(o) && !state.is_left_out(o))
                .collect();
            if let Some(&target) = unplanned.get(rng.random_range(0..unplanned.len().max(1))) {
                push(&mut chosen, target);
                // Rivals at one of the target's plants, or (a swap between plants) at all of them.
                let plants = &instance.order_plan(target).plants;
                let mut rivals = if rng.random_bool(0.5) {
                    let plant = plants[rng.random_range(0..plants.len())].site;
                    material_rivals(state, movable, target, &[plant])
                } else {
                    let all: Vec<_> = plants.iter().map(|p| p.site).collect();
                    material_rivals(state, movable, target, &all)
                };
                rivals.shuffle(rng);
                // Make room: every rival that could go elsewhere, not just k of them.
                let room = k.max(rivals.len() + 1).min(MAX_ROOM);
                for o in rivals {
                    if chosen.len() < room && !chosen.contains(&o) {
                        chosen.push(o);
                    }
                }
            }
        }
    }
    // Top up with random orders.
    let mut tries = 0;
    while chosen.len() < k.min(movable.len()) && tries < 4 * k {
        push(&mut chosen, movable[rng.random_range(0..movable.len())]);
        tries += 1;
    }
    chosen
}

/// Most orders an unplanned-order move takes out to make room.
const MAX_ROOM: usize = 40;

/// Planned orders made at one of `plants` that consume one of `target`'s materials and could be
/// made at another plant: moving them away may free what `target` lacks there.
fn material_rivals(
    state: &PlantState<'_>,
    movable: &[OrderId],
    target: OrderId,
    plants: &[crate::model::SiteId],
) -> Vec<OrderId> {
    let instance = state.instance;
    let materials: Vec<_> = instance.order_demand(target).map(|(m, _)| m).collect();
    movable
        .iter()
        .copied()
        .filter(|&o| o != target && state.is_planned(o))
        .filter(|&o| instance.order_plan(o).plants.len() > 1)
        .filter(|&o| {
            let first = instance.order_plan(o).first_op();
            !state.scope.is_frozen(first)
                && state
                    .tt
                    .placement(first)
                    .is_some_and(|p| plants.contains(&instance.machine(p.machine).site))
                && instance
                    .order_demand(o)
                    .any(|(m, _)| materials.contains(&m))
        })
        .collect()
}

/// Orders of `pool` a late-order ruin draws from at most (a tournament: the one with the highest
/// weighted tardiness of this many random draws).
const LATE_DRAWS: usize = 4;

/// A planned order of `pool` that arrives after its due date: of [`LATE_DRAWS`] random draws, the
/// one with the highest weighted tardiness. `None` when no draw is late.
fn late_order(state: &PlantState<'_>, pool: &[OrderId], rng: &mut ChaCha8Rng) -> Option<OrderId> {
    if pool.is_empty() {
        return None;
    }
    let instance = state.instance;
    let mut best: Option<(f64, OrderId)> = None;
    for _ in 0..LATE_DRAWS {
        let o = pool[rng.random_range(0..pool.len())];
        if !state.is_planned(o) {
            continue;
        }
        let Some(late) = lateness(state, o) else {
            continue;
        };
        let weighted = late.tardiness as f64 * instance.order(o).weight;
        if late.tardiness > 0 && best.is_none_or(|(w, b)| weighted > w || (weighted == w && o < b))
        {
            best = Some((weighted, o));
        }
    }
    best.map(|(_, o)| o)
}

/// What a placed order costs as it stands (its tardiness, completion and arrival); `None` when
/// none of its operations is placed.
fn lateness(state: &PlantState<'_>, order: OrderId) -> Option<crate::solution::OrderCost> {
    let placements = state.placements_of(order);
    (!placements.is_empty())
        .then(|| crate::solution::order_cost(state.instance, order, &placements))
}

/// Adds the orders in `seed`'s way: for each of its unfrozen operations, last first, those
/// running on one of its eligible machines (drawn at random) around the latest slot that would
/// still get `seed` to its customer by its due date (never before the scope's "not before"),
/// until `chosen` holds `k` orders.
fn in_the_way(
    state: &PlantState<'_>,
    seed: OrderId,
    k: usize,
    chosen: &mut Vec<OrderId>,
    rng: &mut ChaCha8Rng,
) {
    let instance = state.instance;
    let (Some(due), Some(late)) = (instance.order(seed).due, lateness(state, seed)) else {
        return;
    };
    let not_before = state.scope.not_before;
    let mut latest_end = due - (late.arrival - late.completion);
    let steps = instance.order_plan(seed).op_ids().len();
    for (done, op) in instance.order_plan(seed).op_ids().rev().enumerate() {
        // An even share of what is left for each remaining step.
        let share = k.saturating_sub(chosen.len()).div_ceil(steps - done).max(1);
        let quota = (chosen.len() + share).min(k);
        let operation = instance.op(op);
        let shortest = operation
            .options
            .iter()
            .map(|o| o.duration)
            .min()
            .unwrap_or(1)
            .max(1);
        let latest_start = latest_end - shortest;
        if !state.scope.is_frozen(op) && !operation.options.is_empty() {
            let machine = operation.options[rng.random_range(0..operation.options.len())].machine;
            // Room for the operation: what starts up to twice its length before its latest start
            // (and may still run there) until its latest end; from "not before" when that is
            // later.
            let from = (latest_start - 2 * shortest).max(not_before);
            let to = latest_end.max(from + 2 * shortest);
            // Nearest the latest start first.
            let mut near: Vec<(Minutes, OpId)> = state
                .ops_on(machine, from, to)
                .filter_map(|x| state.tt.placement(x))
                .map(|p| ((p.start - latest_start).abs(), p.op))
                .collect();
            near.sort_unstable();
            for (_, other) in near {
                if chosen.len() >= quota {
                    break;
                }
                let o = instance.op(other).order;
                if !chosen.contains(&o)
                    && instance
                        .order_plan(o)
                        .op_ids()
                        .any(|x| !state.scope.is_frozen(x))
                {
                    chosen.push(o);
                }
            }
        }
        latest_end = latest_start - operation.min_lag;
    }
}

/// Adds orders whose operations run on the machines of `seed`'s operations within a window around
/// them, nearest first, until `chosen` holds `k` orders.
fn related_to(state: &PlantState<'_>, seed: OrderId, k: usize, chosen: &mut Vec<OrderId>) {
    let instance = state.instance;
    let placements: Vec<_> = instance
        .order_plan(seed)
        .op_ids()
        .filter_map(|op| state.tt.placement(op))
        .collect();
    for p in &placements {
        let span = (p.end - p.start).max(1) * 2;
        for op in state.ops_on(p.machine, p.start - span, p.end + span) {
            let o = instance.op(op).order;
            if chosen.len() >= k {
                return;
            }
            if !chosen.contains(&o)
                && instance
                    .order_plan(o)
                    .op_ids()
                    .any(|x| !state.scope.is_frozen(x))
            {
                chosen.push(o);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, MachineId, ModeId};
    use crate::search::plant::Scope;
    use crate::solution::{Schedule, ScheduledOp};
    use rand::SeedableRng;

    /// One machine, four 60-minute orders: A, B and C due late, R due at 120.
    fn instance() -> Instance {
        crate::io::read_instance_files(
            "late",
            &[
                ("machines.csv", "id\nM\n"),
                ("routings.csv", "product,step,machine,setup\nP,1,M,60\n"),
                (
                    "orders.csv",
                    "id,product,quantity,due\nA,P,1,1000\nB,P,1,1000\nC,P,1,1000\nR,P,1,120\n",
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
    fn a_late_order_takes_out_what_runs_where_it_would_be_on_time() {
        // A, B, C run at 0, 60, 120 and R after them, ending at 240: 120 minutes late. To arrive
        // by 120, R must start by 60, where B runs; A (at 0) is next nearest. C, after R's due
        // date, is not in its way.
        let instance = instance();
        let scope = Scope::free(&instance);
        let plan = Schedule {
            ops: vec![at(0, 0), at(1, 60), at(2, 120), at(3, 180)],
            ..Schedule::default()
        };
        let state = PlantState::new(&instance, &scope, &plan).unwrap();
        let (a, b, c, r) = (OrderId(0), OrderId(1), OrderId(2), OrderId(3));
        let all = [a, b, c, r];
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let chosen = choose(&state, &all, &[r], &[], Ruin::Late, 2, &mut rng);
        assert_eq!(chosen, vec![r, b]);
        let chosen = choose(&state, &all, &[r], &[], Ruin::Late, 3, &mut rng);
        assert_eq!(chosen, vec![r, b, a]);
    }

    #[test]
    fn only_a_late_order_seeds_the_late_ruin() {
        // Every order on time: no seed, so the ruin falls back to random orders of the pool.
        let instance = instance();
        let scope = Scope::free(&instance);
        let plan = Schedule {
            ops: vec![at(3, 0), at(0, 60), at(1, 120), at(2, 180)],
            ..Schedule::default()
        };
        let state = PlantState::new(&instance, &scope, &plan).unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        assert_eq!(late_order(&state, &[OrderId(3)], &mut rng), None);
        assert_eq!(
            late_order(&state, &[OrderId(0), OrderId(1), OrderId(2)], &mut rng),
            None
        );
    }
}
