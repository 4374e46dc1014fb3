//! The chart as two SVG images side by side: the row labels, and the time area that zooms and
//! scrolls. Holds what every row drawer needs ([`Ctx`]) and the layers they draw into ([`Canvas`]).

use super::diff::{DiffView, MovedOp};
use super::layout::{Layout, Row, RowKind};
use super::material::{self, MaterialSeries};
use super::network::{self, NetworkView};
use super::power::{self, PowerSeries};
use super::scale::{BASE_WIDTH, Tick, TimeScale};
use super::{axis, diff_render, energy, gantt};
use crate::model::{Instance, Minutes};
use crate::solution::{OrderOutcome, Schedule, ScheduledOp, order_outcomes};
use std::fmt::Write;

/// Width of the label column.
pub const LABEL_WIDTH: f64 = 200.0;
/// Space left and right of the time area so that the first and last tick labels fit.
pub const PAD: f64 = 8.0;

/// Everything the row drawers read, computed once per page.
pub struct Ctx<'a> {
    /// The instance.
    pub instance: &'a Instance,
    /// The plan.
    pub schedule: &'a Schedule,
    /// The time axis.
    pub scale: TimeScale,
    /// Its ticks at every zoom level.
    pub ticks: Vec<Tick>,
    /// Outcome of each planned order, by order index.
    pub outcomes: Vec<Option<OrderOutcome>>,
    /// The re-plan diff, if any.
    pub diff: Option<&'a DiffView>,
    /// Placement of each operation by operation index (`None` when not planned).
    pub placed: Vec<Option<ScheduledOp>>,
    /// Moved operations by operation index (all `None` without a diff).
    pub moved: Vec<Option<&'a MovedOp>>,
    /// Placed operations per machine, sorted by start.
    pub by_machine: Vec<Vec<ScheduledOp>>,
    /// Power draw of every capped site.
    pub power: Vec<PowerSeries>,
    /// Stock over time of every site and material.
    pub material: Vec<MaterialSeries>,
    /// Lanes, shipments, transfers and material in transit.
    pub network: NetworkView,
    /// The rows.
    pub layout: Layout,
}

impl<'a> Ctx<'a> {
    /// Derives everything the drawers need from the plan.
    pub fn new(instance: &'a Instance, schedule: &'a Schedule, diff: Option<&'a DiffView>) -> Self {
        let machines = instance.machines().len();
        let mut by_machine: Vec<Vec<ScheduledOp>> = vec![Vec::new(); machines];
        for s in &schedule.ops {
            if s.op.index() < instance.ops().len()
                && let Some(list) = by_machine.get_mut(s.machine.index())
            {
                list.push(*s);
            }
        }
        for list in &mut by_machine {
            list.sort_by_key(|s| (s.start, s.end, s.op));
        }
        let mut outcomes = vec![None; instance.orders().len()];
        for o in order_outcomes(instance, schedule) {
            outcomes[o.order.index()] = Some(o);
        }
        let power = power::power_series(instance, schedule);
        let material = material::material_series(instance, schedule);
        let network = NetworkView::new(instance, schedule);
        let layout = Layout::new(instance, &power, &network, &material);
        let scale = time_range(instance, schedule, diff);
        Self {
            ticks: scale.ticks(),
            scale,
            instance,
            schedule,
            outcomes,
            diff,
            placed: schedule.by_op(instance),
            moved: diff.map_or_else(
                || vec![None; instance.ops().len()],
                |d| d.moved_by_op(instance.ops().len()),
            ),
            by_machine,
            power,
            material,
            network,
            layout,
        }
    }

    /// True when the order is planned and arrives after its due time.
    pub fn is_late(&self, order: crate::model::OrderId) -> bool {
        self.outcomes
            .get(order.index())
            .copied()
            .flatten()
            .is_some_and(|o| o.tardiness > 0)
    }
}

/// The shown minutes: from plan start (or the earliest operation) to the last operation end, old or
/// new, with deliveries that arrive not too far after it, plus a little room.
fn time_range(instance: &Instance, schedule: &Schedule, diff: Option<&DiffView>) -> TimeScale {
    let old = diff.into_iter().flat_map(|d| {
        d.moved
            .iter()
            .map(|m| (m.old_start, m.old_end))
            .chain(d.removed.iter().map(|s| (s.start, s.end)))
            .chain(d.now.map(|t| (t, t)))
    });
    let spans: Vec<(Minutes, Minutes)> = schedule
        .ops
        .iter()
        .map(|s| (s.start, s.end))
        .chain(old)
        .collect();
    let from = spans.iter().map(|s| s.0).min().unwrap_or(0).min(0);
    let mut to = spans.iter().map(|s| s.1).max().unwrap_or(0).max(from + 60);
    let reach = from.saturating_add(2 * (to - from));
    // Deliveries, shipments and transfers that end not too far after the last operation.
    let ends = instance
        .deliveries()
        .iter()
        .map(|d| d.eta)
        .chain(schedule.shipments.iter().map(|s| s.arrive))
        .chain(schedule.transfers.iter().map(|t| t.arrive))
        .chain(instance.transfers().iter().map(|t| t.arrival()));
    for end in ends {
        if end <= reach {
            to = to.max(end);
        }
    }
    TimeScale::new(from, to + (to - from) / 50, instance.plan_start())
}

