//! What a plant search may change: frozen operations never move, nothing else starts before a "not
//! before" time, and (when re-planning) every change against a baseline plan costs a stability
//! penalty and work inside a predicted failure a risk penalty.

use crate::model::{Instance, MachineId, Minutes, OpId, OrderId, SiteId, Window};
use crate::solution::{ScheduledOp, StabilityWeights};

/// The part of a plan the search may change, and what changing it costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    /// By operation index: frozen operations never move (machine, start and end stay).
    pub frozen: Vec<bool>,
    /// No operation that is not frozen starts before this minute (`now` when re-planning;
    /// [`Minutes::MIN`] for a fresh solve).
    pub not_before: Minutes,
    /// Penalise changes against a baseline (re-planning); `None` for a fresh solve.
    pub stability: Option<Stability>,
    /// Predicted failures: work placed inside them costs a risk penalty.
    pub risks: Vec<RiskWindow>,
    /// Every order the initial plan plans stays planned: a move that leaves one out is undone,
    /// even when it plans another instead (re-planning: a promised order is never traded for
    /// another). `false` lets a fresh solve trade one unplanned order for another. Under the
    /// `contribution` form an optional or deferrable order without frozen work may still be
    /// dropped or deferred: that is a priced decision, not a promise broken for want of room.
    pub keep_planned: bool,
}

impl Default for Scope {
    /// Nothing frozen, no "not before" time, no baseline, no risks, orders may be traded.
    fn default() -> Self {
        Self {
            frozen: Vec::new(),
            not_before: Minutes::MIN,
            stability: None,
            risks: Vec::new(),
            keep_planned: false,
        }
    }
}

/// A window in which a machine may fail: an operation on it that runs inside the window costs
/// `per_minute x` the minutes from its start (or the window's start, if later) to the window's
/// end, the expected delay if the failure catches it and the machine is back when the window ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RiskWindow {
    /// The machine.
    pub machine: MachineId,
    /// When it may fail.
    pub window: Window,
    /// Probability of the failure times the cost of a minute of delay.
    pub per_minute: f64,
}

impl RiskWindow {
    /// The risk penalty of `placed` (0 on another machine or outside the window).
    pub fn cost(&self, placed: &ScheduledOp) -> f64 {
        if placed.machine != self.machine
            || !Window::new(placed.start, placed.end.max(placed.start)).overlaps(&self.window)
        {
            return 0.0;
        }
        self.per_minute
            * self
                .window
                .end
                .saturating_sub(placed.start.max(self.window.start)) as f64
    }
}

/// The plan people already work to, and what moving away from it costs.
#[derive(Clone, Debug, PartialEq)]
pub struct Stability {
    /// By operation index: the baseline placement, `None` for operations new in this plan.
    pub baseline: Vec<Option<ScheduledOp>>,
    /// What a move costs ([`StabilityWeights::move_cost`]).
    pub weights: StabilityWeights,
    /// Operations whose baseline start is before this minute are "published" (their moves cost
    /// the published penalties).
    pub published_until: Minutes,
    /// By machine index: its site (a move to another site is a change of plant).
    pub plant_of: Vec<SiteId>,
    /// By operation index: its baseline placement draws power inside a window whose price rose
    /// (its moves cost [`StabilityWeights::repriced_factor`] times the usual); empty or short
    /// means none.
    pub repriced: Vec<bool>,
    /// By order index: a `high` priority order on time in the baseline (making it late costs
    /// [`StabilityWeights::high_late_penalty`]); empty or short means none.
    pub on_time_high: Vec<bool>,
}

impl Scope {
    /// Nothing frozen, no baseline: a fresh solve.
    pub fn free(instance: &Instance) -> Self {
        Self {
            frozen: vec![false; instance.ops().len()],
            ..Self::default()
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

    /// Risk penalty of `placed` over every risk window (0 without any).
    #[inline]
    pub fn risk_cost(&self, placed: &ScheduledOp) -> f64 {
        self.risks.iter().map(|r| r.cost(placed)).sum::<f64>() + 0.0
    }

    /// What `order` arriving `tardiness` minutes late costs beyond the objective (a `high`
    /// priority order made late, [`Stability::late_cost`]).
    #[inline]
    pub fn late_cost(&self, order: OrderId, tardiness: Minutes) -> f64 {
        self.stability
            .as_ref()
            .map_or(0.0, |s| s.late_cost(order, tardiness))
    }

    /// Everything a placement costs beyond the objective: stability and risk penalties.
    #[inline]
    pub fn penalty(&self, placed: &ScheduledOp) -> f64 {
        let risk = if self.risks.is_empty() {
            0.0
        } else {
            self.risk_cost(placed)
        };
        self.move_cost(placed) + risk
    }
}

impl Stability {
    /// Stability against `baseline` (by operation index) under `weights`.
    pub fn new(
        instance: &Instance,
        baseline: Vec<Option<ScheduledOp>>,
        weights: StabilityWeights,
        published_until: Minutes,
    ) -> Self {
        Self {
            baseline,
            weights,
            published_until,
            plant_of: instance.machines().iter().map(|m| m.site).collect(),
            repriced: Vec::new(),
            on_time_high: Vec::new(),
        }
    }

    /// The same with the `high` priority orders on time in the baseline (by order index).
    pub fn with_on_time_high(mut self, on_time_high: Vec<bool>) -> Self {
        self.on_time_high = on_time_high;
        self
    }

    /// [`StabilityWeights::high_late_penalty`] when `order` is a `high` priority order on time in
    /// the baseline and `tardiness` (minutes) makes it late; else 0.
    pub fn late_cost(&self, order: OrderId, tardiness: Minutes) -> f64 {
        if tardiness > 0
            && self
                .on_time_high
                .get(order.index())
                .copied()
                .unwrap_or(false)
        {
            self.weights.high_late_penalty
        } else {
            0.0
        }
    }

    /// The same with the operations whose baseline placement lies in a window whose price rose
    /// (by operation index).
    pub fn with_repriced(mut self, repriced: Vec<bool>) -> Self {
        self.repriced = repriced;
        self
    }

    /// Penalty of placing an operation as `placed` against its baseline placement.
    pub fn move_cost(&self, placed: &ScheduledOp) -> f64 {
        match self.baseline.get(placed.op.index()).copied().flatten() {
            Some(b) => self.weights.move_cost(
                &b,
                placed,
                |m| self.plant_of[m.index()],
                b.start < self.published_until,
                self.repriced
                    .get(placed.op.index())
                    .copied()
                    .unwrap_or(false),
            ),
            None => 0.0,
        }
    }

    /// The baseline placement of `op`, if it had one.
    pub fn baseline_of(&self, op: OpId) -> Option<ScheduledOp> {
        self.baseline.get(op.index()).copied().flatten()
    }
}
