//! Material rule: when an order's first operation starts it consumes `qty_per_unit x quantity` of
//! each bill-of-materials line at the site of that operation's machine. At every consumption time
//! and every departure of a transfer out `t`, the cumulative consumption at (site, material) up to
//! and including `t`, plus the transfers out that left by `t`, must not exceed the initial stock
//! plus the deliveries and transfers in that arrived by `t` (within [`QUANTITY_EPS`]).
//!
//! A booked transfer that left before minute 0 is under way at the plan start: it counts at its
//! destination only (the stock of its origin is what is on hand at minute 0). Stock adjustments
//! count as arrivals (found) or departures (lost) at their minute. Transfers
//! are the instance's booked ones and the plan's own ([`crate::solution::PlannedTransfer`]).
//! Availability is recomputed here from the stock entries, deliveries and transfers, not read from
//! the model's derived supply curves.

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

/// What arrives at and leaves one (site, material) apart from orders' consumption.
#[derive(Default)]
struct Arrivals {
    initial: f64,
    /// `(minute, quantity)` of deliveries and transfers in, sorted by minute once collected.
    deliveries: Vec<(Minutes, f64)>,
    /// `(departure, quantity, order)` of transfers out (the order a planned transfer is for),
    /// sorted by minute once collected.
    transfers_out: Vec<(Minutes, f64, Option<OrderId>)>,
    /// True when some transfer arrives here (the message then names them).
    transfers_in: bool,
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
    let mut transfer = |from, to, material, quantity, (depart, arrive), order| {
        let at_to: &mut Arrivals = arrivals.entry((to, material)).or_default();
        at_to.deliveries.push((arrive, quantity));
        at_to.transfers_in = true;
        // A transfer that left before minute 0 is not part of its origin's stock (the checker
        // refuses planned ones that do).
        if depart >= 0 {
            arrivals
                .entry((from, material))
                .or_default()
                .transfers_out
                .push((depart, quantity, order));
        }
    };
    for t in plan.instance.transfers() {
        let times = (t.depart, t.arrival());
        transfer(t.from, t.to, t.material, t.quantity, times, None);
    }
    for t in &plan.schedule.transfers {
        let times = (t.depart, t.arrive);
        transfer(t.from, t.to, t.material, t.quantity, times, t.order);
    }
    for a in plan.instance.adjustments() {
        let entry = arrivals.entry((a.site, a.material)).or_default();
        if a.quantity > 0.0 {
            entry.deliveries.push((a.at, a.quantity));
        } else {
            entry.transfers_out.push((a.at, -a.quantity, None));
        }
    }
    for a in arrivals.values_mut() {
        a.deliveries.sort_by_key(|&(eta, _)| eta);
        a.transfers_out.sort_by_key(|&(at, ..)| at);
    }
    // Every site that orders draw from, and every site material leaves by transfer or
    // adjustment (a port ships out but never consumes).
    for (&key, supply) in &arrivals {
        if !supply.transfers_out.is_empty() {
            draws.entry(key).or_default();
        }
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

/// Sweeps the consumption and transfer departure times in order and reports the first one where
/// more has been consumed or shipped away than has arrived, counting the later times that are
/// short too.
fn first_shortage(
    plan: &Plan,
    site: SiteId,
    material: MaterialId,
    draws: &[Draw],
    supply: &Arrivals,
) -> Option<Violation> {
    let mut times: Vec<Minutes> = draws.iter().map(|d| d.at).collect();
    times.extend(supply.transfers_out.iter().map(|&(at, ..)| at));
    times.sort_unstable();
    times.dedup();
    let mut consumed = 0.0;
    let mut shipped = 0.0;
    let mut available = supply.initial;
    let (mut arrived, mut drawn, mut left) = (0, 0, 0);
    let mut first: Option<Violation> = None;
    let mut later_short_times = 0usize;
    for t in times {
        let group_start = drawn;
        while draws.get(drawn).is_some_and(|d| d.at == t) {
            consumed += draws[drawn].quantity;
            drawn += 1;
        }
        let group = &draws[group_start..drawn];
        let leaving_from = left;
        while let Some(&(at, quantity, _)) = supply.transfers_out.get(left)
            && at == t
        {
            shipped += quantity;
            left += 1;
        }
        // When no order starts then, the transfers leaving then are what runs short: the
        // violation names their orders, so that it points at their rows of transfers.csv.
        let leaving: Vec<OrderId> = if group.is_empty() {
            supply.transfers_out[leaving_from..left]
                .iter()
                .filter_map(|&(.., order)| order)
                .collect()
        } else {
            Vec::new()
        };
        while let Some(&(eta, quantity)) = supply.deliveries.get(arrived)
            && eta <= t
        {
            available += quantity;
            arrived += 1;
        }
        if consumed + shipped <= available + QUANTITY_EPS {
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
        let what = match (supply.transfers_in, arrived == 1) {
            (true, true) => "delivery or transfer in",
            (true, false) => "deliveries and transfers in",
            (false, true) => "delivery",
            (false, false) => "deliveries",
        };
        let arrivals = if arrived == 0 {
            format!("stock {}, nothing more arrived by {t}", supply.initial)
        } else {
            format!(
                "stock {} plus {} from {arrived} {what} by {t}",
                supply.initial,
                crate::model::compact_number(available - supply.initial)
            )
        };
        let shipped_text = if shipped > 0.0 {
            format!(" and transfers out take {shipped}")
        } else {
            String::new()
        };
        let starting_text = if starting.is_empty() {
            String::new()
        } else {
            format!("; starting at {t}: {}", starting.join(", "))
        };
        let msg = format!(
            "site '{}' is short of material '{}' at {t}: orders starting by then need {consumed} in total{shipped_text} but only {available} is available ({arrivals}){starting_text}",
            plan.site_name(site),
            plan.material_name(material),
        );
        first = Some(
            Violation::new(ViolationCode::MaterialShortage, msg)
                .orders(group.iter().map(|d| d.order).chain(leaving))
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
