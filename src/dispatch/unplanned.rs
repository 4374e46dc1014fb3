//! Why an order could not be planned, in words a planner understands, and whether that is provably
//! impossible or only what the heuristic found.

use crate::model::{Instance, Minutes, OrderId, QUANTITY_EPS, SiteId};
use crate::timetable::Blocked;

/// A placement that was found but arrives after the order's hard deadline.
#[derive(Clone, Copy, Debug)]
pub(crate) struct MissedDeadline {
    pub plant: SiteId,
    pub arrival: Minutes,
}

/// A lower bound on the arrival of `order` if made at `plant`, ignoring all other orders: release
/// or first availability of its materials there, plus the shortest duration and lag of every step at
/// that plant, plus the transit from there. `None` when some material never suffices there.
pub(super) fn arrival_lower_bound(
    instance: &Instance,
    order: OrderId,
    plant: SiteId,
) -> Option<Minutes> {
    let o = instance.order(order);
    let plan = instance.order_plan(order);
    let mut start = o.release;
    for (material, qty) in instance.order_demand(order) {
        let available = instance
            .earliest_material(plant, material, qty)
            .or((qty <= QUANTITY_EPS).then_some(Minutes::MIN))?;
        start = start.max(available);
    }
    let mut path: Minutes = 0;
    for (k, op) in plan.op_ids().enumerate() {
        let operation = instance.op(op);
        let shortest = operation
            .options
            .iter()
            .filter(|opt| instance.machine(opt.machine).site == plant)
            .map(|opt| opt.duration)
            .min()
            .unwrap_or(0);
        path += shortest + if k == 0 { 0 } else { operation.min_lag };
    }
    let transit = plan
        .plant(plant)
        .and_then(|p| p.fastest())
        .map_or(0, |r| r.transit);
    Some(start + path + transit)
}

/// The reason text for an order that no plant could take: per plant the material that is short or
/// the deadline that is missed, then whether that is provably impossible.
pub(crate) fn explain(
    instance: &Instance,
    order: OrderId,
    blocks: &[(SiteId, Blocked)],
    missed: &[MissedDeadline],
) -> String {
    let o = instance.order(order);
    let plan = instance.order_plan(order);
    let mut parts = Vec::new();
    let mut provable = !plan.plants.is_empty();
    let mut stranded = None;
    for plant in &plan.plants {
        let site = plant.site;
        let name = &instance.site(site).name;
        let bound = arrival_lower_bound(instance, order, site);
        let deadline_impossible = match (o.deadline, bound) {
            (Some(d), Some(b)) => b > d,
            _ => false,
        };
        if let Some((_, b)) = blocks.iter().find(|(s, _)| *s == site) {
            // Short at the plant for good, but another site could send it (planned transfers):
            // that is competition, not impossibility.
            let sendable = match b {
                Blocked::Material { material, .. } => instance
                    .order_demand(order)
                    .filter(|(m, _)| m == material)
                    .all(|(m, q)| instance.earliest_material(site, m, q).is_some()),
                _ => false,
            };
            provable &= (b.is_absolute() && !sendable) || deadline_impossible;
            let text = match b {
                Blocked::Material {
                    material,
                    shortfall,
                    ..
                } => {
                    let mut text =
                        shortfall.describe(&instance.materials()[material.index()].name, "");
                    if sendable {
                        text.push_str(
                            " (another site holds enough and could send it by a transfer, which \
                             this plan found no room for)",
                        );
                    }
                    for s in stranded.get_or_insert_with(|| instance.stranded_material()) {
                        if s.material == *material {
                            text.push_str("; ");
                            text.push_str(&s.describe_for(instance, site));
                        }
                    }
                    text
                }
                other => other.describe(instance),
            };
            parts.push(format!("at plant '{name}' it {text}"));
        } else if let Some(m) = missed.iter().find(|m| m.plant == site) {
            let deadline = o.deadline.unwrap_or(m.arrival);
            let target = if o.customer.is_some() {
                "arrives at the customer"
            } else {
                "is finished"
            };
            let mut text = format!(
                "at plant '{name}' it misses its hard deadline {deadline}: the earliest it {target} \
                 in this plan is {}",
                m.arrival
            );
            if let (true, Some(b)) = (deadline_impossible, bound) {
                text.push_str(&format!(
                    ", and even with no other work it cannot be earlier than {b} (release {}, \
                     materials, shortest processing and lags, transit)",
                    o.release
                ));
            }
            provable &= deadline_impossible;
            parts.push(text);
        } else {
            provable = false;
        }
    }
    let verdict = if provable {
        "This is provably impossible."
    } else {
        "No placement was found around the work already planned; a plan that moves other orders \
         may exist."
    };
    if parts.is_empty() {
        return format!(
            "order '{}' has no plant that can make it. {verdict}",
            o.name
        );
    }
    format!(
        "order '{}' could not be planned: {}. {verdict}",
        o.name,
        parts.join("; ")
    )
}
