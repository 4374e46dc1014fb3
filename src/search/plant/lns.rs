//! The search loop: late-acceptance chains ([`Budget::search_chains`]: a fixed number under an
//! iteration budget, one per thread otherwise), run side by side on the budget's threads. Each chain applies moves to its own copy
//! of the plan (ruin and recreate, or repositioning one operation), keeps the ones it accepts and
//! undoes the others. Which move a chain tries is drawn by adaptive weights (ALNS, Ropke & Pisinger
//! 2006): a move that finds a new best plan, a better plan or an accepted one earns a score, and
//! every [`EPOCH`] rounds the weights follow the scores. With a [`Focus`] (re-planning) the moves
//! around the damage start with most of the weight, and a re-plan that stops on stall seeds every
//! move but those for unplanned orders and the makespan in the zone around the damage (the damaged
//! orders and their neighbours on the same machines), so that a small event does not re-shuffle
//! the rest of the plant; when the repair left orders unplanned ([`Focus::wide`]) the whole plant
//! is the zone. When moves cost stability, a squeeze move takes orders out, moves the
//! work around them left and puts them back ([`super::squeeze`]). The best plan is compacted at the
//! end (idle time closed; after a local event only around the damage and where the search moved
//! work). Every [`EPOCH`] rounds the chains meet: the
//! best chain's plan (and weights) is copied to the others; the search stops early when no chain
//! found a better plan for the focus's stall rounds. Moves are seeded by round and chain and the
//! meeting points are fixed, and the number of chains does not depend on the threads under an
//! iteration budget ([`Budget::search_chains`]), so the same seed and iteration budget give the
//! same plan on any thread count.

use super::change::Change;
use super::choice;
use super::compact::compact;
use super::focus::{Focus, orders_in_windows};
use super::recreate::{Mode, insert_order};
use super::reposition::reposition;
use super::ruin::{Ruin, choose};
use super::scope::Scope;
use super::squeeze::squeeze;
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
/// Initial weight of the decide move when some order may be left out.
const DECIDE_WEIGHT: f64 = 15.0;
/// Initial weight of the squeeze move when moves cost stability (re-planning): without a
/// stability penalty moving work left costs nothing and the other moves close idle time. Low: it
/// is a costlier move (it shifts up to 64 operations) that pays on few plants, and the adaptive
/// weights raise it where it does.
const SQUEEZE_WEIGHT: f64 = 5.0;
/// Initial weight of the late-order ruin around damage ([`Ruin::Late`]): an event that pushes work
/// late, or adds orders that wait at the end of the queues, is repaired by taking out what runs
/// where a late order would have to run. Off in a fresh solve (no damage), whose moves and plans
/// it leaves as they were.
const LATE_WEIGHT: f64 = 40.0;
/// Late acceptance history length.
const HISTORY: usize = 20;
/// Rounds between two meetings of the chains (and two updates of the move weights).
const EPOCH: u64 = 100;
/// Most orders a ruin takes out when re-planning around damage: small moves are many moves.
const FOCUSED_RUIN: usize = 8;
/// Around the damage: orders with work on the same machine within this many minutes of a damaged
/// order's work are in the zone a re-plan's moves start from.
const NEAR: i64 = 4 * 60;

/// The moves a chain chooses from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    /// One operation to its best slot in its routing window.
    Reposition,
    /// Orders taken out and put back where they cost least.
    Ruin(Ruin),
    /// Under the contribution form: drop (or defer) an order that may be left out, or take one
    /// back if it pays ([`super::choice`]).
    Decide,
    /// Orders taken out, the work around them on their machines moved left, the orders put back
    /// ([`super::squeeze`]): closes the idle time a stability penalty would otherwise keep.
    Squeeze,
}

const MOVES: [Move; 11] = [
    Move::Reposition,
    Move::Ruin(Ruin::Related),
    Move::Ruin(Ruin::Random),
    Move::Ruin(Ruin::Costly),
    Move::Ruin(Ruin::Critical),
    Move::Ruin(Ruin::Damaged),
    Move::Ruin(Ruin::DamagedCluster),
    Move::Ruin(Ruin::Window),
    Move::Decide,
    Move::Squeeze,
    Move::Ruin(Ruin::Late),
];

