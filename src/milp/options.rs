//! Settings of the MILP engine: limits, formulation choice and size limits.

use crate::budget::Budget;
use crate::model::Minutes;

/// Which formulation [`super::solve`] builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Formulation {
    /// The time-indexed model when energy costs or a power cap that pairs of machines cannot
    /// express matter, the disjunctive model otherwise; when that detailed model with free plant
    /// choice exceeds the size limits and orders can be made at several plants, the network model
    /// chooses the plants first.
    #[default]
    Auto,
    /// The precedence / disjunctive model (energy cost is not part of its objective).
    Disjunctive,
    /// The time-indexed model with starts on a grid of `bucket` minutes, or the finest grid that
    /// fits the size limits when `None`.
    TimeIndexed {
        /// Grid step in minutes (at least 1).
        bucket: Option<Minutes>,
    },
    /// The network model chooses each order's plant, then the detailed model (as in `Auto`)
    /// schedules with those plants fixed.
    NetworkThenDetailed,
}

/// How large a model the MILP engine agrees to build. Above these the size guard refuses and
/// names the solver to use instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeLimits {
    /// Binary and integer variables.
    pub max_integers: usize,
    /// Constraint rows.
    pub max_rows: usize,
    /// Non-zero coefficients in the constraint matrix.
    pub max_nonzeros: usize,
    /// The time-indexed model takes the finest grid whose model has at most this many integer
    /// variables (so that HiGHS can still work on it within seconds), or the finest grid within
    /// the limits above when none is that small.
    pub grid_target_integers: usize,
}

impl Default for SizeLimits {
    fn default() -> Self {
        Self {
            max_integers: 60_000,
            max_rows: 250_000,
            max_nonzeros: 3_000_000,
            grid_target_integers: 15_000,
        }
    }
}

impl SizeLimits {
    /// True when a model of `variables`, `rows` and `nonzeros` stays within the limits.
    pub fn admit(&self, integers: usize, rows: usize, nonzeros: usize) -> bool {
        integers <= self.max_integers && rows <= self.max_rows && nonzeros <= self.max_nonzeros
    }
}

/// Settings of one MILP solve that only the MILP has; time limit, threads and seed come from the
/// [`Budget`].
#[derive(Clone, Debug, PartialEq)]
pub struct MilpOptions {
    /// Relative MIP gap at which HiGHS stops (`mip_rel_gap`), in `[0, 1]`.
    pub mip_gap: f64,
    /// Which formulation to build.
    pub formulation: Formulation,
    /// The size guard's limits.
    pub limits: SizeLimits,
}

impl Default for MilpOptions {
    fn default() -> Self {
        Self {
            mip_gap: 1e-4,
            formulation: Formulation::Auto,
            limits: SizeLimits::default(),
        }
    }
}

/// The options of one run with the budget's knobs HiGHS uses (threads, seed); reads as the
/// [`MilpOptions`] it wraps.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RunOptions {
    /// The MILP's own options.
    pub milp: MilpOptions,
    /// Threads HiGHS may use.
    pub threads: usize,
    /// HiGHS `random_seed`, for reproducible runs.
    pub seed: u64,
}

impl RunOptions {
    pub fn new(milp: &MilpOptions, budget: &Budget) -> Self {
        Self {
            milp: milp.clone(),
            threads: budget.workers(),
            seed: budget.seed,
        }
    }
}

impl std::ops::Deref for RunOptions {
    type Target = MilpOptions;
    fn deref(&self) -> &MilpOptions {
        &self.milp
    }
}
