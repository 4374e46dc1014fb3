//! Key performance indicators of a plan and its objective value.

use super::contribution::{ValueKpis, choice_cost, value_kpis};
use super::priority_kpis::{PriorityKpis, priority_kpis};
use super::{Schedule, bounds};
use crate::model::{Instance, Minutes, OrderId};
use serde::{Deserialize, Serialize};

/// How one planned order turns out: when it is finished, when it arrives, how late it is.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderOutcome {
    /// The order.
    pub order: OrderId,
    /// End of its last operation.
    pub completion: Minutes,
    /// Arrival at the customer (the completion when the order has no customer).
    pub arrival: Minutes,
    /// Minutes late at arrival (0 when on time or without due date).
    pub tardiness: Minutes,
    /// `weight x tardiness`.
    pub weighted_tardiness: f64,
}

/// KPIs of a plan. Unplanned orders are left out of every figure and counted apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kpis {
    /// Objective value: the weighted sum of the costs below (see [`crate::model::ObjectiveWeights`]).
    pub objective: f64,
    /// A valid lower bound on the objective of any plan of the orders this plan covers (simple
    /// relaxation; over every order when the plan is complete).
    pub objective_lower_bound: f64,
    /// Latest operation end.
    pub makespan: Minutes,
    /// A valid lower bound on the makespan of any plan of the orders this plan covers: machine load
    /// and routing length.
    pub makespan_lower_bound: Minutes,
    /// Sum over orders of weight x minutes late at arrival.
    pub total_weighted_tardiness: f64,
    /// Sum over orders of minutes late at arrival.
    pub total_tardiness: Minutes,
    /// Orders arriving after their due time.
    pub late_orders: usize,
    /// Energy drawn by busy machines (kWh).
    pub energy_kwh: f64,
    /// Cost of that energy under the time-of-use tariffs.
    pub energy_cost: f64,
    /// Demand charges: per site and billing period, charge per kW times the peak power drawn
    /// ([`crate::model::DemandCharge`]). Weighted like the energy cost in the objective and
    /// subtracted from the contribution.
    #[serde(default)]
    pub demand_charge: f64,
    /// Cost of the machines' mode changes (`modes.csv`), counted in the objective with the energy
    /// weight and in the contribution as energy (0 without modes).
    #[serde(default)]
    pub mode_change_cost: f64,
    /// Cost of shipping finished orders to their customers and material between sites
    /// ([`Kpis::transfer_cost`] included).
    pub transport_cost: f64,
    /// Of the transport cost, what the transfers of material the plan decides cost
    /// ([`super::PlannedTransfer`]; 0 without `plan_transfers`).
    #[serde(default)]
    pub transfer_cost: f64,
    /// Operations in the plan.
    pub operations: usize,
    /// Orders in the plan.
    pub planned_orders: usize,
    /// Orders the solver could not plan (orders dropped or deferred by choice are counted in
    /// [`ValueKpis`]).
    pub unplanned_orders: usize,
    /// Margin, contribution, dropped and deferred orders.
    #[serde(flatten)]
    pub value: ValueKpis,
    /// How the high-priority orders fare (all 0 without `priority,high` orders).
    #[serde(flatten)]
    pub priority: PriorityKpis,
}

/// Completion, arrival and lateness of every order whose operations are all in the plan.
pub fn order_outcomes(instance: &Instance, schedule: &Schedule) -> Vec<OrderOutcome> {
    let placed = schedule.by_op(instance);
    let mut arrival_of = vec![None; instance.orders().len()];
    for s in &schedule.shipments {
        if let Some(slot) = arrival_of.get_mut(s.order.index()) {
            *slot = Some(s.arrive);
        }
    }
    instance
        .order_ids()
        .filter_map(|id| {
            let plan = instance.order_plan(id);
            let completion = plan
                .op_ids()
                .map(|op| placed[op.index()].map(|s| s.end))
                .collect::<Option<Vec<_>>>()?
                .into_iter()
                .max()?;
            let order = instance.order(id);
            let arrival = arrival_of[id.index()].unwrap_or(completion);
            let tardiness = order.due.map_or(0, |due| (arrival - due).max(0));
            Some(OrderOutcome {
                order: id,
                completion,
                arrival,
                tardiness,
                weighted_tardiness: order.weight * tardiness as f64,
            })
        })
        .collect()
}

