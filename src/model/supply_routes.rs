//! The routes material can take to a plant when takt plans transfers (`plan_transfers`): for every
//! plant and material some order there consumes, each other site that ever holds the material and
//! the lane routes from it that no other route beats on both transit and cost. A slower route is
//! kept only when it is cheaper, so the cheapest route that still arrives in time is among them.
//! Where such a route uses a lane with a window (closed or slower for a time), the routes that no
//! other beats among those avoiding every such lane are kept too: during the window a route that
//! is slower and dearer in normal times may be the only way in time.

use super::{Lane, LaneId, LaneWindows, MaterialId, Minutes, Route, SiteId, Supply};
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
    (lanes, windows): (&[Lane], &LaneWindows),
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
    let out_lanes = out_lanes(site_count, lanes);
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
                .or_insert_with(|| with_detours(lanes, windows, &out_lanes, (from, plant)));
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

/// The lanes leaving each of `site_count` sites.
fn out_lanes(site_count: usize, lanes: &[Lane]) -> Vec<Vec<LaneId>> {
    let mut out: Vec<Vec<LaneId>> = vec![Vec::new(); site_count];
    for (i, lane) in lanes.iter().enumerate() {
        out[lane.from.index()].push(LaneId::from_index(i));
    }
    out
}

/// The routes from `from` to `to` that no other beats on both transit and cost and, when one of
/// them uses a lane with a window, those that no other beats among the routes avoiding every such
/// lane (module docs).
fn with_detours(
    lanes: &[Lane],
    windows: &LaneWindows,
    out_lanes: &[Vec<LaneId>],
    (from, to): (SiteId, SiteId),
) -> Vec<SupplyRoute> {
    let mut found = pareto_routes(lanes, out_lanes, (from, to), &|_| false);
    let windowed = |r: &SupplyRoute| windows.on_route(&r.route.lanes);
    if found.iter().any(windowed) {
        let avoid = |l: LaneId| windows.touches(l);
        for detour in pareto_routes(lanes, out_lanes, (from, to), &avoid) {
            if !found.iter().any(|r| r.route.lanes == detour.route.lanes) {
                found.push(detour);
            }
        }
    }
    found
}

/// The routes a shipment of `quantity` may take from `from` to `to` (every lane carrying it in one
/// shipment): those that no other beats on transit and cost, and with lane windows the best that
/// avoid every windowed lane. For re-routing a booked transfer.
pub(crate) fn routes_between(
    site_count: usize,
    (lanes, windows): (&[Lane], &LaneWindows),
    (from, to): (SiteId, SiteId),
    quantity: f64,
) -> Vec<SupplyRoute> {
    let out = out_lanes(site_count, lanes);
    let mut routes = with_detours(lanes, windows, &out, (from, to));
    routes.retain(|r| {
        r.capacity
            .is_none_or(|c| f64::from(c) + super::QUANTITY_EPS >= quantity)
    });
    routes
}

/// The simple lane paths from `from` to `to` (at most [`MAX_TRANSFER_HOPS`] lanes, none of them
/// `avoid`ed) that no other such path beats on both transit and cost; of equal ones the first
/// found.
fn pareto_routes(
    lanes: &[Lane],
    out_lanes: &[Vec<LaneId>],
    (from, to): (SiteId, SiteId),
    avoid: &dyn Fn(LaneId) -> bool,
) -> Vec<SupplyRoute> {
    let mut walk = Walk {
        lanes,
        out_lanes,
        to,
        avoid,
        path: Vec::new(),
        visited: vec![false; out_lanes.len()],
        explored: 0,
        found: Vec::new(),
    };
    walk.visited[from.index()] = true;
    walk.from(from);
    walk.found
}

/// A depth-first walk over simple lane paths to `to`, keeping the Pareto-best in `found`.
struct Walk<'a> {
    lanes: &'a [Lane],
    out_lanes: &'a [Vec<LaneId>],
    to: SiteId,
    avoid: &'a dyn Fn(LaneId) -> bool,
    path: Vec<LaneId>,
    visited: Vec<bool>,
    explored: usize,
    found: Vec<SupplyRoute>,
}

impl Walk<'_> {
    fn from(&mut self, at: SiteId) {
        if self.explored >= MAX_PATHS || self.path.len() >= MAX_TRANSFER_HOPS {
            return;
        }
        for &l in &self.out_lanes[at.index()] {
            let next = self.lanes[l.index()].to;
            if self.visited[next.index()] || (self.avoid)(l) {
                continue;
            }
            self.explored += 1;
            self.path.push(l);
            if next == self.to {
                offer(self.lanes, &self.path, &mut self.found);
            } else {
                self.visited[next.index()] = true;
                self.from(next);
                self.visited[next.index()] = false;
            }
            self.path.pop();
        }
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
