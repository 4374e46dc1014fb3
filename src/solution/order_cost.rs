//! What one order adds to the objective: the one per-order cost formula every constructive step
//! and the local search use (the dispatching rules, the re-planner's insertion, the plant search's
//! incremental bookkeeping).
//!
//! The objective ([`super::evaluate`]) is the weighted sum of total weighted tardiness, energy cost,
//! transport cost and makespan. All but the makespan split over orders: an order placed as a set of
//! operations adds `w_tardiness x weight x minutes late at arrival + w_transport x transport cost +
//! w_energy x energy cost of its operations`, plus `w_transport x` the cost of the transfers that
//! bring its material from other sites ([`OrderCost::with_transfer_cost`]). The makespan is a maximum over all orders, so callers
//! add its growth themselves ([`OrderCost::with_makespan_growth`]).

use super::ScheduledOp;
use crate::model::{Instance, Minutes, OrderId};

/// The cost one placed order adds to the objective, and the times it is computed from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderCost {
    /// End of its last placed operation.
    pub completion: Minutes,
    /// Arrival at the customer along the fastest route from its plant (the completion without a
    /// customer).
    pub arrival: Minutes,
    /// Minutes late at arrival (0 without due date).
    pub tardiness: Minutes,
    /// `w_tardiness x weight x tardiness + w_transport x transport + w_energy x energy`, in
    /// objective units. Energy is priced only when its weight is not 0.
    pub weighted: f64,
}

impl OrderCost {
    /// [`Self::weighted`] plus the makespan weight times how far `completion` lies beyond
    /// `makespan` (the latest end of everything else).
    pub fn with_makespan_growth(&self, instance: &Instance, makespan: Minutes) -> f64 {
        self.weighted + instance.weights().makespan * (self.completion - makespan).max(0) as f64
    }

    /// The cost with the transfers planned for the order's material added (`money`, the sum of
    /// [`super::PlannedTransfer::cost`]), weighted like transport.
    #[must_use]
    pub fn with_transfer_cost(mut self, instance: &Instance, money: f64) -> Self {
        self.weighted += instance.weights().transport * money;
        self
    }
}

/// The cost `order` adds when its operations are placed as `placements` (all of them; its plant is
/// the site of the earliest one). An empty `placements` costs nothing and arrives at minute 0.
pub fn order_cost(instance: &Instance, order: OrderId, placements: &[ScheduledOp]) -> OrderCost {
    let Some(first) = placements.iter().min_by_key(|p| (p.start, p.op)) else {
        return OrderCost {
            completion: 0,
            arrival: 0,
            tardiness: 0,
            weighted: 0.0,
        };
    };
    let w = instance.weights();
    let o = instance.order(order);
    let completion = placements.iter().map(|p| p.end).max().unwrap_or(first.end);
    let site = instance.machine(first.machine).site;
    let (arrival, per_unit) = instance
        .shipping(order, site, completion)
        .map_or((completion, 0.0), |(r, _, arrive)| {
            (arrive, r.cost_per_unit)
        });
    let tardiness = o.due.map_or(0, |due| (arrival - due).max(0));
    let mut weighted =
        w.tardiness * o.weight * tardiness as f64 + w.transport * per_unit * f64::from(o.quantity);
    if w.energy != 0.0 {
        for p in placements {
            weighted += w.energy * instance.energy_cost_in(p.machine, p.mode, p.start, p.end);
        }
    }
    OrderCost {
        completion,
        arrival,
        tardiness,
        weighted,
    }
}
