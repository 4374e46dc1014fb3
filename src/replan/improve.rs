//! The improvement step after the repair: local search restricted to the unfrozen operations, with
//! the stability penalty added to the objective.
//!
//! The plant local search (`search::plant`) is not available yet; until it is, this step returns the
//! repaired plan unchanged. The replanner calls it once, with the remaining time budget, and keeps its
//! result only when it respects the frozen part and costs no more than the repaired plan.

use super::frozen::{BaselineMap, Horizon};
use super::stability::StabilityWeights;
use crate::model::Instance;
use crate::search::SearchOptions;
use crate::solution::Schedule;

/// What the improvement may change and what moving costs.
#[allow(dead_code)] // Read by the plant local search once it is wired in.
pub(crate) struct Scope<'a> {
    /// The baseline matched against the instance: placements and frozen flags.
    pub baseline: &'a BaselineMap,
    /// `now` (no unfrozen operation starts before it) and the published window.
    pub horizon: Horizon,
    /// Move penalties.
    pub weights: StabilityWeights,
}

/// Improves `repaired` within `options`; never moves frozen operations.
pub(crate) fn improve(
    _instance: &Instance,
    repaired: &Schedule,
    _scope: &Scope<'_>,
    _options: &SearchOptions,
) -> Schedule {
    repaired.clone()
}
