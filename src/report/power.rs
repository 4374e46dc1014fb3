//! Power draw per site over time against the site's peak power cap; only sites with a cap get a row.

use super::chart::{Canvas, Ctx};
use super::escape::{escape, escape_truncated};
use super::gantt::LABEL_CHARS;
use super::layout::Row;
use crate::model::{Instance, Minutes, SiteId};
use crate::solution::Schedule;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The power a site's busy machines draw over time.
#[derive(Clone, Debug, PartialEq)]
pub struct PowerSeries {
    /// The site.
    pub site: SiteId,
    /// Its peak power cap (kW).
    pub cap_kw: f64,
    /// `(minute, kW drawn from that minute on)` at every change, sorted; 0 kW before the first.
    pub steps: Vec<(Minutes, f64)>,
    /// The highest draw.
    pub peak_kw: f64,
}

/// The power draw of every site that has a power cap, in site order. Each placed operation draws its
/// machine's power in its mode during `[start, end)`.
pub fn power_series(instance: &Instance, schedule: &Schedule) -> Vec<PowerSeries> {
    let mut changes: BTreeMap<SiteId, BTreeMap<Minutes, f64>> = BTreeMap::new();
    for s in &schedule.ops {
        let Some(machine) = instance.machines().get(s.machine.index()) else {
            continue;
        };
        let capped = instance
            .sites()
            .get(machine.site.index())
            .is_some_and(|site| site.power_cap_kw.is_some());
        let kw = machine.mode_power_kw(s.mode);
        if !capped || kw == 0.0 || s.end <= s.start {
            continue;
        }
        let site = changes.entry(machine.site).or_default();
        *site.entry(s.start).or_default() += kw;
        *site.entry(s.end).or_default() -= kw;
    }
    let mut series = Vec::new();
    for (k, site) in instance.sites().iter().enumerate() {
        let Some(cap_kw) = site.power_cap_kw else {
            continue;
        };
        let id = SiteId::from_index(k);
        let mut level = 0.0;
        let mut steps = Vec::new();
        for (&t, &delta) in changes.get(&id).into_iter().flatten() {
            level += delta;
            if level.abs() < 1e-9 {
                level = 0.0;
            }
            steps.push((t, level));
        }
        let peak_kw = steps.iter().map(|s| s.1).fold(0.0, f64::max);
        series.push(PowerSeries {
            site: id,
            cap_kw,
            steps,
            peak_kw,
        });
    }
    series
}

/// A power row: the draw as a step line with its area, and the cap as a dashed line.
pub fn draw_power_row(ctx: &Ctx, row: &Row, series: &PowerSeries, canvas: &mut Canvas) {
    let name = &ctx.instance.site(series.site).name;
    canvas.label(
        row,
        "rl",
        &format!("{} power", escape_truncated(name, LABEL_CHARS - 6)),
        Some(&format!(
            "peak {:.0} / cap {:.0} kW",
            series.peak_kw, series.cap_kw
        )),
        &escape(&format!(
            "power drawn by the busy machines of {name} against its cap of {} kW",
            series.cap_kw
        )),
    );
    let top = series.cap_kw.max(series.peak_kw).max(1e-9) * 1.15;
    let base = row.y + row.height - 2.0;
    let y_of = |kw: f64| base - kw / top * (row.height - 4.0);
    let end_x = ctx.scale.x(ctx.scale.to);
    let mut path = format!("M0,{base:.1}");
    for &(t, kw) in &series.steps {
        let _ = write!(path, "H{:.3}V{:.1}", ctx.scale.x(t), y_of(kw));
    }
    let _ = write!(path, "H{end_x:.3}");
    let _ = write!(
        canvas.front,
        r#"<path class="kwa" d="{path}V{base:.1}Z"/><path class="kw" d="{path}"><title>{}: peak {:.1} kW, cap {} kW</title></path><line class="cap" x1="0" x2="{end_x:.3}" y1="{y:.1}" y2="{y:.1}"><title>{} power cap {} kW</title></line>"#,
        escape(name),
        series.peak_kw,
        series.cap_kw,
        escape(name),
        series.cap_kw,
        y = y_of(series.cap_kw),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Instance, StepOption};
    use crate::model::{InstanceBuilder, Machine, MachineId, OpId, Order, Product, Site, Step};
    use crate::solution::ScheduledOp;

    /// Site `capped` (cap 100 kW) with machines A (60 kW) and B (30 kW); site `free` without cap
    /// with machine C (50 kW). Products run one step of 10 minutes on A, B or C.
    fn instance() -> Instance {
        let mut b = InstanceBuilder::new("power");
        let capped = b.add_site(Site {
            name: "capped".into(),
            power_cap_kw: Some(100.0),
        });
        let free = b.add_site(Site::new("free"));
        let mut machines = Vec::new();
        for (name, site, kw) in [("A", capped, 60.0), ("B", capped, 30.0), ("C", free, 50.0)] {
            let mut m = Machine::new(name, site);
            m.power_kw = kw;
            machines.push(b.add_machine(m));
        }
        for (k, &m) in machines.iter().enumerate() {
            let p = b.add_product(Product {
                name: format!("P{k}"),
                steps: vec![Step {
                    min_lag: 0,
                    options: vec![StepOption {
                        machine: m,
                        setup: 10,
                        run_per_unit: 0.0,
                    }],
                }],
                bom: vec![],
            });
            b.add_order(Order::new(format!("O{k}"), p, 1));
        }
        b.build().unwrap()
    }

    fn placed(op: u32, machine: u32, start: Minutes) -> ScheduledOp {
        ScheduledOp {
            op: OpId(op),
            machine: MachineId(machine),
            start,
            end: start + 10,
            mode: crate::model::ModeId::NOMINAL,
        }
    }

    #[test]
    fn only_capped_sites_get_a_series_that_sums_the_busy_machines() {
        let inst = instance();
        let plan = Schedule {
            ops: vec![placed(0, 0, 0), placed(1, 1, 5), placed(2, 2, 0)],
            ..Schedule::default()
        };
        let series = power_series(&inst, &plan);
        assert_eq!(series.len(), 1);
        assert_eq!(series[0].site, SiteId(0));
        assert_eq!(series[0].cap_kw, 100.0);
        assert_eq!(
            series[0].steps,
            vec![(0, 60.0), (5, 90.0), (10, 30.0), (15, 0.0)]
        );
        assert_eq!(series[0].peak_kw, 90.0);
    }
}
