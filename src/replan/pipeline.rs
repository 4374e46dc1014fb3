//! One re-plan from start to checked outcome: repair, damage, improvement around the damage,
//! checker, KPIs, the published plan at the new facts, the diff.

use super::apply::Applied;
use super::damage::{assess, price_rises};
use super::events::Event;
use super::frozen::{BaselineMap, Horizon};
use super::improve::{Scope, improve};
use super::published::{energy_in, published_at_new_facts};
use super::repair::{Pushed, repair};
use super::stability::{StabilityWeights, penalty};
use super::{ReplanError, ReplanOptions};
use crate::budget::Budget;
use crate::model::Instance;
use crate::outcome::{
    CheckedPlan, ImprovementFacts, Outcome, PriceWindowFacts, ReplanFacts, Status,
};
use crate::search::plant::{Focus, RiskWindow};
use crate::solution::{Kpis, PlanDiff, Schedule, delay_unit, evaluate, objective};
use crate::validate::validate;
use std::sync::Arc;
use std::time::Duration;

/// What a re-plan starts from.
pub(crate) struct Inputs<'a> {
    pub base: &'a Instance,
    pub baseline: &'a Schedule,
    pub applied: &'a Applied,
    pub events: &'a [Event],
    pub options: &'a ReplanOptions,
    pub weights: StabilityWeights,
    /// The baseline's KPIs under `base`.
    pub baseline_kpis: &'a Kpis,
}

