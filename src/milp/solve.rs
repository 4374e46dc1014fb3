//! Choosing the formulation, the size guard and the network decomposition.

use super::detailed::{Clock, Detail, DetailedRun, no_plan, with_plan};
use super::explain;
use super::horizon::Horizon;
use super::model::Counts;
use super::network;
use super::options::{Formulation, MilpOptions, RunOptions};
use super::power::{SitePower, classify};
use super::result::{MilpError, MilpResult, MilpStatus};
use super::scope::Scope;
use super::size::{self, ModelKind, SizeEstimate};
use super::time_indexed::grid::BUCKETS;
use super::warm::WarmFacts;
use crate::budget::Budget;
use crate::dispatch::{DispatchOptions, dispatch};
use crate::model::{Instance, Minutes, SiteId};
use crate::solution::{Schedule, evaluate};
use crate::validate::validate;

/// Share of the time limit the network model may use before the detailed model runs.
const NETWORK_TIME_SHARE: f64 = 0.2;

/// What the engine will build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    /// A detailed model with free plant choice.
    Detailed(Detail),
    /// The network model first, then a detailed model with the plants it chose.
    Network,
}

/// See [`super::solve`].
pub(crate) fn solve(
    instance: &Instance,
    warm_start: Option<&Schedule>,
    options: &MilpOptions,
    budget: &Budget,
) -> Result<MilpResult, MilpError> {
    let clock = Clock::new(budget.time_limit);
    let options = &RunOptions::new(options, budget);
    let (scope, impossible) = Scope::new(instance, None);
    if !impossible.is_empty() {
        let mut result = no_plan(MilpStatus::Infeasible, "scope", Vec::new());
        result.explanation = explain::impossible(&impossible);
        return Ok(result);
    }
    let power = site_power(instance);
    let mut notes = Vec::new();
    let warm = warm_start.filter(|w| {
        let usable = validate(instance, w).is_complete();
        if !usable {
            notes.push(
                "the warm start is not a complete feasible plan; HiGHS starts without it".into(),
            );
        }
        usable
    });
    let run = DetailedRun {
        instance,
        scope: &scope,
        power: &power,
        options,
        clock,
    };
    let mut result = match choose(&run, warm)? {
        Plan::Detailed(detail) => run.run(detail, warm)?,
        Plan::Network => decompose(&run, warm)?,
    };
    notes.append(&mut result.notes);
    result.notes = notes;
    Ok(result)
}

/// The size estimate of the model [`solve`] would build first (the network model when it would
/// decompose). Without `plan` the windows come from the serial horizon and time-indexed estimates
/// are pessimistic.
pub(crate) fn estimate(
    instance: &Instance,
    plan: Option<&Schedule>,
    options: &MilpOptions,
) -> SizeEstimate {
    let options = &RunOptions::new(options, &Budget::default());
    let (scope, _) = Scope::new(instance, None);
    let power = site_power(instance);
    let run = DetailedRun {
        instance,
        scope: &scope,
        power: &power,
        options,
        clock: Clock::new(None),
    };
    match choose(&run, plan) {
        Ok(Plan::Detailed(detail)) => detailed_estimate(&run, detail, plan),
        Ok(Plan::Network) => SizeEstimate::new(
            ModelKind::Network,
            size::network(instance, &scope, network::PERIODS + 1),
            &options.limits,
        ),
        Err(MilpError::TooLarge { estimate, .. }) => estimate,
        Err(_) => detailed_estimate(&run, Detail::Disjunctive, plan),
    }
}

fn site_power(instance: &Instance) -> Vec<SitePower> {
    (0..instance.sites().len())
        .map(|s| classify(instance, SiteId::from_index(s)))
        .collect()
}

