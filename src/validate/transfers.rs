//! Rules for the transfers of material a plan decides ([`crate::solution::PlannedTransfer`]): each
//! moves a positive quantity between two different sites along lanes that form a path from its
//! origin to its destination, each lane carrying the whole quantity in one shipment, arriving no
//! earlier than its departure plus the lanes' transit times (waiting where a lane is closed, slower
//! where a lane window says so), for an order of the instance (or none:
//! material under way for an order cancelled since). What they take from and bring to each site is
//! counted by the material rule, whether or not the order is made.
//!
//! Paths, capacities and transit times are re-derived from the lanes; the model's supply routes
//! are not consulted.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{QUANTITY_EPS, compact_number};
use crate::solution::PlannedTransfer;

/// Checks every planned transfer.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    for t in &plan.schedule.transfers {
        if let Some(v) = violation(plan, t) {
            out.push(v.orders(t.order).at(t.depart));
        }
    }
}

/// The first rule `t` breaks.
fn violation(plan: &Plan, t: &PlannedTransfer) -> Option<Violation> {
    let instance = plan.instance;
    let order = match t.order {
        Some(id) => match plan.order(id) {
            Some(order) => Some(order),
            None => {
                let msg = format!(
                    "a transfer departing at {} is for order {}, which does not exist",
                    t.depart, id.0
                );
                return Some(Violation::new(ViolationCode::TransferUnexpected, msg));
            }
        },
        None => None,
    };
    let for_order = order.map_or(String::new(), |o| format!(" for order '{}'", o.name));
    let sites = instance.sites();
    let material = instance.materials().get(t.material.index());
    let (Some(from), Some(to), Some(material)) =
        (sites.get(t.from.index()), sites.get(t.to.index()), material)
    else {
        let msg = format!(
            "a transfer{for_order} departing at {} names a site or material the instance does \
             not have",
            t.depart
        );
        return Some(Violation::new(ViolationCode::TransferRoute, msg));
    };
    let what = format!(
        "the transfer of {} {} from '{}' to '{}'{for_order}",
        compact_number(t.quantity),
        material.name,
        from.name,
        to.name,
    );
    if !(t.quantity.is_finite() && t.quantity > QUANTITY_EPS) || t.from == t.to {
        let msg = format!("{what} moves nothing or stays at one site");
        return Some(Violation::new(ViolationCode::TransferRoute, msg));
    }
    if t.lanes.is_empty() {
        let msg = format!("{what} has no lanes: its route is empty");
        return Some(Violation::new(ViolationCode::TransferRoute, msg));
    }
    let lanes = instance.lanes();
    let mut at = t.from;
    for l in &t.lanes {
        let Some(lane) = lanes.get(l.index()) else {
            let msg = format!("{what} uses lane number {}, which does not exist", l.0);
            return Some(Violation::new(ViolationCode::TransferRoute, msg));
        };
        if lane.from != at {
            let msg = format!(
                "{what}: lane '{}' leaves from '{}', but the route is at '{}' there",
                lane.name,
                sites[lane.from.index()].name,
                sites[at.index()].name
            );
            return Some(Violation::new(ViolationCode::TransferRoute, msg));
        }
        if let Some(capacity) = lane.capacity
            && f64::from(capacity) + QUANTITY_EPS < t.quantity
        {
            let msg = format!(
                "{what} uses lane '{}', which carries at most {capacity} per shipment",
                lane.name
            );
            return Some(Violation::new(ViolationCode::TransferCapacity, msg));
        }
        at = lane.to;
    }
    if at != t.to {
        let msg = format!(
            "{what}: its lanes end at '{}', not at '{}'",
            sites[at.index()].name,
            to.name
        );
        return Some(Violation::new(ViolationCode::TransferRoute, msg));
    }
    if t.depart < 0 {
        let msg = format!(
            "{what} departs at {}, before minute 0: stock is known from the plan start on",
            t.depart
        );
        return Some(Violation::new(ViolationCode::TransferTransit, msg));
    }
    let travel = super::lane_travel::travel(instance, &t.lanes, t.depart);
    if i128::from(t.arrive) < travel.arrive {
        let windows = if travel.notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", travel.notes.join("; "))
        };
        let msg = format!(
            "{what} departs at {} and arrives at {}, but its lanes take {} minutes{windows}",
            t.depart,
            t.arrive,
            travel.arrive - i128::from(t.depart)
        );
        return Some(Violation::new(ViolationCode::TransferTransit, msg));
    }
    None
}
