//! Stability: a penalty per operation whose machine or start differs from the baseline, so that the
//! new plan stays close to the one people already work to. Operations in the published window (just
//! after `now`) cost more to move than later ones; frozen operations never move.

use super::frozen::{BaselineMap, Horizon};
use crate::solution::Schedule;

/// How much moving an operation costs, in objective units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StabilityWeights {
    /// Cost per moved operation whose baseline start is at or after the published window's end.
    pub move_penalty: f64,
    /// Cost per moved operation whose baseline start lies in the published window.
    pub published_move_penalty: f64,
}

impl Default for StabilityWeights {
    /// 1 per moved operation, 10 inside the published window.
    fn default() -> Self {
        Self {
            move_penalty: 1.0,
            published_move_penalty: 10.0,
        }
    }
}

/// The stability penalty of `schedule` against the baseline: for every operation placed in both,
/// the move penalty when its machine or start differs.
pub(crate) fn penalty(
    baseline: &BaselineMap,
    schedule: &Schedule,
    horizon: &Horizon,
    weights: &StabilityWeights,
) -> f64 {
    let mut total = 0.0;
    for s in &schedule.ops {
        let Some(Some(old)) = baseline.placements.get(s.op.index()) else {
            continue;
        };
        if old.machine == s.machine && old.start == s.start {
            continue;
        }
        total += if old.start < horizon.published_until {
            weights.published_move_penalty
        } else {
            weights.move_penalty
        };
    }
    total
}
