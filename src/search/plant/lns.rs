//! The search loop: one late-acceptance chain per thread. Each chain applies moves to its own copy
//! of the plan (ruin and recreate, or repositioning one operation), keeps the ones it accepts and
//! undoes the others. Every [`EPOCH`] rounds the chains meet: the best chain's plan is copied to the
//! others. Moves are seeded by round and chain and the meeting points are fixed, so the same seed
//! and thread count give the same plan when the search stops on its iteration budget.

use super::change::Change;
use super::compact::compact;
use super::recreate::{Mode, insert_order};
use super::reposition::reposition;
use super::ruin::{Ruin, choose};
use super::scope::Scope;
use super::state::{PlantState, Quality};
use crate::budget::{Budget, Clock};
use crate::model::{Instance, OrderId};
use crate::search::parallel::Pool;
use crate::solution::Schedule;
use rand::{RngExt, SeedableRng, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;

/// Above this many operations the chains only accept moves that do not worsen the plan, so that a
/// chain's plan is always its best one and never needs copying out.
const LARGE: usize = 20_000;
/// Late acceptance history length.
const HISTORY: usize = 20;
/// Rounds between two meetings of the chains.
const EPOCH: u64 = 100;

/// One thread's search: its plan, late acceptance history and best plan so far.
#[derive(Clone)]
struct Chain<'a> {
    state: PlantState<'a>,
    current: Quality,
    history: Vec<f64>,
    best: Quality,
    best_plan: Option<Schedule>,
}

/// What a chain needs to know besides its own state.
struct Context<'a> {
    movable: &'a [OrderId],
    modes: &'a [Mode],
    large: bool,
    clock: &'a Clock,
    seed: u64,
}

/// Improves `initial` within `budget` (time on `clock`); never returns a worse plan (more unplanned
/// orders, or a higher cost at the same number).
pub(crate) fn search(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    clock: &Clock,
    scope: &Scope,
) -> Schedule {
    let Some(base) = PlantState::new(instance, scope, initial) else {
        return initial.clone();
    };
    let movable: Vec<OrderId> = instance
        .order_ids()
        .filter(|&o| {
            instance
                .order_plan(o)
                .op_ids()
                .any(|op| !scope.is_frozen(op))
        })
        .collect();
    if movable.is_empty() {
        return initial.clone();
    }
    let modes = modes(instance, scope);
    let context = Context {
        movable: &movable,
        modes: &modes,
        large: instance.ops().len() > LARGE,
        clock,
        seed: budget.seed,
    };
    let start = base.quality();
    clock.report("search", 0, start.cost);
    let first = Chain {
        state: base,
        current: start,
        history: vec![start.cost; HISTORY],
        best: start,
        best_plan: None,
    };
    let pool = Pool::new(budget.workers());
    let mut chains = vec![first; budget.workers()];
    let max_rounds = budget.iterations.unwrap_or(u64::MAX);
    let mut round = 0u64;
    while round < max_rounds && !clock.expired() {
        let rounds = EPOCH.min(max_rounds - round);
        pool.map_mut(&mut chains, |index, chain| {
            for r in round..round + rounds {
                if clock.expired() {
                    break;
                }
                step(chain, &context, r, index as u64);
            }
        });
        round += rounds;
        meet(&mut chains);
        clock.tick("search", round);
    }
    let winner = &chains[0];
    let (mut best, mut plan) = (winner.best, None);
    // A final polish: close the idle time the moves left, when that is cheaper.
    let mut polished = match &winner.best_plan {
        Some(p) => PlantState::new(instance, scope, p),
        None => Some(winner.state.clone()),
    };
    if let Some(state) = polished.as_mut()
        && compact(state)
        && state.quality().better_than(&best)
    {
        best = state.quality();
        plan = Some(state.to_schedule());
    }
    if !best.better_than(&start) {
        return initial.clone();
    }
    plan.or_else(|| winner.best_plan.clone())
        .unwrap_or_else(|| winner.state.to_schedule())
}

