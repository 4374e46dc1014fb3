//! Sample events for benchmarks, demos and tests: one realistic event of a given kind for a plan
//! at `now`, drawn from a seed.

use super::events::{Event, Interrupt, RushOrder};
use crate::model::{Instance, Minutes, Window};
use crate::solution::Schedule;

/// One event of `kind` (see [`Event::KINDS`]) that is valid for `baseline` at `now`, or `None` when
/// the plan offers nothing to build it on (no delivery still under way, nothing running, ...):
/// - `delivery_delayed`: a delivery still under way arrives six hours later;
/// - `price_change`: a plant's energy price triples for the four hours from `now`;
/// - `machine_down`: a machine with work in the next four hours breaks down at `now` for three
///   hours;
/// - `site_down`: a plant with work in the next four hours stops at `now` for two hours (running
///   operations finish first);
/// - `machine_at_risk`: the machine with the most work in the next day may fail (probability 0.3)
///   during the four hours from an hour after `now`;
/// - `rush_order`: a copy of an existing order (product, quantity, customer, plant, lead time)
///   released at `now`;
/// - `lane_closed`: a lane a shipment or planned transfer takes in the next twelve hours closes at
///   `now` for eight hours;
/// - `lane_delayed`: such a lane takes four hours longer when entered in the twelve hours from
///   `now`;
/// - `order_cancelled`: an order that has not started;
/// - `overrun`: an operation running at `now` takes half again as long (at least 30 minutes more).
pub fn sample_event(
    kind: &str,
    instance: &Instance,
    baseline: &Schedule,
    now: Minutes,
    seed: u64,
) -> Option<Event> {
    let mut pick = Picker(seed ^ 0x5CE4_A210);
    match kind {
        "delivery_delayed" => {
            let open: Vec<_> = instance
                .deliveries()
                .iter()
                .filter(|d| d.eta > now)
                .collect();
            pick.one(&open).map(|d| Event::DeliveryDelayed {
                delivery: d.name.clone(),
                eta: d.eta + 6 * 60,
            })
        }
        "price_change" => {
            let plants: Vec<_> = instance
                .sites()
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    !instance
                        .machines_at(crate::model::SiteId::from_index(*i))
                        .is_empty()
                })
                .collect();
            pick.one(&plants).map(|(i, site)| {
                let tariff = instance.tariff(crate::model::SiteId::from_index(*i));
                let highest = tariff
                    .periods
                    .iter()
                    .map(|(_, p)| *p)
                    .fold(0.0_f64, f64::max);
                Event::PriceChange {
                    site: site.name.clone(),
                    window: Window::new(now, now + 4 * 60),
                    price_per_kwh: if highest > 0.0 { 3.0 * highest } else { 0.5 },
                }
            })
        }
        "machine_down" => {
            let mut busy: Vec<_> = baseline
                .ops
                .iter()
                .filter(|s| s.start >= now && s.start < now + 4 * 60)
                .map(|s| s.machine)
                .collect();
            busy.sort();
            busy.dedup();
            pick.one(&busy).map(|m| {
                Event::machine_down(
                    instance.machine(*m).name.clone(),
                    Window::new(now, now + 3 * 60),
                )
            })
        }
        "site_down" => {
            let mut busy: Vec<_> = baseline
                .ops
                .iter()
                .filter(|s| s.start >= now && s.start < now + 4 * 60)
                .map(|s| instance.machine(s.machine).site)
                .collect();
            busy.sort();
            busy.dedup();
            pick.one(&busy).map(|s| Event::SiteDown {
                site: instance.site(*s).name.clone(),
                window: Window::new(now, now + 2 * 60),
                interrupt: Interrupt::FinishFirst,
            })
        }
        "machine_at_risk" => {
            super::disruption::busiest_machine(baseline, now).map(|m| Event::MachineAtRisk {
                machine: instance.machine(m).name.clone(),
                window: Window::new(now + 60, now + 5 * 60),
                probability: 0.3,
            })
        }
        "rush_order" => pick.one(instance.orders()).map(|model| {
            let site = |s: Option<crate::model::SiteId>| s.map(|s| instance.site(s).name.clone());
            let mut rush = RushOrder::new(
                format!("RUSH-{seed}"),
                instance.product(model.product).name.clone(),
                model.quantity,
            );
            rush.customer = site(model.customer);
            rush.plant = site(model.plant);
            rush.weight = model.weight;
            rush.due = model
                .due
                .map(|due| now.max(0) + (due - model.release).max(0));
            Event::RushOrder(rush)
        }),
        "order_cancelled" => {
            let placed = baseline.by_op(instance);
            let open: Vec<_> = instance
                .order_ids()
                .filter(|&o| {
                    let ops = instance.order_plan(o).op_ids();
                    let mut starts = ops.map(|op| placed[op.index()].map(|s| s.start));
                    starts.all(|s| s.is_some_and(|s| s >= now))
                })
                .collect();
            pick.one(&open).map(|o| Event::OrderCancelled {
                order: instance.order(*o).name.clone(),
            })
        }
        "overrun" => {
            let mut running: Vec<_> = baseline
                .ops
                .iter()
                .filter(|s| s.start < now && s.end > now)
                .collect();
            running.sort_by_key(|s| s.op);
            pick.one(&running).map(|s| {
                let op = instance.op(s.op);
                Event::Overrun {
                    order: instance.order(op.order).name.clone(),
                    step: op.step,
                    extra: ((s.end - s.start) / 2).max(30),
                }
            })
        }
        "lane_closed" | "lane_delayed" => {
            let mut used: Vec<_> = baseline
                .shipments
                .iter()
                .filter(|s| s.depart >= now && s.depart < now + 12 * 60)
                .flat_map(|s| s.lanes.iter().copied())
                .chain(
                    baseline
                        .transfers
                        .iter()
                        .filter(|t| t.depart >= now)
                        .flat_map(|t| t.lanes.iter().copied()),
                )
                .collect();
            used.sort();
            used.dedup();
            pick.one(&used).map(|l| {
                let lane = instance.lanes()[l.index()].name.clone();
                if kind == "lane_closed" {
                    Event::LaneClosed {
                        lane,
                        window: Window::new(now, now + 8 * 60),
                    }
                } else {
                    Event::LaneDelayed {
                        lane,
                        window: Window::new(now, now + 12 * 60),
                        extra: 4 * 60,
                    }
                }
            })
        }
        "order_value_changed" => pick
            .one(instance.orders())
            .map(|o| Event::OrderValueChanged {
                order: o.name.clone(),
                revenue: Some(o.value.revenue * 2.0 + 100.0),
                variable_cost: None,
            }),
        "order_priority_changed" => {
            pick.one(instance.orders())
                .map(|o| Event::OrderPriorityChanged {
                    order: o.name.clone(),
                    priority: crate::model::Priority::High,
                })
        }
        _ => None,
    }
}

/// An event that changes nothing the plan uses: a machine down for two hours a day after the
/// published plan's last operation ends (`None` for a plan without operations).
pub fn quiet_event(instance: &Instance, baseline: &Schedule) -> Option<Event> {
    let last = baseline.ops.iter().max_by_key(|s| (s.end, s.op))?;
    let from = last.end + 24 * 60;
    Some(Event::machine_down(
        instance.machine(last.machine).name.clone(),
        Window::new(from, from + 2 * 60),
    ))
}

/// splitmix64, enough to pick fixtures reproducibly.
struct Picker(u64);

impl Picker {
    fn one<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (!items.is_empty()).then(|| &items[(z % items.len() as u64) as usize])
    }
}
