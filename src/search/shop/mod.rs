//! Makespan local search for shop instances: orders with routings, machine choice, release dates and
//! lags, and nothing else that couples operations (no downtime, materials, power caps or deadlines).

mod insertion;
mod problem;
mod state;
mod tabu;
mod tabu_search;

use super::parallel::run_indexed;
use crate::budget::{Budget, Clock};
use crate::model::{Instance, Minutes, OrderId};
use crate::solution::{Schedule, ScheduledOp, bounds};
use problem::ShopProblem;
use state::ShopState;
use std::sync::atomic::AtomicBool;
use tabu_search::{TabuParams, tabu_search};

/// True when the makespan tabu search models `instance` exactly: the objective is makespan only and
/// nothing but routings and machines couples the operations (and no machine has modes).
pub fn applies_to(instance: &Instance) -> bool {
    let w = instance.weights();
    let only_makespan = w.makespan > 0.0
        && (w.tardiness == 0.0 || instance.orders().iter().all(|o| o.due.is_none()))
        && (w.energy == 0.0 || !instance.has_energy_costs())
        && (w.transport == 0.0 || !instance.has_plant_choice());
    only_makespan
        && !instance.has_downtime()
        && !instance.has_materials()
        && !instance.has_power_caps()
        && !instance.has_deadlines()
        && !instance.has_plant_choice()
        && !instance.has_modes()
}

/// Improves the makespan of `initial` (a feasible plan of a shop instance) by parallel tabu search
/// runs ([`Budget::search_chains`] of them, run side by side on the budget's threads), each with
/// its own seed, within `budget`; returns the best plan found (never worse).
pub fn improve(instance: &Instance, initial: &Schedule, budget: &Budget) -> Schedule {
    improve_within(instance, initial, budget, &budget.start())
}

/// [`improve`] on a clock already running (the engine's whole-solve clock).
pub(crate) fn improve_within(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    clock: &Clock,
) -> Schedule {
    let planned: Vec<OrderId> = instance
        .order_ids()
        .filter(|&o| !initial.is_unplanned(o))
        .collect();
    let p = ShopProblem::new(instance, &planned);
    if p.len() == 0 {
        return initial.clone();
    }
    let Some(start) = state_from_schedule(&p, instance, initial) else {
        return initial.clone();
    };
    let lower_bound = bounds::makespan_lower_bound(instance);
    let stop = AtomicBool::new(false);
    let n = p.len() as u64;
    clock.report("search", 0, start.makespan as f64);
    let chains = budget.search_chains();
    let runs = run_indexed(budget.workers().min(chains), chains, |run| {
        let params = TabuParams {
            max_iterations: budget.iterations.unwrap_or(u64::MAX),
            clock,
            seed: budget
                .seed
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .wrapping_add(run as u64),
            lower_bound,
            // A portfolio: even runs dwell longer before restarting from their best plan (good on
            // the classic job shops), odd runs restart sooner (good on flexible ones).
            stall_limit: if run % 2 == 0 {
                2_000 + 20 * n
            } else {
                500 + 5 * n
            },
            stop: (budget.iterations.is_none()).then_some(&stop),
        };
        tabu_search(&p, start.clone(), &params)
    });
    let best = runs
        .into_iter()
        .min_by_key(|r| r.best.makespan)
        .map(|r| r.best)
        .unwrap_or(start);
    let mut schedule = to_schedule(&p, instance, &best, initial);
    if schedule.makespan() > initial.makespan() {
        return initial.clone();
    }
    schedule.normalize();
    schedule
}

/// Machine choice and sequences of a feasible plan (sequences ordered by start time).
fn state_from_schedule(p: &ShopProblem, instance: &Instance, s: &Schedule) -> Option<ShopState> {
    let placed = s.by_op(instance);
    let mut opt = Vec::with_capacity(p.len());
    let mut by_machine: Vec<Vec<(Minutes, u32)>> = vec![Vec::new(); p.machines];
    for (i, op_id) in p.op_ids.iter().enumerate() {
        let placed = placed[op_id.index()]?;
        let o = p
            .options(i as u32)
            .find(|&o| p.opt_machine[o as usize] == placed.machine.0)?;
        opt.push(o);
        by_machine[placed.machine.index()].push((placed.start, i as u32));
    }
    let seq = by_machine
        .into_iter()
        .map(|mut v| {
            v.sort();
            v.into_iter().map(|(_, i)| i).collect()
        })
        .collect();
    let mut state = ShopState::new(p, opt, seq);
    state.evaluate(p).then_some(state)
}

/// The semi-active plan of a state: every operation at its head.
fn to_schedule(
    p: &ShopProblem,
    instance: &Instance,
    s: &ShopState,
    initial: &Schedule,
) -> Schedule {
    let mut schedule = Schedule {
        ops: (0..p.len() as u32)
            .map(|i| ScheduledOp {
                op: p.op_ids[i as usize],
                machine: crate::model::MachineId(s.machine(p, i)),
                start: s.head[i as usize],
                end: s.head[i as usize] + s.dur(p, i),
                mode: crate::model::ModeId::NOMINAL,
            })
            .collect(),
        shipments: Vec::new(),
        unplanned: initial.unplanned.clone(),
        transfers: Vec::new(),
    };
    schedule.ship_orders(instance);
    schedule
}

/// The tabu search's inner steps on one plan, for benchmarks and experiments: decoding machine
/// sequences into start times, and estimating every move of the neighbourhood.
pub struct Probe {
    problem: ShopProblem,
    state: ShopState,
}

impl Probe {
    /// The probe of a feasible plan of a shop instance (`None` when the plan is incomplete).
    pub fn new(instance: &Instance, schedule: &Schedule) -> Option<Probe> {
        let planned: Vec<OrderId> = instance
            .order_ids()
            .filter(|&o| !schedule.is_unplanned(o))
            .collect();
        let problem = ShopProblem::new(instance, &planned);
        let state = state_from_schedule(&problem, instance, schedule)?;
        Some(Probe { problem, state })
    }

    /// Recomputes every start (heads), tail and the makespan from the machine sequences: the
    /// decoder the search runs after each move. Returns the makespan.
    pub fn decode(&mut self) -> Minutes {
        self.state.evaluate(&self.problem);
        self.state.makespan
    }

    /// Estimates every acyclic insertion of every critical operation, as one search iteration
    /// does; returns how many moves were estimated.
    pub fn estimate_neighbourhood(&self) -> usize {
        let (p, s) = (&self.problem, &self.state);
        let mut count = 0;
        for v in (0..p.len() as u32).filter(|&v| s.is_critical(p, v)) {
            insertion::for_each_insertion(p, s, v, |_| count += 1);
        }
        count
    }

    /// Number of operations.
    pub fn operations(&self) -> usize {
        self.problem.len()
    }
}
