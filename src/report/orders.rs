//! The order tables under the chart: late orders (worst first) and orders that could not be planned,
//! with the reason. Orders of class `high` or `low` carry a tag with the class.

use super::chart::Ctx;
use super::escape::escape;
use super::priority::order_cell;
use super::scale::duration;
use crate::solution::OrderOutcome;
use std::fmt::Write;

/// Tables longer than this start folded.
const OPEN_ROWS: usize = 30;

/// The late orders table, or a line saying none is late.
pub fn late_orders(ctx: &Ctx) -> String {
    let mut late: Vec<OrderOutcome> = ctx
        .outcomes
        .iter()
        .flatten()
        .filter(|o| o.tardiness > 0)
        .copied()
        .collect();
    if late.is_empty() {
        return r#"<p class="ok" id="late">No order is late.</p>"#.to_string();
    }
    late.sort_by(|a, b| {
        b.weighted_tardiness
            .total_cmp(&a.weighted_tardiness)
            .then(a.order.cmp(&b.order))
    });
    let open = if late.len() <= OPEN_ROWS { " open" } else { "" };
    let mut out = format!(
        r#"<details class="orders" id="late"{open}><summary>{} late order(s)</summary><table><tr><th>order</th><th>product</th><th>plant</th><th>finished</th><th>arrives</th><th>due</th><th>late by</th><th>weighted</th></tr>"#,
        late.len()
    );
    let inst = ctx.instance;
    for o in late {
        let order = inst.order(o.order);
        let first = inst.order_plan(o.order).first_op();
        let plant = ctx
            .placed
            .get(first.index())
            .copied()
            .flatten()
            .and_then(|s| inst.machines().get(s.machine.index()))
            .map_or(String::new(), |m| escape(&inst.site(m.site).name));
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{plant}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
            order_cell(inst, o.order),
            escape(&inst.product(order.product).name),
            ctx.scale.time(o.completion),
            ctx.scale.time(o.arrival),
            order.due.map_or(String::new(), |d| ctx.scale.time(d)),
            duration(o.tardiness),
            o.weighted_tardiness
        );
    }
    out.push_str("</table></details>");
    out
}

/// The unplanned orders with their reasons; empty when every order is planned.
pub fn unplanned_orders(ctx: &Ctx) -> String {
    // Orders dropped or deferred by choice are listed apart (`value::left_out_orders`).
    let list: Vec<_> = ctx
        .schedule
        .unplanned
        .iter()
        .filter(|u| !u.is_choice())
        .collect();
    if list.is_empty() {
        return String::new();
    }
    let open = if list.len() <= OPEN_ROWS { " open" } else { "" };
    let mut out = format!(
        r#"<details class="orders" id="unplanned"{open}><summary>{} order(s) could not be planned</summary><table><tr><th>order</th><th>reason</th></tr>"#,
        list.len()
    );
    for u in list {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            order_cell(ctx.instance, u.order),
            escape(&u.reason)
        );
    }
    out.push_str("</table></details>");
    out
}