/// The chains meet: the one with the best plan so far leads, and every chain continues from the
/// leader's current plan and history, keeping the leader's best plan.
fn meet(chains: &mut [Chain<'_>]) {
    let leader = (1..chains.len()).fold(0, |lead, k| {
        if chains[k].best.better_than(&chains[lead].best) {
            k
        } else {
            lead
        }
    });
    let lead = chains[leader].clone();
    for (k, chain) in chains.iter_mut().enumerate() {
        if k != leader {
            chain.clone_from(&lead);
        }
    }
}

/// One round of a chain: a move, judged by late acceptance, undone when rejected.
fn step(chain: &mut Chain<'_>, context: &Context<'_>, round: u64, index: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(mix(context.seed, round, index));
    let (orders, undo) = make_move(&mut chain.state, context, &mut rng);
    let quality = chain.state.quality();
    let current = chain.current;
    let slot = (round % HISTORY as u64) as usize;
    let accept = quality.unplanned < current.unplanned
        || (quality.unplanned == current.unplanned
            && (quality.cost <= current.cost
                || (!context.large && quality.cost <= chain.history[slot])));
    if accept {
        chain.current = quality;
        if quality.unplanned != current.unplanned {
            // Costs with a different number of planned orders do not compare.
            chain.history.fill(quality.cost);
        }
        if quality.better_than(&chain.best) {
            chain.best = quality;
            context.clock.report("search", round, quality.cost);
            if !context.large {
                chain.best_plan = Some(chain.state.to_schedule());
            }
        }
    } else {
        for &o in &orders {
            chain.state.remove_order(o);
        }
        undo.put_back(&mut chain.state);
    }
    chain.history[slot] = chain.current.cost;
    if round.is_multiple_of(1024) {
        chain.state.resum();
    }
    #[cfg(debug_assertions)]
    if chain.state.instance.ops().len() <= 400 || round.is_multiple_of(256) {
        chain.state.assert_consistent();
        debug_assert!(
            (chain.state.quality().cost - chain.current.cost).abs()
                <= 1e-6 * chain.current.cost.abs().max(1.0)
        );
    }
}

/// Placement modes worth trying on this instance.
fn modes(instance: &Instance, scope: &Scope) -> Vec<Mode> {
    let mut modes = vec![Mode::Earliest];
    if instance.has_energy_costs() {
        modes.push(Mode::Cheap);
    }
    if scope.stability.is_some() {
        modes.push(Mode::Baseline);
    }
    modes
}

/// Applies one move to `state`: returns the orders it touched and the change that restores them.
fn make_move(
    state: &mut PlantState<'_>,
    context: &Context<'_>,
    rng: &mut ChaCha8Rng,
) -> (Vec<OrderId>, Change) {
    let instance = state.instance;
    let movable = context.movable;
    if rng.random_range(0..100) < 25 {
        let order = movable[rng.random_range(0..movable.len())];
        let ops: Vec<_> = instance
            .order_plan(order)
            .op_ids()
            .filter(|&op| !state.scope.is_frozen(op))
            .collect();
        if state.is_planned(order) && !ops.is_empty() {
            let op = ops[rng.random_range(0..ops.len())];
            let undo = Change::capture(state, &[order]);
            reposition(state, op);
            return (vec![order], undo);
        }
    }
    let has_unplanned = state.quality().unplanned > 0;
    let kind = match rng.random_range(0..10) {
        _ if has_unplanned && rng.random_bool(0.5) => Ruin::Unplanned,
        0..=3 => Ruin::Related,
        4..=5 => Ruin::Random,
        6..=7 => Ruin::Costly,
        _ => Ruin::Critical,
    };
    let k_max = (movable.len() / 8).clamp(2, 25).min(movable.len());
    let k = 1 + rng.random_range(0..k_max);
    let mut orders = choose(state, movable, kind, k, rng);
    let undo = Change::take_out(state, &orders);
    if kind == Ruin::Unplanned {
        // The unplanned order first; then the others largest material demand first (a packing
        // heuristic: big items first leave room for small ones) or in random order.
        if rng.random_bool(0.5) {
            let demand = |o: OrderId| instance.order_demand(o).map(|(_, q)| q).sum::<f64>();
            orders[1..].sort_by(|&a, &b| demand(b).total_cmp(&demand(a)).then(a.cmp(&b)));
        } else {
            orders[1..].shuffle(rng);
        }
    } else if rng.random_bool(0.5) {
        orders.shuffle(rng);
    } else {
        orders.sort_by_key(|&o| {
            let order = instance.order(o);
            (order.deadline, order.due, order.release, o)
        });
    }
    for &o in &orders {
        insert_order(state, o, context.modes);
    }
    (orders, undo)
}

/// A seed for round `round` of chain `index` (SplitMix64 finaliser).
fn mix(seed: u64, round: u64, index: u64) -> u64 {
    let mut z = seed
        .wrapping_add(round.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
