//! The improvement step after the repair: the plant local search ([`crate::search::plant`])
//! restricted to the unfrozen operations, started no earlier than `now`, with the stability penalty
//! against the baseline.

use super::frozen::{BaselineMap, Horizon};
use super::stability::StabilityWeights;
use crate::budget::{Budget, Clock};
use crate::model::Instance;
use crate::search::plant;
use crate::solution::Schedule;

/// What the improvement may change and what moving costs.
pub(crate) struct Scope<'a> {
    /// The baseline matched against the instance: placements and frozen flags.
    pub baseline: &'a BaselineMap,
    /// `now` (no unfrozen operation starts before it) and the published window.
    pub horizon: Horizon,
    /// Move penalties; `None` for a plan made afresh (no stability penalty).
    pub weights: Option<StabilityWeights>,
    /// Predicted failures and what work inside them costs.
    pub risks: Vec<plant::RiskWindow>,
}

impl Scope<'_> {
    /// The plant search's scope: frozen operations, `now` as its "not before" time, stability
    /// against the baseline, and every order the repaired plan plans kept planned (the re-plan
    /// never drops one in exchange for another).
    pub fn search_scope(&self, instance: &Instance) -> plant::Scope {
        plant::Scope {
            frozen: self.baseline.frozen.clone(),
            not_before: self.horizon.now,
            stability: self.weights.map(|w| {
                plant::Stability::new(
                    instance,
                    self.baseline.placements.clone(),
                    w,
                    self.horizon.published_until,
                )
                .with_repriced(self.baseline.repriced.clone())
                .with_on_time_high(self.baseline.on_time_high.clone())
            }),
            risks: self.risks.clone(),
            keep_planned: true,
        }
    }
}

/// Improves `repaired` within `budget` on `clock`, starting around the damage of `focus`; never
/// moves frozen operations and starts nothing else before `now`. Returns `repaired` unchanged when
/// there is no time or nothing to move.
pub(crate) fn improve(
    instance: &Instance,
    repaired: &Schedule,
    scope: &Scope<'_>,
    focus: &plant::Focus,
    budget: &Budget,
    clock: &Clock,
) -> (Schedule, plant::SearchStats) {
    let movable = scope.baseline.frozen.iter().any(|f| !f) || !repaired.unplanned.is_empty();
    if clock.expired() || budget.iterations == Some(0) || !movable {
        return (repaired.clone(), plant::SearchStats::default());
    }
    let search_scope = scope.search_scope(instance);
    let (mut improved, stats) =
        plant::improve_around(instance, repaired, budget, clock, &search_scope, focus);
    improved.ship_orders(instance);
    improved.normalize();
    (improved, stats)
}
