//! Mode rules: every operation runs in a mode its machine has, for the duration of that mode
//! (`ceil(nominal / speed_factor)`, judged by the assignment rule), and the energy and mode-change
//! costs of a plan recounted from the input alone, for tests and tools to compare with the KPIs.

use super::context::Plan;
use super::report::{Violation, ViolationCode};
use crate::model::{Instance, MachineId, Minutes, ModeId, OpId, mode_duration};
use crate::solution::{Schedule, ScheduledOp};

/// The duration `s` must have in its mode, given its nominal duration; `None` when its machine
/// has no such mode (reported by [`check`]) or the mode's duration is out of range.
pub(super) fn duration_in_mode(plan: &Plan, s: &ScheduledOp, nominal: Minutes) -> Option<Minutes> {
    if s.mode.is_nominal() {
        return Some(nominal);
    }
    let mode = plan.machine(s.machine)?.extra_mode(s.mode)?;
    mode_duration(nominal, mode.speed_factor)
}

/// " in mode 'eco' (ceil(60 / 0.8))" for the message of a wrong duration.
pub(super) fn mode_note(plan: &Plan, s: &ScheduledOp, nominal: Minutes) -> String {
    let Some(m) = plan.machine(s.machine) else {
        return String::new();
    };
    let factor = m.extra_mode(s.mode).map_or(1.0, |x| x.speed_factor);
    format!(
        " in mode '{}' (ceil({nominal} / speed factor {factor}))",
        m.mode_name(s.mode)
    )
}

/// One violation per operation that runs in a mode its machine does not have.
pub(super) fn check(plan: &Plan, out: &mut Vec<Violation>) {
    for s in plan.placements() {
        let Some(machine) = plan.machine(s.machine) else {
            continue;
        };
        if machine.has_mode(s.mode) {
            continue;
        }
        let order = plan.op_ref(s.op).map(|r| r.order);
        let msg = format!(
            "{} runs on machine '{}' in mode {}, but the machine has {} mode(s) besides nominal",
            plan.op_label(s.op),
            machine.name,
            s.mode.0,
            machine.modes.len()
        );
        out.push(
            Violation::new(ViolationCode::UnknownMode, msg)
                .orders(order)
                .ops([s.op])
                .machines([s.machine])
                .at(s.start),
        );
    }
}

/// Energy and mode changes of a plan, recounted by the checker from the machines' modes and the
/// price periods (not from the solvers' code).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EnergyRecount {
    /// Energy drawn by busy machines in their modes (kWh).
    pub energy_kwh: f64,
    /// Its cost under the sites' price periods.
    pub energy_cost: f64,
    /// Switches into a mode with a change cost (per machine, operations by start; machines start
    /// in nominal mode).
    pub mode_changes: usize,
    /// The sum of those switches' change costs.
    pub mode_change_cost: f64,
}

/// Recounts the energy and the mode changes of `schedule` (operations with an unknown machine or
/// mode count nothing).
pub fn recount_energy(instance: &Instance, schedule: &Schedule) -> EnergyRecount {
    let mut out = EnergyRecount::default();
    let mut on_machine: Vec<Vec<(Minutes, OpId, ModeId)>> =
        vec![Vec::new(); instance.machines().len()];
    for s in &schedule.ops {
        let Some(m) = instance.machines().get(s.machine.index()) else {
            continue;
        };
        if !m.has_mode(s.mode) {
            continue;
        }
        on_machine[s.machine.index()].push((s.start, s.op, s.mode));
        let kw = m.extra_mode(s.mode).map_or(m.power_kw, |x| x.power_kw);
        out.energy_kwh += kw * (s.end - s.start) as f64 / 60.0;
        for p in instance.prices().iter().filter(|p| p.site == m.site) {
            let overlap = (s.end.min(p.window.end) - s.start.max(p.window.start)).max(0);
            out.energy_cost += kw * overlap as f64 * p.price_per_kwh / 60.0;
        }
    }
    for (i, mut ops) in on_machine.into_iter().enumerate() {
        let m = instance.machine(MachineId::from_index(i));
        ops.sort();
        let mut current = ModeId::NOMINAL;
        for (_, _, mode) in ops {
            if mode != current {
                let cost = m.extra_mode(mode).map_or(0.0, |x| x.change_cost);
                if cost > 0.0 {
                    out.mode_changes += 1;
                    out.mode_change_cost += cost;
                }
                current = mode;
            }
        }
    }
    out
}
