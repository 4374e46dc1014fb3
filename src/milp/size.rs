//! The size guard: variables, integer variables, rows and non-zeros of a formulation, estimated
//! from counts before anything is built.

use super::horizon::Horizon;
use super::model::Counts;
use super::options::SizeLimits;
use super::power::SitePower;
use super::scope::Scope;
use super::time_indexed::grid;
use crate::model::{Instance, MachineId, Minutes};
use std::collections::BTreeMap;
use std::fmt;

/// Which model a size estimate describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    /// The precedence / disjunctive model.
    Disjunctive,
    /// The time-indexed model on a grid of `bucket` minutes.
    TimeIndexed {
        /// Grid step in minutes.
        bucket: Minutes,
    },
    /// The plant and route assignment (network) model.
    Network,
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelKind::Disjunctive => f.write_str("disjunctive"),
            ModelKind::TimeIndexed { bucket } => write!(f, "time-indexed ({bucket}-minute grid)"),
            ModelKind::Network => f.write_str("network"),
        }
    }
}

/// The estimated size of a MILP formulation of an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizeEstimate {
    /// The formulation.
    pub kind: ModelKind,
    /// Variables.
    pub variables: usize,
    /// Binary and integer variables.
    pub integers: usize,
    /// Constraint rows.
    pub rows: usize,
    /// Non-zero coefficients.
    pub nonzeros: usize,
    /// True when the size guard admits it.
    pub fits: bool,
}

impl SizeEstimate {
    pub(crate) fn new(kind: ModelKind, counts: Counts, limits: &SizeLimits) -> Self {
        Self {
            kind,
            variables: counts.variables,
            integers: counts.integers,
            rows: counts.rows,
            nonzeros: counts.nonzeros,
            fits: limits.admit(counts.integers, counts.rows, counts.nonzeros),
        }
    }
}

impl fmt::Display for SizeEstimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} model would have about {} variables ({} integer), {} constraints and {} \
             non-zeros",
            self.kind, self.variables, self.integers, self.rows, self.nonzeros
        )
    }
}

/// Order-level variables and rows shared by the detailed models: plant, route and material level
/// choices, tardiness, deadlines, completion windows.
fn order_level(instance: &Instance, scope: &Scope) -> Counts {
    let mut c = Counts::default();
    for order in instance.order_ids() {
        let plants = &scope.plants[order.index()];
        let routes: usize = plants.iter().map(|p| p.routes.len()).sum();
        let materials = instance.order_demand(order).count();
        let levels: usize = plants
            .iter()
            .map(|p| {
                instance
                    .order_demand(order)
                    .map(|(m, _)| {
                        let levels_at =
                            |site| instance.supply(site, m).map_or(1, |s| s.steps.len() + 1);
                        // Planned transfers: the levels at every origin of a supply route too.
                        levels_at(p.site)
                            + instance
                                .supply_routes(p.site, m)
                                .iter()
                                .map(|r| levels_at(r.from))
                                .sum::<usize>()
                    })
                    .sum::<usize>()
            })
            .sum();
        // Routes with lane windows: a departure, and a binary and a departure per travel piece
        // (families::shipping), with two bound rows each.
        let timing = instance.lane_timing();
        let pieces: usize = plants
            .iter()
            .flat_map(|p| &p.routes)
            .filter(|r| timing.on_route(&r.lanes))
            .map(|r| {
                let last_end = timing.last_end(&r.lanes).unwrap_or(0);
                timing.pieces(instance.lanes(), &r.lanes, 0, last_end).len() + 1
            })
            .sum();
        let ops = instance.order_plan(order).ops.len();
        let ints = plants.len() + routes + levels + 1 + pieces;
        // With transfers, a share per source and level (split sourcing), each below its binary.
        let shares = if instance.plans_transfers() {
            levels
        } else {
            0
        };
        c.rows += shares;
        c.variables += ints + pieces + shares;
        c.integers += ints;
        c.rows += 4 + ops * plants.len() + plants.len() + materials * 2 + 2 * pieces;
        c.nonzeros += 8 + ops * 3 * plants.len() + 2 * (routes + levels) + 6 * pieces;
    }
    c
}

