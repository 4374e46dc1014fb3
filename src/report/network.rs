//! The network/time view below the machines: one row per lane that the plan uses or that has a
//! window, with every shipment of a finished order and every transfer of material (booked and
//! planned) drawn as a bar from the minute it enters the lane to the minute it reaches the lane's
//! end (a dashed line before it when it waits for a closure to lift), over the lane's closed and
//! slower windows; then, per material, the quantity in transit between sites over time.

use super::chart::{Canvas, Ctx};
use super::escape::{escape, escape_truncated};
use super::gantt::{LABEL_CHARS, order_fill};
use super::layout::Row;
use super::material::{quantity, step_line};
use crate::model::{Instance, LaneEffect, LaneId, MaterialId, Minutes, OrderId};
use crate::solution::Schedule;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Vertical margin of a bar inside its row.
const BAR_MARGIN: f64 = 4.0;
/// Fill of material transfers.
const MATERIAL_FILL: &str = "hsl(140,40%,55%)";

/// What travels along a lane.
#[derive(Clone, Debug, PartialEq)]
pub enum Load {
    /// A finished order's shipment.
    Order(OrderId),
    /// Material: which, how much, and the transfer's name (booked) or the order it is for.
    Material {
        /// The material.
        material: MaterialId,
        /// How much.
        quantity: f64,
        /// The booked transfer's name, or "for order X" for a planned one.
        what: String,
    },
}

/// One shipment's passage along one lane.
#[derive(Clone, Debug, PartialEq)]
pub struct Leg {
    /// What travels.
    pub load: Load,
    /// When it reaches the lane's origin.
    pub reach: Minutes,
    /// When it enters the lane (after any closure).
    pub enter: Minutes,
    /// When it reaches the lane's destination.
    pub exit: Minutes,
}

/// Quantity of one material in transit over time.
#[derive(Clone, Debug, PartialEq)]
pub struct TransitSeries {
    /// The material.
    pub material: MaterialId,
    /// `(minute, quantity in transit from then on)`, sorted; nothing in transit before the first.
    pub steps: Vec<(Minutes, f64)>,
}

impl TransitSeries {
    /// The most in transit at once.
    pub fn peak(&self) -> f64 {
        self.steps.iter().map(|s| s.1).fold(0.0, f64::max)
    }
}

/// The lanes the view shows (with their legs, by entry) and the in-transit series.
#[derive(Clone, Debug, Default)]
pub struct NetworkView {
    /// Lanes with legs or windows, in lane order.
    pub lanes: Vec<(LaneId, Vec<Leg>)>,
    /// Per material moved between sites, by material.
    pub in_transit: Vec<TransitSeries>,
}

