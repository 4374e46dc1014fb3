//! Which solver to run, and the one knob that only the MILP has.

/// The solver engines takt offers.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum SolverKind {
    /// Picks the best engine for the instance: a short MILP probe where the exact model is small
    /// (with the `highs` feature), the local search otherwise.
    #[default]
    Auto,
    /// The dispatching heuristic: a feasible plan in near-linear time.
    Greedy,
    /// Parallel local search from the dispatching plan.
    Search,
    /// Exact MILP formulations solved by HiGHS, warm-started from the dispatching plan: proven
    /// optima and lower bounds on small and medium instances (needs the `highs` feature).
    Milp,
}

impl SolverKind {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// Relative MIP gap of [`SolveOptions::default`].
pub const DEFAULT_MIP_GAP: f64 = 1e-4;

/// What to solve with; the limits come from a [`crate::budget::Budget`].
#[derive(Clone, Debug, PartialEq)]
pub struct SolveOptions {
    /// The solver engine.
    pub solver: SolverKind,
    /// Relative MIP gap at which the MILP stops, in `[0, 1]`.
    pub mip_gap: f64,
}

impl Default for SolveOptions {
    /// `auto` with a MIP gap of 10^-4.
    fn default() -> Self {
        Self {
            solver: SolverKind::Auto,
            mip_gap: DEFAULT_MIP_GAP,
        }
    }
}

impl SolveOptions {
    /// The given solver with the default MIP gap.
    pub fn with_solver(solver: SolverKind) -> Self {
        Self {
            solver,
            ..Self::default()
        }
    }
}
