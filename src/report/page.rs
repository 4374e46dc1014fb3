//! The HTML document: header; KPI summary, re-plan diff and order tables side by side; legend and
//! zoom controls; the chart; and the inline style and script.

use super::chart::{self, Ctx};
use super::diff::DiffView;
use super::escape::escape;
use super::layout::RowKind;
use super::{demand, diff_render, kpi, orders, priority, transfers, value};
use crate::model::Instance;
use crate::solution::{Kpis, Schedule};
use std::fmt::Write;

const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// The complete page.
pub fn render(
    instance: &Instance,
    schedule: &Schedule,
    kpis: &Kpis,
    diff: Option<&DiffView>,
) -> String {
    let ctx = Ctx::new(instance, schedule, diff);
    let chart = chart::render(&ctx);
    let mut out = String::with_capacity(chart.len() + STYLE.len() + SCRIPT.len() + 16 * 1024);
    let name = escape(instance.name());
    let kind = if diff.is_some() { "re-plan" } else { "plan" };
    let _ = write!(
        out,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>takt {kind}: {name}</title><style>{STYLE}</style></head><body>"#
    );
    let start = instance.plan_start().map_or(String::new(), |s| {
        format!(" · minute 0 = {}", s.format("%a %d %b %Y %H:%M"))
    });
    let _ = write!(
        out,
        r#"<header><h1>{name}</h1><p class="meta">{} orders · {} operations · {} machines · {} sites{start}</p></header>"#,
        instance.orders().len(),
        instance.ops().len(),
        instance.machines().len(),
        instance.sites().len()
    );
    let _ = write!(
        out,
        r#"<div class="top"><section id="summary"><h2>KPIs</h2>{}{}{}{}</section>"#,
        kpi::kpi_table(kpis, diff.and_then(|d| d.old_kpis.as_ref()), &ctx.scale),
        value::value_table(instance, kpis),
        priority::priority_table(kpis),
        demand::demand_table(&ctx)
    );
    if let Some(d) = diff {
        out.push_str(&diff_render::diff_section(&ctx, d));
    }
    let _ = write!(
        out,
        r#"<section id="orders"><h2>Orders</h2>{}{}{}{}{}</section></div>"#,
        orders::late_orders(&ctx),
        orders::unplanned_orders(&ctx),
        value::left_out_orders(&ctx),
        transfers::transfers_table(&ctx),
        transfers::lane_windows_table(&ctx)
    );
    out.push_str(r#"<section id="plan"><h2>Plan</h2>"#);
    out.push_str(CONTROLS);
    out.push_str(&legend(&ctx));
    out.push_str(&chart);
    out.push_str("</section>");
    let _ = writeln!(
        out,
        "<footer>written by takt {}</footer><script>{SCRIPT}</script></body></html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

const CONTROLS: &str = r#"<div class="controls"><button id="zout" title="zoom out">−</button><button id="zin" title="zoom in">+</button><button id="zfit" title="whole plan">fit</button><span id="zlabel">zoom 1.0×</span><span class="hint">Ctrl + wheel zooms at the pointer · drag or Shift + wheel scrolls · hover a box for its order, step, times and lateness</span></div>"#;

/// A small swatch for the legend.
fn swatch(inner: &str) -> String {
    format!(r#"<svg width="22" height="12" xmlns="http://www.w3.org/2000/svg">{inner}</svg>"#)
}

/// The legend: only what the chart shows.
fn legend(ctx: &Ctx) -> String {
    let mut items = vec![(
        swatch(r#"<rect x="1" y="1" width="20" height="10" fill="hsl(200,62%,70%)"/>"#),
        "operation (colour = order)",
    )];
    items.push((
        swatch(
            r##"<rect x="1" y="1" width="20" height="10" fill="hsl(30,62%,70%)" stroke="#d00000" stroke-width="2"/>"##,
        ),
        "order late at the customer",
    ));
    if ctx.instance.has_downtime() {
        items.push((
            swatch(
                r##"<rect x="1" y="1" width="20" height="10" fill="#868e96" fill-opacity=".45"/>"##,
            ),
            "downtime",
        ));
    }
    if ctx.diff.is_some() {
        items.push((
            swatch(
                r##"<rect x="1" y="1" width="20" height="10" fill="hsl(120,62%,70%)" stroke="#1c3faa" stroke-width="2" stroke-dasharray="4 2"/>"##,
            ),
            "moved by the re-plan",
        ));
        items.push((
            swatch(
                r##"<rect x="1" y="1" width="20" height="10" fill="none" stroke="#1c3faa" stroke-dasharray="3 3"/>"##,
            ),
            "old position",
        ));
    }
    if ctx
        .layout
        .rows
        .iter()
        .any(|r| matches!(r.kind, RowKind::Price(_)))
    {
        items.push((
            swatch(
                r##"<rect x="1" y="1" width="10" height="10" fill="#fff3bf"/><rect x="11" y="1" width="10" height="10" fill="#d9480f"/>"##,
            ),
            "energy price, cheap to dear",
        ));
    }
    if !ctx.power.is_empty() {
        items.push((
            swatch(
                r##"<path d="M1,10H7V4H15V7H21" fill="none" stroke="#5f3dc4" stroke-width="1.5"/><line x1="1" x2="21" y1="2" y2="2" stroke="#d00000" stroke-dasharray="3 2"/>"##,
            ),
            "power draw and cap",
        ));
    }
    if !ctx.network.is_empty() {
        items.push((
            swatch(
                r##"<rect x="1" y="2" width="9" height="8" fill="hsl(140,40%,55%)"/><line x1="11" x2="15" y1="6" y2="6" stroke="#495057" stroke-dasharray="2 1"/><rect x="15" y="0" width="6" height="12" fill="#868e96" fill-opacity=".35"/>"##,
            ),
            "on a lane (shipment: order colour; material: green), waiting, lane closed",
        ));
    }
    if !ctx.material.is_empty() {
        items.push((
            swatch(
                r##"<path d="M1,4H9V9H21" fill="none" stroke="#2b8a3e" stroke-width="1.5"/><path d="M12,1L18,1L15,6Z" fill="#2b8a3e"/>"##,
            ),
            "stock and delivery",
        ));
    }
    let mut out = String::from(r#"<div class="legend">"#);
    for (icon, text) in items {
        let _ = write!(out, "<span>{icon}{text}</span>");
    }
    out.push_str("</div>");
    out
}
