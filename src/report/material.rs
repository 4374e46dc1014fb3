//! Material stock over time per site and material: initial stock plus deliveries by their ETA,
//! booked and planned transfers in by their arrival and out by their departure, and stock
//! adjustments, minus what orders consume when their first operation starts. Deliveries are
//! marked with a triangle.

use super::chart::{Canvas, Ctx, PAD};
use super::escape::{escape, escape_truncated};
use super::gantt::LABEL_CHARS;
use super::layout::Row;
use crate::model::{DeliveryId, Instance, MaterialId, Minutes, SiteId};
use crate::solution::Schedule;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Stock of one material at one site over the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct MaterialSeries {
    /// The site.
    pub site: SiteId,
    /// The material.
    pub material: MaterialId,
    /// Stock at the plan start.
    pub initial: f64,
    /// `(minute, stock from that minute on)` at every delivery ETA and every consumption, sorted.
    pub steps: Vec<(Minutes, f64)>,
    /// Deliveries of this material to this site, by ETA.
    pub deliveries: Vec<DeliveryId>,
    /// Total the plan consumes here.
    pub consumed: f64,
}

impl MaterialSeries {
    /// The lowest stock over the plan.
    pub fn min_level(&self) -> f64 {
        self.steps.iter().map(|s| s.1).fold(self.initial, f64::min)
    }

    /// The highest stock over the plan.
    pub fn max_level(&self) -> f64 {
        self.steps.iter().map(|s| s.1).fold(self.initial, f64::max)
    }
}

/// The stock series of every `(site, material)` that has stock, deliveries or consumption in the
/// plan, sorted by site and material. An order consumes its bill of materials at the site of the
/// machine of its first operation when that operation starts.
pub fn material_series(instance: &Instance, schedule: &Schedule) -> Vec<MaterialSeries> {
    let mut consumption: BTreeMap<(SiteId, MaterialId), BTreeMap<Minutes, f64>> = BTreeMap::new();
    for s in &schedule.ops {
        let Some(op) = instance.ops().get(s.op.index()) else {
            continue;
        };
        let Some(machine) = instance.machines().get(s.machine.index()) else {
            continue;
        };
        if instance.order_plan(op.order).first_op() != s.op {
            continue;
        }
        for (material, qty) in instance.order_demand(op.order) {
            *consumption
                .entry((machine.site, material))
                .or_default()
                .entry(s.start)
                .or_default() += qty;
        }
    }
    // The plan's own transfers: taken at the origin when they leave (like a consumption), given
    // at the destination when they arrive (a negative consumption).
    let mut moved: BTreeMap<(SiteId, MaterialId), BTreeMap<Minutes, f64>> = BTreeMap::new();
    let known = |s: SiteId, m: MaterialId| {
        s.index() < instance.sites().len() && m.index() < instance.materials().len()
    };
    for t in schedule
        .transfers
        .iter()
        .filter(|t| known(t.from, t.material) && known(t.to, t.material))
    {
        *moved
            .entry((t.from, t.material))
            .or_default()
            .entry(t.depart)
            .or_default() += t.quantity;
        *moved
            .entry((t.to, t.material))
            .or_default()
            .entry(t.arrive)
            .or_default() -= t.quantity;
    }
    let keys: BTreeSet<(SiteId, MaterialId)> = instance
        .supplies()
        .keys()
        .copied()
        .chain(consumption.keys().copied())
        .chain(moved.keys().copied())
        .collect();
    keys.into_iter()
        .map(|(site, material)| {
            let supply = instance.supply(site, material);
            let mut deliveries: Vec<DeliveryId> = (0..instance.deliveries().len())
                .map(DeliveryId::from_index)
                .filter(|d| {
                    let d = &instance.deliveries()[d.index()];
                    d.site == site && d.material == material
                })
                .collect();
            deliveries.sort_by_key(|d| (instance.deliveries()[d.index()].eta, *d));
            let used = consumption.get(&(site, material));
            let sent = moved.get(&(site, material));
            let times: BTreeSet<Minutes> = deliveries
                .iter()
                .map(|d| instance.deliveries()[d.index()].eta)
                .chain(supply.into_iter().flat_map(|s| s.steps.iter().map(|x| x.0)))
                .chain(used.into_iter().flat_map(|u| u.keys().copied()))
                .chain(sent.into_iter().flat_map(|u| u.keys().copied()))
                .collect();
            let mut consumed = 0.0;
            let mut net_sent = 0.0;
            let mut steps = Vec::with_capacity(times.len());
            for t in times {
                consumed += used.and_then(|u| u.get(&t)).copied().unwrap_or(0.0);
                net_sent += sent.and_then(|u| u.get(&t)).copied().unwrap_or(0.0);
                let available = supply.map_or(0.0, |s| s.available_at(t));
                steps.push((t, available - consumed - net_sent));
            }
            MaterialSeries {
                site,
                material,
                initial: supply.map_or(0.0, |s| s.initial),
                steps,
                deliveries,
                consumed,
            }
        })
        .collect()
}

/// A quantity for labels: at most two decimals, no trailing zeros.
pub(super) fn quantity(q: f64) -> String {
    let text = format!("{q:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".into()
    } else {
        text.into()
    }
}

