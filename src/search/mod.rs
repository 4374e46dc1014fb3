//! Local search: improves a feasible plan within a time or iteration budget, in parallel.

mod parallel;
pub mod plant;
mod progress;
pub mod shop;

use std::time::Duration;

/// Budget and knobs of a local search run.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchOptions {
    /// Wall-clock budget.
    pub time_limit: Duration,
    /// Optional iteration budget per run; with it (and no binding time limit) results are exactly
    /// reproducible for a seed and thread count.
    pub max_iterations: Option<u64>,
    /// Parallel workers.
    pub threads: usize,
    /// Seed of all random choices.
    pub seed: u64,
    /// Show a progress bar with the best objective on stderr (only when it is a terminal).
    pub progress: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            max_iterations: None,
            threads: 2,
            seed: 1,
            progress: false,
        }
    }
}