/// Scores of the adaptive weights: a new best plan, a better plan than the chain's current one, an
/// accepted one (Ropke & Pisinger's sigma 1-3), and the reaction factor.
const NEW_BEST: f64 = 33.0;
const BETTER: f64 = 9.0;
const ACCEPTED: f64 = 13.0;
const REACTION: f64 = 0.2;
/// No move's weight falls below this share of the total, so that every move keeps a chance.
const MIN_SHARE: f64 = 0.02;

/// Move weights and the scores they earned since the last update.
#[derive(Clone, Debug)]
struct Weights {
    weight: [f64; MOVES.len()],
    score: [f64; MOVES.len()],
    used: [u32; MOVES.len()],
}

impl Weights {
    /// Initial weights: the classic mix for a fresh solve; with damage, most weight on the moves
    /// around it (and on moving work out of expensive windows when prices rose).
    fn new(focus: &Focus) -> Self {
        let damaged = !focus.orders.is_empty();
        let windows = !focus.expensive.is_empty();
        // The decide move comes last with weight 0 unless orders may be left out, so that the
        // draws of the weighted-sum form are exactly those of the other moves.
        let mut weight = [25.0, 30.0, 15.0, 15.0, 15.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        if damaged {
            weight[5] = 60.0;
            weight[6] = 20.0;
            weight[10] = LATE_WEIGHT;
        }
        if windows {
            weight[7] = 60.0;
            // A price rise damages the work in its window, which is seldom late because of it.
            weight[10] /= 4.0;
        }
        Self {
            weight,
            score: [0.0; MOVES.len()],
            used: [0; MOVES.len()],
        }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> usize {
        let total: f64 = self.weight.iter().sum();
        let mut x = rng.random_range(0.0..total);
        for (k, w) in self.weight.iter().enumerate() {
            if x < *w {
                return k;
            }
            x -= w;
        }
        0
    }

    fn credit(&mut self, k: usize, score: f64) {
        self.used[k] += 1;
        self.score[k] += score;
    }

    /// New weight = (1 - r) old + r x mean score, for moves that were tried; moves that may not
    /// apply (weight 0 from the start) stay off.
    fn update(&mut self) {
        let total: f64 = self.weight.iter().sum();
        for k in 0..MOVES.len() {
            if self.weight[k] == 0.0 {
                continue;
            }
            if self.used[k] > 0 {
                let mean = self.score[k] / f64::from(self.used[k]);
                self.weight[k] = (1.0 - REACTION) * self.weight[k] + REACTION * mean;
            }
            self.weight[k] = self.weight[k].max(MIN_SHARE * total);
        }
        self.score = [0.0; MOVES.len()];
        self.used = [0; MOVES.len()];
    }
}

/// One thread's search: its plan, late acceptance history, move weights and best plan so far.
#[derive(Clone)]
struct Chain<'a> {
    state: PlantState<'a>,
    current: Quality,
    history: Vec<f64>,
    best: Quality,
    best_plan: Option<Schedule>,
    weights: Weights,
    /// Round of the last new best plan.
    improved_at: u64,
}

/// What a chain needs to know besides its own state.
struct Context<'a> {
    movable: &'a [OrderId],
    /// The orders moves are seeded from: the damage and its neighbours when re-planning with a
    /// stop on stall, every movable order otherwise; sorted.
    zone: &'a [OrderId],
    modes: &'a [Mode],
    focus: &'a Focus,
    /// Damaged orders that may move.
    damaged: &'a [OrderId],
    /// By order: must stay planned (empty when orders may be traded).
    keep: &'a [bool],
    large: bool,
    clock: &'a Clock,
    seed: u64,
}

/// How a search ended, for reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Rounds each chain ran.
    pub rounds: u64,
    /// True when it stopped because no better plan turned up for the focus's stall rounds.
    pub stalled: bool,
}

