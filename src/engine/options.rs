//! Which solver to run and within which limits.

use std::time::Duration;

/// The solver engines takt offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum SolverKind {
    /// Picks the best engine for the instance.
    #[default]
    Auto,
    /// The dispatching heuristic: a feasible plan in near-linear time.
    Greedy,
    /// Parallel local search from the dispatching plan.
    Search,
    /// Exact MILP formulations solved by HiGHS, warm-started from the dispatching plan: proven
    /// optima and lower bounds on small and medium instances.
    Milp,
}

impl SolverKind {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            SolverKind::Auto => "auto",
            SolverKind::Greedy => "greedy",
            SolverKind::Search => "search",
            SolverKind::Milp => "milp",
        }
    }
}

/// Limits and knobs shared by every solver. Randomness and parallelism are injected here only, so
/// that the same instance, seed and thread count give the same plan.
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// Wall-clock budget for improving solvers.
    pub time_limit: Duration,
    /// Optional iteration budget per search run, for exactly reproducible results.
    pub max_iterations: Option<u64>,
    /// Worker threads for parallel solvers (at least 1).
    pub threads: usize,
    /// Seed for every random choice.
    pub seed: u64,
    /// Relative MIP gap at which the MILP stops.
    pub mip_gap: f64,
    /// Show a progress bar on stderr (only when it is a terminal).
    pub progress: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        Self {
            time_limit: Duration::from_secs(10),
            max_iterations: None,
            threads: 2,
            seed: 1,
            mip_gap: 1e-4,
            progress: false,
        }
    }
}
