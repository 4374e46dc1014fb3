//! What a plan earns: the margin of the orders it makes or defers, the margin it forfeits by
//! dropping optional orders, the deferral costs, and the contribution (see
//! [`crate::model::ObjectiveForm::Contribution`]).

use super::{Decision, Schedule};
use crate::model::{Instance, ObjectiveForm, deferral_days};
use serde::{Deserialize, Serialize};

/// The value KPIs of a plan (all 0 for instances without order values). Money throughout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueKpis {
    /// Margin (revenue - variable cost) of the orders made in the plan and of the deferred ones.
    pub margin: f64,
    /// Margin minus energy cost (demand charge included), transport cost, weighted tardiness and
    /// deferral costs.
    pub contribution: f64,
    /// Margin forfeited by the dropped optional orders.
    pub dropped_margin: f64,
    /// Sum over deferred orders of cost per day x days deferred.
    pub deferral_cost: f64,
    /// Optional orders dropped by choice.
    pub dropped_orders: usize,
    /// Deferrable orders deferred beyond the horizon end.
    pub deferred_orders: usize,
}

/// The deferral cost of each deferred order and the margins of the plan; `energy_cost`,
/// `transport_cost` and `weighted_tardiness` are the plan's (unweighted) costs (`energy_cost`
/// includes the demand charge).
pub fn value_kpis(
    instance: &Instance,
    schedule: &Schedule,
    energy_cost: f64,
    transport_cost: f64,
    weighted_tardiness: f64,
) -> ValueKpis {
    let mut left_out = vec![None; instance.orders().len()];
    for u in &schedule.unplanned {
        if let Some(slot) = left_out.get_mut(u.order.index()) {
            *slot = Some(u.decision);
        }
    }
    let horizon_end = instance.horizon_end();
    let mut k = ValueKpis::default();
    for (i, order) in instance.orders().iter().enumerate() {
        let margin = order.value.margin();
        match left_out[i] {
            None => k.margin += margin,
            Some(Decision::Unplannable) => {}
            Some(Decision::Dropped) => {
                k.dropped_margin += margin;
                k.dropped_orders += 1;
            }
            Some(Decision::Deferred) => {
                k.margin += margin;
                k.deferred_orders += 1;
                let per_day = order.value.defer_cost_per_day.unwrap_or(0.0);
                k.deferral_cost += per_day * deferral_days(order.due, horizon_end) as f64;
            }
        }
    }
    k.contribution = k.margin - energy_cost - transport_cost - weighted_tardiness - k.deferral_cost;
    k
}

/// What the `contribution` form adds to the weighted costs: deferral costs plus the margin of the
/// dropped orders (0 under the weighted-sum form).
pub fn choice_cost(instance: &Instance, value: &ValueKpis) -> f64 {
    match instance.form() {
        ObjectiveForm::WeightedSum => 0.0,
        ObjectiveForm::Contribution => value.deferral_cost + value.dropped_margin,
    }
}
