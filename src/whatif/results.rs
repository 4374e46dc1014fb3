//! The results of a what-if run (or of one shard of it): the run's facts and one record per plan
//! and scenario, and everything computed from them: per plan and way of evaluating the expected,
//! 95th-percentile and worst figures, per order the risk of being late, and the comparison of two
//! plans.

use super::compare::{Comparison, compare};
use super::order_risk::{OrderStats, order_stats};
use super::record::{Mode, OrderFate, RunInfo, ScenarioRecord};
use super::shard::Shard;
use super::stats::{ModeSummary, evaluations_of, summarise};
use crate::model::Minutes;
use crate::solution::Kpis;
use serde::{Deserialize, Serialize};

/// The records of a run or shard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WhatIfResults {
    /// The run's facts.
    pub info: RunInfo,
    /// Which slice of the scenarios this is ([`Shard::WHOLE`] for a whole or merged run).
    pub shard: Shard,
    /// False when the run was cancelled or ran out of time before evaluating every scenario of
    /// its slice (the records then hold the scenarios finished, each exactly as a complete run
    /// would have it).
    pub complete: bool,
    /// One record per scenario and plan, sorted by scenario, then plan.
    pub records: Vec<ScenarioRecord>,
}

/// One plan's figures over the scenarios.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanSummary {
    /// The plan's name.
    pub plan: String,
    /// Its KPIs as published.
    pub published: Kpis,
    /// Kept as published, when evaluated.
    pub keep: Option<ModeSummary>,
    /// Re-planned, when evaluated.
    pub replan: Option<ModeSummary>,
    /// Scenarios with an error (their events cannot be applied, or a re-plan failed).
    pub failed: usize,
}

/// One order's risk for one plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrderRisk {
    /// The plan's name.
    pub plan: String,
    /// The order's id.
    pub order: String,
    /// Its due time, if any.
    pub due: Option<Minutes>,
    /// Minutes late as published (`None` when the published plan leaves it out).
    pub published_tardiness: Option<Minutes>,
    /// Kept as published, when evaluated.
    pub keep: Option<OrderStats>,
    /// Re-planned, when evaluated.
    pub replan: Option<OrderStats>,
}

/// Everything a run found, as `summary.json` holds it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The run's facts.
    pub info: RunInfo,
    /// Scenarios evaluated (per plan).
    pub evaluated: usize,
    /// True when every scenario was evaluated.
    pub complete: bool,
    /// Per plan.
    pub plans: Vec<PlanSummary>,
    /// The comparison of the plans (kept first, then re-planned), when there are two or more.
    pub comparisons: Vec<Comparison>,
    /// Per plan and order.
    pub orders: Vec<OrderRisk>,
}

impl WhatIfResults {
    /// Every figure computed from the records.
    pub fn summary(&self) -> Summary {
        let info = &self.info;
        let mut plans = Vec::new();
        let mut orders = Vec::new();
        for (p, plan) in info.plans.iter().enumerate() {
            let keep = order_stats(&self.records, p, false, &plan.fates);
            let replan = order_stats(&self.records, p, true, &plan.fates);
            let at_risk = |stats: &[Option<OrderStats>]| {
                stats
                    .iter()
                    .flatten()
                    .filter(|s| s.p_late > info.late_threshold)
                    .count()
            };
            plans.push(PlanSummary {
                plan: plan.name.clone(),
                published: plan.published.clone(),
                keep: summarise(evaluations_of(&self.records, p, false), at_risk(&keep)),
                replan: summarise(evaluations_of(&self.records, p, true), at_risk(&replan)),
                failed: self
                    .records
                    .iter()
                    .filter(|r| r.plan == p && r.error.is_some())
                    .count(),
            });
            for (o, order) in info.orders.iter().enumerate() {
                orders.push(OrderRisk {
                    plan: plan.name.clone(),
                    order: order.name.clone(),
                    due: order.due,
                    published_tardiness: match plan.fates.get(o) {
                        Some(OrderFate::Tardiness(t)) => Some(*t),
                        _ => None,
                    },
                    keep: keep[o],
                    replan: replan[o],
                });
            }
        }
        let mut comparisons = Vec::new();
        for mode in [Mode::Keep, Mode::Replan] {
            let standing: Vec<(String, Option<&ModeSummary>)> = plans
                .iter()
                .map(|s| {
                    let figures = if mode == Mode::Keep {
                        &s.keep
                    } else {
                        &s.replan
                    };
                    (s.plan.clone(), figures.as_ref())
                })
                .collect();
            if let Some(c) = compare(mode, info.late_threshold, &standing) {
                comparisons.push(c);
            }
        }
        let evaluated = self.records.len() / info.plans.len().max(1);
        Summary {
            info: info.clone(),
            evaluated,
            complete: self.complete && evaluated == info.scenario_count,
            plans,
            comparisons,
            orders,
        }
    }
}
