//! Candidate shipping routes: the Pareto-best paths (transit time, cost per unit) through the lane
//! network (petgraph) from a plant to a customer, using only lanes that carry the order's quantity.
//!
//! The fastest route is not always best: a slower, cheaper route wins when the order has slack. The
//! MILP formulations and the network model choose among these candidates.

use crate::model::{Instance, LaneId, Minutes, Route, SiteId};
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

/// At most this many candidate routes per plant and order (the fastest and the cheapest among them).
pub(crate) const MAX_ROUTES: usize = 4;

/// Paths explored per plant and order before the search stops with what it has.
const MAX_EXPANSIONS: usize = 20_000;

/// The Pareto-best routes from `plant` to `customer` for `quantity` units, sorted by transit time
/// (fastest first). Always contains `fastest` when given. Empty when the customer is unreachable.
pub(crate) fn candidate_routes(
    instance: &Instance,
    plant: SiteId,
    customer: SiteId,
    quantity: u32,
    fastest: Option<&Route>,
) -> Vec<Route> {
    if plant == customer {
        return vec![Route {
            lanes: Vec::new(),
            transit: 0,
            cost_per_unit: 0.0,
        }];
    }
    let mut search = PathSearch {
        instance,
        customer,
        quantity,
        found: Vec::new(),
        visited: vec![false; instance.sites().len()],
        path: Vec::new(),
        expansions: 0,
    };
    search.visited[plant.index()] = true;
    search.extend(plant, 0, 0.0);
    let mut routes = pareto(search.found);
    if let Some(fast) = fastest
        && !routes.iter().any(|r| r.lanes == fast.lanes)
    {
        routes.push(fast.clone());
        routes = pareto(routes);
        if !routes.iter().any(|r| r.lanes == fast.lanes) {
            // An equally fast and cheap route replaced it; keep the model's own choice too.
            routes.insert(0, fast.clone());
        }
    }
    thin(routes)
}

/// Depth-first enumeration of simple lane paths.
struct PathSearch<'a> {
    instance: &'a Instance,
    customer: SiteId,
    quantity: u32,
    found: Vec<Route>,
    visited: Vec<bool>,
    path: Vec<LaneId>,
    expansions: usize,
}

impl PathSearch<'_> {
    fn extend(&mut self, at: SiteId, transit: Minutes, cost: f64) {
        let graph = self.instance.network().graph();
        let edges: Vec<(LaneId, SiteId)> = graph
            .edges(NodeIndex::new(at.index()))
            .map(|e| (*e.weight(), SiteId::from_index(e.target().index())))
            .collect();
        for (lane_id, to) in edges {
            if self.expansions >= MAX_EXPANSIONS {
                return;
            }
            self.expansions += 1;
            let lane = &self.instance.lanes()[lane_id.index()];
            if lane.capacity.is_some_and(|c| c < self.quantity) || self.visited[to.index()] {
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

/// At most [`MAX_ROUTES`]: the fastest, the cheapest and evenly spread ones between.
fn thin(routes: Vec<Route>) -> Vec<Route> {
    if routes.len() <= MAX_ROUTES {
        return routes;
    }
    let last = routes.len() - 1;
    let picks: Vec<usize> = (0..MAX_ROUTES)
        .map(|k| k * last / (MAX_ROUTES - 1))
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
    use crate::model::{InstanceBuilder, Lane, Site};

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

    #[test]
    fn a_slower_cheaper_route_is_a_candidate_beside_the_fastest() {
        let mut b = InstanceBuilder::new("routes");
        for name in ["P", "HUB", "C"] {
            b.add_site(Site::new(name));
        }
        b.add_lane(lane("fast", 0, 2, 30, 5.0));
        b.add_lane(lane("P-HUB", 0, 1, 40, 1.0));
        b.add_lane(lane("HUB-C", 1, 2, 40, 1.0));
        b.add_lane(lane("slow-dear", 0, 2, 100, 9.0));
        let instance = b.build().unwrap();
        let routes = candidate_routes(&instance, SiteId(0), SiteId(2), 1, None);
        let summary: Vec<(Minutes, f64)> = routes
            .iter()
            .map(|r| (r.transit, r.cost_per_unit))
            .collect();
        assert_eq!(summary, vec![(30, 5.0), (80, 2.0)]);
        assert_eq!(routes[1].lanes, vec![LaneId(1), LaneId(2)]);
    }
}
