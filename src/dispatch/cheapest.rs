//! Inserting a whole order at its cheapest plant: the one implementation shared by the dispatching
//! rules, the re-planner's repair and the plant search's recreate step.
//!
//! Each candidate plant is tried in each slot [`Mode`], from the same timetable state: the order's
//! steps in routing order, each from its ready time (release, `not_before`, the previous step's end
//! plus lag) on an eligible machine of that plant:
//! - [`Mode::Earliest`]: the machine (and machine mode, `modes.csv`) where the step ends first (gap
//!   insertion); cheaper energy, then the lower machine id, on ties;
//! - [`Mode::Cheap`]: among the earliest start and the starts at later price-period boundaries, the
//!   one with the lowest energy cost that still lets the order arrive by its due date (orders with a
//!   due date, instances with energy costs; otherwise as `Earliest`); a slower machine mode (eco) is
//!   a candidate only when it still ends by then;
//! - [`Mode::Baseline`]: its baseline machine and start when that is still possible (re-planning),
//!   otherwise as `Earliest`;
//! - [`Mode::Avoid`]: as `Earliest`, but a step that would draw power inside one of the plant's
//!   windows to avoid (an energy price spike) starts after the window when it can (re-planning).
//!
//! Every slot is priced with what it adds beyond its own energy ([`Timetable::extra_cost`]): the
//! mode changes it causes on its machine (into its mode after its predecessor's, and into its
//! successor's mode after its own, minus the change the successor paid before) and the growth of
//! its billing period's peak at a site with a demand charge. That price joins the energy cost in
//! the slot choice and, weighted like energy, the attempt's cost. At a plant with a demand charge
//! `Cheap` is tried in every insertion (also when the caller asked only for `Earliest`), also for
//! orders without a due date or slack, and its starts include the minutes where the site's load
//! drops (another operation ends), also beyond the order's slack, where the slot's lateness is
//! priced at the order's tardiness weight: an order runs beside less load when the charge
//! outweighs what waiting costs.
//!
//! When an attempt pulls material from other sites ([`crate::timetable`]'s planned transfers), the
//! same mode is tried again with the plant's own material only (waiting for a late delivery may
//! cost less than the transfer) and, when a pull took a route dearer than the cheapest supply
//! route of its material, with the cheapest routes only (waiting for a slow, cheap route may cost
//! less than a fast, dear one); every attempt competes on cost.
//!
//! Steps already placed and fixed (the frozen steps of a started order) stay where they are, and the
//! order's plant is then theirs. Of the attempts that meet the order's hard deadline, the one with
//! the lowest cost wins: [`order_cost`] plus the caller's penalty per placement plus the makespan
//! weight times the makespan growth plus the energy weight times the mode changes and demand-charge
//! growth; ties go to the earlier arrival, then to the first tried (plants
//! in id order, modes in the given order). The winner is left placed.

use super::slot::choose_slot;
use super::unplanned::MissedDeadline;
use crate::model::{Instance, MachineId, Minutes, ModeId, OpId, OrderId, SiteId, Window};
use crate::solution::{ScheduledOp, order_cost};
use crate::timetable::{Blocked, SourceRule, Timetable};

/// Something that places operations through a [`Timetable`]'s checks: the timetable itself, or a
/// search state that keeps its own indexes up to date.
pub(crate) trait Placer<'a> {
    /// The timetable (for earliest starts and placements).
    fn timetable(&self) -> &Timetable<'a>;
    /// Places `op` on `machine` in `mode`; `None` when a check fails (nothing changes then).
    fn place_op_in(
        &mut self,
        op: OpId,
        machine: MachineId,
        mode: ModeId,
        start: Minutes,
    ) -> Option<ScheduledOp>;
    /// Takes `op` out; where it was, or `None` when it was not placed.
    fn unplace_op(&mut self, op: OpId) -> Option<ScheduledOp>;
    /// Which sources `order` may draw its material from ([`Timetable::set_source_rule`]).
    fn set_source_rule(&mut self, order: OrderId, rule: SourceRule);
}

impl<'a> Placer<'a> for Timetable<'a> {
    fn timetable(&self) -> &Timetable<'a> {
        self
    }
    fn place_op_in(
        &mut self,
        op: OpId,
        machine: MachineId,
        mode: ModeId,
        start: Minutes,
    ) -> Option<ScheduledOp> {
        self.place_in(op, machine, mode, start).ok()
    }
    fn unplace_op(&mut self, op: OpId) -> Option<ScheduledOp> {
        self.unplace(op)
    }
    fn set_source_rule(&mut self, order: OrderId, rule: SourceRule) {
        Timetable::set_source_rule(self, order, rule);
    }
}

