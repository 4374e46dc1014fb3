//! One entry point for every solver: pick an engine, run it within a [`Budget`], and pass its plan
//! through the independent checker before anyone sees it.
//!
//! ```
//! use takt::prelude::*;
//!
//! let mut b = InstanceBuilder::new("doc");
//! let site = b.add_site(Site::new("plant"));
//! let m = b.add_machine(Machine::new("M1", site));
//! let step = Step { min_lag: 0, options: vec![StepOption { machine: m, setup: 5, run_per_unit: 1.0 }] };
//! let p = b.add_product(Product { name: "P".into(), steps: vec![step], bom: vec![] });
//! b.add_order(Order::new("O1", p, 10));
//! let instance = b.build()?;
//!
//! let options = SolveOptions::with_solver(SolverKind::Search);
//! let outcome = takt::solve(&instance, &options, &Budget::iterations(100).with_threads(1))?;
//! assert!(outcome.checked);
//! assert_eq!(outcome.kpis.unwrap().makespan, 15);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod auto;
mod error;
#[cfg(feature = "highs")]
mod exact;
mod options;

pub use error::SolveError;
pub use options::{DEFAULT_MIP_GAP, SolveOptions, SolverKind};

use crate::budget::{Budget, Clock};
use crate::dispatch::DispatchOptions;
use crate::model::Instance;
use crate::outcome::{CheckedPlan, Outcome, Status};
use crate::search::{plant, shop};
use crate::solution::{Schedule, evaluate};
use crate::validate::validate;
use error::first_violations;
use std::sync::Arc;
use std::time::Duration;

/// Solves `instance` with `options.solver` within `budget` and checks the plan.
///
/// The returned plan has passed [`crate::validate::validate`]. A solver whose plan the checker
/// rejects (a bug) is replaced by the dispatching plan, with a note saying so; only when no checked
/// plan exists at all is that an error. A solve that finds no plan is an [`Outcome`] with status
/// [`Status::NoSolutionWithinLimit`] or [`Status::Infeasible`] (and an explanation), not an error.
///
/// # Errors
/// [`SolveError::Budget`] or [`SolveError::Options`] for values outside their documented ranges;
/// [`SolveError::Refused`] when the MILP's size guard refuses (or the crate was built without the
/// `highs` feature); [`SolveError::Failed`] when HiGHS fails; [`SolveError::InfeasiblePlan`] when
/// no plan passes the checker (a bug).
pub fn solve(
    instance: &Instance,
    options: &SolveOptions,
    budget: &Budget,
) -> Result<Outcome, SolveError> {
    budget.validate()?;
    if !(options.mip_gap.is_finite() && (0.0..=1.0).contains(&options.mip_gap)) {
        return Err(SolveError::Options(format!(
            "MIP gap {} is not a number in [0, 1]",
            options.mip_gap
        )));
    }
    let clock = budget.start();
    let dispatched = crate::dispatch::dispatch(instance, &DispatchOptions::default());
    clock.report("greedy", 0, evaluate(instance, &dispatched).objective);
    // The MILP warm-starts from a plan that makes every order (its models start from every order
    // made); the dispatching plan may have left some out by choice.
    let every_order = || {
        if dispatched.unplanned.iter().any(|u| u.is_choice()) {
            crate::dispatch::dispatch(instance, &DispatchOptions::every_order())
        } else {
            dispatched.clone()
        }
    };
    let raw = match options.solver {
        SolverKind::Greedy => RawResult::heuristic("greedy", dispatched.clone()),
        SolverKind::Search => improve(
            instance,
            dispatched.clone(),
            budget,
            &solving(&clock, instance),
        ),
        SolverKind::Auto => auto::run(instance, every_order(), options, budget, &clock),
        SolverKind::Milp => exact(instance, &every_order(), options, budget, &clock)?,
    };
    finish(instance, raw, dispatched, &clock)
}

/// The clock for solving: the whole budget less the time kept back for the final check (about
/// 20 us per operation, at most a tenth of the limit).
pub(crate) fn solving(clock: &Clock, instance: &Instance) -> Clock {
    let check = Duration::from_micros(20 * instance.ops().len() as u64);
    let reserve = clock
        .time_limit()
        .map_or(check, |limit| check.min(limit / 10));
    clock.keeping_back(reserve)
}

#[cfg(feature = "highs")]
fn exact(
    instance: &Instance,
    dispatched: &Schedule,
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
) -> Result<RawResult, SolveError> {
    exact::run(instance, dispatched, options, budget, clock)
}

#[cfg(not(feature = "highs"))]
fn exact(
    _instance: &Instance,
    _dispatched: &Schedule,
    _options: &SolveOptions,
    _budget: &Budget,
    _clock: &Clock,
) -> Result<RawResult, SolveError> {
    Err(SolveError::Refused {
        solver: "milp",
        message: "takt was built without the `highs` feature; use --solver search or auto".into(),
    })
}

/// Local search from `initial` on `clock`: the makespan tabu search for shop instances, the plant
/// search otherwise.
pub(crate) fn improve(
    instance: &Instance,
    initial: Schedule,
    budget: &Budget,
    clock: &Clock,
) -> RawResult {
    let improved = if shop::applies_to(instance) {
        shop::improve_within(instance, &initial, budget, clock)
    } else {
        plant::improve_within(
            instance,
            &initial,
            budget,
            clock,
            &plant::Scope::free(instance),
        )
    };
    RawResult::heuristic("search", improved)
}

