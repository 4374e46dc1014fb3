//! Random event sequences that are valid for a published plan at `now`: delivery delays, price
//! changes, breakdowns, rush orders, cancellations of orders not yet started and overruns of running
//! operations.

use crate::model::{Instance, Minutes, SiteId, Window};
use crate::replan::{Event, Interrupt, RushOrder};
use crate::solution::{Schedule, ScheduledOp};
use rand::{Rng, RngExt};
use std::collections::BTreeMap;

/// Between one and four events drawn with `rng`, each valid for `plan` (a plan of `instance`) at
/// `now`: delays only of deliveries still under way, cancellations only of orders that have not
/// started, overruns only of operations running at `now`, rush orders that copy an existing order's
/// product, customer and plant with no more units (so they can be planned).
pub fn random_events<R: Rng>(
    rng: &mut R,
    instance: &Instance,
    plan: &Schedule,
    now: Minutes,
) -> Vec<Event> {
    let started = started(instance, plan, now);
    let mut cancelled: Vec<String> = Vec::new();
    let mut events = Vec::new();
    for k in 0..rng.random_range(1..=4) {
        match rng.random_range(0..6) {
            0 => {
                let later: Vec<_> = instance
                    .deliveries()
                    .iter()
                    .filter(|d| d.eta > now)
                    .collect();
                if let Some(d) = pick(rng, &later) {
                    events.push(Event::DeliveryDelayed {
                        delivery: d.name.clone(),
                        eta: d.eta + rng.random_range(1..=600),
                    });
                }
            }
            1 => {
                if let Some(site) = pick(rng, instance.sites()) {
                    let start = now + rng.random_range(-60..=600);
                    events.push(Event::PriceChange {
                        site: site.name.clone(),
                        window: Window::new(start, start + rng.random_range(1..=480)),
                        price_per_kwh: f64::from(rng.random_range(0..=300)) / 100.0,
                    });
                }
            }
            2 => {
                if let Some(machine) = pick(rng, instance.machines()) {
                    // A downtime may not start before `now` (that is history).
                    let start = now.max(0) + rng.random_range(0..=300);
                    let interrupt = [
                        Interrupt::FinishFirst,
                        Interrupt::Restart,
                        Interrupt::Resume,
                    ][rng.random_range(0..3)];
                    events.push(Event::MachineDown {
                        machine: machine.name.clone(),
                        window: Window::new(start, start + rng.random_range(1..=240)),
                        interrupt,
                    });
                }
            }
            3 => {
                if let Some(model) = pick(rng, instance.orders()) {
                    let site = |s: Option<SiteId>| s.map(|s| instance.site(s).name.clone());
                    let mut rush = RushOrder::new(
                        format!("RUSH-{k}"),
                        instance.product(model.product).name.clone(),
                        rng.random_range(1..=model.quantity.max(1)),
                    );
                    rush.customer = site(model.customer);
                    rush.plant = site(model.plant);
                    rush.due = Some(now.max(0) + rng.random_range(0..=2_000));
                    rush.weight = f64::from(rng.random_range(0..=5));
                    events.push(Event::RushOrder(rush));
                }
            }
            4 => {
                let open: Vec<String> = instance
                    .orders()
                    .iter()
                    .map(|o| o.name.clone())
                    .filter(|name| {
                        !started.keys().any(|(o, _)| o == name) && !cancelled.contains(name)
                    })
                    .collect();
                if let Some(name) = pick(rng, &open) {
                    cancelled.push(name.clone());
                    events.push(Event::OrderCancelled {
                        order: name.clone(),
                    });
                }
            }
            _ => {
                // Running at `now`: an overrun of finished work would contradict what started after.
                let running: Vec<&(String, u32)> = started
                    .iter()
                    .filter(|(_, s)| s.end > now)
                    .map(|(k, _)| k)
                    .collect();
                if let Some((order, step)) = pick(rng, &running) {
                    events.push(Event::Overrun {
                        order: order.clone(),
                        step: *step,
                        extra: rng.random_range(1..=120),
                    });
                }
            }
        }
    }
    events
}

/// The operations of `plan` that started before `now`, by (order name, step), in a stable order.
fn started(
    instance: &Instance,
    plan: &Schedule,
    now: Minutes,
) -> BTreeMap<(String, u32), ScheduledOp> {
    plan.ops
        .iter()
        .filter(|s| s.start < now && s.op.index() < instance.ops().len())
        .map(|s| {
            let op = instance.op(s.op);
            ((instance.order(op.order).name.clone(), op.step), *s)
        })
        .collect()
}

fn pick<'a, T, R: Rng>(rng: &mut R, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}
