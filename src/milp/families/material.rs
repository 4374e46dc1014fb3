//! Material availability at the start of each order.

use super::{Ctx, MilpModel, OpTerms, PlantTerms};
use crate::model::{MaterialId, Minutes, OrderId, QUANTITY_EPS, SiteId};
use good_lp::Expression;
use std::collections::BTreeMap;

/// An order that may consume a material at a plant: its demand and plant indicator `u_op`.
type Consumer = (OrderId, f64, Expression);

/// A supply level of one material at one site: from `eta` on, `available` has arrived in total.
#[derive(Clone, Copy, Debug)]
struct Level {
    eta: Option<Minutes>,
    available: f64,
}

/// **Material availability.** Supply of material `r` at plant `p` is a step function: level `k`
/// holds `A_k` from minute `e_k` on (level 0 is the initial stock, from the start). Every order `o`
/// made at `p` that consumes `q_or` of `r` when its first operation `f` starts picks the level it
/// starts in with binaries `a_ok`:
///
/// `sum_k a_ok = u_op`, `S_f >= E_f + sum_k (e_k - E_f)^+ a_ok` (`E_f` the earliest start), and
/// for every level `k`:
/// `sum_o q_or sum_{j <= k} a_oj <= A_k`.
///
/// Consumption only grows while supply is constant between deliveries, so checking just before each
/// delivery is exact: every order starting before `e_{k+1}` picks a level `<= k` and is counted in
/// row `k`. Levels whose supply cannot cover the order alone are not offered. In a relaxed model
/// (infeasibility explanation) each level row gets a penalised shortage variable.
pub(crate) fn material_availability(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    plants: &PlantTerms,
) {
    let instance = ctx.instance;
    // (site, material) -> consuming orders with their demand and plant indicator.
    let mut consumers: BTreeMap<(SiteId, MaterialId), Vec<Consumer>> = BTreeMap::new();
    for order in instance.order_ids() {
        for (material, quantity) in instance.order_demand(order) {
            for (site, u) in &plants[order.index()] {
                consumers
                    .entry((*site, material))
                    .or_default()
                    .push((order, quantity, u.clone()));
            }
        }
    }
    for ((site, material), orders) in consumers {
        let levels = levels(ctx, site, material);
        // Per level, the expression of consumption by orders that start at or below it.
        let mut consumed: Vec<Expression> = vec![Expression::default(); levels.len()];
        let mut most: Vec<f64> = vec![0.0; levels.len()];
        for (order, quantity, u) in orders {
            let first = instance.order_plan(order).first_op();
            let latest_start = ctx.horizon.lct[first.index()] - ctx.scope.min_duration(first);
            let allowed: Vec<usize> = (0..levels.len())
                .filter(|&k| levels[k].available + QUANTITY_EPS >= quantity)
                .filter(|&k| levels[k].eta.is_none_or(|eta| eta <= latest_start))
                .collect();
            // The warm plan's level: the last one that had arrived when the order started there.
            let warm_level = ctx.warm.and_then(|w| {
                let start = w.start(first);
                let here = w.plant[order.index()] == site;
                allowed
                    .iter()
                    .copied()
                    .rfind(|&k| here && levels[k].eta.is_none_or(|eta| eta <= start))
            });
            let picks: Vec<(usize, Expression)> = if allowed.len() == 1 {
                vec![(allowed[0], u.clone())]
            } else {
                let mut sum = Expression::default();
                let picks = allowed
                    .iter()
                    .map(|&k| {
                        let warm = ctx.warm.map(|_| warm_level == Some(k));
                        let a = model.binary(warm);
                        sum += a;
                        (k, Expression::from(a))
                    })
                    .collect();
                model.row(sum.eq(u.clone()));
                picks
            };
            if allowed.is_empty() {
                // No level covers the order: it cannot be made here.
                model.row(u.clone().eq(0.0));
            }
            let est = ctx.horizon.est[first.index()];
            let mut ready = Expression::from(est as f64);
            let mut binding = false;
            for (k, a) in &picks {
                if let Some(eta) = levels[*k].eta
                    && eta > est
                {
                    ready.add_mul((eta - est) as f64, a.clone());
                    binding = true;
                }
                for j in *k..levels.len() {
                    consumed[j].add_mul(quantity, a.clone());
                    most[j] += quantity;
                }
            }
            if binding {
                model.row(ops.start[first.index()].clone().geq(ready));
            }
        }
        for (k, level) in levels.iter().enumerate() {
            if most[k] <= level.available + QUANTITY_EPS {
                continue;
            }
            let mut row = std::mem::take(&mut consumed[k]);
            if ctx.relax {
                let short = model.slack(super::Slack::Material {
                    site,
                    material,
                    before: levels.get(k + 1).and_then(|l| l.eta),
                });
                row -= short;
            }
            model.row(row.leq(level.available + QUANTITY_EPS));
        }
    }
}

/// The supply levels of `material` at `site`: the initial stock, then one per delivery time.
fn levels(ctx: &Ctx, site: SiteId, material: MaterialId) -> Vec<Level> {
    let Some(supply) = ctx.instance.supply(site, material) else {
        return vec![Level {
            eta: None,
            available: 0.0,
        }];
    };
    let mut levels = vec![Level {
        eta: None,
        available: supply.initial,
    }];
    levels.extend(supply.steps.iter().map(|&(eta, available)| Level {
        eta: Some(eta),
        available,
    }));
    levels
}
