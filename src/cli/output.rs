//! What `takt solve` prints: the KPI table for people; `--json` prints the outcome serialised.

use super::out::outln;
use std::path::Path;
use takt::outcome::Outcome;

/// Prints the outcome as one JSON object on one line.
pub fn print_json(outcome: &Outcome) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string(outcome)?);
    Ok(())
}

/// "3 high-priority order(s): 1 late (weighted tardiness 40.00), 0 left out", or `None` when the
/// instance has no high-priority order. Shared with the re-plan summary.
pub fn high_priority_line(p: &takt::solution::PriorityKpis) -> Option<String> {
    (p.high_priority_orders > 0).then(|| {
        format!(
            "{} high-priority order(s): {} late (weighted tardiness {:.2}), {} left out",
            p.high_priority_orders,
            p.high_priority_late,
            p.high_priority_weighted_tardiness,
            p.high_priority_left_out
        )
    })
}

/// A function giving " (high)" or " (low)" after an order name, nothing for `normal` and unknown
/// names.
pub fn class_tags(instance: &takt::model::Instance) -> impl Fn(&str) -> String + '_ {
    let classed: std::collections::HashMap<&str, takt::model::Priority> = instance
        .orders()
        .iter()
        .filter(|o| o.value.priority != takt::model::Priority::Normal)
        .map(|o| (o.name.as_str(), o.value.priority))
        .collect();
    move |name| {
        classed
            .get(name)
            .map_or(String::new(), |p| format!(" ({p})"))
    }
}

/// The human-readable KPI table of a solve.
pub fn print_solve_table(outcome: &Outcome, out_dir: Option<&Path>) {
    let instance = &outcome.instance;
    outln!(
        "takt solve: {} ({} orders, {} operations, {} machines, {} sites)",
        instance.name(),
        instance.orders().len(),
        instance.ops().len(),
        instance.machines().len(),
        instance.sites().len()
    );
    let mut rows: Vec<(&str, String)> = vec![
        ("solver", outcome.solver.clone()),
        ("status", outcome.status.to_string()),
    ];
    if let Some(k) = &outcome.kpis {
        let covers = if outcome.unplanned.is_empty() {
            String::new()
        } else {
            format!(", over the {} planned orders", k.planned_orders)
        };
        rows.extend([
            (
                "objective",
                format!(
                    "{:.2}  (lower bound {:.2}, gap {:.1}%{covers})",
                    k.objective,
                    outcome.lower_bound.unwrap_or(f64::NAN),
                    100.0 * outcome.gap.unwrap_or(0.0)
                ),
            ),
            (
                "makespan",
                format!(
                    "{}  (lower bound {}{covers})",
                    super::time::span(instance, k.makespan),
                    super::time::span(instance, k.makespan_lower_bound)
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
        ]);
        if let Some(line) = high_priority_line(&k.priority) {
            rows.push(("priority", line));
        }
        if !instance.demand_charges().is_empty() {
            rows.push(("demand", format!("{:.2} charge", k.demand_charge)));
        }
        if let Some(schedule) = outcome.schedule.as_ref().filter(|_| instance.has_modes()) {
            // Operations per machine mode, by name: "69 eco, 72 boost, 4 nominal".
            let mut counts = std::collections::BTreeMap::new();
            for s in &schedule.ops {
                let name = instance.machine(s.machine).mode_name(s.mode);
                *counts.entry(name).or_insert(0usize) += 1;
            }
            let listed: Vec<String> = counts.iter().map(|(m, n)| format!("{n} {m}")).collect();
            rows.push((
                "modes",
                format!(
                    "{}; mode changes cost {:.2}",
                    listed.join(", "),
                    k.mode_change_cost
                ),
            ));
        }
        let valued = instance.form() == takt::model::ObjectiveForm::Contribution
            || instance.orders().iter().any(|o| !o.value.is_default());
        if valued {
            let v = &k.value;
            rows.push((
                "contribution",
                format!(
                    "{:.2} (margin {:.2}; {} dropped, margin {:.2}; {} deferred, cost {:.2})",
                    v.contribution,
                    v.margin,
                    v.dropped_orders,
                    v.dropped_margin,
                    v.deferred_orders,
                    v.deferral_cost + v.deferred_energy_cost + v.deferred_transport_cost
                ),
            ));
        }
    }
    rows.push(("elapsed", format!("{:.3} s", outcome.elapsed_seconds)));
    if let Some(dir) = out_dir {
        rows.push((
            "plan",
            format!("{} (checked)", dir.join("schedule.csv").display()),
        ));
        rows.push(("chart", dir.join("plan.html").display().to_string()));
    } else {
        rows.push(("plan", "none written".into()));
    }
    for (label, value) in rows {
        outln!("  {label:<12} {value}");
    }
    let class_tag = class_tags(instance);
    let (failed, chosen): (Vec<_>, Vec<_>) = outcome
        .unplanned
        .iter()
        .partition(|u| u.decision == takt::solution::Decision::Unplannable);
    if !failed.is_empty() {
        outln!("  {} order(s) could not be planned:", failed.len());
        for u in &failed {
            outln!("    {}{}: {}", u.order, class_tag(&u.order), u.reason);
        }
    }
    if !chosen.is_empty() {
        outln!("  {} order(s) left out by choice:", chosen.len());
        for u in &chosen {
            outln!(
                "    {}{} ({}): {}",
                u.order,
                class_tag(&u.order),
                u.decision,
                u.reason
            );
        }
    }
    for line in &outcome.explanation {
        outln!("  why: {line}");
    }
    for note in &outcome.notes {
        outln!("  note: {note}");
    }
}
