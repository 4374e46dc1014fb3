//! Material availability at the start of each order, and the transfers that bring it from other
//! sites when takt plans transfers.

use super::{Ctx, MilpModel, OpTerms, PlantTerms};
use crate::model::{MaterialId, Minutes, OrderId, QUANTITY_EPS, SiteId, SupplyRoute};
use good_lp::Expression;
use std::collections::BTreeMap;

/// A draw on the supply of one material at one site: how much, and the expression that is 1 when
/// it is drawn at or after level `k` (per level `k`, the sum of picks at levels `<= k`).
type Draws = Vec<(f64, Expression)>;

/// A supply level of one material at one site: from `eta` on, `available` has arrived in total.
#[derive(Clone, Copy, Debug)]
struct Level {
    eta: Option<Minutes>,
    available: f64,
}

/// Where an order's material may come from at one plant: the plant's own supply, or another
/// site's along a supply route (the material leaves there `transit` minutes before the order's
/// first step starts and arrives just in time, as the solvers' rule has it).
enum Source<'a> {
    Local,
    Pulled(&'a SupplyRoute),
}

/// A source with its origin site, lag (transit), earliest draw (`None`: any time) and the levels
/// of the origin's supply that can cover the order.
type SourceOption<'a> = (Source<'a>, SiteId, Minutes, Option<Minutes>, Vec<usize>);

/// A transfer the model may decide: order `order` made at `plant` pulls its `quantity` of
/// `material` along `route`; `chosen` is 1 when it does.
pub(crate) struct Pull {
    pub order: OrderId,
    pub plant: SiteId,
    pub material: MaterialId,
    pub quantity: f64,
    pub route: SupplyRoute,
    pub chosen: Expression,
}

