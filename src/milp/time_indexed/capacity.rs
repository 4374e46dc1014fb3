//! Machine capacity and the peak power cap on the start grid.

use super::super::families::{Ctx, MilpModel};
use super::super::power::SitePower;
use super::StartVar;
use crate::model::{MachineId, Minutes, SiteId};
use crate::timetable::POWER_EPS;
use good_lp::Expression;
use std::collections::BTreeMap;

/// **Machine capacity.** For every machine `m` and every grid point `τ` at which some operation
/// may start on `m`: `sum_{i, t: t <= τ < t + p_im} x_imt <= 1`. All starts lie on the grid, so two
/// overlapping intervals always contain the later one's start: checking there is exact.
pub(crate) fn machine_capacity(model: &mut MilpModel, starts: &[StartVar]) {
    let mut by_machine: BTreeMap<MachineId, Vec<&StartVar>> = BTreeMap::new();
    for s in starts {
        by_machine.entry(s.machine).or_default().push(s);
    }
    for vars in by_machine.values() {
        for (_, running) in running_at_starts(vars) {
            if running.len() < 2 {
                continue;
            }
            let mut row = Expression::default();
            for s in running {
                row += s.var;
            }
            model.row(row.leq(1.0));
        }
    }
}

/// **Peak power.** For every capped site `s` whose machines together may exceed the cap `K_s`, and
/// every grid point `τ` at which some operation may start there:
/// `sum_{m at s} P_m sum_{i, t: t <= τ < t + p_im} x_imt <= K_s`. Power only rises when an
/// operation starts, so the peak is always at a start: checking there is exact.
pub(crate) fn power_cap(
    model: &mut MilpModel,
    ctx: &Ctx,
    power: &[SitePower],
    starts: &[StartVar],
) {
    let instance = ctx.instance;
    let mut by_site: BTreeMap<SiteId, Vec<&StartVar>> = BTreeMap::new();
    for s in starts {
        let site = instance.machine(s.machine).site;
        if power[site.index()] != SitePower::Unlimited && instance.power_kw(s.machine, s.mode) > 0.0
        {
            by_site.entry(site).or_default().push(s);
        }
    }
    for (site, vars) in by_site {
        let Some(cap) = instance.site(site).power_cap_kw else {
            continue;
        };
        for (_, running) in running_at_starts(&vars) {
            let most: f64 = running
                .iter()
                .map(|s| instance.power_kw(s.machine, s.mode))
                .sum();
            if most <= cap + POWER_EPS {
                continue;
            }
            let mut row = Expression::default();
            for s in running {
                row.add_mul(instance.power_kw(s.machine, s.mode), s.var);
            }
            model.row(row.leq(cap + POWER_EPS));
        }
    }
}

/// For every distinct start `τ` among `vars`, the variables whose interval contains `τ`.
fn running_at_starts<'a>(vars: &[&'a StartVar]) -> Vec<(Minutes, Vec<&'a StartVar>)> {
    let mut sorted: Vec<&StartVar> = vars.to_vec();
    sorted.sort_by_key(|s| (s.start, s.op, s.machine));
    let mut points: Vec<Minutes> = sorted.iter().map(|s| s.start).collect();
    points.dedup();
    let mut out = Vec::with_capacity(points.len());
    // Sweep: `active` holds started variables; drop those that ended before τ.
    let mut active: Vec<&StartVar> = Vec::new();
    let mut next = 0;
    for tau in points {
        while next < sorted.len() && sorted[next].start <= tau {
            active.push(sorted[next]);
            next += 1;
        }
        active.retain(|s| s.start + s.duration > tau);
        out.push((tau, active.clone()));
    }
    out
}
