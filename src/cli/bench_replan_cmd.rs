//! `takt bench-replan`: re-planning latency, quality, stability and energy response on generated
//! plants.
//!
//! For each plant (see [`BenchPlant`]) the published plan is the plan `takt solve` makes in
//! `--baseline-seconds` or `--baseline-iterations` (or the dispatching plan), and `now` lies at a share of its makespan. Every
//! scenario (small events of every kind, an event that changes nothing, and the large disruptions of
//! [`Disruption`]) is sampled `--samples` times; each sample is applied to a fresh `Replanner` and
//! re-planned once per budget. Latency runs from applying the events to the checked outcome. The
//! reference of a sample is the better, on objective plus stability penalty, of a plan made afresh
//! after history and a re-plan spending the whole budget, each with `--reference-seconds`; the gap
//! is the re-plan's objective plus penalties against it. For price changes the kWh drawn inside the
//! re-priced windows and the energy cost saved against the published plan at the new prices are
//! compared with what the plan made afresh saves. On plants under the contribution form (`value`)
//! the table adds the value figures of [`super::bench_replan_value`].

use super::EXIT_OK;
use super::args::{BenchBaseline, BenchEvents, BenchPlant, BenchReplanArgs};
use super::bench_replan_report::{energy_share, gap, print_table, to_json};
use super::bench_replan_value::{ValueFigures, ValueReference, ValueRun, high_margin_orders};
use super::out::outln;
use std::time::{Duration, Instant};
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::engine::{SolveOptions, SolverKind};
use takt::generate::{GeneratorConfig, generate};
use takt::model::Instance;
use takt::outcome::Outcome;
use takt::replan::{Disruption, Event, ReplanOptions, Replanner, quiet_event, sample_event};
use takt::solution::{Schedule, StabilityWeights};

/// The generated plant of a [`BenchPlant`].
fn plant_config(plant: BenchPlant, seed: u64) -> GeneratorConfig {
    match plant {
        BenchPlant::Two => GeneratorConfig {
            orders: 400,
            machines: 20,
            sites: 2,
            seed,
            ..GeneratorConfig::default()
        },
        BenchPlant::Four => GeneratorConfig {
            orders: 360,
            machines: 24,
            sites: 4,
            customers: 5,
            products: 16,
            materials: 6,
            initial_stock: (0.05, 0.15),
            spare_material: (0.0, 0.03),
            due_slack: 3.0,
            seed,
            ..GeneratorConfig::default()
        },
        BenchPlant::Network => GeneratorConfig {
            orders: 400,
            machines: 24,
            sites: 3,
            materials: 4,
            ports: 1,
            warehouses: 1,
            initial_stock: (0.1, 0.3),
            spare_material: (0.0, 0.05),
            seed,
            ..GeneratorConfig::default()
        },
        BenchPlant::Value => GeneratorConfig {
            margins: true,
            optional_share: 0.3,
            modes: true,
            due_slack: 3.0,
            ..plant_config(BenchPlant::Two, seed)
        },
    }
}

/// Samples a scenario's events for a plant, its published plan, `now` and a seed (`None` when the
/// plant offers no such event).
type Sampler = Box<dyn Fn(&Instance, &Schedule, i64, u64) -> Option<Vec<Event>>>;

/// A scenario: its name, whether it is a large disruption, and how to sample it.
struct Scenario {
    name: String,
    large: bool,
    sample: Sampler,
}

/// The scenarios `--events` selects, narrowed to `--scenario` when given.
///
/// # Errors
/// A name in `only` that no selected scenario has.
fn selected_scenarios(which: BenchEvents, only: &[String]) -> anyhow::Result<Vec<Scenario>> {
    let all = scenarios(which);
    if let Some(unknown) = only.iter().find(|n| !all.iter().any(|s| &s.name == *n)) {
        let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
        anyhow::bail!(
            "--scenario {unknown}: no such scenario among --events {}; give one of {}",
            format!("{which:?}").to_lowercase(),
            names.join(", ")
        );
    }
    Ok(all
        .into_iter()
        .filter(|s| only.is_empty() || only.contains(&s.name))
        .collect())
}

