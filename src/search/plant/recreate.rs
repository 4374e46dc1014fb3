//! Recreate: put an order back at the plant and in the slots where it costs least.
//!
//! Each candidate plant is tried in each placement mode, step by step from the order's ready time:
//! - `Earliest`: every step on the eligible machine where it finishes first (gap insertion);
//! - `Cheap`: among the earliest start and the starts at later price-period boundaries, the one with
//!   the lowest energy cost that still lets the order arrive on time (orders with a due date only);
//! - `Baseline`: every step at its baseline machine and start when that is still possible (re-planning),
//!   otherwise as `Earliest`.
//!
//! The attempt with the lowest order cost (plus makespan growth) that meets the hard deadline wins.

use super::state::{PlantState, order_cost_of};
use crate::model::{MachineId, Minutes, OpId, OrderId, SiteId};
use crate::solution::ScheduledOp;
use crate::timetable::Blocked;

/// How an attempt chooses each step's machine and start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    Earliest,
    Cheap,
    Baseline,
}

/// One way of placing the order, already taken out again.
struct Attempt {
    placements: Vec<ScheduledOp>,
    score: f64,
}

/// Why no attempt succeeded.
enum Failure {
    Blocked(Blocked),
    Deadline { arrival: Minutes, deadline: Minutes },
}

/// Puts `order` (its unfrozen operations) back where it costs least over `modes`; returns whether
/// it is planned. On failure the order stays out with a reason.
pub(crate) fn insert_order(state: &mut PlantState<'_>, order: OrderId, modes: &[Mode]) -> bool {
    let instance = state.instance;
    let plan = instance.order_plan(order);
    let ops: Vec<OpId> = plan.op_ids().collect();
    let frozen_prefix: Vec<ScheduledOp> = ops
        .iter()
        .filter(|&&op| state.scope.is_frozen(op))
        .filter_map(|&op| state.tt.placement(op))
        .collect();
    let plants: Vec<SiteId> = match frozen_prefix.first() {
        Some(p) => vec![instance.machine(p.machine).site],
        None => plan.plants.iter().map(|p| p.site).collect(),
    };
    let mut best: Option<Attempt> = None;
    let mut failure: Option<Failure> = None;
    for &plant in &plants {
        for &mode in modes {
            match attempt(state, order, &ops, plant, mode) {
                Ok(a) => {
                    if best.as_ref().is_none_or(|b| a.score < b.score) {
                        best = Some(a);
                    }
                }
                Err(f) => failure = failure.or(Some(f)),
            }
        }
    }
    match best {
        Some(a) => {
            for p in &a.placements {
                let placed = state.place(p.op, p.machine, p.start);
                debug_assert!(
                    placed.is_some(),
                    "replaying an attempt in the same state failed"
                );
            }
            state.count_planned(order);
            true
        }
        None => {
            let name = &instance.order(order).name;
            let reason = match failure {
                Some(Failure::Blocked(b)) => format!(
                    "order '{name}' could not be placed: {}",
                    b.describe(instance)
                ),
                Some(Failure::Deadline { arrival, deadline }) => format!(
                    "order '{name}' could not be placed before its deadline {deadline}: the earliest arrival found was {arrival}"
                ),
                None => format!("order '{name}' has no plant that can make it"),
            };
            state.set_reason(order, reason);
            false
        }
    }
}