fn detailed_estimate(run: &DetailedRun, detail: Detail, plan: Option<&Schedule>) -> SizeEstimate {
    let counts = match detail {
        Detail::Disjunctive => size::disjunctive(run.instance, run.scope, run.power),
        Detail::TimeIndexed { bucket, radius } => {
            let plans: Vec<&Schedule> = plan.into_iter().collect();
            let mut horizon = run.horizon(detail, &plans);
            if let (Some(r), Some(facts)) = (
                radius,
                plan.and_then(|p| WarmFacts::new(run.instance, run.scope, p)),
            ) {
                horizon.narrow_around(run.instance, run.scope, &facts, r);
            }
            size::time_indexed(run.instance, run.scope, &horizon, run.power, bucket)
        }
    };
    SizeEstimate::new(detail.kind(), counts, &run.options.limits)
}

/// Picks the formulation, applying the size guard.
fn choose(run: &DetailedRun, warm: Option<&Schedule>) -> Result<Plan, MilpError> {
    let instance = run.instance;
    let cumulative_cap = run.power.contains(&SitePower::Cumulative);
    match run.options.formulation {
        Formulation::Disjunctive => {
            if cumulative_cap {
                return Err(MilpError::NotApplicable(
                    "a power cap that three or more machines exceed together cannot be stated in \
                     the disjunctive model; use the time-indexed formulation"
                        .into(),
                ));
            }
            guard(detailed_estimate(run, Detail::Disjunctive, warm))?;
            Ok(Plan::Detailed(Detail::Disjunctive))
        }
        Formulation::TimeIndexed { bucket: Some(b) } => {
            let detail = Detail::grid(b.max(1));
            guard(detailed_estimate(run, detail, warm))?;
            Ok(Plan::Detailed(detail))
        }
        Formulation::TimeIndexed { bucket: None } => grid_plan(run, warm)
            .map(Plan::Detailed)
            .ok_or_else(|| too_large(detailed_estimate(run, Detail::grid(240), warm))),
        Formulation::NetworkThenDetailed => Ok(Plan::Network),
        Formulation::Auto => {
            let needs_grid = instance.has_energy_costs() || cumulative_cap;
            let detailed = if needs_grid {
                grid_plan(run, warm)
            } else {
                let d = detailed_estimate(run, Detail::Disjunctive, warm);
                d.fits.then_some(Detail::Disjunctive)
            };
            if let Some(detail) = detailed {
                return Ok(Plan::Detailed(detail));
            }
            if instance.has_plant_choice() {
                return Ok(Plan::Network);
            }
            if !cumulative_cap {
                let d = detailed_estimate(run, Detail::Disjunctive, warm);
                if d.fits {
                    return Ok(Plan::Detailed(Detail::Disjunctive));
                }
            }
            let smallest = if needs_grid {
                detailed_estimate(run, Detail::grid(240), warm)
            } else {
                detailed_estimate(run, Detail::Disjunctive, warm)
            };
            Err(too_large(smallest))
        }
    }
}

/// Neighbourhood radii (minutes) tried for the time-indexed search, widest first.
const RADII: [Minutes; 3] = [120, 90, 60];
/// Grids tried for the neighbourhood search, finest first.
const SEARCH_BUCKETS: [Minutes; 5] = [1, 2, 5, 10, 15];

/// The time-indexed model to run: the exact 1-minute model when it stays within the grid target;
/// else, with a warm start, a neighbourhood search on the finest grid (and widest radius) whose
/// model stays within it; else the finest full grid within the target or the size limits.
fn grid_plan(run: &DetailedRun, warm: Option<&Schedule>) -> Option<Detail> {
    let plans: Vec<&Schedule> = warm.into_iter().collect();
    let horizon = run.horizon(Detail::grid(1), &plans);
    let limits = run.options.limits;
    let admitted = |c: &Counts| limits.admit(c.integers, c.rows, c.nonzeros);
    let on_target = |c: &Counts| admitted(c) && c.integers <= limits.grid_target_integers;
    let counts = |h: &Horizon, bucket: Minutes| {
        size::time_indexed(run.instance, run.scope, h, run.power, bucket)
    };
    if on_target(&counts(&horizon, 1)) {
        return Some(Detail::grid(1));
    }
    if let Some(facts) = warm.and_then(|w| WarmFacts::new(run.instance, run.scope, w)) {
        for bucket in SEARCH_BUCKETS {
            for radius in RADII {
                let mut near = horizon.clone();
                near.narrow_around(run.instance, run.scope, &facts, radius);
                if on_target(&counts(&near, bucket)) {
                    return Some(Detail::TimeIndexed {
                        bucket,
                        radius: Some(radius),
                    });
                }
            }
        }
    }
    let full: Vec<(Minutes, Counts)> = BUCKETS.iter().map(|&b| (b, counts(&horizon, b))).collect();
    full.iter()
        .find(|(_, c)| on_target(c))
        .or_else(|| full.iter().find(|(_, c)| admitted(c)))
        .map(|&(b, _)| Detail::grid(b))
}

