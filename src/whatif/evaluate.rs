//! Evaluating one scenario for one candidate plan: apply its events to a copy of the plan's
//! re-planning session, then keep the plan (shop-floor simulation) and re-plan (the re-planner with
//! an iteration budget).

use super::record::{Evaluation, OrderDelta, OrderFate, ScenarioRecord};
use super::scenario::Scenario;
use super::simulate::ShopFloor;
use crate::budget::Budget;
use crate::model::{Instance, OrderId};
use crate::replan::Replanner;
use crate::solution::{Schedule, order_outcomes};
use std::collections::HashMap;

/// A candidate plan ready for evaluation: its session (events are checked and applied against
/// it), its shop floor, and how its orders fare as published.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub name: String,
    pub replanner: Replanner,
    pub floor: ShopFloor,
    pub fates: Vec<OrderFate>,
}

/// The fate of every order of `base` in `schedule`, a plan of `instance` (`base` after events);
/// orders no longer in `instance` were cancelled.
pub(crate) fn fates(base: &Instance, instance: &Instance, schedule: &Schedule) -> Vec<OrderFate> {
    let mut by_order = vec![OrderFate::Unplanned; instance.orders().len()];
    for o in order_outcomes(instance, schedule) {
        by_order[o.order.index()] = OrderFate::Tardiness(o.tardiness);
    }
    for u in schedule.unplanned.iter().filter(|u| u.is_choice()) {
        by_order[u.order.index()] = OrderFate::LeftOut;
    }
    let same = base
        .orders()
        .iter()
        .zip(instance.orders())
        .all(|(a, b)| a.name == b.name)
        && instance.orders().len() >= base.orders().len();
    if same {
        by_order.truncate(base.orders().len());
        return by_order;
    }
    let index: HashMap<&str, OrderId> = instance
        .order_ids()
        .map(|o| (instance.order(o).name.as_str(), o))
        .collect();
    base.orders()
        .iter()
        .map(|o| {
            index
                .get(o.name.as_str())
                .map_or(OrderFate::Cancelled, |id| by_order[id.index()])
        })
        .collect()
}

/// The orders whose fate differs from `published`.
fn deltas(published: &[OrderFate], now: &[OrderFate]) -> Vec<OrderDelta> {
    published
        .iter()
        .zip(now)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (_, b))| OrderDelta {
            order: i as u32,
            fate: *b,
        })
        .collect()
}

/// Evaluates `scenario` (number `index`) for candidate `plan`: keeping the plan when `keep`,
/// re-planning within `budget` when `budget` is given. `now` is the session's `now`.
pub(crate) fn evaluate(
    candidate: &Candidate,
    plan: usize,
    index: usize,
    scenario: Scenario,
    keep: bool,
    budget: Option<&Budget>,
) -> ScenarioRecord {
    let mut record = ScenarioRecord {
        plan,
        index,
        scenario,
        keep: None,
        replan: None,
        error: None,
    };
    let mut session = candidate.replanner.clone();
    if let Err(e) = session.apply_all(record.scenario.events.iter().cloned()) {
        record.error = Some(format!("the events cannot be applied: {e}"));
        return record;
    }
    let base = session.base_instance();
    let now = session.options().now;
    if keep {
        let kept = candidate.floor.simulate(session.instance(), now);
        let fates = fates(base, session.instance(), &kept.schedule);
        record.keep = Some(Evaluation {
            kpis: kept.kpis,
            moved: kept.moved,
            missed_deadlines: kept.missed_deadlines,
            stability_penalty: 0.0,
            orders: deltas(&candidate.fates, &fates),
        });
    }
    if let Some(budget) = budget {
        match session.replan(budget) {
            Ok(outcome) => {
                if let (Some(kpis), Some(schedule), Some(facts)) =
                    (&outcome.kpis, &outcome.schedule, &outcome.replan)
                {
                    let fates = fates(base, &outcome.instance, schedule);
                    record.replan = Some(Evaluation {
                        kpis: kpis.clone(),
                        moved: facts.changes.moved(),
                        missed_deadlines: 0,
                        stability_penalty: facts.stability_penalty,
                        orders: deltas(&candidate.fates, &fates),
                    });
                }
            }
            Err(e) => record.error = Some(format!("re-plan: {e}")),
        }
    }
    record
}
