//! The what-if runner: candidate plans, a scenario set and a [`Budget`] in, [`WhatIfResults`] out.

use super::error::WhatIfError;
use super::evaluate::{Candidate, evaluate, fates};
use super::record::{Mode, OrderInfo, PlanInfo, RunInfo, ScenarioRecord};
use super::results::WhatIfResults;
use super::scenario::{Scenario, ScenarioSet};
use super::shard::Shard;
use super::simulate::{KeptPlan, ShopFloor};
use crate::budget::Budget;
use crate::io::{date_time_at, format_date_time};
use crate::model::{Instance, Minutes};
use crate::outcome::Outcome;
use crate::replan::{ReplanError, ReplanOptions, Replanner, StabilityWeights};
use crate::search::parallel::run_indexed;
use crate::solution::{Schedule, evaluate as kpis_of};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Re-plan iterations per scenario when the budget gives none: about what a re-plan does in 100 ms
/// of one core on a plant of 2,000 operations with nothing frozen (each round of the plant search
/// takes about 0.9 ms of CPU there, applying the events, repairing and checking about 30 ms; see
/// the README's measurements).
pub const DEFAULT_REPLAN_ITERATIONS: u64 = 75;

/// Settings of a what-if run; its limits come from the [`Budget`].
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfOptions {
    /// The minute the scenario's events become known: operations that started before it are
    /// history (kept and re-planned alike), and the re-plan happens then.
    pub now: Minutes,
    /// The re-plan's published window after `now` (minutes).
    pub published_window: Minutes,
    /// The re-plan's stability penalties; `None` scales them to the instance.
    pub stability: Option<StabilityWeights>,
    /// Which ways each scenario is evaluated.
    pub mode: Mode,
    /// An order is at risk when late (or not planned) with a probability above this.
    pub late_threshold: f64,
}

impl WhatIfOptions {
    /// Scenarios known at `now`, kept and re-planned, default penalties, late threshold 0.2.
    pub fn at(now: Minutes) -> Self {
        Self {
            now,
            published_window: 0,
            stability: None,
            mode: Mode::Both,
            late_threshold: 0.2,
        }
    }
}

/// An instance and one or more candidate plans, ready to be evaluated on scenarios.
///
/// See the [module docs](super) for an example.
#[derive(Clone, Debug)]
pub struct WhatIf {
    instance: Instance,
    options: WhatIfOptions,
    candidates: Vec<Candidate>,
    published: Vec<PlanInfo>,
}

impl WhatIf {
    /// Prepares `plans` (name and plan of `instance`; one, or several to compare).
    ///
    /// # Errors
    /// [`WhatIfError::NoPlan`] without plans; [`WhatIfError::Plan`] for a plan the checker rejects
    /// or that names what the instance lacks; [`WhatIfError::Threshold`] for a late threshold
    /// outside `[0, 1]`.
    pub fn new(
        instance: Instance,
        plans: Vec<(String, Schedule)>,
        options: WhatIfOptions,
    ) -> Result<Self, WhatIfError> {
        if plans.is_empty() {
            return Err(WhatIfError::NoPlan);
        }
        if !(0.0..=1.0).contains(&options.late_threshold) {
            return Err(WhatIfError::Threshold(options.late_threshold));
        }
        let replan_options = ReplanOptions {
            now: options.now,
            published_window: options.published_window,
            stability: options.stability,
            // What-if re-plans spend their whole iteration budget, so that every scenario gets the
            // same effort and results do not depend on the clock.
            adaptive: false,
        };
        let mut candidates = Vec::new();
        let mut published = Vec::new();
        for (name, plan) in plans {
            let replanner = Replanner::new(instance.clone(), plan, replan_options.clone())
                .map_err(|source| WhatIfError::Plan {
                    plan: name.clone(),
                    source,
                })?;
            let baseline = replanner.baseline();
            let floor = ShopFloor::new(&instance, baseline);
            let plan_fates = fates(&instance, &instance, baseline);
            published.push(PlanInfo {
                name: name.clone(),
                published: kpis_of(&instance, baseline),
                fates: plan_fates.clone(),
            });
            candidates.push(Candidate {
                name,
                replanner,
                floor,
                fates: plan_fates,
            });
        }
        Ok(Self {
            instance,
            options,
            candidates,
            published,
        })
    }

    /// The instance.
    pub fn instance(&self) -> &Instance {
        &self.instance
    }

    /// The settings.
    pub fn options(&self) -> &WhatIfOptions {
        &self.options
    }

    /// The candidate plans' names.
    pub fn plan_names(&self) -> Vec<&str> {
        self.candidates.iter().map(|c| c.name.as_str()).collect()
    }

    /// The latest operation end over the candidate plans: the end of the horizon in which sampled
    /// failures and price spikes matter.
    pub fn horizon_end(&self) -> Minutes {
        self.candidates
            .iter()
            .map(|c| c.replanner.baseline().makespan())
            .max()
            .unwrap_or(0)
            .max(self.options.now)
    }

    /// Checks that `scenario`'s events can be applied to every plan (names exist, history is not
    /// contradicted), as the run would apply them; returns the first plan's name and error.
    ///
    /// # Errors
    /// The first plan whose session rejects the events, with the re-planner's error (its event
    /// index is the event's position in the scenario).
    pub fn check(&self, scenario: &Scenario) -> Result<(), (String, ReplanError)> {
        for candidate in &self.candidates {
            let mut session = candidate.replanner.clone();
            session
                .apply_all(scenario.events.iter().cloned())
                .map_err(|e| (candidate.name.clone(), e))?;
        }
        Ok(())
    }

