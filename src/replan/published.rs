//! The published plan judged at the new facts: what doing nothing would give.
//!
//! Every operation keeps its published machine and start; its end follows its duration in the
//! changed instance (an overrun lengthens a running operation), and finished orders ship on the
//! fastest route when their last operation ends. Orders added by events are unplanned in it, and
//! orders cancelled by events are gone. The checker then says whether the plan still holds (a
//! breakdown under a published operation, a late delivery under a published start, ... do not),
//! and its KPIs are evaluated under the new prices, due dates and orders.

use super::frozen::BaselineMap;
use crate::model::Instance;
use crate::outcome::PublishedAtNewFacts;
use crate::solution::{Schedule, ScheduledOp, UnplannedOrder, evaluate};
use crate::validate::validate;

/// How many of the checker's findings the judgement quotes.
const QUOTED: usize = 5;

/// The judgement and the plan it judged.
pub(crate) struct Judged {
    pub facts: PublishedAtNewFacts,
    /// The published plan on the changed instance.
    pub plan: Schedule,
    /// True when the published plan holds and plans exactly the orders it planned before, so that
    /// its objective compares with the re-plan's.
    pub comparable: bool,
    /// The checker's report on it.
    pub report: Option<crate::validate::Report>,
}

/// Judges `baseline` (a plan for `base`) on `instance`, the instance after the events; `map` is the
/// baseline matched against `instance`.
pub(crate) fn published_at_new_facts(
    base: &Instance,
    baseline: &Schedule,
    instance: &Instance,
    map: &BaselineMap,
) -> Judged {
    let mut plan = Schedule::default();
    for old in map.placements.iter().flatten() {
        let end = instance
            .op(old.op)
            .duration_in(old.machine, old.mode)
            .map_or(old.end, |d| old.start.saturating_add(d));
        plan.ops.push(ScheduledOp { end, ..*old });
    }
    // Its transfers, for the orders of the new facts: those under way stay whatever happened,
    // those not yet left go with their orders.
    plan.transfers = map
        .departed
        .iter()
        .chain(map.transfers.iter().filter(|t| t.order.is_some()))
        .cloned()
        .collect();
    let mut added = Vec::new();
    for order in instance.order_ids() {
        let placed = instance
            .order_plan(order)
            .op_ids()
            .any(|op| map.placements[op.index()].is_some());
        if placed {
            continue;
        }
        let name = &instance.order(order).name;
        // A published drop or deferral stays a decision (with its forfeited margin or deferral
        // cost), not a failure.
        let (reason, decision) = base
            .order_ids()
            .find(|&o| &base.order(o).name == name)
            .and_then(|o| baseline.unplanned.iter().find(|u| u.order == o))
            .map_or_else(
                || {
                    added.push(name.clone());
                    (
                        format!(
                            "order '{name}' was added by an event after the plan was published"
                        ),
                        Default::default(),
                    )
                },
                |u| (u.reason.clone(), u.decision),
            );
        plan.unplanned.push(UnplannedOrder {
            decision,
            order,
            reason,
        });
    }
    plan.ship_orders(instance);
    plan.normalize();
    let report = validate(instance, &plan);
    let mut why_not: Vec<String> = report
        .violations
        .iter()
        .take(QUOTED)
        .map(|v| format!("[{}] {}", v.code.as_str(), v.message))
        .collect();
    if report.violations.len() > QUOTED {
        why_not.push(format!(
            "... and {} more violation(s)",
            report.violations.len() - QUOTED
        ));
    }
    let feasible = report.is_feasible();
    let kpis = evaluate(instance, &plan);
    if !added.is_empty() {
        why_not.push(format!(
            "it does not plan the order(s) events added: {}",
            added.join(", ")
        ));
    }
    Judged {
        comparable: feasible && added.is_empty(),
        report: Some(report),
        facts: PublishedAtNewFacts {
            feasible,
            kpis,
            why_not,
        },
        plan,
    }
}

/// kWh drawn and energy cost of `schedule` at `site` inside `window` (the parts of operations that
/// overlap it).
pub(crate) fn energy_in(
    instance: &Instance,
    schedule: &Schedule,
    site: crate::model::SiteId,
    window: crate::model::Window,
) -> (f64, f64) {
    // Summed in kW x minutes and divided once: whole kW over whole minutes add up exactly, where
    // adding each operation's kWh printed float noise (175.00000000000003).
    let mut kw_minutes = 0.0;
    let mut cost = 0.0;
    for s in &schedule.ops {
        let machine = instance.machine(s.machine);
        if machine.site != site {
            continue;
        }
        let from = s.start.max(window.start);
        let to = s.end.min(window.end);
        if to > from {
            kw_minutes += machine.mode_power_kw(s.mode) * (to - from) as f64;
            cost += instance.energy_cost_in(s.machine, s.mode, from, to);
        }
    }
    (kw_minutes / 60.0, cost)
}
