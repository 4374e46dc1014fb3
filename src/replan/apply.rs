//! Applying events to an instance: edit a copy of its entities (`to_builder`), build it again.
//!
//! Entities are matched by external name. Events may not contradict history (what started before
//! `now` in the baseline): a started order cannot be cancelled, a delivery that arrived cannot be
//! delayed, only started operations overrun, and a downtime window (from a machine-down event, or
//! planned downtime an overrun runs into) that overlaps a started operation is postponed until that
//! operation ends.

use super::error::ReplanError;
use super::events::{Event, RushOrder, show_window};
use super::frozen::Horizon;
use crate::model::{
    Instance, InstanceBuilder, MachineId, Minutes, OpId, Order, PricePeriod, SiteId, Window,
};
use crate::solution::Schedule;

/// The changed instance and what the user should know about how the events were applied.
#[derive(Clone, Debug)]
pub(crate) struct Applied {
    /// The instance after every event.
    pub instance: Instance,
    /// Adjustments made while applying (postponed downtime).
    pub notes: Vec<String>,
}

/// A started operation of the baseline with its end after reported overruns.
#[derive(Clone, Copy, Debug)]
struct Started {
    op: OpId,
    start: Minutes,
    end: Minutes,
    /// The overrun event that lengthened it last, if any.
    overrun_event: Option<usize>,
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
    let by_machine = started_by_machine(base, &placed, &started)?;
    let mut notes = Vec::new();
    // Planned downtime that an overrun runs into starts when the overrunning operation ends.
    for (m, started) in by_machine.iter().enumerate() {
        if started.iter().all(|s| s.overrun_event.is_none()) {
            continue;
        }
        let name = b.machines[m].name.clone();
        let windows = std::mem::take(&mut b.machines[m].downtime);
        b.machines[m].downtime = windows
            .into_iter()
            .filter_map(|w| postpone(base, started, w, &mut notes, &name))
            .collect();
    }
    for (index, event) in events.iter().enumerate() {
        match event {
            Event::Overrun { .. } => {}
            Event::DeliveryDelayed { delivery, eta } => {
                delay_delivery(&mut b, now, index, delivery, *eta)?
            }
            Event::PriceChange {
                site,
                window,
                price_per_kwh,
            } => change_price(&mut b, index, site, *window, *price_per_kwh)?,
            Event::MachineDown { machine, window } => {
                let m = find(&b.machines, |m| &m.name, machine).ok_or_else(|| {
                    unknown(index, "UNKNOWN_MACHINE", "machine", machine, "machines.csv")
                })?;
                check_window(index, *window)?;
                let at = postpone(base, &by_machine[m], *window, &mut notes, machine);
                if let Some(at) = at {
                    b.machines[m].downtime.push(at);
                }
            }
            Event::RushOrder(rush) => add_rush_order(&mut b, now, index, rush)?,
            Event::OrderCancelled { order } => {
                cancel(base, &mut b, &started, index, order)?;
            }
        }
    }
    let instance = b.build().map_err(ReplanError::Model)?;
    Ok(Applied { instance, notes })
}

fn find<T>(items: &[T], name_of: impl Fn(&T) -> &String, name: &str) -> Option<usize> {
    items.iter().position(|item| name_of(item) == name)
}

fn unknown(index: usize, code: &'static str, kind: &str, name: &str, file: &str) -> ReplanError {
    ReplanError::event(
        index,
        code,
        format!("unknown {kind} '{name}'"),
        format!("name a {kind} of the instance ({file})"),
    )
}

fn check_window(index: usize, window: Window) -> Result<(), ReplanError> {
    if window.end <= window.start {
        return Err(ReplanError::event(
            index,
            "EMPTY_WINDOW",
            format!(
                "the window ends at {} but starts at {}",
                window.end, window.start
            ),
            "make the end later than the start",
        ));
    }
    Ok(())
}