/// **Material availability.** Supply of material `r` at site `s` is a step function: level `k`
/// holds `A_k` from minute `e_k` on (level 0 is the initial stock, from the start). Every order `o`
/// made at plant `p` that consumes `q_or` of `r` when its first operation `f` starts picks where
/// the material comes from and the level it is drawn at, with binaries `a_osk`: from `p`'s own
/// supply (`s = p`, drawn at the start), or, when transfers are planned, along supply route `j`
/// from site `s_j` with transit `t_j` (drawn at `S_f - t_j`, arriving just in time):
///
/// `sum_{s,k} a_osk = u_op`, `S_f >= E_f + sum (e_k + t_s - E_f)^+ a_osk` (`E_f` the earliest
/// start, `t_s` 0 for the plant's own supply), and for every site, material and level `k`:
/// `sum of q_or a_oj over draws on that site at levels j <= k <= A_k`. A pulled source costs
/// `w_transport x cost per unit of the route x q_or`.
///
/// Draws only grow while supply is constant between deliveries, so checking just before each
/// delivery is exact: every draw before `e_{k+1}` picks a level `<= k` and is counted in row `k`.
/// Levels whose supply cannot cover the order alone are not offered. In a relaxed model
/// (infeasibility explanation) each level row gets a penalised shortage variable.
pub(crate) fn material_availability(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    plants: &PlantTerms,
) -> Vec<Pull> {
    let instance = ctx.instance;
    let pulling = instance.plans_transfers();
    let mut levels_of: BTreeMap<(SiteId, MaterialId), Vec<Level>> = BTreeMap::new();
    // Per (site, material) and level: the draws counted there.
    let mut drawn: BTreeMap<(SiteId, MaterialId), Vec<Draws>> = BTreeMap::new();
    let mut pulls = Vec::new();
    for order in instance.order_ids() {
        let first = instance.order_plan(order).first_op();
        let latest_start = ctx.horizon.lct[first.index()] - ctx.scope.min_duration(first);
        let est = ctx.horizon.est[first.index()];
        for (material, quantity) in instance.order_demand(order) {
            for (plant, u) in &plants[order.index()] {
                let mut sources = vec![Source::Local];
                if pulling {
                    sources.extend(
                        instance
                            .supply_routes(*plant, material)
                            .iter()
                            .map(Source::Pulled),
                    );
                }
                let mut options: Vec<SourceOption<'_>> = Vec::new();
                for source in sources {
                    // A pull leaves no earlier than minute 0 (stock is known from the plan start).
                    let (origin, lag, floor) = match &source {
                        Source::Local => (*plant, 0, None),
                        Source::Pulled(r) => (r.from, r.route.transit, Some(0)),
                    };
                    let levels = levels_of
                        .entry((origin, material))
                        .or_insert_with(|| levels(ctx, origin, material));
                    let allowed: Vec<usize> = (0..levels.len())
                        .filter(|&k| levels[k].available + QUANTITY_EPS >= quantity)
                        .filter(|&k| {
                            ready_at(levels[k], floor)
                                .is_none_or(|eta| eta.saturating_add(lag) <= latest_start)
                        })
                        .collect();
                    if !allowed.is_empty() {
                        options.push((source, origin, lag, floor, allowed));
                    }
                }
                let warm = warm_pick(ctx, order, *plant, material, &options, &levels_of);
                let count: usize = options.iter().map(|o| o.4.len()).sum();
                if count == 0 {
                    // No source covers the order: it cannot be made here.
                    model.row(u.clone().eq(0.0));
                    continue;
                }
                let mut sum = Expression::default();
                let mut ready = Expression::from(est as f64);
                let mut binding = false;
                for (n, (source, origin, lag, floor, allowed)) in options.iter().enumerate() {
                    let levels = &levels_of[&(*origin, material)];
                    let rows = drawn
                        .entry((*origin, material))
                        .or_insert_with(|| vec![Vec::new(); levels.len()]);
                    let mut chosen = Expression::default();
                    for &k in allowed {
                        let a = if count == 1 {
                            u.clone()
                        } else {
                            let start = ctx.warm.map(|_| warm == Some((n, k)));
                            let a = Expression::from(model.binary(start));
                            sum += a.clone();
                            a
                        };
                        if let Some(eta) = ready_at(levels[k], *floor)
                            && eta.saturating_add(*lag) > est
                        {
                            ready.add_mul((eta + lag - est) as f64, a.clone());
                            binding = true;
                        }
                        for row in rows.iter_mut().skip(k) {
                            row.push((quantity, a.clone()));
                        }
                        chosen += a;
                    }
                    if let Source::Pulled(route) = source {
                        if !ctx.relax {
                            let w = instance.weights().transport;
                            model.cost(w * route.route.cost_per_unit * quantity, chosen.clone());
                        }
                        pulls.push(Pull {
                            order,
                            plant: *plant,
                            material,
                            quantity,
                            route: (*route).clone(),
                            chosen,
                        });
                    }
                }
                if count > 1 {
                    model.row(sum.eq(u.clone()));
                }
                if binding {
                    model.row(ops.start[first.index()].clone().geq(ready));
                }
            }
        }
    }
    for ((site, material), rows) in drawn {
        let levels = &levels_of[&(site, material)];
        for (k, level) in levels.iter().enumerate() {
            let most: f64 = rows[k].iter().map(|(q, _)| q).sum();
            if most <= level.available + QUANTITY_EPS {
                continue;
            }
            let mut row = Expression::default();
            for (q, a) in &rows[k] {
                row.add_mul(*q, a.clone());
            }
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
    pulls
}

/// The warm plan's pick among `options` for `order`'s `material` at `plant`: `(option, level)`,
/// the source the warm plan used (a transfer of it for the order, else the plant's own supply)
/// and the last level that had arrived at the origin when the material was drawn.
fn warm_pick(
    ctx: &Ctx,
    order: OrderId,
    plant: SiteId,
    material: MaterialId,
    options: &[SourceOption<'_>],
    levels_of: &BTreeMap<(SiteId, MaterialId), Vec<Level>>,
) -> Option<(usize, usize)> {
    let w = ctx.warm?;
    if w.plant[order.index()] != plant {
        return None;
    }
    let first = ctx.instance.order_plan(order).first_op();
    let start = w.start(first);
    let pulled = w.pulled(order, material);
    let n = options
        .iter()
        .position(|(source, ..)| match (source, pulled) {
            (Source::Local, None) => true,
            (Source::Pulled(r), Some((from, lanes))) => r.from == from && r.route.lanes == lanes,
            _ => false,
        })?;
    let (_, origin, lag, floor, allowed) = &options[n];
    let levels = &levels_of[&(*origin, material)];
    let k = allowed.iter().copied().rfind(|&k| {
        ready_at(levels[k], *floor).is_none_or(|eta| eta.saturating_add(*lag) <= start)
    })?;
    Some((n, k))
}

/// When a draw at `level` may happen: its arrival, not before `floor` (`None`: any time).
fn ready_at(level: Level, floor: Option<Minutes>) -> Option<Minutes> {
    match (level.eta, floor) {
        (Some(eta), Some(f)) => Some(eta.max(f)),
        (eta, f) => eta.or(f),
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
