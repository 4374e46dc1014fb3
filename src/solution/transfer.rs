//! Material transfers a plan decides (`plan_transfers`): material an order pulls from another site
//! along a route of lanes so that it is at the order's plant when its first step starts.

use crate::model::{
    Instance, LaneId, MaterialId, Minutes, OrderId, QUANTITY_EPS, SiteId, SupplyRoute,
};
use serde::{Deserialize, Serialize};

/// One shipment of material the plan sends from `from` to `to` for `order`.
///
/// A re-plan keeps the transfers of the published plan that left before `now`: that material is
/// under way. It arrives whatever the re-plan does, counts at `to` from its arrival for any order,
/// and its `order` is `None` when that order was cancelled since.
///
/// It leaves `from` at `depart`, is in transit (counted at neither site) until `arrive`, and is
/// consumed at `to` when the order's first step starts (at `arrive` when the solvers plan it: the
/// material travels just in time). Each lane of the route carries at most its capacity per
/// shipment; a larger quantity travels as several transfers leaving together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedTransfer {
    /// The order the material is for (`None`: an order cancelled while the material was under
    /// way).
    pub order: Option<OrderId>,
    /// Which material.
    pub material: MaterialId,
    /// Where it leaves from.
    pub from: SiteId,
    /// Where it arrives (the order's plant).
    pub to: SiteId,
    /// How much, in the material's unit (> 0).
    pub quantity: f64,
    /// Lanes in travel order from `from` to `to`.
    pub lanes: Vec<LaneId>,
    /// Minute it leaves `from`.
    pub depart: Minutes,
    /// Minute it can be used at `to`.
    pub arrive: Minutes,
}

impl PlannedTransfer {
    /// What it costs: the quantity times the lanes' cost per unit (money; lanes the instance does
    /// not have cost nothing, the checker reports them).
    pub fn cost(&self, instance: &Instance) -> f64 {
        let per_unit: f64 = self
            .lanes
            .iter()
            .filter_map(|l| instance.lanes().get(l.index()))
            .map(|l| l.cost_per_unit)
            .sum();
        per_unit * self.quantity
    }
}

/// The shipments that carry `qty` along `route` (several when it exceeds the route's capacity per
/// shipment), leaving at `depart` and arriving at `arrive`.
pub(crate) fn planned_shipments(
    order: OrderId,
    material: MaterialId,
    to: SiteId,
    qty: f64,
    route: &SupplyRoute,
    depart: Minutes,
    arrive: Minutes,
) -> Vec<PlannedTransfer> {
    let per = route.capacity.map_or(qty, f64::from).max(QUANTITY_EPS);
    let mut left = qty;
    let mut out = Vec::new();
    while left > QUANTITY_EPS {
        let quantity = if left > per + QUANTITY_EPS { per } else { left };
        out.push(PlannedTransfer {
            order: Some(order),
            material,
            from: route.from,
            to,
            quantity,
            lanes: route.route.lanes.clone(),
            depart,
            arrive,
        });
        left -= quantity;
    }
    out
}
