//! Applying events to an instance: edit a copy of its entities (`to_builder`), build it again.
//!
//! Entities are matched by external name. Events may not contradict history (what started before
//! `now` in the baseline): a started order cannot be cancelled, a delivery that arrived cannot be
//! delayed, only started operations overrun, and a downtime window (from a machine-down event, or
//! planned downtime an overrun runs into) that overlaps a started operation is postponed until that
//! operation ends.

use super::down::{Down, check_down_window, machine_down};
use super::error::{EventCode, ReplanError};
use super::events::{Event, RushOrder};
use super::frozen::Horizon;
use super::history::{
    Started, check_routing_after_overruns, overrun_target, postpone, started_by_machine,
};
use super::lane_events::add_lane_window;
use crate::model::{
    Instance, InstanceBuilder, LaneEffect, MachineId, Minutes, Order, PricePeriod, SiteId, Window,
};
use crate::solution::Schedule;
use std::sync::Arc;

/// The changed instance and what the user should know about how the events were applied.
#[derive(Clone, Debug)]
pub(crate) struct Applied {
    /// The instance after every event.
    pub instance: Arc<Instance>,
    /// Adjustments made while applying (postponed downtime, interrupted operations).
    pub notes: Vec<String>,
    /// Predicted failures: windows in which work on a machine carries a risk penalty.
    pub risks: Vec<Risk>,
}

/// A predicted failure of a machine (a [`Event::MachineAtRisk`] matched against the instance).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Risk {
    pub machine: MachineId,
    pub window: Window,
    pub probability: f64,
}

impl Applied {
    /// The instance as it is, no events.
    pub fn unchanged(instance: Instance) -> Self {
        Self {
            instance: Arc::new(instance),
            notes: Vec::new(),
            risks: Vec::new(),
        }
    }
}

