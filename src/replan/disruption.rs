//! Large disruptions for benchmarks and tests: the events that hurt a plant most (its busiest
//! machine or a whole plant down for a shift, a delivery most orders wait for a day late, an energy
//! price spike at every plant, a wave of rush orders), sampled reproducibly for a plan at `now`.

use super::events::{Event, Interrupt, RushOrder};
use crate::model::{Instance, MachineId, Minutes, SiteId, Window};
use crate::solution::Schedule;
use std::collections::BTreeMap;

/// A kind of large disruption (see [`Disruption::events`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Disruption {
    /// The machine with the most work in the day after `now` breaks down at `now` for 6 to 8
    /// hours.
    BottleneckDown,
    /// The same machine will be down for 6 to 8 hours, starting 12 to 24 hours from `now`.
    BottleneckNotice,
    /// The plant with the most work in the day after `now` loses power for 8 hours from `now`;
    /// running operations start over afterwards.
    PlantDown,
    /// The delivery still under way whose material the most orders at its site need arrives 12 to
    /// 24 hours late.
    MaterialLate,
    /// Energy costs 3 to 5 times the price in force at every plant for the 8 hours from `now`.
    PriceSpike,
    /// New orders worth 5% of the load (copies of existing orders: product, quantity, customer,
    /// plant, weight and lead time), released at `now`.
    RushWave,
    /// The vessel held at the port: the delivery still under way to a site without machines (a
    /// port or warehouse) whose material the most orders planned after `now` need arrives 12 to 24
    /// hours late.
    VesselHeld,
    /// The lane used by the most shipments and planned transfers that leave in the day after `now`
    /// is closed for 8 to 12 hours from `now`.
    LaneClosed,
}

impl Disruption {
    /// Every kind, in report order.
    pub const ALL: [Disruption; 6] = [
        Disruption::BottleneckDown,
        Disruption::BottleneckNotice,
        Disruption::PlantDown,
        Disruption::MaterialLate,
        Disruption::PriceSpike,
        Disruption::RushWave,
    ];

    /// The logistics disruptions, for plants with ports and warehouses (`takt bench-replan --events
    /// logistics`).
    pub const LOGISTICS: [Disruption; 2] = [Disruption::VesselHeld, Disruption::LaneClosed];

    /// A short name for tables, e.g. `bottleneck_down`.
    pub fn name(self) -> &'static str {
        match self {
            Disruption::BottleneckDown => "bottleneck_down",
            Disruption::BottleneckNotice => "bottleneck_notice",
            Disruption::PlantDown => "plant_down",
            Disruption::MaterialLate => "material_late",
            Disruption::PriceSpike => "price_spike",
            Disruption::RushWave => "rush_wave",
            Disruption::VesselHeld => "vessel_held",
            Disruption::LaneClosed => "lane_closed",
        }
    }

    /// The events of one disruption of this kind for `baseline` at `now`, drawn from `seed`;
    /// `None` when the plan offers nothing to build it on (no delivery under way, no work ahead).
    pub fn events(
        self,
        instance: &Instance,
        baseline: &Schedule,
        now: Minutes,
        seed: u64,
    ) -> Option<Vec<Event>> {
        let mut draw = Draw(seed ^ 0xD15A_5732);
        let hours =
            |draw: &mut Draw, lo: i64, hi: i64| 60 * lo + 30 * draw.below(2 * (hi - lo) + 1);
        match self {
            Disruption::BottleneckDown | Disruption::BottleneckNotice => {
                let machine = busiest_machine(baseline, now)?;
                let start = if self == Disruption::BottleneckNotice {
                    now + hours(&mut draw, 12, 24)
                } else {
                    now
                };
                let length = hours(&mut draw, 6, 8);
                Some(vec![Event::machine_down(
                    instance.machine(machine).name.clone(),
                    Window::new(start, start + length),
                )])
            }
            Disruption::PlantDown => {
                let site = busiest_plant(instance, baseline, now)?;
                Some(vec![Event::SiteDown {
                    site: instance.site(site).name.clone(),
                    window: Window::new(now, now + 8 * 60),
                    interrupt: Interrupt::Restart,
                }])
            }
            Disruption::MaterialLate => {
                let delivery = most_needed_delivery(instance, baseline, now)?;
                let d = &instance.deliveries()[delivery];
                Some(vec![Event::DeliveryDelayed {
                    delivery: d.name.clone(),
                    eta: d.eta + hours(&mut draw, 12, 24),
                }])
            }
            Disruption::VesselHeld => {
                let held = most_needed_shipment(instance, baseline, now)?;
                let d = &instance.deliveries()[held];
                Some(vec![Event::ShipmentDelayed {
                    shipment: d.name.clone(),
                    arrive: d.eta + hours(&mut draw, 12, 24),
                }])
            }
            Disruption::LaneClosed => {
                let lane = busiest_lane(baseline, now)?;
                let length = hours(&mut draw, 8, 12);
                Some(vec![Event::LaneClosed {
                    lane: instance.lanes()[lane.index()].name.clone(),
                    window: Window::new(now, now + length),
                }])
            }
            Disruption::PriceSpike => {
                let factor = 3.0 + draw.below(5) as f64 * 0.5;
                let window = Window::new(now, now + 8 * 60);
                let events: Vec<Event> = plants(instance)
                    .into_iter()
                    .map(|site| {
                        let price = instance
                            .tariff(site)
                            .periods
                            .iter()
                            .filter(|(w, _)| w.overlaps(&window))
                            .map(|(_, p)| *p)
                            .fold(0.0_f64, f64::max);
                        let spiked = if price > 0.0 {
                            factor * price
                        } else {
                            factor * 0.2
                        };
                        Event::PriceChange {
                            site: instance.site(site).name.clone(),
                            window,
                            price_per_kwh: (spiked * 1000.0).round() / 1000.0,
                        }
                    })
                    .collect();
                (!events.is_empty()).then_some(events)
            }
            Disruption::RushWave => {
                let count = instance.orders().len().div_ceil(20);
                let orders = instance.orders();
                if orders.is_empty() {
                    return None;
                }
                let site = |s: Option<SiteId>| s.map(|s| instance.site(s).name.clone());
                let events = (0..count)
                    .map(|k| {
                        let model = &orders[draw.below(orders.len() as i64) as usize];
                        let mut rush = RushOrder::new(
                            format!("RUSH-{seed}-{}", k + 1),
                            instance.product(model.product).name.clone(),
                            model.quantity,
                        );
                        rush.customer = site(model.customer);
                        rush.plant = site(model.plant);
                        rush.weight = model.weight;
                        rush.due = model.due.map(|due| now + (due - model.release).max(0));
                        Event::RushOrder(rush)
                    })
                    .collect();
                Some(events)
            }
        }
    }
}

