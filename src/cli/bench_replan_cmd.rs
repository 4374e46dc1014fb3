//! `takt bench-replan`: re-planning latency and quality on a generated plant.
//!
//! The baseline is the dispatching plan; `now` lies at a share of its makespan. For every event kind
//! a number of sampled events (see `takt::replan::sample_event`) are each applied to a fresh
//! `Replanner`; measured is the time from the event to the checked plan (applying the event,
//! repairing, improving within the budget, checking, computing KPIs and diff). The quality reference
//! is a plan made afresh for everything that has not started (`Replanner::replan_from_scratch`) with
//! its own budget; the row "none" re-plans without an event, which shows how far the baseline itself
//! is from that reference. The baseline is the plan `takt solve` publishes (or the greedy plan).

use super::EXIT_OK;
use super::args::{BenchBaseline, BenchReplanArgs};
use super::out::outln;
use serde_json::json;
use std::time::{Duration, Instant};
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::engine::{SolveOptions, SolverKind};
use takt::generate::{GeneratorConfig, generate};
use takt::replan::{Event, ReplanOptions, Replanner, sample_event};

/// The figures of one event kind.
#[derive(Default)]
struct Figures {
    latency_ms: Vec<f64>,
    gap: Vec<f64>,
    moved: Vec<f64>,
    resequenced: Vec<f64>,
    failures: Vec<String>,
}

/// Runs `takt bench-replan` and returns the exit code.
pub fn run(a: &BenchReplanArgs) -> anyhow::Result<u8> {
    let config = GeneratorConfig {
        orders: a.orders,
        machines: a.machines,
        sites: a.sites,
        seed: a.seed,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).map_err(|e| anyhow::anyhow!("{e}"))?;
    let baseline = match a.baseline {
        BenchBaseline::Dispatch => dispatch(&instance, &DispatchOptions::default()),
        BenchBaseline::Solved => {
            let budget = Budget::time(Duration::from_secs_f64(a.baseline_seconds))
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
    let options = ReplanOptions::at(now);
    let budget = Budget::time(Duration::from_millis(a.budget_ms))
        .with_threads(a.threads)
        .with_seed(a.seed);
    let resolve_budget = Budget::time(Duration::from_secs_f64(a.resolve_seconds))
        .with_threads(a.threads)
        .with_seed(a.seed);
    let mut by_kind = Vec::new();
    // "none": no event, to show how far the baseline itself is from the plan made afresh.
    for kind in std::iter::once("none").chain(Event::KINDS) {
        let mut f = Figures::default();
        for i in 0..a.samples {
            let seed = a.seed.wrapping_mul(1_000).wrapping_add(i);
            let event = sample_event(kind, &instance, &baseline, now, seed);
            if event.is_none() && kind != "none" {
                continue;
            }
            let mut replanner =
                Replanner::new(instance.clone(), baseline.clone(), options.clone())?;
            let started = Instant::now();
            let replan = match &event {
                Some(e) => replanner.apply(e.clone()),
                None => Ok(()),
            }
            .and_then(|_| replanner.replan(&budget));
            let latency = started.elapsed();
            let replan = match replan {
                Ok(r) => r,
                Err(e) => {
                    let what = event.as_ref().map_or("no event".into(), Event::describe);
                    f.failures.push(format!("{what}: {e}"));
                    continue;
                }
            };
            f.latency_ms.push(latency.as_secs_f64() * 1e3);
            if let Some(facts) = &replan.replan {
                f.moved.push(facts.moved_share);
                f.resequenced.push(facts.resequenced_share);
            }
            if a.resolve_seconds > 0.0 {
                let fresh = replanner.replan_from_scratch(&resolve_budget)?;
                let (Some(ours), Some(theirs)) = (replan.objective(), fresh.objective()) else {
                    continue;
                };
                let reference = theirs.abs().max(1e-9);
                f.gap.push((ours - theirs) / reference);
            }
        }
        by_kind.push((kind, f));
    }
    let mut all = Figures::default();
    for (_, f) in by_kind.iter().filter(|(k, _)| *k != "none") {
        all.latency_ms.extend(&f.latency_ms);
        all.gap.extend(&f.gap);
        all.moved.extend(&f.moved);
        all.resequenced.extend(&f.resequenced);
        all.failures.extend(f.failures.iter().cloned());
    }
    let row = |f: &Figures| {
        json!({
            "samples": f.latency_ms.len(),
            "median_latency_ms": median(&f.latency_ms),
            "p90_latency_ms": quantile(&f.latency_ms, 0.9),
            "median_gap": median(&f.gap),
            "max_gap": f.gap.iter().copied().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x)))),
            "median_moved_share": median(&f.moved),
            "median_resequenced_share": median(&f.resequenced),
            "max_resequenced_share": f.resequenced.iter().copied().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x)))),
            "failures": f.failures,
        })
    };
    let kinds: serde_json::Map<String, serde_json::Value> = by_kind
        .iter()
        .map(|(k, f)| (k.to_string(), row(f)))
        .collect();
    let summary = json!({
        "instance": instance.name(),
        "operations": instance.ops().len(),
        "machines": instance.machines().len(),
        "now": now,
        "baseline_makespan": baseline.makespan(),
        "budget_ms": a.budget_ms,
        "baseline": format!("{:?}", a.baseline).to_lowercase(),
        "baseline_seconds": a.baseline_seconds,
        "resolve_seconds": a.resolve_seconds,
        "threads": a.threads,
        "overall": row(&all),
        "by_kind": kinds,
    });
    if a.json {
        outln!("{summary}");
        return Ok(EXIT_OK);
    }
    outln!(
        "takt bench-replan: {} ({} operations, {} machines), {:?} baseline, now = {} of makespan {}, budget {} ms, reference {} s",
        instance.name(),
        instance.ops().len(),
        instance.machines().len(),
        a.baseline,
        now,
        baseline.makespan(),
        a.budget_ms,
        a.resolve_seconds
    );
    outln!(
        "  {:<17} {:>7} {:>10} {:>10} {:>10} {:>9} {:>11}",
        "event",
        "samples",
        "median ms",
        "p90 ms",
        "gap",
        "moved",
        "re-sequenced"
    );
    let print = |name: &str, f: &Figures| {
        outln!(
            "  {:<17} {:>7} {:>10} {:>10} {:>10} {:>9} {:>11}",
            name,
            f.latency_ms.len(),
            fmt(median(&f.latency_ms), 2),
            fmt(quantile(&f.latency_ms, 0.9), 2),
            percent(median(&f.gap)),
            percent(median(&f.moved)),
            percent(median(&f.resequenced)),
        );
    };
    for (kind, f) in &by_kind {
        print(kind, f);
    }
    print("all events", &all);
    outln!(
        "  (medians; gap = objective against the plan made afresh after history, \"none\" = no event)"
    );
    for failure in &all.failures {
        outln!("  failed: {failure}");
    }
    Ok(EXIT_OK)
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