/// The started operation an overrun lengthens.
fn overrun_target(
    base: &Instance,
    horizon: &Horizon,
    placed: &[Option<crate::solution::ScheduledOp>],
    index: usize,
    order: &str,
    step: u32,
    extra: Minutes,
) -> Result<OpId, ReplanError> {
    let o = find(base.orders(), |o| &o.name, order).ok_or_else(|| {
        ReplanError::event(
            index,
            "UNKNOWN_ORDER",
            format!("unknown order '{order}'"),
            "an overrun names an order of the baseline plan that has started",
        )
    })?;
    let plan = base.order_plan(crate::model::OrderId::from_index(o));
    let steps = plan.ops.len() as u32;
    if step >= steps {
        return Err(ReplanError::event(
            index,
            "BAD_STEP",
            format!(
                "order '{order}' has {steps} step(s), so there is no step {}",
                i64::from(step) + 1
            ),
            "count the steps of an order from 1 as in its product's routing",
        ));
    }
    if extra <= 0 {
        return Err(ReplanError::event(
            index,
            "BAD_EXTRA",
            format!("an overrun of {extra} minutes is not an overrun"),
            "give the extra minutes the operation takes (> 0)",
        ));
    }
    let op = OpId(plan.ops.start + step);
    match placed[op.index()] {
        Some(s) if horizon.is_frozen(s.start) => Ok(op),
        Some(s) => Err(ReplanError::event(
            index,
            "NOT_RUNNING",
            format!(
                "order '{order}' step {} starts at {} in the plan, not before now ({}); only a \
                 running operation can overrun",
                step + 1,
                s.start,
                horizon.now
            ),
            "report overruns of started operations only; change the routing for planned work",
        )),
        None => Err(ReplanError::event(
            index,
            "NOT_RUNNING",
            format!(
                "order '{order}' is not in the baseline plan, so step {} is not running",
                step + 1
            ),
            "report overruns of started operations only",
        )),
    }
}

/// Started operations per machine, sorted by start; an overrun that runs into the next started
/// operation on the same machine contradicts history.
fn started_by_machine(
    base: &Instance,
    placed: &[Option<crate::solution::ScheduledOp>],
    started: &[Option<Started>],
) -> Result<Vec<Vec<Started>>, ReplanError> {
    let mut by_machine: Vec<Vec<Started>> = vec![Vec::new(); base.machines().len()];
    for s in started.iter().flatten() {
        if let Some(p) = placed[s.op.index()] {
            by_machine[p.machine.index()].push(*s);
        }
    }
    for (m, list) in by_machine.iter_mut().enumerate() {
        list.sort_by_key(|s| (s.start, s.op));
        for pair in list.windows(2) {
            let (a, c) = (pair[0], pair[1]);
            if let (Some(index), true) = (a.overrun_event, a.end > c.start) {
                return Err(ReplanError::event(
                    index,
                    "OVERRUN_CONTRADICTS_HISTORY",
                    format!(
                        "with the overrun {} runs until {} on machine '{}', but {} started there at {}",
                        label(base, a.op),
                        a.end,
                        base.machine(MachineId::from_index(m)).name,
                        label(base, c.op),
                        c.start
                    ),
                    "the next operation could not have started: check the overrun or the plan",
                ));
            }
        }
    }
    Ok(by_machine)
}

/// An overrun that ends after the next step of the same order started contradicts history.
fn check_routing_after_overruns(
    base: &Instance,
    started: &[Option<Started>],
) -> Result<(), ReplanError> {
    for s in started.iter().flatten() {
        let Some(index) = s.overrun_event else {
            continue;
        };
        let order = base.op(s.op).order;
        if s.op == base.order_plan(order).last_op() {
            continue;
        }
        let next = OpId(s.op.0 + 1);
        if let Some(n) = started[next.index()] {
            let earliest = s.end + base.op(next).min_lag;
            if n.start < earliest {
                return Err(ReplanError::event(
                    index,
                    "OVERRUN_CONTRADICTS_HISTORY",
                    format!(
                        "with the overrun {} runs until {}, but {} started at {}",
                        label(base, s.op),
                        s.end,
                        label(base, next),
                        n.start
                    ),
                    "the next step could not have started: check the overrun or the plan",
                ));
            }
        }
    }
    Ok(())
}

/// "order 'O3' step 2".
pub(crate) fn label(instance: &Instance, op: OpId) -> String {
    let operation = instance.op(op);
    format!(
        "order '{}' step {}",
        instance.order(operation.order).name,
        operation.step + 1
    )
}

