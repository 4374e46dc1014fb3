//! The Gantt rows: one per machine, grouped under a heading per site. Operations are boxes coloured by
//! order (`class="op"`, one per placed operation, `data-op` = operation index), downtime is greyed
//! out, operations of late orders are outlined in red and moved operations (re-plan) dashed. Every
//! box has a tooltip with order, product, step, machine, start, end and lateness.

use super::chart::{Canvas, Ctx};
use super::escape::{escape, escape_truncated};
use super::layout::{Heading, Row};
use super::scale::duration;
use crate::model::{MachineId, OrderId};
use crate::solution::ScheduledOp;
use std::fmt::Write;

/// Vertical margin of a box inside its row.
const BOX_MARGIN: f64 = 3.0;
/// Row labels longer than this many characters are cut (the tooltip keeps the full name).
pub const LABEL_CHARS: usize = 26;
/// Approximate width of one character of box and band labels (10 px sans-serif), in pixels.
pub const CHAR_PX: f64 = 6.2;

/// The fill colour of an order's boxes: hues spread by the golden angle so that neighbouring orders
/// differ.
pub fn order_fill(order: OrderId) -> String {
    let hue = (f64::from(order.0) * 137.508) % 360.0;
    let lightness = [70, 60, 78][order.index() % 3];
    format!("hsl({hue:.0},62%,{lightness}%)")
}

/// A heading row: a site's name above its machines, or the material section's title.
pub fn draw_heading(ctx: &Ctx, row: &Row, heading: Heading, canvas: &mut Canvas) {
    let (text, title) = match heading {
        Heading::Site(site) => {
            let s = ctx.instance.site(site);
            let cap = s
                .power_cap_kw
                .map_or(String::new(), |c| format!(", power cap {c} kW"));
            (
                escape_truncated(&s.name, LABEL_CHARS),
                escape(&format!(
                    "site {} ({} machines{cap})",
                    s.name,
                    ctx.instance.machines_at(site).len()
                )),
            )
        }
        Heading::Material => (
            "material stock".to_string(),
            "stock over time per site and material; triangles mark deliveries".to_string(),
        ),
        Heading::Lanes => (
            "lanes".to_string(),
            "shipments and transfers on each lane, from entering it to reaching its end; shaded: \
             the lane closed (grey) or slower (amber); dashed: waiting for the lane to open"
                .to_string(),
        ),
        Heading::InTransit => (
            "in transit".to_string(),
            "material on its way between sites, counted at neither site".to_string(),
        ),
    };
    canvas.label(row, "rh", &text, None, &title);
    let _ = write!(
        canvas.back,
        r#"<rect class="head" x="0" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
        row.y,
        ctx.scale.x(ctx.scale.to),
        row.height
    );
}

/// A machine's row: background, downtime windows, operation boxes and their labels.
pub fn draw_machine_row(ctx: &Ctx, row: &Row, machine: MachineId, canvas: &mut Canvas) {
    let m = ctx.instance.machine(machine);
    let ops = &ctx.by_machine[machine.index()];
    let busy: i64 = ops.iter().map(|s| s.end - s.start).sum();
    let title = escape(&format!(
        "{} at {}: {} operations, busy {}, {} kW",
        m.name,
        ctx.instance.site(m.site).name,
        ops.len(),
        duration(busy),
        m.power_kw
    ));
    canvas.label(
        row,
        "rl",
        &escape_truncated(&m.name, LABEL_CHARS),
        None,
        &title,
    );
    let position = ctx
        .instance
        .machines_at(m.site)
        .iter()
        .position(|&id| id == machine)
        .unwrap_or(0);
    let parity = if position.is_multiple_of(2) {
        "even"
    } else {
        "odd"
    };
    let _ = write!(
        canvas.back,
        r#"<rect class="row {parity}" x="0" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
        row.y,
        ctx.scale.x(ctx.scale.to),
        row.height
    );
    for w in &m.downtime {
        if w.end <= ctx.scale.from || w.start >= ctx.scale.to {
            continue;
        }
        let _ = write!(
            canvas.back,
            r#"<rect class="down" x="{:.3}" y="{:.1}" width="{:.3}" height="{:.1}"><title>{} down {} → {} ({})</title></rect>"#,
            ctx.scale.x(w.start),
            row.y,
            ctx.scale.width(w.start, w.end),
            row.height,
            escape(&m.name),
            ctx.scale.time(w.start),
            ctx.scale.time(w.end),
            duration(w.len())
        );
    }
    for s in ops {
        draw_op(ctx, row, s, canvas);
    }
}

