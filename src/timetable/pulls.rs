//! Material an order pulls from another site when its plant's own supply is short and the
//! instance lets takt plan transfers ([`Instance::plans_transfers`]).
//!
//! The rule every solver shares, through the [`super::Timetable`]: the first step of an order
//! consumes each material of its bill at its plant. When the plant's ledger covers it at the start,
//! the material comes from there. Otherwise the order may pull the quantity (or what its plant
//! lacks, see below) from another site
//! along one of [`Instance::supply_routes`]: the material leaves that site `transit` minutes before
//! the start (it arrives just in time) and is taken from that site's ledger then. Of the routes
//! that can deliver at the start, the cheapest wins (then the faster, then the lower site id): a
//! slow, cheap route where the start leaves slack, a fast, dear one where it does not. A quantity
//! above a route's capacity per shipment travels as several shipments that leave together.
//!
//! When the plant holds part of the quantity for good from the start, that part is used and only
//! the rest is pulled (a top-up), along the cheapest route that brings it in time.
//!
//! An insertion may restrict an order's sources ([`SourceRule`]): its plant's own supply only, or
//! the cheapest routes only, so that it can weigh waiting for cheaper material against a dear,
//! fast transfer at the earliest start.

use super::MaterialLedger;
use crate::model::{Instance, MaterialId, Minutes, OrderId, SiteId, SupplyRoute};
use crate::solution::PlannedTransfer;
use std::collections::BTreeMap;

/// Where one material of an order came from: `None` its plant's own supply; `Some((k, q))`: `q`
/// pulled along supply route `k`, the rest (if any) from its plant.
pub(super) type Drawn = Option<(usize, f64)>;

/// Which sources an order may draw its material from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceRule {
    /// Its plant's own supply, or any supply route (the cheapest that delivers at the start).
    #[default]
    Any,
    /// Its plant's own supply only.
    LocalOnly,
    /// Its plant's own supply, or the supply routes of the least cost per unit (a slower, cheaper
    /// route even when a dearer one would deliver sooner).
    CheapestOnly,
}

/// Where an order's material may and did come from: its source rule, and the source of each
/// material at its last placement. Restoring it before putting the order back where it was gives
/// back the same transfers ([`super::Timetable::sourcing`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sourcing {
    rule: SourceRule,
    last: Vec<(MaterialId, Drawn)>,
}

/// The pulls committed per order and what the solvers allow.
#[derive(Clone, Debug)]
pub(super) struct Pulls {
    /// Per order: the transfers committed with its first step.
    by_order: Vec<Vec<PlannedTransfer>>,
    /// Per order: which sources may serve it.
    rules: Vec<SourceRule>,
    /// Per order: where each material came from when it was last placed (`None`: its plant;
    /// `Some(k)`: supply route `k`), tried first when it is placed again, so that taking work out
    /// and putting it back where it was restores the same transfers.
    last: Vec<Vec<(MaterialId, Drawn)>>,
    /// No transfer leaves before this minute (0; `now` when re-planning).
    floor: Minutes,
    /// False: no order pulls (a plan made as if transfers were not planned).
    enabled: bool,
    /// Transfers under way, fixed: their material left and arrives whatever the plan does.
    fixed: Vec<PlannedTransfer>,
}

impl Pulls {
    pub(super) fn new(orders: usize) -> Self {
        Self {
            by_order: vec![Vec::new(); orders],
            rules: vec![SourceRule::Any; orders],
            last: vec![Vec::new(); orders],
            floor: 0,
            enabled: true,
            fixed: Vec::new(),
        }
    }

    pub(super) fn floor(&self) -> Minutes {
        self.floor
    }

    pub(super) fn set_floor(&mut self, floor: Minutes) {
        self.floor = floor;
    }

    pub(super) fn may_pull(&self, instance: &Instance, order: OrderId) -> bool {
        self.enabled
            && instance.plans_transfers()
            && self.rules[order.index()] != SourceRule::LocalOnly
    }

    /// Whether `order` may pull along supply route `k` of `routes` (its rule allows the route).
    pub(super) fn allows(&self, order: OrderId, routes: &[SupplyRoute], k: usize) -> bool {
        match self.rules[order.index()] {
            SourceRule::Any => true,
            SourceRule::LocalOnly => false,
            SourceRule::CheapestOnly => {
                let least = routes
                    .iter()
                    .map(|r| r.route.cost_per_unit)
                    .fold(f64::INFINITY, f64::min);
                routes
                    .get(k)
                    .is_some_and(|r| r.route.cost_per_unit <= least)
            }
        }
    }

