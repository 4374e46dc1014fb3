//! The table and the JSON report of `takt bench-replan`.

use super::args::BenchReplanArgs;
use super::bench_replan_cmd::{Figures, Run};
use super::out::outln;
use serde_json::json;
use takt::model::Instance;
use takt::solution::Schedule;

/// Relative gap of a run's cost to the reference.
pub(super) fn gap(cost: f64, reference: f64) -> f64 {
    (cost - reference) / reference.abs().max(1e-9)
}

/// Share of the kWh in re-priced windows the re-plan cut (`None` without windows).
fn kwh_cut(r: &Run) -> Option<f64> {
    (r.window_kwh.0 > 0.0).then(|| 1.0 - r.window_kwh.1 / r.window_kwh.0)
}

/// Share of the energy saving of the plan made afresh that the re-plan reached.
pub(super) fn energy_share(r: &Run, fresh_energy: f64) -> Option<f64> {
    let possible = r.energy.0 - fresh_energy;
    (possible > 1e-9).then(|| (r.energy.0 - r.energy.1) / possible)
}

pub(super) fn print_table(
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
        if let Some(v) = f.value(last) {
            outln!(
                "    value at {} ms: contribution nothing {} / re-plan {} / re-solve {} / {} s re-plan {}; re-plan recovers {} of the re-solve's recovery ({} of {} samples where it recovers any) and {} of the better reference's; high-margin orders late or out: re-plan {}, re-solve {}, on time in the re-solve but not in the re-plan (most) {}",
                a.budget_ms[last],
                fmt(v.nothing, 0),
                fmt(v.replan, 0),
                fmt(v.resolve, 0),
                a.reference_seconds,
                fmt(v.long_replan, 0),
                percent(v.recovered_of_resolve),
                v.resolve_recovers,
                f.samples.len(),
                percent(v.recovered_of_best),
                fmt(v.late_high.0, 0),
                fmt(v.late_high.1, 0),
                v.lost_high.map_or("-".into(), |n| n.to_string())
            );
        }
        let (with, without) = f.on_time_pairs(last);
        if !without.is_empty() {
            outln!(
                "    orders on time after the re-plan at {} ms: {} with planned transfers, {} on the same plant without them ({} sample(s))",
                a.budget_ms[last],
                percent(median(&with)),
                percent(median(&without)),
                without.len()
            );
        }
        for failure in &f.failures {
            outln!("    failed: {failure}");
        }
    }
    outln!(
        "  (medians over samples; gap = objective + penalties against the better of a plan made afresh and a full-budget re-plan; moved/reseq/kWhcut/saved at the largest budget; repair = what the repair alone moved (keeping the published sequences), so moved - repair is what the improvement chose to move; saved/fresh = energy cost the re-plan and the plan made afresh save against the published plan at the new prices, where prices changed; +unpl = most orders a re-plan left unplanned beyond the reference)"
    );
}

pub(super) fn to_json(
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
                        "median_on_time_share": median(&f.runs(b).map(|r| r.on_time).collect::<Vec<_>>()),
                        "stopped": f.runs(b).map(|r| r.stopped.clone()).collect::<Vec<_>>(),
                        "value": f.value(b),
                    })
                })
                .collect();
            json!({
                "scenario": name,
                "large": large,
                "budgets": budgets,
                "references": f.samples.iter().filter(|s| s.reference.is_some()).count(),
                "median_on_time_share_without_transfers": median(&f.on_time_pairs(a.budget_ms.len().saturating_sub(1)).1),
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

pub(super) fn median(values: &[f64]) -> Option<f64> {
    quantile(values, 0.5)
}

fn fmt(x: Option<f64>, decimals: usize) -> String {
    x.map_or("-".into(), |x| format!("{x:.decimals$}"))
}

fn percent(x: Option<f64>) -> String {
    x.map_or("-".into(), |x| format!("{:.2}%", 100.0 * x))
}
