//! Stability: what moving an operation away from the published plan costs, so that a re-plan stays
//! close to the plan people already work to.
//!
//! One operation placed differently from its published placement (another start or another
//! machine; a longer end alone, e.g. after an overrun, is no move) costs
//!
//! ```text
//!   move_penalty                                every move
//! + factor x ( shift_per_hour x |start shift| / 60   how far in time
//!            + machine_change                        another machine of the same plant, or
//!            + plant_change )                        another plant (instead of machine_change)
//! ```
//!
//! For operations the published plan starts inside the published window (just after `now`: people
//! have been told) `published_move_penalty` replaces `move_penalty` and `factor` is
//! `published_factor`; otherwise `factor` is 1. A few minutes' shift therefore
//! costs little more than the move itself, a shift by hours more, another machine more, another
//! plant most. All values are in objective units (the instance's own cost units).
//!
//! Default scale ([`StabilityWeights::scaled_to`]): the unit `u` is the cost of one minute of
//! delay of an average order, `w_tardiness x` the mean tardiness weight of the orders with a due
//! date; without tardiness costs, a minute of makespan shared by the orders (`w_makespan / orders`);
//! otherwise the energy cost of an average machine running one minute at the average price;
//! otherwise 1. Then `move_penalty = 2 u`, `shift_per_hour = 1 u`, `machine_change = 10 u`,
//! `plant_change = 30 u`, `published_factor = 10` and `published_move_penalty = 20 u`: moving an
//! operation in time costs about as much as an average order two minutes late plus a minute per
//! hour of shift, another machine ten minutes more, another plant thirty. Shifts in time are cheap
//! so that work moves out of a price spike or up into freed capacity when that pays; changing
//! machine or plant (tooling, material staging, transport) is what people feel. These are the
//! documented defaults; every value can be overridden.
//!
//! **High-priority orders made late.** Every order of priority `high` that the published plan
//! has on time and the new plan makes late or leaves out by choice (dropped, deferred) costs
//! `high_late_penalty` once, also when the events leave no way to keep it on time (default 480 u,
//! what an average order eight hours late costs), besides its tardiness in the objective: a
//! re-plan favours the orders that matter most, as a price spike or a breakdown pushes work
//! around.
//!
//! **Re-priced work.** When the energy price of a window ends, after every event, at least 1.5
//! times the mean price the published plan was made for there (a spike; a negligible rise would let
//! the search reshuffle the window for nothing), the operations the published plan runs inside it
//! (drawing power) are what the event asks to move: their whole move cost is multiplied by
//! `repriced_factor` (default [`DEFAULT_REPRICED_FACTOR`], 0: a price spike releases the work
//! inside it). The work they push and the rest of the plan stay as sticky as ever, and
//! `high_late_penalty` still guards the `high` priority orders; a price fall releases nothing. 1
//! treats re-priced work like any other. Measured on the `value` plant of `takt bench-replan`
//! (README, "Value, modes and a price spike", 5 samples): at 1 s the re-plan recovered 49% of the
//! contribution a 30 s re-solve recovers at factor 1 and 73% at 0 (with the `high_late_penalty`),
//! moving 0.70% and 2.60% of the operations.

use super::ScheduledOp;
use crate::model::{Instance, Minutes, SiteId};
use serde::{Deserialize, Serialize};

/// What moving one operation away from its published placement costs, in objective units.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StabilityWeights {
    /// Every moved operation (another start or machine) published after the window.
    pub move_penalty: f64,
    /// Every moved operation published inside the window after `now`, instead of `move_penalty`.
    pub published_move_penalty: f64,
    /// Per hour of start shift, either way.
    pub shift_per_hour: f64,
    /// Extra when it moves to another machine of the same plant.
    pub machine_change: f64,
    /// Extra when it moves to another plant (instead of `machine_change`).
    pub plant_change: f64,
    /// Multiplies the shift, machine and plant parts for operations published inside the window.
    pub published_factor: f64,
    /// Multiplies the whole move cost of an operation the published plan runs inside a window
    /// whose energy price rose (see the module docs), >= 0.
    #[serde(default = "default_repriced_factor")]
    pub repriced_factor: f64,
    /// Every `high` priority order the published plan has on time and the new plan makes late
    /// (once per order, whatever how late; its tardiness is priced by the objective as well).
    #[serde(default)]
    pub high_late_penalty: f64,
}

/// Default `repriced_factor`: moving work out of a window whose price rose costs nothing (the
/// event asked for it); what that move pushes pays as usual.
pub const DEFAULT_REPRICED_FACTOR: f64 = 0.0;

fn default_repriced_factor() -> f64 {
    DEFAULT_REPRICED_FACTOR
}

