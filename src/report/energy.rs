//! The energy price band: one row per site with a tariff, one cell per price period, the darker the
//! dearer (one colour scale for all sites so that sites compare).

use super::chart::{Canvas, Ctx};
use super::escape::{escape, escape_truncated};
use super::gantt::{CHAR_PX, LABEL_CHARS};
use super::layout::Row;
use crate::model::{SiteId, Window};
use std::fmt::Write;

/// Lowest and highest price of any shown period of any site with machines.
fn price_range(ctx: &Ctx) -> (f64, f64) {
    let shown = Window::new(ctx.scale.from, ctx.scale.to);
    let mut range: Option<(f64, f64)> = None;
    for (k, _) in ctx.instance.sites().iter().enumerate() {
        let site = SiteId::from_index(k);
        if ctx.instance.machines_at(site).is_empty() {
            continue;
        }
        for &(w, p) in &ctx.instance.tariff(site).periods {
            if w.overlaps(&shown) {
                range = Some(range.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))));
            }
        }
    }
    range.unwrap_or((0.0, 0.0))
}

/// Where a price lies between the cheapest (0) and the dearest (1); 0.5 when all prices are equal.
fn price_share(price: f64, (lo, hi): (f64, f64)) -> f64 {
    if hi > lo {
        ((price - lo) / (hi - lo)).clamp(0.0, 1.0)
    } else {
        0.5
    }
}

/// The colour of a price: from pale yellow (cheapest) to deep orange (dearest).
pub fn price_fill(price: f64, range: (f64, f64)) -> String {
    let f = price_share(price, range);
    let mix = |a: f64, b: f64| (a + (b - a) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(255.0, 217.0),
        mix(243.0, 72.0),
        mix(191.0, 15.0)
    )
}

/// A site's price row: a cell per period with its price as label and tooltip.
pub fn draw_price_row(ctx: &Ctx, row: &Row, site: SiteId, canvas: &mut Canvas) {
    let name = &ctx.instance.site(site).name;
    canvas.label(
        row,
        "rl",
        &format!("{} price", escape_truncated(name, LABEL_CHARS - 6)),
        None,
        &escape(&format!("energy price per kWh at {name}")),
    );
    let range = price_range(ctx);
    for &(w, price) in &ctx.instance.tariff(site).periods {
        if w.end <= ctx.scale.from || w.start >= ctx.scale.to {
            continue;
        }
        let x = ctx.scale.x(w.start);
        let width = ctx.scale.width(w.start, w.end);
        let until = if w.end == crate::model::Minutes::MAX {
            "open end".to_string()
        } else {
            ctx.scale.time(w.end)
        };
        let _ = write!(
            canvas.back,
            r#"<rect class="price" data-price="{price}" x="{x:.3}" y="{:.1}" width="{width:.3}" height="{:.1}" fill="{}"><title>{}: {price} per kWh, {} → {until}</title></rect>"#,
            row.y + 1.0,
            row.height - 2.0,
            price_fill(price, range),
            escape(name),
            ctx.scale.time(w.start)
        );
        let text = format!("{price}");
        let needed = text.len() as f64 * CHAR_PX + 6.0;
        canvas.overlay_text(
            x,
            3.0,
            row.y + row.height / 2.0 + 3.5,
            if price_share(price, range) > 0.6 {
                "pl dk"
            } else {
                "pl"
            },
            &text,
            Some((width, needed)),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dearer_prices_are_darker() {
        let range = (0.1, 0.3);
        assert_eq!(price_fill(0.1, range), "#fff3bf");
        assert_eq!(price_fill(0.3, range), "#d9480f");
        assert_eq!(price_fill(0.2, (0.2, 0.2)), price_fill(0.2, (0.1, 0.3)));
    }
}
