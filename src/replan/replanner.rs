//! The re-planning session an integrator keeps: an instance, the plan people work to, the events so
//! far; asked for a new plan within a [`Budget`].

use super::apply::{Applied, apply_events};
use super::error::ReplanError;
use super::events::Event;
use super::frozen::{BaselineMap, Horizon};
use super::improve::{Scope, improve};
use super::published::published_at_new_facts;
use super::repair::{Pushed, repair};
use super::stability::{StabilityWeights, penalty};
use crate::budget::Budget;
use crate::model::{Instance, Minutes};
use crate::outcome::{CheckedPlan, Outcome, ReplanFacts, Status};
use crate::solution::{PlanDiff, Schedule, evaluate};
use crate::validate::validate;
use std::sync::Arc;
use std::time::Duration;

/// Settings of a re-planning session; the limits of each re-plan come from its [`Budget`].
#[derive(Clone, Debug, PartialEq)]
pub struct ReplanOptions {
    /// Operations that started before this minute in the baseline are frozen; everything else starts
    /// at or after it.
    pub now: Minutes,
    /// Length of the published window after `now` (minutes): operations the baseline starts in it
    /// may move at the higher published penalty. 0 for none.
    pub published_window: Minutes,
    /// Penalties for moving operations against the baseline; `None` scales them to the instance
    /// ([`StabilityWeights::scaled_to`]).
    pub stability: Option<StabilityWeights>,
}

impl ReplanOptions {
    /// Re-planning at minute `now`, no published window, penalties scaled to the instance.
    pub fn at(now: Minutes) -> Self {
        Self {
            now,
            published_window: 0,
            stability: None,
        }
    }

    /// The frozen horizon these options describe.
    pub fn horizon(&self) -> Horizon {
        Horizon {
            now: self.now,
            published_until: self.now.saturating_add(self.published_window.max(0)),
        }
    }
}

/// Keeps an instance, its published plan and the events since, and re-plans on request.
///
/// Events are checked against the instance and against history as they are applied; a rejected
/// event changes nothing. See the [module docs](super) for an example.
#[derive(Clone, Debug)]
pub struct Replanner {
    base: Instance,
    baseline: Schedule,
    options: ReplanOptions,
    /// The options' penalties, or those scaled to the first instance.
    weights: StabilityWeights,
    events: Vec<Event>,
    current: Applied,
}

impl Replanner {
    /// A session for `baseline`, a feasible plan of `instance` (shipments are attached when missing).
    ///
    /// # Errors
    /// [`ReplanError::Baseline`] when the plan names operations or machines the instance lacks or
    /// breaks a rule the checker enforces.
    pub fn new(
        instance: Instance,
        mut baseline: Schedule,
        options: ReplanOptions,
    ) -> Result<Self, ReplanError> {
        check_ids(&instance, &baseline)?;
        if baseline.shipments.is_empty() {
            baseline.ship_fastest(&instance);
        }
        baseline.normalize();
        let report = validate(&instance, &baseline);
        if !report.is_feasible() {
            let first: Vec<String> = report
                .violations
                .iter()
                .take(5)
                .map(|v| format!("[{}] {}", v.code.as_str(), v.message))
                .collect();
            return Err(ReplanError::Baseline {
                message: format!(
                    "the checker finds {} violation(s): {}",
                    report.violations.len(),
                    first.join("; ")
                ),
            });
        }
        let current = Applied {
            instance: instance.clone(),
            notes: Vec::new(),
        };
        let weights = options
            .stability
            .unwrap_or_else(|| StabilityWeights::scaled_to(&instance));
        Ok(Self {
            base: instance,
            baseline,
            options,
            weights,
            events: Vec::new(),
            current,
        })
    }

    /// The settings.
    pub fn options(&self) -> &ReplanOptions {
        &self.options
    }

    /// The penalties for moving operations in use.
    pub fn stability(&self) -> StabilityWeights {
        self.weights
    }

    /// `now` and the published window.
    pub fn horizon(&self) -> Horizon {
        self.options.horizon()
    }

    /// The instance the baseline was made for.
    pub fn base_instance(&self) -> &Instance {
        &self.base
    }