/// Re-plans `inputs` within `budget`; `from_scratch` forgets the baseline's unfrozen part and its
/// stability penalty (the reference a fresh solve gives).
pub(crate) fn run(
    inputs: &Inputs<'_>,
    budget: &Budget,
    from_scratch: bool,
) -> Result<Outcome, ReplanError> {
    budget.validate().map_err(ReplanError::Budget)?;
    let clock = budget.start();
    let instance = &inputs.applied.instance;
    let horizon = inputs.options.horizon();
    let mut full = BaselineMap::new(inputs.base, inputs.baseline, instance, &horizon);
    full.mark_repriced(
        instance,
        &price_rises(inputs.base, instance, inputs.events, &horizon),
    );
    let mut map = full.clone();
    let mut weights = inputs.weights;
    if from_scratch {
        map.forget_unfrozen();
        weights = StabilityWeights::none();
    }
    let risks = risk_windows(instance, inputs.applied);
    let risk_penalty = |s: &Schedule| -> f64 {
        s.ops
            .iter()
            .filter(|p| !map.frozen[p.op.index()])
            .map(|p| risks.iter().map(|r| r.cost(p)).sum::<f64>())
            .sum::<f64>()
            + 0.0
    };
    // Fewer unplanned orders first, then objective plus stability and risk penalties.
    let cost = |s: &Schedule| {
        let objective = objective(instance, s);
        (
            // Orders left out by choice (contribution form) are priced in the objective.
            s.unplanned.iter().filter(|u| !u.is_choice()).count(),
            objective + penalty(instance, &map, s, &horizon, &weights) + risk_penalty(s),
        )
    };
    // Each way of placing pushed operations takes about a millisecond; the cheapest is kept (the
    // first on ties). When the first moved nothing, the others would not either.
    let first = repair(instance, &map, &horizon, Pushed::EarliestEnd)?;
    let mut repairs = vec![first];
    if !from_scratch && !unchanged(&map, &repairs[0].schedule) {
        repairs.extend(
            [Pushed::SameMachine, Pushed::Reinsert]
                .into_iter()
                .filter_map(|pushed| repair(instance, &map, &horizon, pushed).ok()),
        );
    }
    let (repaired, repaired_key) = repairs
        .into_iter()
        .map(|mut r| {
            // The repair re-inserts the orders the published plan dropped or deferred, so that the
            // events may make them worth planning again; those still not worth it stay out now,
            // before the damage is judged, so that they neither count as damaged nor hold
            // capacity during the improvement.
            crate::dispatch::leave_out_unprofitable_from(instance, &mut r.schedule, horizon.now);
            let key = cost(&r.schedule);
            (r, key)
        })
        .min_by(|(_, a), (_, b)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .expect("the first repair is always there");
    let repair_time = clock.elapsed();
    clock.report("replan", 0, repaired_key.1);
    let mut damage = assess(
        inputs.base,
        instance,
        &full,
        &repaired.schedule,
        inputs.events,
        &inputs.applied.risks,
        &horizon,
    );
    damage.judge(
        (inputs.baseline.unplanned.len(), repaired_key.0),
        (
            inputs.baseline_kpis.objective,
            objective(instance, &repaired.schedule),
        ),
    );
    let adaptive = inputs.options.adaptive && !from_scratch;
    let scope = Scope {
        baseline: &map,
        horizon,
        weights: (!from_scratch).then_some(weights),
        risks: risks.clone(),
    };
    // Keep back time for the check, KPIs and diff (about 20 us per operation).
    let check = Duration::from_micros(20 * instance.ops().len() as u64);
    let reserve = clock
        .time_limit()
        .map_or(check, |limit| check.min(limit / 4));
    let search_clock = clock.keeping_back(reserve);
    let focus = match (from_scratch, adaptive) {
        (true, _) => Focus::none(),
        (false, true) => damage.focus.clone(),
        (false, false) => Focus {
            stall_rounds: None,
            ..damage.focus.clone()
        },
    };
    let improvement_started = clock.elapsed();
    let (improved, stats, stopped) = if adaptive && damage.focus.is_empty() {
        (repaired.schedule.clone(), Default::default(), "no damage")
    } else {
        // The damage's time share caps only time budgets: with an iteration budget the plan must
        // not depend on the clock (the stall rule, counted in rounds, still applies).
        let phase = match damage.time() {
            Some(time) if adaptive && budget.iterations.is_none() => search_clock.phase(time),
            _ => search_clock,
        };
        let (plan, stats) = improve(instance, &repaired.schedule, &scope, &focus, budget, &phase);
        let stopped = if stats.stalled {
            "stalled"
        } else if phase.expired() {
            "budget"
        } else {
            "iterations"
        };
        (plan, stats, stopped)
    };
    let improvement_time = clock.elapsed().saturating_sub(improvement_started);
    let improved_key = cost(&improved);
    let better = improved_key.0 < repaired_key.0
        || (improved_key.0 == repaired_key.0 && improved_key.1 <= repaired_key.1);
    let repaired_cost = repaired_key.1;
    // The search starts nothing unfrozen before `now` and never moves frozen work: a plan that
    // breaks history is a bug, not a plan to drop silently.
    debug_assert!(
        !better || keeps_history(&map, &improved, &horizon, instance),
        "the improvement broke history"
    );
    let take_improved = better
        && keeps_history(&map, &improved, &horizon, instance)
        && keeps_orders(&repaired.schedule, &improved);
    // What the repair alone moved: the least a plan keeping the published sequences moves, beside
    // what the re-plan moved (the same when the improvement is not taken or changed nothing, so
    // that a re-plan without damage computes one diff, not two).
    let improvement_moved = take_improved
        && (improved.ops != repaired.schedule.ops
            || improved.unplanned != repaired.schedule.unplanned);
    let repair_moved_share = improvement_moved.then(|| {
        PlanDiff::between_with(
            inputs.base,
            inputs.baseline,
            instance,
            &repaired.schedule,
            &horizon,
            inputs.baseline_kpis.clone(),
            inputs.baseline_kpis.clone(),
        )
        .counts
        .moved_share()
    });
    let mut schedule = if take_improved {
        improved
    } else {
        repaired.schedule
    };
    // Under the contribution form, work not yet started that does not pay is left out.
    crate::dispatch::leave_out_unprofitable_from(instance, &mut schedule, horizon.now);
    schedule.normalize();
    debug_assert!(keeps_history(&map, &schedule, &horizon, instance));
    let published = published_at_new_facts(inputs.base, inputs.baseline, instance, &full);
    // The published plan is the re-plan when nothing moved: its judgement is the re-plan's check.
    let same = schedule.ops == published.plan.ops
        && schedule.shipments == published.plan.shipments
        && schedule.transfers == published.plan.transfers
        && same_orders(&schedule, &published.plan);
    let report = match (&published.report, same) {
        (Some(report), true) => report.clone(),
        _ => validate(instance, &schedule),
    };
    if !report.is_feasible() {
        return Err(ReplanError::InfeasiblePlan {
            report: Box::new(report),
        });
    }
    let kpis = if same {
        published.facts.kpis.clone()
    } else {
        evaluate(instance, &schedule)
    };
    // Against the real baseline, also for a plan made from scratch.
    let stability_penalty = penalty(instance, &full, &schedule, &horizon, &inputs.weights);
    let risk = risk_penalty(&schedule);
    let diff = PlanDiff::between_with(
        inputs.base,
        inputs.baseline,
        instance,
        &schedule,
        &horizon,
        inputs.baseline_kpis.clone(),
        kpis.clone(),
    );
    let saved = published
        .comparable
        .then_some(published.facts.kpis.objective - kpis.objective);
    let price_windows = damage
        .priced
        .iter()
        .map(|&(site, window)| {
            let before = energy_in(instance, &published.plan, site, window);
            let after = energy_in(instance, &schedule, site, window);
            PriceWindowFacts {
                site: instance.site(site).name.clone(),
                start: window.start,
                end: window.end,
                published_kwh: before.0,
                published_energy_cost: before.1,
                replan_kwh: after.0,
                replan_energy_cost: after.1,
            }
        })
        .collect();
    let mut notes = inputs.applied.notes.clone();
    notes.extend(repaired.notes);
    let plan_start = instance.plan_start();
    let facts = ReplanFacts {
        now: horizon.now,
        published_until: horizon.published_until,
        events: inputs
            .events
            .iter()
            .map(|e| e.describe_at(plan_start))
            .collect(),
        baseline: diff.before.clone(),
        published: published.facts,
        saved,
        stability_penalty,
        risk_penalty: risk,
        penalties: inputs.weights,
        cost: kpis.objective + stability_penalty + risk,
        repaired_cost,
        changes: diff.counts.clone(),
        moved_share: diff.counts.moved_share(),
        repair_moved_share: repair_moved_share.unwrap_or_else(|| diff.counts.moved_share()),
        resequenced_share: diff.counts.resequenced_share(),
        order_changes: diff.orders.clone(),
        repair_seconds: repair_time.as_secs_f64(),
        improvement: ImprovementFacts {
            damaged_orders: damage.focus.orders.len(),
            large_damage: damage.large,
            seconds: improvement_time.as_secs_f64(),
            rounds: stats.rounds,
            stopped: stopped.to_string(),
        },
        price_windows,
        published_plan: published.plan,
        diff,
        horizon,
    };
    let plan = CheckedPlan {
        lower_bound: kpis.objective_lower_bound.min(kpis.objective),
        schedule,
        kpis,
        report,
    };
    let solver = if from_scratch {
        "replan_from_scratch"
    } else {
        "replan"
    };
    let mut outcome = Outcome::planned(
        Arc::clone(&inputs.applied.instance),
        solver,
        Status::Feasible,
        plan,
        notes,
        clock.elapsed(),
    );
    outcome.replan = Some(facts);
    Ok(outcome)
}

/// The predicted failures as the search's risk windows: probability times the cost of a minute of
/// delay, per minute of expected delay.
fn risk_windows(instance: &Instance, applied: &Applied) -> Vec<RiskWindow> {
    let unit = delay_unit(instance);
    applied
        .risks
        .iter()
        .map(|r| RiskWindow {
            machine: r.machine,
            window: r.window,
            per_minute: r.probability * unit,
        })
        .collect()
}

/// True when every operation of `schedule` has a baseline placement and keeps its machine and
/// start, and every placed baseline operation is in it: the repair moved nothing.
fn unchanged(map: &BaselineMap, schedule: &Schedule) -> bool {
    let placed = map.placements.iter().flatten().count();
    placed == schedule.ops.len()
        && schedule.ops.iter().all(|s| {
            map.placements[s.op.index()]
                .is_some_and(|b| b.machine == s.machine && b.start == s.start)
        })
}

/// True when both plans leave the same orders unplanned.
fn same_orders(a: &Schedule, b: &Schedule) -> bool {
    a.unplanned.len() == b.unplanned.len()
        && a.unplanned
            .iter()
            .zip(&b.unplanned)
            .all(|(x, y)| x.order == y.order && x.decision == y.decision)
}

/// True when every frozen operation keeps its machine and start (its end following its duration)
/// and every other operation starts at or after `now`.
pub(crate) fn keeps_history(
    map: &BaselineMap,
    schedule: &Schedule,
    horizon: &Horizon,
    instance: &Instance,
) -> bool {
    let placed = schedule.by_op(instance);
    let frozen_kept = map.placements.iter().flatten().all(|old| {
        !map.frozen[old.op.index()]
            || placed[old.op.index()]
                .is_some_and(|s| s.machine == old.machine && s.start == old.start)
    });
    frozen_kept
        && schedule
            .ops
            .iter()
            .all(|s| map.frozen[s.op.index()] || s.start >= horizon.now)
}

/// True when every order `repaired` plans is still planned in `improved`: the improvement may plan
/// an order the repair could not, but never drop one in exchange. Leaving out an order by choice
/// (contribution form: optional work dropped, deferrable work deferred, none of it started) is a
/// decision the plan lists and the diff shows as `dropped`/`deferred`, so it is allowed: the
/// post-pass after the search could leave the same order out anyway.
fn keeps_orders(repaired: &Schedule, improved: &Schedule) -> bool {
    improved
        .unplanned
        .iter()
        .all(|u| u.is_choice() || repaired.is_unplanned(u.order))
}
