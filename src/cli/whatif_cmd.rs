//! `takt whatif` and `takt whatif-merge`: evaluate published plans on many scenarios (explicit,
//! grid or sampled), write the results, print the summary; merge shards.

use super::args::{WhatIfArgs, WhatIfMergeArgs};
use super::out::outln;
use super::{EXIT_OK, input_failure, load};
use std::path::{Path, PathBuf};
use takt::budget::Budget;
use takt::io::{parse_time, read_plan, read_risks, read_scenarios};
use takt::replan::ReplanError;
use takt::whatif::{
    Axis, Grid, Sampler, ScenarioSet, Shard, Summary, WhatIf, WhatIfOptions, WhatIfResults, merge,
    read_shard, write_results, write_shard,
};

/// Runs `takt whatif` and returns the exit code.
pub fn run(a: &WhatIfArgs) -> anyhow::Result<u8> {
    let instance = load(&a.input)?;
    let now = parse_time(a.now.trim(), instance.plan_start()).map_err(|e| {
        input_failure(format!(
            "--now '{}': {} (hint: {})",
            a.now, e.message, e.hint
        ))
    })?;
    let plan_files: Vec<PathBuf> = match (&a.schedule, a.plans.as_slice()) {
        (Some(s), []) => vec![s.clone()],
        (None, [x, y]) => vec![x.clone(), y.clone()],
        _ => {
            return Err(input_failure(
                "give the published plan with --schedule PLAN.csv, or two plans to compare with --plans A.csv B.csv",
            ));
        }
    };
    let mut plans = Vec::new();
    for file in &plan_files {
        let plan = read_plan(&instance, file).map_err(|errors| {
            input_failure(format!("cannot read plan {}:\n{errors}", file.display()))
        })?;
        plans.push((file.display().to_string(), plan.schedule));
    }
    let options = WhatIfOptions {
        now,
        published_window: a.published_window,
        stability: Some(a.stability.weights(&instance)),
        mode: a.mode,
        late_threshold: a.late_threshold,
    };
    let whatif = WhatIf::new(instance.clone(), plans, options).map_err(input_failure)?;
    let scenarios = scenario_set(a, &whatif)?;
    let shard: Shard = a.shard.unwrap_or(Shard::WHOLE);
    let out_dir = a.out.clone().unwrap_or_else(|| {
        let mut name = format!("{}-whatif", instance.name());
        if !shard.is_whole() {
            name.push_str(&format!("-shard-{}-of-{}", shard.index + 1, shard.count));
        }
        PathBuf::from("out").join(name)
    });
    let mut inputs = plan_files.clone();
    inputs.extend(a.scenarios.iter().chain(&a.risks).cloned());
    guard_output(&out_dir, &a.input.instance, &inputs)?;
    let mut budget = Budget::iterations(a.iterations)
        .with_threads(a.threads)
        .with_seed(a.seed);
    if let Some(limit) = a.time_limit {
        budget = budget.with_time_limit_secs(limit).map_err(input_failure)?;
    }
    let total = shard.indices(scenarios.len()).count();
    let (budget, bar) = attach_bar(budget, total as u64, !(a.quiet || a.json));
    let results = whatif.run_shard(&scenarios, shard, &budget);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let results = results.map_err(input_failure)?;
    if !shard.is_whole() {
        let path = write_shard(&results, &out_dir)?;
        if a.json {
            outln!(
                "{}",
                serde_json::json!({"status": if results.complete {"shard_written"} else {"incomplete"}, "shard": shard.to_string(), "scenarios": total, "records": results.records.len(), "file": path})
            );
        } else if !a.quiet {
            outln!(
                "takt whatif: shard {shard} ({} of {} scenarios) written to {}; merge the shards with takt whatif-merge",
                total,
                scenarios.len(),
                path.display()
            );
        }
        return Ok(if results.complete { EXIT_OK } else { 1 });
    }
    finish(&results, &out_dir, a.no_html, a.quiet, a.json)
}

/// A bar of scenarios done on stderr, when `wanted` and stderr is a terminal.
fn attach_bar(
    budget: Budget,
    total: u64,
    wanted: bool,
) -> (Budget, Option<indicatif::ProgressBar>) {
    use std::io::IsTerminal;
    if !(wanted && std::io::stderr().is_terminal()) {
        return (budget, None);
    }
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(total),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} {elapsed:>4} [{bar:30}] {pos}/{len} scenarios",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    let shown = bar.clone();
    let budget = budget.observe(move |p| shown.set_position(p.iterations));
    (budget, Some(bar))
}

/// Runs `takt whatif-merge` and returns the exit code.
pub fn run_merge(a: &WhatIfMergeArgs) -> anyhow::Result<u8> {
    let mut shards = Vec::new();
    for path in &a.shards {
        shards.push(read_shard(path).map_err(input_failure)?);
    }
    let merged = merge(shards).map_err(input_failure)?;
    let out_dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("{}-whatif", merged.info.instance)));
    finish(&merged, &out_dir, a.no_html, a.quiet, a.json)
}

/// Writes the result files and prints the summary.
fn finish(
    results: &WhatIfResults,
    out_dir: &Path,
    no_html: bool,
    quiet: bool,
    json: bool,
) -> anyhow::Result<u8> {
    let (summary, written) = write_results(results, out_dir, !no_html)?;
    if json {
        outln!("{}", serde_json::to_string(&summary)?);
    } else if !quiet {
        print_summary(&summary, &written);
    }
    Ok(if summary.complete { EXIT_OK } else { 1 })
}