/// Applies `events` in order (overruns first: they only lengthen started operations, which the other
/// events must see) to `base`, whose plan `baseline` was published; `horizon` tells what is history.
pub(crate) fn apply_events(
    base: &Instance,
    baseline: &Schedule,
    horizon: &Horizon,
    events: &[Event],
) -> Result<Applied, ReplanError> {
    let now = horizon.now;
    let plan_start = base.plan_start();
    let placed = baseline.by_op(base);
    let mut b = base.to_builder();
    let mut started: Vec<Option<Started>> = placed
        .iter()
        .map(|p| {
            p.filter(|s| horizon.is_frozen(s.start)).map(|s| Started {
                op: s.op,
                start: s.start,
                end: s.end,
                overrun_event: None,
            })
        })
        .collect();
    for (index, event) in events.iter().enumerate() {
        if let Event::Overrun { order, step, extra } = event {
            let op = overrun_target(base, horizon, &placed, index, order, *step, *extra)?;
            if let Some(s) = started[op.index()].as_mut() {
                s.end += extra;
                s.overrun_event = Some(index);
            }
            let o = base.op(op).order;
            b.orders[o.index()].overruns.push((*step, *extra));
        }
    }
    check_routing_after_overruns(base, &started)?;
    let mut by_machine = started_by_machine(base, &placed, &started)?;
    let mut notes = Vec::new();
    let mut risks = Vec::new();
    // Planned downtime that an overrun runs into starts when the overrunning operation ends.
    for (m, started) in by_machine.iter().enumerate() {
        if started.iter().all(|s| s.overrun_event.is_none()) {
            continue;
        }
        let name = b.machines[m].name.clone();
        let windows = std::mem::take(&mut b.machines[m].downtime);
        b.machines[m].downtime = windows
            .into_iter()
            .filter_map(|w| postpone(base, started, w, &mut notes, &name, plan_start))
            .collect();
    }
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Overrun { .. } => {}
            Event::DeliveryDelayed { delivery, eta } => {
                delay_delivery(&mut b, now, index, delivery, *eta)?
            }
            Event::StockAdjusted {
                site,
                material,
                quantity,
            } => {
                let sites: Vec<&str> = b.sites.iter().map(|s| s.name.as_str()).collect();
                let s = find(&b.sites, |s| &s.name, site)
                    .ok_or_else(|| unknown(index, EventCode::UnknownSite, "site", site, &sites))?;
                let materials: Vec<&str> = b.materials.iter().map(|m| m.name.as_str()).collect();
                let m = find(&b.materials, |m| &m.name, material).ok_or_else(|| {
                    unknown(
                        index,
                        EventCode::UnknownMaterial,
                        "material",
                        material,
                        &materials,
                    )
                })?;
                // A quantity of 0, or more taken than the site holds, is the builder's
                // BAD_ADJUSTMENT (named with this event).
                b.add_adjustment(crate::model::StockAdjustment {
                    site: crate::model::SiteId::from_index(s),
                    material: crate::model::MaterialId::from_index(m),
                    quantity: *quantity,
                    at: now,
                });
            }
            Event::ShipmentDelayed { shipment, arrive } => {
                if b.deliveries.iter().any(|d| &d.name == shipment) {
                    delay_delivery(&mut b, now, index, shipment, *arrive)?
                } else {
                    delay_transfer(&mut b, now, index, shipment, *arrive)?
                }
            }
            Event::LaneClosed { lane, window } => add_lane_window(
                &mut b,
                now,
                index,
                (lane, *window, LaneEffect::Closed),
                &mut notes,
            )?,
            Event::LaneDelayed {
                lane,
                window,
                extra,
            } => add_lane_window(
                &mut b,
                now,
                index,
                (lane, *window, LaneEffect::Slower { extra: *extra }),
                &mut notes,
            )?,
            Event::PriceChange {
                site,
                window,
                price_per_kwh,
            } => change_price(&mut b, index, site, *window, *price_per_kwh)?,
            Event::MachineDown {
                machine,
                window,
                interrupt,
            } => {
                let names: Vec<&str> = b.machines.iter().map(|m| m.name.as_str()).collect();
                let m = find(&b.machines, |m| &m.name, machine).ok_or_else(|| {
                    unknown(index, EventCode::UnknownMachine, "machine", machine, &names)
                })?;
                check_down_window(index, *window, now, plan_start)?;
                let down = Down {
                    window: *window,
                    interrupt: *interrupt,
                    plan_start,
                };
                machine_down(base, &mut b, &mut by_machine, m, &down, &mut notes);
            }
            Event::SiteDown {
                site,
                window,
                interrupt,
            } => {
                let names: Vec<&str> = b.sites.iter().map(|s| s.name.as_str()).collect();
                let s = find(&b.sites, |s| &s.name, site)
                    .ok_or_else(|| unknown(index, EventCode::UnknownSite, "site", site, &names))?;
                check_down_window(index, *window, now, plan_start)?;
                let machines: Vec<usize> = (0..b.machines.len())
                    .filter(|&m| b.machines[m].site.index() == s)
                    .collect();
                if machines.is_empty() {
                    return Err(ReplanError::event(
                        index,
                        EventCode::NoMachines,
                        format!("site '{site}' has no machines, so it cannot be down"),
                        "name a plant site (one with machines in machines.csv)",
                    ));
                }
                let down = Down {
                    window: *window,
                    interrupt: *interrupt,
                    plan_start,
                };
                for m in machines {
                    machine_down(base, &mut b, &mut by_machine, m, &down, &mut notes);
                }
            }
            Event::MachineAtRisk {
                machine,
                window,
                probability,
            } => {
                let names: Vec<&str> = b.machines.iter().map(|m| m.name.as_str()).collect();
                let m = find(&b.machines, |m| &m.name, machine).ok_or_else(|| {
                    unknown(index, EventCode::UnknownMachine, "machine", machine, &names)
                })?;
                check_window(index, *window)?;
                if !(probability.is_finite() && *probability > 0.0 && *probability <= 1.0) {
                    return Err(ReplanError::event(
                        index,
                        EventCode::BadProbability,
                        format!(
                            "probability {} is not in (0, 1]",
                            crate::model::compact_number(*probability)
                        ),
                        "give the chance of the failure as a number above 0 and at most 1",
                    ));
                }
                risks.push(Risk {
                    machine: MachineId::from_index(m),
                    window: *window,
                    probability: *probability,
                });
            }
            Event::RushOrder(rush) => add_rush_order(&mut b, now, index, rush)?,
            Event::OrderCancelled { order } => {
                cancel(base, &mut b, &started, index, order)?;
            }
            Event::OrderValueChanged { order, .. } | Event::OrderPriorityChanged { order, .. } => {
                let names: Vec<&str> = b.orders.iter().map(|o| o.name.as_str()).collect();
                let o = find(&b.orders, |o| &o.name, order).ok_or_else(|| {
                    unknown(index, EventCode::UnknownOrder, "order", order, &names)
                })?;
                // Amounts out of range are the model builder's to report (OUT_OF_RANGE).
                crate::replan::value_events::apply_value(&mut b.orders[o].value, event);
            }
        }
    }
    let instance = match b.build() {
        Ok(instance) => instance,
        Err(error) => return Err(first_breaking_event(base, baseline, horizon, events, error)),
    };
    Ok(Applied {
        instance: Arc::new(instance),
        notes,
        risks,
    })
}

/// The events leave an instance the model rejects: finds the first event after which it no longer
/// builds (by applying ever longer prefixes; only on this error path), so that the error names it.
fn first_breaking_event(
    base: &Instance,
    baseline: &Schedule,
    horizon: &Horizon,
    events: &[Event],
    error: crate::model::ModelError,
) -> ReplanError {
    for k in 1..events.len() {
        if let Err(ReplanError::Model { error, .. }) =
            apply_events(base, baseline, horizon, &events[..k])
        {
            return ReplanError::Model {
                index: k - 1,
                error,
            };
        }
    }
    ReplanError::Model {
        index: events.len().saturating_sub(1),
        error,
    }
}

