//! Local search for plant instances: every constraint of the model (materials and deliveries,
//! downtime, power caps, lags, deadlines, plant choice and shipping) and every cost (tardiness,
//! energy, transport, makespan, stability against a baseline plan).
//!
//! The plan lives in a [`crate::timetable::Timetable`], so every move keeps it feasible by
//! construction. Moves take whole orders out and put them back where they cost least (ruin and
//! recreate: related, costly, critical, random and unplanned orders; earliest, cheapest-energy and
//! baseline placements), or move one operation within its routing window. Operations that are not
//! moved keep their times, which keeps a move's cost local and re-plans close to the baseline.

mod change;
mod lns;
mod recreate;
mod reposition;
mod ruin;
mod scope;
mod state;

pub use scope::{Scope, Stability};

use super::SearchOptions;
use crate::model::Instance;
use crate::solution::{Schedule, evaluate};

/// Improves a feasible plan; frozen operations keep machine, start and end. The result never has
/// more unplanned orders than `initial`, and never a higher [`cost`] with as many.
pub fn improve(
    instance: &Instance,
    initial: &Schedule,
    options: &SearchOptions,
    scope: &Scope,
) -> Schedule {
    lns::search(instance, initial, options, scope)
}

/// Objective value plus the stability penalties of `scope` (unplanned orders are counted apart).
pub fn cost(instance: &Instance, schedule: &Schedule, scope: &Scope) -> f64 {
    let penalties: f64 = schedule.ops.iter().map(|p| scope.move_cost(p)).sum::<f64>() + 0.0;
    evaluate(instance, schedule).objective + penalties
}