fn guard(estimate: SizeEstimate) -> Result<(), MilpError> {
    if estimate.fits {
        Ok(())
    } else {
        Err(too_large(estimate))
    }
}

fn too_large(estimate: SizeEstimate) -> MilpError {
    MilpError::TooLarge {
        estimate,
        advice: "too large for the MILP within the size guard; use --solver search (local search \
                 from the dispatching plan) or --solver greedy"
            .into(),
    }
}

/// The network model chooses plants, then the detailed model schedules with them fixed. The
/// result is never worse than the warm start.
fn decompose(run: &DetailedRun, warm: Option<&Schedule>) -> Result<MilpResult, MilpError> {
    let instance = run.instance;
    let Some(plants) = network::choose_plants(
        instance,
        run.scope,
        warm,
        run.options,
        run.clock,
        NETWORK_TIME_SHARE,
    ) else {
        return Ok(match warm {
            Some(w) => with_plan(
                instance,
                w.clone(),
                MilpStatus::Feasible,
                None,
                "network",
                vec![
                    "the network model found no plant assignment in time; returned the warm start"
                        .into(),
                ],
            ),
            None => no_plan(MilpStatus::NoSolutionWithinLimit, "network", Vec::new()),
        });
    };
    let (fixed_scope, impossible) = Scope::new(instance, Some(&plants));
    if !impossible.is_empty() {
        return Err(MilpError::Solver(
            "the network model chose a plant that cannot make an order".into(),
        ));
    }
    let fixed_warm = warm_for_plants(instance, &plants);
    let fixed_run = DetailedRun {
        instance,
        scope: &fixed_scope,
        power: run.power,
        options: run.options,
        clock: run.clock,
    };
    let detail = match choose(
        &DetailedRun {
            options: &RunOptions {
                milp: MilpOptions {
                    formulation: Formulation::Auto,
                    ..run.options.milp.clone()
                },
                ..run.options.clone()
            },
            ..fixed_run
        },
        fixed_warm.as_ref(),
    ) {
        Ok(Plan::Detailed(detail)) => detail,
        Ok(Plan::Network) | Err(_) => {
            let estimate = detailed_estimate(&fixed_run, Detail::Disjunctive, fixed_warm.as_ref());
            return Err(too_large(estimate));
        }
    };
    let mut result = fixed_run.run(detail, fixed_warm.as_ref())?;
    result.formulation = format!("network, then {}", result.formulation);
    result
        .notes
        .insert(0, "the network model chose each order's plant".into());
    if let Some(w) = warm {
        let warm_objective = evaluate(instance, w).objective;
        if result.objective.is_none_or(|o| warm_objective < o - 1e-9) {
            let mut notes = result.notes;
            notes.push(
                "the warm start is better than the decomposed plan; returned the warm start".into(),
            );
            return Ok(with_plan(
                instance,
                w.clone(),
                MilpStatus::Feasible,
                result.lower_bound,
                &result.formulation,
                notes,
            ));
        }
    }
    Ok(result)
}

/// A dispatching plan with every order made at the chosen plant, when one plans every order.
fn warm_for_plants(instance: &Instance, plants: &[SiteId]) -> Option<Schedule> {
    let mut builder = instance.to_builder();
    for (order, &plant) in builder.orders.iter_mut().zip(plants) {
        order.plant = Some(plant);
    }
    let fixed = builder.build().ok()?;
    let plan = dispatch(&fixed, &DispatchOptions::every_order());
    validate(instance, &plan).is_complete().then_some(plan)
}
