//! One run of a detailed formulation (disjunctive or time-indexed): windows, warm start, model,
//! HiGHS, and the honest reading of what came back.

use super::decode::decode;
use super::disjunctive::{self, Formulated};
use super::explain;
use super::families::Ctx;
use super::families::choice;
use super::horizon::{Basis, CountsEnergy, Horizon};
use super::model::Values;
use super::options::RunOptions;
use super::power::SitePower;
use super::result::{MilpError, MilpResult, MilpStatus};
use super::runner::{self, RunOutcome, RunSettings};
use super::scope::Scope;
use super::size::{ModelKind, SizeEstimate};
use super::time_indexed::{
    self,
    retime::{repair, retime},
};
use super::warm::WarmFacts;
use crate::model::{Instance, Minutes};
use crate::solution::{Kpis, Schedule, evaluate};
use crate::validate::validate;
use std::time::{Duration, Instant};

/// The detailed formulation to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Detail {
    /// The disjunctive model.
    Disjunctive,
    /// The time-indexed model on a grid of `bucket` minutes; with a `radius`, a neighbourhood
    /// search: repeated models whose starts lie within `radius` minutes of the incumbent's.
    TimeIndexed {
        /// Grid step in minutes.
        bucket: Minutes,
        /// Neighbourhood radius in minutes (`None`: the whole horizon).
        radius: Option<Minutes>,
    },
}

impl Detail {
    /// The full time-indexed model on a grid of `bucket` minutes.
    pub fn grid(bucket: Minutes) -> Self {
        Detail::TimeIndexed {
            bucket,
            radius: None,
        }
    }

    pub fn kind(self) -> ModelKind {
        match self {
            Detail::Disjunctive => ModelKind::Disjunctive,
            Detail::TimeIndexed { bucket, .. } => ModelKind::TimeIndexed { bucket },
        }
    }

    /// True when the formulation's objective counts energy.
    pub fn energy(self) -> CountsEnergy {
        CountsEnergy(matches!(self, Detail::TimeIndexed { .. }))
    }

    /// True when the model states every rule of the instance exactly (no grid, no neighbourhood).
    fn exact(self) -> bool {
        matches!(
            self,
            Detail::Disjunctive
                | Detail::TimeIndexed {
                    bucket: 1,
                    radius: None
                }
        )
    }

    /// In words, for reports.
    pub(super) fn describe(self) -> String {
        match self {
            Detail::TimeIndexed {
                bucket,
                radius: Some(r),
            } => format!(
                "time-indexed neighbourhood search ({bucket}-minute grid, starts within {r} minutes of the incumbent)"
            ),
            other => other.kind().to_string(),
        }
    }
}

/// The time budget of a solve.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    /// `None`: no time limit (or one beyond what the platform's clock can add).
    deadline: Option<Instant>,
}

/// What HiGHS gets as its time limit when the solve has none: 10^8 seconds.
const UNLIMITED: Duration = Duration::from_secs(100_000_000);

impl Clock {
    pub fn new(limit: Option<Duration>) -> Self {
        Self {
            deadline: limit.and_then(|l| Instant::now().checked_add(l)),
        }
    }

    pub fn remaining(&self) -> Duration {
        self.deadline
            .map_or(UNLIMITED, |d| d.saturating_duration_since(Instant::now()))
    }

    /// A share of the remaining time.
    pub fn share(&self, fraction: f64) -> Duration {
        self.remaining().mul_f64(fraction.clamp(0.0, 1.0))
    }
}

/// Objective as a formulation sees it: without energy (and demand charges) for the disjunctive
/// model.
pub(crate) fn model_objective(instance: &Instance, kpis: &Kpis, energy: CountsEnergy) -> f64 {
    if energy.0 {
        kpis.objective
    } else {
        kpis.objective - instance.weights().energy * (kpis.energy_cost + kpis.demand_charge)
    }
}

/// Everything a detailed run needs besides the formulation and the warm start.
pub(crate) struct DetailedRun<'a> {
    pub instance: &'a Instance,
    pub scope: &'a Scope,
    pub power: &'a [SitePower],
    pub options: &'a RunOptions,
    pub clock: Clock,
}

