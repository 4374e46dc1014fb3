//! Shipping route choice, and the departure along routes with lane windows.

use super::{Ctx, Kind, MilpModel, OpTerms, PlantTerms, constant};
use crate::model::{Minutes, PieceArrival, Route};
use good_lp::{Expression, Variable};

/// One candidate route of an order.
pub(crate) struct ShipRoute {
    /// The route.
    pub route: Route,
    /// 1 when the order ships on it.
    pub chosen: Expression,
    /// Its departure `D_k` when its lanes have windows (the order ships at its completion
    /// otherwise).
    pub depart: Option<Variable>,
}

/// The chosen route of one order as expressions.
pub(crate) struct Shipping {
    /// Minutes `τ_o` from completion to arrival on the chosen route (0 without customer).
    pub transit: Expression,
    /// Transport cost `κ_o` of the chosen route: cost per unit times quantity.
    pub cost: Expression,
    /// Candidate routes (empty without customer).
    pub routes: Vec<ShipRoute>,
    /// The latest arrival the model allows, for bounds.
    pub latest_arrival: Minutes,
}

/// **Route choice.** An order `o` with a customer has, at each allowed plant `p`, candidate routes
/// `R_op` (Pareto-best in transit time and cost, lanes with enough capacity). Binaries `r_opk` with
///
/// `sum_{k ∈ R_op} r_opk = u_op`,
///
/// give its transit `τ_o = sum_{p,k} τ_k r_opk + W_o` and transport cost
/// `κ_o = q_o sum_{p,k} c_k r_opk` (`q_o` its quantity, `c_k` the route's cost per unit). A plant
/// with one route uses `u_op` itself.
///
/// **Lane windows.** A route whose lanes have windows contributes no `τ_k`; its travel is the
/// piecewise function of the departure of [`crate::model::TravelPiece`]: pieces `i` with departures
/// `[f_i, l_i]` arrive at `D + a_i` or at a fixed `b_i`. With binaries `y_ki`, departures `D_ki`:
///
/// `sum_i y_ki = r_opk`, `f_i y_ki <= D_ki <= l_i y_ki`, `D_k = sum_i D_ki >= C_o - H_o (1 - r_opk)`,
/// `A_k = sum_i (D_ki + a_i y_ki | b_i y_ki)`, and `W_o >= A_k - C_o`,
///
/// with `H_o` the latest completion (`A_k = 0` when the route is not chosen, so the last row is
/// idle then). `W_o >= 0` is the order's time from completion to arrival on a windowed route:
/// tardiness and deadlines push it down to the exact travel of the chosen departure.
pub(crate) fn route_choice(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    plants: &PlantTerms,
) -> Vec<Shipping> {
    let instance = ctx.instance;
    instance
        .order_ids()
        .map(|order| {
            let qty = f64::from(instance.order(order).quantity);
            let completion_ub = ctx.horizon.completion_ub[order.index()];
            let mut shipping = Shipping {
                transit: constant(0.0),
                cost: constant(0.0),
                routes: Vec::new(),
                latest_arrival: completion_ub,
            };
            let mut wait: Option<Variable> = None;
            for (plant, (site, u)) in ctx.scope.plants[order.index()]
                .iter()
                .zip(&plants[order.index()])
            {
                debug_assert_eq!(plant.site, *site);
                let warm_plant = ctx.warm.map(|w| w.plant[order.index()] == *site);
                let warm_route = ctx.warm.map(|w| w.route_index(order, &plant.routes));
                let chosen: Vec<Expression> = if plant.routes.len() <= 1 {
                    plant.routes.iter().map(|_| u.clone()).collect()
                } else {
                    let mut sum = Expression::default();
                    let vars: Vec<Expression> = (0..plant.routes.len())
                        .map(|k| {
                            let warm = warm_plant.zip(warm_route).map(|(at, r)| at && r == k);
                            let r = model.binary(warm);
                            sum += r;
                            Expression::from(r)
                        })
                        .collect();
                    model.row(sum.eq(u.clone()));
                    vars
                };
                for (k, (route, r)) in plant.routes.iter().zip(chosen).enumerate() {
                    let warm_here = warm_plant.zip(warm_route).map(|(at, w)| at && w == k);
                    let depart = if super::orders::windowed(ctx, route) {
                        let windowed = windowed_route(model, ctx, ops, order, route, &r, warm_here);
                        let w = *wait.get_or_insert_with(|| {
                            let warm = ctx
                                .warm
                                .map(|_| super::orders::warm_wait(ctx, order) as f64);
                            let w = model.var(Kind::Continuous, 0.0, f64::INFINITY, warm);
                            shipping.transit += w;
                            w
                        });
                        model
                            .row(Expression::from(w).geq(
                                windowed.arrival - super::orders::completion(ctx, ops, order),
                            ));
                        shipping.latest_arrival = shipping.latest_arrival.max(windowed.latest);
                        Some(windowed.depart)
                    } else {
                        shipping.transit.add_mul(route.transit as f64, r.clone());
                        shipping.latest_arrival = shipping
                            .latest_arrival
                            .max(completion_ub.saturating_add(route.transit));
                        None
                    };
                    shipping.cost.add_mul(route.cost_per_unit * qty, r.clone());
                    shipping.routes.push(ShipRoute {
                        route: route.clone(),
                        chosen: r,
                        depart,
                    });
                }
            }
            shipping
        })
        .collect()
}

