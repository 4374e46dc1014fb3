//! Machine and power disjunctions of the disjunctive model.

use super::super::families::{Ctx, MilpModel, OpTerms};
use super::super::power::SitePower;
use crate::model::{MachineId, OpId};
use good_lp::Expression;
use std::collections::{BTreeMap, BTreeSet};

/// **Machine and power disjunctions.** Two operations `i, j` of different orders that may run on
/// machines `m, m'` that exclude each other (the same machine, or a pair whose power exceeds the
/// site's cap) get one ordering binary `y_ij` (1: `i` first). For every such pair of machines:
///
/// `S_j >= S_i + p_im - M_ij (3 - y_ij - x_im - x_jm')`,
/// `S_i >= S_j + p_jm' - M_ji (2 + y_ij - x_im - x_jm')`,
///
/// with `M_ij = L_i + p_im - E_j` from the time windows, so a row binds only when both machines are
/// chosen. Pairs whose windows cannot overlap need no binary (intervals may touch).
pub(crate) fn disjunctions(model: &mut MilpModel, ctx: &Ctx, ops: &OpTerms, power: &[SitePower]) {
    let excluded = excluded_pairs(power);
    let excludes = |a: MachineId, b: MachineId| a == b || excluded.contains(&(a.min(b), a.max(b)));
    for (i, j) in candidate_pairs(ctx, ops, &excluded) {
        let combos: Vec<(usize, usize)> = (0..ops.on[i.index()].len())
            .flat_map(|a| (0..ops.on[j.index()].len()).map(move |b| (a, b)))
            .filter(|&(a, b)| excludes(ops.on[i.index()][a].machine, ops.on[j.index()][b].machine))
            .collect();
        if combos.is_empty() {
            continue;
        }
        let window = |op: OpId| {
            let h = ctx.horizon;
            let latest_start = h.lct[op.index()] - ctx.scope.min_duration(op);
            (h.est[op.index()], latest_start, h.lct[op.index()])
        };
        let (est_i, ls_i, lct_i) = window(i);
        let (est_j, ls_j, lct_j) = window(j);
        if lct_i <= est_j || lct_j <= est_i {
            continue;
        }
        let warm = ctx.warm.map(|w| (w.start(i), i) <= (w.start(j), j));
        let y = model.binary(warm);
        for (a, b) in combos {
            let (on_i, on_j) = (&ops.on[i.index()][a], &ops.on[j.index()][b]);
            let both = on_i.chosen.clone() + on_j.chosen.clone();
            let (p_i, p_j) = (on_i.duration as f64, on_j.duration as f64);
            let m_ij = (ls_i as f64 + p_i - est_j as f64).max(0.0);
            let m_ji = (ls_j as f64 + p_j - est_i as f64).max(0.0);
            // i before j: active when y = 1 and both chosen.
            let slack_ij = (Expression::from(3.0) - y - both.clone()) * m_ij;
            model.row(
                ops.start[j.index()]
                    .clone()
                    .geq(ops.start[i.index()].clone() + p_i - slack_ij),
            );
            // j before i: active when y = 0 and both chosen.
            let slack_ji = (Expression::from(2.0) + y - both) * m_ji;
            model.row(
                ops.start[i.index()]
                    .clone()
                    .geq(ops.start[j.index()].clone() + p_j - slack_ji),
            );
        }
    }
}

/// Machine pairs (smaller id first) that may not run at the same time because of a power cap.
fn excluded_pairs(power: &[SitePower]) -> BTreeSet<(MachineId, MachineId)> {
    power
        .iter()
        .filter_map(|p| match p {
            SitePower::Pairwise(pairs) => Some(pairs.iter().copied()),
            _ => None,
        })
        .flatten()
        .collect()
}

/// Pairs of operations `(i, j)`, `i < j`, of different orders that share a machine or may run on
/// a power-excluded pair of machines.
fn candidate_pairs(
    ctx: &Ctx,
    ops: &OpTerms,
    excluded: &BTreeSet<(MachineId, MachineId)>,
) -> BTreeSet<(OpId, OpId)> {
    let mut by_machine: BTreeMap<MachineId, Vec<OpId>> = BTreeMap::new();
    for op in ctx.instance.op_ids() {
        for on in &ops.on[op.index()] {
            by_machine.entry(on.machine).or_default().push(op);
        }
    }
    let order_of = |op: OpId| ctx.instance.op(op).order;
    let mut pairs = BTreeSet::new();
    let mut add = |a: OpId, b: OpId| {
        if a != b && order_of(a) != order_of(b) {
            pairs.insert((a.min(b), a.max(b)));
        }
    };
    for list in by_machine.values() {
        for (k, &a) in list.iter().enumerate() {
            for &b in &list[k + 1..] {
                add(a, b);
            }
        }
    }
    for &(m, m2) in excluded {
        let empty = Vec::new();
        let first = by_machine.get(&m).unwrap_or(&empty);
        let second = by_machine.get(&m2).unwrap_or(&empty);
        for &a in first {
            for &b in second {
                add(a, b);
            }
        }
    }
    pairs
}