fn scenarios(which: BenchEvents) -> Vec<Scenario> {
    let mut out = Vec::new();
    if which == BenchEvents::Logistics {
        for d in Disruption::LOGISTICS {
            out.push(Scenario {
                name: d.name().to_string(),
                large: true,
                sample: Box::new(move |i, b, now, seed| d.events(i, b, now, seed)),
            });
        }
        return out;
    }
    if which != BenchEvents::Large {
        out.push(Scenario {
            name: "none".into(),
            large: false,
            sample: Box::new(|_, _, _, _| Some(Vec::new())),
        });
        out.push(Scenario {
            name: "quiet".into(),
            large: false,
            sample: Box::new(|i, b, _, _| quiet_event(i, b).map(|e| vec![e])),
        });
        for kind in Event::KINDS {
            out.push(Scenario {
                name: kind.to_string(),
                large: false,
                sample: Box::new(move |i, b, now, seed| {
                    sample_event(kind, i, b, now, seed).map(|e| vec![e])
                }),
            });
        }
    }
    if which != BenchEvents::Small {
        for d in Disruption::ALL {
            out.push(Scenario {
                name: d.name().to_string(),
                large: true,
                sample: Box::new(move |i, b, now, seed| d.events(i, b, now, seed)),
            });
        }
    }
    out
}

/// What one re-plan of one sample gave at one budget.
#[derive(Clone, Debug, Default)]
pub(super) struct Run {
    pub(super) latency_ms: f64,
    pub(super) cost: f64,
    pub(super) moved: f64,
    /// Share of operations the repair alone moved.
    pub(super) repair_moved: f64,
    pub(super) resequenced: f64,
    /// kWh drawn in re-priced windows: published plan at the new facts, re-plan.
    pub(super) window_kwh: (f64, f64),
    /// Energy cost: published plan at the new facts, re-plan.
    pub(super) energy: (f64, f64),
    pub(super) stopped: String,
    /// Orders left unplanned.
    pub(super) unplanned: usize,
    /// Share of all orders planned and on time.
    pub(super) on_time: f64,
    /// The value facts, under the contribution form.
    pub(super) value: Option<ValueRun>,
}

impl Run {
    /// `None` for an outcome without a plan (then there is nothing to measure).
    fn of(outcome: &Outcome, latency: Duration) -> Option<Self> {
        let facts = outcome.replan.as_ref()?;
        let kpis = outcome.kpis.as_ref()?;
        let window_kwh = facts.price_windows.iter().fold((0.0, 0.0), |(a, b), w| {
            (a + w.published_kwh, b + w.replan_kwh)
        });
        Some(Run {
            latency_ms: latency.as_secs_f64() * 1e3,
            cost: facts.cost,
            moved: facts.moved_share,
            repair_moved: facts.repair_moved_share,
            resequenced: facts.resequenced_share,
            window_kwh,
            energy: (facts.published.kpis.energy_cost, kpis.energy_cost),
            stopped: facts.improvement.stopped.clone(),
            unplanned: kpis.unplanned_orders,
            on_time: (kpis.planned_orders - kpis.late_orders.min(kpis.planned_orders)) as f64
                / (kpis.planned_orders + kpis.unplanned_orders).max(1) as f64,
            value: None,
        })
    }
}

/// One sample of a scenario: a run per budget, and the reference when measured.
pub(super) struct Sample {
    pub(super) runs: Vec<Run>,
    /// Reference cost, the energy cost of the plan made afresh, and the orders the reference
    /// leaves unplanned.
    pub(super) reference: Option<(f64, f64, usize)>,
    /// The references' value facts, under the contribution form.
    pub(super) value_reference: Option<ValueReference>,
    /// Where the plant plans transfers: the share of orders on time after the re-plan at the
    /// largest budget of the same plant without planned transfers (its own published plan, the
    /// same events).
    pub(super) on_time_without: Option<f64>,
}

/// The figures of one scenario.
#[derive(Default)]
pub(super) struct Figures {
    pub(super) samples: Vec<Sample>,
    pub(super) failures: Vec<String>,
}

