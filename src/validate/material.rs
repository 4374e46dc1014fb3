//! Material rule: when an order's first operation starts it consumes `qty_per_unit x quantity` of
//! each bill-of-materials line at the site of that operation's machine. At every consumption time
//! `t`, the cumulative consumption at (site, material) up to and including `t` must not exceed the
//! initial stock plus the deliveries with `eta <= t` (within [`QUANTITY_EPS`]).
//!
//! Availability is recomputed here from the stock entries and deliveries, not read from the model's
//! derived supply curves.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{MaterialId, Minutes, OrderId, QUANTITY_EPS, SiteId};
use std::collections::BTreeMap;

/// One order's consumption of one material.
struct Draw {
    at: Minutes,
    quantity: f64,
    order: OrderId,
}

/// What arrives at one (site, material).
#[derive(Default)]
struct Arrivals {
    initial: f64,
    /// `(eta, quantity)`, sorted by eta once collected.
    deliveries: Vec<(Minutes, f64)>,
}

/// Checks every (site, material) that some order consumes; one violation per short pair.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    let mut draws: BTreeMap<(SiteId, MaterialId), Vec<Draw>> = BTreeMap::new();
    for order_id in plan.instance.order_ids() {
        let Some(first_op) = plan.order_ops(order_id).next() else {
            continue;
        };
        let Some(first) = plan.placed(first_op) else {
            continue;
        };
        let Some(site) = plan.site_of(first.machine) else {
            continue;
        };
        let order = plan.instance.order(order_id);
        for line in &plan.instance.product(order.product).bom {
            draws.entry((site, line.material)).or_default().push(Draw {
                at: first.start,
                quantity: line.qty_per_unit * f64::from(order.quantity),
                order: order_id,
            });
        }
    }
    if draws.is_empty() {
        return;
    }
    let mut arrivals: BTreeMap<(SiteId, MaterialId), Arrivals> = BTreeMap::new();
    for s in plan.instance.stock() {
        arrivals.entry((s.site, s.material)).or_default().initial += s.quantity;
    }
    for d in plan.instance.deliveries() {
        arrivals
            .entry((d.site, d.material))
            .or_default()
            .deliveries
            .push((d.eta, d.quantity));
    }
    for a in arrivals.values_mut() {
        a.deliveries.sort_by_key(|&(eta, _)| eta);
    }
    let none = Arrivals::default();
    for ((site, material), mut list) in draws {
        let supply = arrivals.get(&(site, material)).unwrap_or(&none);
        list.sort_by_key(|d| (d.at, d.order));
        if let Some(v) = first_shortage(plan, site, material, &list, supply) {
            out.push(v);
        }
    }
}

/// Sweeps the consumption times in order and reports the first one where more has been consumed
/// than has arrived, counting the later times that are short too.
fn first_shortage(
    plan: &Plan,
    site: SiteId,
    material: MaterialId,
    draws: &[Draw],
    supply: &Arrivals,
) -> Option<Violation> {
    let mut consumed = 0.0;
    let mut available = supply.initial;
    let mut arrived = 0;
    let mut first: Option<Violation> = None;
    let mut later_short_times = 0usize;
    for group in draws.chunk_by(|a, b| a.at == b.at) {
        let t = group[0].at;
        consumed += group.iter().map(|d| d.quantity).sum::<f64>();
        while let Some(&(eta, quantity)) = supply.deliveries.get(arrived)
            && eta <= t
        {
            available += quantity;
            arrived += 1;
        }
        if consumed <= available + QUANTITY_EPS {
            continue;
        }
        if first.is_some() {
            later_short_times += 1;
            continue;
        }
        let starting: Vec<String> = group
            .iter()
            .map(|d| format!("'{}' ({})", plan.order_name(d.order), d.quantity))
            .collect();
        let msg = format!(
            "site '{}' is short of material '{}' at {t}: orders starting by then need {consumed} in total but only {available} is available (stock {} plus {arrived} deliveries by {t}); starting at {t}: {}",
            plan.site_name(site),
            plan.material_name(material),
            supply.initial,
            starting.join(", ")
        );
        first = Some(
            Violation::new(ViolationCode::MaterialShortage, msg)
                .orders(group.iter().map(|d| d.order))
                .ops(group.iter().filter_map(|d| plan.order_ops(d.order).next()))
                .at(t),
        );
    }
    let mut v = first?;
    if later_short_times > 0 {
        v.message.push_str(&format!(
            "; also short at {later_short_times} later consumption time(s)"
        ));
    }
    Some(v)
}