/// Improves `initial` within `budget` (time on `clock`); never returns a worse plan (more unplanned
/// orders, or a higher cost at the same number).
pub(crate) fn search(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    clock: &Clock,
    scope: &Scope,
    focus: &Focus,
) -> (Schedule, SearchStats) {
    let mut stats = SearchStats::default();
    let Some(base) = PlantState::new(instance, scope, initial) else {
        return (initial.clone(), stats);
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
        return (initial.clone(), stats);
    }
    let damaged: Vec<OrderId> = focus
        .orders
        .iter()
        .copied()
        .filter(|o| movable.binary_search(o).is_ok())
        .collect();
    let modes = modes(instance, scope, focus);
    // Orders that must stay planned (re-planning): those the initial plan plans.
    let keep: Vec<bool> = if scope.keep_planned {
        instance.order_ids().map(|o| base.is_planned(o)).collect()
    } else {
        Vec::new()
    };
    // A re-plan that stops on stall searches around the damage; a fresh solve, one spending its
    // whole budget, or one whose repair left orders unplanned, the whole plant.
    let zone = if focus.stall_rounds.is_some() && !damaged.is_empty() && !focus.wide {
        zone(&base, &movable, &damaged)
    } else {
        movable.clone()
    };
    let context = Context {
        movable: &movable,
        zone: &zone,
        modes: &modes,
        focus,
        damaged: &damaged,
        keep: &keep,
        large: instance.ops().len() > LARGE,
        clock,
        seed: budget.seed,
    };
    let start = base.quality();
    clock.report("search", 0, start.cost);
    let mut weights = Weights::new(focus);
    if damaged.is_empty() {
        weights.weight[5] = 0.0;
        weights.weight[6] = 0.0;
        weights.weight[10] = 0.0;
    }
    if base.has_choices() {
        weights.weight[8] = DECIDE_WEIGHT;
    }
    if scope.stability.is_some() {
        weights.weight[9] = SQUEEZE_WEIGHT;
    }
    let first = Chain {
        state: base,
        current: start,
        history: vec![start.cost; HISTORY],
        best: start,
        best_plan: None,
        weights,
        improved_at: 0,
    };
    let count = budget.search_chains();
    let pool = Pool::new(budget.workers().min(count));
    let mut chains = vec![first; count];
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
            chain.weights.update();
        });
        round += rounds;
        meet(&mut chains);
        clock.tick("search", round);
        let last = chains.iter().map(|c| c.improved_at).max().unwrap_or(0);
        if focus.stall_rounds.is_some_and(|s| round - last >= s) {
            stats.stalled = true;
            break;
        }
    }
    stats.rounds = round;
    let winner = &chains[0];
    let (mut best, mut plan) = (winner.best, None);
    // A final polish: close the idle time the moves left, when that is cheaper.
    let mut polished = match &winner.best_plan {
        Some(p) => PlantState::new(instance, scope, p),
        None => Some(winner.state.clone()),
    };
    // Around a local event only the zone and what the search moved close their idle time.
    let shiftable = (focus.local && zone.len() < movable.len())
        .then(|| polished.as_ref().map(|s| shiftable(s, initial, &zone)))
        .flatten();
    if let Some(state) = polished.as_mut()
        && compact(state, shiftable.as_deref())
        && state.quality().better_than(&best)
        && !drops_kept(state, instance.order_ids(), &keep)
    {
        best = state.quality();
        plan = Some(state.to_schedule());
    }
    if !best.better_than(&start) {
        return (initial.clone(), stats);
    }
    let plan = plan
        .or_else(|| winner.best_plan.clone())
        .unwrap_or_else(|| winner.state.to_schedule());
    (plan, stats)
}

