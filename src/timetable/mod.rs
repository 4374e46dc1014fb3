//! Solver-side building blocks for placing operations: per machine a calendar of busy intervals and
//! downtime, per capped site a power profile, per (site, material) a ledger of supply and
//! consumption, and a [`Timetable`] that combines them for an [`Instance`].
//!
//! The timetable answers "when is the earliest start of this operation on this machine, at or after
//! this minute?" with gap insertion, and records placements so that they can be rolled back. It knows
//! nothing about routing order, releases or deadlines: callers pass the earliest minute those allow.

mod blocked;
mod demand_load;
mod machine_calendar;
mod material_ledger;
mod mode_sequence;
mod power_profile;
mod pulls;
mod step_function;

pub use blocked::{Blocked, PlaceError};
pub use demand_load::DemandLoad;
pub use machine_calendar::{MachineCalendar, Occupied};
pub use material_ledger::{MaterialLedger, Shortfall};
pub use mode_sequence::ModeSequence;
pub use power_profile::{POWER_EPS, PowerProfile};
pub use pulls::{SourceRule, Sourcing};
pub use step_function::StepFunction;

use crate::model::{
    Instance, MachineId, MaterialId, Minutes, ModeId, OpId, OrderId, QUANTITY_EPS, SiteId,
};
use crate::solution::{PlannedTransfer, Schedule, ScheduledOp};
use pulls::Pulls;

/// A pull chosen for a placement: supply route index and departure.
type Pull = (usize, Minutes);
use std::collections::BTreeMap;

/// Machine calendars, power profiles and material ledgers of an instance, and the placed operations.
#[derive(Clone, Debug)]
pub struct Timetable<'a> {
    instance: &'a Instance,
    calendars: Vec<MachineCalendar>,
    power: Vec<Option<PowerProfile>>,
    ledgers: BTreeMap<(SiteId, MaterialId), MaterialLedger>,
    placed: Vec<Option<ScheduledOp>>,
    placed_count: usize,
    /// Modes in start order on machines with a priced mode change (`None`: no such machine).
    modes: Option<ModeSequence>,
    /// Power drawn at sites with a demand charge (`None`: no such site).
    demand: Option<DemandLoad>,
    /// Material orders pull from other sites ([`pulls`]).
    pulls: Pulls,
}

impl<'a> Timetable<'a> {
    /// An empty timetable: machines carry only their downtime, nothing is consumed.
    pub fn new(instance: &'a Instance) -> Self {
        let calendars = instance
            .machines()
            .iter()
            .map(|m| MachineCalendar::new(&m.downtime))
            .collect();
        let power = instance
            .sites()
            .iter()
            .map(|s| s.power_cap_kw.map(PowerProfile::new))
            .collect();
        let mut ledgers = BTreeMap::new();
        for (&key, supply) in instance.supplies() {
            ledgers.insert(key, MaterialLedger::new(Some(supply)));
        }
        for order in instance.order_ids() {
            for plant in &instance.order_plan(order).plants {
                for (material, _) in instance.order_demand(order) {
                    ledgers
                        .entry((plant.site, material))
                        .or_insert_with(|| MaterialLedger::new(None));
                }
            }
        }
        Self {
            instance,
            calendars,
            power,
            ledgers,
            placed: vec![None; instance.ops().len()],
            placed_count: 0,
            modes: ModeSequence::new(instance),
            demand: DemandLoad::new(instance),
            pulls: Pulls::new(instance.orders().len()),
        }
    }

    /// Whether any order may pull material from another site (default: when the instance plans
    /// transfers); `false` plans as if it did not.
    pub fn allow_transfers(&mut self, allowed: bool) {
        self.pulls.enable(allowed);
    }

    /// No planned transfer leaves before `floor` (re-planning: `now`; 0 otherwise).
    pub fn set_transfer_floor(&mut self, floor: Minutes) {
        self.pulls.set_floor(floor);
    }

    /// Which sources `order` may draw its material from ([`SourceRule`]), and forgets where its
    /// material came from (its next placement decides afresh). Every order may pull along any
    /// supply route by default when the instance plans transfers.
    pub fn set_source_rule(&mut self, order: OrderId, rule: SourceRule) {
        self.pulls.set_rule(order, rule);
    }