impl DetailedRun<'_> {
    /// The windows the model will use, from the warm plan(s) or the serial argument.
    pub fn horizon(&self, detail: Detail, plans: &[&Schedule]) -> Horizon {
        let energy = detail.energy();
        let worst = plans
            .iter()
            .map(|p| model_objective(self.instance, &evaluate(self.instance, p), energy))
            .reduce(f64::max);
        match worst {
            Some(z) => Horizon::from_plan(self.instance, self.scope, z, energy),
            None => Horizon::serial(self.instance, self.scope, energy),
        }
    }

    /// Builds and solves `detail`, warm-started from `warm` (a checked complete plan).
    pub fn run(&self, detail: Detail, warm: Option<&Schedule>) -> Result<MilpResult, MilpError> {
        match (detail, warm) {
            (
                Detail::TimeIndexed {
                    bucket,
                    radius: Some(radius),
                },
                Some(w),
            ) => self.search(bucket, radius, w),
            _ => self.single(detail, warm),
        }
    }

    /// One model over the whole horizon.
    fn single(&self, detail: Detail, warm: Option<&Schedule>) -> Result<MilpResult, MilpError> {
        let instance = self.instance;
        let mut notes = Vec::new();
        let on_grid = match (detail, warm) {
            (Detail::TimeIndexed { bucket, .. }, Some(w)) => {
                let moved = retime(instance, w, bucket);
                if moved.is_none() {
                    notes.push(format!(
                        "the warm start could not be moved onto the {bucket}-minute grid; HiGHS \
                         starts without it"
                    ));
                }
                moved
            }
            (_, w) => w.cloned(),
        };
        let mut plans: Vec<&Schedule> = Vec::new();
        if let (Some(w), Some(g)) = (warm, &on_grid) {
            plans = vec![w, g];
        }
        let horizon = self.horizon(detail, &plans);
        let attempt = self.attempt(detail, &horizon, on_grid.as_ref(), self.clock.remaining())?;
        notes.extend(attempt.notes);
        let formulation = detail.describe();
        if let Detail::TimeIndexed { bucket, .. } = detail
            && bucket > 1
        {
            notes.push(format!(
                "starts are restricted to multiples of {bucket} minutes; the plan is exact and \
                 checked, but its optimality and HiGHS's bound hold only for such plans"
            ));
        }
        if self.scope.plants_fixed {
            notes.push("plants were fixed by the network model; optimality is not claimed".into());
        }
        if detail == Detail::Disjunctive && instance.has_energy_costs() {
            notes.push(
                "the disjunctive model does not price energy; the plan's energy cost is counted \
                 but not optimised"
                    .into(),
            );
        }
        let exact = detail.exact() && !self.scope.plants_fixed;
        match attempt.found {
            Found::Plan { plan, z, bound } => {
                let energy = detail.energy();
                let certified = exact
                    && bound.is_finite()
                    && horizon.certifies(instance, self.scope, z, energy);
                let lower_bound = certified.then_some(bound.min(z));
                let prices_everything = energy.0 || !instance.has_energy_costs();
                // Orders that may be left out: both models decide them, but only safely with
                // non-negative margins.
                let decides = !choice::any(instance) || choice::certifiable(instance);
                let proven = certified
                    && prices_everything
                    && decides
                    && z - bound <= 1e-6 * z.abs().max(1.0);
                let status = if proven {
                    MilpStatus::Optimal
                } else {
                    MilpStatus::Feasible
                };
                Ok(self.never_worse(plan, status, lower_bound, &formulation, notes, warm))
            }
            Found::Nothing => self.fallback(
                notes,
                "HiGHS found no plan within the time limit",
                &formulation,
                warm,
            ),
            Found::Infeasible if warm.is_some() => self.fallback(
                notes,
                "HiGHS reported the model infeasible although the warm start is feasible; \
                 returned the warm start",
                &formulation,
                warm,
            ),
            Found::Infeasible if exact && horizon.basis == Basis::Serial => {
                let explanation = explain::explain(
                    instance,
                    self.scope,
                    self.power,
                    detail,
                    self.options,
                    self.clock,
                );
                let mut result = no_plan(MilpStatus::Infeasible, &formulation, notes);
                result.explanation = explanation;
                Ok(result)
            }
            Found::Infeasible => self.fallback(
                notes,
                "this model has no plan, which does not prove the instance infeasible (grid or \
                 fixed plants)",
                &formulation,
                warm,
            ),
            Found::Failed(msg) if warm.is_some() => self.fallback(
                notes,
                &format!("HiGHS failed ({msg}); returned the warm start"),
                &formulation,
                warm,
            ),
            Found::Failed(msg) => Err(MilpError::Solver(msg)),
        }
    }

    /// Builds the model within `horizon`, warm-started from `warm`, and runs HiGHS for `time`.
    pub(super) fn attempt(
        &self,
        detail: Detail,
        horizon: &Horizon,
        warm: Option<&Schedule>,
        time: Duration,
    ) -> Result<Attempt, MilpError> {
        let instance = self.instance;
        let mut notes = Vec::new();
        let facts = warm.and_then(|p| WarmFacts::new(instance, self.scope, p));
        let ctx = Ctx {
            instance,
            scope: self.scope,
            horizon,
            warm: facts.as_ref(),
            relax: false,
        };
        let formulated = build(&ctx, self.power, detail);
        let estimate = SizeEstimate::new(
            detail.kind(),
            formulated.model.counts(),
            &self.options.limits,
        );
        if !estimate.fits {
            return Err(MilpError::TooLarge {
                estimate,
                advice: "use --solver search (local search) for instances this large".into(),
            });
        }
        let integral = formulated.model.objective_is_integral();
        let Formulated {
            model,
            ops,
            ship,
            choices,
            pulls,
        } = formulated;
        let mut built = model.into_problem();
        if built.warm_incomplete {
            notes.push(
                "the warm start did not give every variable a value; HiGHS starts without it"
                    .into(),
            );
        }
        let columns = std::mem::take(&mut built.columns);
        let settings = RunSettings {
            time_limit: time,
            mip_gap: self.options.mip_gap,
            threads: self.options.threads,
            seed: self.options.seed,
            // Presolve probes the dense capacity rows of time-indexed models for longer than it
            // saves; the disjunctive model gains from it.
            presolve: detail == Detail::Disjunctive,
        };
        let found = match runner::run(built, settings) {
            RunOutcome::Solved(inc) | RunOutcome::Stopped(inc) => {
                let values = Values::new(&columns, &inc.values);
                let mut plan = decode(instance, &ops, &ship, &choices, &pulls, &values);
                let report = validate(instance, &plan);
                if !report.is_complete() {
                    let Some(repaired) = repair(instance, &plan) else {
                        return Err(MilpError::PlanRejected {
                            report: Box::new(report),
                        });
                    };
                    notes.push(format!(
                        "HiGHS's plan broke {} rule(s) by its numerical tolerances ({}); it was \
                         re-timed to the minute with its machines and sequences kept",
                        report.violations.len(),
                        report.violations[0].code
                    ));
                    plan = repaired;
                }
                // Orders the model left out: their reasons name what making them would cost.
                crate::search::plant::explain_choices(instance, &mut plan);
                let z = model_objective(instance, &evaluate(instance, &plan), detail.energy());
                let mut bound = inc.bound;
                if integral && bound.is_finite() {
                    bound = (bound - 1e-6).ceil();
                }
                Found::Plan { plan, z, bound }
            }
            RunOutcome::NothingFound => Found::Nothing,
            RunOutcome::Infeasible => Found::Infeasible,
            RunOutcome::Failed(msg) => Found::Failed(msg),
        };
        Ok(Attempt { found, notes })
    }

    /// `plan`, or the warm start when that is better.
    pub(super) fn never_worse(
        &self,
        plan: Schedule,
        status: MilpStatus,
        lower_bound: Option<f64>,
        formulation: &str,
        mut notes: Vec<String>,
        warm: Option<&Schedule>,
    ) -> MilpResult {
        let instance = self.instance;
        if let Some(w) = warm
            && evaluate(instance, w).objective < evaluate(instance, &plan).objective - 1e-9
        {
            notes.push(
                "the warm start is better than the MILP's plan; returned the warm start".into(),
            );
            return with_plan(
                instance,
                w.clone(),
                MilpStatus::Feasible,
                lower_bound,
                formulation,
                notes,
            );
        }
        with_plan(instance, plan, status, lower_bound, formulation, notes)
    }

    /// The warm start (or no plan) with a note saying why.
    pub(super) fn fallback(
        &self,
        mut notes: Vec<String>,
        why: &str,
        formulation: &str,
        warm: Option<&Schedule>,
    ) -> Result<MilpResult, MilpError> {
        notes.push(why.to_string());
        Ok(match warm {
            Some(w) => with_plan(
                self.instance,
                w.clone(),
                MilpStatus::Feasible,
                None,
                formulation,
                notes,
            ),
            None => no_plan(MilpStatus::NoSolutionWithinLimit, formulation, notes),
        })
    }
}