fn find<T>(items: &[T], name_of: impl Fn(&T) -> &String, name: &str) -> Option<usize> {
    items.iter().position(|item| name_of(item) == name)
}

/// An unknown name, with the closest known one (Jaro-Winkler similarity, `strsim`) as the hint.
pub(super) fn unknown(
    index: usize,
    code: EventCode,
    kind: &str,
    name: &str,
    known: &[&str],
) -> ReplanError {
    let hint = match closest(name, known) {
        Some(near) => format!("did you mean '{near}'?"),
        None => format!("name a {kind} of the instance"),
    };
    ReplanError::event(index, code, format!("unknown {kind} '{name}'"), hint)
}

/// The known name most similar to `name`, when one is similar enough to be a likely typo.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    let lower = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

pub(super) fn check_window(index: usize, window: Window) -> Result<(), ReplanError> {
    if window.end <= window.start {
        return Err(ReplanError::event(
            index,
            EventCode::EmptyWindow,
            format!(
                "the window ends at {} but starts at {}",
                window.end, window.start
            ),
            "make the end later than the start",
        ));
    }
    Ok(())
}

fn delay_delivery(
    b: &mut InstanceBuilder,
    now: Minutes,
    index: usize,
    delivery: &str,
    eta: Minutes,
) -> Result<(), ReplanError> {
    let names: Vec<&str> = b.deliveries.iter().map(|d| d.name.as_str()).collect();
    let d = find(&b.deliveries, |d| &d.name, delivery).ok_or_else(|| {
        unknown(
            index,
            EventCode::UnknownDelivery,
            "delivery",
            delivery,
            &names,
        )
    })?;
    let planned = b.deliveries[d].eta;
    check_still_under_way(index, "delivery", delivery, planned, eta, now)?;
    b.deliveries[d].eta = eta;
    Ok(())
}

/// A booked transfer arrives at `arrive` instead. One that has not left by `now` and arrives later
/// leaves later by as much; one that arrives earlier keeps its departure when its lanes get it
/// there by then (a faster trip), else leaves as late as still arrives in time, never before
/// `now` (the builder checks the arrival against the departure plus transit).
fn delay_transfer(
    b: &mut InstanceBuilder,
    now: Minutes,
    index: usize,
    shipment: &str,
    arrive: Minutes,
) -> Result<(), ReplanError> {
    let Some(t) = b.transfers.iter().position(|t| t.name == shipment) else {
        let names: Vec<&str> = b
            .deliveries
            .iter()
            .map(|d| d.name.as_str())
            .chain(b.transfers.iter().map(|t| t.name.as_str()))
            .collect();
        return Err(unknown(
            index,
            EventCode::UnknownShipment,
            "shipment (delivery or transfer)",
            shipment,
            &names,
        ));
    };
    let planned = b.transfers[t].arrival();
    check_still_under_way(index, "transfer", shipment, planned, arrive, now)?;
    let timing = crate::model::LaneWindows::new(b.lanes.len(), &b.lane_windows);
    let transfer = &mut b.transfers[t];
    if transfer.depart >= now {
        if arrive >= planned {
            // Not yet left and later: it leaves later by as much.
            transfer.depart = transfer.depart.saturating_add(arrive - planned);
        } else if !transfer.lanes.is_empty()
            && timing.travel(&b.lanes, &transfer.lanes, transfer.depart) > arrive
        {
            // Earlier than its lanes allow from its departure: it leaves as late as still
            // arrives by then.
            transfer.depart = timing
                .latest_departure(&b.lanes, &transfer.lanes, arrive, now)
                .unwrap_or(now);
        }
    }
    transfer.arrive = Some(arrive);
    Ok(())
}

/// A shipment (`kind` 'delivery' or 'transfer') due at `planned` may be delayed to `arrive` only
/// while it has not arrived (`DELIVERY_ARRIVED`) and not to before `now` (`ETA_BEFORE_NOW`).
fn check_still_under_way(
    index: usize,
    kind: &str,
    name: &str,
    planned: Minutes,
    arrive: Minutes,
    now: Minutes,
) -> Result<(), ReplanError> {
    if planned <= now {
        return Err(ReplanError::event(
            index,
            EventCode::DeliveryArrived,
            format!(
                "{kind} '{name}' was due at {planned}, not after now ({now}): it has arrived and \
                 cannot be delayed"
            ),
            "delay only shipments still under way (arrival after now)",
        ));
    }
    if arrive < now {
        return Err(ReplanError::event(
            index,
            EventCode::EtaBeforeNow,
            format!(
                "{kind} '{name}' has not arrived by now ({now}), so it cannot arrive at {arrive}"
            ),
            "give an arrival at or after now",
        ));
    }
    Ok(())
}

