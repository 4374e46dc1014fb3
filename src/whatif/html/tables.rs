//! The tables of the what-if page: summary, comparison, worst scenarios, orders most at risk.

use super::super::compare::Comparison;
use super::super::results::{Summary, WhatIfResults};
use super::super::stats::ModeSummary;
use super::histogram::short;
use crate::report::escape;
use std::fmt::Write;

fn money(x: f64) -> String {
    format!("{x:.2}")
}

/// Per plan: published, kept and re-planned figures.
pub fn summary_table(summary: &Summary) -> String {
    let mut out = String::from(
        r#"<table><tr><th class="l">plan</th><th class="l">evaluated as</th><th>scenarios</th><th>expected objective</th><th>95th pct objective</th><th>worst objective</th><th>expected late orders</th><th>expected minutes late</th><th>expected energy cost</th><th>expected moved operations</th><th>expected missed deadlines</th><th>orders at risk</th></tr>"#,
    );
    for plan in &summary.plans {
        let k = &plan.published;
        let _ = write!(
            out,
            r#"<tr><td class="l">{}</td><td class="l">published (no event)</td><td></td><td>{}</td><td></td><td></td><td>{}</td><td>{}</td><td>{}</td><td>0</td><td></td><td></td></tr>"#,
            escape(&plan.plan),
            money(k.objective),
            k.late_orders,
            k.total_tardiness,
            money(k.energy_cost)
        );
        for (what, m) in [("kept", &plan.keep), ("re-planned", &plan.replan)] {
            if let Some(m) = m {
                out.push_str(&mode_row(&plan.plan, what, m));
            }
        }
        if plan.failed > 0 {
            let _ = write!(
                out,
                r#"<tr><td class="l">{}</td><td class="l late" colspan="11">{} scenario(s) failed (see scenarios.csv, column error)</td></tr>"#,
                escape(&plan.plan),
                plan.failed
            );
        }
    }
    out.push_str("</table>");
    out
}

fn mode_row(plan: &str, what: &str, m: &ModeSummary) -> String {
    format!(
        r#"<tr><td class="l">{}</td><td class="l">{what}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}</td><td>{:.0}</td><td>{}</td><td>{:.1}</td><td>{:.2}</td><td>{}</td></tr>"#,
        escape(plan),
        m.scenarios,
        money(m.objective.mean),
        money(m.objective.p95),
        money(m.objective.max),
        m.late_orders.mean,
        m.total_tardiness.mean,
        money(m.energy_cost.mean),
        m.moved.mean,
        m.missed_deadlines.mean,
        m.orders_at_risk
    )
}

/// The plans' standings in one comparison.
pub fn comparison_table(c: &Comparison) -> String {
    let mut out = String::from(
        r#"<table><tr><th class="l">plan</th><th>expected objective</th><th>95th pct objective</th><th>orders at risk</th></tr>"#,
    );
    for s in &c.plans {
        let _ = write!(
            out,
            r#"<tr><td class="l">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            escape(&s.plan),
            money(s.expected_objective),
            money(s.p95_objective),
            s.orders_at_risk
        );
    }
    out.push_str("</table>");
    out
}

/// The `n` scenarios with the highest objective (kept, or re-planned when not kept).
pub fn worst_scenarios(results: &WhatIfResults, n: usize) -> String {
    let key = |r: &super::super::ScenarioRecord| {
        r.keep
            .as_ref()
            .or(r.replan.as_ref())
            .map(|e| e.kpis.objective)
    };
    let mut ranked: Vec<_> = results
        .records
        .iter()
        .filter_map(|r| key(r).map(|k| (k, r)))
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.index.cmp(&b.1.index)));
    let mut out = String::from(
        r#"<table><tr><th class="l">plan</th><th>scenario</th><th class="l">name</th><th>kept objective</th><th>kept late orders</th><th>re-planned objective</th><th>re-planned late orders</th><th>moved by re-plan</th><th class="l">events</th></tr>"#,
    );
    for (_, r) in ranked.into_iter().take(n) {
        let cell = |e: Option<&super::super::Evaluation>,
                    f: fn(&super::super::Evaluation) -> String| {
            e.map_or(String::new(), f)
        };
        let events = r.scenario.describe();
        let _ = write!(
            out,
            r#"<tr><td class="l">{}</td><td>{}</td><td class="l">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="ev" title="{}">{}</td></tr>"#,
            escape(&results.info.plans[r.plan].name),
            r.index + 1,
            escape(&r.scenario.name),
            cell(r.keep.as_ref(), |e| money(e.kpis.objective)),
            cell(r.keep.as_ref(), |e| e.kpis.late_orders.to_string()),
            cell(r.replan.as_ref(), |e| money(e.kpis.objective)),
            cell(r.replan.as_ref(), |e| e.kpis.late_orders.to_string()),
            cell(r.replan.as_ref(), |e| e.moved.to_string()),
            escape(&events),
            escape(&truncate(&events, 300))
        );
    }
    out.push_str("</table>");
    out
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        text.chars().take(max).collect::<String>() + "…"
    }
}

/// The `n` orders most likely to be late (kept, or re-planned when not kept), then by expected
/// lateness.
pub fn orders_at_risk(summary: &Summary, n: usize) -> String {
    let key = |o: &super::super::OrderRisk| o.keep.or(o.replan);
    let mut ranked: Vec<_> = summary
        .orders
        .iter()
        .filter_map(|o| key(o).map(|k| (k, o)))
        .filter(|(k, _)| k.p_late > 0.0)
        .collect();
    ranked.sort_by(|a, b| {
        b.0.p_late
            .total_cmp(&a.0.p_late)
            .then(b.0.mean_tardiness.total_cmp(&a.0.mean_tardiness))
            .then(a.1.order.cmp(&b.1.order))
    });
    if ranked.is_empty() {
        return "<p>No order is late in any scenario.</p>".to_string();
    }
    let mut out = String::from(
        r#"<table><tr><th class="l">plan</th><th class="l">order</th><th>minutes late as published</th><th>P(late) kept</th><th>expected minutes late kept</th><th>95th pct kept</th><th>P(late) re-planned</th><th>expected minutes late re-planned</th><th>95th pct re-planned</th></tr>"#,
    );
    for (_, o) in ranked.into_iter().take(n) {
        let stats = |s: Option<super::super::OrderStats>| match s {
            Some(s) => format!(
                "<td>{:.1}%</td><td>{}</td><td>{}</td>",
                s.p_late * 100.0,
                short(s.mean_tardiness),
                s.p95_tardiness
            ),
            None => "<td></td><td></td><td></td>".to_string(),
        };
        let _ = write!(
            out,
            r#"<tr><td class="l">{}</td><td class="l">{}</td><td>{}</td>{}{}</tr>"#,
            escape(&o.plan),
            escape(&o.order),
            o.published_tardiness
                .map_or("not planned".to_string(), |t| t.to_string()),
            stats(o.keep),
            stats(o.replan)
        );
    }
    out.push_str("</table>");
    out
}