/// How an attempt chooses each step's machine and start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Earliest,
    Cheap,
    Baseline,
    Avoid,
}

/// What an insertion may do and what it costs beyond the objective.
pub(crate) struct Insertion<'c> {
    /// No step that is not fixed starts before this minute (`now` when re-planning).
    pub not_before: Minutes,
    /// Slot modes to try at every plant.
    pub modes: &'c [Mode],
    /// Break ties between equally early ends by energy cost.
    pub energy_tiebreak: bool,
    /// The latest end of everything else (for the makespan growth).
    pub makespan: Minutes,
    /// Steps already placed that stay (a started order's frozen steps).
    pub fixed: &'c dyn Fn(OpId) -> bool,
    /// Cost added per placement (a re-plan's stability penalty), in objective units.
    pub penalty: &'c dyn Fn(&ScheduledOp) -> f64,
    /// The baseline placement of a step, for [`Mode::Baseline`].
    pub baseline: &'c dyn Fn(OpId) -> Option<ScheduledOp>,
    /// Windows per site to keep energy-drawing steps out of, for [`Mode::Avoid`].
    pub avoid: &'c [(SiteId, Window)],
}

fn never(_: OpId) -> bool {
    false
}

fn free(_: &ScheduledOp) -> f64 {
    0.0
}

fn no_baseline(_: OpId) -> Option<ScheduledOp> {
    None
}

impl Insertion<'static> {
    /// Earliest-end insertion from `not_before`, nothing fixed, no penalties.
    pub fn earliest(not_before: Minutes, makespan: Minutes, energy_tiebreak: bool) -> Self {
        Insertion {
            not_before,
            modes: &[Mode::Earliest],
            energy_tiebreak,
            makespan,
            fixed: &never,
            penalty: &free,
            baseline: &no_baseline,
            avoid: &[],
        }
    }
}

/// The winning placement, left in the timetable.
#[derive(Clone, Debug)]
pub(crate) struct Inserted {
    /// The plant the order is made at.
    pub plant: SiteId,
    /// The steps this insertion placed (fixed steps excluded), in routing order.
    pub ops: Vec<ScheduledOp>,
    /// Arrival at the customer (completion without customer).
    pub arrival: Minutes,
    /// The cost that chose it: order cost, penalties, makespan growth, mode changes and demand
    /// charge growth.
    pub cost: f64,
}

/// Why no plant took the order: what blocks it where, and the attempts that missed its deadline.
#[derive(Clone, Debug, Default)]
pub(crate) struct NotInserted {
    /// Per plant, the first obstacle met.
    pub blocks: Vec<(SiteId, Blocked)>,
    /// Per plant, the earliest arrival found when it misses the hard deadline.
    pub missed: Vec<MissedDeadline>,
}

impl NotInserted {
    /// The reason in words (see [`super::unplanned::explain`]).
    pub fn explain(&self, instance: &Instance, order: OrderId) -> String {
        super::unplanned::explain(instance, order, &self.blocks, &self.missed)
    }
}

/// One way of placing the order, already taken out again (unless it is the only attempt).
struct Attempt {
    plant: SiteId,
    mine: Vec<ScheduledOp>,
    arrival: Minutes,
    cost: f64,
    /// The sources it was made with: after the same mode pulled material from other sites, it is
    /// also tried with the plant's own material only, and with the cheapest routes only.
    rule: SourceRule,
}

