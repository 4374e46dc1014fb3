//! `takt check`: judge a written schedule against an instance with the independent checker; with
//! `--events E --now T`, against the instance after those events (a re-plan's own facts).

use super::args::CheckArgs;
use super::event_failure::event_failure;
use super::out::outln;
use super::{EXIT_INFEASIBLE, EXIT_OK, EXIT_PARTIAL, input_failure, load};
use serde_json::json;
use std::path::Path;
use takt::io::{PlanFiles, parse_time, read_events, read_plan};
use takt::model::Instance;
use takt::replan::{Event, ReplanError, event_errors, instance_after_events, with_event_orders};
use takt::validate::{CheckOptions, validate_with};

/// Runs `takt check` and returns the exit code.
pub fn run(a: &CheckArgs) -> anyhow::Result<u8> {
    let instance = load(&a.input)?;
    let (instance, plan, notes) = match (&a.events, &a.now) {
        (Some(events), Some(now)) => after_events(instance, &a.schedule, events, now)?,
        _ => {
            let plan = plan_of(&instance, &a.schedule)?;
            (instance, plan, Vec::new())
        }
    };
    let options = CheckOptions {
        check_shipments: plan.has_shipments,
    };
    let report = validate_with(&instance, &plan.schedule, &options);
    let code = if !report.is_feasible() {
        EXIT_INFEASIBLE
    } else if !report.unplanned.is_empty() {
        EXIT_PARTIAL
    } else {
        EXIT_OK
    };
    let verdict = match code {
        EXIT_OK => "feasible",
        EXIT_PARTIAL => "feasible_but_incomplete",
        _ => "infeasible",
    };
    if a.json {
        let violations: Vec<_> = report
            .violations
            .iter()
            .map(|v| {
                let place = plan.lines.locate(v);
                json!({
                    "code": v.code.as_str(),
                    "message": v.message,
                    "at": v.at,
                    "file": place.map(|(file, _)| file.display().to_string()),
                    "line": place.map(|(_, line)| line),
                })
            })
            .collect();
        let unplanned: Vec<&str> = report
            .unplanned
            .iter()
            .map(|o| instance.order(*o).name.as_str())
            .collect();
        let summary = json!({
            "status": verdict,
            "violations": violations,
            "violation_counts": report.counts_by_code(),
            "unplanned": unplanned,
            "shipments_checked": report.shipments_checked,
            "operations": plan.schedule.ops.len(),
            "notes": notes,
        });
        outln!("{summary}");
        return Ok(code);
    }
    outln!(
        "takt check: {} against {}: {verdict}",
        a.schedule.display(),
        instance.name()
    );
    for v in &report.violations {
        match plan.lines.locate(v) {
            Some((file, line)) => outln!(
                "  {:<26} {} ({}:{line})",
                v.code.as_str(),
                v.message,
                file.display()
            ),
            None => outln!("  {:<26} {}", v.code.as_str(), v.message),
        }
    }
    if !report.violations.is_empty() {
        outln!("  {} violation(s):", report.violations.len());
        for (code, n) in report.counts_by_code() {
            outln!("    {code:<26} {n}");
        }
    }
    for o in &report.unplanned {
        outln!("  unplanned order {}", instance.order(*o).name);
    }
    for note in &notes {
        outln!("  note: {note}");
    }
    if !report.shipments_checked {
        outln!(
            "  note: no shipments.csv beside the schedule, so shipments and arrival deadlines were not checked"
        );
    }
    Ok(code)
}

fn plan_of(instance: &Instance, schedule: &Path) -> anyhow::Result<PlanFiles> {
    read_plan(instance, schedule)
        .map_err(|errors| anyhow::anyhow!("cannot read plan {}:\n{errors}", schedule.display()))
}

/// The instance after the events (the plan's operations before `now` as history) and the plan read
/// against it.
fn after_events(
    instance: Instance,
    schedule: &Path,
    events: &Path,
    now: &str,
) -> anyhow::Result<(Instance, PlanFiles, Vec<String>)> {
    let now = parse_time(now.trim(), instance.plan_start())
        .map_err(|e| input_failure(format!("--now '{now}': {} (hint: {})", e.message, e.hint)))?;
    let file = read_events(&instance, events).map_err(|errors| {
        input_failure(format!(
            "cannot read events {}:\n{errors}",
            events.display()
        ))
    })?;
    // The events applied to the instance and the plan's history before `now`; the plan is read
    // against the instance with the events' rush orders.
    // Outer error: an event is wrong; inner: the plan cannot be read (told after the events).
    type Applied = anyhow::Result<(Instance, Vec<String>)>;
    let apply = |list: &[Event]| -> Result<Applied, ReplanError> {
        let with_orders = with_event_orders(&instance, now, list)?;
        let provisional = match plan_of(&with_orders, schedule) {
            Ok(plan) => plan,
            Err(unreadable) => return Ok(Err(unreadable)),
        };
        let (after, notes) =
            instance_after_events(&instance, &provisional.schedule, &with_orders, now, list)?;
        Ok(Ok((after, notes)))
    };
    match apply(&file.events) {
        Ok(applied) => {
            let (after, notes) = applied?;
            let plan = plan_of(&after, schedule)?;
            Ok((after, plan, notes))
        }
        Err(first) => {
            // Every bad event, not only the first, as `takt replan` reports them.
            let mut errors = event_errors(&file.events, |list| apply(list).map(|_| ()));
            if errors.is_empty() {
                errors.push(first);
            }
            Err(event_failure(errors, &file, events))
        }
    }
}
