//! Why a what-if run could not be made or merged.

use super::grid::GridError;
use super::sample::RiskError;
use crate::budget::BudgetError;
use crate::replan::ReplanError;

/// A what-if run that cannot start, or shards that cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum WhatIfError {
    /// No candidate plan was given.
    #[error("no plan to evaluate: give one published plan, or two to compare")]
    NoPlan,
    /// A candidate plan does not fit the instance (unknown ids, or it breaks a rule).
    #[error("plan '{plan}': {source}")]
    Plan {
        /// The plan's name.
        plan: String,
        /// What the re-planner found.
        source: ReplanError,
    },
    /// The budget is outside its documented range.
    #[error("{0}")]
    Budget(#[from] BudgetError),
    /// A risk cannot be drawn from.
    #[error("{0}")]
    Risk(#[from] RiskError),
    /// A grid axis cannot be used.
    #[error("{0}")]
    Grid(#[from] GridError),
    /// The late threshold is not a probability.
    #[error("late threshold {0} is not a probability in [0, 1]")]
    Threshold(f64),
    /// A shard specification that is not `i/N`.
    #[error("'{0}' is not i/N: give the shard's number and the number of shards, e.g. 2/4")]
    ShardSyntax(String),
    /// A shard specification is out of range.
    #[error("shard {index}/{count}: {message}")]
    Shard {
        /// The shard's number as given (1-based).
        index: usize,
        /// The number of shards as given.
        count: usize,
        /// What is wrong.
        message: String,
    },
    /// Shards that do not belong together, or that leave scenarios out.
    #[error("cannot merge: {0}")]
    Merge(String),
}