/// One operation box with its tooltip, and its label in the overlay.
fn draw_op(ctx: &Ctx, row: &Row, s: &ScheduledOp, canvas: &mut Canvas) {
    let op = ctx.instance.op(s.op);
    let order = ctx.instance.order(op.order);
    let mut class = String::from("op");
    if ctx.is_late(op.order) {
        class.push_str(" late");
    }
    if let Some(moved) = ctx.moved[s.op.index()] {
        class.push_str(if moved.resequenced {
            " moved reseq"
        } else {
            " moved"
        });
    }
    let x = ctx.scale.x(s.start);
    let width = ctx.scale.width(s.start, s.end);
    let y = row.y + BOX_MARGIN;
    let _ = write!(
        canvas.front,
        r#"<rect class="{class}" data-op="{}" data-order="{}" x="{x:.3}" y="{y:.1}" width="{width:.3}" height="{:.1}" fill="{}"><title>"#,
        s.op.0,
        op.order.0,
        row.height - 2.0 * BOX_MARGIN,
        order_fill(op.order)
    );
    op_tooltip(ctx, s, &mut canvas.front);
    canvas.front.push_str("</title></rect>");
    // A machine mode other than nominal is part of the label ("O7 · eco").
    let label = if s.mode.is_nominal() {
        order.name.clone()
    } else {
        let machine = ctx.instance.machine(s.machine);
        format!("{} · {}", order.name, machine.mode_name(s.mode))
    };
    let name = escape(&label);
    let needed = label.chars().count() as f64 * CHAR_PX + 6.0;
    canvas.overlay_text(
        x,
        3.0,
        row.y + row.height / 2.0 + 3.5,
        "opl",
        &name,
        Some((width, needed)),
    );
}

/// Tooltip lines of an operation box (escaped).
fn op_tooltip(ctx: &Ctx, s: &ScheduledOp, out: &mut String) {
    let inst = ctx.instance;
    let op = inst.op(s.op);
    let order = inst.order(op.order);
    let steps = inst.order_plan(op.order).ops.len();
    let mut text = format!(
        "{} · {} × {} · step {} of {steps}\n{} · {} → {} ({})",
        order.name,
        order.quantity,
        inst.product(order.product).name,
        op.step + 1,
        inst.machine(s.machine).name,
        ctx.scale.time(s.start),
        ctx.scale.time(s.end),
        duration(s.end - s.start)
    );
    match (ctx.outcomes[op.order.index()], order.due) {
        (Some(o), Some(due)) if o.tardiness > 0 => {
            let _ = write!(
                text,
                "\nLATE by {} (arrives {}, due {})",
                duration(o.tardiness),
                ctx.scale.time(o.arrival),
                ctx.scale.time(due)
            );
        }
        (Some(o), Some(due)) => {
            let _ = write!(
                text,
                "\non time, {} early (arrives {}, due {})",
                duration(due - o.arrival),
                ctx.scale.time(o.arrival),
                ctx.scale.time(due)
            );
        }
        _ => text.push_str("\nno due date"),
    }
    let machine = inst.machine(s.machine);
    if !machine.modes.is_empty() {
        let _ = write!(
            text,
            "\nmode {} ({} kW)",
            machine.mode_name(s.mode),
            machine.mode_power_kw(s.mode)
        );
    }
    if let Some(m) = ctx.moved[s.op.index()] {
        let how = if m.resequenced {
            "re-sequenced"
        } else {
            "shifted"
        };
        let _ = write!(
            text,
            "\nre-plan: {how}, was {} {} → {}",
            inst.machines()
                .get(m.old_machine.index())
                .map_or("?", |mm| mm.name.as_str()),
            ctx.scale.time(m.old_start),
            ctx.scale.time(m.old_end)
        );
    }
    super::escape::push_escaped(out, &text);
}
