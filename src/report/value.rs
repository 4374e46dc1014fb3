//! What the plan earns (margin, contribution) and the orders it leaves out by choice (dropped,
//! deferred), shown only when the instance has order values or uses the contribution form.

use super::chart::Ctx;
use super::escape::escape;
use crate::model::{Instance, ObjectiveForm};
use crate::solution::Kpis;
use std::fmt::Write;

/// True when the page shows the value panel.
fn shown(instance: &Instance) -> bool {
    instance.form() == ObjectiveForm::Contribution
        || instance.orders().iter().any(|o| !o.value.is_default())
}

/// The value KPIs (higher contribution is better), or nothing for instances without values.
pub fn value_table(instance: &Instance, kpis: &Kpis) -> String {
    if !shown(instance) {
        return String::new();
    }
    let v = &kpis.value;
    let rows = [
        ("margin", format!("{:.2}", v.margin)),
        ("contribution", format!("{:.2}", v.contribution)),
        (
            "dropped orders",
            format!(
                "{} (margin forfeited {:.2})",
                v.dropped_orders, v.dropped_margin
            ),
        ),
        (
            "deferred orders",
            format!(
                "{} (deferral cost {:.2}; energy {:.2} and transport {:.2} when made later, estimated)",
                v.deferred_orders,
                v.deferral_cost,
                v.deferred_energy_cost,
                v.deferred_transport_cost
            ),
        ),
    ];
    let mut out = String::from(r#"<table class="kpis" id="value">"#);
    for (name, value) in rows {
        let _ = write!(out, "<tr><th>{name}</th><td>{}</td></tr>", escape(&value));
    }
    out.push_str("</table>");
    out
}

/// The orders dropped or deferred by choice, with the decision and the reason; empty when none.
pub fn left_out_orders(ctx: &Ctx) -> String {
    let chosen: Vec<_> = ctx
        .schedule
        .unplanned
        .iter()
        .filter(|u| u.is_choice())
        .collect();
    if chosen.is_empty() {
        return String::new();
    }
    let mut out = format!(
        r#"<details class="orders" id="left-out" open><summary>{} order(s) left out by choice</summary><table><tr><th>order</th><th>decision</th><th>reason</th></tr>"#,
        chosen.len()
    );
    for u in chosen {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            super::priority::order_cell(ctx.instance, u.order),
            u.decision,
            escape(&u.reason)
        );
    }
    out.push_str("</table></details>");
    out
}
