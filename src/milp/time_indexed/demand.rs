//! **Demand charge.** For every site `s` with a demand charge `c_s` per kW, a start variable
//! `x_imt` (operation `i` on machine `m` from `t` for `p_im` minutes) draws `P_m` in the billing
//! period `t` falls in and the one its last minute falls in (its *partial* periods) and throughout
//! every period strictly between. For every period `k` that is partial for some start variable,
//! a continuous peak `Q_sk >= 0` with
//!
//! `Q_sk >= sum_{m at s} P_m sum_{i, t: t <= τ < t + p_im} x_imt`
//!
//! at every grid start `τ` in period `k` and at the period's first minute (work running into the
//! period). Power only rises when an operation starts (or the period begins), so the peak of the
//! period is at one of these points: the rows are exact. The objective gains `W_E c_s Q_sk`.
//!
//! A period that is partial for no start variable is covered from its first to its last minute
//! by every variable that touches it, so its peak is exactly `sum P_m x_imt` over those: it needs
//! no peak variable, and each variable pays `W_E c_s P_m` for every such period it spans, in its
//! own objective coefficient. The model has at most two peak variables per start variable, however
//! many billing periods an operation spans.

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
    // The warm start's peaks by first minute of their (first) period, so that HiGHS gets a
    // complete start.
    let warm_peaks: BTreeMap<(SiteId, Minutes), (Minutes, f64)> = ctx
        .warm
        .map(|w| {
            crate::solution::demand_peaks(instance, &w.placed)
                .into_iter()
                .map(|p| ((p.site, p.start), (p.end, p.peak_kw)))
                .collect()
        })
        .unwrap_or_default();
    let warm_peak = |site: SiteId, from: Minutes| {
        warm_peaks
            .range((site, Minutes::MIN)..=(site, from))
            .next_back()
            .filter(|(_, (end, _))| *end > from)
            .map_or(0.0, |(_, (_, kw))| *kw)
    };
    for (site, vars) in by_site {
        let charge = *instance.demand_charge(site).expect("filtered");
        let span = |s: &StartVar| {
            (
                charge.period_of(s.start),
                charge.period_of(s.start + s.duration - 1),
            )
        };
        // Points per partial period: grid starts, and the period start when some variable runs
        // into the period.
        let mut points: BTreeMap<i64, Vec<Minutes>> = BTreeMap::new();
        for s in &vars {
            let (first, last) = span(s);
            points.entry(first).or_default().push(s.start);
            points.entry(last).or_default();
        }
        let partial: Vec<i64> = points.keys().copied().collect();
        let inside = |a: i64, b: i64| {
            partial.partition_point(|k| *k < b) - partial.partition_point(|k| *k <= a)
        };
        for s in &vars {
            let (first, last) = span(s);
            if last == first {
                continue;
            }
            for (&k, taus) in points.range_mut(first + 1..=last) {
                taus.push(charge.period_window(k).0);
            }
            // Periods strictly between that are partial for no variable: a constant load.
            let between = last - first - 1;
            if between <= 0 {
                continue;
            }
            let whole = between - inside(first, last) as i64;
            if whole > 0 {
                model.cost(w * charge.per_kw * power(s) * whole as f64, s.var);
            }
        }
        let most: f64 = vars.iter().map(|s| power(s)).sum();
        for (k, mut taus) in points {
            taus.sort_unstable();
            taus.dedup();
            let (from, _) = charge.period_window(k);
            let warm = ctx.warm.map(|_| warm_peak(site, from));
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
