//! Order values for generated plants: revenue and variable cost for every order, a share of them
//! optional (low priority), the most valuable fifth high priority.
//!
//! Values are drawn from their own random stream (seeded from the configuration's seed), so that a
//! configuration without values gives exactly the plant it always gave.

use super::GenRng;
use crate::model::{InstanceBuilder, ObjectiveForm, Priority};
use rand::{RngExt, SeedableRng};

/// Sets the value of every order of `b` and the contribution form: revenue per unit drawn from
/// 20..60 money, variable cost 40-80% of revenue, `optional_share` of the orders (drawn at random)
/// optional and low priority, the fifth of the rest with the highest margins high priority.
pub(super) fn build(seed: u64, optional_share: f64, b: &mut InstanceBuilder) {
    let mut rng = GenRng::seed_from_u64(seed ^ 0x005e_ed0f_0a1e);
    for o in &mut b.orders {
        let per_unit: f64 = rng.random_range(20.0..60.0);
        let revenue = (per_unit * f64::from(o.quantity)).round();
        let cost_share: f64 = rng.random_range(0.4..0.8);
        o.value.revenue = revenue;
        o.value.variable_cost = (revenue * cost_share).round();
        o.value.optional = rng.random_bool(optional_share);
        o.value.priority = if o.value.optional {
            Priority::Low
        } else {
            Priority::Normal
        };
    }
    let mut required: Vec<(f64, usize)> = b
        .orders
        .iter()
        .enumerate()
        .filter(|(_, o)| !o.value.optional)
        .map(|(i, o)| (o.value.margin(), i))
        .collect();
    required.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, i) in required.iter().take(required.len().div_ceil(5)) {
        b.orders[i].value.priority = Priority::High;
    }
    b.form = ObjectiveForm::Contribution;
}
