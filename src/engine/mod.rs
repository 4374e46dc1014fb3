//! One entry point for every solver: pick an engine, run it within the limits, and pass its plan
//! through the independent checker before anyone sees it.

mod options;
mod outcome;

pub use options::{SolveOptions, SolverKind};
pub use outcome::{SolveError, SolveOutcome, SolveStatus};

use crate::dispatch::DispatchOptions;
use crate::model::Instance;
use crate::search::{SearchOptions, plant, shop};
use crate::solution::{Schedule, evaluate};
use crate::validate::{Report, validate};
use std::time::{Duration, Instant};

/// Solves `instance` with the chosen solver and checks the plan.
///
/// The returned plan has passed [`crate::validate::validate`]; a solver bug that produced an
/// infeasible plan surfaces as [`SolveError::InfeasiblePlan`] with the checker's report, never as a
/// plan.
pub fn solve(
    instance: &Instance,
    kind: SolverKind,
    options: &SolveOptions,
) -> Result<SolveOutcome, SolveError> {
    let started = Instant::now();
    let dispatched = crate::dispatch::dispatch(instance, &DispatchOptions::default());
    let raw = match kind {
        SolverKind::Greedy => RawResult::heuristic("greedy", dispatched),
        SolverKind::Search | SolverKind::Auto => {
            improve(instance, dispatched, &remaining(options, instance, started))
        }
    };
    finish(instance, raw, started)
}

/// The options with the time limit cut to what is left of the whole solve's budget after `started`,
/// keeping back time for the final check (about 20 us per operation, at most a tenth of the limit).
/// `--time-limit` bounds the whole solve, not each phase.
fn remaining(options: &SolveOptions, instance: &Instance, started: Instant) -> SolveOptions {
    let check =
        Duration::from_micros(20 * instance.ops().len() as u64).min(options.time_limit / 10);
    SolveOptions {
        time_limit: options
            .time_limit
            .saturating_sub(started.elapsed())
            .saturating_sub(check),
        ..options.clone()
    }
}

/// Local search from the dispatching plan within the options' limits.
fn improve(instance: &Instance, initial: Schedule, options: &SolveOptions) -> RawResult {
    let search = SearchOptions {
        time_limit: options.time_limit,
        max_iterations: options.max_iterations,
        threads: options.threads,
        seed: options.seed,
        progress: options.progress,
    };
    let improved = if shop::applies_to(instance) {
        shop::improve(instance, &initial, &search)
    } else {
        plant::improve(instance, &initial, &search, &plant::Scope::free(instance))
    };
    RawResult::heuristic("search", improved)
}

/// What a solver hands back before the checker has seen it.
pub(crate) struct RawResult {
    pub solver: &'static str,
    pub schedule: Schedule,
    /// Proven optimal by the solver.
    pub proven_optimal: bool,
    /// The solver's own bound on the objective, if it has one better than the simple bound.
    pub bound: Option<f64>,
    /// Anything the user should know (size guard decisions, fallbacks).
    pub notes: Vec<String>,
}

impl RawResult {
    pub(crate) fn heuristic(solver: &'static str, schedule: Schedule) -> Self {
        Self {
            solver,
            schedule,
            proven_optimal: false,
            bound: None,
            notes: Vec::new(),
        }
    }
}

fn finish(
    instance: &Instance,
    raw: RawResult,
    started: Instant,
) -> Result<SolveOutcome, SolveError> {
    let mut schedule = raw.schedule;
    schedule.normalize();
    let report: Report = validate(instance, &schedule);
    if !report.is_feasible() {
        return Err(SolveError::InfeasiblePlan {
            solver: raw.solver,
            report: Box::new(report),
        });
    }
    let kpis = evaluate(instance, &schedule);
    let lower_bound = match raw.bound {
        Some(b) => b.max(kpis.objective_lower_bound),
        None => kpis.objective_lower_bound,
    };
    // A plan whose objective meets a valid lower bound is optimal, whoever found it.
    let meets_bound = kpis.objective <= lower_bound + 1e-9 * kpis.objective.abs().max(1.0);
    let status = if !schedule.unplanned.is_empty() {
        SolveStatus::Partial
    } else if raw.proven_optimal || meets_bound {
        SolveStatus::Optimal
    } else {
        SolveStatus::Feasible
    };
    Ok(SolveOutcome {
        solver: raw.solver,
        status,
        lower_bound: if status == SolveStatus::Optimal {
            kpis.objective
        } else {
            lower_bound.min(kpis.objective)
        },
        schedule,
        kpis,
        report,
        notes: raw.notes,
        elapsed: started.elapsed(),
    })
}