/// Inserts `order` (its steps that are not fixed, none of them placed) at its cheapest plant (see
/// the module docs). On failure nothing of it is placed.
pub(crate) fn insert_cheapest<'a, P: Placer<'a>>(
    placer: &mut P,
    order: OrderId,
    ins: &Insertion<'_>,
) -> Result<Inserted, NotInserted> {
    let instance = placer.timetable().instance();
    let plan = instance.order_plan(order);
    let ops: Vec<OpId> = plan.op_ids().collect();
    let fixed_plant = ops
        .iter()
        .filter(|&&op| (ins.fixed)(op))
        .find_map(|&op| placer.timetable().placement(op))
        .map(|p| instance.machine(p.machine).site);
    let plants: Vec<SiteId> = match fixed_plant {
        Some(site) => vec![site],
        None => plan.plants.iter().map(|p| p.site).collect(),
    };
    // A demand charge is lowered by spreading load: the cheap mode is then always tried.
    let spread = instance.has_demand_charges()
        && instance.weights().energy > 0.0
        && !ins.modes.contains(&Mode::Cheap);
    let modes = ins.modes.iter().chain(spread.then_some(&Mode::Cheap));
    let tried_modes = ins.modes.len() + usize::from(spread);
    let mut single = plants.len() * tried_modes == 1;
    // Each insertion decides afresh whether the order pulls material from other sites.
    placer.set_source_rule(order, SourceRule::Any);
    let deadline = instance.order(order).deadline;
    let mut best: Option<Attempt> = None;
    let mut failed = NotInserted::default();
    let o = instance.order(order);
    for &plant in &plants {
        // The earliest attempt at this plant (modes that cannot do better are skipped).
        let mut earliest: Option<(Vec<ScheduledOp>, Minutes)> = None;
        let mut earliest_blocked = false;
        let charged = placer
            .timetable()
            .demand_load()
            .is_some_and(|d| d.is_charged(plant));
        for &mode in modes.clone() {
            let useful = match mode {
                Mode::Earliest => true,
                _ if earliest_blocked => false,
                Mode::Cheap => {
                    instance.weights().energy > 0.0
                        && (charged
                            || o.due.is_some_and(|due| {
                                earliest.as_ref().is_none_or(|(_, arrival)| *arrival < due)
                            }))
                }
                Mode::Baseline => ops.iter().any(|&op| {
                    !(ins.fixed)(op)
                        && (ins.baseline)(op).is_some_and(|b| {
                            instance.machine(b.machine).site == plant
                                && earliest.as_ref().is_none_or(|(mine, _)| {
                                    !mine.iter().any(|p| p.op == op && p.start == b.start)
                                })
                        })
                }),
                Mode::Avoid => earliest.as_ref().is_none_or(|(mine, _)| {
                    mine.iter().any(|p| {
                        instance.power_kw(p.machine, p.mode) > 0.0
                            && ins.avoid.iter().any(|(site, w)| {
                                *site == plant && w.overlaps(&Window::new(p.start, p.end))
                            })
                    })
                }),
            };
            if !useful {
                continue;
            }
            let tried = attempt(placer, order, &ops, plant, mode, ins);
            if mode == Mode::Earliest {
                match &tried {
                    Ok(a) => earliest = Some((a.mine.clone(), a.arrival)),
                    Err(_) => earliest_blocked = true,
                }
            }
            // Material pulled from other sites: waiting for the plant's own, or for what a
            // cheaper, slower route brings, may cost less.
            let mut others = Vec::new();
            if let Ok(a) = &tried
                && !placer.timetable().order_transfers(order).is_empty()
            {
                let rules = [
                    Some(SourceRule::LocalOnly),
                    dear_pull(placer.timetable(), order, plant).then_some(SourceRule::CheapestOnly),
                ];
                for p in &a.mine {
                    placer.unplace_op(p.op);
                }
                single = false;
                for rule in rules.into_iter().flatten() {
                    placer.set_source_rule(order, rule);
                    if let Ok(mut other) = attempt(placer, order, &ops, plant, mode, ins) {
                        other.rule = rule;
                        for p in &other.mine {
                            placer.unplace_op(p.op);
                        }
                        others.push(other);
                    }
                }
                placer.set_source_rule(order, SourceRule::Any);
            }
            for tried in std::iter::once(tried).chain(others.into_iter().map(Ok)) {
                match tried {
                    Ok(a) => {
                        let late = deadline.is_some_and(|d| a.arrival > d);
                        if late || !single {
                            for p in &a.mine {
                                placer.unplace_op(p.op);
                            }
                        }
                        if late {
                            match failed.missed.iter_mut().find(|m| m.plant == plant) {
                                Some(m) => m.arrival = m.arrival.min(a.arrival),
                                None => failed.missed.push(MissedDeadline {
                                    plant,
                                    arrival: a.arrival,
                                }),
                            }
                            continue;
                        }
                        let better = best.as_ref().is_none_or(|b| {
                            a.cost
                                .total_cmp(&b.cost)
                                .then(a.arrival.cmp(&b.arrival))
                                .is_lt()
                        });
                        if better {
                            best = Some(a);
                        }
                    }
                    Err(b) => {
                        if !failed.blocks.iter().any(|(s, _)| *s == plant) {
                            failed.blocks.push((plant, b));
                        }
                    }
                }
            }
        }
    }
    let Some(best) = best else {
        return Err(failed);
    };
    placer.set_source_rule(order, best.rule);
    if !single {
        // The same state as when it was computed, so the same placements fit again.
        let mut ordered = best.mine.clone();
        ordered.sort_by_key(|p| (p.start, p.op));
        for (k, p) in ordered.iter().enumerate() {
            if placer
                .place_op_in(p.op, p.machine, p.mode, p.start)
                .is_none()
            {
                debug_assert!(false, "replaying an insertion in the same state failed");
                for undo in &ordered[..k] {
                    placer.unplace_op(undo.op);
                }
                return Err(failed);
            }
        }
    }
    Ok(Inserted {
        plant: best.plant,
        ops: best.mine,
        arrival: best.arrival,
        cost: best.cost,
    })
}

