//! `takt replan`: apply events to a published plan, repair and improve it, write the new plan, its
//! KPIs, a diff and the plan page.

use super::args::ReplanArgs;
use super::replan_output::{print_replan_summary, replan_json};
use super::replan_page::write_page;
use super::{EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, load};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Duration;
use takt::io::{EventsFile, parse_time, read_events, read_plan};
use takt::model::Instance;
use takt::replan::{ReplanError, ReplanOptions, Replanner, StabilityWeights};

/// Runs `takt replan` and returns the exit code.
pub fn run(a: &ReplanArgs) -> anyhow::Result<u8> {
    match prepare(a) {
        Ok((instance, replanner, events)) => finish(a, &instance, replanner, &events),
        Err(err) if a.json => {
            println!(
                "{}",
                serde_json::json!({"status": "input_error", "error": format!("{err:#}")})
            );
            eprintln!("error: {err:#}");
            Ok(EXIT_ERROR)
        }
        Err(err) => Err(err),
    }
}

/// Reads everything and applies the events.
fn prepare(a: &ReplanArgs) -> anyhow::Result<(Instance, Replanner, EventsFile)> {
    let instance = load(&a.input)?;
    let now = parse_time(a.now.trim(), instance.plan_start())
        .map_err(|e| anyhow::anyhow!("--now '{}': {} (hint: {})", a.now, e.message, e.hint))?;
    let plan = read_plan(&instance, &a.schedule).map_err(|errors| {
        anyhow::anyhow!("cannot read plan {}:\n{errors}", a.schedule.display())
    })?;
    let events = read_events(&instance, &a.events).map_err(|errors| {
        anyhow::anyhow!("cannot read events {}:\n{errors}", a.events.display())
    })?;
    let scaled = StabilityWeights::scaled_to(&instance);
    let stability = match (a.move_penalty, a.published_move_penalty) {
        (None, None) => scaled,
        (moved, published) => {
            let move_penalty = moved.unwrap_or(scaled.move_penalty);
            StabilityWeights {
                move_penalty,
                published_move_penalty: published.unwrap_or(10.0 * move_penalty),
            }
        }
    };
    let options = ReplanOptions {
        now,
        published_window: a.published_window,
        stability: Some(stability),
        threads: usize::from(a.threads),
        seed: a.seed,
        max_iterations: a.iterations,
    };
    let mut replanner = Replanner::new(instance.clone(), plan.schedule, options)
        .map_err(|e| anyhow::anyhow!("{} and {}: {e}", a.schedule.display(), instance.name()))?;
    replanner
        .apply_all(events.events.iter().cloned())
        .map_err(|e| located(e, &events, &a.events))?;
    Ok((instance, replanner, events))
}

/// An event error placed at its line of events.csv.
fn located(error: ReplanError, events: &EventsFile, path: &Path) -> anyhow::Error {
    match error {
        ReplanError::Event(e) => {
            let line = events.lines.get(e.index).copied().unwrap_or(0);
            anyhow::anyhow!(
                "{}:{line}: error[{}]: {}\n  hint: {}",
                path.display(),
                e.code,
                e.message,
                e.hint
            )
        }
        other => anyhow::anyhow!("{other}"),
    }
}

fn finish(
    a: &ReplanArgs,
    base: &Instance,
    replanner: Replanner,
    events: &EventsFile,
) -> anyhow::Result<u8> {
    let replan = replanner
        .replan(Duration::from_secs_f64(a.time_limit))
        .map_err(|e| located(e, events, &a.events))?;
    let out_dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(format!("{}-replan", base.name())));
    takt::io::write_plan(&replan.instance, &replan.schedule, &out_dir)
        .with_context(|| format!("cannot write the plan to {}", out_dir.display()))?;
    let diff_path = out_dir.join("diff.csv");
    takt::io::write_diff(&replan.instance, &replan.diff, &diff_path)
        .with_context(|| format!("cannot write {}", diff_path.display()))?;
    write_page(&replanner, &replan, &out_dir.join("plan.html"))?;
    let summary = replan_json(&replanner, &replan, &out_dir);
    let kpis_path = out_dir.join("kpis.json");
    std::fs::write(&kpis_path, serde_json::to_string_pretty(&summary)? + "\n")
        .with_context(|| format!("cannot write {}", kpis_path.display()))?;
    if a.json {
        println!("{summary}");
    } else {
        print_replan_summary(&replanner, &replan, &out_dir);
    }
    Ok(if replan.schedule.unplanned.is_empty() {
        EXIT_OK
    } else {
        EXIT_PARTIAL
    })
}
