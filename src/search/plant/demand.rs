//! The demand charge under local search: per site with a charge and per billing period, the power
//! profile as net changes per minute, and the cost of its peak, kept up to date as operations are
//! placed and taken out.
//!
//! An operation draws its power in the period it starts in and the period it ends in (its
//! *partial* parts, clipped to those periods) and throughout every period strictly between (its
//! *full* part). Power that covers a whole period only adds to that period's peak, so the full
//! part costs `charge x kW x periods`, whatever else runs; only the partial parts need a profile.
//! An update re-sweeps at most two periods, however many periods the operation spans (see
//! [`crate::solution::demand_peaks`] for the same split).

use crate::model::{DemandCharge, Instance, Minutes};
use crate::solution::{ScheduledOp, op_power_kw};
use std::collections::BTreeMap;

/// One site's profile.
#[derive(Clone, Debug)]
struct SiteProfile {
    charge: DemandCharge,
    /// Period -> minute -> net change of power (kW) at that minute, from the partial parts.
    deltas: BTreeMap<i64, BTreeMap<Minutes, f64>>,
    /// Period -> charge x peak of the partial parts.
    cost: BTreeMap<i64, f64>,
    /// Charge x kW x periods of the full parts of the placed operations.
    full: f64,
    /// Placed operations with a full part (the full cost is reset to 0 when none is left).
    full_ops: usize,
}

impl SiteProfile {
    /// Adds `kw` (negative: removes) over `[from, to)` within period `k`; the change in cost.
    fn shift(&mut self, k: i64, from: Minutes, to: Minutes, kw: f64) -> f64 {
        let deltas = self.deltas.entry(k).or_default();
        for (t, d) in [(from, kw), (to, -kw)] {
            let entry = deltas.entry(t).or_insert(0.0);
            *entry += d;
            if entry.abs() < 1e-9 {
                deltas.remove(&t);
            }
        }
        let (mut level, mut peak) = (0.0_f64, 0.0_f64);
        for d in deltas.values() {
            level += d;
            peak = peak.max(level);
        }
        let old = self.cost.remove(&k).unwrap_or(0.0);
        if deltas.is_empty() {
            self.deltas.remove(&k);
            return -old;
        }
        let new = self.charge.per_kw * peak;
        self.cost.insert(k, new);
        new - old
    }
}

/// The demand charge of the placed operations.
#[derive(Clone, Debug)]
pub(crate) struct DemandProfile {
    /// By site: its profile when it has a demand charge.
    sites: Vec<Option<SiteProfile>>,
    /// Sum of every period's cost.
    total: f64,
}

impl DemandProfile {
    /// An empty profile, or `None` when no site has a demand charge.
    pub fn new(instance: &Instance) -> Option<Self> {
        if instance.demand_charges().is_empty() {
            return None;
        }
        let sites = (0..instance.sites().len())
            .map(|s| {
                instance
                    .demand_charge(crate::model::SiteId::from_index(s))
                    .map(|c| SiteProfile {
                        charge: *c,
                        deltas: BTreeMap::new(),
                        cost: BTreeMap::new(),
                        full: 0.0,
                        full_ops: 0,
                    })
            })
            .collect();
        Some(Self { sites, total: 0.0 })
    }

    /// The demand charge now (money).
    pub fn total(&self) -> f64 {
        self.total
    }

    /// Adds (`sign` 1) or removes (`sign` -1) the power of `placed`.
    pub fn update(&mut self, instance: &Instance, placed: &ScheduledOp, sign: f64) {
        let site = instance.machine(placed.machine).site;
        let Some(profile) = self.sites[site.index()].as_mut() else {
            return;
        };
        let kw = op_power_kw(instance, placed);
        if kw <= 0.0 || placed.end <= placed.start {
            return;
        }
        let charge = profile.charge;
        let (first, last) = (
            charge.period_of(placed.start),
            charge.period_of(placed.end - 1),
        );
        if first == last {
            self.total += profile.shift(first, placed.start, placed.end, sign * kw);
            return;
        }
        let first_end = charge.period_window(first).1;
        let last_start = charge.period_window(last).0;
        self.total += profile.shift(first, placed.start, first_end, sign * kw);
        self.total += profile.shift(last, last_start, placed.end, sign * kw);
        let between = last - first - 1;
        if between > 0 {
            let cost = charge.per_kw * kw * between as f64;
            if sign > 0.0 {
                profile.full_ops += 1;
                profile.full += cost;
                self.total += cost;
            } else {
                profile.full_ops = profile.full_ops.saturating_sub(1);
                let old = profile.full;
                profile.full = if profile.full_ops == 0 {
                    0.0
                } else {
                    old - cost
                };
                self.total += profile.full - old;
            }
        }
    }

    /// Re-sums the period costs (removes floating drift).
    pub fn resum(&mut self) {
        self.total = self
            .sites
            .iter()
            .flatten()
            .map(|p| p.full + p.cost.values().fold(0.0, |a, b| a + b))
            .fold(0.0, |a, b| a + b);
    }
}