impl Figures {
    /// The runs at budget number `b`.
    pub(super) fn runs(&self, b: usize) -> impl Iterator<Item = &Run> + '_ {
        self.samples.iter().map(move |s| &s.runs[b])
    }

    /// Per sample with a reference: the run at budget `b`, the reference cost, the fresh plan's
    /// energy cost.
    pub(super) fn referenced(&self, b: usize) -> impl Iterator<Item = (&Run, f64, f64)> + '_ {
        self.samples
            .iter()
            .filter_map(move |s| s.reference.map(|(c, e, _)| (&s.runs[b], c, e)))
    }

    pub(super) fn gaps(&self, b: usize) -> Vec<f64> {
        self.referenced(b).map(|(r, c, _)| gap(r.cost, c)).collect()
    }

    /// Per sample with a reference: orders the run at budget `b` leaves unplanned beyond the
    /// reference (negative: fewer). Costs compare only where this is 0.
    pub(super) fn extra_unplanned(&self, b: usize) -> Vec<f64> {
        self.samples
            .iter()
            .filter_map(|s| {
                s.reference
                    .map(|(_, _, u)| s.runs[b].unplanned as f64 - u as f64)
            })
            .collect()
    }

    pub(super) fn energy_shares(&self, b: usize) -> Vec<f64> {
        self.referenced(b)
            .filter(|(r, _, _)| r.window_kwh.0 > 0.0)
            .filter_map(|(r, _, e)| energy_share(r, e))
            .collect()
    }

    /// Per sample compared with the plant without planned transfers: the share of orders on time
    /// after the run at budget `b`, and after the re-plan without transfers.
    pub(super) fn on_time_pairs(&self, b: usize) -> (Vec<f64>, Vec<f64>) {
        self.samples
            .iter()
            .filter_map(|s| s.on_time_without.map(|w| (s.runs[b].on_time, w)))
            .unzip()
    }

    /// The value figures at budget `b` (`None` when no run has value facts).
    pub(super) fn value(&self, b: usize) -> Option<ValueFigures> {
        let pairs: Vec<(&ValueRun, Option<&ValueReference>)> = self
            .samples
            .iter()
            .filter_map(|s| {
                s.runs[b]
                    .value
                    .as_ref()
                    .map(|v| (v, s.value_reference.as_ref()))
            })
            .collect();
        (!pairs.is_empty()).then(|| ValueFigures::of(&pairs))
    }

    /// Per sample with a reference and re-priced work: the energy cost the run at budget `b` and
    /// the plan made afresh save against the published plan at the new prices.
    pub(super) fn energy_saved(&self, b: usize) -> (Vec<f64>, Vec<f64>) {
        self.referenced(b)
            .filter(|(r, _, _)| r.window_kwh.0 > 0.0)
            .map(|(r, _, e)| (r.energy.0 - r.energy.1, r.energy.0 - e))
            .unzip()
    }
}

/// Runs `takt bench-replan` and returns the exit code.
pub fn run(a: &BenchReplanArgs) -> anyhow::Result<u8> {
    let mut report = Vec::new();
    for &plant in &a.plant {
        report.push(bench_plant(a, plant)?);
    }
    if a.json {
        outln!("{}", serde_json::Value::Array(report));
    }
    Ok(EXIT_OK)
}

/// The published plan the bench re-plans from (`--baseline`).
fn published(a: &BenchReplanArgs, instance: &Instance) -> anyhow::Result<Schedule> {
    Ok(match a.baseline {
        BenchBaseline::Dispatch => dispatch(instance, &DispatchOptions::default()),
        BenchBaseline::Solved => {
            let budget = match a.baseline_iterations {
                Some(iterations) => Budget::iterations(iterations),
                None => Budget::time(Duration::from_secs_f64(a.baseline_seconds)),
            }
            .with_threads(a.threads)
            .with_seed(a.seed);
            let solved = takt::solve(
                instance,
                &SolveOptions::with_solver(SolverKind::Search),
                &budget,
            )?;
            solved
                .schedule
                .ok_or_else(|| anyhow::anyhow!("the baseline solve found no plan"))?
        }
    })
}

