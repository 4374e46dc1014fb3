//! Shipping route choice.

use super::{Ctx, MilpModel, PlantTerms, constant};
use crate::model::Route;
use good_lp::Expression;

/// The chosen route of one order as expressions.
pub(crate) struct Shipping {
    /// Transit minutes `τ_o` of the chosen route (0 without customer).
    pub transit: Expression,
    /// Transport cost `κ_o` of the chosen route: cost per unit times quantity.
    pub cost: Expression,
    /// Candidate routes with their indicators (empty without customer).
    pub routes: Vec<(Route, Expression)>,
}

/// **Route choice.** An order `o` with a customer has, at each allowed plant `p`, candidate routes
/// `R_op` (Pareto-best in transit time and cost, lanes with enough capacity). Binaries `r_opk` with
///
/// `sum_{k ∈ R_op} r_opk = u_op`,
///
/// give its transit `τ_o = sum_{p,k} τ_k r_opk` and transport cost
/// `κ_o = q_o sum_{p,k} c_k r_opk` (`q_o` its quantity, `c_k` the route's cost per unit). A plant
/// with one route uses `u_op` itself.
pub(crate) fn route_choice(model: &mut MilpModel, ctx: &Ctx, plants: &PlantTerms) -> Vec<Shipping> {
    let instance = ctx.instance;
    instance
        .order_ids()
        .map(|order| {
            let qty = f64::from(instance.order(order).quantity);
            let mut shipping = Shipping {
                transit: constant(0.0),
                cost: constant(0.0),
                routes: Vec::new(),
            };
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
                for (route, r) in plant.routes.iter().zip(chosen) {
                    shipping.transit.add_mul(route.transit as f64, r.clone());
                    shipping.cost.add_mul(route.cost_per_unit * qty, r.clone());
                    shipping.routes.push((route.clone(), r));
                }
            }
            shipping
        })
        .collect()
}