    /// The plan people work to (with shipments).
    pub fn baseline(&self) -> &Schedule {
        &self.baseline
    }

    /// The instance after every event applied so far.
    pub fn instance(&self) -> &Instance {
        &self.current.instance
    }

    /// The events applied so far, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Applies one event. A rejected event (unknown names, contradicting history, leaving an invalid
    /// instance) changes nothing; its error's index is its position among the events.
    pub fn apply(&mut self, event: Event) -> Result<(), ReplanError> {
        self.apply_all([event])
    }

    /// Applies several events, all or none.
    pub fn apply_all(
        &mut self,
        events: impl IntoIterator<Item = Event>,
    ) -> Result<(), ReplanError> {
        let mut all = self.events.clone();
        all.extend(events);
        let applied = apply_events(&self.base, &self.baseline, &self.horizon(), &all)?;
        self.events = all;
        self.current = applied;
        Ok(())
    }

    /// Moves `now` (events are checked again against the new history); on error nothing changes.
    pub fn set_now(&mut self, now: Minutes) -> Result<(), ReplanError> {
        let mut options = self.options.clone();
        options.now = now;
        let applied = apply_events(&self.base, &self.baseline, &options.horizon(), &self.events)?;
        self.options = options;
        self.current = applied;
        Ok(())
    }

    /// Makes a re-plan the new baseline (its instance the new base, no pending events), e.g. once
    /// it has been published. An outcome without a plan changes nothing.
    pub fn commit(&mut self, replan: &Outcome) {
        let Some(schedule) = &replan.schedule else {
            return;
        };
        self.base = (*replan.instance).clone();
        self.baseline = schedule.clone();
        self.events.clear();
        self.current = Applied {
            instance: (*replan.instance).clone(),
            notes: Vec::new(),
        };
    }

    /// A new plan for the changed instance within `budget`: repair first, then improvement within
    /// what is left; the result is checked and compared with the published plan at the new facts.
    ///
    /// # Errors
    /// [`ReplanError::Budget`] for a budget outside its documented range; [`ReplanError::History`]
    /// or [`ReplanError::DeadlineUnreachable`] when history cannot be kept under the events;
    /// [`ReplanError::InfeasiblePlan`] for a bug.
    pub fn replan(&self, budget: &Budget) -> Result<Outcome, ReplanError> {
        self.plan(budget, false)
    }

    /// A plan made afresh for everything that has not started, ignoring the baseline except for its
    /// frozen part: the frozen operations first, then every other order inserted whole at its
    /// cheapest plant (hard deadlines first, then by due date), then improvement without stability
    /// penalty. What a full re-solve that respects history gives; for comparing with [`Self::replan`].
    ///
    /// # Errors
    /// As [`Self::replan`].
    pub fn replan_from_scratch(&self, budget: &Budget) -> Result<Outcome, ReplanError> {
        self.plan(budget, true)
    }

