//! `--solver milp`: the MILP warm-started from the dispatching plan (when it plans every order).

use super::{RawResult, SolveError, SolveOptions, solving};
use crate::budget::{Budget, Clock};
use crate::milp;
use crate::model::Instance;
use crate::outcome::Status;
use crate::solution::Schedule;

const SOLVER: &str = "milp";

/// Runs the MILP on what is left of `clock` (less the time kept for the final check).
pub(super) fn run(
    instance: &Instance,
    dispatched: &Schedule,
    options: &SolveOptions,
    budget: &Budget,
    clock: &Clock,
) -> Result<RawResult, SolveError> {
    let milp_options = milp::MilpOptions {
        mip_gap: options.mip_gap,
        ..milp::MilpOptions::default()
    };
    let phase = budget
        .clone()
        .with_time_limit(solving(clock, instance).remaining());
    let warm = dispatched.unplanned.is_empty().then_some(dispatched);
    let result = match milp::solve(instance, warm, &milp_options, &phase) {
        Ok(result) => result,
        // A plan the checker rejects: the engine falls back to the dispatching plan and says so.
        Err(milp::MilpError::PlanRejected { report }) => {
            let mut raw = RawResult::heuristic(SOLVER, Schedule::default());
            raw.notes.push(format!(
                "fallback: the MILP's plan failed the independent checker ({} violation(s)); this \
                 is a bug in takt, please report it. The dispatching plan is returned instead",
                report.violations.len()
            ));
            raw.solver = "greedy";
            raw.schedule = Some(dispatched.clone());
            return Ok(raw);
        }
        Err(err @ (milp::MilpError::TooLarge { .. } | milp::MilpError::NotApplicable(_))) => {
            return Err(SolveError::Refused {
                solver: SOLVER,
                message: err.to_string(),
            });
        }
        Err(milp::MilpError::Solver(message)) => {
            return Err(SolveError::Failed {
                solver: SOLVER,
                message,
            });
        }
    };
    let mut notes = vec![format!("formulation: {}", result.formulation)];
    notes.extend(result.notes);
    let status = match result.status {
        milp::MilpStatus::Infeasible => Status::Infeasible,
        milp::MilpStatus::NoSolutionWithinLimit => Status::NoSolutionWithinLimit,
        milp::MilpStatus::Optimal | milp::MilpStatus::Feasible => Status::Feasible,
    };
    Ok(RawResult {
        solver: SOLVER,
        proven_optimal: result.status == milp::MilpStatus::Optimal,
        status,
        schedule: result.schedule,
        bound: result.lower_bound,
        explanation: result.explanation,
        notes,
    })
}