    /// Commits a transfer that is under way (it left before the plan's first minute, `now`): its
    /// quantity is taken from its origin at its departure and counts at its destination from its
    /// arrival, for any order. It stays in the plan whatever is placed.
    pub fn fix_transfer(&mut self, transfer: &PlannedTransfer) {
        self.ledgers
            .entry((transfer.from, transfer.material))
            .or_insert_with(|| MaterialLedger::new(None))
            .consume(transfer.depart, transfer.quantity);
        self.ledgers
            .entry((transfer.to, transfer.material))
            .or_insert_with(|| MaterialLedger::new(None))
            .receive(transfer.arrive, transfer.quantity);
        self.pulls.fix(transfer.clone());
    }

    /// What the transfers under way cost (money, before the transport weight).
    pub fn fixed_transfer_cost(&self) -> f64 {
        self.pulls
            .fixed()
            .iter()
            .map(|t| t.cost(self.instance))
            .sum()
    }

    /// Makes the transfers of `plan` the first choice when their orders are placed again (at the
    /// start they deliver at): placing a plan's operations into an empty timetable then gives
    /// back its transfers, whatever order the operations are placed in. Transfers that match no
    /// supply route of the instance are ignored (the order's material is then decided afresh).
    pub fn prefer_transfers(&mut self, plan: &[PlannedTransfer]) {
        let instance = self.instance;
        let mut by_order: BTreeMap<OrderId, Vec<(MaterialId, pulls::Drawn)>> = BTreeMap::new();
        for t in plan {
            let routes = instance.supply_routes(t.to, t.material);
            if let Some(k) = routes
                .iter()
                .position(|r| r.from == t.from && r.route.lanes == t.lanes)
            {
                let Some(order) = t.order else {
                    continue;
                };
                let sources = by_order.entry(order).or_default();
                match sources.iter_mut().find(|(m, _)| *m == t.material) {
                    // Shipments of one pull (capacity per shipment) add up.
                    Some((_, Some((same, moved)))) if *same == k => *moved += t.quantity,
                    Some(_) => {}
                    None => sources.push((t.material, Some((k, t.quantity)))),
                }
            }
        }
        for (order, sources) in by_order {
            self.pulls.remember(order, sources);
        }
    }

    /// Whether `order` may pull material and where each of its materials came from last: restore
    /// it ([`Timetable::restore_sourcing`]) before putting the order back where it was, after
    /// trying it elsewhere, to get the same transfers back.
    pub fn sourcing(&self, order: OrderId) -> Sourcing {
        self.pulls.sourcing(order)
    }

    /// Restores what [`Timetable::sourcing`] returned (the order's next placement uses it).
    pub fn restore_sourcing(&mut self, order: OrderId, sourcing: &Sourcing) {
        self.pulls.restore(order, sourcing);
    }

    /// Which sources `order` may draw its material from.
    pub fn source_rule(&self, order: OrderId) -> SourceRule {
        self.pulls.rule(order)
    }

    /// The transfers committed for `order` (empty when its material comes from its plant).
    pub fn order_transfers(&self, order: OrderId) -> &[PlannedTransfer] {
        self.pulls.of(order)
    }

    /// What the transfers committed for `order` cost (money, before the transport weight).
    pub fn order_transfer_cost(&self, order: OrderId) -> f64 {
        self.pulls
            .of(order)
            .iter()
            .map(|t| t.cost(self.instance))
            .sum()
    }