/// The departure and arrival of one windowed route.
struct Windowed {
    depart: Variable,
    arrival: Expression,
    latest: Minutes,
}

/// The piece rows of a windowed `route` of `order` chosen by `r` (see [`route_choice`]).
fn windowed_route(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    order: crate::model::OrderId,
    route: &Route,
    r: &Expression,
    warm_here: Option<bool>,
) -> Windowed {
    let instance = ctx.instance;
    let timing = instance.lane_timing();
    let completion_ub = ctx.horizon.completion_ub[order.index()];
    // After the last window ends, leaving later only arrives later.
    let upper = completion_ub.max(timing.last_end(&route.lanes).unwrap_or(0));
    let pieces = timing.pieces(instance.lanes(), &route.lanes, 0, upper);
    let warm_depart = ctx
        .warm
        .filter(|_| warm_here == Some(true))
        .and_then(|facts| facts.departure(order));
    let depart = model.var(
        Kind::Integer,
        0.0,
        upper as f64,
        ctx.warm.map(|_| warm_depart.unwrap_or(0) as f64),
    );
    let mut pick = Expression::default();
    let mut sum_depart = Expression::default();
    let mut arrival = Expression::default();
    let mut latest = 0;
    for piece in &pieces {
        let inside = warm_depart.map(|d| piece.first <= d && d <= piece.last);
        let y = model.binary(ctx.warm.map(|_| inside == Some(true)));
        let d = model.var(
            Kind::Continuous,
            0.0,
            piece.last as f64,
            ctx.warm.map(|_| match (inside, warm_depart) {
                (Some(true), Some(at)) => at as f64,
                _ => 0.0,
            }),
        );
        model.row(Expression::from(d).geq(Expression::from(y) * piece.first as f64));
        model.row(Expression::from(d).leq(Expression::from(y) * piece.last as f64));
        pick += y;
        sum_depart += d;
        match piece.arrival {
            PieceArrival::Shifted(minutes) => {
                arrival += d;
                arrival.add_mul(minutes as f64, y);
            }
            PieceArrival::Fixed(at) => arrival.add_mul(at as f64, y),
        }
        latest = latest.max(piece.arrive(piece.last));
    }
    model.row(pick.eq(r.clone()));
    model.row(Expression::from(depart).eq(sum_depart));
    // D_k >= C_o - H_o (1 - r).
    let completion = super::orders::completion(ctx, ops, order);
    model
        .row((Expression::from(depart) + (1.0 - r.clone()) * completion_ub as f64).geq(completion));
    Windowed {
        depart,
        arrival,
        latest,
    }
}