    fn plan(&self, budget: &Budget, from_scratch: bool) -> Result<Outcome, ReplanError> {
        budget.validate().map_err(ReplanError::Budget)?;
        let clock = budget.start();
        let instance = &self.current.instance;
        let horizon = self.horizon();
        let mut map = BaselineMap::new(&self.base, &self.baseline, instance, &horizon);
        let mut weights = self.weights;
        if from_scratch {
            map.forget_unfrozen();
            weights = StabilityWeights::none();
        }
        // Fewer unplanned orders first, then objective plus stability penalty.
        let cost = |s: &Schedule| {
            let objective = evaluate(instance, s).objective;
            (
                s.unplanned.len(),
                objective + penalty(instance, &map, s, &horizon, &weights),
            )
        };
        // Each way of placing pushed operations takes about a millisecond; the cheapest is kept
        // (the first on ties). Every candidate is evaluated once.
        let mut repairs = vec![repair(instance, &map, &horizon, Pushed::EarliestEnd)?];
        if !from_scratch {
            repairs.extend(
                [Pushed::SameMachine, Pushed::Reinsert]
                    .into_iter()
                    .filter_map(|pushed| repair(instance, &map, &horizon, pushed).ok()),
            );
        }
        let (repaired, repaired_key) = repairs
            .into_iter()
            .map(|r| {
                let key = cost(&r.schedule);
                (r, key)
            })
            .min_by(|(_, a), (_, b)| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
            .expect("the first repair is always there");
        let repair_time = clock.elapsed();
        clock.report("replan", 0, repaired_key.1);
        let scope = Scope {
            baseline: &map,
            horizon,
            weights: (!from_scratch).then_some(weights),
        };
        // Keep back time for the check, KPIs and diff (about 20 us per operation).
        let check = Duration::from_micros(20 * instance.ops().len() as u64);
        let reserve = clock
            .time_limit()
            .map_or(check, |limit| check.min(limit / 4));
        let improved = improve(
            instance,
            &repaired.schedule,
            &scope,
            budget,
            &clock.keeping_back(reserve),
        );
        let improved_key = cost(&improved);
        let better = improved_key.0 < repaired_key.0
            || (improved_key.0 == repaired_key.0 && improved_key.1 <= repaired_key.1);
        let repaired_cost = repaired_key.1;
        let mut schedule = if better
            && keeps_history(&map, &improved, &horizon, instance)
            && keeps_orders(&repaired.schedule, &improved)
        {
            improved
        } else {
            repaired.schedule
        };
        schedule.normalize();
        debug_assert!(keeps_history(&map, &schedule, &horizon, instance));
        let report = validate(instance, &schedule);
        if !report.is_feasible() {
            return Err(ReplanError::InfeasiblePlan {
                report: Box::new(report),
            });
        }
        let kpis = evaluate(instance, &schedule);
        // Against the real baseline, also for a plan made from scratch.
        let full = BaselineMap::new(&self.base, &self.baseline, instance, &horizon);
        let stability_penalty = penalty(instance, &full, &schedule, &horizon, &self.weights);
        let diff = PlanDiff::between(&self.base, &self.baseline, instance, &schedule, &horizon);
        let published = published_at_new_facts(&self.base, &self.baseline, instance, &full);
        let saved = published
            .comparable
            .then_some(published.facts.kpis.objective - kpis.objective);
        let mut notes = self.current.notes.clone();
        notes.extend(repaired.notes);
        let facts = ReplanFacts {
            now: horizon.now,
            published_until: horizon.published_until,
            events: self.events.iter().map(Event::describe).collect(),
            baseline: diff.before.clone(),
            published: published.facts,
            saved,
            stability_penalty,
            penalties: self.weights,
            cost: kpis.objective + stability_penalty,
            repaired_cost,
            changes: diff.counts.clone(),
            moved_share: diff.counts.moved_share(),
            resequenced_share: diff.counts.resequenced_share(),
            order_changes: diff.orders.clone(),
            repair_seconds: repair_time.as_secs_f64(),
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
            Arc::new(instance.clone()),
            solver,
            Status::Feasible,
            plan,
            notes,
            clock.elapsed(),
        );
        outcome.replan = Some(facts);
        Ok(outcome)
    }
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
/// an order the repair could not, but never drop one in exchange.
fn keeps_orders(repaired: &Schedule, improved: &Schedule) -> bool {
    improved
        .unplanned
        .iter()
        .all(|u| repaired.is_unplanned(u.order))
}

fn check_ids(instance: &Instance, baseline: &Schedule) -> Result<(), ReplanError> {
    let bad_op = baseline.ops.iter().find(|s| {
        s.op.index() >= instance.ops().len() || s.machine.index() >= instance.machines().len()
    });
    let bad_order = baseline
        .unplanned
        .iter()
        .map(|u| u.order)
        .chain(baseline.shipments.iter().map(|s| s.order))
        .find(|o| o.index() >= instance.orders().len());
    let message = match (bad_op, bad_order) {
        (Some(s), _) => format!(
            "it places {} on {}, which the instance does not have",
            s.op, s.machine
        ),
        (None, Some(o)) => format!("it names {o}, which the instance does not have"),
        (None, None) => return Ok(()),
    };
    Err(ReplanError::Baseline { message })
}
