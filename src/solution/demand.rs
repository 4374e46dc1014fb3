//! The demand charge of a plan: per site with a charge ([`crate::model::DemandCharge`]) and per
//! billing period, the peak power the site draws and what it costs.
//!
//! The peak is found by a sweep over the site's power profile: every operation adds its power at
//! its start and removes it at its end (both clipped to the period), ends before starts at equal
//! minutes, so the peak is the largest running sum. `O(n log n)` for `n` operations.

use super::ScheduledOp;
use crate::model::{Instance, Minutes, SiteId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The power an operation placed as `placed` draws (kW): its machine's power in the operation's
/// mode. Every peak and
/// demand computation reads power through this one function.
pub fn op_power_kw(instance: &Instance, placed: &ScheduledOp) -> f64 {
    instance.power_kw(placed.machine, placed.mode)
}

/// The peak of one site in one billing period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandPeak {
    /// The site.
    pub site: SiteId,
    /// The billing period `[start, end)` (minutes).
    pub start: Minutes,
    /// End of the billing period (exclusive).
    pub end: Minutes,
    /// Highest power drawn at any minute of the period (kW).
    pub peak_kw: f64,
    /// First minute at which the peak is drawn.
    pub at: Minutes,
    /// Charge per kW times the peak (money).
    pub cost: f64,
}

/// Every billing period in which a site with a demand charge draws power, with its peak, sorted
/// by site and period.
pub fn demand_peaks(instance: &Instance, ops: &[ScheduledOp]) -> Vec<DemandPeak> {
    let mut events: BTreeMap<(SiteId, i64), Vec<(Minutes, f64)>> = BTreeMap::new();
    for p in ops {
        let site = instance.machine(p.machine).site;
        let Some(charge) = instance.demand_charge(site) else {
            continue;
        };
        let kw = op_power_kw(instance, p);
        if kw <= 0.0 || p.end <= p.start {
            continue;
        }
        for k in charge.period_of(p.start)..=charge.period_of(p.end - 1) {
            let (from, to) = charge.period_window(k);
            let list = events.entry((site, k)).or_default();
            list.push((p.start.max(from), kw));
            list.push((p.end.min(to), -kw));
        }
    }
    events
        .into_iter()
        .map(|((site, k), mut list)| {
            let charge = instance
                .demand_charge(site)
                .expect("site with events has a charge");
            list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let (mut level, mut peak, mut at) = (0.0_f64, 0.0_f64, list[0].0);
            for (t, delta) in list {
                level += delta;
                if level > peak + 1e-9 {
                    peak = level;
                    at = t;
                }
            }
            let (start, end) = charge.period_window(k);
            DemandPeak {
                site,
                start,
                end,
                peak_kw: peak,
                at,
                cost: charge.per_kw * peak,
            }
        })
        .collect()
}

/// The plan's demand charge: the sum of [`DemandPeak::cost`] (money, 0 without charges).
pub fn demand_charge(instance: &Instance, ops: &[ScheduledOp]) -> f64 {
    if instance.demand_charges().is_empty() {
        return 0.0;
    }
    demand_peaks(instance, ops)
        .iter()
        .map(|p| p.cost)
        .fold(0.0, |a, b| a + b)
}
