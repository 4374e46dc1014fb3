//! `takt check`: judge a written schedule against an instance with the independent checker.

use super::args::CheckArgs;
use super::out::outln;
use super::{EXIT_INFEASIBLE, EXIT_OK, EXIT_PARTIAL, load};
use serde_json::json;
use takt::validate::{CheckOptions, validate_with};

/// Runs `takt check` and returns the exit code.
pub fn run(a: &CheckArgs) -> anyhow::Result<u8> {
    let instance = load(&a.input)?;
    let plan = takt::io::read_plan(&instance, &a.schedule).map_err(|errors| {
        anyhow::anyhow!("cannot read plan {}:\n{errors}", a.schedule.display())
    })?;
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
            .map(|v| json!({"code": v.code.as_str(), "message": v.message, "at": v.at}))
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
        outln!("  {:<26} {}", v.code.as_str(), v.message);
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
    if !report.shipments_checked {
        outln!(
            "  note: no shipments.csv beside the schedule, so shipments and arrival deadlines were not checked"
        );
    }
    Ok(code)
}