/// Computes every KPI of `schedule` and the objective value under the instance's weights.
pub fn evaluate(instance: &Instance, schedule: &Schedule) -> Kpis {
    let mut kpis = measure(instance, schedule);
    // The bounds cover exactly the orders the plan covers (a plan that leaves orders out is not
    // bounded by what those orders would need).
    let mut unplanned = vec![false; instance.orders().len()];
    for u in &schedule.unplanned {
        if let Some(slot) = unplanned.get_mut(u.order.index()) {
            *slot = true;
        }
    }
    let covered = |o: OrderId| !unplanned[o.index()];
    kpis.objective_lower_bound =
        bounds::objective_lower_bound_of(instance, covered) + choice_cost(instance, &kpis.value);
    kpis.makespan_lower_bound = bounds::makespan_lower_bound_of(instance, covered);
    kpis
}

/// The objective value of `schedule` alone ([`evaluate`] without the lower bounds, which do not
/// depend on the plan).
pub fn objective(instance: &Instance, schedule: &Schedule) -> f64 {
    measure(instance, schedule).objective
}

/// Every KPI but the lower bounds (left at 0).
fn measure(instance: &Instance, schedule: &Schedule) -> Kpis {
    let outcomes = order_outcomes(instance, schedule);
    let mut energy_kwh = 0.0;
    let mut energy_cost = 0.0;
    for s in &schedule.ops {
        let machine = instance.machine(s.machine);
        energy_kwh += machine.mode_power_kw(s.mode) * (s.end - s.start) as f64 / 60.0;
        energy_cost += instance.energy_cost_in(s.machine, s.mode, s.start, s.end);
    }
    let mode_change_cost = super::mode_changes::mode_change_cost(instance, schedule);
    let transport_cost: f64 = schedule
        .shipments
        .iter()
        .map(|s| {
            let qty = f64::from(instance.order(s.order).quantity);
            s.lanes
                .iter()
                .map(|l| instance.lanes()[l.index()].cost_per_unit * qty)
                .fold(0.0, |a, b| a + b)
        })
        .fold(0.0, |a, b| a + b);
    let transfer_cost: f64 = schedule
        .transfers
        .iter()
        .map(|t| t.cost(instance))
        .fold(0.0, |a, b| a + b);
    let transport_cost = transport_cost + transfer_cost;
    // fold from +0.0: an empty f64 sum is -0.0, which prints as "-0".
    let total_weighted_tardiness: f64 = outcomes
        .iter()
        .map(|o| o.weighted_tardiness)
        .fold(0.0, |a, b| a + b);
    let makespan = schedule.makespan();
    let w = instance.weights();
    let demand_charge = super::demand_charge(instance, &schedule.ops);
    let value = value_kpis(
        instance,
        schedule,
        energy_cost + demand_charge + mode_change_cost,
        transport_cost,
        total_weighted_tardiness,
    );
    let objective = w.tardiness * total_weighted_tardiness
        + w.energy * (energy_cost + demand_charge + mode_change_cost)
        + w.transport * transport_cost
        + w.makespan * makespan as f64
        + choice_cost(instance, &value);
    Kpis {
        objective,
        objective_lower_bound: 0.0,
        makespan,
        makespan_lower_bound: 0,
        total_weighted_tardiness,
        total_tardiness: outcomes.iter().map(|o| o.tardiness).sum(),
        late_orders: outcomes.iter().filter(|o| o.tardiness > 0).count(),
        energy_kwh,
        energy_cost,
        demand_charge,
        mode_change_cost,
        transport_cost,
        transfer_cost,
        operations: schedule.ops.len(),
        planned_orders: outcomes.len(),
        unplanned_orders: schedule.unplanned.iter().filter(|u| !u.is_choice()).count(),
        value,
        priority: priority_kpis(instance, schedule, &outcomes),
    }
}