    /// Keeps plan `plan` under `scenario`: the shop-floor simulation, with its plan.
    ///
    /// # Errors
    /// When the events cannot be applied (unknown names, contradicting history).
    pub fn keep(&self, plan: usize, scenario: &Scenario) -> Result<KeptPlan, ReplanError> {
        let candidate = &self.candidates[plan.min(self.candidates.len() - 1)];
        let mut session = candidate.replanner.clone();
        session.apply_all(scenario.events.iter().cloned())?;
        Ok(candidate
            .floor
            .simulate(session.instance(), self.options.now))
    }

    /// Re-plans plan `plan` under `scenario` within `budget`: the full [`Outcome`] with its plan
    /// and diff, as `takt replan` gives it.
    ///
    /// # Errors
    /// As [`Replanner::replan`], and when the events cannot be applied.
    pub fn replan(
        &self,
        plan: usize,
        scenario: &Scenario,
        budget: &Budget,
    ) -> Result<Outcome, ReplanError> {
        let candidate = &self.candidates[plan.min(self.candidates.len() - 1)];
        let mut session = candidate.replanner.clone();
        session.apply_all(scenario.events.iter().cloned())?;
        session.replan(budget)
    }

    /// Evaluates every scenario of `scenarios`; see [`Self::run_shard`].
    ///
    /// # Errors
    /// As [`Self::run_shard`].
    pub fn run(
        &self,
        scenarios: &ScenarioSet,
        budget: &Budget,
    ) -> Result<WhatIfResults, WhatIfError> {
        self.run_shard(scenarios, Shard::WHOLE, budget)
    }

    /// Evaluates the scenarios of `shard`, for every plan, in parallel.
    ///
    /// The budget: `threads` scenarios are evaluated at a time; each re-plan runs on one thread
    /// with `iterations` search rounds ([`DEFAULT_REPLAN_ITERATIONS`] when `None`), `chains`
    /// search chains (one when `None`) and `seed`, so
    /// that the results are the same on any thread count; `time_limit` bounds the whole run; the
    /// observer hears how many scenarios are done (as `iterations`, solver `whatif`); the cancel
    /// token ends the run. A run ended by time or token returns the scenarios finished until then,
    /// marked incomplete.
    ///
    /// # Errors
    /// [`WhatIfError::Budget`] for a budget outside its range.
    pub fn run_shard(
        &self,
        scenarios: &ScenarioSet,
        shard: Shard,
        budget: &Budget,
    ) -> Result<WhatIfResults, WhatIfError> {
        budget.validate()?;
        let clock = budget.start();
        let iterations = budget.iterations.unwrap_or(DEFAULT_REPLAN_ITERATIONS);
        let mut inner = Budget::iterations(iterations)
            .with_threads(1)
            .with_chains(budget.chains.or(Some(1)))
            .with_seed(budget.seed);
        inner.cancel = budget.cancel.clone();
        let replan_budget = self.options.mode.replans().then_some(&inner);
        let keep = self.options.mode.keeps();
        let indices: Vec<usize> = shard.indices(scenarios.len()).collect();
        let done = AtomicUsize::new(0);
        clock.tick("whatif", 0);
        let evaluated: Vec<Option<Vec<ScenarioRecord>>> =
            run_indexed(budget.workers(), indices.len(), |i| {
                if clock.expired() {
                    return None;
                }
                let k = indices[i];
                let scenario = scenarios.scenario(k)?;
                let records: Vec<ScenarioRecord> = self
                    .candidates
                    .iter()
                    .enumerate()
                    .map(|(p, c)| evaluate(c, p, k, scenario.clone(), keep, replan_budget))
                    .collect();
                // A re-plan the token cut short is not what a complete run computes.
                if clock.cancelled() {
                    return None;
                }
                let finished = done.fetch_add(1, Ordering::Relaxed) + 1;
                clock.tick("whatif", finished as u64);
                Some(records)
            });
        let complete = evaluated.iter().all(Option::is_some);
        let records = evaluated.into_iter().flatten().flatten().collect();
        Ok(WhatIfResults {
            info: self.info(scenarios, iterations, budget.seed),
            shard,
            complete,
            records,
        })
    }

    fn info(&self, scenarios: &ScenarioSet, iterations: u64, seed: u64) -> RunInfo {
        let weights = self
            .options
            .stability
            .unwrap_or_else(|| StabilityWeights::scaled_to(&self.instance));
        RunInfo {
            instance: self.instance.name().to_string(),
            plan_start: date_time_at(self.instance.plan_start(), 0).map(format_date_time),
            plans: self.published.clone(),
            orders: self
                .instance
                .orders()
                .iter()
                .map(|o| OrderInfo {
                    name: o.name.clone(),
                    due: o.due,
                    weight: o.weight,
                })
                .collect(),
            scenarios: scenarios.describe(),
            scenario_count: scenarios.len(),
            fingerprint: scenarios.fingerprint(),
            now: self.options.now,
            published_window: self.options.published_window,
            move_penalty: weights.move_penalty,
            published_move_penalty: weights.published_move_penalty,
            mode: self.options.mode,
            iterations: if self.options.mode.replans() {
                iterations
            } else {
                0
            },
            seed,
            late_threshold: self.options.late_threshold,
        }
    }
}
