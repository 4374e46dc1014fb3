//! `takt replan`: apply events to a published plan, repair and improve it, publish the new plan, its
//! KPIs, a diff, the plan page and the instance after the events.

use super::args::ReplanArgs;
use super::event_failure::{event_failure, located};
use super::out::outln;
use super::output::print_json;
use super::progress::Bar;
use super::replan_output::{print_comparison, print_replan_summary};
use super::{input_failure, load, read_paths_of};
use std::path::{Path, PathBuf};
use takt::io::{
    EventsFile, PlanLines, check_output_folder, parse_time, publish, read_events, read_plan,
};
use takt::replan::{ReplanError, ReplanOptions, Replanner, event_errors};

/// Runs `takt replan` and returns the exit code.
pub fn run(a: &ReplanArgs) -> anyhow::Result<u8> {
    let (replanner, events) = prepare(a)?;
    let out_dir = a.out.clone().unwrap_or_else(|| {
        PathBuf::from("out").join(format!("{}-replan", replanner.base_instance().name()))
    });
    let mut read = read_paths_of(&a.input);
    read.files.push(a.events.clone());
    read.files.push(a.schedule.clone());
    if let Some(dir) = a.schedule.parent() {
        read.files.push(dir.join("shipments.csv"));
        read.files.push(dir.join("unplanned.csv"));
    }
    check_output_folder(&out_dir, &read, true).map_err(input_failure)?;
    let (budget, bar) = Bar::attach(
        super::args::budget(a.time_limit, a.iterations, a.threads, a.seed).with_chains(a.chains),
        !a.json,
    );
    let outcome = if a.from_scratch {
        replanner.replan_from_scratch(&budget)
    } else {
        replanner.replan(&budget)
    };
    let fresh = if a.compare {
        Some(replanner.replan_from_scratch(&budget))
    } else {
        None
    };
    bar.finish();
    let mut outcome = outcome.map_err(|e| located(e, &events, &a.events))?;
    let fresh = fresh
        .transpose()
        .map_err(|e| located(e, &events, &a.events))?;
    publish(&mut outcome, &out_dir)?;
    match (&fresh, a.json) {
        (Some(fresh), true) => outln!(
            "{}",
            serde_json::to_string(&serde_json::json!({"replan": &outcome, "from_scratch": fresh}))?
        ),
        (None, true) => print_json(&outcome)?,
        (Some(fresh), false) => {
            print_replan_summary(&outcome, &out_dir);
            print_comparison(&outcome, fresh);
        }
        (None, false) => print_replan_summary(&outcome, &out_dir),
    }
    Ok(outcome.exit_code())
}

/// Reads everything and applies the events.
fn prepare(a: &ReplanArgs) -> anyhow::Result<(Replanner, EventsFile)> {
    let instance = load(&a.input)?;
    let now = parse_time(a.now.trim(), instance.plan_start()).map_err(|e| {
        input_failure(format!(
            "--now '{}': {} (hint: {})",
            a.now, e.message, e.hint
        ))
    })?;
    let plan = read_plan(&instance, &a.schedule).map_err(|errors| {
        input_failure(format!(
            "cannot read plan {}:\n{errors}",
            a.schedule.display()
        ))
    })?;
    let events = read_events(&instance, &a.events).map_err(|errors| {
        input_failure(format!(
            "cannot read events {}:\n{errors}",
            a.events.display()
        ))
    })?;
    let weights = a.stability.weights(&instance);
    let options = ReplanOptions {
        now,
        published_window: a.published_window,
        stability: Some(weights),
        adaptive: !a.full_budget,
    };
    let name = instance.name().to_string();
    let lines = plan.lines;
    let mut replanner = Replanner::new(instance, plan.schedule, options)
        .map_err(|e| baseline_failure(e, &lines, &a.schedule, &name))?;
    if let Err(first) = replanner.apply_all(events.events.iter().cloned()) {
        // Every bad event, not only the first (the replanner is unchanged by a rejection).
        let mut errors = event_errors(&events.events, |list| {
            replanner.clone().apply_all(list.iter().cloned())
        });
        if errors.is_empty() {
            errors.push(first);
        }
        return Err(event_failure(errors, &events, &a.events));
    }
    Ok((replanner, events))
}

/// A published plan the re-planner refuses: each violation the checker found at the row of
/// `schedule.csv` or `shipments.csv` it is about.
fn baseline_failure(
    error: ReplanError,
    lines: &PlanLines,
    schedule: &Path,
    instance: &str,
) -> anyhow::Error {
    let ReplanError::Baseline { violations, .. } = &error else {
        return input_failure(format!("{} and {instance}: {error}", schedule.display()));
    };
    if violations.is_empty() {
        return input_failure(format!("{} and {instance}: {error}", schedule.display()));
    }
    let mut message = format!(
        "the published plan does not fit instance {instance}: the checker finds {} violation(s)",
        violations.len()
    );
    for v in violations {
        let place = match lines.locate(v) {
            Some((file, line)) => format!("{}:{line}", file.display()),
            None => schedule.display().to_string(),
        };
        message.push_str(&format!("\n{place}: [{}] {}", v.code.as_str(), v.message));
    }
    message.push_str(
        "\nhint: give the plan published for this instance, or check it with `takt check`",
    );
    input_failure(message)
}
