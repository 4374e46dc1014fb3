//! Shipping routes of finished orders: the Pareto-best paths (transit time, cost per unit) through
//! the lane network from a plant to a customer, using only lanes that carry the order's quantity.
//!
//! The fastest route is not always best: a slower, cheaper route wins when the order has slack.
//! Every solver chooses among these candidates by the objective ([`PlantOption::route_for`]): the
//! MILP with one binary per route, the dispatch rules and the search after each completion.
//!
//! [`PlantOption::route_for`]: super::PlantOption::route_for

use super::{Lane, LaneId, LaneNetwork, LaneWindows, Minutes, Route, SiteId};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// At most this many candidate routes per plant and order (the fastest and the cheapest among them).
pub const MAX_SHIPPING_ROUTES: usize = 4;

/// Paths explored per plant and order before the search stops with what it has.
const MAX_EXPANSIONS: usize = 20_000;

/// The lanes routes are found over.
pub(super) struct LaneGraph<'a> {
    pub network: &'a LaneNetwork,
    pub lanes: &'a [Lane],
    pub site_count: usize,
    pub windows: &'a LaneWindows,
}

/// The Pareto-best routes from `plant` to `customer` for `quantity` units, fastest first (ties by
/// cost), at most [`MAX_SHIPPING_ROUTES`]. The first is always `fastest` (the network's fastest
/// route, see [`LaneNetwork::fastest_route`]), so that a plan which ships fastest is unchanged.
///
/// Where a candidate uses a lane that has a window (closed or slower for a time), the Pareto-best
/// routes that avoid every such lane are candidates too (up to [`MAX_SHIPPING_ROUTES`] more): in the
/// window a detour that is slower and dearer in normal times may be the best way.
pub(super) fn shipping_routes(
    graph: &LaneGraph<'_>,
    (plant, customer): (SiteId, SiteId),
    quantity: u32,
    fastest: Route,
) -> Vec<Route> {
    if plant == customer {
        return vec![fastest];
    }
    let mut routes = pareto(paths(graph, (plant, customer), quantity, &|_| false));
    // The fastest route heads the list; the others are slower and so must be cheaper (the network
    // breaks ties of transit by cost, so nothing as fast is cheaper).
    routes.retain(|r| r.cost_per_unit < fastest.cost_per_unit);
    routes.insert(0, fastest);
    let mut routes = thin(routes);
    let windowed = |r: &Route| graph.windows.on_route(&r.lanes);
    if routes.iter().any(windowed) {
        let avoid = |l: LaneId| graph.windows.touches(l);
        let detours = thin(pareto(paths(graph, (plant, customer), quantity, &avoid)));
        for d in detours {
            if !routes.iter().any(|r| r.lanes == d.lanes) {
                routes.push(d);
            }
        }
        // Fastest first, the network's fastest ahead of equals.
        routes[1..].sort_by(|a, b| {
            (a.transit, a.cost_per_unit)
                .partial_cmp(&(b.transit, b.cost_per_unit))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    routes
}

/// The simple paths (up to [`MAX_EXPANSIONS`] explored) from `plant` to `customer` whose lanes carry
/// `quantity` and are not `avoid`ed, less those no better than one found already.
fn paths(
    graph: &LaneGraph<'_>,
    (plant, customer): (SiteId, SiteId),
    quantity: u32,
    avoid: &dyn Fn(LaneId) -> bool,
) -> Vec<Route> {
    let mut search = PathSearch {
        network: graph.network,
        lanes: graph.lanes,
        customer,
        quantity,
        avoid,
        found: Vec::new(),
        visited: vec![false; graph.site_count],
        path: Vec::new(),
        expansions: 0,
    };
    search.visited[plant.index()] = true;
    search.extend(plant, 0, 0.0);
    search.found
}

/// Depth-first enumeration of simple lane paths.
struct PathSearch<'a> {
    network: &'a LaneNetwork,
    lanes: &'a [Lane],
    customer: SiteId,
    quantity: u32,
    avoid: &'a dyn Fn(LaneId) -> bool,
    found: Vec<Route>,
    visited: Vec<bool>,
    path: Vec<LaneId>,
    expansions: usize,
}

impl PathSearch<'_> {
    fn extend(&mut self, at: SiteId, transit: Minutes, cost: f64) {
        let graph = self.network.graph();
        let edges: Vec<(LaneId, SiteId)> = graph
            .edges(NodeIndex::new(at.index()))
            .map(|e| (*e.weight(), SiteId::from_index(e.target().index())))
            .collect();
        for (lane_id, to) in edges {
            if self.expansions >= MAX_EXPANSIONS {
                return;
            }
            self.expansions += 1;
            let lane = &self.lanes[lane_id.index()];
            if lane.capacity.is_some_and(|c| c < self.quantity)
                || self.visited[to.index()]
                || (self.avoid)(lane_id)
            {
                continue;
            }
            let (t, c) = (transit + lane.transit, cost + lane.cost_per_unit);
            if self.dominated(t, c) {
                continue;
            }
            self.path.push(lane_id);
            if to == self.customer {
                self.found.push(Route {
                    lanes: self.path.clone(),
                    transit: t,
                    cost_per_unit: c,
                });
            } else {
                self.visited[to.index()] = true;
                self.extend(to, t, c);
                self.visited[to.index()] = false;
            }
            self.path.pop();
        }
    }

    /// A partial path no better than a complete one found already cannot lead to a Pareto route
    /// (transit times and costs only grow).
    fn dominated(&self, transit: Minutes, cost: f64) -> bool {
        self.found
            .iter()
            .any(|r| r.transit <= transit && r.cost_per_unit <= cost)
    }
}

/// Keeps routes no other route beats on both transit and cost; sorted fastest first, ties by cost.
fn pareto(mut routes: Vec<Route>) -> Vec<Route> {
    routes.sort_by(|a, b| {
        (a.transit, a.cost_per_unit, a.lanes.len())
            .partial_cmp(&(b.transit, b.cost_per_unit, b.lanes.len()))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let mut kept: Vec<Route> = Vec::new();
    for r in routes {
        if kept
            .last()
            .is_none_or(|k| r.cost_per_unit < k.cost_per_unit)
        {
            kept.push(r);
        }
    }
    kept
}

/// At most [`MAX_SHIPPING_ROUTES`]: the fastest, the cheapest and evenly spread ones between.
fn thin(routes: Vec<Route>) -> Vec<Route> {
    if routes.len() <= MAX_SHIPPING_ROUTES {
        return routes;
    }
    let last = routes.len() - 1;
    let picks: Vec<usize> = (0..MAX_SHIPPING_ROUTES)
        .map(|k| k * last / (MAX_SHIPPING_ROUTES - 1))
        .collect();
    routes
        .into_iter()
        .enumerate()
        .filter(|(i, _)| picks.contains(i))
        .map(|(_, r)| r)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        InstanceBuilder, Lane, Machine, ObjectiveWeights, Order, OrderId, Product, Site, Step,
        StepOption,
    };

    fn lane(name: &str, from: u32, to: u32, transit: Minutes, cost: f64) -> Lane {
        Lane {
            name: name.into(),
            from: SiteId(from),
            to: SiteId(to),
            transit,
            cost_per_unit: cost,
            capacity: None,
        }
    }

    /// A plant `P`, a hub and a customer `C`; one order of 10 units made in 20 minutes at `P`, due
    /// at `due`, weight 1. Lanes: a fast dear direct one, a cheap slow one through the hub, and a
    /// slow dear direct one that no choice would take.
    fn hub_instance(due: Minutes) -> crate::model::Instance {
        let mut b = InstanceBuilder::new("routes");
        for name in ["P", "HUB", "C"] {
            b.add_site(Site::new(name));
        }
        b.add_lane(lane("fast", 0, 2, 30, 5.0));
        b.add_lane(lane("P-HUB", 0, 1, 40, 1.0));
        b.add_lane(lane("HUB-C", 1, 2, 40, 1.0));
        b.add_lane(lane("slow-dear", 0, 2, 100, 9.0));
        let m = b.add_machine(Machine::new("M", SiteId(0)));
        let p = b.add_product(Product {
            name: "X".into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![StepOption {
                    machine: m,
                    setup: 0,
                    run_per_unit: 2.0,
                }],
            }],
            bom: vec![],
        });
        let mut o = Order::new("O", p, 10);
        o.customer = Some(SiteId(2));
        o.due = Some(due);
        b.add_order(o);
        b.build().unwrap()
    }

    #[test]
    fn a_slower_cheaper_route_is_a_candidate_beside_the_fastest() {
        let instance = hub_instance(200);
        let routes = &instance.order_plan(OrderId(0)).plants[0].routes;
        let summary: Vec<(Minutes, f64)> = routes
            .iter()
            .map(|r| (r.transit, r.cost_per_unit))
            .collect();
        assert_eq!(summary, vec![(30, 5.0), (80, 2.0)]);
        assert_eq!(routes[1].lanes, vec![LaneId(1), LaneId(2)]);
    }

    #[test]
    fn the_route_is_chosen_by_tardiness_plus_transport_cost() {
        // Lateness costs 1 per minute, transport 1 per money: the hub saves 30 on 10 units.
        let instance = hub_instance(100);
        let (o, w) = (instance.order(OrderId(0)), ObjectiveWeights::default());
        let plant = &instance.order_plan(OrderId(0)).plants[0];
        let lanes = |completion: Minutes| {
            plant
                .route_for(o, &w, |r| completion + r.transit)
                .map(|(r, _)| r.lanes.len())
        };
        // Done at 20: the hub arrives at 100, on time, and is cheaper.
        assert_eq!(lanes(20), Some(2));
        // Done at 60: the hub is 40 minutes late (cost 40 > 30 saved), the direct lane on time.
        assert_eq!(lanes(60), Some(1));
        // Done at 200: both late; the hub's 50 more minutes cost more than the 30 it saves.
        assert_eq!(lanes(200), Some(1));
        // A hard deadline rules the hub out even where lateness is cheap.
        let mut hard = o.clone();
        hard.deadline = Some(90);
        assert_eq!(
            plant
                .route_for(&hard, &w, |r| 20 + r.transit)
                .map(|(r, _)| r.lanes.len()),
            Some(1)
        );
    }
}
