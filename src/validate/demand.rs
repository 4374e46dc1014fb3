//! Demand charges: the checker recomputes, for every site with a demand charge and every billing
//! period in which it draws power, the peak power, independently of the KPI code
//! ([`crate::solution::demand_peaks`] sweeps a profile; this evaluates the load at every minute
//! the load can rise: each operation's start, or the period's start for work running into it).
//! Peaks are costs, not rules: nothing here is a violation.

use super::context::Plan;
use crate::model::{Minutes, SiteId};
use crate::solution::{DemandPeak, op_power_kw};
use std::collections::BTreeMap;

/// An operation's interval clipped to a billing period, with its power: `(start, end, kW)`.
type Load = (Minutes, Minutes, f64);

/// The peak of every site with a demand charge in every billing period with load.
pub(super) fn recompute(plan: &Plan) -> Vec<DemandPeak> {
    let instance = plan.instance;
    // (site, period) -> intervals clipped to the period, with their power.
    let mut load: BTreeMap<(SiteId, i64), Vec<Load>> = BTreeMap::new();
    for p in &plan.schedule.ops {
        let Some(machine) = instance.machines().get(p.machine.index()) else {
            continue; // UNKNOWN_MACHINE already.
        };
        let Some(charge) = instance.demand_charge(machine.site) else {
            continue;
        };
        let kw = op_power_kw(instance, p);
        if kw.is_nan() || kw <= 0.0 || p.end <= p.start {
            continue;
        }
        let first = charge.period_of(p.start);
        let last = charge.period_of(p.end - 1);
        for k in first..=last {
            let (from, to) = charge.period_window(k);
            load.entry((machine.site, k))
                .or_default()
                .push((p.start.max(from), p.end.min(to), kw));
        }
    }
    let mut out = Vec::with_capacity(load.len());
    for ((site, k), intervals) in load {
        let charge = instance
            .demand_charge(site)
            .expect("loaded site has a charge");
        let mut points: Vec<Minutes> = intervals.iter().map(|(s, _, _)| *s).collect();
        points.sort_unstable();
        points.dedup();
        let (mut peak, mut at) = (0.0_f64, points[0]);
        for &t in &points {
            let drawn: f64 = intervals
                .iter()
                .filter(|(s, e, _)| *s <= t && t < *e)
                .map(|(_, _, kw)| kw)
                .sum();
            if drawn > peak + 1e-9 {
                peak = drawn;
                at = t;
            }
        }
        let (start, end) = charge.period_window(k);
        out.push(DemandPeak {
            site,
            start,
            end,
            peak_kw: peak,
            at,
            cost: charge.per_kw * peak,
        });
    }
    out
}