/// The downtime window moved past every started operation it overlaps (same length), with a note.
fn postpone(
    base: &Instance,
    started: &[Started],
    window: Window,
    notes: &mut Vec<String>,
    machine: &str,
) -> Option<Window> {
    let length = window.len();
    let mut at = window;
    while let Some(s) = started
        .iter()
        .find(|s| s.start < at.end && at.start < s.end.max(s.start + 1))
    {
        let start = s.end.max(s.start + 1);
        at = Window::new(start, start.saturating_add(length));
        notes.push(format!(
            "downtime of machine '{machine}' {} overlaps {}, which started at {} and runs until {}; \
             the downtime starts when it ends: {}",
            show_window(window),
            label(base, s.op),
            s.start,
            s.end,
            show_window(at)
        ));
    }
    Some(at).filter(|w| !w.is_empty())
}

fn delay_delivery(
    b: &mut InstanceBuilder,
    now: Minutes,
    index: usize,
    delivery: &str,
    eta: Minutes,
) -> Result<(), ReplanError> {
    let d = find(&b.deliveries, |d| &d.name, delivery).ok_or_else(|| {
        unknown(
            index,
            "UNKNOWN_DELIVERY",
            "delivery",
            delivery,
            "deliveries.csv",
        )
    })?;
    let planned = b.deliveries[d].eta;
    if planned <= now {
        return Err(ReplanError::event(
            index,
            "DELIVERY_ARRIVED",
            format!(
                "delivery '{delivery}' was due at {planned}, not after now ({now}): it has arrived \
                 and cannot be delayed"
            ),
            "delay only deliveries still under way (ETA after now)",
        ));
    }
    if eta < now {
        return Err(ReplanError::event(
            index,
            "ETA_BEFORE_NOW",
            format!(
                "delivery '{delivery}' has not arrived by now ({now}), so it cannot arrive at {eta}"
            ),
            "give an ETA at or after now",
        ));
    }
    b.deliveries[d].eta = eta;
    Ok(())
}

fn change_price(
    b: &mut InstanceBuilder,
    index: usize,
    site: &str,
    window: Window,
    price: f64,
) -> Result<(), ReplanError> {
    let s = find(&b.sites, |s| &s.name, site)
        .ok_or_else(|| unknown(index, "UNKNOWN_SITE", "site", site, "sites.csv"))?;
    check_window(index, window)?;
    if !(price.is_finite() && price >= 0.0) {
        return Err(ReplanError::event(
            index,
            "BAD_PRICE",
            format!("price {price} per kWh is not a price"),
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
            "DUPLICATE_ORDER",
            format!("order '{}' already exists", rush.name),
            "give the rush order a new id",
        ));
    }
    if rush.quantity == 0 {
        return Err(ReplanError::event(
            index,
            "BAD_QUANTITY",
            format!("rush order '{}' has quantity 0", rush.name),
            "use a quantity of at least 1",
        ));
    }
    let product = find(&b.products, |p| &p.name, &rush.product).ok_or_else(|| {
        unknown(
            index,
            "UNKNOWN_PRODUCT",
            "product",
            &rush.product,
            "routings.csv",
        )
    })?;
    let site = |name: &Option<String>| -> Result<Option<SiteId>, ReplanError> {
        name.as_ref()
            .map(|n| {
                find(&b.sites, |s| &s.name, n)
                    .map(SiteId::from_index)
                    .ok_or_else(|| unknown(index, "UNKNOWN_SITE", "site", n, "sites.csv"))
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
        ReplanError::event(
            index,
            "UNKNOWN_ORDER",
            format!("unknown order '{order}' (or it is already cancelled)"),
            "name an order of the instance or a rush order added before",
        )
    })?;
    if let Some(base_order) = find(base.orders(), |o| &o.name, order) {
        let plan = base.order_plan(crate::model::OrderId::from_index(base_order));
        if let Some(s) = plan.op_ids().find_map(|op| started[op.index()]) {
            return Err(ReplanError::event(
                index,
                "ORDER_STARTED",
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
