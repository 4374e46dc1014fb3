//! What a plan earns: the margin of the orders it makes or defers, the margin it forfeits by
//! dropping optional orders, what deferring costs ([`super::deferral_charge`]), and the
//! contribution (see [`crate::model::ObjectiveForm::Contribution`]).

use super::{Decision, Schedule, deferral_charge};
use crate::model::{Instance, ObjectiveForm};
use serde::{Deserialize, Serialize};

/// The value KPIs of a plan (all 0 for instances without order values). Money throughout.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValueKpis {
    /// Margin (revenue - variable cost) of the orders made in the plan and of the deferred ones.
    pub margin: f64,
    /// Margin minus energy cost (demand charge included), transport cost, weighted tardiness,
    /// deferral costs and the estimated energy and transport of the deferred orders.
    pub contribution: f64,
    /// Margin forfeited by the dropped optional orders.
    pub dropped_margin: f64,
    /// Sum over deferred orders of cost per day x days deferred.
    pub deferral_cost: f64,
    /// Estimated energy cost of making the deferred orders after the horizon end
    /// ([`super::DeferralCharge::energy_cost`]).
    pub deferred_energy_cost: f64,
    /// Estimated transport cost of shipping the deferred orders after the horizon end
    /// ([`super::DeferralCharge::transport_cost`]).
    pub deferred_transport_cost: f64,
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
                if let Some(c) = deferral_charge(instance, crate::model::OrderId::from_index(i)) {
                    k.deferral_cost += c.deferral_cost;
                    k.deferred_energy_cost += c.energy_cost;
                    k.deferred_transport_cost += c.transport_cost;
                }
            }
        }
    }
    k.contribution = k.margin
        - energy_cost
        - transport_cost
        - weighted_tardiness
        - k.deferral_cost
        - k.deferred_energy_cost
        - k.deferred_transport_cost;
    k
}

/// What the `contribution` form adds to the weighted costs: deferral costs and the deferred
/// orders' estimated energy and transport (weighted as the plan's), plus the margin of the
/// dropped orders (0 under the weighted-sum form).
pub fn choice_cost(instance: &Instance, value: &ValueKpis) -> f64 {
    let w = instance.weights();
    match instance.form() {
        ObjectiveForm::WeightedSum => 0.0,
        ObjectiveForm::Contribution => {
            value.deferral_cost
                + w.energy * value.deferred_energy_cost
                + w.transport * value.deferred_transport_cost
                + value.dropped_margin
        }
    }
}

/// A lower bound on the objective of every plan of `instance` when orders may be left out (the
/// `contribution` form with optional or deferrable orders): the bound of the required orders that
/// `schedule` plans (any plan makes them, and more orders cost no less), plus each optional
/// order's margin where it is negative (dropping such an order lowers the objective). Deferring
/// costs >= 0 and a deferrable order made costs >= 0, so they add nothing. Weak, but valid; the
/// bound of [`super::Kpis::objective_lower_bound`] holds only for this plan's choice of orders.
pub fn choice_lower_bound(instance: &Instance, schedule: &Schedule) -> f64 {
    let mut out = vec![false; instance.orders().len()];
    for u in &schedule.unplanned {
        if let Some(slot) = out.get_mut(u.order.index()) {
            *slot = true;
        }
    }
    let choosable = |o: crate::model::OrderId| {
        let v = &instance.order(o).value;
        v.optional || v.is_deferrable()
    };
    let required =
        super::bounds::objective_lower_bound_of(instance, |o| !out[o.index()] && !choosable(o));
    let negative_margins: f64 = instance
        .orders()
        .iter()
        .filter(|o| o.value.optional)
        .map(|o| o.value.margin().min(0.0))
        .sum();
    required + negative_margins
}
