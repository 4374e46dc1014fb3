//! The time axis row and the tick grid across the whole chart. Every tick carries the zoom from which
//! it is shown (`data-z`); the script hides ticks that would crowd.

use super::chart::{Canvas, Ctx, PAD};
use super::escape::escape;
use super::layout::Row;
use std::fmt::Write;

/// The axis row: a band with the tick labels.
pub fn draw_axis_row(ctx: &Ctx, row: &Row, canvas: &mut Canvas) {
    canvas.label(
        row,
        "rh",
        "time",
        None,
        if ctx.scale.plan_start.is_some() {
            "local date-time"
        } else {
            "minutes from the plan start"
        },
    );
    let _ = write!(
        canvas.back,
        r#"<rect class="axis" x="0" y="{:.1}" width="{:.1}" height="{:.1}"/>"#,
        row.y,
        ctx.scale.x(ctx.scale.to),
        row.height
    );
    let y = row.y + row.height / 2.0 + 4.0;
    for tick in &ctx.ticks {
        let x = ctx.scale.x(tick.at);
        let hid = if tick.min_zoom > 1.0 { " hid" } else { "" };
        let day = if tick.day { " day" } else { "" };
        let _ = write!(
            canvas.overlay,
            r#"<text class="zx tick tl{day}{hid}" data-z="{:.3}" data-x="{x:.3}" data-dx="3" x="{:.2}" y="{y:.1}">{}</text>"#,
            tick.min_zoom,
            PAD + x + 3.0,
            escape(&tick.label)
        );
    }
}

/// A vertical grid line per tick over the full height.
pub fn draw_grid(ctx: &Ctx, canvas: &mut Canvas) {
    let height = ctx.layout.height;
    for tick in &ctx.ticks {
        let x = ctx.scale.x(tick.at);
        let hid = if tick.min_zoom > 1.0 { " hid" } else { "" };
        let day = if tick.day { " day" } else { "" };
        let _ = write!(
            canvas.grid,
            r#"<line class="tick gl{day}{hid}" data-z="{:.3}" x1="{x:.3}" x2="{x:.3}" y1="0" y2="{height:.1}"/>"#,
            tick.min_zoom
        );
    }
}
