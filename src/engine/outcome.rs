//! What a solve returns: the checked plan, its KPIs, status and bound.

use crate::solution::{Kpis, Schedule};
use crate::validate::Report;
use std::time::Duration;

/// How good the returned plan is known to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SolveStatus {
    /// Proven optimal.
    Optimal,
    /// Feasible and complete, optimality not proven.
    Feasible,
    /// Feasible, but some orders could not be planned (listed with reasons in the plan).
    Partial,
    /// The solver found no plan within its limits; this says nothing about feasibility.
    NoSolutionWithinLimit,
    /// The instance has no feasible plan (with an explanation).
    Infeasible,
}

impl SolveStatus {
    /// The status as written in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SolveStatus::Optimal => "optimal",
            SolveStatus::Feasible => "feasible",
            SolveStatus::Partial => "partial",
            SolveStatus::NoSolutionWithinLimit => "no_solution_within_limit",
            SolveStatus::Infeasible => "infeasible",
        }
    }
}

/// A checked plan with everything known about it.
#[derive(Clone, Debug)]
pub struct SolveOutcome {
    /// The engine that produced the plan.
    pub solver: &'static str,
    /// How good the plan is known to be.
    pub status: SolveStatus,
    /// A valid lower bound on the objective (equal to it when optimal).
    pub lower_bound: f64,
    /// The plan; it passed the checker.
    pub schedule: Schedule,
    /// Its KPIs.
    pub kpis: Kpis,
    /// The checker's report (no violations; lists unplanned orders).
    pub report: Report,
    /// Decisions worth telling the user (fallbacks, size guard).
    pub notes: Vec<String>,
    /// Wall-clock time of the solve including the check.
    pub elapsed: Duration,
}

/// Why a solve returned no plan.
#[derive(Debug, thiserror::Error)]
pub enum SolveError {
    /// A solver produced a plan the checker rejects: a bug in takt, reported rather than hidden.
    #[error("the {solver} solver produced a plan the checker rejects ({} violation(s)); this is a bug in takt, please report it", report.violations.len())]
    InfeasiblePlan {
        /// The solver at fault.
        solver: &'static str,
        /// The checker's findings.
        report: Box<Report>,
    },
    /// The solver ended without a plan: nothing found within the limit
    /// ([`SolveStatus::NoSolutionWithinLimit`]) or the instance is infeasible
    /// ([`SolveStatus::Infeasible`], with an explanation).
    #[error("the {solver} solver returned no plan ({}){}", status.as_str(), explanation_suffix(explanation))]
    NoPlan {
        /// The solver.
        solver: &'static str,
        /// Why there is no plan.
        status: SolveStatus,
        /// For an infeasible instance: the orders, deadlines and materials involved.
        explanation: Vec<String>,
        /// Decisions worth telling the user.
        notes: Vec<String>,
        /// Wall-clock time of the solve.
        elapsed: Duration,
    },
    /// The solver refused the instance (the MILP size guard, or a formulation that cannot state
    /// it); the message names the solver to use instead.
    #[error("the {solver} solver refused: {message}")]
    Refused {
        /// The solver.
        solver: &'static str,
        /// Why, and what to use instead.
        message: String,
    },
    /// The solver failed (not a time limit and not infeasibility).
    #[error("the {solver} solver failed: {message}")]
    Failed {
        /// The solver.
        solver: &'static str,
        /// What went wrong.
        message: String,
    },
}

fn explanation_suffix(explanation: &[String]) -> String {
    if explanation.is_empty() {
        String::new()
    } else {
        format!(": {}", explanation.join("; "))
    }
}