impl NetworkView {
    /// The view of `schedule`: its shipments and planned transfers and the instance's booked
    /// transfers, each followed lane by lane with the lane windows. Ids the instance does not know
    /// are skipped, never a panic.
    pub fn new(instance: &Instance, schedule: &Schedule) -> Self {
        let lanes = instance.lanes();
        let timing = instance.lane_timing();
        let mut legs: BTreeMap<LaneId, Vec<Leg>> = BTreeMap::new();
        let mut follow = |route: &[LaneId], depart: Minutes, load: Load| {
            if route.iter().any(|l| l.index() >= lanes.len()) {
                return;
            }
            for (&id, (reach, enter, exit)) in route.iter().zip(timing.legs(lanes, route, depart)) {
                legs.entry(id).or_default().push(Leg {
                    load: load.clone(),
                    reach,
                    enter,
                    exit,
                });
            }
        };
        for s in &schedule.shipments {
            if s.order.index() < instance.orders().len() {
                follow(&s.lanes, s.depart, Load::Order(s.order));
            }
        }
        let mut moving: BTreeMap<MaterialId, BTreeMap<Minutes, f64>> = BTreeMap::new();
        let booked = instance.transfers().iter().map(|t| {
            let what = t.name.clone();
            (
                t.material,
                t.quantity,
                &t.lanes,
                t.depart,
                t.arrival(),
                what,
            )
        });
        let planned = schedule.transfers.iter().map(|t| {
            let what = t
                .order
                .and_then(|o| instance.orders().get(o.index()))
                .map_or_else(
                    || "planned".to_string(),
                    |o| format!("for order {}", o.name),
                );
            (t.material, t.quantity, &t.lanes, t.depart, t.arrive, what)
        });
        for (material, qty, route, depart, arrive, what) in booked.chain(planned) {
            if material.index() >= instance.materials().len() {
                continue;
            }
            *moving
                .entry(material)
                .or_default()
                .entry(depart)
                .or_default() += qty;
            *moving
                .entry(material)
                .or_default()
                .entry(arrive)
                .or_default() -= qty;
            follow(
                route,
                depart,
                Load::Material {
                    material,
                    quantity: qty,
                    what,
                },
            );
        }
        let with_windows = instance.lane_windows().iter().map(|w| w.lane);
        for lane in with_windows.filter(|l| l.index() < lanes.len()) {
            legs.entry(lane).or_default();
        }
        for list in legs.values_mut() {
            list.sort_by_key(|l| (l.enter, l.exit, l.reach));
        }
        let in_transit = moving
            .into_iter()
            .map(|(material, changes)| {
                let mut level = 0.0;
                let steps = changes
                    .into_iter()
                    .map(|(t, change)| {
                        level += change;
                        (t, level)
                    })
                    .collect();
                TransitSeries { material, steps }
            })
            .collect();
        Self {
            lanes: legs.into_iter().collect(),
            in_transit,
        }
    }

    /// True when there is nothing to show.
    pub fn is_empty(&self) -> bool {
        self.lanes.is_empty() && self.in_transit.is_empty()
    }
}

/// A lane row: its windows as bands, its legs as bars.
pub fn draw_lane_row(ctx: &Ctx, row: &Row, (lane, legs): &(LaneId, Vec<Leg>), canvas: &mut Canvas) {
    let inst = ctx.instance;
    let l = &inst.lanes()[lane.index()];
    let (from, to) = (&inst.site(l.from).name, &inst.site(l.to).name);
    canvas.label(
        row,
        "rl",
        &escape_truncated(&l.name, LABEL_CHARS),
        Some(&escape_truncated(&format!("{from} > {to}"), LABEL_CHARS)),
        &escape(&format!(
            "lane {} from {from} to {to}: {} minutes, {} per unit; {} shipments and transfers",
            l.name,
            l.transit,
            l.cost_per_unit,
            legs.len()
        )),
    );
    for w in inst.lane_windows().iter().filter(|w| w.lane == *lane) {
        let (x0, x1) = (ctx.scale.x(w.window.start), ctx.scale.x(w.window.end));
        let (class, what) = match w.effect {
            LaneEffect::Closed => ("lwc", "closed".to_string()),
            LaneEffect::Slower { extra } => ("lws", format!("{extra} minutes slower")),
        };
        let _ = write!(
            canvas.back,
            r#"<rect class="{class}" x="{x0:.3}" y="{:.1}" width="{:.3}" height="{:.1}"><title>lane {} {what} from {} until {}</title></rect>"#,
            row.y,
            (x1 - x0).max(0.0),
            row.height,
            escape(&l.name),
            ctx.scale.time(w.window.start),
            ctx.scale.time(w.window.end)
        );
    }
    let (top, height) = (row.y + BAR_MARGIN, row.height - 2.0 * BAR_MARGIN);
    for leg in legs {
        let (fill, what) = match &leg.load {
            Load::Order(o) => {
                let order = &inst.orders()[o.index()];
                (
                    order_fill(*o),
                    format!("order {} ({} units)", order.name, order.quantity),
                )
            }
            Load::Material {
                material,
                quantity: q,
                what,
            } => (
                MATERIAL_FILL.to_string(),
                format!(
                    "{} {} ({what})",
                    quantity(*q),
                    inst.materials()[material.index()].name
                ),
            ),
        };
        let mid = top + height / 2.0;
        if leg.enter > leg.reach {
            let _ = write!(
                canvas.front,
                r#"<line class="legw" x1="{:.3}" x2="{:.3}" y1="{mid:.1}" y2="{mid:.1}"><title>{} waits at {} from {} until the lane opens at {}</title></line>"#,
                ctx.scale.x(leg.reach),
                ctx.scale.x(leg.enter),
                escape(&what),
                escape(from),
                ctx.scale.time(leg.reach),
                ctx.scale.time(leg.enter)
            );
        }
        let (x0, x1) = (ctx.scale.x(leg.enter), ctx.scale.x(leg.exit));
        let _ = write!(
            canvas.front,
            r#"<rect class="leg" x="{x0:.3}" y="{top:.1}" width="{:.3}" height="{height:.1}" fill="{fill}"><title>{} on lane {}: leaves {from} at {}, reaches {to} at {}</title></rect>"#,
            (x1 - x0).max(0.0),
            escape(&what),
            escape(&l.name),
            ctx.scale.time(leg.enter),
            ctx.scale.time(leg.exit)
        );
    }
}

