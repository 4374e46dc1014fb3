//! Material availability at the start of each order, and the transfers that bring it from other
//! sites when takt plans transfers.

use super::{Ctx, Kind, MilpModel, OpTerms, PlantTerms};
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

/// A source with its origin site and the levels of the origin's supply that can cover the order,
/// each with the earliest minute the material drawn there reaches the plant (`None`: any time).
struct SourceOption<'a> {
    source: Source<'a>,
    origin: SiteId,
    allowed: Vec<(usize, Option<Minutes>)>,
}

/// A transfer the model may decide: order `order` made at `plant` pulls a share of its
/// `quantity` of `material` along `route`; `chosen` is that share (0 to 1).
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
/// from site `s_j` (leaving at or after `e_k`, and not before minute 0, arriving by `S_f`):
///
/// `sum_{s,k} a_osk = u_op`, `S_f >= E_f + sum (R_sk - E_f)^+ a_osk` (`E_f` the earliest
/// start, `R_sk` the earliest arrival at the plant of what is drawn at level `k` of `s`: `e_k` for
/// the plant's own supply, `e_k` plus the route's transit for a pull, or with lane windows on the
/// route the earliest arrival of a departure at or after `e_k`), and for every site, material and
/// level `k`:
/// `sum of q_or a_oj over draws on that site at levels j <= k <= A_k`. A pulled source costs
/// `w_transport x cost per unit of the route x q_or`.
///
/// Draws only grow while supply is constant between deliveries, so checking just before each
/// delivery is exact: every draw before `e_{k+1}` picks a level `<= k` and is counted in row `k`.
///
/// **Split sourcing.** When an order has more than one source (transfers planned), its quantity
/// may be split among them: each (source, level) gets a binary `z_osk` (drawn there at all) and a
/// share `0 <= x_osk <= z_osk` with `sum x_osk = u_op`; each used source must have arrived,
/// `S_f >= E_f + (R_sk - E_f) z_osk`; the level rows count `q_or x_osk`, and a pull costs its share.
/// So part of an order's material may come from the plant's own stock and the rest from another
/// site, or from two sites. With one source the quantity is drawn whole (`a_osk` as above) at a
/// level that covers it. In a relaxed model (infeasibility explanation) each level row gets a
/// penalised shortage variable.
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
                    let origin = match &source {
                        Source::Local => *plant,
                        Source::Pulled(r) => r.from,
                    };
                    let levels = levels_of
                        .entry((origin, material))
                        .or_insert_with(|| levels(ctx, origin, material));
                    // With transfers, a level that holds some of the material may cover part of
                    // the order (see `split` below).
                    let allowed: Vec<(usize, Option<Minutes>)> = (0..levels.len())
                        .filter(|&k| {
                            let least = if pulling { QUANTITY_EPS } else { quantity };
                            levels[k].available + QUANTITY_EPS >= least
                        })
                        .filter_map(|k| {
                            let reach = reaches(ctx, &source, levels[k], latest_start)?;
                            reach
                                .is_none_or(|at| at <= latest_start)
                                .then_some((k, reach))
                        })
                        .collect();
                    if !allowed.is_empty() {
                        options.push(SourceOption {
                            source,
                            origin,
                            allowed,
                        });
                    }
                }
                // Several sources: the order's quantity may be split among them. One source: it
                // is drawn whole at one level, which must cover it.
                let split = options.len() > 1;
                if !split {
                    for o in &mut options {
                        let levels = &levels_of[&(o.origin, material)];
                        o.allowed
                            .retain(|&(k, _)| levels[k].available + QUANTITY_EPS >= quantity);
                    }
                }
                let warm = warm_pick(ctx, (order, *plant), (material, quantity), &options);
                let count: usize = options.iter().map(|o| o.allowed.len()).sum();
                if count == 0 {
                    // No source covers the order: it cannot be made here.
                    model.row(u.clone().eq(0.0));
                    continue;
                }
                let mut sum = Expression::default();
                let mut ready = Expression::from(est as f64);
                let mut binding = false;
                for (n, option) in options.iter().enumerate() {
                    let levels = &levels_of[&(option.origin, material)];
                    let rows = drawn
                        .entry((option.origin, material))
                        .or_insert_with(|| vec![Vec::new(); levels.len()]);
                    let mut chosen = Expression::default();
                    for &(k, reach) in &option.allowed {
                        // z: the order draws here at all; x: the share it draws here.
                        let share = warm
                            .iter()
                            .find(|(at, _)| *at == (n, k))
                            .map_or(0.0, |w| w.1);
                        let start = ctx.warm.map(|_| share > 0.0);
                        let (z, x) = if count == 1 {
                            (u.clone(), u.clone())
                        } else if split {
                            let z = Expression::from(model.binary(start));
                            let x = model.var(Kind::Continuous, 0.0, 1.0, start.map(|_| share));
                            let x = Expression::from(x);
                            model.row(x.clone().leq(z.clone()));
                            (z, x)
                        } else {
                            let a = Expression::from(model.binary(start));
                            (a.clone(), a)
                        };
                        if count > 1 {
                            sum += x.clone();
                        }
                        if let Some(at) = reach
                            && at > est
                        {
                            if split {
                                // Each source used must have arrived.
                                let ready = Expression::from(est as f64) + z * (at - est) as f64;
                                model.row(ops.start[first.index()].clone().geq(ready));
                            } else {
                                ready.add_mul((at - est) as f64, z);
                                binding = true;
                            }
                        }
                        for row in rows.iter_mut().skip(k) {
                            row.push((quantity, x.clone()));
                        }
                        chosen += x;
                    }
                    if let Source::Pulled(route) = &option.source {
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
    (order, plant): (OrderId, SiteId),
    (material, quantity): (MaterialId, f64),
    options: &[SourceOption<'_>],
) -> Vec<((usize, usize), f64)> {
    let Some(w) = ctx.warm.filter(|w| w.plant[order.index()] == plant) else {
        return Vec::new();
    };
    let first = ctx.instance.order_plan(order).first_op();
    let start = w.start(first);
    // The latest level of option `n` that has reached the plant by the start.
    let level = |n: usize| {
        options[n]
            .allowed
            .iter()
            .rfind(|(_, reach)| reach.is_none_or(|at| at <= start))
            .map(|&(k, _)| (n, k))
    };
    let local = options
        .iter()
        .position(|o| matches!(o.source, Source::Local))
        .and_then(level);
    let Some((from, lanes, moved)) = w.pulled(order, material) else {
        return local.map(|at| (at, 1.0)).into_iter().collect();
    };
    let pulled = options
        .iter()
        .position(|o| match &o.source {
            Source::Pulled(r) => r.from == from && r.route.lanes == lanes,
            Source::Local => false,
        })
        .and_then(level);
    let share = if quantity > 0.0 {
        (moved / quantity).min(1.0)
    } else {
        1.0
    };
    let share = if share > 1.0 - 1e-9 { 1.0 } else { share };
    let mut picks: Vec<((usize, usize), f64)> = pulled.map(|at| (at, share)).into_iter().collect();
    if share < 1.0
        && let Some(at) = local
    {
        // The plant's own stock gave the rest.
        picks.push((at, 1.0 - share));
    }
    picks
}

/// The earliest minute what `source` draws at `level` reaches the plant (`Some(None)`: any time;
/// `None`: not by `latest`). A pull leaves no earlier than minute 0 (stock is known from the plan
/// start) and travels its route, lane windows included.
fn reaches(
    ctx: &Ctx,
    source: &Source<'_>,
    level: Level,
    latest: Minutes,
) -> Option<Option<Minutes>> {
    match source {
        Source::Local => Some(ready_at(level, None)),
        Source::Pulled(r) => {
            let ready = ready_at(level, Some(0)).unwrap_or(0);
            let timing = ctx.instance.lane_timing();
            if timing.on_route(&r.route.lanes) {
                let (_, arrive) =
                    timing.earliest_arrival(ctx.instance.lanes(), &r.route.lanes, ready, latest)?;
                Some(Some(arrive))
            } else {
                Some(Some(ready.saturating_add(r.route.transit)))
            }
        }
    }
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
