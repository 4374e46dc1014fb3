//! What a site's peak power cap means for the formulations.
//!
//! A cap forbids every set of machines whose powers add up to more than the cap from running at the
//! same minute. When every such set contains a forbidden *pair*, the cap is exactly "these pairs of
//! machines never overlap", which the disjunctive model states with the same ordering variables as
//! a shared machine. Otherwise (three machines together too much, every two fine) the cap is a
//! cumulative constraint that only the time-indexed model states exactly.

use crate::model::{Instance, MachineId, SiteId};
use crate::timetable::POWER_EPS;

/// How the cap of one site constrains its machines.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SitePower {
    /// No cap, or all usable machines together stay within it.
    Unlimited,
    /// Exactly these pairs of machines may not run at the same time.
    Pairwise(Vec<(MachineId, MachineId)>),
    /// A set of three or more machines exceeds the cap while every pair in it does not.
    Cumulative,
}

/// Above this many usable machines at one capped site the pairwise test is not attempted.
const MAX_MACHINES_FOR_PAIR_TEST: usize = 24;

/// True when `machine` alone draws more than its site's cap: it can never run.
pub(crate) fn exceeds_cap_alone(instance: &Instance, machine: MachineId) -> bool {
    let m = instance.machine(machine);
    instance
        .site(m.site)
        .power_cap_kw
        .is_some_and(|cap| m.power_kw > cap + POWER_EPS)
}

/// Classifies the cap of `site`, ignoring machines that can never run.
pub(crate) fn classify(instance: &Instance, site: SiteId) -> SitePower {
    let Some(cap) = instance.site(site).power_cap_kw else {
        return SitePower::Unlimited;
    };
    let mut machines: Vec<(MachineId, f64)> = instance
        .machines_at(site)
        .iter()
        .filter(|&&m| !exceeds_cap_alone(instance, m))
        .map(|&m| {
            let machine = instance.machine(m);
            let most = machine.modes.iter().map(|x| x.power_kw);
            (m, most.fold(machine.power_kw, f64::max))
        })
        .filter(|&(_, kw)| kw > 0.0)
        .collect();
    let total: f64 = machines.iter().map(|&(_, kw)| kw).sum();
    if total <= cap + POWER_EPS {
        return SitePower::Unlimited;
    }
    // Pairwise exclusions at each machine's highest power would forbid overlaps a slower, lighter
    // mode allows: with modes of different power the cap is modelled per mode, in time.
    let mixed_power = machines.iter().any(|&(m, _)| {
        let machine = instance.machine(m);
        machine
            .modes
            .iter()
            .any(|x| (x.power_kw - machine.power_kw).abs() > POWER_EPS)
    });
    if mixed_power || machines.len() > MAX_MACHINES_FOR_PAIR_TEST {
        return SitePower::Cumulative;
    }
    // Heaviest first, so that the clique search below prunes early.
    machines.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let n = machines.len();
    let fits = |a: usize, b: usize| machines[a].1 + machines[b].1 <= cap + POWER_EPS;
    let compatible: Vec<Vec<bool>> = (0..n)
        .map(|a| (0..n).map(|b| a != b && fits(a, b)).collect())
        .collect();
    let weights: Vec<f64> = machines.iter().map(|m| m.1).collect();
    if heaviest_clique(&compatible, &weights, cap) > cap + POWER_EPS {
        return SitePower::Cumulative;
    }
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            if !compatible[a][b] {
                let (x, y) = (machines[a].0, machines[b].0);
                pairs.push((x.min(y), x.max(y)));
            }
        }
    }
    pairs.sort();
    SitePower::Pairwise(pairs)
}

/// The largest total weight of a set of pairwise compatible machines, searched until some set
/// exceeds `stop_above` (enough to know the cap is not pairwise).
fn heaviest_clique(compatible: &[Vec<bool>], weights: &[f64], stop_above: f64) -> f64 {
    fn grow(
        members: &mut Vec<usize>,
        next: usize,
        weight: f64,
        best: &mut f64,
        compatible: &[Vec<bool>],
        weights: &[f64],
        stop_above: f64,
    ) {
        *best = best.max(weight);
        if *best > stop_above + POWER_EPS {
            return;
        }
        for c in next..weights.len() {
            if members.iter().all(|&m| compatible[m][c]) {
                members.push(c);
                grow(
                    members,
                    c + 1,
                    weight + weights[c],
                    best,
                    compatible,
                    weights,
                    stop_above,
                );
                members.pop();
            }
        }
    }
    let mut best = 0.0;
    grow(
        &mut Vec::new(),
        0,
        0.0,
        &mut best,
        compatible,
        weights,
        stop_above,
    );
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{InstanceBuilder, Machine, Site};

    fn site_with(cap: f64, powers: &[f64]) -> Instance {
        let mut b = InstanceBuilder::new("power");
        let mut s = Site::new("S");
        s.power_cap_kw = Some(cap);
        let site = b.add_site(s);
        for (i, &kw) in powers.iter().enumerate() {
            let mut m = Machine::new(format!("M{i}"), site);
            m.power_kw = kw;
            b.add_machine(m);
        }
        b.build().unwrap()
    }

    #[test]
    fn two_machines_over_the_cap_form_a_forbidden_pair() {
        let instance = site_with(100.0, &[80.0, 60.0, 10.0]);
        assert_eq!(
            classify(&instance, SiteId(0)),
            SitePower::Pairwise(vec![(MachineId(0), MachineId(1))])
        );
    }

    #[test]
    fn three_machines_over_the_cap_with_every_pair_within_need_the_cumulative_model() {
        let instance = site_with(240.0, &[110.0, 90.0, 45.0]);
        assert_eq!(classify(&instance, SiteId(0)), SitePower::Cumulative);
    }

    #[test]
    fn a_cap_above_the_total_power_constrains_nothing() {
        let instance = site_with(500.0, &[110.0, 90.0, 45.0]);
        assert_eq!(classify(&instance, SiteId(0)), SitePower::Unlimited);
    }
}
