//! Plant rules: all operations of an order run at one site, and that site may make the order (it is
//! the order's fixed plant if it has one, every routing step has an eligible machine there, and the
//! customer can be reached from it by lanes that carry the order's quantity).
//!
//! An order's plant is the site of its earliest scheduled routing step. Reachability is re-derived
//! from the lanes here rather than read from the model's derived plant options.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{Instance, OpId, OrderId, SiteId};
use std::collections::{BTreeMap, VecDeque};

/// Checks that every order runs at one allowed site.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let mut reachable = ReachCache::default();
    for order in plan.instance.order_ids() {
        let Some(plant) = plan.plant(order) else {
            continue;
        };
        split_plant(plan, order, plant, out);
        forbidden_plant(plan, order, plant, &mut reachable, out);
    }
}

fn split_plant(plan: &Plan, order: OrderId, plant: SiteId, out: &mut Vec<Violation>) {
    let elsewhere: Vec<_> = plan
        .order_placements(order)
        .filter_map(|(step, s)| {
            let site = plan.site_of(s.machine)?;
            (site != plant).then_some((step, s, site))
        })
        .collect();
    let Some(&(_, first, _)) = elsewhere.first() else {
        return;
    };
    let places: Vec<String> = elsewhere
        .iter()
        .map(|&(step, s, site)| {
            format!(
                "step {} on machine '{}' at site '{}'",
                step + 1,
                plan.machine_name(s.machine),
                plan.site_name(site)
            )
        })
        .collect();
    let msg = format!(
        "order '{}' is made at site '{}' but runs {}",
        plan.order_name(order),
        plan.site_name(plant),
        places.join(", ")
    );
    out.push(
        Violation::new(ViolationCode::SplitPlant, msg)
            .orders([order])
            .ops(elsewhere.iter().map(|(_, s, _)| s.op))
            .machines(elsewhere.iter().map(|(_, s, _)| s.machine))
            .at(first.start),
    );
}

fn forbidden_plant(
    plan: &Plan,
    order: OrderId,
    plant: SiteId,
    reachable: &mut ReachCache,
    out: &mut Vec<Violation>,
) {
    let Some(o) = plan.order(order) else {
        return;
    };
    let name = &o.name;
    let site = plan.site_name(plant);
    let mut reasons = Vec::new();
    if let Some(fixed) = o.plant.filter(|&f| f != plant) {
        reasons.push(format!(
            "the order is fixed to plant '{}'",
            plan.site_name(fixed)
        ));
    }
    let steps = &plan.instance.product(o.product).steps;
    let missing: Vec<String> = steps
        .iter()
        .enumerate()
        .filter(|(_, step)| {
            !step
                .options
                .iter()
                .any(|opt| plan.site_of(opt.machine) == Some(plant))
        })
        .map(|(k, _)| (k + 1).to_string())
        .collect();
    if !missing.is_empty() {
        reasons.push(format!(
            "site '{site}' has no eligible machine for step(s) {}",
            missing.join(", ")
        ));
    }
    if let Some(customer) = o.customer
        && !reachable.get(plan.instance, plant, customer, o.quantity)
    {
        reasons.push(format!(
            "no lanes carrying {} units lead from '{site}' to customer '{}'",
            o.quantity,
            plan.site_name(customer)
        ));
    }
    if reasons.is_empty() {
        return;
    }
    let ops: Vec<OpId> = plan.order_placements(order).map(|(_, s)| s.op).collect();
    let first = plan.order_placements(order).map(|(_, s)| s.start).next();
    let msg = format!(
        "order '{name}' is made at site '{site}', which is not allowed: {}",
        reasons.join("; ")
    );
    let mut v = Violation::new(ViolationCode::ForbiddenPlant, msg)
        .orders([order])
        .ops(ops);
    v.at = first;
    out.push(v);
}

/// Remembers which customers can be reached from which sites for a given shipment size.
#[derive(Default)]
struct ReachCache {
    known: BTreeMap<(SiteId, SiteId, u32), bool>,
}

impl ReachCache {
    fn get(&mut self, instance: &Instance, from: SiteId, to: SiteId, quantity: u32) -> bool {
        *self
            .known
            .entry((from, to, quantity))
            .or_insert_with(|| can_reach(instance, from, to, quantity))
    }
}

/// True when lanes that can carry `quantity` units lead from `from` to `to` (breadth-first search).
fn can_reach(instance: &Instance, from: SiteId, to: SiteId, quantity: u32) -> bool {
    if from == to {
        return true;
    }
    let sites = instance.sites().len();
    let mut outgoing: Vec<Vec<SiteId>> = vec![Vec::new(); sites];
    for lane in instance.lanes() {
        if lane.capacity.is_none_or(|c| c >= quantity) && lane.from.index() < sites {
            outgoing[lane.from.index()].push(lane.to);
        }
    }
    let mut seen = vec![false; sites];
    let mut queue = VecDeque::from([from]);
    while let Some(site) = queue.pop_front() {
        if site == to {
            return true;
        }
        let Some(next) = outgoing.get(site.index()) else {
            continue;
        };
        for &n in next {
            if let Some(flag) = seen.get_mut(n.index())
                && !*flag
            {
                *flag = true;
                queue.push_back(n);
            }
        }
    }
    false
}
