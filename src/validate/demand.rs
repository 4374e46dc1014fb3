//! Demand charges: the checker recomputes, for every site with a demand charge and every billing
//! period in which it draws power, the peak power, independently of the KPI code
//! ([`crate::solution::demand_peaks`] sweeps a profile of clipped parts; this evaluates the load
//! at every minute the load can rise: each operation's start, or the period's start for work
//! running into it). Peaks are costs, not rules: nothing here is a violation.
//!
//! Only the periods in which some operation starts or has its last minute are evaluated one by
//! one. In the periods between two of them no operation starts or ends, so every operation that
//! touches one of them covers all of them: their load is evaluated once, at the first minute of
//! the stretch, and reported as one run ([`DemandPeak::periods`]). The work does not grow with the
//! number of billing periods an operation spans.

use super::context::Plan;
use crate::model::{DemandCharge, Minutes, SiteId};
use crate::solution::{DemandPeak, op_power_kw};
use std::collections::BTreeMap;

/// An operation's interval with its power: `(start, end, kW)`.
type Load = (Minutes, Minutes, f64);

/// The power drawn at minute `t` by `loads`, and whether any of them runs then.
fn drawn_at(loads: &[Load], t: Minutes) -> (f64, bool) {
    let mut running = false;
    let kw: f64 = loads
        .iter()
        .filter(|(s, e, _)| *s <= t && t < *e)
        .map(|(_, _, kw)| {
            running = true;
            kw
        })
        .sum();
    (kw, running)
}

/// The peak of every site with a demand charge in every billing period with load.
pub(super) fn recompute(plan: &Plan) -> Vec<DemandPeak> {
    let instance = plan.instance;
    let mut by_site: BTreeMap<SiteId, Vec<Load>> = BTreeMap::new();
    for p in &plan.schedule.ops {
        let Some(machine) = instance.machines().get(p.machine.index()) else {
            continue; // UNKNOWN_MACHINE already.
        };
        if instance.demand_charge(machine.site).is_none() {
            continue;
        }
        let kw = op_power_kw(instance, p);
        if kw.is_nan() || kw <= 0.0 || p.end <= p.start {
            continue;
        }
        by_site
            .entry(machine.site)
            .or_default()
            .push((p.start, p.end, kw));
    }
    let mut out = Vec::new();
    for (site, loads) in by_site {
        let charge = instance
            .demand_charge(site)
            .expect("loaded site has a charge");
        site_peaks(charge, loads, &mut out);
    }
    out
}

/// The peak `kw` (first drawn at `at`) of each of the periods `first..=last`, and their cost.
fn peak_over(charge: &DemandCharge, (first, last): (i64, i64), kw: f64, at: Minutes) -> DemandPeak {
    let periods = last - first + 1;
    DemandPeak {
        site: charge.site,
        start: charge.period_window(first).0,
        end: charge.period_window(last).1,
        peak_kw: kw,
        at,
        periods,
        cost: charge.per_kw * kw * periods as f64,
    }
}

/// The peaks of one site's `loads`, in period order.
fn site_peaks(charge: &DemandCharge, mut loads: Vec<Load>, out: &mut Vec<DemandPeak>) {
    loads.sort_by_key(|l| l.0);
    let mut marked: Vec<i64> = loads
        .iter()
        .flat_map(|&(s, e, _)| [charge.period_of(s), charge.period_of(e - 1)])
        .collect();
    marked.sort_unstable();
    marked.dedup();
    // The loads that touch the period at hand, added in start order as periods advance.
    let mut active: Vec<Load> = Vec::new();
    let mut next = 0;
    let mut previous: Option<i64> = None;
    for k in marked {
        if let Some(p) = previous.filter(|p| k > p + 1) {
            let at = charge.period_window(p + 1).0;
            let (kw, running) = drawn_at(&active, at);
            if running {
                out.push(peak_over(charge, (p + 1, k - 1), kw, at));
            }
        }
        let (from, to) = charge.period_window(k);
        while next < loads.len() && loads[next].0 < to {
            active.push(loads[next]);
            next += 1;
        }
        active.retain(|(_, e, _)| *e > from);
        let mut points: Vec<Minutes> = active.iter().map(|(s, _, _)| (*s).max(from)).collect();
        points.sort_unstable();
        points.dedup();
        let (mut peak, mut at) = (0.0_f64, points[0]);
        for &t in &points {
            let (kw, _) = drawn_at(&active, t);
            if kw > peak + 1e-9 {
                peak = kw;
                at = t;
            }
        }
        out.push(peak_over(charge, (k, k), peak, at));
        previous = Some(k);
    }
}
