//! The value figures of `takt bench-replan` on plants under the contribution form (issue 13): how
//! much of the contribution a re-solve recovers after an event the re-plan recovers, and the
//! high-margin orders that the re-solve keeps on time but the re-plan does not.
//!
//! "Recovered" is measured against doing nothing: the published plan kept at the new facts (its
//! contribution at the new prices, the figure the re-plan's facts report as `published`). A
//! re-solve that earns less than doing nothing recovers nothing, and the share is not defined.

use takt::model::{Instance, OrderId, Priority};
use takt::outcome::Outcome;
use takt::solution::order_outcomes;

/// By order: true for the high-margin orders. These are the orders of priority class `high` when
/// the plant has any (`takt generate --margins` makes the fifth of the required orders with the
/// highest margins `high`), otherwise the quarter with the highest positive margin (margin at
/// least the 75th percentile of the positive margins).
pub(super) fn high_margin_orders(instance: &Instance) -> Vec<bool> {
    let orders = instance.orders();
    if orders.iter().any(|o| o.value.priority == Priority::High) {
        return orders
            .iter()
            .map(|o| o.value.priority == Priority::High)
            .collect();
    }
    let mut margins: Vec<f64> = orders
        .iter()
        .map(|o| o.value.margin())
        .filter(|m| *m > 0.0)
        .collect();
    if margins.is_empty() {
        return vec![false; orders.len()];
    }
    margins.sort_by(f64::total_cmp);
    let q75 = margins[(margins.len() - 1) * 3 / 4];
    orders
        .iter()
        .map(|o| o.value.margin() > 0.0 && o.value.margin() >= q75)
        .collect()
}

/// The value facts of one outcome.
#[derive(Clone, Debug, Default)]
pub(super) struct ValueRun {
    /// The plan's contribution at the new facts.
    pub contribution: f64,
    /// The contribution of the published plan kept at the new facts (doing nothing).
    pub nothing: f64,
    /// High-margin orders the plan delivers late or leaves out.
    pub late_high: Vec<OrderId>,
}

impl ValueRun {
    /// `None` without a plan or KPIs.
    pub fn of(instance: &Instance, high: &[bool], outcome: &Outcome) -> Option<Self> {
        let plan = outcome.schedule.as_ref()?;
        let kpis = outcome.kpis.as_ref()?;
        let nothing = outcome
            .replan
            .as_ref()
            .map_or(f64::NAN, |r| r.published.kpis.value.contribution);
        let mut late_high: Vec<OrderId> = order_outcomes(instance, plan)
            .iter()
            .filter(|o| o.tardiness > 0)
            .map(|o| o.order)
            .chain(plan.unplanned.iter().map(|u| u.order))
            .filter(|o| high[o.index()])
            .collect();
        late_high.sort_unstable();
        late_high.dedup();
        Some(Self {
            contribution: kpis.value.contribution,
            nothing,
            late_high,
        })
    }

    /// The share of what `reference` recovers over doing nothing that this run recovers; `None`
    /// when the reference recovers nothing.
    pub fn recovered_share(&self, reference: f64) -> Option<f64> {
        let possible = reference - self.nothing;
        (possible > 1e-9 * reference.abs().max(1.0))
            .then(|| (self.contribution - self.nothing) / possible)
    }

    /// High-margin orders `reference` delivers on time that this run delivers late or leaves out.
    pub fn lost_high(&self, reference: &ValueRun) -> usize {
        self.late_high
            .iter()
            .filter(|o| reference.late_high.binary_search(o).is_err())
            .count()
    }
}

/// The references of one sample: the re-solve (a plan made afresh after history) and the
/// full-budget re-plan.
#[derive(Clone, Debug)]
pub(super) struct ValueReference {
    pub fresh: ValueRun,
    pub long: ValueRun,
}

