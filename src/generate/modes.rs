//! Machine energy modes for generated plants: every machine gets an `eco` mode (70-90% of the
//! nominal speed at 45-65% of its power) and a `boost` mode (120-150% of the speed at 140-180% of
//! its power, at most the site's cap; a change cost of 0-20 money).
//!
//! Modes are drawn from their own random stream (seeded from the configuration's seed), so that a
//! configuration without modes gives exactly the plant it always gave.

use super::GenRng;
use crate::model::{InstanceBuilder, Mode};
use rand::{RngExt, SeedableRng};

/// Adds the two modes to every machine of `b`.
pub(super) fn build(seed: u64, b: &mut InstanceBuilder) {
    let mut rng = GenRng::seed_from_u64(seed ^ 0x0e0c_0b00_5700);
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    for m in &mut b.machines {
        let cap = b.sites[m.site.index()]
            .power_cap_kw
            .unwrap_or(f64::INFINITY);
        let eco_speed = round2(rng.random_range(0.7..0.9));
        let eco_power = round2(m.power_kw * rng.random_range(0.45..0.65));
        let boost_speed = round2(rng.random_range(1.2..1.5));
        let boost_power = round2(m.power_kw * rng.random_range(1.4..1.8)).min(cap);
        let change_cost = rng.random_range(0.0..20.0_f64).round();
        m.modes = vec![
            Mode::new("eco", eco_speed, eco_power),
            Mode {
                change_cost,
                ..Mode::new("boost", boost_speed, boost_power)
            },
        ];
    }
}
