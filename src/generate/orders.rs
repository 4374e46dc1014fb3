//! Orders: product, quantity, customer, release, due date from the estimated load, weight, and a few
//! fixed plants and safe hard deadlines.

use super::lanes::Transport;
use super::layout::Layout;
use super::products::Catalogue;
use super::rounding::{ceil_minutes, floor_minutes};
use super::{GenRng, GeneratorConfig};
use crate::model::{InstanceBuilder, Minutes, Order, SiteId};
use rand::RngExt;

/// Everything random about an order, drawn before the load (and so the horizon) is known.
pub(super) struct DraftOrder {
    /// Index of the product in the catalogue.
    pub product: usize,
    /// Units ordered.
    pub quantity: u32,
    /// Index of the customer, `None` when collected at the plant.
    customer: Option<usize>,
    /// Index of the plant the order is provisioned for (material, deadline): it can make the order.
    pub plant: usize,
    /// True when the order must be made at `plant`.
    fixed: bool,
    /// Release as a fraction of half the horizon (0 for orders released at the start).
    release_share: f64,
    /// Slack between the earliest arrival and the due date, as a fraction of the horizon.
    slack_share: f64,
    /// Tardiness cost per minute.
    weight: f64,
    /// True when the order gets a (generous) hard deadline.
    deadline: bool,
}

/// The estimated load: how long a reasonable plan runs, and each order's own processing time.
pub(super) struct Load {
    /// Estimated plan length (minutes): the busiest work centre's load per machine, or longer.
    pub horizon: Minutes,
    /// Per order, its fastest processing time at its provisioned plant including minimum lags.
    flow: Vec<Minutes>,
}

/// Draws every order's random features.
pub(super) fn draft(
    config: &GeneratorConfig,
    layout: &Layout,
    catalogue: &Catalogue,
    rng: &mut GenRng,
) -> Vec<DraftOrder> {
    let n = config.orders;
    // At least one fixed plant and one hard deadline whenever there are orders.
    let forced_fixed = if n > 0 { rng.random_range(0..n) } else { 0 };
    let forced_deadline = if n > 0 { rng.random_range(0..n) } else { 0 };
    (0..n)
        .map(|i| {
            let product = catalogue.draw(rng);
            let info = &catalogue.products[product];
            let quantity =
                ((f64::from(info.lot) * rng.random_range(0.5..1.5)).round() as u32).max(1);
            let customer = (!layout.customers.is_empty() && rng.random_bool(0.95))
                .then(|| rng.random_range(0..layout.customers.len()));
            let plant = info.plants[rng.random_range(0..info.plants.len())];
            let release_share = if rng.random_bool(0.4) {
                0.0
            } else {
                rng.random_range(0.0..1.0)
            };
            // About a third of the orders are rush orders with little slack.
            let slack_share = if rng.random_bool(0.3) {
                rng.random_range(0.0..0.15)
            } else {
                rng.random_range(0.15..0.8)
            };
            let weight = match rng.random_range(0..20) {
                0..3 => 0.5,
                3..15 => 1.0,
                15..19 => 2.0,
                _ => 5.0,
            };
            DraftOrder {
                product,
                quantity,
                customer,
                plant,
                fixed: i == forced_fixed || rng.random_bool(0.05),
                release_share,
                slack_share,
                weight,
                deadline: i == forced_deadline || rng.random_bool(0.02),
            }
        })
        .collect()
}

/// Estimates the plan length from the load on each work centre and each order's own flow time.
pub(super) fn estimate_horizon(
    layout: &Layout,
    catalogue: &Catalogue,
    drafts: &[DraftOrder],
    b: &InstanceBuilder,
) -> Load {
    let mut centre_load = vec![0_i64; layout.centres.len()];
    let mut total = 0;
    let mut flow = Vec::with_capacity(drafts.len());
    for d in drafts {
        let info = &catalogue.products[d.product];
        let site = layout.plants[d.plant];
        let mut own = 0;
        for (step, &w) in b.products[info.id.index()].steps.iter().zip(&info.centres) {
            let durations = step.options.iter().map(|o| {
                let at_plant = b.machines[o.machine.index()].site == site;
                (o.duration(d.quantity), at_plant)
            });
            let (fastest, fastest_here) = durations.fold((Minutes::MAX, Minutes::MAX), |acc, x| {
                (acc.0.min(x.0), if x.1 { acc.1.min(x.0) } else { acc.1 })
            });
            centre_load[w] += fastest;
            total += fastest;
            own += fastest_here + step.min_lag;
        }
        flow.push(own);
    }
    let busiest = centre_load
        .iter()
        .zip(&layout.centres)
        .map(|(load, c)| load / c.machines.len().max(1) as i64)
        .max()
        .unwrap_or(0);
    let spread = total / layout.traits.len().max(1) as i64;
    let longest = flow.iter().copied().max().unwrap_or(0);
    let horizon = ceil_minutes(busiest.max(spread).max(longest).max(480), 60);
    Load { horizon, flow }
}

