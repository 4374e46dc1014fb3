//! Stability: the penalty of a plan against the baseline, so that the new plan stays close to the
//! one people already work to. The per-operation model (a fixed part per move, a part growing with
//! the time shift, extra for another machine or plant, more inside the published window) is
//! [`StabilityWeights`]; frozen operations never move.

use super::frozen::{BaselineMap, Horizon};
use crate::model::Instance;
use crate::solution::Schedule;
pub use crate::solution::StabilityWeights;

/// The stability penalty of `schedule` against the baseline: for every operation placed in both,
/// [`StabilityWeights::move_cost`] of its move.
pub(crate) fn penalty(
    instance: &Instance,
    baseline: &BaselineMap,
    schedule: &Schedule,
    horizon: &Horizon,
    weights: &StabilityWeights,
) -> f64 {
    let plant_of = |m: crate::model::MachineId| instance.machine(m).site;
    let mut total = 0.0;
    for s in &schedule.ops {
        let Some(Some(old)) = baseline.placements.get(s.op.index()) else {
            continue;
        };
        total += weights.move_cost(old, s, plant_of, old.start < horizon.published_until);
    }
    total
}
