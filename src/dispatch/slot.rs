//! One step's slot in a whole-order insertion ([`super::cheapest`]): the machine, machine mode and
//! start for each slot mode, priced by energy plus what the slot adds in mode changes and demand
//! charge ([`Timetable::extra_cost`]).

use super::cheapest::{Insertion, Mode};
use crate::model::{MAX_MINUTES, MachineId, Minutes, ModeId, OpId, SiteId, Window};
use crate::timetable::{Blocked, Timetable};

/// The machine and start for `op` at `plant` from `ready` in `mode`.
pub(super) fn choose_slot(
    tt: &Timetable<'_>,
    op: OpId,
    plant: SiteId,
    ready: Minutes,
    mode: Mode,
    latest_end: Option<Minutes>,
    ins: &Insertion<'_>,
) -> Result<(MachineId, ModeId, Minutes), Blocked> {
    let instance = tt.instance();
    let operation = instance.op(op);
    if mode == Mode::Baseline
        && let Some(b) = (ins.baseline)(op)
        && b.start >= ready
        && instance.machine(b.machine).site == plant
        && operation.duration_in(b.machine, b.mode).is_some()
        && tt.earliest_start_in(op, b.machine, b.mode, b.start) == Ok(b.start)
    {
        return Ok((b.machine, b.mode, b.start));
    }
    let by_energy = mode == Mode::Cheap;
    let priced = ins.energy_tiebreak || by_energy;
    // Where the site's load drops, a start may keep a billed peak lower (cheap mode only). Such a
    // start may lie beyond the order's slack: its lateness is then priced in money at the order's
    // tardiness weight, so that the charge is weighed against it.
    let demand = tt
        .demand_load()
        .filter(|d| by_energy && d.is_charged(plant));
    let weights = instance.weights();
    let late_per_minute = if demand.is_some() && weights.energy > 0.0 {
        weights.tardiness * instance.order(operation.order).weight / weights.energy
    } else {
        0.0
    };
    let mut best: Option<Slot> = None;
    let mut blocked = None;
    for option in operation
        .options
        .iter()
        .filter(|o| instance.machine(o.machine).site == plant)
    {
        let start = match tt.earliest_start_in(op, option.machine, option.mode, ready) {
            Ok(s) => s,
            Err(b) => {
                blocked = blocked.or(Some(b));
                continue;
            }
        };
        let mut candidates = vec![start];
        if mode == Mode::Avoid && instance.power_kw(option.machine, option.mode) > 0.0 {
            let mut at = start;
            // Past every avoided window the step would overlap, one after the other.
            for _ in 0..ins.avoid.len() {
                let hit = ins.avoid.iter().find(|(site, w)| {
                    *site == plant && w.overlaps(&Window::new(at, at + option.duration))
                });
                // An open-ended window (a new tariff from some time on) cannot be left: past
                // its end lies beyond every time takt plans in.
                let later = hit
                    .filter(|(_, w)| w.end <= MAX_MINUTES)
                    .and_then(|(_, w)| {
                        tt.earliest_start_in(op, option.machine, option.mode, w.end)
                            .ok()
                    });
                match later {
                    Some(later)
                        if later > at && later.saturating_add(option.duration) <= MAX_MINUTES =>
                    {
                        at = later
                    }
                    _ => break,
                }
            }
            if at != start {
                candidates = vec![at];
            }
        }
        if let Some(d) = demand.filter(|_| instance.power_kw(option.machine, option.mode) > 0.0) {
            for t in d.drops(plant, start, Minutes::MAX, LOAD_DROPS) {
                if let Ok(s) = tt.earliest_start_in(op, option.machine, option.mode, t)
                    && !candidates.contains(&s)
                {
                    candidates.push(s);
                }
            }
        }
        if let Some(latest_end) = latest_end {
            let latest_start = latest_end - option.duration;
            for (w, _) in &instance.tariff(plant).periods {
                if w.start > start
                    && w.start <= latest_start
                    && let Ok(s) = tt.earliest_start_in(op, option.machine, option.mode, w.start)
                    && s <= latest_start
                {
                    candidates.push(s);
                }
            }
        }
        for start in candidates {
            let end = start + option.duration;
            // A mode other than nominal is an alternative only where it keeps the order on time.
            if by_energy
                && !option.mode.is_nominal()
                && latest_end.is_some_and(|latest| end > latest)
            {
                continue;
            }
            let own = if priced {
                instance.energy_cost_in(option.machine, option.mode, start, end)
            } else {
                0.0
            };
            // Mode changes and demand-charge growth are money like energy (0 without them).
            let late = latest_end.map_or(0, |latest| (end - latest).max(0));
            let energy = own
                + tt.extra_cost(option.machine, option.mode, start, end)
                + late_per_minute * late as f64;
            let slot = Slot {
                machine: option.machine,
                mode: option.mode,
                start,
                end,
                energy,
            };
            if best.as_ref().is_none_or(|b| slot.better_than(b, by_energy)) {
                best = Some(slot);
            }
        }
    }
    match (best, blocked) {
        (Some(slot), _) => Ok((slot.machine, slot.mode, slot.start)),
        (None, Some(b)) => Err(b),
        // Unreachable for a built instance: every step has a machine at every candidate plant.
        (None, None) => Err(Blocked::NotEligible {
            op,
            machine: operation.options[0].machine,
        }),
    }
}

/// Most starts after a drop of the site's load tried per machine and mode in the cheap mode when
/// the site has a demand charge.
const LOAD_DROPS: usize = 8;

/// A candidate machine and start for one step.
struct Slot {
    machine: MachineId,
    mode: ModeId,
    start: Minutes,
    end: Minutes,
    /// Energy cost (when priced) plus mode changes and demand-charge growth (money).
    energy: f64,
}

impl Slot {
    /// By energy cost, then the earlier end, in [`Mode::Cheap`]; otherwise by the earlier end, then
    /// energy cost; ties go to the lower machine id.
    fn better_than(&self, other: &Slot, cheap: bool) -> bool {
        let key = |s: &Slot| {
            if cheap {
                (s.energy, s.end as f64)
            } else {
                (s.end as f64, s.energy)
            }
        };
        match key(self).partial_cmp(&key(other)) {
            Some(std::cmp::Ordering::Less) => true,
            Some(std::cmp::Ordering::Equal) => {
                (self.machine, self.mode) < (other.machine, other.mode)
            }
            _ => false,
        }
    }
}