/// A level over time in `row` as a step line with its area down to zero: `initial` from the start,
/// then each `(minute, level)` of `steps`, scaled so that `lo..hi` fills the row; `title` (not yet
/// escaped) is its tooltip. Returns the y of level zero.
pub(super) fn step_line(
    ctx: &Ctx,
    row: &Row,
    (initial, steps): (f64, &[(Minutes, f64)]),
    (lo, hi): (f64, f64),
    title: &str,
    canvas: &mut Canvas,
) -> f64 {
    let top = row.y + 8.0;
    let base = row.y + row.height - 2.0;
    let span = (hi - lo).max(1e-9);
    let y_of = |q: f64| base - (q - lo) / span * (base - top);
    let end_x = ctx.scale.x(ctx.scale.to);
    let mut path = format!("M0,{:.1}", y_of(initial));
    for &(t, level) in steps {
        let _ = write!(path, "H{:.3}V{:.1}", ctx.scale.x(t), y_of(level));
    }
    let _ = write!(path, "H{end_x:.3}");
    let zero = y_of(0.0);
    let _ = write!(
        canvas.front,
        r#"<path class="mta" d="{path}V{zero:.1}H0Z"/><path class="mt" d="{path}"><title>{}</title></path>"#,
        escape(title)
    );
    zero
}

/// A material row: the stock as a step line with its area, a zero line when it goes negative, and a
/// marker per delivery.
pub fn draw_material_row(ctx: &Ctx, row: &Row, series: &MaterialSeries, canvas: &mut Canvas) {
    let inst = ctx.instance;
    let site = &inst.site(series.site).name;
    let material = &inst.materials()[series.material.index()].name;
    let (lo, hi) = (series.min_level().min(0.0), series.max_level().max(1e-9));
    canvas.label(
        row,
        "rl",
        &escape_truncated(&format!("{site} · {material}"), LABEL_CHARS),
        Some(&format!(
            "min {}, max {}",
            quantity(series.min_level()),
            quantity(series.max_level())
        )),
        &escape(&format!(
            "{material} at {site}: initial {}, {} deliveries, {} consumed by the plan",
            quantity(series.initial),
            series.deliveries.len(),
            quantity(series.consumed)
        )),
    );
    let title = format!(
        "{material} at {site}: lowest {}",
        quantity(series.min_level())
    );
    let zero = step_line(
        ctx,
        row,
        (series.initial, &series.steps),
        (lo, hi),
        &title,
        canvas,
    );
    let base = row.y + row.height - 2.0;
    let end_x = ctx.scale.x(ctx.scale.to);
    if lo < 0.0 {
        let _ = write!(
            canvas.front,
            r#"<line class="short" x1="0" x2="{end_x:.3}" y1="{zero:.1}" y2="{zero:.1}"><title>below this line the plan uses material that is not there</title></line>"#
        );
    }
    for &d in &series.deliveries {
        let delivery = &inst.deliveries()[d.index()];
        if delivery.eta < ctx.scale.from || delivery.eta > ctx.scale.to {
            continue;
        }
        let x = ctx.scale.x(delivery.eta);
        let _ = write!(
            canvas.front,
            r#"<line class="dl" x1="{x:.3}" x2="{x:.3}" y1="{:.1}" y2="{base:.1}"/>"#,
            row.y + 1.0
        );
        let _ = write!(
            canvas.overlay,
            r##"<use href="#tri" class="zx dlv" data-x="{x:.3}" data-dx="0" x="{:.2}" y="{:.1}"><title>delivery {}: {} {} at {}, {}</title></use>"##,
            PAD + x,
            row.y + 1.0,
            escape(&delivery.name),
            quantity(delivery.quantity),
            escape(material),
            escape(site),
            ctx.scale.time(delivery.eta)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        BomLine, Delivery, InstanceBuilder, Machine, Material, OpId, Order, Product, Site, Step,
        StepOption, Stock,
    };
    use crate::solution::ScheduledOp;

    #[test]
    fn stock_is_initial_plus_deliveries_minus_consumption_at_first_starts() {
        let mut b = InstanceBuilder::new("material");
        let site = b.add_site(Site::new("S"));
        let m = b.add_machine(Machine::new("M", site));
        let steel = b.add_material(Material {
            name: "steel".into(),
        });
        b.add_stock(Stock {
            site,
            material: steel,
            quantity: 10.0,
        });
        b.add_delivery(Delivery {
            name: "D1".into(),
            material: steel,
            site,
            quantity: 5.0,
            eta: 30,
        });
        let step = Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: m,
                setup: 5,
                run_per_unit: 0.0,
            }],
        };
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![step.clone(), step],
            bom: vec![BomLine {
                material: steel,
                qty_per_unit: 2.0,
            }],
        });
        b.add_order(Order::new("A", p, 2));
        b.add_order(Order::new("B", p, 3));
        let inst = b.build().unwrap();
        let at = |op, start| ScheduledOp {
            op: OpId(op),
            machine: m,
            start,
            end: start + 5,
            mode: crate::model::ModeId::NOMINAL,
        };
        // A (4 steel) starts at 10, its second step at 20 consumes nothing; B (6 steel) at 40.
        let plan = Schedule {
            ops: vec![at(0, 10), at(1, 20), at(2, 40), at(3, 45)],
            ..Schedule::default()
        };
        let series = material_series(&inst, &plan);
        assert_eq!(series.len(), 1);
        let s = &series[0];
        assert_eq!(s.initial, 10.0);
        assert_eq!(s.steps, vec![(10, 6.0), (30, 11.0), (40, 5.0)]);
        assert_eq!(s.consumed, 10.0);
        assert_eq!(s.deliveries.len(), 1);
        assert_eq!(s.min_level(), 5.0);
        assert_eq!(s.max_level(), 11.0);
    }

    #[test]
    fn quantities_print_without_trailing_zeros() {
        assert_eq!(quantity(2.0), "2");
        assert_eq!(quantity(2.5), "2.5");
        assert_eq!(quantity(-0.001), "0");
        assert_eq!(quantity(1.239), "1.24");
    }
}
