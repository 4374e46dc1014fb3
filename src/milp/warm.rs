//! The facts of a complete feasible plan that a formulation turns into warm-start values: where and
//! when every operation runs, where every order is made and which route ships it.

use super::scope::Scope;
use crate::model::{
    Instance, LaneId, MachineId, MaterialId, Minutes, OpId, OrderId, Route, SiteId,
};
use crate::solution::{Schedule, ScheduledOp};
use std::collections::BTreeMap;

/// A complete plan, indexed for the formulations.
#[derive(Clone, Debug)]
pub(crate) struct WarmFacts {
    /// Placement per operation.
    pub placed: Vec<ScheduledOp>,
    /// Plant per order.
    pub plant: Vec<SiteId>,
    /// Lanes of each order's shipment (`None` for orders without customer).
    pub lanes: Vec<Option<Vec<LaneId>>>,
    /// Departure and arrival of each order's shipment (`None` for orders without customer).
    pub shipped: Vec<Option<(Minutes, Minutes)>>,
    /// Per order and material the plan pulls from another site: the origin, the route's lanes and
    /// the quantity pulled (all of the order's, or what tops up its plant's own stock).
    pub pulls: BTreeMap<(OrderId, MaterialId), (SiteId, Vec<LaneId>, f64)>,
}

impl WarmFacts {
    /// The facts of `schedule`, or `None` when it is not a complete plan within `scope` (an order
    /// unplanned, an operation missing or on a machine the scope does not allow).
    pub fn new(instance: &Instance, scope: &Scope, schedule: &Schedule) -> Option<WarmFacts> {
        if !schedule.unplanned.is_empty() {
            return None;
        }
        let by_op = schedule.by_op(instance);
        let placed: Vec<ScheduledOp> = by_op.into_iter().collect::<Option<_>>()?;
        for p in &placed {
            let allowed = &scope.options[p.op.index()];
            if !allowed
                .iter()
                .any(|o| o.machine == p.machine && o.mode == p.mode)
            {
                return None;
            }
        }
        let mut plant = Vec::with_capacity(instance.orders().len());
        let mut lanes = vec![None; instance.orders().len()];
        for order in instance.order_ids() {
            let first = placed[instance.order_plan(order).first_op().index()];
            let site = instance.machine(first.machine).site;
            if !scope.plants[order.index()].iter().any(|p| p.site == site) {
                return None;
            }
            plant.push(site);
        }
        let mut shipped = vec![None; instance.orders().len()];
        for s in &schedule.shipments {
            if let Some(slot) = lanes.get_mut(s.order.index()) {
                *slot = Some(s.lanes.clone());
                shipped[s.order.index()] = Some((s.depart, s.arrive));
            }
        }
        let mut pulls: BTreeMap<(OrderId, MaterialId), (SiteId, Vec<LaneId>, f64)> =
            BTreeMap::new();
        for t in &schedule.transfers {
            let Some(order) = t.order else { continue };
            pulls
                .entry((order, t.material))
                .or_insert_with(|| (t.from, t.lanes.clone(), 0.0))
                .2 += t.quantity;
        }
        Some(WarmFacts {
            placed,
            plant,
            lanes,
            shipped,
            pulls,
        })
    }

    /// Where the plan pulls `order`'s `material` from: the origin, the route's lanes and how much;
    /// `None` when it comes from the plant's own supply.
    pub fn pulled(&self, order: OrderId, material: MaterialId) -> Option<(SiteId, &[LaneId], f64)> {
        self.pulls
            .get(&(order, material))
            .map(|(from, lanes, quantity)| (*from, lanes.as_slice(), *quantity))
    }

    /// Departure of the order's shipment in the plan.
    pub fn departure(&self, order: OrderId) -> Option<Minutes> {
        self.shipped[order.index()].map(|(depart, _)| depart)
    }

    /// Arrival of the order's shipment in the plan.
    pub fn arrival(&self, order: OrderId) -> Option<Minutes> {
        self.shipped[order.index()].map(|(_, arrive)| arrive)
    }

    /// Start of an operation.
    pub fn start(&self, op: OpId) -> Minutes {
        self.placed[op.index()].start
    }

    /// Machine of an operation.
    pub fn machine(&self, op: OpId) -> MachineId {
        self.placed[op.index()].machine
    }

    /// Machine mode of an operation.
    pub fn mode(&self, op: OpId) -> crate::model::ModeId {
        self.placed[op.index()].mode
    }

    /// End of the order's last operation.
    pub fn completion(&self, instance: &Instance, order: OrderId) -> Minutes {
        self.placed[instance.order_plan(order).last_op().index()].end
    }

    /// Index of the plan's route among `routes` (the same lanes), else of the fastest one.
    pub fn route_index(&self, order: OrderId, routes: &[Route]) -> usize {
        self.lanes[order.index()]
            .as_ref()
            .and_then(|lanes| routes.iter().position(|r| &r.lanes == lanes))
            .unwrap_or(0)
    }
}
