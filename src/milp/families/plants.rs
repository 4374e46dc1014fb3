//! Plant and machine choice.

use super::{Ctx, MilpModel, OpTerms, PlantTerms, constant};
use good_lp::Expression;

/// **Plant choice.** An order `o` with allowed plants `P_o` gets binaries `u_op`, `p ∈ P_o`, with
///
/// `sum_{p ∈ P_o} u_op = 1`, and for every operation `i` of `o` and plant `p`:
/// `sum_{m ∈ M_i, site(m) = p} x_im = u_op`,
///
/// so every operation runs on exactly one allowed machine and all operations of an order at one
/// plant. With a single plant `u_op = 1` and the rows read `sum_m x_im = 1`.
///
/// An order that may be left out ([`super::choice`]) has
/// `sum_{p ∈ P_o} u_op = y_o`: its plant indicators, and so the machine indicators of each of its
/// operations, sum to whether it is made.
pub(crate) fn plant_choice_made(
    model: &mut MilpModel,
    ctx: &Ctx,
    ops: &OpTerms,
    choices: &super::choice::Choices,
) -> PlantTerms {
    let instance = ctx.instance;
    let mut terms = Vec::with_capacity(instance.orders().len());
    for order in instance.order_ids() {
        let plants = &ctx.scope.plants[order.index()];
        let optional = choices.get(order.index()).is_some_and(Option::is_some);
        let made = super::choice::made(choices, order);
        let indicators: Vec<(crate::model::SiteId, Expression)> = if plants.len() == 1 {
            vec![(plants[0].site, if optional { made } else { constant(1.0) })]
        } else {
            let mut sum = Expression::default();
            let chosen: Vec<_> = plants
                .iter()
                .map(|p| {
                    let warm = ctx.warm.map(|w| w.plant[order.index()] == p.site);
                    let u = model.binary(warm);
                    sum += u;
                    (p.site, Expression::from(u))
                })
                .collect();
            model.row(if optional { sum.eq(made) } else { sum.eq(1.0) });
            chosen
        };
        for op in instance.order_plan(order).op_ids() {
            for (site, u) in &indicators {
                let mut at_site = Expression::default();
                for on in &ops.on[op.index()] {
                    if instance.machine(on.machine).site == *site {
                        at_site += on.chosen.clone();
                    }
                }
                model.row(at_site.eq(u.clone()));
            }
        }
        terms.push(indicators);
    }
    terms
}