/// The layers the row drawers write into. All but `labels` and `overlay` live in the zoomed group,
/// whose x coordinates are pixels at zoom 1; `overlay` holds text and markers the script moves to
/// `PAD + data-x * zoom + data-dx` so that they keep their shape.
#[derive(Default)]
pub struct Canvas {
    /// The label column.
    pub labels: String,
    /// Row backgrounds, downtime and bands.
    pub back: String,
    /// Tick grid lines.
    pub grid: String,
    /// Operation boxes, lines and outlines.
    pub front: String,
    /// Text and markers that must not stretch with the zoom.
    pub overlay: String,
}

impl Canvas {
    /// A row label in the label column: `main` (already escaped) with an optional second line and
    /// tooltip (both already escaped).
    pub fn label(&mut self, row: &Row, class: &str, main: &str, sub: Option<&str>, title: &str) {
        let mid = row.y + row.height / 2.0;
        let y = if sub.is_some() { mid - 3.0 } else { mid + 4.0 };
        let _ = write!(
            self.labels,
            r#"<text class="{class}" x="6" y="{y:.1}"><title>{title}</title>{main}</text>"#
        );
        if let Some(sub) = sub {
            let _ = write!(
                self.labels,
                r#"<text class="rs" x="6" y="{:.1}">{sub}</text>"#,
                mid + 10.0
            );
        }
    }

    /// A text in the overlay at minute-position `x` (pixels at zoom 1) plus `dx` pixels. With
    /// `room = Some((width, needed))` it is shown only while `width * zoom >= needed`.
    pub fn overlay_text(
        &mut self,
        x: f64,
        dx: f64,
        y: f64,
        class: &str,
        text: &str,
        room: Option<(f64, f64)>,
    ) {
        let at = PAD + x + dx;
        match room {
            Some((width, needed)) => {
                let hid = if width < needed { " hid" } else { "" };
                let _ = write!(
                    self.overlay,
                    r#"<text class="zx fit {class}{hid}" data-x="{x:.3}" data-dx="{dx}" data-w="{width:.3}" data-l="{needed:.0}" x="{at:.2}" y="{y:.1}">{text}</text>"#
                );
            }
            None => {
                let _ = write!(
                    self.overlay,
                    r#"<text class="zx {class}" data-x="{x:.3}" data-dx="{dx}" x="{at:.2}" y="{y:.1}">{text}</text>"#
                );
            }
        }
    }
}

/// The chart markup: a label column and a scrollable, zoomable time area.
pub fn render(ctx: &Ctx) -> String {
    let mut canvas = Canvas::default();
    for row in &ctx.layout.rows {
        match &row.kind {
            RowKind::Axis => axis::draw_axis_row(ctx, row, &mut canvas),
            RowKind::Heading(h) => gantt::draw_heading(ctx, row, *h, &mut canvas),
            RowKind::Price(site) => energy::draw_price_row(ctx, row, *site, &mut canvas),
            RowKind::Power(k) => power::draw_power_row(ctx, row, &ctx.power[*k], &mut canvas),
            RowKind::Machine(m) => gantt::draw_machine_row(ctx, row, *m, &mut canvas),
            RowKind::Material(k) => {
                material::draw_material_row(ctx, row, &ctx.material[*k], &mut canvas)
            }
            RowKind::Lane(k) => {
                network::draw_lane_row(ctx, row, &ctx.network.lanes[*k], &mut canvas)
            }
            RowKind::InTransit(k) => {
                network::draw_in_transit_row(ctx, row, &ctx.network.in_transit[*k], &mut canvas)
            }
        }
    }
    axis::draw_grid(ctx, &mut canvas);
    if let Some(diff) = ctx.diff {
        diff_render::draw_chart_marks(ctx, diff, &mut canvas);
    }
    let height = ctx.layout.height.ceil();
    let width = BASE_WIDTH + 2.0 * PAD;
    let mut out = String::with_capacity(
        canvas.labels.len()
            + canvas.back.len()
            + canvas.grid.len()
            + canvas.front.len()
            + canvas.overlay.len()
            + 1024,
    );
    let _ = write!(
        out,
        r#"<div class="chart" id="chart"><svg class="labels" xmlns="http://www.w3.org/2000/svg" width="{LABEL_WIDTH}" height="{height}">{}</svg>"#,
        canvas.labels
    );
    let _ = write!(
        out,
        r#"<div class="scroll" id="scroll"><svg class="time" id="time" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" data-base="{BASE_WIDTH}" data-pad="{PAD}" data-maxz="{:.2}"><defs><path id="tri" d="M-5,0L5,0L0,7Z"/></defs><g class="zoom" id="zoom" transform="translate({PAD},0) scale(1,1)">{}{}{}</g><g class="overlay">{}</g></svg></div></div>"#,
        ctx.scale.max_zoom(),
        canvas.back,
        canvas.grid,
        canvas.front,
        canvas.overlay
    );
    out
}
