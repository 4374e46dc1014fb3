//! The KPI summary table; for a re-plan with the old plan's KPIs, the figures before and after and
//! the change (green when better, red when worse; lower is better for every figure shown).

use super::scale::{TimeScale, duration};
use crate::solution::Kpis;
use std::fmt::Write;

/// One KPI: its name, how to print it, and its value as a number for the change column.
struct Figure {
    name: &'static str,
    text: fn(&Kpis, &TimeScale) -> String,
    value: fn(&Kpis) -> f64,
    /// Decimals of the change column.
    decimals: usize,
}

const FIGURES: [Figure; 9] = [
    Figure {
        name: "objective",
        text: |k, _| format!("{:.2}", k.objective),
        value: |k| k.objective,
        decimals: 2,
    },
    Figure {
        name: "makespan",
        text: |k, s| format!("{} (ends {})", duration(k.makespan), s.time(k.makespan)),
        value: |k| k.makespan as f64,
        decimals: 0,
    },
    Figure {
        name: "weighted tardiness",
        text: |k, _| format!("{:.2}", k.total_weighted_tardiness),
        value: |k| k.total_weighted_tardiness,
        decimals: 2,
    },
    Figure {
        name: "tardiness",
        text: |k, _| duration(k.total_tardiness),
        value: |k| k.total_tardiness as f64,
        decimals: 0,
    },
    Figure {
        name: "late orders",
        text: |k, _| format!("{} of {}", k.late_orders, k.planned_orders),
        value: |k| k.late_orders as f64,
        decimals: 0,
    },
    Figure {
        name: "energy cost",
        text: |k, _| format!("{:.2} ({:.1} kWh)", k.energy_cost, k.energy_kwh),
        value: |k| k.energy_cost,
        decimals: 2,
    },
    Figure {
        name: "transport cost",
        text: |k, _| format!("{:.2}", k.transport_cost),
        value: |k| k.transport_cost,
        decimals: 2,
    },
    Figure {
        name: "unplanned orders",
        text: |k, _| k.unplanned_orders.to_string(),
        value: |k| k.unplanned_orders as f64,
        decimals: 0,
    },
    Figure {
        name: "operations",
        text: |k, _| k.operations.to_string(),
        value: |k| k.operations as f64,
        decimals: 0,
    },
];

/// The KPI table, with before / after / change columns when `old` is given.
pub fn kpi_table(kpis: &Kpis, old: Option<&Kpis>, scale: &TimeScale) -> String {
    let mut out = String::from(r#"<table class="kpi" id="kpis">"#);
    if old.is_some() {
        out.push_str("<tr><th></th><th>before</th><th>after</th><th>change</th></tr>");
    }
    for f in &FIGURES {
        let _ = write!(out, "<tr><th>{}</th>", f.name);
        if let Some(old) = old {
            let _ = write!(out, "<td>{}</td>", (f.text)(old, scale));
        }
        let _ = write!(out, "<td>{}</td>", (f.text)(kpis, scale));
        if let Some(old) = old {
            let delta = (f.value)(kpis) - (f.value)(old);
            let (class, change) = if delta.abs() < 1e-9 {
                ("same", format!("±{:.*}", f.decimals, 0.0))
            } else if f.name == "operations" {
                ("info", format!("{:+.*}", f.decimals, delta))
            } else if delta < 0.0 {
                ("better", format!("{:+.*}", f.decimals, delta))
            } else {
                ("worse", format!("{:+.*}", f.decimals, delta))
            };
            let _ = write!(out, r#"<td class="{class}">{change}</td>"#);
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpis() -> Kpis {
        Kpis {
            objective: 100.0,
            objective_lower_bound: 0.0,
            makespan: 600,
            makespan_lower_bound: 0,
            total_weighted_tardiness: 40.0,
            total_tardiness: 20,
            late_orders: 2,
            energy_kwh: 50.0,
            energy_cost: 12.5,
            demand_charge: 0.0,
            mode_change_cost: 0.0,
            transport_cost: 47.5,
            transfer_cost: 0.0,
            operations: 10,
            planned_orders: 5,
            unplanned_orders: 0,
            value: Default::default(),
            priority: Default::default(),
        }
    }

    #[test]
    fn the_summary_lists_every_kpi_a_planner_asks_for() {
        let html = kpi_table(&kpis(), None, &TimeScale::new(0, 600, None));
        for needle in [
            "objective</th><td>100.00",
            "makespan</th><td>10 h 00 min (ends t=600)",
            "tardiness</th><td>20 min",
            "late orders</th><td>2 of 5",
            "energy cost</th><td>12.50 (50.0 kWh)",
            "transport cost</th><td>47.50",
        ] {
            assert!(html.contains(needle), "{needle} missing in {html}");
        }
        assert!(!html.contains("change"));
    }

    #[test]
    fn a_replan_shows_before_after_and_the_signed_change() {
        let old = kpis();
        let new = Kpis {
            objective: 90.0,
            late_orders: 3,
            ..kpis()
        };
        let html = kpi_table(&new, Some(&old), &TimeScale::new(0, 600, None));
        assert!(html.contains("<th>change</th>"));
        assert!(html.contains(
            r#"objective</th><td>100.00</td><td>90.00</td><td class="better">-10.00</td>"#
        ));
        assert!(html.contains(r#"<td class="worse">+1</td>"#));
        assert!(html.contains(r#"<td class="same">±0.00</td>"#));
    }
}
