//! The demand charge panel: per site with a demand charge and billing period, the peak power the
//! plan draws, when, and what it costs; shown only when some site has a demand charge.

use super::chart::Ctx;
use super::escape::escape;
use crate::solution::demand_peaks;
use std::fmt::Write;

/// The peaks table, or nothing for instances without demand charges.
pub fn demand_table(ctx: &Ctx) -> String {
    let instance = ctx.instance;
    if instance.demand_charges().is_empty() {
        return String::new();
    }
    let peaks = demand_peaks(instance, &ctx.schedule.ops);
    let total: f64 = peaks.iter().map(|p| p.cost).sum::<f64>() + 0.0;
    let mut out = format!(
        r#"<table class="kpis" id="demand"><tr><th>demand charge</th><td colspan="3">{total:.2}</td></tr><tr><th>site</th><th>billing period</th><th>peak</th><th>cost</th></tr>"#
    );
    for p in &peaks {
        let site = &instance.site(p.site).name;
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{} to {}{}</td><td>{:.1} kW at {}</td><td>{:.2}</td></tr>",
            escape(site),
            escape(&ctx.scale.time(p.start)),
            escape(&ctx.scale.time(p.end)),
            if p.periods > 1 {
                format!(" ({} periods, each at this peak)", p.periods)
            } else {
                String::new()
            },
            p.peak_kw,
            escape(&ctx.scale.time(p.at)),
            p.cost
        );
    }
    out.push_str("</table>");
    out
}
