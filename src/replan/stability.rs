//! Stability: the penalty of a plan against the baseline, so that the new plan stays close to the
//! one people already work to. The per-operation model (a fixed part per move, a part growing with
//! the time shift, extra for another machine or plant, more inside the published window) is
//! [`StabilityWeights`]; frozen operations never move.

use super::frozen::{BaselineMap, Horizon};
use crate::model::Instance;
pub use crate::solution::StabilityWeights;
use crate::solution::{Schedule, order_outcomes};

/// The stability penalty of `schedule` against the baseline: for every operation placed in both,
/// [`StabilityWeights::move_cost`] of its move; for every `high` priority order on time in the
/// baseline and late or left out by choice in `schedule`, [`StabilityWeights::high_late_penalty`].
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
        total += weights.move_cost(
            old,
            s,
            plant_of,
            old.start < horizon.published_until,
            baseline.repriced[s.op.index()],
        );
    }
    if weights.high_late_penalty > 0.0 && baseline.on_time_high.iter().any(|&p| p) {
        // Left out by choice (dropped or deferred) counts as made late.
        let left_out = schedule
            .unplanned
            .iter()
            .filter(|u| u.is_choice() && baseline.on_time_high[u.order.index()])
            .count();
        let made_late = order_outcomes(instance, schedule)
            .iter()
            .filter(|o| o.tardiness > 0 && baseline.on_time_high[o.order.index()])
            .count()
            + left_out;
        total += weights.high_late_penalty * made_late as f64;
    }
    total
}
