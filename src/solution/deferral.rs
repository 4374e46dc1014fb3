//! What deferring an order costs: the deferral cost per day for every day it is deferred, and
//! what making it after the horizon end will still cost (energy and transport), estimated.
//!
//! A deferred order is not made in this plan, but it is made later: it keeps its margin and it
//! will still draw energy and ship. Charging it only the deferral cost made deferring look cheaper
//! than it is (a plan deferred most deferrable orders to save their energy and transport). The
//! estimate charges each deferred order the least it can cost to make: over the plants that can
//! make it, the lowest sum of its operations' energy (each operation on its least-energy machine
//! and mode at that plant, priced at the plant's mean energy price over the planning horizon) and
//! its shipment's transport cost from that plant. So what tips the balance towards deferring is
//! what deferring changes: the deferral cost against tardiness and against energy prices above
//! the mean (a price spike).

use crate::model::{Instance, Minutes, OrderId, SiteId, deferral_days};

/// The cost of deferring one order beyond the horizon end. Money throughout.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DeferralCharge {
    /// Started days from the due date to the horizon end, at least 1 ([`deferral_days`]).
    pub days: Minutes,
    /// The order's deferral cost per day.
    pub per_day: f64,
    /// `per_day x days`.
    pub deferral_cost: f64,
    /// Estimated energy cost of making the order after the horizon end.
    pub energy_cost: f64,
    /// Estimated transport cost of shipping it after the horizon end.
    pub transport_cost: f64,
}

impl DeferralCharge {
    /// What deferring adds to the minimised objective of the `contribution` form: the deferral
    /// cost plus the estimated energy and transport costs under the objective's weights.
    pub fn objective_cost(&self, instance: &Instance) -> f64 {
        let w = instance.weights();
        self.deferral_cost + w.energy * self.energy_cost + w.transport * self.transport_cost
    }

    /// What deferring takes off the contribution (unweighted).
    pub fn money(&self) -> f64 {
        self.deferral_cost + self.energy_cost + self.transport_cost
    }
}

/// The charge for deferring `order`; `None` when it is not deferrable. Orders no plant can make
/// are charged the deferral cost only.
pub fn deferral_charge(instance: &Instance, order: OrderId) -> Option<DeferralCharge> {
    let o = instance.order(order);
    let per_day = o.value.defer_cost_per_day?;
    let days = deferral_days(o.due, instance.horizon_end());
    let w = instance.weights();
    let qty = f64::from(o.quantity);
    let plan = instance.order_plan(order);
    let (energy_cost, transport_cost) = plan
        .plants
        .iter()
        .map(|p| {
            // Made after the horizon, lateness is the deferral's: the cheapest route ships it.
            let cheapest = p.routes.iter().map(|r| r.cost_per_unit).reduce(f64::min);
            let transport = cheapest.map_or(0.0, |c| c * qty);
            (least_energy_cost(instance, order, p.site), transport)
        })
        .min_by(|a, b| {
            let cost = |(e, t): &(f64, f64)| w.energy * e + w.transport * t;
            cost(a).total_cmp(&cost(b))
        })
        .unwrap_or((0.0, 0.0));
    Some(DeferralCharge {
        days,
        per_day,
        deferral_cost: per_day * days as f64,
        energy_cost,
        transport_cost,
    })
}

/// The energy cost of `order`'s operations at `site`, each on its least-energy option there, at
/// the site's mean price over the horizon.
fn least_energy_cost(instance: &Instance, order: OrderId, site: SiteId) -> f64 {
    let price = mean_price(instance, site);
    if price == 0.0 {
        return 0.0;
    }
    let kwh: f64 = instance
        .order_plan(order)
        .op_ids()
        .map(|op| {
            instance
                .op(op)
                .options
                .iter()
                .filter(|opt| instance.machine(opt.machine).site == site)
                .map(|opt| instance.power_kw(opt.machine, opt.mode) * opt.duration as f64 / 60.0)
                .fold(f64::INFINITY, f64::min)
        })
        .filter(|kwh| kwh.is_finite())
        .sum();
    kwh * price
}

/// The mean energy price per kWh at `site` over `[0, horizon end)` (the first day when the horizon
/// ends before minute 1,440).
fn mean_price(instance: &Instance, site: SiteId) -> f64 {
    let end = instance.horizon_end().max(crate::model::MINUTES_PER_DAY);
    instance.tariff(site).cost(0, end, 1.0) * 60.0 / end as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::read_instance_files;

    #[test]
    fn a_deferred_order_is_charged_its_least_energy_at_the_mean_price() {
        // 0.10 per kWh for the first 12 h, 0.30 for the next 12 h: a mean of 0.20 over the day
        // (the horizon, due date 1000, is shorter than a day).
        let instance = read_instance_files(
            "deferral",
            &[
                ("machines.csv", "id,power_kw\nslow,10\nfast,30\n"),
                (
                    "routings.csv",
                    "product,step,machine,setup\nP,1,slow,120\nP,1,fast,30\n",
                ),
                (
                    "energy_prices.csv",
                    "site,start,end,price_per_kwh\nplant,0,720,0.1\nplant,720,1440,0.3\n",
                ),
                (
                    "orders.csv",
                    "id,product,quantity,due,revenue,defer_cost_per_day\nO,P,1,1000,100,5\nR,P,1,1000,100,\n",
                ),
                ("objective.csv", "key,value\nform,contribution\n"),
            ],
        )
        .expect("valid");
        let c = deferral_charge(&instance, OrderId::from_index(0)).expect("deferrable");
        // slow: 10 kW x 2 h = 20 kWh; fast: 30 kW x 0.5 h = 15 kWh, the least.
        assert!((c.energy_cost - 15.0 * 0.20).abs() < 1e-9, "{c:?}");
        assert_eq!((c.days, c.deferral_cost, c.transport_cost), (1, 5.0, 0.0));
        assert!((c.money() - 8.0).abs() < 1e-9);
        assert!((c.objective_cost(&instance) - 8.0).abs() < 1e-9);
        assert_eq!(deferral_charge(&instance, OrderId::from_index(1)), None);
    }
}
