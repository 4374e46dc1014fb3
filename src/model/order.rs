//! Customer orders.

use super::{Minutes, ObjectiveWeights, OpId, OrderValue, ProductId, Route, SiteId};
use serde::{Deserialize, Serialize};

/// A customer order: `quantity` units of `product`, shipped to `customer`, due at `due`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// External name, unique among orders.
    pub name: String,
    /// What is made.
    pub product: ProductId,
    /// How many units (> 0).
    pub quantity: u32,
    /// Where the finished order ships to; `None` when it is collected at the plant (classic benchmarks).
    pub customer: Option<SiteId>,
    /// No operation of the order starts before this minute.
    pub release: Minutes,
    /// Due minute at the customer (arrival); `None` when the order has no due date.
    pub due: Option<Minutes>,
    /// Tardiness cost per minute late (>= 0).
    pub weight: f64,
    /// Hard deadline for arrival at the customer; a plan that misses it is infeasible.
    pub deadline: Option<Minutes>,
    /// When set, the order must be made at this site.
    pub plant: Option<SiteId>,
    /// Reported overruns: `(step, extra minutes)` pairs, `step` 0-based. A step's duration on every
    /// eligible machine grows by the extra minutes of its entries (re-planning: a running operation
    /// takes longer than its routing says). Empty for orders as planned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overruns: Vec<(u32, Minutes)>,
    /// Revenue, variable cost, priority class, optional and deferrable (see [`OrderValue`]); all
    /// defaults for an order that gave none.
    #[serde(default, skip_serializing_if = "OrderValue::is_default")]
    pub value: OrderValue,
}

impl Order {
    /// An order released at 0, without due date, customer, deadline or fixed plant, weight 1.
    pub fn new(name: impl Into<String>, product: ProductId, quantity: u32) -> Self {
        Self {
            name: name.into(),
            product,
            quantity,
            customer: None,
            release: 0,
            due: None,
            weight: 1.0,
            deadline: None,
            plant: None,
            overruns: Vec::new(),
            value: OrderValue::default(),
        }
    }

    /// Extra minutes reported for routing step `step` (0-based): the sum of its overruns.
    pub fn overrun_of(&self, step: u32) -> Minutes {
        self.overruns
            .iter()
            .filter(|(s, _)| *s == step)
            .fold(0, |sum: Minutes, (_, extra)| sum.saturating_add(*extra))
    }
}

/// A site where an order can be made, and the routes its shipment can take from there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlantOption {
    /// The plant site: every step of the order has an eligible machine there.
    pub site: SiteId,
    /// The candidate routes from the plant to the customer with enough lane capacity for the
    /// order's quantity in one shipment: the fastest first, then slower and cheaper ones (none
    /// beaten on both transit and cost by another). Empty when the order has no customer.
    pub routes: Vec<Route>,
}

impl PlantOption {
    /// The fastest route to the customer (`None` without a customer): the earliest arrival, so the
    /// one every deadline and due-date test uses.
    pub fn fastest(&self) -> Option<&Route> {
        self.routes.first()
    }

    /// The route an order ships on, and its arrival, given the arrival of each route
    /// (`arrive`; the completion plus the transit where no lane window is in the way): of the routes
    /// that meet its hard deadline, the one with the least `w.tardiness x weight x minutes late at
    /// arrival + w.transport x cost per unit x quantity`, the first (faster) on ties; the earliest
    /// arriving when none meets the deadline. `None` without a customer.
    ///
    /// The choice of one order touches no other (lanes limit each shipment, not the lane's use over
    /// time), so it is exact given the completion. Use [`Instance::shipping`] for the arrival with
    /// the instance's lane windows.
    ///
    /// [`Instance::shipping`]: super::Instance::shipping
    pub fn route_for(
        &self,
        order: &Order,
        weights: &ObjectiveWeights,
        arrive: impl Fn(&Route) -> Minutes,
    ) -> Option<(&Route, Minutes)> {
        let qty = f64::from(order.quantity);
        let mut best: Option<(&Route, Minutes, f64)> = None;
        let mut earliest: Option<(&Route, Minutes)> = None;
        for r in &self.routes {
            let arrival = arrive(r);
            if earliest.is_none_or(|(_, e)| arrival < e) {
                earliest = Some((r, arrival));
            }
            if order.deadline.is_some_and(|d| arrival > d) {
                continue;
            }
            let late = order.due.map_or(0, |due| (arrival - due).max(0));
            let cost = weights.tardiness * order.weight * late as f64
                + weights.transport * r.cost_per_unit * qty;
            if best.is_none_or(|(_, _, c)| cost < c) {
                best = Some((r, arrival, cost));
            }
        }
        best.map(|(r, a, _)| (r, a)).or(earliest)
    }
}

/// Derived facts about an order, computed when the instance is built.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderPlan {
    /// The order's operations, one per routing step, consecutive ids in step order.
    pub ops: std::ops::Range<u32>,
    /// Sites where the order can be made, with their shipping routes, sorted by site id.
    pub plants: Vec<PlantOption>,
}

impl OrderPlan {
    /// The operation ids of the order in routing order.
    pub fn op_ids(&self) -> impl DoubleEndedIterator<Item = OpId> + ExactSizeIterator + '_ {
        self.ops.clone().map(OpId)
    }

    /// The first operation (the one that consumes material).
    pub fn first_op(&self) -> OpId {
        OpId(self.ops.start)
    }

    /// The last operation (its end is the order's completion).
    pub fn last_op(&self) -> OpId {
        OpId(self.ops.end - 1)
    }

    /// The plant option for `site`, if the order can be made there.
    pub fn plant(&self, site: SiteId) -> Option<&PlantOption> {
        self.plants.iter().find(|p| p.site == site)
    }
}