/// The chains meet: the one with the best plan so far leads, and every chain continues from the
/// leader's current plan, history and move weights, keeping the leader's best plan.
fn meet(chains: &mut [Chain<'_>]) {
    let leader = (1..chains.len()).fold(0, |lead, k| {
        if chains[k].best.better_than(&chains[lead].best) {
            k
        } else {
            lead
        }
    });
    let improved_at = chains.iter().map(|c| c.improved_at).max().unwrap_or(0);
    let lead = chains[leader].clone();
    for (k, chain) in chains.iter_mut().enumerate() {
        if k != leader {
            chain.clone_from(&lead);
        }
        chain.improved_at = improved_at;
    }
}

/// One round of a chain: a move, judged by late acceptance, undone when rejected.
fn step(chain: &mut Chain<'_>, context: &Context<'_>, round: u64, index: u64) {
    let mut rng = ChaCha8Rng::seed_from_u64(mix(context.seed, round, index));
    let chosen = chain.weights.draw(&mut rng);
    let (orders, undo) = make_move(&mut chain.state, context, MOVES[chosen], &mut rng);
    let quality = chain.state.quality();
    let current = chain.current;
    let slot = (round % HISTORY as u64) as usize;
    // A move that leaves out an order that must stay planned is never accepted.
    let accept = !drops_kept(&chain.state, orders.iter().copied(), context.keep)
        && (quality.unplanned < current.unplanned
            || (quality.unplanned == current.unplanned
                && (quality.cost <= current.cost
                    || (!context.large && quality.cost <= chain.history[slot]))));
    if accept {
        let mut score = ACCEPTED;
        if quality.better_than(&current) {
            score = BETTER;
        }
        chain.current = quality;
        if quality.unplanned != current.unplanned {
            // Costs with a different number of planned orders do not compare.
            chain.history.fill(quality.cost);
        }
        if quality.better_than(&chain.best) {
            score = NEW_BEST;
            chain.best = quality;
            chain.improved_at = round + 1;
            context.clock.report("search", round, quality.cost);
            if !context.large {
                chain.best_plan = Some(chain.state.to_schedule());
            }
        }
        chain.weights.credit(chosen, score);
    } else {
        chain.weights.credit(chosen, 0.0);
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

/// True when one of `orders` must stay planned (`keep`, by order; empty: none must) and is not.
fn drops_kept(
    state: &PlantState<'_>,
    mut orders: impl Iterator<Item = OrderId>,
    keep: &[bool],
) -> bool {
    // Leaving out by choice (contribution form) is a decision the plan lists, not a loss.
    !keep.is_empty()
        && orders.any(|o| keep[o.index()] && !state.is_planned(o) && !state.is_left_out(o))
}

/// Placement modes worth trying on this instance.
fn modes(instance: &Instance, scope: &Scope, focus: &Focus) -> Vec<Mode> {
    let mut modes = vec![Mode::Earliest];
    if instance.has_energy_costs() {
        modes.push(Mode::Cheap);
    }
    if scope.stability.is_some() {
        modes.push(Mode::Baseline);
    }
    if !focus.expensive.is_empty() {
        modes.push(Mode::Avoid);
    }
    modes
}

/// Applies one move to `state`: returns the orders it touched and the change that restores them.
fn make_move(
    state: &mut PlantState<'_>,
    context: &Context<'_>,
    chosen: Move,
    rng: &mut ChaCha8Rng,
) -> (Vec<OrderId>, Change) {
    let instance = state.instance;
    let movable = context.movable;
    if chosen == Move::Decide {
        let decided = if rng.random_bool(0.5) {
            choice::take_back(state, movable, context.modes, &context.focus.expensive, rng)
                .or_else(|| choice::drop_one(state, movable, rng))
        } else {
            choice::drop_one(state, movable, rng)
        };
        if let Some(made) = decided {
            return made;
        }
    }
    if chosen == Move::Reposition {
        // Half the time an operation of a damaged order, when there is damage.
        let pool = if !context.damaged.is_empty() && rng.random_bool(0.5) {
            context.damaged
        } else {
            context.zone
        };
        let order = pool[rng.random_range(0..pool.len())];
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
    if chosen == Move::Squeeze {
        let kind = if context.damaged.is_empty() || rng.random_bool(0.5) {
            Ruin::Related
        } else {
            Ruin::Damaged
        };
        let k = 1 + rng.random_range(0..FOCUSED_RUIN.min(context.zone.len()));
        let mut orders = choose(state, context.zone, context.damaged, &[], kind, k, rng);
        order_for_insertion(instance, &mut orders, rng);
        return squeeze(state, &orders, context.modes, &context.focus.expensive);
    }
    let has_unplanned = state.quality().unplanned > 0;
    let kind = match chosen {
        _ if has_unplanned && rng.random_bool(0.5) => Ruin::Unplanned,
        Move::Ruin(kind) => kind,
        Move::Reposition | Move::Decide | Move::Squeeze => Ruin::Related,
    };
    // Unplanned orders and the makespan may need room anywhere; other moves start in the zone.
    let seeds = match kind {
        Ruin::Unplanned | Ruin::Critical => movable,
        _ => context.zone,
    };
    let k_max = match kind {
        Ruin::Damaged | Ruin::DamagedCluster | Ruin::Window | Ruin::Late => FOCUSED_RUIN,
        _ if !context.focus.is_empty() => FOCUSED_RUIN,
        _ => (seeds.len() / 8).clamp(2, 25),
    }
    .min(seeds.len());
    let k = 1 + rng.random_range(0..k_max);
    let in_windows = if kind == Ruin::Window {
        orders_in_windows(state, context.focus)
    } else {
        Vec::new()
    };
    let mut orders = choose(state, seeds, context.damaged, &in_windows, kind, k, rng);
    let undo = Change::take_out(state, &orders);
    if kind == Ruin::Late && !orders.is_empty() {
        // The late order first, so that it takes the place of the orders in its way.
        order_for_insertion(instance, &mut orders[1..], rng);
    } else if kind == Ruin::Unplanned {
        // The unplanned order first; then the others largest material demand first (a packing
        // heuristic: big items first leave room for small ones) or in random order.
        if rng.random_bool(0.5) {
            let demand = |o: OrderId| instance.order_demand(o).map(|(_, q)| q).sum::<f64>();
            orders[1..].sort_by(|&a, &b| demand(b).total_cmp(&demand(a)).then(a.cmp(&b)));
        } else {
            orders[1..].shuffle(rng);
        }
    } else {
        order_for_insertion(instance, &mut orders, rng);
    }
    for &o in &orders {
        if insert_order(state, o, context.modes, &context.focus.expensive) {
            choice::keep_if_it_pays(state, o);
        }
    }
    (orders, undo)
}

/// By order: in `zone`, or placed otherwise in `state` than in `initial` (what a compaction around
/// a local event may move).
fn shiftable(state: &PlantState<'_>, initial: &Schedule, zone: &[OrderId]) -> Vec<bool> {
    let instance = state.instance;
    let mut shiftable = vec![false; instance.orders().len()];
    for &o in zone {
        shiftable[o.index()] = true;
    }
    let before = initial.by_op(instance);
    for op in instance.op_ids() {
        if state.tt.placement(op) != before[op.index()] {
            shiftable[instance.op(op).order.index()] = true;
        }
    }
    shiftable
}

/// Puts orders taken out in the order they go back in: random, or by deadline, due date and
/// release (half the time each).
fn order_for_insertion(instance: &Instance, orders: &mut [OrderId], rng: &mut ChaCha8Rng) {
    if rng.random_bool(0.5) {
        orders.shuffle(rng);
    } else {
        orders.sort_by_key(|&o| {
            let order = instance.order(o);
            (order.deadline, order.due, order.release, o)
        });
    }
}

/// The damaged orders and the movable orders with work on the same machine within [`NEAR`] of
/// theirs (sorted): where a re-plan after a local event looks for a better plan.
fn zone(state: &PlantState<'_>, movable: &[OrderId], damaged: &[OrderId]) -> Vec<OrderId> {
    let instance = state.instance;
    let mut near = vec![false; instance.orders().len()];
    for &o in damaged {
        near[o.index()] = true;
        let placed = instance
            .order_plan(o)
            .op_ids()
            .filter_map(|op| state.tt.placement(op));
        for other in state.ops_around(placed, NEAR) {
            near[instance.op(other).order.index()] = true;
        }
    }
    movable
        .iter()
        .copied()
        .filter(|o| near[o.index()])
        .collect()
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
