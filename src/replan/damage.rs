//! What the events damaged: the orders the improvement should re-optimise first, the windows whose
//! energy price rose, and how long the improvement may run.
//!
//! Damaged orders are
//! - the orders the repair had to move, re-insert or leave out, and new orders;
//! - after a delivery slips, every order at its site that consumes its material, has not started
//!   and starts before the new arrival (they compete for what is left; later orders find the
//!   delivery in), and every order whose planned transfers take that material from there before
//!   the new arrival;
//! - after a price change, the orders with work at the site inside the window (a rise: move it out;
//!   a fall: move work in);
//! - after a cancellation, the orders on the freed machines in the day after the freed work (they
//!   may move up);
//! - after a predicted failure, the orders with work on the machine inside the risk window;
//! - after a lane closes or slows, the orders that ship or source material through it before the
//!   window ends, and the consumers of what booked transfers on it bring.
//!
//! An event that damages nothing (no order moved, nothing to insert, no re-priced work, no freed
//! capacity) leaves nothing to improve: the re-plan is the repaired plan, in milliseconds. A local
//! event (the repair raised the objective of the published plan by at most [`LARGE_INCREASE`] and left
//! no more orders unplanned) gets `BASE + PER_ORDER x damaged orders + PER_WINDOW x re-priced
//! windows` of the budget; a large one (a wave of rush orders, a plant down on an overloaded
//! plant) may use the whole budget, since how much a re-plan can win back grows with what the
//! event cost, not with how many orders it touched. Both search the zone around the damage (see
//! `search::plant`) and stop once no better plan turned up for `STALL_BASE + STALL_PER_ORDER x
//! damaged orders` rounds. When the repair left orders unplanned that the published plan planned,
//! the moves start anywhere in the plant: the room they need may be anywhere.

use super::apply::Risk;
use super::events::Event;
use super::frozen::{BaselineMap, Horizon};
use crate::model::{Instance, MaterialId, Minutes, OrderId, SiteId, Window};
use crate::search::plant::Focus;
use crate::solution::Schedule;
use std::time::Duration;

/// Improvement time with any damage.
const BASE: Duration = Duration::from_millis(100);
/// Improvement time per damaged order.
const PER_ORDER: Duration = Duration::from_millis(10);
/// Improvement time per window whose price rose over unfrozen work.
const PER_WINDOW: Duration = Duration::from_millis(250);
/// Rounds without a better plan before the improvement stops, with any damage.
const STALL_BASE: u64 = 600;
/// More rounds per damaged order.
const STALL_PER_ORDER: u64 = 20;
/// A price change releases the work inside its window (see `StabilityWeights::repriced_factor`)
/// only when the price there ends at least this many times the mean price the baseline was planned
/// for: a spike, not a negligible rise that would let the search reshuffle the window for nothing.
pub(crate) const SPIKE_RISE: f64 = 1.5;
/// Damage is large when the repair raised the published plan's objective by more than this share.
pub(crate) const LARGE_INCREASE: f64 = 0.05;

/// The damage of a set of events and the improvement effort it warrants.
#[derive(Clone, Debug, Default)]
pub(crate) struct Damage {
    /// What the search starts from (damaged orders, expensive windows, stall rounds).
    pub focus: Focus,
    /// Windows whose price changed, per site (rises and falls), for the report.
    pub priced: Vec<(SiteId, Window)>,
    /// True when the damage is large (see [`Damage::judge`]): the improvement may use the whole
    /// budget.
    pub large: bool,
}

impl Damage {
    /// The time the improvement may use at most: `None` for large damage (the whole budget).
    pub fn time(&self) -> Option<Duration> {
        (!self.large).then(|| {
            BASE + PER_ORDER * self.focus.orders.len().min(100_000) as u32
                + PER_WINDOW * self.focus.expensive.len().min(1_000) as u32
        })
    }

