//! The demand charge of a plan: per site with a charge ([`crate::model::DemandCharge`]) and per
//! billing period, the peak power the site draws and what it costs.
//!
//! # Method
//! Work that covers a billing period from its first to its last minute draws the same power
//! throughout that period, so only the periods in which an operation starts or ends need a sweep.
//! Every operation is split into its *partial* parts, clipped to the period it starts in and the
//! period it ends in, and its *full* part, the periods strictly between, which only raises the
//! base load of those periods (a difference array over periods). Per period with partial parts
//! the peak is the base load plus the peak of a sweep over the partial parts (ends before starts
//! at equal minutes); a stretch of periods between two such periods has a constant load and is
//! reported once, as a run of [`DemandPeak::periods`] periods. `O(n log n)` for `n` operations,
//! independent of how many billing periods an operation spans (a 1-minute billing period under
//! an operation of 10^9 minutes costs no more than a 30-day one).

use super::ScheduledOp;
use crate::model::{DemandCharge, Instance, Minutes, SiteId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The power an operation placed as `placed` draws (kW): its machine's power in the operation's
/// mode. Every peak and
/// demand computation reads power through this one function.
pub fn op_power_kw(instance: &Instance, placed: &ScheduledOp) -> f64 {
    instance.power_kw(placed.machine, placed.mode)
}

/// The peak of one site in one billing period, or in a run of consecutive billing periods that
/// all have the same load.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DemandPeak {
    /// The site.
    pub site: SiteId,
    /// Start of the (first) billing period (minutes).
    pub start: Minutes,
    /// End of the (last) billing period (exclusive).
    pub end: Minutes,
    /// Highest power drawn at any minute of each period (kW).
    pub peak_kw: f64,
    /// First minute at which the peak is drawn (in the first period of a run).
    pub at: Minutes,
    /// Number of consecutive billing periods `start..end` holds, each with this peak (1 for one
    /// period; more for a stretch of periods under the same constant load).
    #[serde(default = "one_period")]
    pub periods: i64,
    /// Charge per kW times the peak, times the number of periods (money).
    pub cost: f64,
}

fn one_period() -> i64 {
    1
}

impl DemandPeak {
    /// The peak of periods `first..=last` of `charge`'s site drawing `peak_kw` (first at `at`).
    pub(crate) fn over(
        charge: &DemandCharge,
        first: i64,
        last: i64,
        peak_kw: f64,
        at: Minutes,
    ) -> Self {
        let periods = last - first + 1;
        Self {
            site: charge.site,
            start: charge.period_window(first).0,
            end: charge.period_window(last).1,
            peak_kw,
            at,
            periods,
            cost: charge.per_kw * peak_kw * periods as f64,
        }
    }
}

/// One site's load: the partial parts of operations per period (minute, kW change) and the
/// difference array of full periods (kW change, count change) per period.
#[derive(Default)]
struct SiteLoad {
    partial: BTreeMap<i64, Vec<(Minutes, f64)>>,
    full: BTreeMap<i64, (f64, i64)>,
}

impl SiteLoad {
    fn add(&mut self, charge: &DemandCharge, start: Minutes, end: Minutes, kw: f64) {
        let (first, last) = (charge.period_of(start), charge.period_of(end - 1));
        if first == last {
            self.partial
                .entry(first)
                .or_default()
                .extend([(start, kw), (end, -kw)]);
            return;
        }
        let first_end = charge.period_window(first).1;
        let last_start = charge.period_window(last).0;
        self.partial
            .entry(first)
            .or_default()
            .extend([(start, kw), (first_end, -kw)]);
        self.partial
            .entry(last)
            .or_default()
            .extend([(last_start, kw), (end, -kw)]);
        if last - first >= 2 {
            let up = self.full.entry(first + 1).or_default();
            *up = (up.0 + kw, up.1 + 1);
            let down = self.full.entry(last).or_default();
            *down = (down.0 - kw, down.1 - 1);
        }
    }

    /// The peaks of every period and run of periods with load, in period order.
    fn peaks(mut self, charge: &DemandCharge, out: &mut Vec<DemandPeak>) {
        let mut keys: Vec<i64> = self
            .partial
            .keys()
            .chain(self.full.keys())
            .copied()
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let (mut base, mut covering) = (0.0_f64, 0_i64);
        let mut previous: Option<i64> = None;
        for k in keys {
            if let Some(p) = previous.filter(|p| covering > 0 && k > p + 1) {
                let at = charge.period_window(p + 1).0;
                out.push(DemandPeak::over(charge, p + 1, k - 1, base, at));
            }
            if let Some((kw, n)) = self.full.get(&k) {
                covering += n;
                base = if covering > 0 { base + kw } else { 0.0 };
            }
            let from = charge.period_window(k).0;
            let (mut peak, mut at) = (base, from);
            if let Some(mut list) = self.partial.remove(&k) {
                list.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
                if covering == 0 {
                    at = list[0].0;
                }
                let mut level = base;
                for (t, delta) in list {
                    level += delta;
                    if level > peak + 1e-9 {
                        peak = level;
                        at = t;
                    }
                }
            } else if covering == 0 {
                previous = Some(k);
                continue;
            }
            out.push(DemandPeak::over(charge, k, k, peak, at));
            previous = Some(k);
        }
    }
}

/// Every billing period in which a site with a demand charge draws power, with its peak, sorted
/// by site and period; consecutive periods under one constant load form one entry (see
/// [`DemandPeak::periods`]).
pub fn demand_peaks(instance: &Instance, ops: &[ScheduledOp]) -> Vec<DemandPeak> {
    let mut sites: BTreeMap<SiteId, SiteLoad> = BTreeMap::new();
    for p in ops {
        let site = instance.machine(p.machine).site;
        let Some(charge) = instance.demand_charge(site) else {
            continue;
        };
        let kw = op_power_kw(instance, p);
        if kw <= 0.0 || p.end <= p.start {
            continue;
        }
        sites
            .entry(site)
            .or_default()
            .add(charge, p.start, p.end, kw);
    }
    let mut out = Vec::new();
    for (site, load) in sites {
        let charge = instance
            .demand_charge(site)
            .expect("site with load has a charge");
        load.peaks(charge, &mut out);
    }
    out
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