/// Sites with machines, by id.
fn plants(instance: &Instance) -> Vec<SiteId> {
    (0..instance.sites().len())
        .map(SiteId::from_index)
        .filter(|&s| !instance.machines_at(s).is_empty())
        .collect()
}

/// Minutes of work each machine has in the day after `now` in `baseline`.
fn work_ahead(baseline: &Schedule, now: Minutes) -> BTreeMap<MachineId, Minutes> {
    let day = Window::new(now, now + 24 * 60);
    let mut work = BTreeMap::new();
    for s in &baseline.ops {
        let overlap = Window::new(s.start, s.end.max(s.start)).overlap_len(&day);
        if overlap > 0 {
            *work.entry(s.machine).or_insert(0) += overlap;
        }
    }
    work
}

/// The machine with the most work in the day after `now` (the lower id on ties).
pub(crate) fn busiest_machine(baseline: &Schedule, now: Minutes) -> Option<MachineId> {
    work_ahead(baseline, now)
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(m, _)| m)
}

/// The plant with the most work in the day after `now` (the lower id on ties).
fn busiest_plant(instance: &Instance, baseline: &Schedule, now: Minutes) -> Option<SiteId> {
    let mut by_site: BTreeMap<SiteId, Minutes> = BTreeMap::new();
    for (m, work) in work_ahead(baseline, now) {
        *by_site.entry(instance.machine(m).site).or_insert(0) += work;
    }
    by_site
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(s, _)| s)
}

/// The delivery under way (ETA after `now`) whose material the most orders planned at its site
/// after `now` consume (the earlier delivery on ties).
fn most_needed_delivery(instance: &Instance, baseline: &Schedule, now: Minutes) -> Option<usize> {
    let mut needing: BTreeMap<(SiteId, crate::model::MaterialId), usize> = BTreeMap::new();
    for s in &baseline.ops {
        let order = instance.op(s.op).order;
        if instance.order_plan(order).first_op() != s.op || s.start < now {
            continue;
        }
        let site = instance.machine(s.machine).site;
        for (material, _) in instance.order_demand(order) {
            *needing.entry((site, material)).or_insert(0) += 1;
        }
    }
    instance
        .deliveries()
        .iter()
        .enumerate()
        .filter(|(_, d)| d.eta > now)
        .map(|(k, d)| {
            let n = needing.get(&(d.site, d.material)).copied().unwrap_or(0);
            (n, std::cmp::Reverse(d.eta), std::cmp::Reverse(k))
        })
        .max()
        .filter(|(n, _, _)| *n > 0)
        .map(|(_, _, k)| k.0)
}

/// The delivery under way to a site without machines (a port, a warehouse) whose material the
/// most orders starting after `now` consume, wherever they are made (the earlier delivery on ties).
fn most_needed_shipment(instance: &Instance, baseline: &Schedule, now: Minutes) -> Option<usize> {
    let mut needing: BTreeMap<crate::model::MaterialId, usize> = BTreeMap::new();
    for s in &baseline.ops {
        let order = instance.op(s.op).order;
        if instance.order_plan(order).first_op() != s.op || s.start < now {
            continue;
        }
        for (material, _) in instance.order_demand(order) {
            *needing.entry(material).or_insert(0) += 1;
        }
    }
    instance
        .deliveries()
        .iter()
        .enumerate()
        .filter(|(_, d)| d.eta > now && instance.machines_at(d.site).is_empty())
        .map(|(k, d)| {
            let n = needing.get(&d.material).copied().unwrap_or(0);
            (n, std::cmp::Reverse(d.eta), std::cmp::Reverse(k))
        })
        .max()
        .filter(|(n, _, _)| *n > 0)
        .map(|(_, _, k)| k.0)
}

/// The lane used by the most shipments and planned transfers of `baseline` that leave in the day
/// after `now` (the lower id on ties).
fn busiest_lane(baseline: &Schedule, now: Minutes) -> Option<crate::model::LaneId> {
    let day = now..now + 24 * 60;
    let mut uses: BTreeMap<crate::model::LaneId, usize> = BTreeMap::new();
    let shipped = baseline
        .shipments
        .iter()
        .filter(|s| day.contains(&s.depart))
        .flat_map(|s| s.lanes.iter());
    let moved = baseline
        .transfers
        .iter()
        .filter(|t| day.contains(&t.depart))
        .flat_map(|t| t.lanes.iter());
    for &lane in shipped.chain(moved) {
        *uses.entry(lane).or_insert(0) += 1;
    }
    uses.into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(l, _)| l)
}

/// splitmix64, enough to draw fixtures reproducibly.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: i64) -> i64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % n.max(1) as u64) as i64
    }
}