    /// Judges the damage large when the repaired plan leaves more orders unplanned than the
    /// published one (`unplanned` before and after) or its objective lies more than
    /// [`LARGE_INCREASE`] above the published plan's (`objective` before the events and after the
    /// repair; stability penalties left out, so that moves alone never make damage large). Large
    /// damage may use the whole budget; its moves still start in the zone around the damage,
    /// except when the repair left orders unplanned: then anywhere ([`Focus::wide`]).
    pub fn judge(&mut self, unplanned: (usize, usize), objective: (f64, f64)) {
        let (before, after) = objective;
        self.large = unplanned.1 > unplanned.0 || after - before > LARGE_INCREASE * before.abs();
        self.focus.local = !self.large;
        self.focus.wide = unplanned.1 > unplanned.0;
    }
}

/// Assesses the damage of `events` (applied as `instance`) on the baseline `map`, given the
/// `repaired` plan.
pub(crate) fn assess(
    base: &Instance,
    instance: &Instance,
    map: &BaselineMap,
    repaired: &Schedule,
    events: &[Event],
    risks: &[Risk],
    horizon: &Horizon,
) -> Damage {
    let n = instance.orders().len();
    let mut hit = vec![false; n];
    let placed = repaired.by_op(instance);
    // Moved, re-inserted, new or left out by the repair (an order left out by choice before and
    // after is no damage).
    for order in instance.order_ids() {
        let plan = instance.order_plan(order);
        let chosen_out = repaired
            .unplanned
            .iter()
            .any(|u| u.order == order && u.is_choice());
        let moved = plan.op_ids().any(|op| {
            !map.frozen[op.index()]
                && match (map.placements[op.index()], placed[op.index()]) {
                    (Some(old), Some(new)) => old.machine != new.machine || old.start != new.start,
                    (None, None) => !chosen_out,
                    _ => true,
                }
        });
        hit[order.index()] |= moved;
    }
    let unfrozen = |order: OrderId| {
        instance
            .order_plan(order)
            .op_ids()
            .any(|op| !map.frozen[op.index()])
    };
    let mut expensive = Vec::new();
    let mut priced = Vec::new();
    for event in events {
        match event {
            Event::DeliveryDelayed { delivery: name, .. }
            | Event::ShipmentDelayed { shipment: name, .. } => {
                // Where and when the material now arrives.
                let arrival = instance
                    .deliveries()
                    .iter()
                    .find(|d| &d.name == name)
                    .map(|d| (d.site, d.material, d.eta))
                    .or_else(|| {
                        instance
                            .transfers()
                            .iter()
                            .find(|t| &t.name == name)
                            .map(|t| (t.to, t.material, t.arrival()))
                    });
                let Some((site, material, eta)) = arrival else {
                    continue;
                };
                // Orders that pulled (published plan) or pull (repair) the material from there
                // before it now arrives: a held vessel at a port feeds the plants by transfers.
                for t in map.transfers.iter().chain(&repaired.transfers) {
                    if let Some(order) = t.order
                        && t.from == site
                        && t.material == material
                        && t.depart < eta
                    {
                        hit[order.index()] = true;
                    }
                }
                // Orders that start once the material is in compete for nothing it changed.
                for order in consumers_before(instance, &placed, site, material, eta) {
                    if !map.frozen[instance.order_plan(order).first_op().index()] {
                        hit[order.index()] = true;
                    }
                }
            }
            Event::StockAdjusted { site, material, .. } => {
                let site = instance.sites().iter().position(|s| &s.name == site);
                let material = instance
                    .materials()
                    .iter()
                    .position(|m| &m.name == material);
                let (Some(site), Some(material)) = (site, material) else {
                    continue;
                };
                let (site, material) = (SiteId::from_index(site), MaterialId::from_index(material));
                // Every unfrozen consumer of the material at the site competes for what changed.
                for order in instance.order_ids() {
                    let first = instance.order_plan(order).first_op();
                    let there = placed[first.index()]
                        .is_some_and(|p| instance.machine(p.machine).site == site);
                    if there
                        && !map.frozen[first.index()]
                        && instance.order_demand(order).any(|(m, _)| m == material)
                    {
                        hit[order.index()] = true;
                    }
                }
            }
            Event::PriceChange { price_per_kwh, .. } => {
                let Some((site, window)) = repriced_window(instance, event, horizon) else {
                    continue;
                };
                priced.push((site, window));
                // A rise matters only where unfrozen work draws power inside the window; a rise
                // over an idle window damages nothing.
                let drawn_inside = repaired.ops.iter().any(|p| {
                    !map.frozen[p.op.index()]
                        && instance.machine(p.machine).site == site
                        && instance.power_kw(p.machine, p.mode) > 0.0
                        && Window::new(p.start, p.end).overlaps(&window)
                });
                if drawn_inside && rose(base, site, window, *price_per_kwh) {
                    expensive.push((site, window));
                }
                for p in repaired.ops.iter() {
                    if map.frozen[p.op.index()] || instance.machine(p.machine).site != site {
                        continue;
                    }
                    // Work up to one window length either side may move in or out.
                    let len = window.end.saturating_sub(window.start);
                    let near = Window::new(
                        window.start.saturating_sub(len),
                        window.end.saturating_add(len),
                    );
                    if Window::new(p.start, p.end).overlaps(&near)
                        && instance.power_kw(p.machine, p.mode) > 0.0
                    {
                        hit[instance.op(p.op).order.index()] = true;
                    }
                }
            }
            Event::LaneClosed { lane, window } | Event::LaneDelayed { lane, window, .. } => {
                let Some(l) = instance.lanes().iter().position(|x| &x.name == lane) else {
                    continue;
                };
                let lane = crate::model::LaneId::from_index(l);
                for order in lane_damage(base, instance, repaired, &placed, lane, *window) {
                    hit[order.index()] = true;
                }
            }
            Event::OrderCancelled { order } => {
                let Some(o) = base.orders().iter().position(|x| &x.name == order) else {
                    continue;
                };
                let freed: Vec<(crate::model::MachineId, Minutes)> = base
                    .order_plan(OrderId::from_index(o))
                    .op_ids()
                    .filter_map(|op| {
                        map.base_placements
                            .get(op.index())
                            .copied()
                            .flatten()
                            .map(|p| (p.machine, p.start))
                    })
                    .collect();
                for p in repaired.ops.iter() {
                    if map.frozen[p.op.index()] {
                        continue;
                    }
                    let after = freed.iter().any(|&(m, t)| {
                        m == p.machine && p.start >= t && p.start < t.saturating_add(24 * 60)
                    });
                    if after {
                        hit[instance.op(p.op).order.index()] = true;
                    }
                }
            }
            _ => {}
        }
    }
    for r in risks {
        for p in repaired.ops.iter() {
            if !map.frozen[p.op.index()]
                && p.machine == r.machine
                && Window::new(p.start, p.end).overlaps(&r.window)
            {
                hit[instance.op(p.op).order.index()] = true;
            }
        }
    }
    let orders: Vec<OrderId> = instance
        .order_ids()
        .filter(|&o| hit[o.index()] && unfrozen(o))
        .collect();
    let stall = STALL_BASE + STALL_PER_ORDER * orders.len() as u64;
    Damage {
        focus: Focus {
            orders,
            expensive,
            stall_rounds: Some(stall),
            local: true,
            wide: false,
        },
        priced,
        large: false,
    }
}