fn change_price(
    b: &mut InstanceBuilder,
    index: usize,
    site: &str,
    window: Window,
    price: f64,
) -> Result<(), ReplanError> {
    let names: Vec<&str> = b.sites.iter().map(|s| s.name.as_str()).collect();
    let s = find(&b.sites, |s| &s.name, site)
        .ok_or_else(|| unknown(index, EventCode::UnknownSite, "site", site, &names))?;
    check_window(index, window)?;
    if !(price.is_finite() && price >= 0.0) {
        return Err(ReplanError::event(
            index,
            EventCode::BadPrice,
            format!(
                "price {} per kWh is not a price",
                crate::model::compact_number(price)
            ),
            "use a finite price >= 0",
        ));
    }
    let site_id = SiteId::from_index(s);
    let mut prices = Vec::with_capacity(b.prices.len() + 2);
    for p in std::mem::take(&mut b.prices) {
        if p.site != site_id || !p.window.overlaps(&window) {
            prices.push(p);
            continue;
        }
        for part in [
            Window::new(p.window.start, window.start.max(p.window.start)),
            Window::new(window.end.min(p.window.end), p.window.end),
        ] {
            if !part.is_empty() {
                prices.push(PricePeriod {
                    window: part,
                    ..p.clone()
                });
            }
        }
    }
    prices.push(PricePeriod {
        site: site_id,
        window,
        price_per_kwh: price,
    });
    b.prices = prices;
    Ok(())
}

fn add_rush_order(
    b: &mut InstanceBuilder,
    now: Minutes,
    index: usize,
    rush: &RushOrder,
) -> Result<(), ReplanError> {
    if find(&b.orders, |o| &o.name, &rush.name).is_some() {
        return Err(ReplanError::event(
            index,
            EventCode::DuplicateOrder,
            format!("order '{}' already exists", rush.name),
            "give the rush order a new id",
        ));
    }
    if rush.quantity == 0 {
        return Err(ReplanError::event(
            index,
            EventCode::BadQuantity,
            format!("rush order '{}' has quantity 0", rush.name),
            "use a quantity of at least 1",
        ));
    }
    let products: Vec<&str> = b.products.iter().map(|p| p.name.as_str()).collect();
    let product = find(&b.products, |p| &p.name, &rush.product).ok_or_else(|| {
        unknown(
            index,
            EventCode::UnknownProduct,
            "product",
            &rush.product,
            &products,
        )
    })?;
    let sites: Vec<&str> = b.sites.iter().map(|s| s.name.as_str()).collect();
    let site = |name: &Option<String>| -> Result<Option<SiteId>, ReplanError> {
        name.as_ref()
            .map(|n| {
                find(&b.sites, |s| &s.name, n)
                    .map(SiteId::from_index)
                    .ok_or_else(|| unknown(index, EventCode::UnknownSite, "site", n, &sites))
            })
            .transpose()
    };
    let customer = site(&rush.customer)?;
    let plant = site(&rush.plant)?;
    let mut order = Order::new(
        rush.name.clone(),
        crate::model::ProductId::from_index(product),
        rush.quantity,
    );
    order.customer = customer;
    order.plant = plant;
    order.release = rush.release.unwrap_or(now.max(0));
    order.due = rush.due;
    order.weight = rush.weight;
    order.deadline = rush.deadline;
    b.add_order(order);
    Ok(())
}

fn cancel(
    base: &Instance,
    b: &mut InstanceBuilder,
    started: &[Option<Started>],
    index: usize,
    order: &str,
) -> Result<(), ReplanError> {
    let o = find(&b.orders, |o| &o.name, order).ok_or_else(|| {
        let names: Vec<&str> = b.orders.iter().map(|o| o.name.as_str()).collect();
        let hint = match closest(order, &names) {
            Some(near) => format!("did you mean '{near}'?"),
            None => "name an order of the instance or a rush order added before".to_string(),
        };
        ReplanError::event(
            index,
            EventCode::UnknownOrder,
            format!("unknown order '{order}' (or it is already cancelled)"),
            hint,
        )
    })?;
    if let Some(base_order) = find(base.orders(), |o| &o.name, order) {
        let plan = base.order_plan(crate::model::OrderId::from_index(base_order));
        if let Some(s) = plan.op_ids().find_map(|op| started[op.index()]) {
            return Err(ReplanError::event(
                index,
                EventCode::OrderStarted,
                format!(
                    "order '{order}' started at {} (before now): its started work is history and \
                     cannot be cancelled",
                    s.start
                ),
                "let the order finish, or re-plan from a `now` before it started",
            ));
        }
    }
    b.orders.remove(o);
    Ok(())
}
