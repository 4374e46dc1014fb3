//! Stability: a penalty per operation whose machine or start differs from the baseline, so that the
//! new plan stays close to the one people already work to. Operations in the published window (just
//! after `now`) cost more to move than later ones; frozen operations never move.

use super::frozen::{BaselineMap, Horizon};
use crate::model::Instance;
use crate::solution::Schedule;

/// How much moving an operation costs, in objective units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StabilityWeights {
    /// Cost per moved operation whose baseline start is at or after the published window's end.
    pub move_penalty: f64,
    /// Cost per moved operation whose baseline start lies in the published window.
    pub published_move_penalty: f64,
}

/// Minutes of an average order's lateness that moving one operation is worth, by default.
const DEFAULT_MOVE_MINUTES: f64 = 60.0;

/// How much more moving a published operation costs than moving a later one, by default.
const DEFAULT_PUBLISHED_FACTOR: f64 = 10.0;

impl StabilityWeights {
    /// Penalties in the instance's own cost scale: moving an operation costs as much as an average
    /// order an hour late, ten times that in the published window.
    ///
    /// The unit is the tardiness weight times the mean tardiness weight of the orders with a due
    /// date; without tardiness costs, the makespan weight (a minute of makespan); otherwise 1.
    pub fn scaled_to(instance: &Instance) -> Self {
        let w = instance.weights();
        let weights: Vec<f64> = instance
            .orders()
            .iter()
            .filter(|o| o.due.is_some())
            .map(|o| o.weight)
            .collect();
        let mean = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
        let unit = if w.tardiness * mean > 0.0 {
            w.tardiness * mean
        } else if w.makespan > 0.0 {
            w.makespan
        } else {
            1.0
        };
        Self {
            move_penalty: unit * DEFAULT_MOVE_MINUTES,
            published_move_penalty: unit * DEFAULT_MOVE_MINUTES * DEFAULT_PUBLISHED_FACTOR,
        }
    }

    /// The penalties a user chose, with the documented defaults for what they left out: the move
    /// penalty [`Self::scaled_to`] the instance, and the published move penalty ten times the move
    /// penalty (the chosen one, when only that was given).
    pub fn chosen(
        instance: &Instance,
        move_penalty: Option<f64>,
        published_move_penalty: Option<f64>,
    ) -> Self {
        let scaled = Self::scaled_to(instance);
        match (move_penalty, published_move_penalty) {
            (None, None) => scaled,
            (moved, published) => {
                let move_penalty = moved.unwrap_or(scaled.move_penalty);
                Self {
                    move_penalty,
                    published_move_penalty: published
                        .unwrap_or(DEFAULT_PUBLISHED_FACTOR * move_penalty),
                }
            }
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