/// Default `move_penalty` in units of the instance's minute of delay.
const MOVE_UNITS: f64 = 2.0;
/// Default `shift_per_hour` in units of the instance's minute of delay.
const SHIFT_HOUR_UNITS: f64 = 1.0;
/// Default `machine_change` in units of the instance's minute of delay.
const MACHINE_UNITS: f64 = 10.0;
/// Default `plant_change` in units of the instance's minute of delay.
const PLANT_UNITS: f64 = 30.0;
/// Default `high_late_penalty` in units of the instance's minute of delay: what an average order
/// eight hours late costs.
const HIGH_LATE_UNITS: f64 = 480.0;
/// Default `published_factor`.
pub const DEFAULT_PUBLISHED_FACTOR: f64 = 10.0;

impl StabilityWeights {
    /// No penalty at all: a plan made afresh.
    pub fn none() -> Self {
        Self::proportional(0.0)
    }

    /// Every part proportional to one `move_penalty` in the default ratios (`shift_per_hour` half
    /// of it, `machine_change` five times it, `plant_change` fifteen times it, published factor 10,
    /// the published move penalty ten times it and `high_late_penalty` 240 times it). What
    /// `--move-penalty X` sets.
    pub fn proportional(move_penalty: f64) -> Self {
        Self {
            move_penalty,
            published_move_penalty: move_penalty * DEFAULT_PUBLISHED_FACTOR,
            shift_per_hour: move_penalty * SHIFT_HOUR_UNITS / MOVE_UNITS,
            machine_change: move_penalty * MACHINE_UNITS / MOVE_UNITS,
            plant_change: move_penalty * PLANT_UNITS / MOVE_UNITS,
            published_factor: DEFAULT_PUBLISHED_FACTOR,
            repriced_factor: DEFAULT_REPRICED_FACTOR,
            high_late_penalty: move_penalty * HIGH_LATE_UNITS / MOVE_UNITS,
        }
    }

    /// The documented defaults in the instance's own cost scale (see the module docs).
    pub fn scaled_to(instance: &Instance) -> Self {
        Self::proportional(MOVE_UNITS * delay_unit(instance))
    }

    /// The defaults with the user's overrides, as the command line takes them: `move_penalty`
    /// scales every part as [`Self::proportional`] does; `published_move_penalty` then replaces the
    /// fixed part inside the published window.
    pub fn chosen(
        instance: &Instance,
        move_penalty: Option<f64>,
        published_move_penalty: Option<f64>,
    ) -> Self {
        let mut weights = match move_penalty {
            Some(m) => Self::proportional(m),
            None => Self::scaled_to(instance),
        };
        if let Some(p) = published_move_penalty {
            weights.published_move_penalty = p;
        }
        weights
    }

    /// True when no move costs anything.
    pub fn is_free(&self) -> bool {
        self.move_penalty == 0.0
            && self.published_move_penalty == 0.0
            && self.shift_per_hour == 0.0
            && self.machine_change == 0.0
            && self.plant_change == 0.0
            && self.high_late_penalty == 0.0
    }

    /// The cost of placing an operation as `new` when it was published as `old`; `plant_of` gives a
    /// machine's site; `published` says whether `old` lies in the published window, `repriced`
    /// whether it draws power inside a window whose price rose.
    pub fn move_cost(
        &self,
        old: &ScheduledOp,
        new: &ScheduledOp,
        plant_of: impl Fn(crate::model::MachineId) -> SiteId,
        published: bool,
        repriced: bool,
    ) -> f64 {
        if old.machine == new.machine && old.start == new.start {
            return 0.0;
        }
        let factor = if repriced { self.repriced_factor } else { 1.0 };
        let shift: Minutes = (new.start - old.start).abs();
        let mut variable = self.shift_per_hour * shift as f64 / 60.0;
        if old.machine != new.machine {
            variable += if plant_of(old.machine) == plant_of(new.machine) {
                self.machine_change
            } else {
                self.plant_change
            };
        }
        let cost = if published {
            self.published_move_penalty + self.published_factor * variable
        } else {
            self.move_penalty + variable
        };
        factor * cost
    }
}

/// The cost of one minute of delay in the instance's units (see the module docs).
pub fn delay_unit(instance: &Instance) -> f64 {
    let w = instance.weights();
    let weights: Vec<f64> = instance
        .orders()
        .iter()
        .filter(|o| o.due.is_some())
        .map(|o| o.weight)
        .collect();
    let mean = weights.iter().sum::<f64>() / weights.len().max(1) as f64;
    if w.tardiness * mean > 0.0 {
        return w.tardiness * mean;
    }
    if w.makespan > 0.0 {
        return w.makespan / instance.orders().len().max(1) as f64;
    }
    let machines = instance.machines();
    let kw = machines.iter().map(|m| m.power_kw).sum::<f64>() / machines.len().max(1) as f64;
    let prices: Vec<f64> = instance.prices().iter().map(|p| p.price_per_kwh).collect();
    let price = prices.iter().sum::<f64>() / prices.len().max(1) as f64;
    if w.energy * kw * price > 0.0 {
        return w.energy * kw * price / 60.0;
    }
    1.0
}