/// The orders a window on `lane` may hurt: those that ship (or may ship: a candidate route) through
/// the lane and leave before the window ends, those with planned transfers on it that leave before
/// then, and the consumers of material a booked transfer on it brings, starting before it arrives.
fn lane_damage(
    base: &Instance,
    instance: &Instance,
    repaired: &Schedule,
    placed: &[Option<crate::solution::ScheduledOp>],
    lane: crate::model::LaneId,
    window: Window,
) -> Vec<OrderId> {
    let mut out = Vec::new();
    for s in &repaired.shipments {
        let Some(first) = placed
            .get(instance.order_plan(s.order).first_op().index())
            .copied()
            .flatten()
        else {
            continue;
        };
        let site = instance.machine(first.machine).site;
        let may_use = instance
            .order_plan(s.order)
            .plant(site)
            .is_some_and(|p| p.routes.iter().any(|r| r.lanes.contains(&lane)));
        if may_use && s.depart < window.end {
            out.push(s.order);
        }
    }
    for t in &repaired.transfers {
        if let Some(order) = t.order
            && t.lanes.contains(&lane)
            && t.depart < window.end
        {
            out.push(order);
        }
    }
    // Booked transfers on the lane, also those the events re-routed off it (`base` holds their
    // route before the events): what they bring arrives later or by another way.
    for t in instance.transfers() {
        let before = base.transfers().iter().find(|b| b.name == t.name);
        let was_on = before.is_some_and(|b| b.lanes.contains(&lane));
        if !t.lanes.contains(&lane) && !was_on {
            continue;
        }
        let arrival = before.map_or(t.arrival(), |b| b.arrival().max(t.arrival()));
        out.extend(consumers_before(
            instance, placed, t.to, t.material, arrival,
        ));
    }
    out
}

