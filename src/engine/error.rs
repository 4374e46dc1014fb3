//! Why a solve returned no outcome at all.

use crate::budget::BudgetError;
use crate::validate::Report;

/// Why [`super::solve`] returned no [`crate::outcome::Outcome`]. A solve that merely finds no plan
/// (no solution within the limit, or an infeasible instance) is an outcome with that status, not an
/// error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SolveError {
    /// A budget value outside its documented range.
    #[error(transparent)]
    Budget(#[from] BudgetError),
    /// A solver option outside its documented range.
    #[error("{0}")]
    Options(String),
    /// Every plan the solvers produced fails the checker: a bug in takt, reported rather than
    /// hidden (a single solver's bad plan is replaced by the dispatching plan, with a note).
    #[error("the {solver} solver produced a plan the checker rejects ({} violation(s): {}); this is a bug in takt, please report it", report.violations.len(), first_violations(report))]
    InfeasiblePlan {
        /// The solver at fault.
        solver: &'static str,
        /// The checker's findings.
        report: Box<Report>,
    },
    /// The solver refused the instance (the MILP size guard, a formulation that cannot state it,
    /// or a build without the `highs` feature); the message names the solver to use instead.
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

/// The first three violations of a report, for messages.
pub(crate) fn first_violations(report: &Report) -> String {
    report
        .violations
        .iter()
        .take(3)
        .map(|v| format!("[{}] {}", v.code.as_str(), v.message))
        .collect::<Vec<_>>()
        .join("; ")
}
