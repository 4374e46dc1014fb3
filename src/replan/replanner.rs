//! The re-planning session an integrator keeps: an instance, the plan people work to, the events so
//! far; asked for a new plan within a [`Budget`].

use super::apply::{Applied, apply_events};
use super::error::ReplanError;
use super::events::Event;
use super::frozen::Horizon;
use super::pipeline::{Inputs, run};
use super::stability::StabilityWeights;
use crate::budget::Budget;
use crate::model::{Instance, Minutes};
use crate::outcome::Outcome;
use crate::solution::{Kpis, Schedule, evaluate};
use crate::validate::validate;

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
    /// Re-optimise around the damage only as long as it pays: the improvement's time grows with
    /// the damage, stops when no better plan turns up for a while, and is skipped when the events
    /// damage nothing (default). `false` spends the whole budget (for reference runs).
    pub adaptive: bool,
}

impl ReplanOptions {
    /// Re-planning at minute `now`, no published window, penalties scaled to the instance.
    pub fn at(now: Minutes) -> Self {
        Self {
            now,
            published_window: 0,
            stability: None,
            adaptive: true,
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
    /// The baseline's KPIs under `base` (every re-plan's "before").
    baseline_kpis: Kpis,
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
            baseline.ship_orders(&instance);
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
                violations: report.violations,
            });
        }
        let current = Applied::unchanged(instance.clone());
        let weights = options
            .stability
            .unwrap_or_else(|| StabilityWeights::scaled_to(&instance));
        let baseline_kpis = evaluate(&instance, &baseline);
        Ok(Self {
            baseline_kpis,
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

    /// The published plan's KPIs under the instance it was made for.
    pub fn baseline_kpis(&self) -> &Kpis {
        &self.baseline_kpis
    }

    /// The events applied so far, in order.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Applies one event. A rejected event (unknown names, contradicting history, leaving an invalid
    /// instance) changes nothing; its error's index is its position among the events.
    ///
    /// # Errors
    /// [`ReplanError::Event`] for an event that names an unknown entity, has a bad value (empty
    /// window, negative price, probability outside (0, 1]), starts a downtime before `now` or
    /// contradicts history (cancelling a started order, delaying a delivery that arrived);
    /// [`ReplanError::History`] when started work can no longer stay where it ran;
    /// [`ReplanError::Model`] when the changed instance breaks a model rule.
    pub fn apply(&mut self, event: Event) -> Result<(), ReplanError> {
        self.apply_all([event])
    }

    /// Applies several events, all or none.
    ///
    /// # Errors
    /// As [`Self::apply`], for the first event that fails.
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
    ///
    /// # Errors
    /// As [`Self::apply`]: an event that no longer fits the history at the new `now` (e.g. a
    /// downtime that now starts before it).
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
        self.baseline_kpis = evaluate(&self.base, &self.baseline);
        self.events.clear();
        self.current = Applied::unchanged((*replan.instance).clone());
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
        let inputs = Inputs {
            base: &self.base,
            baseline: &self.baseline,
            applied: &self.current,
            events: &self.events,
            options: &self.options,
            weights: self.weights,
            baseline_kpis: &self.baseline_kpis,
        };
        run(&inputs, budget, from_scratch)
    }
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
    Err(ReplanError::Baseline {
        message,
        violations: Vec::new(),
    })
}
