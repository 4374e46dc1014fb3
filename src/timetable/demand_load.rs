//! The power drawn at sites with a demand charge ([`crate::model::DemandCharge`]), for pricing
//! while placing how much a placement raises the billing periods' peaks.
//!
//! Kept only for sites with a positive charge; an instance without one has no `DemandLoad`.

use super::step_function::StepFunction;
use crate::model::{DemandCharge, Instance, Minutes, SiteId};

/// Per site with a demand charge: the charge and the drawn power over time (kW).
#[derive(Clone, Debug)]
pub struct DemandLoad {
    sites: Vec<Option<(DemandCharge, StepFunction)>>,
}

impl DemandLoad {
    /// An empty load, or `None` when no site has a positive demand charge.
    pub fn new(instance: &Instance) -> Option<Self> {
        if !instance.has_demand_charges() {
            return None;
        }
        let sites = (0..instance.sites().len())
            .map(|s| {
                instance
                    .demand_charge(SiteId::from_index(s))
                    .filter(|c| c.per_kw > 0.0)
                    .map(|c| (*c, StepFunction::new(0.0)))
            })
            .collect();
        Some(Self { sites })
    }

    /// True when `site` has a demand charge.
    pub fn is_charged(&self, site: SiteId) -> bool {
        matches!(self.sites.get(site.index()), Some(Some(_)))
    }

    /// Records `kw` drawn at `site` during `[start, end)`.
    pub fn add(&mut self, site: SiteId, start: Minutes, end: Minutes, kw: f64) {
        if let Some(Some((_, load))) = self.sites.get_mut(site.index())
            && kw > 0.0
        {
            load.add_range(start, Some(end), kw);
        }
    }

    /// Undoes [`DemandLoad::add`] with the same arguments.
    pub fn remove(&mut self, site: SiteId, start: Minutes, end: Minutes, kw: f64) {
        if let Some(Some((_, load))) = self.sites.get_mut(site.index())
            && kw > 0.0
        {
            load.remove_range(start, Some(end), kw);
        }
    }

    /// How much the demand charge of `site` grows (money) when `kw` more are drawn during
    /// `[start, end)`: per billing period the placement touches, the charge per kW times how far
    /// the period's new peak exceeds its old one. A period the placement covers whole grows by
    /// exactly `kw`, so only the (at most two) periods at its ends are looked at.
    pub fn peak_growth(&self, site: SiteId, start: Minutes, end: Minutes, kw: f64) -> f64 {
        let Some(Some((charge, load))) = self.sites.get(site.index()) else {
            return 0.0;
        };
        if kw <= 0.0 || end <= start {
            return 0.0;
        }
        let (first, last) = (charge.period_of(start), charge.period_of(end - 1));
        let growth_in = |k: i64| {
            let (from, to) = charge.period_window(k);
            let old = load.max_on(from, to).max(0.0);
            let new = load.max_on(start.max(from), end.min(to)) + kw;
            (new - old).max(0.0)
        };
        let mut growth = growth_in(first);
        if last > first {
            growth += growth_in(last);
            // The periods in between are covered whole: their peaks grow by `kw` each.
            growth += kw * (last - first - 1) as f64;
        }
        charge.per_kw * growth
    }

    /// Minutes in `(after, until)` where the power drawn at `site` drops (another operation ends),
    /// the earliest `limit` of them: starts there may keep a peak lower.
    pub fn drops(
        &self,
        site: SiteId,
        after: Minutes,
        until: Minutes,
        limit: usize,
    ) -> Vec<Minutes> {
        match self.sites.get(site.index()) {
            Some(Some((_, load))) => load.drops_in(after, until, limit),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Order, Product, Site, Step, StepOption};

    /// One site billed 10 per kW of peak over 100-minute periods.
    fn instance() -> Instance {
        let mut b = InstanceBuilder::new("demand");
        let site = b.add_site(Site {
            name: "S".into(),
            power_cap_kw: None,
        });
        let m = b.add_machine(Machine::new("M", site));
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![StepOption {
                    machine: m,
                    setup: 10,
                    run_per_unit: 0.0,
                }],
            }],
            bom: Vec::new(),
        });
        b.add_order(Order::new("O", p, 1));
        b.add_demand_charge(DemandCharge::new(site, 10.0).with_billing_period(100));
        b.build().unwrap()
    }

    #[test]
    fn growth_is_the_rise_of_each_touched_period_peak() {
        let instance = instance();
        let s = SiteId(0);
        let mut load = DemandLoad::new(&instance).unwrap();
        assert!(load.is_charged(s));
        // Empty: 5 kW over [10, 20) raises period 0's peak from 0 to 5.
        assert_eq!(load.peak_growth(s, 10, 20, 5.0), 50.0);
        load.add(s, 0, 50, 8.0);
        load.add(s, 40, 60, 4.0);
        // Period 0 now peaks at 12 on [40, 50).
        assert_eq!(load.peak_growth(s, 60, 70, 5.0), 0.0);
        assert_eq!(load.peak_growth(s, 45, 55, 5.0), 50.0);
        assert_eq!(load.peak_growth(s, 10, 20, 5.0), 10.0);
        // Across periods 0 to 3: +5 at the 12 kW peak of period 0, 5 in each of 1, 2 and 3.
        assert_eq!(load.peak_growth(s, 45, 310, 5.0), 50.0 + 3.0 * 50.0);
        assert_eq!(load.drops(s, 0, 100, 5), vec![50, 60]);
        load.remove(s, 40, 60, 4.0);
        assert_eq!(load.peak_growth(s, 10, 20, 5.0), 50.0);
        assert_eq!(load.drops(s, 0, 100, 5), vec![50]);
    }
}
