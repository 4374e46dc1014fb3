//! What `takt` prints: the KPI table for people and one JSON object for machines.

use serde_json::{Value, json};
use std::path::Path;
use takt::engine::SolveOutcome;
use takt::model::Instance;

/// The JSON summary of a solve, also written to `kpis.json`.
pub fn solve_json(instance: &Instance, outcome: &SolveOutcome, out_dir: &Path) -> Value {
    let k = &outcome.kpis;
    let unplanned: Vec<Value> = outcome
        .schedule
        .unplanned
        .iter()
        .map(|u| json!({"order": instance.order(u.order).name, "reason": u.reason}))
        .collect();
    json!({
        "instance": instance.name(),
        "solver": outcome.solver,
        "status": outcome.status.as_str(),
        "objective": k.objective,
        "lower_bound": outcome.lower_bound,
        "gap": relative_gap(k.objective, outcome.lower_bound),
        "makespan": k.makespan,
        "makespan_lower_bound": k.makespan_lower_bound,
        "total_weighted_tardiness": k.total_weighted_tardiness,
        "total_tardiness": k.total_tardiness,
        "late_orders": k.late_orders,
        "energy_kwh": k.energy_kwh,
        "energy_cost": k.energy_cost,
        "transport_cost": k.transport_cost,
        "operations": k.operations,
        "orders": instance.orders().len(),
        "planned_orders": k.planned_orders,
        "unplanned_orders": k.unplanned_orders,
        "unplanned": unplanned,
        "checked": outcome.report.is_feasible(),
        "notes": outcome.notes,
        "elapsed_seconds": outcome.elapsed.as_secs_f64(),
        "out_dir": out_dir.display().to_string(),
    })
}

/// `(objective - bound) / objective`, 0 when both are 0.
pub fn relative_gap(objective: f64, bound: f64) -> f64 {
    if objective.abs() < 1e-9 {
        0.0
    } else {
        ((objective - bound) / objective.abs()).max(0.0)
    }
}

/// The human-readable KPI table of a solve.
pub fn print_solve_table(instance: &Instance, outcome: &SolveOutcome, out_dir: &Path) {
    let k = &outcome.kpis;
    println!(
        "takt solve: {} ({} orders, {} operations, {} machines, {} sites)",
        instance.name(),
        instance.orders().len(),
        instance.ops().len(),
        instance.machines().len(),
        instance.sites().len()
    );
    let rows: Vec<(&str, String)> = vec![
        ("solver", outcome.solver.to_string()),
        ("status", outcome.status.as_str().to_string()),
        (
            "objective",
            format!(
                "{:.2}  (lower bound {:.2}, gap {:.1}%)",
                k.objective,
                outcome.lower_bound,
                100.0 * relative_gap(k.objective, outcome.lower_bound)
            ),
        ),
        (
            "makespan",
            format!(
                "{} min  (lower bound {})",
                k.makespan, k.makespan_lower_bound
            ),
        ),
        (
            "tardiness",
            format!(
                "{:.2} weighted, {} min in total",
                k.total_weighted_tardiness, k.total_tardiness
            ),
        ),
        (
            "late orders",
            format!("{} of {}", k.late_orders, k.planned_orders),
        ),
        (
            "energy",
            format!("{:.2} cost, {:.1} kWh", k.energy_cost, k.energy_kwh),
        ),
        ("transport", format!("{:.2} cost", k.transport_cost)),
        ("operations", k.operations.to_string()),
        ("elapsed", format!("{:.3} s", outcome.elapsed.as_secs_f64())),
        (
            "plan",
            format!("{} (checked)", out_dir.join("schedule.csv").display()),
        ),
        ("chart", out_dir.join("plan.html").display().to_string()),
    ];
    for (label, value) in rows {
        println!("  {label:<12} {value}");
    }
    if !outcome.schedule.unplanned.is_empty() {
        println!(
            "  {} order(s) could not be planned:",
            outcome.schedule.unplanned.len()
        );
        for u in &outcome.schedule.unplanned {
            println!("    {}: {}", instance.order(u.order).name, u.reason);
        }
    }
    for note in &outcome.notes {
        println!("  note: {note}");
    }
}