/// Size of the disjunctive model: one start per operation, machine binaries, an ordering binary
/// per pair of operations that may share a machine (or an excluded power pair), downtime binaries.
pub(crate) fn disjunctive(instance: &Instance, scope: &Scope, power: &[SitePower]) -> Counts {
    let mut c = order_level(instance, scope);
    let mut users: BTreeMap<MachineId, usize> = BTreeMap::new();
    for options in &scope.options {
        c.variables += 1;
        c.integers += 1;
        if options.len() > 1 {
            c.variables += options.len();
            c.integers += options.len();
        }
        c.rows += 1;
        c.nonzeros += 2 + 2 * options.len();
        for o in options {
            *users.entry(o.machine).or_default() += 1;
            let windows = instance.machine(o.machine).downtime.len();
            c.variables += windows;
            c.integers += windows;
            c.rows += 2 * windows;
            c.nonzeros += 8 * windows;
        }
    }
    let mut pairs: usize = users.values().map(|&n| n * n.saturating_sub(1) / 2).sum();
    for p in power {
        if let SitePower::Pairwise(excluded) = p {
            for (a, b) in excluded {
                pairs += users.get(a).copied().unwrap_or(0) * users.get(b).copied().unwrap_or(0);
            }
        }
    }
    c.variables += pairs;
    c.integers += pairs;
    c.rows += 2 * pairs;
    c.nonzeros += 12 * pairs;
    add_choices(instance, true, &mut c);
    c
}

/// Size of the time-indexed model on a grid of `bucket` minutes within `horizon`.
pub(crate) fn time_indexed(
    instance: &Instance,
    scope: &Scope,
    horizon: &Horizon,
    power: &[SitePower],
    bucket: Minutes,
) -> Counts {
    let mut c = order_level(instance, scope);
    let counts = grid::start_count(scope, horizon, bucket);
    let mut grid_points: BTreeMap<MachineId, (Minutes, Minutes)> = BTreeMap::new();
    for (i, options) in scope.options.iter().enumerate() {
        c.rows += 1;
        for (o, &n) in options.iter().zip(&counts[i]) {
            let machine = instance.machine(o.machine);
            let capped = power[machine.site.index()] != SitePower::Unlimited;
            let rows_touched = (o.duration + bucket - 1) / bucket;
            let per_var = 4 + rows_touched as usize * grid_rows(instance, machine.site, capped);
            c.variables += n;
            c.integers += n;
            c.nonzeros += n * per_var;
            let span = grid_points
                .entry(o.machine)
                .or_insert((Minutes::MAX, Minutes::MIN));
            span.0 = span.0.min(horizon.est[i]);
            span.1 = span.1.max(horizon.lct[i]);
        }
    }
    for (m, (from, to)) in grid_points {
        let points = ((to - from).max(0) / bucket + 1) as usize;
        let site = instance.machine(m).site;
        let capped = power[site.index()] != SitePower::Unlimited;
        c.rows += points * grid_rows(instance, site, capped);
    }
    add_choices(instance, false, &mut c);
    c
}

/// Orders that may be left out: made / dropped / deferred binaries and one row each; with
/// `pinned_starts` (the disjunctive model) two rows per operation pinning its start.
fn add_choices(instance: &Instance, pinned_starts: bool, c: &mut Counts) {
    if super::families::choice::any(instance) {
        for (order, o) in instance.order_ids().zip(instance.orders()) {
            let v = &o.value;
            if v.optional || v.is_deferrable() {
                let n = 1 + usize::from(v.optional) + usize::from(v.is_deferrable());
                let ops = if pinned_starts {
                    instance.order_plan(order).ops.len()
                } else {
                    0
                };
                c.variables += n;
                c.integers += n;
                c.rows += 1 + 2 * ops;
                c.nonzeros += n + 4 * ops;
            }
        }
    }
}

/// Rows per grid point of a machine at `site`: capacity, plus the power cap when `capped`, plus
/// the demand charge's peak row when the site has a priced demand charge (an upper estimate: the
/// peak rows are per site, not per machine).
fn grid_rows(instance: &Instance, site: crate::model::SiteId, capped: bool) -> usize {
    let charged = instance.weights().energy > 0.0
        && instance.demand_charge(site).is_some_and(|c| c.per_kw > 0.0);
    1 + usize::from(capped) + usize::from(charged)
}

/// Size of the network model with `periods` capacity periods.
pub(crate) fn network(instance: &Instance, scope: &Scope, periods: usize) -> Counts {
    let mut c = Counts::default();
    let mut plants: BTreeMap<crate::model::SiteId, ()> = BTreeMap::new();
    for order in instance.order_ids() {
        let n = scope.plants[order.index()].len() * periods;
        c.variables += n;
        c.integers += n;
        c.rows += 1;
        c.nonzeros += n * 4;
        for p in &scope.plants[order.index()] {
            plants.insert(p.site, ());
        }
    }
    c.rows += plants.len() * periods * 3;
    c
}