/// What one HiGHS run on one model gave.
pub(super) struct Attempt {
    pub found: Found,
    pub notes: Vec<String>,
}

pub(super) enum Found {
    /// A checked plan, its objective as the model counts it, and HiGHS's bound (rounded up when
    /// the objective is integral).
    Plan {
        plan: Schedule,
        z: f64,
        bound: f64,
    },
    Nothing,
    Infeasible,
    Failed(String),
}

/// Builds the formulation `detail`.
pub(crate) fn build(ctx: &Ctx, power: &[SitePower], detail: Detail) -> Formulated {
    match detail {
        Detail::Disjunctive => disjunctive::build(ctx, power),
        Detail::TimeIndexed { bucket, .. } => time_indexed::build(ctx, power, bucket),
    }
}

/// A result with a checked plan.
pub(crate) fn with_plan(
    instance: &Instance,
    plan: Schedule,
    status: MilpStatus,
    lower_bound: Option<f64>,
    formulation: &str,
    notes: Vec<String>,
) -> MilpResult {
    let objective = evaluate(instance, &plan).objective;
    MilpResult {
        status,
        schedule: Some(plan),
        objective: Some(objective),
        lower_bound,
        formulation: formulation.to_string(),
        explanation: Vec::new(),
        notes,
    }
}

/// A result without a plan.
pub(crate) fn no_plan(status: MilpStatus, formulation: &str, notes: Vec<String>) -> MilpResult {
    MilpResult {
        status,
        schedule: None,
        objective: None,
        lower_bound: None,
        formulation: formulation.to_string(),
        explanation: Vec::new(),
        notes,
    }
}
