//! Each order's risk over the scenarios: the probability of being late, and the expected and
//! 95th-percentile lateness.
//!
//! An order is late in a scenario when it arrives after its due time or is not planned at all;
//! scenarios that cancel it do not count for it. Lateness is in minutes at arrival (0 when on
//! time), over the scenarios that plan it; the 95th percentile is by nearest rank.

use super::record::{OrderFate, ScenarioRecord};
use super::stats::{P95, nearest_rank};
use crate::model::Minutes;
use serde::{Deserialize, Serialize};

/// One order's figures for one plan evaluated one way.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderStats {
    /// Scenarios that count for the order (not cancelling it).
    pub scenarios: usize,
    /// Share of those in which it is late or not planned.
    pub p_late: f64,
    /// Mean minutes late over the scenarios that plan it (0 when none does).
    pub mean_tardiness: f64,
    /// 95th percentile of the minutes late over the scenarios that plan it.
    pub p95_tardiness: Minutes,
    /// Scenarios in which it is not planned.
    pub unplanned: usize,
}

/// The figures of every order (by index) for `plan`, kept (`replan` false) or re-planned, from
/// the records of the scenarios evaluated that way; `published` is each order's fate as published.
pub(crate) fn order_stats(
    records: &[ScenarioRecord],
    plan: usize,
    replan: bool,
    published: &[OrderFate],
) -> Vec<Option<OrderStats>> {
    let mut deltas: Vec<Vec<OrderFate>> = vec![Vec::new(); published.len()];
    let mut n = 0usize;
    for r in records.iter().filter(|r| r.plan == plan) {
        let e = if replan { &r.replan } else { &r.keep };
        let Some(e) = e else { continue };
        n += 1;
        for d in &e.orders {
            if let Some(list) = deltas.get_mut(d.order as usize) {
                list.push(d.fate);
            }
        }
    }
    if n == 0 {
        return vec![None; published.len()];
    }
    published
        .iter()
        .zip(&deltas)
        .map(|(&base, changed)| {
            let unchanged = n - changed.len();
            let all = std::iter::repeat_n(base, unchanged).chain(changed.iter().copied());
            let mut tardiness: Vec<Minutes> = Vec::with_capacity(n);
            let (mut counted, mut late, mut unplanned) = (0, 0, 0);
            for fate in all {
                match fate {
                    OrderFate::Cancelled | OrderFate::LeftOut => continue,
                    OrderFate::Unplanned => unplanned += 1,
                    OrderFate::Tardiness(t) => tardiness.push(t),
                }
                counted += 1;
                if fate.is_late() {
                    late += 1;
                }
            }
            if counted == 0 {
                return None;
            }
            tardiness.sort_unstable();
            let sum: i128 = tardiness.iter().map(|&t| i128::from(t)).sum();
            Some(OrderStats {
                scenarios: counted,
                p_late: late as f64 / counted as f64,
                mean_tardiness: if tardiness.is_empty() {
                    0.0
                } else {
                    sum as f64 / tardiness.len() as f64
                },
                p95_tardiness: nearest_rank(&tardiness, P95).unwrap_or(0),
                unplanned,
            })
        })
        .collect()
}
