//! **Demand charge.** For every site `s` with a demand charge `c_s` per kW and every billing
//! period `k` in which some operation may run there, a continuous peak `Q_sk >= 0` with
//!
//! `Q_sk >= sum_{m at s} P_m sum_{i, t: t <= τ < t + p_im} x_imt`
//!
//! at every grid start `τ` in period `k` and at the period's first minute (work running into the
//! period). Power only rises when an operation starts (or the period begins), so the peak of the
//! period is at one of these points: the rows are exact. The objective gains `W_E c_s Q_sk`.

use super::super::families::{Ctx, Kind, MilpModel};
use super::StartVar;
use crate::model::{Minutes, SiteId};
use crate::solution::op_power_kw;
use good_lp::Expression;
use std::collections::BTreeMap;

/// Adds the peak variables, their rows and their cost.
pub(crate) fn demand_charge(model: &mut MilpModel, ctx: &Ctx, starts: &[StartVar]) {
    let instance = ctx.instance;
    let w = instance.weights().energy;
    if w <= 0.0 || ctx.relax || instance.demand_charges().is_empty() {
        return;
    }
    let power = |s: &StartVar| {
        op_power_kw(
            instance,
            &crate::solution::ScheduledOp {
                op: s.op,
                machine: s.machine,
                mode: s.mode,
                start: s.start,
                end: s.start + s.duration,
            },
        )
    };
    let mut by_site: BTreeMap<SiteId, Vec<&StartVar>> = BTreeMap::new();
    for s in starts {
        let site = instance.machine(s.machine).site;
        if instance.demand_charge(site).is_some() && power(s) > 0.0 && s.duration > 0 {
            by_site.entry(site).or_default().push(s);
        }
    }
    // The warm start's peaks, so that HiGHS gets a complete start.
    let warm_peaks: BTreeMap<(SiteId, Minutes), f64> = ctx
        .warm
        .map(|w| {
            crate::solution::demand_peaks(instance, &w.placed)
                .into_iter()
                .map(|p| ((p.site, p.start), p.peak_kw))
                .collect()
        })
        .unwrap_or_default();
    for (site, vars) in by_site {
        let charge = *instance.demand_charge(site).expect("filtered");
        // Points per period: grid starts, and period starts some interval spans.
        let mut points: BTreeMap<i64, Vec<Minutes>> = BTreeMap::new();
        for s in &vars {
            let end = s.start + s.duration;
            points
                .entry(charge.period_of(s.start))
                .or_default()
                .push(s.start);
            for k in charge.period_of(s.start) + 1..=charge.period_of(end - 1) {
                points.entry(k).or_default().push(charge.period_window(k).0);
            }
        }
        for (k, mut taus) in points {
            taus.sort_unstable();
            taus.dedup();
            let (from, _) = charge.period_window(k);
            let most: f64 = vars.iter().map(|s| power(s)).sum();
            let warm = ctx
                .warm
                .map(|_| warm_peaks.get(&(site, from)).copied().unwrap_or(0.0));
            let peak = model.var(Kind::Continuous, 0.0, most, warm);
            model.cost(w * charge.per_kw, peak);
            for tau in taus {
                let mut row = Expression::default();
                let mut any = false;
                for s in vars
                    .iter()
                    .filter(|s| s.start <= tau && tau < s.start + s.duration)
                {
                    row.add_mul(power(s), s.var);
                    any = true;
                }
                if any {
                    model.row(Expression::from(peak).geq(row));
                }
            }
        }
    }
}
