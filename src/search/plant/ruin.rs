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

use super::state::PlantState;
use crate::model::OrderId;
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