/// An in-transit row: the quantity of one material between sites as a step line.
pub fn draw_in_transit_row(ctx: &Ctx, row: &Row, series: &TransitSeries, canvas: &mut Canvas) {
    let material = &ctx.instance.materials()[series.material.index()].name;
    canvas.label(
        row,
        "rl",
        &escape_truncated(&format!("{material} in transit"), LABEL_CHARS),
        Some(&format!("peak {}", quantity(series.peak()))),
        &escape(&format!(
            "{material} on its way between sites (booked and planned transfers): counted at \
             neither site until it arrives"
        )),
    );
    let title = format!("{material} in transit: peak {}", quantity(series.peak()));
    step_line(
        ctx,
        row,
        (0.0, &series.steps),
        (0.0, series.peak()),
        &title,
        canvas,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        InstanceBuilder, Lane, LaneWindow, Machine, Material, Site, Stock, Transfer, Window,
    };

    #[test]
    fn a_booked_transfer_waits_for_a_closure_and_counts_in_transit_until_it_arrives() {
        let mut b = InstanceBuilder::new("network");
        let port = b.add_site(Site::new("port"));
        let works = b.add_site(Site::new("works"));
        b.add_machine(Machine::new("M", works));
        let steel = b.add_material(Material {
            name: "steel".into(),
        });
        b.add_stock(Stock {
            site: port,
            material: steel,
            quantity: 50.0,
        });
        b.add_lane(Lane {
            name: "barge".into(),
            from: port,
            to: works,
            transit: 100,
            cost_per_unit: 0.2,
            capacity: None,
        });
        b.lane_windows.push(LaneWindow {
            lane: LaneId(0),
            window: Window::new(10, 60),
            effect: LaneEffect::Closed,
        });
        b.transfers.push(Transfer {
            name: "T1".into(),
            material: steel,
            from: port,
            to: works,
            quantity: 30.0,
            depart: 20,
            lanes: Vec::new(),
            arrive: None,
        });
        let inst = b.build().unwrap();
        let view = NetworkView::new(&inst, &Schedule::default());
        assert_eq!(view.lanes.len(), 1);
        let leg = &view.lanes[0].1[0];
        // Reaches the barge at 20, waits until 60, arrives at 160.
        assert_eq!((leg.reach, leg.enter, leg.exit), (20, 60, 160));
        assert_eq!(
            view.in_transit,
            vec![TransitSeries {
                material: steel,
                steps: vec![(20, 30.0), (160, 0.0)],
            }]
        );
    }
}