/// Adds the orders: releases over the first half of the horizon, due dates after the order's own
/// processing and transit plus a slack, fixed plants, and hard deadlines that a plan processing every
/// order of the plant one after the other, once all material has arrived, still meets.
#[allow(clippy::too_many_arguments)]
pub(super) fn finish(
    config: &GeneratorConfig,
    layout: &Layout,
    catalogue: &Catalogue,
    transport: &Transport,
    drafts: &[DraftOrder],
    load: &Load,
    last_eta: Minutes,
    b: &mut InstanceBuilder,
) {
    let h = load.horizon as f64;
    let width = config.orders.to_string().len().max(3);
    let serial = serial_time_per_plant(layout, catalogue, drafts, b);
    let mut orders = Vec::with_capacity(drafts.len());
    for (i, d) in drafts.iter().enumerate() {
        let release = floor_minutes((d.release_share * h * 0.5) as Minutes, 15);
        let transit = d.customer.map_or(0, |c| transport.transit[d.plant][c]);
        let slack = (d.slack_share * h * config.due_slack) as Minutes;
        let plant_site = layout.plants[d.plant];
        orders.push(Order {
            name: format!("O{:0width$}", i + 1),
            product: catalogue.products[d.product].id,
            quantity: d.quantity,
            customer: d.customer.map(|c| layout.customers[c]),
            release,
            due: Some(ceil_minutes(release + load.flow[i] + transit + slack, 15)),
            weight: d.weight,
            deadline: None,
            plant: d.fixed.then_some(plant_site),
            overruns: Vec::new(),
            value: crate::model::OrderValue::default(),
        });
    }
    // Every order is released and all material has arrived by `settled`.
    let settled = orders
        .iter()
        .map(|o| o.release)
        .max()
        .unwrap_or(0)
        .max(last_eta);
    for (order, d) in orders.iter_mut().zip(drafts) {
        if !d.deadline {
            continue;
        }
        let plant_site = layout.plants[d.plant];
        let transit = match order.customer {
            None => Some(0),
            Some(customer) => route_transit(transport, b, plant_site, customer, order.quantity),
        };
        if let Some(transit) = transit {
            order.deadline = Some(ceil_minutes(settled + serial[d.plant] + transit, 60));
        }
    }
    for order in orders {
        b.add_order(order);
    }
}

fn route_transit(
    transport: &Transport,
    b: &InstanceBuilder,
    from: SiteId,
    to: SiteId,
    quantity: u32,
) -> Option<Minutes> {
    transport
        .network
        .fastest_route(&b.lanes, from, to, quantity)
        .map(|r| r.transit)
}

/// Per plant, an upper bound on the time to process every order provisioned there one operation at a
/// time: twice the slowest option at the plant plus the lag for every step, plus every maintenance
/// window at the plant with the longest operation it can hold up.
///
/// In a serial plan an operation waits at most for one window and the operation before it; each window
/// delays at most one operation, because everything after that starts after the window.
fn serial_time_per_plant(
    layout: &Layout,
    catalogue: &Catalogue,
    drafts: &[DraftOrder],
    b: &InstanceBuilder,
) -> Vec<Minutes> {
    let mut serial = vec![0; layout.plants.len()];
    let mut longest = vec![0; layout.plants.len()];
    for d in drafts {
        let site = layout.plants[d.plant];
        let product = &b.products[catalogue.products[d.product].id.index()];
        for step in &product.steps {
            let slowest = step
                .options
                .iter()
                .filter(|o| b.machines[o.machine.index()].site == site)
                .map(|o| o.duration(d.quantity))
                .max()
                .unwrap_or(0);
            serial[d.plant] += 2 * slowest + step.min_lag;
            longest[d.plant] = longest[d.plant].max(slowest);
        }
    }
    for (m, t) in b.machines.iter().zip(&layout.traits) {
        for w in &m.downtime {
            serial[t.plant] += w.len() + longest[t.plant];
        }
    }
    serial
}
