//! What a plant search may change: frozen operations never move, and (when re-planning) every change
//! against a baseline plan costs a stability penalty.

use crate::model::{Instance, Minutes, OpId};
use crate::solution::ScheduledOp;

/// The part of a plan the search may change, and what changing it costs.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scope {
    /// By operation index: frozen operations never move (machine, start and end stay).
    pub frozen: Vec<bool>,
    /// Penalise changes against a baseline (re-planning); `None` for a fresh solve.
    pub stability: Option<Stability>,
}

/// The plan people already work to, and what moving away from it costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Stability {
    /// By operation index: the baseline placement, `None` for operations new in this plan.
    pub baseline: Vec<Option<ScheduledOp>>,
    /// Cost per operation whose machine or start differs from the baseline.
    pub move_penalty: f64,
    /// Operations whose baseline start is before this minute are "published"...
    pub published_until: Minutes,
    /// ...and cost this (instead of `move_penalty`) when they change.
    pub published_move_penalty: f64,
}

impl Scope {
    /// Nothing frozen, no baseline: a fresh solve.
    pub fn free(instance: &Instance) -> Self {
        Self {
            frozen: vec![false; instance.ops().len()],
            stability: None,
        }
    }

    /// True when `op` may not move.
    #[inline]
    pub fn is_frozen(&self, op: OpId) -> bool {
        self.frozen.get(op.index()).copied().unwrap_or(false)
    }

    /// Stability penalty of placing `op` as `placed` (0 without a baseline or when unchanged).
    #[inline]
    pub fn move_cost(&self, placed: &ScheduledOp) -> f64 {
        self.stability.as_ref().map_or(0.0, |s| s.move_cost(placed))
    }
}

impl Stability {
    /// Penalty of placing an operation as `placed` against its baseline placement.
    pub fn move_cost(&self, placed: &ScheduledOp) -> f64 {
        match self.baseline.get(placed.op.index()).copied().flatten() {
            Some(b) if b.machine == placed.machine && b.start == placed.start => 0.0,
            Some(b) if b.start < self.published_until => self.published_move_penalty,
            Some(_) => self.move_penalty,
            None => 0.0,
        }
    }

    /// The baseline placement of `op`, if it had one.
    pub fn baseline_of(&self, op: OpId) -> Option<ScheduledOp> {
        self.baseline.get(op.index()).copied().flatten()
    }
}