/// The orders of `placed` that consume `material` at `site` and start before `t`.
fn consumers_before<'a>(
    instance: &'a Instance,
    placed: &'a [Option<crate::solution::ScheduledOp>],
    site: SiteId,
    material: MaterialId,
    t: Minutes,
) -> impl Iterator<Item = OrderId> + 'a {
    instance.order_ids().filter(move |&order| {
        let first = instance.order_plan(order).first_op();
        placed[first.index()]
            .is_some_and(|p| instance.machine(p.machine).site == site && p.start < t)
            && instance.order_demand(order).any(|(m, _)| m == material)
    })
}

/// The windows of the price changes among `events` (by site, from `now` on) where the price after
/// every event (in `instance`) lies at least [`SPIKE_RISE`] times above the mean price the baseline
/// was planned for: the work the baseline runs there is what the events ask to move. A later
/// event that brings the price back down releases nothing; a window changed twice is listed once.
pub(crate) fn price_rises(
    base: &Instance,
    instance: &Instance,
    events: &[Event],
    horizon: &Horizon,
) -> Vec<(SiteId, Window)> {
    let mut rises: Vec<(SiteId, Window)> = Vec::new();
    for event in events {
        let Some((site, window)) = repriced_window(instance, event, horizon) else {
            continue;
        };
        let now_mean = mean_price(instance, site, window);
        if now_mean >= SPIKE_RISE * mean_price(base, site, window)
            && now_mean > 0.0
            && !rises.contains(&(site, window))
        {
            rises.push((site, window));
        }
    }
    rises
}

/// The site and the part from `now` on of a price change's window (only that part can still be
/// planned around); `None` for other events, an unknown site or a window that ended before `now`.
fn repriced_window(
    instance: &Instance,
    event: &Event,
    horizon: &Horizon,
) -> Option<(SiteId, Window)> {
    let Event::PriceChange { site, window, .. } = event else {
        return None;
    };
    let s = instance.sites().iter().position(|x| &x.name == site)?;
    let start = window.start.max(horizon.now);
    (window.end > start).then(|| (SiteId::from_index(s), Window::new(start, window.end)))
}

/// True when `price` lies above the mean price at `site` over `window` before the events.
fn rose(base: &Instance, site: SiteId, window: Window, price: f64) -> bool {
    price > mean_price(base, site, window)
}

