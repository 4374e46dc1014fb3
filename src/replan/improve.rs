//! The improvement step after the repair: the plant local search ([`crate::search::plant`])
//! restricted to the unfrozen operations, with the stability penalty against the baseline.
//!
//! The search's scope freezes operations but knows no `now`; so that nothing unfrozen moves before
//! `now`, it runs on a **guarded** copy of the instance in which every machine is down before `now`
//! except where frozen operations ran. Downtime costs nothing and ids stay the same, so a plan
//! feasible for the guarded instance is feasible for the real one at the same objective.

use super::frozen::{BaselineMap, Horizon};
use super::stability::StabilityWeights;
use crate::budget::{Budget, Clock};
use crate::model::{Instance, Minutes, Window};
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
}

/// Improves `repaired` within `budget` on `clock`; never moves frozen operations and starts nothing
/// else before `now`. Returns `repaired` unchanged when there is no time or nothing to move.
pub(crate) fn improve(
    instance: &Instance,
    repaired: &Schedule,
    scope: &Scope<'_>,
    budget: &Budget,
    clock: &Clock,
) -> Schedule {
    let movable = scope.baseline.frozen.iter().any(|f| !f) || !repaired.unplanned.is_empty();
    if clock.expired() || budget.iterations == Some(0) || !movable {
        return repaired.clone();
    }
    let Some(guarded) = guarded(instance, repaired, scope) else {
        return repaired.clone();
    };
    let search_scope = plant::Scope {
        frozen: scope.baseline.frozen.clone(),
        stability: scope.weights.map(|w| plant::Stability {
            baseline: scope.baseline.placements.clone(),
            move_penalty: w.move_penalty,
            published_until: scope.horizon.published_until,
            published_move_penalty: w.published_move_penalty,
        }),
    };
    let mut improved = plant::improve_within(&guarded, repaired, budget, clock, &search_scope);
    improved.ship_fastest(instance);
    improved.normalize();
    improved
}

/// The instance with every machine down before `now`, except during the frozen operations of
/// `repaired` (`None` when the copy does not build, which would be a bug).
fn guarded(instance: &Instance, repaired: &Schedule, scope: &Scope<'_>) -> Option<Instance> {
    let now = scope.horizon.now;
    let mut frozen: Vec<Vec<(Minutes, Minutes)>> = vec![Vec::new(); instance.machines().len()];
    for s in &repaired.ops {
        if scope
            .baseline
            .frozen
            .get(s.op.index())
            .copied()
            .unwrap_or(false)
        {
            frozen[s.machine.index()].push((s.start, s.end));
        }
    }
    let earliest = instance
        .orders()
        .iter()
        .map(|o| o.release)
        .chain(repaired.ops.iter().map(|s| s.start))
        .chain([0])
        .min()
        .unwrap_or(0)
        .min(now)
        - 1;
    let mut b = instance.to_builder();
    for (machine, mut busy) in b.machines.iter_mut().zip(frozen) {
        busy.sort();
        let mut from = earliest;
        for (start, end) in busy {
            if start > from {
                machine.downtime.push(Window::new(from, start.min(now)));
            }
            from = from.max(end);
        }
        if from < now {
            machine.downtime.push(Window::new(from, now));
        }
    }
    b.build().ok()
}