    pub(super) fn enable(&mut self, enabled: bool) {
        self.enabled = enabled;
    }

    /// Sets which sources may serve `order`, and forgets where its material came from.
    pub(super) fn set_rule(&mut self, order: OrderId, rule: SourceRule) {
        self.rules[order.index()] = rule;
        self.last[order.index()].clear();
    }

    /// Where `material` came from when `order` was last placed.
    pub(super) fn last_source(&self, order: OrderId, material: MaterialId) -> Option<Drawn> {
        self.last[order.index()]
            .iter()
            .find(|(m, _)| *m == material)
            .map(|&(_, k)| k)
    }

    pub(super) fn sourcing(&self, order: OrderId) -> Sourcing {
        Sourcing {
            rule: self.rules[order.index()],
            last: self.last[order.index()].clone(),
        }
    }

    pub(super) fn restore(&mut self, order: OrderId, sourcing: &Sourcing) {
        self.rules[order.index()] = sourcing.rule;
        self.last[order.index()].clone_from(&sourcing.last);
    }

    /// Remembers where each material of `order` came from.
    pub(super) fn remember(&mut self, order: OrderId, sources: Vec<(MaterialId, Drawn)>) {
        self.last[order.index()] = sources;
    }

    pub(super) fn rule(&self, order: OrderId) -> SourceRule {
        self.rules[order.index()]
    }

    pub(super) fn of(&self, order: OrderId) -> &[PlannedTransfer] {
        &self.by_order[order.index()]
    }

    pub(super) fn record(&mut self, order: OrderId, transfers: Vec<PlannedTransfer>) {
        self.by_order[order.index()].extend(transfers);
    }

    pub(super) fn take(&mut self, order: OrderId) -> Vec<PlannedTransfer> {
        std::mem::take(&mut self.by_order[order.index()])
    }

    /// Every committed transfer: those under way, then by order.
    pub(super) fn all(&self) -> impl Iterator<Item = &PlannedTransfer> {
        self.fixed.iter().chain(self.by_order.iter().flatten())
    }

    pub(super) fn fix(&mut self, transfer: PlannedTransfer) {
        self.fixed.push(transfer);
    }

    pub(super) fn fixed(&self) -> &[PlannedTransfer] {
        &self.fixed
    }
}

/// Whether route `r` can deliver `qty` of `material` at `start`: its departure, when it is not
/// before `floor` and the origin can give the quantity for good then.
pub(super) fn fits_at(
    instance: &Instance,
    r: &SupplyRoute,
    ledgers: &BTreeMap<(SiteId, MaterialId), MaterialLedger>,
    material: MaterialId,
    qty: f64,
    start: Minutes,
    floor: Minutes,
) -> Option<Minutes> {
    let depart = departure(instance, r, start, floor)?;
    let ledger = ledgers.get(&(r.from, material))?;
    (ledger.earliest_fit(depart, qty) == Ok(depart)).then_some(depart)
}

/// The latest departure of `route` that delivers by `start` (lane windows included), when it is
/// not before `floor`.
pub(super) fn departure(
    instance: &Instance,
    route: &SupplyRoute,
    start: Minutes,
    floor: Minutes,
) -> Option<Minutes> {
    instance
        .lane_timing()
        .latest_departure(instance.lanes(), &route.route.lanes, start, floor)
}

/// The first of `routes` (cheapest first) that is `allowed` and whose origin can give `qty` of
/// `material` for good at the departure that delivers at `start`.
#[allow(clippy::too_many_arguments)]
pub(super) fn cheapest_at(
    instance: &Instance,
    (routes, allowed): (&[SupplyRoute], &dyn Fn(usize) -> bool),
    ledgers: &BTreeMap<(SiteId, MaterialId), MaterialLedger>,
    material: MaterialId,
    qty: f64,
    start: Minutes,
    floor: Minutes,
) -> Option<(usize, Minutes)> {
    routes
        .iter()
        .enumerate()
        .filter(|&(k, _)| allowed(k))
        .find_map(|(k, r)| {
            fits_at(instance, r, ledgers, material, qty, start, floor).map(|d| (k, d))
        })
}
