//! The lane network as a petgraph graph, and fastest routes through it.

use super::{Lane, LaneId, Route, SiteId};
use petgraph::algo::astar;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeFiltered;

/// Directed graph with one node per site (node index = site index) and one edge per lane.
#[derive(Clone, Debug, Default)]
pub struct LaneNetwork {
    graph: DiGraph<SiteId, LaneId>,
}

impl LaneNetwork {
    /// The network of `lanes` over `site_count` sites.
    pub fn new(site_count: usize, lanes: &[Lane]) -> Self {
        let mut graph = DiGraph::with_capacity(site_count, lanes.len());
        for s in 0..site_count {
            graph.add_node(SiteId::from_index(s));
        }
        for (i, lane) in lanes.iter().enumerate() {
            graph.add_edge(
                NodeIndex::new(lane.from.index()),
                NodeIndex::new(lane.to.index()),
                LaneId::from_index(i),
            );
        }
        Self { graph }
    }

    /// The underlying graph (node weight: site, edge weight: lane).
    pub fn graph(&self) -> &DiGraph<SiteId, LaneId> {
        &self.graph
    }

    /// The fastest route from `from` to `to` using only lanes that can carry `quantity` units in one
    /// shipment; ties go to the cheaper route. `None` when the customer cannot be reached.
    pub fn fastest_route(
        &self,
        lanes: &[Lane],
        from: SiteId,
        to: SiteId,
        quantity: u32,
    ) -> Option<Route> {
        if from == to {
            return Some(Route {
                lanes: Vec::new(),
                transit: 0,
                cost_per_unit: 0.0,
            });
        }
        let fits = |lane: LaneId| lanes[lane.index()].capacity.is_none_or(|c| c >= quantity);
        let usable = EdgeFiltered::from_fn(&self.graph, |e| fits(*e.weight()));
        let (cost, nodes) = astar(
            &usable,
            NodeIndex::new(from.index()),
            |n| n.index() == to.index(),
            |e| {
                let lane = &lanes[e.weight().index()];
                TransitThenCost(lane.transit, lane.cost_per_unit)
            },
            |_| TransitThenCost::default(),
        )?;
        // Between two consecutive sites take the best fitting lane (parallel lanes may exist).
        let path = nodes
            .windows(2)
            .map(|hop| {
                self.graph
                    .edges_connecting(hop[0], hop[1])
                    .map(|e| *e.weight())
                    .filter(|&l| fits(l))
                    .min_by(|&a, &b| {
                        let (a, b) = (&lanes[a.index()], &lanes[b.index()]);
                        (a.transit, a.cost_per_unit)
                            .partial_cmp(&(b.transit, b.cost_per_unit))
                            .unwrap_or(std::cmp::Ordering::Equal)
                    })
            })
            .collect::<Option<Vec<LaneId>>>()?;
        Some(Route {
            lanes: path,
            transit: cost.0,
            cost_per_unit: cost.1,
        })
    }
}

/// Route length ordered by transit time first, cost second.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd)]
struct TransitThenCost(i64, f64);

impl std::ops::Add for TransitThenCost {
    type Output = Self;
    fn add(self, other: Self) -> Self {
        // Saturating: a sum beyond the time range is rejected by the builder's horizon rule.
        Self(self.0.saturating_add(other.0), self.1 + other.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lane(from: u32, to: u32, transit: i64, cost: f64, capacity: Option<u32>) -> Lane {
        Lane {
            name: format!("{from}-{to}"),
            from: SiteId(from),
            to: SiteId(to),
            transit,
            cost_per_unit: cost,
            capacity,
        }
    }

    #[test]
    fn fastest_route_prefers_time_then_cost_and_respects_capacity() {
        let lanes = vec![
            lane(0, 2, 100, 1.0, None),
            lane(0, 1, 30, 1.0, None),
            lane(1, 2, 30, 1.0, Some(10)),
            lane(0, 2, 60, 5.0, None),
        ];
        let net = LaneNetwork::new(3, &lanes);
        let r = net.fastest_route(&lanes, SiteId(0), SiteId(2), 5).unwrap();
        assert_eq!(r.lanes, vec![LaneId(1), LaneId(2)]);
        assert_eq!(r.transit, 60);
        assert_eq!(r.cost_per_unit, 2.0);
        // Too much for lane 1->2: the direct 60-minute lane wins over the 100-minute one.
        let r = net.fastest_route(&lanes, SiteId(0), SiteId(2), 50).unwrap();
        assert_eq!(r.lanes, vec![LaneId(3)]);
        assert!(net.fastest_route(&lanes, SiteId(2), SiteId(0), 1).is_none());
    }
}
