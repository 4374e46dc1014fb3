//! The routes material can take to a plant when takt plans transfers (`plan_transfers`): for every
//! plant and material some order there consumes, each other site that ever holds the material and
//! the lane routes from it that no other route beats on both transit and cost. A slower route is
//! kept only when it is cheaper, so the cheapest route that still arrives in time is among them.

use super::{Lane, LaneId, MaterialId, Minutes, Route, SiteId, Supply};
use std::collections::{BTreeMap, BTreeSet};

/// Routes with more lanes than this are not considered.
pub const MAX_TRANSFER_HOPS: usize = 6;

/// Paths explored per pair of sites before the search stops (a guard against dense networks).
const MAX_PATHS: usize = 10_000;

/// One way material can reach a plant: from a site that holds it, along a route of lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct SupplyRoute {
    /// Where the material leaves from.
    pub from: SiteId,
    /// The lanes, their total transit (minutes) and cost per unit.
    pub route: Route,
    /// The least capacity per shipment along the route (`None`: unlimited); a larger quantity
    /// travels in several shipments that leave together.
    pub capacity: Option<u32>,
}

/// Per (plant, material) the supply routes, cheapest first (then faster, then by origin).
pub(super) fn derive_supply_routes(
    site_count: usize,
    lanes: &[Lane],
    supplies: &BTreeMap<(SiteId, MaterialId), Supply>,
    consumers: &BTreeSet<(SiteId, MaterialId)>,
) -> BTreeMap<(SiteId, MaterialId), Vec<SupplyRoute>> {
    let mut holders: BTreeMap<MaterialId, Vec<SiteId>> = BTreeMap::new();
    for (&(site, material), supply) in supplies {
        let ever = supply
            .initial
            .max(supply.steps.iter().map(|s| s.1).fold(0.0, f64::max));
        if ever > 0.0 {
            holders.entry(material).or_default().push(site);
        }
    }
    let mut out_lanes: Vec<Vec<LaneId>> = vec![Vec::new(); site_count];
    for (i, lane) in lanes.iter().enumerate() {
        out_lanes[lane.from.index()].push(LaneId::from_index(i));
    }
    let mut between: BTreeMap<(SiteId, SiteId), Vec<SupplyRoute>> = BTreeMap::new();
    let mut result = BTreeMap::new();
    for &(plant, material) in consumers {
        let mut routes = Vec::new();
        for &from in holders.get(&material).map_or(&[][..], Vec::as_slice) {
            if from == plant {
                continue;
            }
            let found = between
                .entry((from, plant))
                .or_insert_with(|| pareto_routes(lanes, &out_lanes, from, plant));
            routes.extend(found.iter().cloned());
        }
        if routes.is_empty() {
            continue;
        }
        routes.sort_by(|a, b| {
            a.route
                .cost_per_unit
                .total_cmp(&b.route.cost_per_unit)
                .then(a.route.transit.cmp(&b.route.transit))
                .then(a.from.cmp(&b.from))
                .then(a.route.lanes.cmp(&b.route.lanes))
        });
        result.insert((plant, material), routes);
    }
    result
}

/// The simple lane paths from `from` to `to` (at most [`MAX_TRANSFER_HOPS`] lanes) that no other
/// path beats on both transit and cost; of equal ones the first found.
fn pareto_routes(
    lanes: &[Lane],
    out_lanes: &[Vec<LaneId>],
    from: SiteId,
    to: SiteId,
) -> Vec<SupplyRoute> {
    let mut found: Vec<SupplyRoute> = Vec::new();
    let mut path: Vec<LaneId> = Vec::new();
    let mut visited = vec![false; out_lanes.len()];
    let mut explored = 0usize;
    visited[from.index()] = true;
    walk(
        lanes,
        out_lanes,
        from,
        to,
        &mut path,
        &mut visited,
        &mut explored,
        &mut found,
    );
    found
}

#[allow(clippy::too_many_arguments)]
fn walk(
    lanes: &[Lane],
    out_lanes: &[Vec<LaneId>],
    at: SiteId,
    to: SiteId,
    path: &mut Vec<LaneId>,
    visited: &mut [bool],
    explored: &mut usize,
    found: &mut Vec<SupplyRoute>,
) {
    if *explored >= MAX_PATHS || path.len() >= MAX_TRANSFER_HOPS {
        return;
    }
    for &l in &out_lanes[at.index()] {
        let next = lanes[l.index()].to;
        if visited[next.index()] {
            continue;
        }
        *explored += 1;
        path.push(l);
        if next == to {
            offer(lanes, path, found);
        } else {
            visited[next.index()] = true;
            walk(lanes, out_lanes, next, to, path, visited, explored, found);
            visited[next.index()] = false;
        }
        path.pop();
    }
}

/// Adds the path to the Pareto set unless some route is at least as fast and as cheap.
fn offer(lanes: &[Lane], path: &[LaneId], found: &mut Vec<SupplyRoute>) {
    let transit: Minutes = path
        .iter()
        .fold(0, |t, l| t.saturating_add(lanes[l.index()].transit));
    let cost: f64 = path.iter().map(|l| lanes[l.index()].cost_per_unit).sum();
    if found
        .iter()
        .any(|r| r.route.transit <= transit && r.route.cost_per_unit <= cost)
    {
        return;
    }
    found.retain(|r| !(transit <= r.route.transit && cost <= r.route.cost_per_unit));
    let capacity = path.iter().filter_map(|l| lanes[l.index()].capacity).min();
    found.push(SupplyRoute {
        from: lanes[path[0].index()].from,
        route: Route {
            lanes: path.to_vec(),
            transit,
            cost_per_unit: cost,
        },
        capacity,
    });
}
