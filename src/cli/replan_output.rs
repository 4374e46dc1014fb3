//! What `takt replan` prints: a summary for people and one JSON object for machines.

use serde_json::{Value, json};
use std::path::Path;
use takt::replan::{Change, OrderStatus, Replan, Replanner};

/// The JSON summary of a re-plan, also written to `kpis.json`.
pub fn replan_json(replanner: &Replanner, replan: &Replan, out_dir: &Path) -> Value {
    let k = &replan.kpis;
    let d = &replan.diff;
    let instance = &replan.instance;
    let unplanned: Vec<Value> = replan
        .schedule
        .unplanned
        .iter()
        .map(|u| json!({"order": instance.order(u.order).name, "reason": u.reason}))
        .collect();
    let events: Vec<String> = replanner.events().iter().map(|e| e.describe()).collect();
    json!({
        "instance": instance.name(),
        "status": if replan.schedule.unplanned.is_empty() { "feasible" } else { "partial" },
        "now": replanner.horizon().now,
        "published_until": replanner.horizon().published_until,
        "events": events,
        "objective": k.objective,
        "objective_before": d.before.objective,
        "stability_penalty": replan.stability_penalty,
        "move_penalty": replanner.stability().move_penalty,
        "published_move_penalty": replanner.stability().published_move_penalty,
        "cost": replan.cost(),
        "repaired_cost": replan.repaired_cost,
        "makespan": k.makespan,
        "total_weighted_tardiness": k.total_weighted_tardiness,
        "total_weighted_tardiness_before": d.before.total_weighted_tardiness,
        "total_tardiness": k.total_tardiness,
        "late_orders": k.late_orders,
        "late_orders_before": d.before.late_orders,
        "energy_kwh": k.energy_kwh,
        "energy_cost": k.energy_cost,
        "energy_cost_before": d.before.energy_cost,
        "transport_cost": k.transport_cost,
        "operations": k.operations,
        "planned_orders": k.planned_orders,
        "unplanned_orders": k.unplanned_orders,
        "unplanned": unplanned,
        "changes": d.counts,
        "moved_share": d.counts.moved_share(),
        "resequenced_share": d.counts.resequenced_share(),
        "order_changes": d.orders,
        "notes": replan.notes,
        "checked": replan.report.is_feasible(),
        "repair_seconds": replan.repair_time.as_secs_f64(),
        "elapsed_seconds": replan.elapsed.as_secs_f64(),
        "out_dir": out_dir.display().to_string(),
    })
}

fn change(before: f64, after: f64) -> String {
    format!("{before:.2} -> {after:.2} ({:+.2})", after - before)
}

/// The human-readable summary of a re-plan.
pub fn print_replan_summary(replanner: &Replanner, replan: &Replan, out_dir: &Path) {
    let instance = &replan.instance;
    let d = &replan.diff;
    let c = &d.counts;
    println!(
        "takt replan: {} at now = {} after {} event(s)",
        instance.name(),
        replanner.horizon().now,
        replanner.events().len()
    );
    for e in replanner.events() {
        println!("  event        {}", e.describe());
    }
    let rows: Vec<(&str, String)> = vec![
        ("objective", change(d.before.objective, d.after.objective)),
        (
            "stability",
            format!(
                "{:.2} penalty for moved operations; objective + penalty {:.2} after repair, {:.2} improved",
                replan.stability_penalty,
                replan.repaired_cost,
                replan.cost()
            ),
        ),
        (
            "tardiness",
            format!(
                "{} weighted; late orders {} -> {}",
                change(
                    d.before.total_weighted_tardiness,
                    d.after.total_weighted_tardiness
                ),
                d.before.late_orders,
                d.after.late_orders
            ),
        ),
        (
            "energy cost",
            change(d.before.energy_cost, d.after.energy_cost),
        ),
        (
            "operations",
            format!(
                "{} unchanged, {} shifted, {} re-sequenced, {} reassigned, {} new, {} cancelled, {} dropped",
                c.unchanged, c.shifted, c.resequenced, c.reassigned, c.new, c.cancelled, c.dropped
            ),
        ),
        (
            "moved",
            format!(
                "{:.1}% of the kept operations ({:.1}% re-sequenced or reassigned)",
                100.0 * c.moved_share(),
                100.0 * c.resequenced_share()
            ),
        ),
        (
            "elapsed",
            format!(
                "{:.1} ms (repair {:.1} ms), plan checked",
                replan.elapsed.as_secs_f64() * 1e3,
                replan.repair_time.as_secs_f64() * 1e3
            ),
        ),
        (
            "plan",
            format!(
                "{}, diff {}, page {}",
                out_dir.join("schedule.csv").display(),
                out_dir.join("diff.csv").display(),
                out_dir.join("plan.html").display()
            ),
        ),
    ];
    for (label, value) in rows {
        println!("  {label:<12} {value}");
    }
    for o in &d.orders {
        println!(
            "  order        {}: {}",
            o.order,
            describe(o.before, o.after)
        );
    }
    for u in &replan.schedule.unplanned {
        println!("  unplanned    {}", u.reason);
    }
    for note in &replan.notes {
        println!("  note         {note}");
    }
    let first_moves: Vec<String> = d
        .changed()
        .filter(|c| matches!(c.change, Change::Resequenced | Change::Reassigned))
        .take(5)
        .map(|c| {
            let machine = |s: Option<takt::solution::ScheduledOp>| {
                s.map_or("-".to_string(), |s| {
                    instance.machine(s.machine).name.clone()
                })
            };
            format!(
                "{} step {} {} -> {} at {}",
                c.order,
                c.step + 1,
                machine(c.old),
                machine(c.new),
                c.new.map_or(0, |s| s.start)
            )
        })
        .collect();
    if !first_moves.is_empty() {
        println!("  re-sequenced {}", first_moves.join("; "));
    }
}

fn describe(before: OrderStatus, after: OrderStatus) -> String {
    match (before, after) {
        (OrderStatus::Absent, _) => format!("new, {}", status(after)),
        (_, OrderStatus::Absent) => "cancelled".to_string(),
        _ => format!("{} -> {}", status(before), status(after)),
    }
}

fn status(s: OrderStatus) -> String {
    match s {
        OrderStatus::Absent => "absent".into(),
        OrderStatus::Unplanned => "unplanned".into(),
        OrderStatus::OnTime { arrival } => format!("on time (arrives {arrival})"),
        OrderStatus::Late { arrival, tardiness } => {
            format!("late (arrives {arrival}, {tardiness} min late)")
        }
    }
}