/// One scenario's value figures at one budget, from `(run, reference)` pairs of its samples.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub(super) struct ValueFigures {
    /// Median contribution of doing nothing.
    pub nothing: Option<f64>,
    /// Median contribution of the re-plan.
    pub replan: Option<f64>,
    /// Median contribution of the re-solve.
    pub resolve: Option<f64>,
    /// Median contribution of the full-budget re-plan.
    pub long_replan: Option<f64>,
    /// Median share of the re-solve's recovery the re-plan recovers (samples where the re-solve
    /// recovers something).
    pub recovered_of_resolve: Option<f64>,
    /// Samples where the re-solve recovers something.
    pub resolve_recovers: usize,
    /// Median share of the better reference's recovery the re-plan recovers.
    pub recovered_of_best: Option<f64>,
    /// Most high-margin orders, over samples, the re-solve keeps on time and the re-plan does not.
    pub lost_high: Option<usize>,
    /// High-margin orders late or left out: median over samples, re-plan and re-solve.
    pub late_high: (Option<f64>, Option<f64>),
}

impl ValueFigures {
    pub fn of(pairs: &[(&ValueRun, Option<&ValueReference>)]) -> Self {
        let median = |v: Vec<f64>| super::bench_replan_report::median(&v);
        let refs: Vec<(&ValueRun, &ValueReference)> = pairs
            .iter()
            .filter_map(|(r, x)| x.map(|x| (*r, x)))
            .collect();
        let of_resolve: Vec<f64> = refs
            .iter()
            .filter_map(|(r, x)| r.recovered_share(x.fresh.contribution))
            .collect();
        Self {
            nothing: median(pairs.iter().map(|(r, _)| r.nothing).collect()),
            replan: median(pairs.iter().map(|(r, _)| r.contribution).collect()),
            resolve: median(refs.iter().map(|(_, x)| x.fresh.contribution).collect()),
            long_replan: median(refs.iter().map(|(_, x)| x.long.contribution).collect()),
            resolve_recovers: of_resolve.len(),
            recovered_of_resolve: median(of_resolve),
            recovered_of_best: median(
                refs.iter()
                    .filter_map(|(r, x)| {
                        r.recovered_share(x.fresh.contribution.max(x.long.contribution))
                    })
                    .collect(),
            ),
            lost_high: refs.iter().map(|(r, x)| r.lost_high(&x.fresh)).max(),
            late_high: (
                median(
                    pairs
                        .iter()
                        .map(|(r, _)| r.late_high.len() as f64)
                        .collect(),
                ),
                median(
                    refs.iter()
                        .map(|(_, x)| x.fresh.late_high.len() as f64)
                        .collect(),
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(contribution: f64, nothing: f64, late: &[u32]) -> ValueRun {
        ValueRun {
            contribution,
            nothing,
            late_high: late
                .iter()
                .map(|&i| OrderId::from_index(i as usize))
                .collect(),
        }
    }

    #[test]
    fn recovery_is_measured_against_doing_nothing() {
        let r = run(150.0, 100.0, &[]);
        assert_eq!(r.recovered_share(200.0), Some(0.5));
        // A re-solve below doing nothing recovers nothing: no share.
        assert_eq!(r.recovered_share(90.0), None);
    }

    #[test]
    fn lost_high_margin_orders_are_those_the_reference_keeps_on_time() {
        let r = run(0.0, 0.0, &[1, 4, 7]);
        assert_eq!(r.lost_high(&run(0.0, 0.0, &[4])), 2);
        assert_eq!(r.lost_high(&run(0.0, 0.0, &[1, 4, 7, 9])), 0);
    }

    #[test]
    fn figures_take_medians_and_the_worst_loss() {
        let a = run(150.0, 100.0, &[1]);
        let b = run(120.0, 100.0, &[]);
        let x = ValueReference {
            fresh: run(200.0, 100.0, &[]),
            long: run(180.0, 100.0, &[]),
        };
        let f = ValueFigures::of(&[(&a, Some(&x)), (&b, Some(&x))]);
        assert_eq!(f.recovered_of_resolve, Some(0.5));
        assert_eq!(f.resolve_recovers, 2);
        assert_eq!(f.lost_high, Some(1));
        assert_eq!(f.nothing, Some(100.0));
    }
}
