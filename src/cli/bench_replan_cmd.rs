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
//! compared with what the plan made afresh saves.

use super::EXIT_OK;
use super::args::{BenchBaseline, BenchEvents, BenchPlant, BenchReplanArgs};
use super::out::outln;
use serde_json::json;
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

fn scenarios(which: BenchEvents) -> Vec<Scenario> {
    let mut out = Vec::new();
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
struct Run {
    latency_ms: f64,
    cost: f64,
    moved: f64,
    /// Share of operations the repair alone moved.
    repair_moved: f64,
    resequenced: f64,
    /// kWh drawn in re-priced windows: published plan at the new facts, re-plan.
    window_kwh: (f64, f64),
    /// Energy cost: published plan at the new facts, re-plan.
    energy: (f64, f64),
    stopped: String,
    /// Orders left unplanned.
    unplanned: usize,
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
        })
    }
}

/// One sample of a scenario: a run per budget, and the reference when measured.
struct Sample {
    runs: Vec<Run>,
    /// Reference cost, the energy cost of the plan made afresh, and the orders the reference
    /// leaves unplanned.
    reference: Option<(f64, f64, usize)>,
}

/// The figures of one scenario.
#[derive(Default)]
struct Figures {
    samples: Vec<Sample>,
    failures: Vec<String>,
}