/// What a solver hands back before the checker has seen it.
pub(crate) struct RawResult {
    pub solver: &'static str,
    /// The plan, or `None` when the solver found none (then `status` says why).
    pub schedule: Option<Schedule>,
    /// Without a plan: no solution within the limit, or infeasible.
    pub status: Status,
    /// Proven optimal by the solver.
    pub proven_optimal: bool,
    /// The solver's own bound on the objective of every plan of the orders its plan covers, when it
    /// has one better than the simple bound.
    pub bound: Option<f64>,
    /// Without a plan: why (for an infeasible instance).
    pub explanation: Vec<String>,
    /// Anything the user should know (size guard decisions, fallbacks).
    pub notes: Vec<String>,
}

impl RawResult {
    pub(crate) fn heuristic(solver: &'static str, schedule: Schedule) -> Self {
        Self {
            solver,
            schedule: Some(schedule),
            status: Status::Feasible,
            proven_optimal: false,
            bound: None,
            explanation: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// Checks the raw plan (falling back to the dispatching plan when the checker rejects it), decides
/// the status and the bound, and builds the outcome.
fn finish(
    instance: &Instance,
    raw: RawResult,
    dispatched: Schedule,
    clock: &Clock,
) -> Result<Outcome, SolveError> {
    let shared = Arc::new(instance.clone());
    let Some(mut schedule) = raw.schedule else {
        return Ok(Outcome::no_plan(
            shared,
            raw.solver,
            raw.status,
            raw.explanation,
            raw.notes,
            clock.elapsed(),
        ));
    };
    let mut notes = raw.notes;
    notes.extend(ignored_choices_note(instance));
    notes.extend(
        instance
            .stranded_material()
            .iter()
            .map(|s| s.describe(instance)),
    );
    let mut solver = raw.solver;
    let mut proven_optimal = raw.proven_optimal;
    let mut solver_bound = raw.bound;
    // Under the contribution form, optional work that does not pay is left out (see
    // `dispatch::worth`): a safety net after the solvers, which decide it themselves (dispatch as
    // it plans) or plan every order.
    crate::dispatch::leave_out_unprofitable(instance, &mut schedule);
    schedule.normalize();
    let mut report = validate(instance, &schedule);
    if !report.is_feasible() {
        let mut fallback = dispatched;
        crate::dispatch::leave_out_unprofitable(instance, &mut fallback);
        fallback.normalize();
        let fallback_report = validate(instance, &fallback);
        if solver == "greedy" || !fallback_report.is_feasible() {
            return Err(SolveError::InfeasiblePlan {
                solver,
                report: Box::new(report),
            });
        }
        notes.push(format!(
            "fallback: the {solver} plan failed the independent checker ({} violation(s): {}); \
             this is a bug in takt, please report it. The dispatching plan is returned instead",
            report.violations.len(),
            first_violations(&report)
        ));
        solver = "greedy";
        proven_optimal = false;
        solver_bound = None;
        schedule = fallback;
        report = fallback_report;
    }
    let kpis = evaluate(instance, &schedule);
    // Orders left out by choice do not make a plan incomplete.
    let complete = schedule.unplanned.iter().all(|u| u.is_choice());
    // Both bounds cover exactly the orders the plan covers.
    let lower_bound = solver_bound.map_or(kpis.objective_lower_bound, |b| {
        b.max(kpis.objective_lower_bound)
    });
    // A complete plan whose objective meets a valid lower bound is optimal, whoever found it.
    let meets_bound = kpis.objective <= lower_bound + 1e-9 * kpis.objective.abs().max(1.0);
    // The simple bounds treat every order as required: with orders that may be left out, only a
    // solver that decides them (the MILP) proves what the best choice of orders is.
    let choosable = instance.form() == crate::model::ObjectiveForm::Contribution
        && instance
            .orders()
            .iter()
            .any(|o| o.value.optional || o.value.is_deferrable());
    // The MILP leaves mode-change costs out (they are >= 0): its optimum proves one only for a
    // plan that pays none.
    let proven_optimal = proven_optimal && kpis.mode_change_cost == 0.0;
    let status = if complete && (proven_optimal || (!choosable && meets_bound)) {
        Status::Optimal
    } else {
        Status::Feasible
    };
    let lower_bound = if status == Status::Optimal {
        kpis.objective
    } else if choosable {
        // The simple bounds hold for the orders the plan makes, not for the choice of orders.
        crate::solution::choice_lower_bound(instance, &schedule).min(kpis.objective)
    } else {
        lower_bound.min(kpis.objective)
    };
    let plan = CheckedPlan {
        schedule,
        kpis,
        lower_bound,
        report,
    };
    Ok(Outcome::planned(
        shared,
        solver,
        status,
        plan,
        notes,
        clock.elapsed(),
    ))
}

/// A note when orders may be left out but the weighted-sum form plans every order, so that the
/// `optional` and `defer_cost_per_day` the user gave are not ignored in silence.
fn ignored_choices_note(instance: &Instance) -> Option<String> {
    if instance.form() != crate::model::ObjectiveForm::WeightedSum {
        return None;
    }
    let (optional, deferrable) = instance.orders().iter().fold((0, 0), |(o, d), order| {
        (
            o + usize::from(order.value.optional),
            d + usize::from(order.value.is_deferrable()),
        )
    });
    (optional + deferrable > 0).then(|| {
        format!(
            "{optional} optional and {deferrable} deferrable order(s), but the objective form is \
             weighted_sum, which plans every order; set `form,contribution` in objective.csv to let \
             takt leave out the ones that do not pay"
        )
    })
}
