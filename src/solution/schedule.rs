//! A plan: when and where every operation runs, how finished orders ship, and what could not be planned.

use super::Decision;
use crate::model::{Instance, LaneId, MachineId, Minutes, ModeId, OpId, OrderId, SiteId};
use serde::{Deserialize, Serialize};

/// One operation placed on a machine during `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ScheduledOp {
    /// The operation.
    pub op: OpId,
    /// The machine it runs on.
    pub machine: MachineId,
    /// First minute of processing.
    pub start: Minutes,
    /// First minute after processing.
    pub end: Minutes,
    /// The machine's mode (`modes.csv`); nominal when absent from older plans.
    #[serde(default, skip_serializing_if = "is_nominal")]
    pub mode: ModeId,
}

fn is_nominal(mode: &ModeId) -> bool {
    mode.is_nominal()
}

/// A finished order travelling from its plant to its customer along `lanes`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shipment {
    /// The shipped order.
    pub order: OrderId,
    /// Lanes in travel order (empty when the plant is the customer site).
    pub lanes: Vec<LaneId>,
    /// Departure from the plant.
    pub depart: Minutes,
    /// Arrival at the customer.
    pub arrive: Minutes,
}

/// An order the solver could not plan, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnplannedOrder {
    /// The order left out of the plan.
    pub order: OrderId,
    /// Why it could not be planned, in words a planner understands.
    pub reason: String,
    /// Whether the order could not be planned (a failure) or was left out by choice (an optional
    /// order dropped, a deferrable order deferred beyond the horizon).
    #[serde(default, skip_serializing_if = "Decision::is_unplannable")]
    pub decision: Decision,
}

impl UnplannedOrder {
    /// An order that could not be planned (a failure, not a choice), with the reason.
    pub fn unplannable(order: OrderId, reason: impl Into<String>) -> Self {
        UnplannedOrder {
            order,
            reason: reason.into(),
            decision: Decision::Unplannable,
        }
    }

    /// True when the order was left out by choice (dropped or deferred), not for want of a way to
    /// plan it.
    pub fn is_choice(&self) -> bool {
        self.decision != Decision::Unplannable
    }
}

/// A production and shipping plan for an [`Instance`].
///
/// Every operation of every planned order appears exactly once in `ops`; orders listed in `unplanned`
/// have no operations. Feasibility is judged by [`crate::validate::validate`], never assumed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Schedule {
    /// Placed operations, in any order.
    pub ops: Vec<ScheduledOp>,
    /// One shipment per planned order that has a customer.
    pub shipments: Vec<Shipment>,
    /// Orders left out of the plan with the reason.
    pub unplanned: Vec<UnplannedOrder>,
    /// Material the plan sends between sites for its orders (`plan_transfers`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<super::PlannedTransfer>,
}

impl Schedule {
    /// Sorts operations by id and shipments and unplanned orders by order id, so that equal plans
    /// compare and print equal.
    pub fn normalize(&mut self) {
        self.ops.sort_by_key(|s| s.op);
        self.shipments.sort_by_key(|s| s.order);
        self.unplanned.sort_by_key(|u| u.order);
        self.transfers
            .sort_by_key(|t| (t.order, t.material, t.depart));
    }

    /// Latest end over all operations (0 for an empty plan).
    pub fn makespan(&self) -> Minutes {
        self.ops.iter().map(|s| s.end).max().unwrap_or(0)
    }

    /// True when the order is listed as unplanned.
    pub fn is_unplanned(&self, order: OrderId) -> bool {
        self.unplanned.iter().any(|u| u.order == order)
    }

    /// Placed operations indexed by operation id (`None` for operations not in the plan). Operations
    /// that appear more than once keep their last placement.
    pub fn by_op(&self, instance: &Instance) -> Vec<Option<ScheduledOp>> {
        let mut slots = vec![None; instance.ops().len()];
        for s in &self.ops {
            if let Some(slot) = slots.get_mut(s.op.index()) {
                *slot = Some(*s);
            }
        }
        slots
    }

    /// Attaches shipments for every planned order with a customer: each leaves when its last
    /// operation ends and takes the route the objective prefers from the plant where it was made
    /// ([`Instance::shipping`]: the fastest unless a slower one is cheaper in lateness plus
    /// transport; it waits where a lane is closed). Existing shipments are replaced.
    ///
    /// Solvers call this after placing operations; orders with missing operations get no shipment.
    pub fn ship_orders(&mut self, instance: &Instance) {
        let placed = self.by_op(instance);
        self.shipments.clear();
        for order_id in instance.order_ids() {
            let order = instance.order(order_id);
            if order.customer.is_none() {
                continue;
            }
            let plan = instance.order_plan(order_id);
            let Some(last) = placed[plan.last_op().index()] else {
                continue;
            };
            let Some(first) = placed[plan.first_op().index()] else {
                continue;
            };
            let site: SiteId = instance.machine(first.machine).site;
            let depart = plan
                .op_ids()
                .filter_map(|op| placed[op.index()].map(|s| s.end))
                .max()
                .unwrap_or(last.end);
            let Some((route, depart, arrive)) = instance.shipping(order_id, site, depart) else {
                continue;
            };
            self.shipments.push(Shipment {
                order: order_id,
                lanes: route.lanes.clone(),
                depart,
                arrive,
            });
        }
    }
}