impl Figures {
    /// The runs at budget number `b`.
    fn runs(&self, b: usize) -> impl Iterator<Item = &Run> + '_ {
        self.samples.iter().map(move |s| &s.runs[b])
    }

    /// Per sample with a reference: the run at budget `b`, the reference cost, the fresh plan's
    /// energy cost.
    fn referenced(&self, b: usize) -> impl Iterator<Item = (&Run, f64, f64)> + '_ {
        self.samples
            .iter()
            .filter_map(move |s| s.reference.map(|(c, e, _)| (&s.runs[b], c, e)))
    }

    fn gaps(&self, b: usize) -> Vec<f64> {
        self.referenced(b).map(|(r, c, _)| gap(r.cost, c)).collect()
    }

    /// Per sample with a reference: orders the run at budget `b` leaves unplanned beyond the
    /// reference (negative: fewer). Costs compare only where this is 0.
    fn extra_unplanned(&self, b: usize) -> Vec<f64> {
        self.samples
            .iter()
            .filter_map(|s| {
                s.reference
                    .map(|(_, _, u)| s.runs[b].unplanned as f64 - u as f64)
            })
            .collect()
    }

    fn energy_shares(&self, b: usize) -> Vec<f64> {
        self.referenced(b)
            .filter(|(r, _, _)| r.window_kwh.0 > 0.0)
            .filter_map(|(r, _, e)| energy_share(r, e))
            .collect()
    }

    /// Per sample with a reference and re-priced work: the energy cost the run at budget `b` and
    /// the plan made afresh save against the published plan at the new prices.
    fn energy_saved(&self, b: usize) -> (Vec<f64>, Vec<f64>) {
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

fn bench_plant(a: &BenchReplanArgs, plant: BenchPlant) -> anyhow::Result<serde_json::Value> {
    let instance = generate(&plant_config(plant, a.seed)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let baseline = match a.baseline {
        BenchBaseline::Dispatch => dispatch(&instance, &DispatchOptions::default()),
        BenchBaseline::Solved => {
            let budget = match a.baseline_iterations {
                Some(iterations) => Budget::iterations(iterations),
                None => Budget::time(Duration::from_secs_f64(a.baseline_seconds)),
            }
            .with_threads(a.threads)
            .with_seed(a.seed);
            let solved = takt::solve(
                &instance,
                &SolveOptions::with_solver(SolverKind::Search),
                &budget,
            )?;
            solved
                .schedule
                .ok_or_else(|| anyhow::anyhow!("the baseline solve found no plan"))?
        }
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
    if a.move_penalty.is_some() {
        options.stability = Some(StabilityWeights::chosen(&instance, a.move_penalty, None));
    }
    let mut by_scenario = Vec::new();
    for scenario in scenarios(a.events) {
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
                        Some(run) => runs.push(run),
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
            };
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

/// Relative gap of a run's cost to the reference.
fn gap(cost: f64, reference: f64) -> f64 {
    (cost - reference) / reference.abs().max(1e-9)
}

/// Share of the kWh in re-priced windows the re-plan cut (`None` without windows).
fn kwh_cut(r: &Run) -> Option<f64> {
    (r.window_kwh.0 > 0.0).then(|| 1.0 - r.window_kwh.1 / r.window_kwh.0)
}

/// Share of the energy saving of the plan made afresh that the re-plan reached.
fn energy_share(r: &Run, fresh_energy: f64) -> Option<f64> {
    let possible = r.energy.0 - fresh_energy;
    (possible > 1e-9).then(|| (r.energy.0 - r.energy.1) / possible)
}

fn print_table(
    a: &BenchReplanArgs,
    instance: &Instance,
    baseline: &Schedule,
    now: i64,
    by_scenario: &[(String, bool, Figures)],
) {
    outln!(
        "takt bench-replan: {} ({} operations, {} machines, {} sites), {:?} baseline, now = {} of makespan {}, reference {} s, {} sample(s) per scenario",
        instance.name(),
        instance.ops().len(),
        instance.machines().len(),
        instance.sites().len(),
        a.baseline,
        now,
        baseline.makespan(),
        a.reference_seconds,
        a.samples
    );
    let mut header = format!("  {:<22} {:>3}", "scenario", "n");
    for ms in &a.budget_ms {
        header.push_str(&format!(
            " {:>9} {:>9} {:>8}",
            format!("ms@{ms}"),
            format!("p90@{ms}"),
            format!("gap@{ms}")
        ));
    }
    header.push_str(&format!(
        " {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}",
        "maxgap", "moved", "repair", "reseq", "kWhcut", "saved", "fresh", "+unpl"
    ));
    outln!("{header}");
    for (name, _, f) in by_scenario {
        let last = a.budget_ms.len().saturating_sub(1);
        let mut line = format!("  {:<22} {:>3}", name, f.samples.len());
        for b in 0..a.budget_ms.len() {
            let lat: Vec<f64> = f.runs(b).map(|r| r.latency_ms).collect();
            line.push_str(&format!(
                " {:>9} {:>9} {:>8}",
                fmt(median(&lat), 1),
                fmt(quantile(&lat, 0.9), 1),
                percent(median(&f.gaps(b)))
            ));
        }
        let moved: Vec<f64> = f.runs(last).map(|r| r.moved).collect();
        let repair: Vec<f64> = f.runs(last).map(|r| r.repair_moved).collect();
        let reseq: Vec<f64> = f.runs(last).map(|r| r.resequenced).collect();
        let cut: Vec<f64> = f.runs(last).filter_map(kwh_cut).collect();
        line.push_str(&format!(
            " {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>6}",
            percent(f.gaps(last).into_iter().reduce(f64::max)),
            percent(median(&moved)),
            percent(median(&repair)),
            percent(median(&reseq)),
            percent(median(&cut)),
            fmt(median(&f.energy_saved(last).0), 0),
            fmt(median(&f.energy_saved(last).1), 0),
            fmt(f.extra_unplanned(last).into_iter().reduce(f64::max), 0)
        ));
        outln!("{line}");
        for failure in &f.failures {
            outln!("    failed: {failure}");
        }
    }
    outln!(
        "  (medians over samples; gap = objective + penalties against the better of a plan made afresh and a full-budget re-plan; moved/reseq/kWhcut/saved at the largest budget; repair = what the repair alone moved (keeping the published sequences), so moved - repair is what the improvement chose to move; saved/fresh = energy cost the re-plan and the plan made afresh save against the published plan at the new prices, where prices changed; +unpl = most orders a re-plan left unplanned beyond the reference)"
    );
}

fn to_json(
    a: &BenchReplanArgs,
    instance: &Instance,
    baseline: &Schedule,
    now: i64,
    by_scenario: &[(String, bool, Figures)],
) -> serde_json::Value {
    let scenarios: Vec<serde_json::Value> = by_scenario
        .iter()
        .map(|(name, large, f)| {
            let budgets: Vec<serde_json::Value> = a
                .budget_ms
                .iter()
                .enumerate()
                .map(|(b, ms)| {
                    let lat: Vec<f64> = f.runs(b).map(|r| r.latency_ms).collect();
                    let gaps = f.gaps(b);
                    let cut: Vec<f64> = f.runs(b).filter_map(kwh_cut).collect();
                    json!({
                        "budget_ms": ms,
                        "samples": lat.len(),
                        "median_latency_ms": median(&lat),
                        "p90_latency_ms": quantile(&lat, 0.9),
                        "median_gap": median(&gaps),
                        "max_gap": gaps.iter().copied().reduce(f64::max),
                        "median_moved_share": median(&f.runs(b).map(|r| r.moved).collect::<Vec<_>>()),
                        "median_repair_moved_share": median(&f.runs(b).map(|r| r.repair_moved).collect::<Vec<_>>()),
                        "median_resequenced_share": median(&f.runs(b).map(|r| r.resequenced).collect::<Vec<_>>()),
                        "median_kwh_cut": median(&cut),
                        "median_energy_saving_share": median(&f.energy_shares(b)),
                        "median_energy_saved": median(&f.energy_saved(b).0),
                        "median_energy_saved_afresh": median(&f.energy_saved(b).1),
                        "max_extra_unplanned": f.extra_unplanned(b).into_iter().reduce(f64::max),
                        "stopped": f.runs(b).map(|r| r.stopped.clone()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            json!({
                "scenario": name,
                "large": large,
                "budgets": budgets,
                "references": f.samples.iter().filter(|s| s.reference.is_some()).count(),
                "failures": f.failures,
            })
        })
        .collect();
    json!({
        "instance": instance.name(),
        "operations": instance.ops().len(),
        "machines": instance.machines().len(),
        "sites": instance.sites().len(),
        "now": now,
        "baseline_makespan": baseline.makespan(),
        "baseline": format!("{:?}", a.baseline).to_lowercase(),
        "baseline_seconds": a.baseline_seconds,
        "baseline_iterations": a.baseline_iterations,
        "reference_seconds": a.reference_seconds,
        "threads": a.threads,
        "samples": a.samples,
        "scenarios": scenarios,
    })
}

fn quantile(values: &[f64], q: f64) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let k = ((v.len() - 1) as f64 * q).round() as usize;
    Some(v[k])
}

fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

fn fmt(x: Option<f64>, decimals: usize) -> String {
    x.map_or("-".into(), |x| format!("{x:.decimals$}"))
}

fn percent(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.2}%", 100.0 * x))
}