fn bench_plant(a: &BenchReplanArgs, plant: BenchPlant) -> anyhow::Result<serde_json::Value> {
    let instance = generate(&plant_config(plant, a.seed)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let baseline = published(a, &instance)?;
    // Where transfers are planned: the same plant without them, with its own published plan.
    let without = if instance.plans_transfers() {
        let mut b = instance.to_builder();
        b.plan_transfers = false;
        let plain = b.build().map_err(|e| anyhow::anyhow!("{e}"))?;
        let plan = published(a, &plain)?;
        Some((plain, plan))
    } else {
        None
    };
    let now = (baseline.makespan() as f64 * a.now_share) as i64;
    let budgets: Vec<Budget> = a
        .budget_ms
        .iter()
        .map(|&ms| {
            Budget::time(Duration::from_millis(ms))
                .with_threads(a.threads)
                .with_seed(a.seed)
        })
        .collect();
    let reference_budget = Budget::time(Duration::from_secs_f64(a.reference_seconds))
        .with_threads(a.threads)
        .with_seed(a.seed);
    let mut options = ReplanOptions::at(now);
    if a.move_penalty.is_some() || a.repriced_factor.is_some() {
        let mut weights = StabilityWeights::chosen(&instance, a.move_penalty, None);
        if let Some(factor) = a.repriced_factor {
            weights.repriced_factor = factor;
        }
        options.stability = Some(weights);
    }
    let valued = instance.form() == takt::model::ObjectiveForm::Contribution;
    let high = high_margin_orders(&instance);
    let value_of = |o: &Outcome| valued.then(|| ValueRun::of(&instance, &high, o)).flatten();
    let mut by_scenario = Vec::new();
    for scenario in selected_scenarios(a.events, &a.scenario)? {
        let mut f = Figures::default();
        for i in 0..a.samples {
            let seed = a.seed.wrapping_mul(1_000).wrapping_add(i);
            let Some(events) = (scenario.sample)(&instance, &baseline, now, seed) else {
                continue;
            };
            let what = events
                .iter()
                .map(|e| e.describe())
                .collect::<Vec<_>>()
                .join("; ");
            let mut fresh_replanner = None;
            let mut runs = Vec::new();
            for budget in &budgets {
                let mut replanner =
                    Replanner::new(instance.clone(), baseline.clone(), options.clone())?;
                let started = Instant::now();
                let outcome = replanner
                    .apply_all(events.clone())
                    .and_then(|_| replanner.replan(budget));
                let latency = started.elapsed();
                match outcome {
                    Ok(o) => match Run::of(&o, latency) {
                        Some(run) => runs.push(Run {
                            value: value_of(&o),
                            ..run
                        }),
                        None => {
                            f.failures
                                .push(format!("{what}: the re-plan has no plan ({})", o.status));
                            break;
                        }
                    },
                    Err(e) => {
                        f.failures.push(format!("{what}: {e}"));
                        break;
                    }
                }
                fresh_replanner = Some(replanner);
            }
            if runs.len() < budgets.len() {
                continue;
            }
            let mut sample = Sample {
                runs,
                reference: None,
                value_reference: None,
                on_time_without: None,
            };
            if let (Some((plain, plan)), Some(budget)) = (&without, budgets.last()) {
                let mut r = Replanner::new(plain.clone(), plan.clone(), options.clone())?;
                let outcome = r.apply_all(events.clone()).and_then(|_| r.replan(budget));
                sample.on_time_without = outcome
                    .ok()
                    .and_then(|o| Run::of(&o, Duration::ZERO))
                    .map(|run| run.on_time);
            }
            let reference_wanted = a.reference_seconds > 0.0 && (scenario.large || a.reference_all);
            if let (true, Some(replanner)) = (reference_wanted, fresh_replanner.as_mut()) {
                let fresh = replanner.replan_from_scratch(&reference_budget)?;
                let mut options = replanner.options().clone();
                options.adaptive = false;
                let mut long = Replanner::new(instance.clone(), baseline.clone(), options)?;
                long.apply_all(events.clone())?;
                let long = long.replan(&reference_budget)?;
                // Fewer unplanned orders first, then objective plus penalties.
                let key = |o: &Outcome| {
                    (
                        o.kpis.as_ref().map_or(usize::MAX, |k| k.unplanned_orders),
                        o.replan.as_ref().map_or(f64::INFINITY, |r| r.cost),
                    )
                };
                let (f, l) = (key(&fresh), key(&long));
                let best = if f.0 < l.0 || (f.0 == l.0 && f.1 < l.1) {
                    f
                } else {
                    l
                };
                let energy = fresh.kpis.as_ref().map_or(0.0, |k| k.energy_cost);
                sample.reference = Some((best.1, energy, best.0));
                if let (Some(fresh), Some(long)) = (value_of(&fresh), value_of(&long)) {
                    sample.value_reference = Some(ValueReference { fresh, long });
                }
            }
            f.samples.push(sample);
        }
        by_scenario.push((scenario.name, scenario.large, f));
    }
    if !a.json {
        print_table(a, &instance, &baseline, now, &by_scenario);
    }
    Ok(to_json(a, &instance, &baseline, now, &by_scenario))
}