/// True when a transfer the order's placement at `plant` pulls travels a route dearer per unit than
/// the cheapest supply route of its material there.
fn dear_pull(tt: &Timetable<'_>, order: OrderId, plant: SiteId) -> bool {
    let instance = tt.instance();
    tt.order_transfers(order).iter().any(|t| {
        let least = instance
            .supply_routes(plant, t.material)
            .iter()
            .map(|r| r.route.cost_per_unit)
            .fold(f64::INFINITY, f64::min);
        let cost: f64 = t
            .lanes
            .iter()
            .map(|l| instance.lanes()[l.index()].cost_per_unit)
            .sum();
        cost > least + 1e-12
    })
}

/// Places the order's steps that are not fixed at `plant` in `mode` and prices the result; the
/// placements stay in the timetable (the caller takes them out again).
fn attempt<'a, P: Placer<'a>>(
    placer: &mut P,
    order: OrderId,
    ops: &[OpId],
    plant: SiteId,
    mode: Mode,
    ins: &Insertion<'_>,
) -> Result<Attempt, Blocked> {
    let instance = placer.timetable().instance();
    let o = instance.order(order);
    let transit = instance
        .order_plan(order)
        .plant(plant)
        .and_then(|p| p.fastest())
        .map_or(0, |r| r.transit);
    // Shortest remaining work after each step (for the on-time test of the Cheap mode).
    let cheap = mode == Mode::Cheap && o.due.is_some() && instance.weights().energy > 0.0;
    let mut rest_after = vec![0 as Minutes; if cheap { ops.len() } else { 0 }];
    if cheap {
        for k in (0..ops.len().saturating_sub(1)).rev() {
            let next = instance.op(ops[k + 1]);
            rest_after[k] = rest_after[k + 1] + next.min_lag + next.min_duration();
        }
    }
    let mut ready = o.release.max(ins.not_before);
    let mut placed: Vec<ScheduledOp> = Vec::with_capacity(ops.len());
    let mut mine: Vec<ScheduledOp> = Vec::with_capacity(ops.len());
    // Mode changes and demand-charge growth of the steps placed (money), each priced against the
    // timetable just before it is placed, so that together they are exactly what the order adds.
    let mut extra = 0.0;
    for (k, &op) in ops.iter().enumerate() {
        let operation = instance.op(op);
        if let Some(prev) = placed.last() {
            ready = ready.max(prev.end + operation.min_lag);
        }
        if (ins.fixed)(op) {
            if let Some(p) = placer.timetable().placement(op) {
                // Never before `not_before`, even after a frozen step that ended earlier.
                ready = ready.max(p.end);
                placed.push(p);
            }
            continue;
        }
        let latest_end = if cheap {
            o.due.map(|due| due - transit - rest_after[k])
        } else {
            None
        };
        let slot = choose_slot(placer.timetable(), op, plant, ready, mode, latest_end, ins)
            .and_then(|(machine, machine_mode, start)| {
                if placer.timetable().prices_extras()
                    && let Some(d) = operation.duration_in(machine, machine_mode)
                {
                    extra += placer
                        .timetable()
                        .extra_cost(machine, machine_mode, start, start + d);
                }
                placer
                    .place_op_in(op, machine, machine_mode, start)
                    .ok_or(Blocked::NotEligible { op, machine })
            });
        match slot {
            Ok(p) => {
                placed.push(p);
                mine.push(p);
            }
            Err(b) => {
                for p in &mine {
                    placer.unplace_op(p.op);
                }
                return Err(b);
            }
        }
    }
    let cost = order_cost(instance, order, &placed)
        .with_transfer_cost(instance, placer.timetable().order_transfer_cost(order));
    let penalties: f64 = placed.iter().map(|p| (ins.penalty)(p)).sum();
    Ok(Attempt {
        plant,
        mine,
        arrival: cost.arrival,
        cost: cost.with_makespan_growth(instance, ins.makespan)
            + penalties
            + instance.weights().energy * extra,
        rule: SourceRule::Any,
    })
}
