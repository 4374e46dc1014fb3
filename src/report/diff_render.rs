//! How a re-plan shows: the old positions of moved and removed operations as dashed ghosts, the
//! re-plan time as a line with the frozen past shaded, and the diff section with the events, the
//! counts and the moved operations.

use super::chart::{Canvas, Ctx};
use super::diff::DiffView;
use super::escape::escape;
use super::scale::duration;
use crate::model::{MachineId, Minutes, OpId};
use std::fmt::Write;

/// Rows of the moved operations table at most; the rest is counted.
const MAX_ROWS: usize = 500;

/// Ghost boxes at old positions, and the `now` line.
pub fn draw_chart_marks(ctx: &Ctx, diff: &DiffView, canvas: &mut Canvas) {
    for m in &diff.moved {
        ghost(
            ctx,
            m.op,
            m.old_machine,
            m.old_start,
            m.old_end,
            "ghost",
            canvas,
        );
    }
    for s in &diff.removed {
        ghost(
            ctx,
            s.op,
            s.machine,
            s.start,
            s.end,
            "ghost removed",
            canvas,
        );
    }
    if let Some(now) = diff
        .now
        .filter(|&t| t >= ctx.scale.from && t <= ctx.scale.to)
    {
        let x = ctx.scale.x(now);
        let height = ctx.layout.height;
        let _ = write!(
            canvas.back,
            r#"<rect class="frozen" x="0" y="0" width="{x:.3}" height="{height:.1}"/>"#
        );
        let _ = write!(
            canvas.front,
            r#"<line class="now" x1="{x:.3}" x2="{x:.3}" y1="0" y2="{height:.1}"><title>re-plan at {}: work started before is frozen</title></line>"#,
            ctx.scale.time(now)
        );
        canvas.overlay_text(x, 3.0, height - 4.0, "nowl", "now", None);
    }
}

/// A dashed box where an operation used to run.
fn ghost(
    ctx: &Ctx,
    op: OpId,
    machine: MachineId,
    start: Minutes,
    end: Minutes,
    class: &str,
    canvas: &mut Canvas,
) {
    let Some(row) = ctx.layout.machine_row(machine) else {
        return;
    };
    let name = op_name(ctx, op);
    let _ = write!(
        canvas.front,
        r#"<rect class="{class}" x="{:.3}" y="{:.1}" width="{:.3}" height="{:.1}"><title>{} was here: {} → {}</title></rect>"#,
        ctx.scale.x(start),
        row.y + 2.0,
        ctx.scale.width(start, end),
        row.height - 4.0,
        escape(&name),
        ctx.scale.time(start),
        ctx.scale.time(end)
    );
}

/// `order step k` of an operation, or its number when the instance does not know it.
fn op_name(ctx: &Ctx, op: OpId) -> String {
    match ctx.instance.ops().get(op.index()) {
        Some(o) => format!("{} step {}", ctx.instance.order(o.order).name, o.step + 1),
        None => format!("operation {}", op.0),
    }
}

fn machine_name(ctx: &Ctx, machine: MachineId) -> String {
    ctx.instance
        .machines()
        .get(machine.index())
        .map_or_else(|| format!("machine {}", machine.0), |m| m.name.clone())
}

/// The diff section: events, counts and the moved operations table.
pub fn diff_section(ctx: &Ctx, diff: &DiffView) -> String {
    let mut out = String::from(r#"<section id="diff"><h2>Re-plan</h2>"#);
    if let Some(now) = diff.now {
        let _ = write!(out, "<p>Re-planned at {}.</p>", ctx.scale.time(now));
    }
    if !diff.events.is_empty() {
        out.push_str(r#"<ul class="events">"#);
        for e in &diff.events {
            let _ = write!(out, "<li>{}</li>", escape(e));
        }
        out.push_str("</ul>");
    }
    let reseq = diff.resequenced();
    let _ = write!(
        out,
        r#"<p class="counts">{} operation(s) moved: <b>{reseq}</b> re-sequenced (machine or predecessor changed), <b>{}</b> only shifted in time; {} added, {} removed.</p>"#,
        diff.moved.len(),
        diff.moved.len() - reseq,
        diff.added.len(),
        diff.removed.len()
    );
    if diff.moved.is_empty() {
        out.push_str("</section>");
        return out;
    }
    let placed = &ctx.placed;
    let mut moved: Vec<_> = diff.moved.iter().collect();
    moved.sort_by_key(|m| {
        let shift = placed
            .get(m.op.index())
            .copied()
            .flatten()
            .map_or(0, |s| (s.start - m.old_start).abs());
        (!m.resequenced, std::cmp::Reverse(shift), m.op)
    });
    let open = if moved.len() <= 30 { " open" } else { "" };
    let _ = write!(
        out,
        r#"<details class="orders"{open}><summary>moved operations</summary><table><tr><th>operation</th><th>how</th><th>before</th><th>after</th><th>shift</th></tr>"#
    );
    for m in moved.iter().take(MAX_ROWS) {
        let after = placed.get(m.op.index()).copied().flatten();
        let how = if m.resequenced {
            "re-sequenced"
        } else {
            "shifted"
        };
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{how}</td><td>{} {}</td><td>{}</td><td>{}</td></tr>",
            escape(&op_name(ctx, m.op)),
            escape(&machine_name(ctx, m.old_machine)),
            ctx.scale.time(m.old_start),
            after.map_or(String::from("not planned"), |s| format!(
                "{} {}",
                escape(&machine_name(ctx, s.machine)),
                ctx.scale.time(s.start)
            )),
            after.map_or(String::new(), |s| duration(s.start - m.old_start))
        );
    }
    out.push_str("</table>");
    if moved.len() > MAX_ROWS {
        let _ = write!(
            out,
            "<p>… and {} more moved operation(s).</p>",
            moved.len() - MAX_ROWS
        );
    }
    out.push_str("</details></section>");
    out
}