    /// The instance this timetable plans.
    pub fn instance(&self) -> &'a Instance {
        self.instance
    }

    /// The calendar of a machine.
    pub fn calendar(&self, machine: MachineId) -> &MachineCalendar {
        &self.calendars[machine.index()]
    }

    /// The power profile of a site, when it has a cap.
    pub fn power_profile(&self, site: SiteId) -> Option<&PowerProfile> {
        self.power[site.index()].as_ref()
    }

    /// The ledger of a material at a site, when some order can consume it there or it is stocked.
    pub fn ledger(&self, site: SiteId, material: MaterialId) -> Option<&MaterialLedger> {
        self.ledgers.get(&(site, material))
    }

    /// Where an operation is placed, if it is.
    pub fn placement(&self, op: OpId) -> Option<ScheduledOp> {
        self.placed[op.index()]
    }

    /// Number of placed operations.
    pub fn placed_count(&self) -> usize {
        self.placed_count
    }

    /// The power drawn at sites with a demand charge (`None` when no site has one).
    pub fn demand_load(&self) -> Option<&DemandLoad> {
        self.demand.as_ref()
    }

    /// True when placements have a price beyond their own energy ([`Timetable::extra_cost`]):
    /// some machine has a priced mode change or some site a demand charge.
    pub fn prices_extras(&self) -> bool {
        self.modes.is_some() || self.demand.is_some()
    }

    /// How much the mode-change cost of `machine` grows (money; negative when it shrinks) when an
    /// operation in `mode` is placed there from `start` ([`ModeSequence::change_delta`]; 0 on
    /// machines without a priced mode change).
    pub fn mode_change_delta(&self, machine: MachineId, mode: ModeId, start: Minutes) -> f64 {
        self.modes
            .as_ref()
            .map_or(0.0, |m| m.change_delta(self.instance, machine, start, mode))
    }

    /// What placing an operation on `machine` in `mode` during `[start, end)` would add to the
    /// plan's cost beyond its own energy (money, before the objective's energy weight): the growth
    /// of the machine's mode-change cost ([`ModeSequence::change_delta`]) and of its site's demand
    /// charge ([`DemandLoad::peak_growth`]). 0, at the cost of two checks, on instances without
    /// priced mode changes and demand charges.
    pub fn extra_cost(
        &self,
        machine: MachineId,
        mode: ModeId,
        start: Minutes,
        end: Minutes,
    ) -> f64 {
        let mut extra = self.mode_change_delta(machine, mode, start);
        if let Some(demand) = &self.demand {
            let m = self.instance.machine(machine);
            extra += demand.peak_growth(m.site, start, end, m.mode_power_kw(mode));
        }
        extra
    }

    /// The earliest start `>= after` of `op` on `machine` such that the machine is free (and not
    /// down) for the whole duration, the machine's site stays within its power cap and, for the first
    /// operation of an order, the order's materials are available at the machine's site without
    /// starving any consumption already committed. The three searches are repeated until they agree.
    ///
    /// # Errors
    /// [`Blocked`]: why no start exists (the machine is not eligible, the operation never fits the
    /// site's power cap, or the material never suffices).
    pub fn earliest_start(
        &self,
        op: OpId,
        machine: MachineId,
        after: Minutes,
    ) -> Result<Minutes, Blocked> {
        self.earliest_start_in(op, machine, ModeId::NOMINAL, after)
    }

    /// Like [`Timetable::earliest_start`] for `op` on `machine` in `mode` (its duration and power).
    ///
    /// # Errors
    /// [`Blocked`], as for [`Timetable::earliest_start`]; `NotEligible` when `(machine, mode)` is
    /// not an option of `op`.
    pub fn earliest_start_in(
        &self,
        op: OpId,
        machine: MachineId,
        mode: ModeId,
        after: Minutes,
    ) -> Result<Minutes, Blocked> {
        let instance = self.instance;
        let operation = instance.op(op);
        let duration = operation
            .duration_in(machine, mode)
            .ok_or(Blocked::NotEligible { op, machine })?;
        let m = instance.machine(machine);
        let kw = m.mode_power_kw(mode);
        let site = m.site;
        let consumes = instance.order_plan(operation.order).first_op() == op;
        let calendar = &self.calendars[machine.index()];
        let power = self.power[site.index()].as_ref();
        let mut t = after;
        loop {
            let before = t;
            t = calendar.earliest_fit(t, duration);
            if let Some(profile) = power {
                t = profile
                    .earliest_fit(t, duration, kw)
                    .ok_or(Blocked::PowerCap {
                        site,
                        machine,
                        kw,
                        cap_kw: profile.cap_kw(),
                    })?;
            }
            if consumes {
                for (material, qty) in instance.order_demand(operation.order) {
                    t = self
                        .material_fit(operation.order, site, material, t, qty)
                        .map_err(|shortfall| Blocked::Material {
                            site,
                            material,
                            shortfall,
                        })?;
                }
            }
            if t == before {
                return Ok(t);
            }
        }
    }

    /// The earliest `t >= after` at which `qty` of `material` can be at `site` for `order`: from
    /// the site's own ledger, or pulled from another site along a supply route ([`pulls`]).
    fn material_fit(
        &self,
        order: OrderId,
        site: SiteId,
        material: MaterialId,
        after: Minutes,
        qty: f64,
    ) -> Result<Minutes, Shortfall> {
        let local = self.ledger_fit(site, material, after, qty);
        if local == Ok(after) || !self.pulls.may_pull(self.instance, order) {
            return local;
        }
        let mut best = local.as_ref().ok().copied();
        let routes = self.instance.supply_routes(site, material);
        // What the plant holds for good may be topped up by a pull: what it holds from `after`
        // on (from then), and the most it ever holds for good (from when it holds that), so that
        // whether a top-up can ever serve does not depend on `after`.
        let own_ledger = self.ledgers.get(&(site, material));
        let mut tops: Vec<(f64, Minutes)> = Vec::new();
        if let Some(l) = own_ledger {
            let now_held = l.available_from(after);
            let most = l.available_from(Minutes::MAX);
            if now_held > QUANTITY_EPS && now_held < qty {
                tops.push((qty - now_held, after));
            }
            if most > now_held + QUANTITY_EPS
                && most < qty
                && let Ok(from) = l.earliest_fit(after, most)
            {
                tops.push((qty - most, from));
            }
        }
        let needs: Vec<(f64, Minutes)> = std::iter::once((qty, after)).chain(tops).collect();
        for (k, route) in routes.iter().enumerate() {
            if !self.pulls.allows(order, routes, k) {
                continue;
            }
            let transit = route.route.transit;
            let floor = after.saturating_sub(transit).max(self.pulls.floor());
            let Some(ledger) = self.ledgers.get(&(route.from, material)) else {
                continue;
            };
            for &(need, held_from) in &needs {
                if let Ok(depart) = ledger.earliest_fit(floor, need) {
                    let start = self
                        .instance
                        .travel(&route.route.lanes, depart)
                        .max(held_from);
                    if best.is_none_or(|b| start < b) {
                        best = Some(start);
                    }
                }
            }
        }
        best.ok_or_else(|| {
            local.err().unwrap_or(Shortfall {
                needed: qty,
                ever_available: 0.0,
                committed: 0.0,
            })
        })
    }

    /// The plant's own stock of `material` at `start` topped up by a pull of the rest: what the
    /// plant gives for good from `start` on (more than nothing, less than `qty`), and the route
    /// and departure of the cheapest allowed pull that brings the rest by `start`.
    fn top_up(
        &self,
        order: OrderId,
        (site, material): (SiteId, MaterialId),
        qty: f64,
        start: Minutes,
        floor: Minutes,
    ) -> Option<(f64, usize, Minutes)> {
        let own = self.ledgers.get(&(site, material))?.available_from(start);
        if own <= QUANTITY_EPS || own >= qty {
            return None;
        }
        let routes = self.instance.supply_routes(site, material);
        let (k, depart) = pulls::cheapest_at(
            self.instance,
            (routes, &|k| self.pulls.allows(order, routes, k)),
            &self.ledgers,
            material,
            qty - own,
            start,
            floor,
        )?;
        Some((own, k, depart))
    }

    fn ledger_fit(
        &self,
        site: SiteId,
        material: MaterialId,
        after: Minutes,
        qty: f64,
    ) -> Result<Minutes, Shortfall> {
        match self.ledgers.get(&(site, material)) {
            Some(ledger) => ledger.earliest_fit(after, qty),
            None => MaterialLedger::new(None).earliest_fit(after, qty),
        }
    }

    /// Places `op` on `machine` from `start` for the machine's duration, after checking that the
    /// machine is free, the power cap holds and (first operation) the material is there. Commits
    /// nothing when a check fails.
    ///
    /// # Errors
    /// [`PlaceError`]: which check failed (machine busy or down, power cap, material); nothing is
    /// placed then.
    pub fn place(
        &mut self,
        op: OpId,
        machine: MachineId,
        start: Minutes,
    ) -> Result<ScheduledOp, PlaceError> {
        self.place_in(op, machine, ModeId::NOMINAL, start)
    }

    /// Like [`Timetable::place`] for `op` on `machine` in `mode` (its duration and power).
    ///
    /// # Errors
    /// [`PlaceError`], as for [`Timetable::place`].
    pub fn place_in(
        &mut self,
        op: OpId,
        machine: MachineId,
        mode: ModeId,
        start: Minutes,
    ) -> Result<ScheduledOp, PlaceError> {
        if let Some(existing) = self.placed[op.index()] {
            return Err(PlaceError::AlreadyPlaced(existing));
        }
        let instance = self.instance;
        let operation = instance.op(op);
        let duration = operation
            .duration_in(machine, mode)
            .ok_or(PlaceError::Blocked(Blocked::NotEligible { op, machine }))?;
        let end = start + duration;
        let m = instance.machine(machine);
        let kw = m.mode_power_kw(mode);
        let site = m.site;
        if let Some(occupied) = self.calendars[machine.index()].conflict(start, end) {
            return Err(PlaceError::MachineBusy(occupied));
        }
        if let Some(profile) = &self.power[site.index()] {
            match profile.earliest_fit(start, duration, kw) {
                Some(t) if t == start => {}
                Some(_) => return Err(PlaceError::OverPowerCap { site }),
                None => {
                    return Err(PlaceError::Blocked(Blocked::PowerCap {
                        site,
                        machine,
                        kw,
                        cap_kw: profile.cap_kw(),
                    }));
                }
            }
        }
        let order = operation.order;
        let consumes = instance.order_plan(order).first_op() == op;
        // Per material: `None` from the plant's own ledger, or the pull that delivers at `start`.
        let mut sources: Vec<(MaterialId, f64, Option<Pull>)> = Vec::new();
        if consumes {
            let may_pull = self.pulls.may_pull(instance, order);
            let floor = self.pulls.floor();
            for (material, qty) in instance.order_demand(order) {
                let routes = instance.supply_routes(site, material);
                // Where it came from last time, when that still serves (restoring a placement).
                // The same pull as last time (and the same top-up), when it still serves.
                let again = match self.pulls.last_source(order, material) {
                    Some(Some((k, moved))) if may_pull && self.pulls.allows(order, routes, k) => {
                        let moved = if (moved - qty).abs() <= QUANTITY_EPS {
                            qty
                        } else {
                            moved
                        };
                        let own = qty - moved;
                        let holds = own <= QUANTITY_EPS
                            || self
                                .ledgers
                                .get(&(site, material))
                                .is_some_and(|l| l.available_from(start) + QUANTITY_EPS >= own);
                        routes
                            .get(k)
                            .filter(|_| holds)
                            .and_then(|r| {
                                let ledgers = &self.ledgers;
                                pulls::fits_at(instance, r, ledgers, material, moved, start, floor)
                            })
                            .map(|depart| (own, moved, k, depart))
                    }
                    _ => None,
                };
                if let Some((own, moved, k, depart)) = again {
                    if own > QUANTITY_EPS {
                        sources.push((material, own, None));
                    }
                    sources.push((material, moved, Some((k, depart))));
                    continue;
                }
                match self.ledger_fit(site, material, start, qty) {
                    Ok(t) if t == start => sources.push((material, qty, None)),
                    local => {
                        // What the plant holds, topped up by a pull of the rest; else the whole
                        // quantity pulled.
                        let topped = if may_pull {
                            self.top_up(order, (site, material), qty, start, floor)
                        } else {
                            None
                        };
                        let pulled = (may_pull && topped.is_none())
                            .then(|| {
                                pulls::cheapest_at(
                                    instance,
                                    (routes, &|k| self.pulls.allows(order, routes, k)),
                                    &self.ledgers,
                                    material,
                                    qty,
                                    start,
                                    floor,
                                )
                            })
                            .flatten();
                        match (topped, pulled, local) {
                            (Some((own, k, depart)), _, _) => {
                                sources.push((material, own, None));
                                sources.push((material, qty - own, Some((k, depart))));
                            }
                            (None, Some((k, depart)), _) => {
                                sources.push((material, qty, Some((k, depart))));
                            }
                            (None, None, Ok(_)) => {
                                return Err(PlaceError::MaterialShort {
                                    site,
                                    material,
                                    start,
                                });
                            }
                            (None, None, Err(shortfall)) => {
                                return Err(PlaceError::Blocked(Blocked::Material {
                                    site,
                                    material,
                                    shortfall,
                                }));
                            }
                        }
                    }
                }
            }
        }
        // Every check passed: commit.
        if let Err(occupied) = self.calendars[machine.index()].reserve(start, end) {
            return Err(PlaceError::MachineBusy(occupied));
        }
        if let Some(profile) = &mut self.power[site.index()] {
            profile.add(start, end, kw);
        }
        if let Some(modes) = &mut self.modes {
            modes.insert(machine, start, mode);
        }
        if let Some(demand) = &mut self.demand {
            demand.add(site, start, end, kw);
        }
        if consumes && instance.plans_transfers() {
            // Per material: the pull and how much it brought (a top-up's own part is the rest).
            let mut drawn: Vec<(MaterialId, pulls::Drawn)> = Vec::new();
            for &(material, qty, pull) in &sources {
                let this = pull.map(|(k, _)| (k, qty));
                match drawn.iter_mut().find(|(m, _)| *m == material) {
                    Some(entry) => entry.1 = entry.1.or(this),
                    None => drawn.push((material, this)),
                }
            }
            self.pulls.remember(order, drawn);
        }
        for (material, qty, pull) in sources {
            let Some((k, depart)) = pull else {
                self.ledgers
                    .entry((site, material))
                    .or_insert_with(|| MaterialLedger::new(None))
                    .consume(start, qty);
                continue;
            };
            let route = &instance.supply_routes(site, material)[k];
            self.ledgers
                .entry((route.from, material))
                .or_insert_with(|| MaterialLedger::new(None))
                .consume(depart, qty);
            let sent = crate::solution::planned_shipments(
                order, material, site, qty, route, depart, start,
            );
            self.pulls.record(order, sent);
        }
        let placed = ScheduledOp {
            op,
            machine,
            start,
            end,
            mode,
        };
        self.placed[op.index()] = Some(placed);
        self.placed_count += 1;
        Ok(placed)
    }

    /// Removes a placed operation and gives back its machine time, power and material. Returns
    /// where it was, or `None` when it was not placed.
    pub fn unplace(&mut self, op: OpId) -> Option<ScheduledOp> {
        let placed = self.placed[op.index()].take()?;
        self.placed_count -= 1;
        let instance = self.instance;
        let m = instance.machine(placed.machine);
        let released = self.calendars[placed.machine.index()].release(placed.start, placed.end);
        debug_assert!(released, "placed operation missing from its calendar");
        if let Some(profile) = &mut self.power[m.site.index()] {
            profile.remove(placed.start, placed.end, m.mode_power_kw(placed.mode));
        }
        if let Some(modes) = &mut self.modes {
            modes.remove(placed.machine, placed.start);
        }
        if let Some(demand) = &mut self.demand {
            demand.remove(
                m.site,
                placed.start,
                placed.end,
                m.mode_power_kw(placed.mode),
            );
        }
        let order = instance.op(op).order;
        if instance.order_plan(order).first_op() == op {
            let pulled = self.pulls.take(order);
            for (material, qty) in instance.order_demand(order) {
                // One pull per material (its shipments share origin and departure), taken from
                // the origin's ledger as one consumption: the whole quantity, or what topped up
                // the plant's own stock (the rest came from the plant).
                let moved: f64 = pulled
                    .iter()
                    .filter(|t| t.material == material)
                    .map(|t| t.quantity)
                    .sum();
                let moved = if (moved - qty).abs() <= QUANTITY_EPS {
                    qty
                } else {
                    moved
                };
                if let Some(t) = pulled.iter().find(|t| t.material == material)
                    && let Some(ledger) = self.ledgers.get_mut(&(t.from, material))
                {
                    ledger.unconsume(t.depart, moved);
                }
                let own = qty - moved;
                if own > QUANTITY_EPS
                    && let Some(ledger) = self.ledgers.get_mut(&(m.site, material))
                {
                    ledger.unconsume(placed.start, own);
                }
            }
        }
        Some(placed)
    }

    /// The placed operations as a schedule (sorted by operation; no shipments, nothing unplanned).
    pub fn to_schedule(&self) -> Schedule {
        Schedule {
            ops: self.placed.iter().flatten().copied().collect(),
            transfers: self.pulls.all().cloned().collect(),
            ..Schedule::default()
        }
    }
}

#[cfg(test)]
mod tests;