/// Places the order's unfrozen steps at `plant` in `mode`, scores the result and takes it out again.
fn attempt(
    state: &mut PlantState<'_>,
    order: OrderId,
    ops: &[OpId],
    plant: SiteId,
    mode: Mode,
) -> Result<Attempt, Failure> {
    let instance = state.instance;
    let o = instance.order(order);
    let route_transit = instance
        .order_plan(order)
        .plant(plant)
        .and_then(|p| p.route.as_ref())
        .map_or(0, |r| r.transit);
    // Shortest remaining work after each step (for the on-time test of the Cheap mode).
    let mut rest_after = vec![0 as Minutes; ops.len()];
    for k in (0..ops.len().saturating_sub(1)).rev() {
        let next = instance.op(ops[k + 1]);
        rest_after[k] = rest_after[k + 1] + next.min_lag + next.min_duration();
    }
    let mut ready = o.release;
    let mut placed: Vec<ScheduledOp> = Vec::with_capacity(ops.len());
    let mut result = Ok(());
    for (k, &op) in ops.iter().enumerate() {
        let operation = instance.op(op);
        if k > 0 {
            ready = ready.max(placed.last().map_or(ready, |p| p.end) + operation.min_lag);
        }
        if state.scope.is_frozen(op) {
            if let Some(p) = state.tt.placement(op) {
                ready = p.end;
                placed.push(p);
            }
            continue;
        }
        let latest_end = o.due.map(|due| due - route_transit - rest_after[k]);
        match choose_slot(state, op, plant, ready, mode, latest_end) {
            Ok((machine, start)) => match state.place(op, machine, start) {
                Some(p) => placed.push(p),
                None => {
                    result = Err(Failure::Blocked(Blocked::NotEligible { op, machine }));
                    break;
                }
            },
            Err(b) => {
                result = Err(Failure::Blocked(b));
                break;
            }
        }
    }
    let mine: Vec<ScheduledOp> = placed
        .iter()
        .copied()
        .filter(|p| !state.scope.is_frozen(p.op))
        .collect();
    for p in &mine {
        state.unplace(p.op);
    }
    result?;
    let completion = placed.iter().map(|p| p.end).max().unwrap_or(ready);
    let arrival = completion + route_transit;
    if let Some(deadline) = o.deadline.filter(|d| arrival > *d) {
        return Err(Failure::Deadline { arrival, deadline });
    }
    let w = instance.weights();
    let growth = (completion - state.makespan()).max(0);
    Ok(Attempt {
        score: order_cost_of(instance, state.scope, order, &placed) + w.makespan * growth as f64,
        placements: mine,
    })
}

/// The machine and start for `op` at `plant` from `ready` in `mode`.
fn choose_slot(
    state: &PlantState<'_>,
    op: OpId,
    plant: SiteId,
    ready: Minutes,
    mode: Mode,
    latest_end: Option<Minutes>,
) -> Result<(MachineId, Minutes), Blocked> {
    let instance = state.instance;
    let operation = instance.op(op);
    if mode == Mode::Baseline
        && let Some(b) = state
            .scope
            .stability
            .as_ref()
            .and_then(|s| s.baseline_of(op))
        && b.start >= ready
        && instance.machine(b.machine).site == plant
        && operation.duration_on(b.machine).is_some()
        && state.tt.earliest_start(op, b.machine, b.start) == Ok(b.start)
    {
        return Ok((b.machine, b.start));
    }
    let energy_weight = instance.weights().energy;
    let mut best: Option<Slot> = None;
    let mut blocked = None;
    for option in operation
        .options
        .iter()
        .filter(|o| instance.machine(o.machine).site == plant)
    {
        let start = match state.tt.earliest_start(op, option.machine, ready) {
            Ok(s) => s,
            Err(b) => {
                blocked = Some(b);
                continue;
            }
        };
        let mut candidates = vec![start];
        if mode == Mode::Cheap
            && energy_weight > 0.0
            && let Some(latest_end) = latest_end
        {
            let latest_start = latest_end - option.duration;
            for (w, _) in &instance.tariff(plant).periods {
                if w.start > start
                    && w.start <= latest_start
                    && let Ok(s) = state.tt.earliest_start(op, option.machine, w.start)
                    && s <= latest_start
                {
                    candidates.push(s);
                }
            }
        }
        for start in candidates {
            let end = start + option.duration;
            let slot = Slot {
                machine: option.machine,
                start,
                end,
                energy: instance.energy_cost(option.machine, start, end),
            };
            if best.as_ref().is_none_or(|b| slot.better_than(b, mode)) {
                best = Some(slot);
            }
        }
    }
    match (best, blocked) {
        (Some(slot), _) => Ok((slot.machine, slot.start)),
        (None, Some(b)) => Err(b),
        // Unreachable for a built instance: every step has a machine at every candidate plant.
        (None, None) => Err(Blocked::NotEligible {
            op,
            machine: operation.options[0].machine,
        }),
    }
}

/// A candidate machine and start for one step.
struct Slot {
    machine: MachineId,
    start: Minutes,
    end: Minutes,
    energy: f64,
}

impl Slot {
    /// `Cheap` prefers lower energy cost, then the earlier end; the other modes the earlier end, then
    /// lower energy cost; ties go to the lower machine id.
    fn better_than(&self, other: &Slot, mode: Mode) -> bool {
        let key = |s: &Slot| match mode {
            Mode::Cheap => (s.energy, s.end as f64),
            Mode::Earliest | Mode::Baseline => (s.end as f64, s.energy),
        };
        match key(self).partial_cmp(&key(other)) {
            Some(std::cmp::Ordering::Less) => true,
            Some(std::cmp::Ordering::Equal) => self.machine < other.machine,
            _ => false,
        }
    }
}
