//! Local search for plant instances: every constraint of the model (materials and deliveries,
//! downtime, power caps, lags, deadlines, plant choice and shipping) and every cost (tardiness,
//! energy, transport, makespan, stability against a baseline plan).
//!
//! The plan lives in a [`crate::timetable::Timetable`], so every move keeps it feasible by
//! construction. Moves take whole orders out and put them back where they cost least (ruin and
//! recreate: related, costly, critical, random and unplanned orders; earliest, cheapest-energy and
//! baseline placements), or move one operation within its routing window. Operations that are not
//! moved keep their times, which keeps a move's cost local and re-plans close to the baseline.
//!
//! Under the `contribution` objective form an optional or deferrable order may be left out by
//! choice at its forfeited margin or deferral cost (module `choice`); a site's demand charge is
//! priced on a power profile per billing period kept up to date move by move (module `demand`).

mod change;
mod choice;
mod compact;
mod demand;
mod focus;
mod lns;
mod recreate;
mod reposition;
mod ruin;
mod scope;
mod squeeze;
mod state;

#[cfg(feature = "highs")]
pub(crate) use choice::explain_choices;
pub use focus::Focus;
pub use lns::SearchStats;
pub use scope::{RiskWindow, Scope, Stability};

use crate::budget::{Budget, Clock};
use crate::model::Instance;
use crate::solution::{Schedule, evaluate};

/// Improves a feasible plan within `budget`; frozen operations keep machine, start and end. The
/// result never has more unplanned orders than `initial`, and never a higher [`cost`] with as many.
pub fn improve(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    scope: &Scope,
) -> Schedule {
    lns::search(
        instance,
        initial,
        budget,
        &budget.start(),
        scope,
        &Focus::none(),
    )
    .0
}

/// [`improve`] on a clock already running (the engine's).
pub(crate) fn improve_within(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    clock: &Clock,
    scope: &Scope,
) -> Schedule {
    lns::search(instance, initial, budget, clock, scope, &Focus::none()).0
}

/// [`improve`] on a running clock, starting around the damage of `focus` and stopping early when
/// the focus says so (the re-planner's improvement).
pub fn improve_around(
    instance: &Instance,
    initial: &Schedule,
    budget: &Budget,
    clock: &Clock,
    scope: &Scope,
    focus: &Focus,
) -> (Schedule, SearchStats) {
    lns::search(instance, initial, budget, clock, scope, focus)
}

/// Objective value plus the stability and risk penalties of `scope` (unplanned orders are counted
/// apart).
pub fn cost(instance: &Instance, schedule: &Schedule, scope: &Scope) -> f64 {
    let penalties: f64 = schedule.ops.iter().map(|p| scope.penalty(p)).sum::<f64>() + 0.0;
    // A high-priority order left out by choice counts as made late, as in `choice::LeaveOut`.
    let left_out = schedule
        .unplanned
        .iter()
        .filter(|u| u.is_choice())
        .map(|u| scope.late_cost(u.order, 1));
    let late: f64 = crate::solution::order_outcomes(instance, schedule)
        .iter()
        .map(|o| scope.late_cost(o.order, o.tardiness))
        .chain(left_out)
        .sum::<f64>()
        + 0.0;
    evaluate(instance, schedule).objective + penalties + late
}

/// The plant search's inner steps on one plan, for benchmarks and experiments.
pub struct Probe<'a> {
    state: state::PlantState<'a>,
    modes: Vec<recreate::Mode>,
}

impl<'a> Probe<'a> {
    /// Places every operation of a feasible plan into a fresh timetable with all its checks
    /// (machine calendars, power profiles, material ledgers) and prices every order: the decoder the
    /// search starts from. `None` when the plan does not fit.
    pub fn new(instance: &'a Instance, scope: &'a Scope, schedule: &Schedule) -> Option<Self> {
        let state = state::PlantState::new(instance, scope, schedule)?;
        let mut modes = vec![recreate::Mode::Earliest];
        if instance.has_energy_costs() {
            modes.push(recreate::Mode::Cheap);
        }
        Some(Self { state, modes })
    }

    /// Objective plus stability penalties of the plan.
    pub fn cost(&self) -> f64 {
        self.state.quality().cost
    }

    /// One ruin-and-recreate move tried and undone: take `order` out, put it back where it costs
    /// least (every plant, earliest and cheapest-energy slots), then restore the plan. Returns the
    /// cost the move would reach.
    pub fn try_reinsert(&mut self, order: crate::model::OrderId) -> f64 {
        let undo = change::Change::take_out(&mut self.state, &[order]);
        recreate::insert_order(&mut self.state, order, &self.modes, &[]);
        let cost = self.state.quality().cost;
        self.state.remove_order(order);
        undo.put_back(&mut self.state);
        cost
    }
}
