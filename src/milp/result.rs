//! What a MILP solve returns.

use super::size::SizeEstimate;
use crate::solution::Schedule;
use crate::validate::Report;

/// How a MILP solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilpStatus {
    /// The plan is proven optimal (the bound equals its objective).
    Optimal,
    /// A feasible plan, optimality not proven.
    Feasible,
    /// No plan was found within the time limit; this says nothing about feasibility.
    NoSolutionWithinLimit,
    /// The instance has no feasible plan; [`MilpResult::explanation`] names the orders or
    /// resources involved.
    Infeasible,
}

impl MilpStatus {
    /// The status as written in reports and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MilpStatus::Optimal => "optimal",
            MilpStatus::Feasible => "feasible",
            MilpStatus::NoSolutionWithinLimit => "no_solution_within_limit",
            MilpStatus::Infeasible => "infeasible",
        }
    }
}

/// The outcome of [`super::solve`].
#[derive(Clone, Debug)]
pub struct MilpResult {
    /// How the solve ended.
    pub status: MilpStatus,
    /// The plan (it passed the checker and plans every order); `None` without a plan.
    pub schedule: Option<Schedule>,
    /// The plan's objective (as [`crate::solution::evaluate`] computes it).
    pub objective: Option<f64>,
    /// A lower bound on the objective of every complete plan that HiGHS proved, when the model
    /// allows one (an exact formulation and windows certified by the plan found).
    pub lower_bound: Option<f64>,
    /// The formulation that produced the result, in words (e.g. `disjunctive`,
    /// `time-indexed (15-minute grid)`).
    pub formulation: String,
    /// For an infeasible instance: which orders, materials or deadlines are involved.
    pub explanation: Vec<String>,
    /// Decisions worth telling the user (grid, decomposition, fallbacks).
    pub notes: Vec<String>,
}

/// Why the MILP engine returned no result at all.
#[derive(Debug, thiserror::Error)]
pub enum MilpError {
    /// The size guard refused to build a model this large.
    #[error("{estimate}; {advice}")]
    TooLarge {
        /// The estimated size of the smallest model the engine would build.
        estimate: SizeEstimate,
        /// Which solver to use instead.
        advice: String,
    },
    /// The requested formulation cannot state this instance.
    #[error("{0}")]
    NotApplicable(String),
    /// A MILP plan failed the independent checker, even re-timed to the minute with its machines
    /// and sequences kept: a bug in takt, reported rather than hidden. A caller holding a checked
    /// plan (the warm start) can say so and return that plan instead.
    #[error("the MILP produced a plan the checker rejects ({} violation(s)); this is a bug in takt, please report it", report.violations.len())]
    PlanRejected {
        /// The checker's findings.
        report: Box<Report>,
    },
    /// HiGHS failed (not a time limit and not infeasibility).
    #[error("HiGHS failed: {0}")]
    Solver(String),
}
