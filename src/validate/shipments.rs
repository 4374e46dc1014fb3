//! Shipping rules: every planned order with a customer ships exactly once, departing at or after its
//! completion, along lanes that form a path from its plant to its customer, each lane carrying the
//! order's quantity, and arriving exactly the lanes' transit times after departure (plus the waits
//! and extra minutes of lane windows, `lane_travel`).
//!
//! Paths, capacities and transit times are re-derived from the lanes; the model's precomputed
//! routes are not consulted. Shipments of orders listed as unplanned are reported by the assignment
//! rules (`UNPLANNED_BUT_SCHEDULED`).

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{Lane, SiteId};
use crate::solution::Shipment;

/// Checks every shipment and that no planned order with a customer lacks one.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let mut shipped = vec![false; plan.instance.orders().len()];
    for s in &plan.schedule.shipments {
        let Some(order) = plan.order(s.order) else {
            let msg = format!(
                "a shipment departing at {} is for order {}, which does not exist",
                s.depart, s.order.0
            );
            out.push(Violation::new(ViolationCode::ShipmentUnexpected, msg).at(s.depart));
            continue;
        };
        if shipped[s.order.index()] {
            let msg = format!(
                "order '{}' ships more than once (another shipment departs at {})",
                order.name, s.depart
            );
            out.push(
                Violation::new(ViolationCode::ShipmentDuplicate, msg)
                    .orders([s.order])
                    .at(s.depart),
            );
            continue;
        }
        shipped[s.order.index()] = true;
        if plan.is_unplanned(s.order) {
            continue;
        }
        let Some(customer) = order.customer else {
            let msg = format!(
                "order '{}' has no customer but ships at {}",
                order.name, s.depart
            );
            out.push(unexpected(s, msg));
            continue;
        };
        let Some(completion) = plan.completion(s.order) else {
            let msg = format!(
                "order '{}' ships at {} but none of its operations is scheduled",
                order.name, s.depart
            );
            out.push(unexpected(s, msg));
            continue;
        };
        if s.depart < completion {
            let msg = format!(
                "order '{}' departs at {} but its last operation ends at {completion}",
                order.name, s.depart
            );
            out.push(
                Violation::new(ViolationCode::ShipmentBeforeCompletion, msg)
                    .orders([s.order])
                    .at(s.depart),
            );
        }
        check_lanes(plan, s, plan.plant(s.order), customer, order.quantity, out);
    }
    for order_id in plan.instance.order_ids() {
        let order = plan.instance.order(order_id);
        let Some(customer) = order.customer else {
            continue;
        };
        if shipped[order_id.index()] || plan.is_unplanned(order_id) {
            continue;
        }
        let msg = format!(
            "order '{}' has no shipment to its customer '{}'",
            order.name,
            plan.site_name(customer)
        );
        let mut v = Violation::new(ViolationCode::ShipmentMissing, msg).orders([order_id]);
        v.at = plan.completion(order_id);
        out.push(v);
    }
}

fn unexpected(s: &Shipment, msg: String) -> Violation {
    Violation::new(ViolationCode::ShipmentUnexpected, msg)
        .orders([s.order])
        .at(s.depart)
}

/// Route, capacity and transit of one shipment.
fn check_lanes(
    plan: &Plan,
    s: &Shipment,
    plant: Option<SiteId>,
    customer: SiteId,
    quantity: u32,
    out: &mut Vec<Violation>,
) {
    let name = plan.order_name(s.order);
    let mut breaks = Vec::new();
    let mut known: Vec<&Lane> = Vec::with_capacity(s.lanes.len());
    for id in &s.lanes {
        match plan.instance.lanes().get(id.index()) {
            Some(lane) => known.push(lane),
            None => breaks.push(format!("lane {} does not exist", id.0)),
        }
    }
    if breaks.is_empty() {
        breaks = path_breaks(plan, &known, plant, customer);
    }
    if !breaks.is_empty() {
        let msg = format!(
            "order '{name}' ships along lanes that do not lead from its plant to customer '{}': {}",
            plan.site_name(customer),
            breaks.join("; ")
        );
        out.push(
            Violation::new(ViolationCode::ShipmentRoute, msg)
                .orders([s.order])
                .at(s.depart),
        );
    }
    for lane in &known {
        if let Some(capacity) = lane.capacity.filter(|&c| c < quantity) {
            let msg = format!(
                "order '{name}' ships {quantity} units on lane '{}', which carries at most {capacity}",
                lane.name
            );
            out.push(
                Violation::new(ViolationCode::ShipmentCapacity, msg)
                    .orders([s.order])
                    .at(s.depart),
            );
        }
    }
    if known.len() == s.lanes.len() {
        let travel = super::lane_travel::travel(plan.instance, &s.lanes, s.depart);
        let expected = travel.arrive;
        if i128::from(s.arrive) != expected {
            let windows = if travel.notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", travel.notes.join("; "))
            };
            let msg = format!(
                "order '{name}' departs at {} and its lanes take {} minutes{windows}, so it arrives at {expected}, not {}",
                s.depart,
                expected - i128::from(s.depart),
                s.arrive
            );
            out.push(
                Violation::new(ViolationCode::ShipmentTransit, msg)
                    .orders([s.order])
                    .at(s.arrive),
            );
        }
    }
}

/// Where the lanes fail to chain from `plant` (when known) to `customer`.
fn path_breaks(
    plan: &Plan,
    lanes: &[&Lane],
    plant: Option<SiteId>,
    customer: SiteId,
) -> Vec<String> {
    let mut breaks = Vec::new();
    let Some((first, last)) = lanes.first().zip(lanes.last()) else {
        if let Some(plant) = plant.filter(|&p| p != customer) {
            breaks.push(format!(
                "there are no lanes, but plant '{}' is not the customer site",
                plan.site_name(plant)
            ));
        }
        return breaks;
    };
    if let Some(plant) = plant.filter(|&p| p != first.from) {
        breaks.push(format!(
            "the first lane '{}' leaves from '{}', not from plant '{}'",
            first.name,
            plan.site_name(first.from),
            plan.site_name(plant)
        ));
    }
    for pair in lanes.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if a.to != b.from {
            breaks.push(format!(
                "lane '{}' ends at '{}' but the next lane '{}' leaves from '{}'",
                a.name,
                plan.site_name(a.to),
                b.name,
                plan.site_name(b.from)
            ));
        }
    }
    if last.to != customer {
        breaks.push(format!(
            "the last lane '{}' ends at '{}'",
            last.name,
            plan.site_name(last.to)
        ));
    }
    breaks
}