/// The mean price per kWh at `site` over `window` in `base` (0 without prices there).
fn mean_price(base: &Instance, site: SiteId, window: Window) -> f64 {
    let end = window.end.min(window.start.saturating_add(7 * 24 * 60));
    if end <= window.start {
        return 0.0;
    }
    base.tariff(site).cost(window.start, end, 60.0) / (end - window.start) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn damage() -> Damage {
        Damage {
            focus: Focus {
                orders: vec![OrderId::from_index(0)],
                ..Focus::default()
            },
            ..Damage::default()
        }
    }

    #[test]
    fn damage_is_local_while_the_objective_rises_by_at_most_five_percent() {
        let mut d = damage();
        d.judge((0, 0), (1000.0, 1050.0));
        assert!(!d.large);
        assert_eq!(d.time(), Some(BASE + PER_ORDER));
    }

    #[test]
    fn damage_is_large_when_the_objective_rises_by_more_than_five_percent() {
        let mut d = damage();
        d.judge((0, 0), (1000.0, 1050.1));
        assert!(d.large);
        assert_eq!(d.time(), None);
    }

    #[test]
    fn damage_is_large_when_the_repair_leaves_more_orders_unplanned() {
        let mut d = damage();
        d.judge((1, 2), (1000.0, 900.0));
        assert!(d.large);
        assert!(d.focus.wide, "room for the unplanned order may be anywhere");
        let mut d = damage();
        d.judge((2, 2), (1000.0, 900.0));
        assert!(!d.large);
        assert!(!d.focus.wide);
    }

    #[test]
    fn a_costly_event_that_plans_every_order_searches_around_its_damage() {
        let mut d = damage();
        d.judge((0, 0), (1000.0, 2000.0));
        assert!(d.large);
        assert!(!d.focus.wide);
    }

    #[test]
    fn any_cost_on_a_plan_that_cost_nothing_is_large_damage() {
        let mut d = damage();
        d.judge((0, 0), (0.0, 0.0));
        assert!(!d.large);
        d.judge((0, 0), (0.0, 1.0));
        assert!(d.large);
    }

    /// The port fixture (a barge and a road from the port to the works, one press) with booked
    /// transfer T2 on `t2_route`, and orders O4 and O5 made of steel.
    fn port(t2_route: &str) -> Instance {
        let transfers = format!(
            "id,material,from,to,quantity,depart,route,arrive\n\
             T1,steel,port,works,90,0,barge,\n\
             T2,steel,port,works,60,150,{t2_route},\n"
        );
        crate::io::read_instance_files(
            "port",
            &[
                ("sites.csv", "id\nport\nworks\n"),
                ("machines.csv", "id,site\npress,works\n"),
                ("routings.csv", "product,step,machine,setup\nbracket,1,press,60\n"),
                ("bom.csv", "product,material,qty_per_unit\nbracket,steel,3\n"),
                (
                    "orders.csv",
                    "id,product,quantity,due,plant\nO4,bracket,10,600,works\nO5,bracket,10,700,works\n",
                ),
                ("stock.csv", "site,material,quantity\nport,steel,150\n"),
                (
                    "lanes.csv",
                    "id,from,to,transit,cost_per_unit\nbarge,port,works,180,0.2\nroad,port,works,120,0.8\n",
                ),
                ("transfers.csv", &transfers),
            ],
        )
        .unwrap()
    }

    #[test]
    fn a_transfer_re_routed_off_a_closed_lane_damages_the_orders_that_wait_for_it() {
        // The barge closes; T2 (barge, arriving 330) was re-routed onto the road (arriving 270).
        // O5 starts at 300, before T2's booked arrival: its material now comes another way, so it
        // is damage (it may start sooner); O4 at 400 is not.
        let base = port("barge");
        let after = port("road");
        assert_eq!(
            (
                base.transfers()[1].arrival(),
                after.transfers()[1].arrival()
            ),
            (330, 270)
        );
        let at = |op: u32, start: Minutes| crate::solution::ScheduledOp {
            op: crate::model::OpId(op),
            machine: crate::model::MachineId(0),
            start,
            end: start + 60,
            mode: crate::model::ModeId::NOMINAL,
        };
        let placed = vec![Some(at(0, 400)), Some(at(1, 300))];
        let barge = crate::model::LaneId::from_index(0);
        let hit = lane_damage(
            &base,
            &after,
            &Schedule::default(),
            &placed,
            barge,
            Window::new(100, 400),
        );
        assert_eq!(hit, vec![OrderId::from_index(1)]);
    }
}
