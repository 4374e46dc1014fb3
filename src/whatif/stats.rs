//! Summary statistics over the scenarios of a run: expected value (the mean over the scenarios
//! evaluated), the 95th percentile (nearest rank: the smallest value that at least 95% of the
//! scenarios do not exceed) and the worst case, per plan and way of evaluating.

use super::record::{Evaluation, ScenarioRecord};
use serde::{Deserialize, Serialize};

/// The 95th percentile's rank.
pub const P95: f64 = 0.95;

/// The `p`-quantile of `sorted` (ascending) by nearest rank: `sorted[ceil(p n) - 1]`; `None` when
/// empty.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// Mean, 95th percentile and maximum of some values.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Mean over the scenarios.
    pub mean: f64,
    /// 95th percentile (nearest rank).
    pub p95: f64,
    /// Largest value.
    pub max: f64,
}

impl Spread {
    /// The spread of `values` (in scenario order); `None` when empty.
    pub fn of(values: &[f64]) -> Option<Spread> {
        if values.is_empty() {
            return None;
        }
        // Summed in scenario order, so that the mean does not depend on threads or shards.
        let mean = values.iter().fold(0.0, |a, b| a + b) / values.len() as f64;
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Some(Spread {
            mean,
            p95: nearest_rank(&sorted, P95)?,
            max: *sorted.last()?,
        })
    }
}

/// One plan evaluated one way over every scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModeSummary {
    /// Scenarios evaluated this way.
    pub scenarios: usize,
    /// Objective (money, the instance's weighted sum).
    pub objective: Spread,
    /// Late orders.
    pub late_orders: Spread,
    /// Total minutes late.
    pub total_tardiness: Spread,
    /// Energy cost.
    pub energy_cost: Spread,
    /// Operations moved against the published plan.
    pub moved: Spread,
    /// Orders that missed their hard deadline (kept plans only).
    pub missed_deadlines: Spread,
    /// Orders late (or not planned) with a probability above the run's threshold.
    pub orders_at_risk: usize,
}

/// The figures of `evaluations` (one per scenario, in scenario order); `None` when empty.
pub(crate) fn summarise<'a>(
    evaluations: impl Iterator<Item = &'a Evaluation> + Clone,
    orders_at_risk: usize,
) -> Option<ModeSummary> {
    let figure = |f: fn(&Evaluation) -> f64| -> Option<Spread> {
        Spread::of(&evaluations.clone().map(f).collect::<Vec<_>>())
    };
    Some(ModeSummary {
        scenarios: evaluations.clone().count(),
        objective: figure(|e| e.kpis.objective)?,
        late_orders: figure(|e| e.kpis.late_orders as f64)?,
        total_tardiness: figure(|e| e.kpis.total_tardiness as f64)?,
        energy_cost: figure(|e| e.kpis.energy_cost)?,
        moved: figure(|e| e.moved as f64)?,
        missed_deadlines: figure(|e| e.missed_deadlines as f64)?,
        orders_at_risk,
    })
}

/// The keep or re-plan evaluations of `plan` among `records`.
pub(crate) fn evaluations_of(
    records: &[ScenarioRecord],
    plan: usize,
    replan: bool,
) -> impl Iterator<Item = &Evaluation> + Clone {
    records
        .iter()
        .filter(move |r| r.plan == plan)
        .filter_map(move |r| {
            if replan {
                r.replan.as_ref()
            } else {
                r.keep.as_ref()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_95th_percentile_is_the_nearest_rank() {
        let values: Vec<i64> = (1..=100).collect();
        assert_eq!(nearest_rank(&values, P95), Some(95));
        assert_eq!(nearest_rank(&[7], P95), Some(7));
        assert_eq!(nearest_rank(&[1, 2, 3], P95), Some(3));
        assert_eq!(nearest_rank::<i64>(&[], P95), None);
    }

    #[test]
    fn a_spread_has_mean_p95_and_max() {
        let s = Spread::of(&[3.0, 1.0, 2.0, 10.0]).unwrap();
        assert_eq!((s.mean, s.p95, s.max), (4.0, 10.0, 10.0));
        assert_eq!(Spread::of(&[]), None);
    }
}
