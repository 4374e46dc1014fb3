//! The search loop: every round each replica of the plan proposes one move in parallel (ruin and
//! recreate, or repositioning one operation), the best proposal is judged by late acceptance, and an
//! accepted move is replayed on every replica. Proposals are seeded by round and replica, so the same
//! seed and thread count give the same plan when the search stops on its iteration budget.

use super::change::Change;
use super::recreate::{Mode, insert_order};
use super::reposition::reposition;
use super::ruin::{Ruin, choose};
use super::scope::Scope;
use super::state::{PlantState, Quality};
use crate::model::{Instance, OrderId};
use crate::search::SearchOptions;
use crate::search::parallel::Pool;
use crate::search::progress::Progress;
use crate::solution::Schedule;
use rand::{RngExt, SeedableRng, seq::SliceRandom};
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Above this many operations the search only accepts moves that do not worsen the plan, so that the
/// current plan is always the best one and never needs copying.
const LARGE: usize = 20_000;
/// Late acceptance history length.
const HISTORY: usize = 100;

/// Improves `initial` within the options' budget; never returns a worse plan (more unplanned orders,
/// or a higher cost at the same number).
pub(crate) fn search(
    instance: &Instance,
    initial: &Schedule,
    options: &SearchOptions,
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
    let large = instance.ops().len() > LARGE;
    let modes = modes(instance, scope);
    let deadline = Instant::now() + options.time_limit;
    let pool = Pool::new(options.threads);
    let mut replicas = vec![base; options.threads.max(1)];
    let start = replicas[0].quality();
    let mut current = start;
    let mut best = start;
    let mut best_plan: Option<Schedule> = None;
    let mut history = vec![start.cost; HISTORY];
    let max_rounds = options.max_iterations.unwrap_or(u64::MAX);
    let progress = Progress::new(options.progress, options.time_limit);
    progress.best(start.cost);
    let mut round = 0u64;
    while round < max_rounds && Instant::now() < deadline {
        let proposals = pool.map_mut(&mut replicas, |index, replica| {
            let mut rng = ChaCha8Rng::seed_from_u64(mix(options.seed, round, index as u64));
            propose(replica, &movable, &modes, &mut rng)
        });
        let winner = proposals
            .into_iter()
            .reduce(|a, b| if b.0.better_than(&a.0) { b } else { a });
        if let Some((quality, change)) = winner {
            let slot = (round % HISTORY as u64) as usize;
            let accept = quality.unplanned < current.unplanned
                || (quality.unplanned == current.unplanned
                    && (quality.cost <= current.cost || (!large && quality.cost <= history[slot])));
            if accept {
                let applied = pool.map_mut(&mut replicas, |_, replica| change.apply(replica));
                debug_assert!(applied.iter().all(|&ok| ok), "replicas diverged");
                let previous = current;
                current = replicas[0].quality();
                debug_assert_eq!(current.unplanned, quality.unplanned);
                if current.unplanned != previous.unplanned {
                    // Costs with a different number of planned orders do not compare.
                    history.fill(current.cost);
                }
            }
            history[slot] = current.cost;
            progress.tick();
            if current.better_than(&best) {
                best = current;
                progress.best(best.cost);
                if !large {
                    best_plan = Some(replicas[0].to_schedule());
                }
            }
        }
        round += 1;
        if round.is_multiple_of(1024) {
            for r in &mut replicas {
                r.resum();
            }
        }
        #[cfg(debug_assertions)]
        if instance.ops().len() <= 400 || round.is_multiple_of(256) {
            replicas[0].assert_consistent();
        }
    }
    progress.finish();
    if !best.better_than(&start) {
        return initial.clone();
    }
    if large {
        replicas[0].to_schedule()
    } else {
        best_plan.unwrap_or_else(|| initial.clone())
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

/// One move tried on `state` and undone: the quality it reached and the change that reaches it.
fn propose(
    state: &mut PlantState<'_>,
    movable: &[OrderId],
    modes: &[Mode],
    rng: &mut ChaCha8Rng,
) -> (Quality, Change) {
    let instance = state.instance;
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
            let quality = state.quality();
            let done = Change::capture(state, &[order]);
            state.remove_order(order);
            undo.put_back(state);
            return (quality, done);
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
        insert_order(state, o, modes);
    }
    let quality = state.quality();
    let done = Change::capture(state, &orders);
    for &o in &orders {
        state.remove_order(o);
    }
    undo.put_back(state);
    (quality, done)
}

/// A seed for round `round` of replica `index` (SplitMix64 finaliser).
fn mix(seed: u64, round: u64, index: u64) -> u64 {
    let mut z = seed
        .wrapping_add(round.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
