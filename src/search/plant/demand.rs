//! The demand charge under local search: per site with a charge and per billing period, the power
//! profile as net changes per minute, and the cost of its peak, kept up to date as operations are
//! placed and taken out (each update re-sweeps only the periods the operation touches).

use crate::model::{DemandCharge, Instance, Minutes};
use crate::solution::{ScheduledOp, op_power_kw};
use std::collections::BTreeMap;

/// One site's profile.
#[derive(Clone, Debug)]
struct SiteProfile {
    charge: DemandCharge,
    /// Period -> minute -> net change of power (kW) at that minute.
    deltas: BTreeMap<i64, BTreeMap<Minutes, f64>>,
    /// Period -> charge x peak.
    cost: BTreeMap<i64, f64>,
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
        for k in charge.period_of(placed.start)..=charge.period_of(placed.end - 1) {
            let (from, to) = charge.period_window(k);
            let deltas = profile.deltas.entry(k).or_default();
            for (t, d) in [
                (placed.start.max(from), sign * kw),
                (placed.end.min(to), -sign * kw),
            ] {
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
            let empty = deltas.is_empty();
            let old = profile.cost.remove(&k).unwrap_or(0.0);
            let new = if empty {
                profile.deltas.remove(&k);
                0.0
            } else {
                let cost = charge.per_kw * peak;
                profile.cost.insert(k, cost);
                cost
            };
            self.total += new - old;
        }
    }

    /// Re-sums the period costs (removes floating drift).
    pub fn resum(&mut self) {
        self.total = self
            .sites
            .iter()
            .flatten()
            .flat_map(|p| p.cost.values())
            .fold(0.0, |a, b| a + b);
    }
}
