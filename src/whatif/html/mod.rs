//! The what-if comparison page: one self-contained HTML file (inline CSS and SVG, no script, no
//! network). It shows the run's facts, the verdict when plans are compared, a summary table per
//! plan and way of evaluating, distribution plots of the objective and of the minutes late, the
//! worst scenarios and the orders most at risk. Every name from the input is escaped
//! ([`crate::report::escape`]).

mod histogram;
mod tables;

use super::results::{Summary, WhatIfResults};
use crate::report::escape;
use histogram::{Series, histogram};
use std::fmt::Write;

const STYLE: &str = include_str!("page.css");

/// Colours of the series: per plan, kept and re-planned.
const COLORS: [[&str; 2]; 4] = [
    ["#d62728", "#1f77b4"],
    ["#ff7f0e", "#2ca02c"],
    ["#9467bd", "#17becf"],
    ["#8c564b", "#7f7f7f"],
];

/// Rows of the worst-scenario table.
const WORST: usize = 10;
/// Rows of the orders-at-risk table.
const AT_RISK: usize = 20;

/// The page for `results` (whose `summary` is given).
pub fn render_page(results: &WhatIfResults, summary: &Summary) -> String {
    let info = &results.info;
    let mut out = String::with_capacity(64 * 1024);
    let name = escape(&info.instance);
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>takt what-if: {name}</title><style>{STYLE}</style></head><body>"#
    );
    let start = info
        .plan_start
        .as_ref()
        .map_or(String::new(), |s| format!(" · minute 0 = {}", escape(s)));
    let _ = write!(
        out,
        r#"<header><h1>What-if: {name}</h1><p class="meta">{} · events known at minute {}{start} · {} · {} of {} scenarios evaluated{}</p><p class="meta">re-plans: {} search iterations each, seed {}, move penalty {:.2} · at risk: late with probability above {}</p></header>"#,
        escape(&info.scenarios),
        info.now,
        match info.mode {
            super::Mode::Both => "kept and re-planned",
            super::Mode::Keep => "kept as published",
            super::Mode::Replan => "re-planned",
        },
        summary.evaluated,
        info.scenario_count,
        if summary.complete {
            ""
        } else {
            " (incomplete run)"
        },
        info.iterations,
        info.seed,
        info.move_penalty,
        info.late_threshold,
    );
    for c in &summary.comparisons {
        let _ = write!(
            out,
            r#"<section class="verdict"><h2>Which plan is more robust ({})</h2><p>{}</p>{}</section>"#,
            if c.mode == super::Mode::Replan {
                "re-planned"
            } else {
                "kept"
            },
            escape(&c.verdict),
            tables::comparison_table(c)
        );
    }
    let _ = write!(
        out,
        r#"<section><h2>Summary</h2>{}</section>"#,
        tables::summary_table(summary)
    );
    out.push_str(r#"<section class="plots"><h2>Distributions</h2>"#);
    for (title, unit, figure) in [
        (
            "Objective per scenario",
            "objective (money)",
            (|e: &super::Evaluation| e.kpis.objective) as fn(&super::Evaluation) -> f64,
        ),
        (
            "Minutes late per scenario (all orders)",
            "total tardiness (minutes)",
            |e| e.kpis.total_tardiness as f64,
        ),
        ("Late orders per scenario", "late orders", |e| {
            e.kpis.late_orders as f64
        }),
    ] {
        let mut columns: Vec<(String, &'static str, Vec<f64>)> = Vec::new();
        for (p, plan) in info.plans.iter().enumerate() {
            for (m, (what, replan)) in [("kept", false), ("re-planned", true)]
                .into_iter()
                .enumerate()
            {
                let values: Vec<f64> = results
                    .records
                    .iter()
                    .filter(|r| r.plan == p)
                    .filter_map(|r| {
                        if replan {
                            r.replan.as_ref()
                        } else {
                            r.keep.as_ref()
                        }
                    })
                    .map(figure)
                    .collect();
                if !values.is_empty() {
                    columns.push((
                        format!("{} {what}", plan.name),
                        COLORS[p % COLORS.len()][m],
                        values,
                    ));
                }
            }
        }
        let series: Vec<Series<'_>> = columns
            .iter()
            .map(|(label, color, values)| Series {
                label: label.clone(),
                color,
                values,
            })
            .collect();
        let marker =
            (info.plans.len() == 1).then(|| ("published", figure_of_published(summary, title)));
        out.push_str(&histogram(title, unit, &series, marker));
    }
    out.push_str("</section>");
    let _ = write!(
        out,
        r#"<section><h2>Worst scenarios</h2>{}</section><section><h2>Orders most at risk</h2>{}</section>"#,
        tables::worst_scenarios(results, WORST),
        tables::orders_at_risk(summary, AT_RISK)
    );
    out.push_str("<footer>Written by takt whatif. Kept: the published plan run by the shop floor (each operation starts when it can, in plan order). Re-planned: the re-planner at the events' time with an iteration budget.</footer></body></html>\n");
    out
}

/// The published plan's value of the figure a plot shows.
fn figure_of_published(summary: &Summary, title: &str) -> f64 {
    let k = &summary.plans[0].published;
    if title.starts_with("Objective") {
        k.objective
    } else if title.starts_with("Minutes") {
        k.total_tardiness as f64
    } else {
        k.late_orders as f64
    }
}