/// The scenario set the arguments ask for.
fn scenario_set(a: &WhatIfArgs, whatif: &WhatIf) -> anyhow::Result<ScenarioSet> {
    let instance = whatif.instance();
    if let Some(path) = &a.scenarios {
        let file = read_scenarios(instance, path).map_err(|errors| {
            input_failure(format!(
                "cannot read scenarios {}:\n{errors}",
                path.display()
            ))
        })?;
        let mut problems = Vec::new();
        for (scenario, lines) in file.scenarios.iter().zip(&file.lines) {
            if let Err((plan, error)) = whatif.check(scenario) {
                let line = match &error {
                    ReplanError::Event(e) => lines.get(e.index).copied(),
                    _ => None,
                };
                problems.push(match (line, &error) {
                    (Some(line), ReplanError::Event(e)) => format!(
                        "{}:{line}: error[{}]: scenario '{}' on plan {plan}: {}\n  hint: {}",
                        path.display(),
                        e.code,
                        scenario.name,
                        e.message,
                        e.hint
                    ),
                    _ => format!(
                        "{}: scenario '{}' on plan {plan}: {error}",
                        path.display(),
                        scenario.name
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Err(input_failure(problems.join("\n")));
        }
        return Ok(ScenarioSet::Explicit(file.scenarios));
    }
    if let Some(path) = &a.risks {
        let risks = read_risks(instance, path).map_err(|errors| {
            input_failure(format!("cannot read risks {}:\n{errors}", path.display()))
        })?;
        let sampler = Sampler::new(
            instance,
            risks,
            whatif.options().now,
            whatif.horizon_end(),
            a.seed,
            a.samples,
        )
        .map_err(input_failure)?;
        return Ok(ScenarioSet::Sampled(sampler));
    }
    let axes = a
        .grid
        .iter()
        .map(|g| Axis::parse(g, instance.plan_start()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(input_failure)?;
    let grid = Grid::new(instance, axes, whatif.options().now).map_err(input_failure)?;
    Ok(ScenarioSet::Grid(grid))
}

/// Refuses an output folder inside the instance folder or one whose files would overwrite an
/// input.
fn guard_output(out: &Path, instance: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .ok()
            .map(|p| p.canonicalize().unwrap_or(p))
            .unwrap_or_else(|| p.to_path_buf())
    };
    let out_abs = absolute(out);
    if instance.is_dir() && out_abs.starts_with(absolute(instance)) {
        return Err(input_failure(format!(
            "--out {} lies in the instance folder {}: choose another folder",
            out.display(),
            instance.display()
        )));
    }
    for input in inputs {
        let input_abs = absolute(input);
        let clash = takt::whatif::RESULT_FILES
            .iter()
            .chain([&takt::whatif::SHARD_FILE])
            .any(|f| out_abs.join(f) == input_abs);
        if clash {
            return Err(input_failure(format!(
                "--out {} would overwrite the input {}: choose another folder",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

fn print_summary(summary: &Summary, written: &[PathBuf]) {
    let info = &summary.info;
    outln!(
        "takt whatif: {} · {} · {} of {} scenarios evaluated{}",
        info.instance,
        info.scenarios,
        summary.evaluated,
        info.scenario_count,
        if summary.complete {
            ""
        } else {
            " (INCOMPLETE: cancelled or out of time)"
        }
    );
    outln!(
        "  {:<28} {:>10} {:>14} {:>14} {:>14} {:>10} {:>12} {:>8}",
        "plan / evaluated as",
        "scenarios",
        "exp. objective",
        "p95 objective",
        "worst",
        "exp. late",
        "exp. moved",
        "at risk"
    );
    for plan in &summary.plans {
        outln!(
            "  {:<28} {:>10} {:>14.2} {:>14} {:>14} {:>10} {:>12} {:>8}",
            format!("{} published", short_name(&plan.plan)),
            "",
            plan.published.objective,
            "",
            "",
            plan.published.late_orders,
            "",
            ""
        );
        for (what, m) in [("kept", &plan.keep), ("re-planned", &plan.replan)] {
            if let Some(m) = m {
                outln!(
                    "  {:<28} {:>10} {:>14.2} {:>14.2} {:>14.2} {:>10.1} {:>12.1} {:>8}",
                    format!("{} {what}", short_name(&plan.plan)),
                    m.scenarios,
                    m.objective.mean,
                    m.objective.p95,
                    m.objective.max,
                    m.late_orders.mean,
                    m.moved.mean,
                    m.orders_at_risk
                );
            }
        }
        if plan.failed > 0 {
            outln!(
                "  {} scenario(s) failed on {}: see the error column of scenarios.csv",
                plan.failed,
                plan.plan
            );
        }
    }
    outln!(
        "  at risk: orders late (or not planned) with probability above {}",
        info.late_threshold
    );
    for c in &summary.comparisons {
        outln!("  verdict: {}", c.verdict);
    }
    for path in written {
        outln!("  wrote {}", path.display());
    }
}

/// The last two parts of a path, enough to tell plans apart in a table.
fn short_name(name: &str) -> String {
    let path = Path::new(name);
    let parts: Vec<String> = path
        .components()
        .rev()
        .take(2)
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    parts.into_iter().rev().collect::<Vec<_>>().join("/")
}
