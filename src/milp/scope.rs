//! What each order and operation may use in a MILP: the plants where an order can really be made
//! (every step has a machine within the power cap, the plant receives enough material in total, the
//! hard deadline can be met), the machines of those plants, and the candidate shipping routes.
//!
//! An order with no such plant makes the instance infeasible; [`Impossible`] says why, per plant.

use super::power::exceeds_cap_alone;
use crate::model::{Instance, Minutes, OpId, OpOption, OrderId, Route, SiteId};

/// One plant an order may be made at, with its candidate routes to the customer (empty when the
/// order has no customer).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PlantScope {
    /// The plant.
    pub site: SiteId,
    /// Candidate shipping routes, fastest first.
    pub routes: Vec<Route>,
}

/// An order that no plant can make, with one reason per candidate plant.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Impossible {
    /// The order.
    pub order: OrderId,
    /// Why each plant fails, in words a planner understands.
    pub reasons: Vec<String>,
}

/// Allowed plants, machines and routes of every order and operation.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    /// Per operation: the allowed machines and durations, sorted by machine.
    pub options: Vec<Vec<OpOption>>,
    /// Per order: the allowed plants, sorted by site.
    pub plants: Vec<Vec<PlantScope>>,
    /// True when some order's plant was fixed from outside (the network model's decision).
    pub plants_fixed: bool,
}

impl Scope {
    /// The scope of `instance`; with `fixed`, order `o` may only be made at `fixed[o]`.
    pub fn new(instance: &Instance, fixed: Option<&[SiteId]>) -> (Scope, Vec<Impossible>) {
        let mut plants = Vec::with_capacity(instance.orders().len());
        let mut impossible = Vec::new();
        for order in instance.order_ids() {
            let mut allowed = Vec::new();
            let mut reasons = Vec::new();
            for option in &instance.order_plan(order).plants {
                if let Some(fixed) = fixed
                    && fixed.get(order.index()) != Some(&option.site)
                {
                    continue;
                }
                match plant_problem(instance, order, option.site) {
                    Some(reason) => reasons.push(reason),
                    None => allowed.push(PlantScope {
                        site: option.site,
                        routes: option.routes.clone(),
                    }),
                }
            }
            if allowed.is_empty() {
                if reasons.is_empty() {
                    reasons.push(format!(
                        "order '{}' has no plant that can make it",
                        instance.order(order).name
                    ));
                }
                impossible.push(Impossible { order, reasons });
            }
            plants.push(allowed);
        }
        let options = instance
            .op_ids()
            .map(|op| {
                let order = instance.op(op).order;
                instance
                    .op(op)
                    .options
                    .iter()
                    .filter(|o| {
                        let site = instance.machine(o.machine).site;
                        plants[order.index()].iter().any(|p| p.site == site)
                            && !exceeds_cap_alone(instance, o.machine)
                    })
                    .copied()
                    .collect()
            })
            .collect();
        let scope = Scope {
            options,
            plants,
            plants_fixed: fixed.is_some(),
        };
        (scope, impossible)
    }

    /// Shortest allowed duration of an operation (0 when it has no allowed machine).
    pub fn min_duration(&self, op: OpId) -> Minutes {
        self.options[op.index()]
            .iter()
            .map(|o| o.duration)
            .min()
            .unwrap_or(0)
    }

    /// Longest allowed duration of an operation.
    pub fn max_duration(&self, op: OpId) -> Minutes {
        self.options[op.index()]
            .iter()
            .map(|o| o.duration)
            .max()
            .unwrap_or(0)
    }

    /// Shortest transit of any candidate route of an order (0 without customer).
    pub fn min_transit(&self, order: OrderId) -> Minutes {
        self.plants[order.index()]
            .iter()
            .flat_map(|p| p.routes.iter().map(|r| r.transit))
            .min()
            .unwrap_or(0)
    }

    /// Lowest transport cost per unit of any candidate route of an order (0 without customer).
    pub fn min_route_cost(&self, order: OrderId) -> f64 {
        self.plants[order.index()]
            .iter()
            .flat_map(|p| p.routes.iter().map(|r| r.cost_per_unit))
            .reduce(f64::min)
            .unwrap_or(0.0)
    }
}

/// Why `order` cannot be made at `site`, or `None` when it can as far as simple checks tell.
fn plant_problem(instance: &Instance, order: OrderId, site: SiteId) -> Option<String> {
    let o = instance.order(order);
    let site_name = &instance.site(site).name;
    let mut path: Minutes = 0;
    for (k, op) in instance.order_plan(order).op_ids().enumerate() {
        let operation = instance.op(op);
        let usable = operation
            .options
            .iter()
            .filter(|opt| instance.machine(opt.machine).site == site)
            .filter(|opt| !exceeds_cap_alone(instance, opt.machine))
            .map(|opt| opt.duration)
            .min();
        let Some(duration) = usable else {
            return Some(format!(
                "order '{}': step {} can run at '{site_name}' only on machines that draw more than \
                 the site's power cap",
                o.name,
                k + 1
            ));
        };
        path += operation.min_lag + duration;
    }
    let mut earliest_start = o.release;
    for (material, quantity) in instance.order_demand(order) {
        let supply = instance.supply(site, material);
        let total = supply.map_or(0.0, |s| s.total());
        let material_name = &instance.materials()[material.index()].name;
        match instance.earliest_material(site, material, quantity) {
            Some(t) => earliest_start = earliest_start.max(t),
            None => {
                let elsewhere = if instance.supply_routes(site, material).is_empty() {
                    ""
                } else {
                    ", and no site with a lane route there holds that much"
                };
                return Some(format!(
                    "order '{}' needs {quantity} of '{material_name}' but '{site_name}' receives \
                     only {total} in total{elsewhere}",
                    o.name
                ));
            }
        }
    }
    if let Some(deadline) = o.deadline {
        let transit = instance
            .order_plan(order)
            .plant(site)
            .and_then(|p| p.fastest())
            .map_or(0, |r| r.transit);
        let arrival = earliest_start + path + transit;
        if arrival > deadline {
            return Some(format!(
                "order '{}' cannot arrive before minute {arrival} when made at '{site_name}' \
                 (release, material, shortest routing and fastest route), after its hard deadline \
                 {deadline}",
                o.name
            ));
        }
    }
    None
}
