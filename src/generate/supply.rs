//! Material supply: initial stock and inbound deliveries at each plant, sized to the orders
//! provisioned there.

use super::layout::Layout;
use super::orders::DraftOrder;
use super::products::Catalogue;
use super::rounding::ceil_minutes;
use super::{GenRng, GeneratorConfig};
use crate::model::{Delivery, InstanceBuilder, MaterialId, Minutes, Stock};
use rand::RngExt;

/// Facts about the generated supply that later steps need.
pub(super) struct SupplySummary {
    /// ETA of the last delivery (0 without deliveries).
    pub last_eta: Minutes,
}

/// Adds stock and deliveries: per plant and material, a share of the demand of the orders provisioned
/// there (by default a quarter to a half) is in stock and the rest (by default with 2-15% to spare)
/// arrives in deliveries (one to three, plus about one every three days on long horizons) spread over
/// the first 80% of the horizon, so that material timing matters.
pub(super) fn build(
    config: &GeneratorConfig,
    layout: &Layout,
    catalogue: &Catalogue,
    drafts: &[DraftOrder],
    horizon: Minutes,
    rng: &mut GenRng,
    b: &mut InstanceBuilder,
) -> SupplySummary {
    let kinds = b.materials.len();
    let mut demand = vec![0.0; layout.plants.len() * kinds];
    for d in drafts {
        let product = &b.products[catalogue.products[d.product].id.index()];
        for line in &product.bom {
            demand[d.plant * kinds + line.material.index()] +=
                line.qty_per_unit * f64::from(d.quantity);
        }
    }
    let mut last_eta = 0;
    let h = horizon as f64;
    for (k, &need) in demand.iter().enumerate() {
        if need <= 0.0 {
            continue;
        }
        let (plant, material) = (k / kinds, MaterialId::from_index(k % kinds));
        let site = layout.plants[plant];
        let (spare_lo, spare_hi) = config.spare_material;
        let (stock_lo, stock_hi) = config.initial_stock;
        let total = (need * draw(rng, 1.0 + spare_lo, 1.0 + spare_hi)).ceil();
        let stock = (need * draw(rng, stock_lo, stock_hi)).floor();
        if stock > 0.0 {
            b.add_stock(Stock {
                site,
                material,
                quantity: stock,
            });
        }
        let rest = total - stock;
        // About one delivery every three days, and at least one to three.
        let regular = u32::try_from(horizon / (3 * 1440)).unwrap_or(u32::MAX);
        let count = (regular + rng.random_range(1..=3_u32))
            .min(rest as u32)
            .max(1);
        let mut etas: Vec<Minutes> = (0..count)
            .map(|_| ceil_minutes((h * rng.random_range(0.05..0.8)) as Minutes, 30))
            .collect();
        etas.sort_unstable();
        let mut delivered = 0.0;
        for (j, &eta) in etas.iter().enumerate() {
            // Equal parts in whole units; the last delivery takes the remainder.
            let quantity = if j + 1 == etas.len() {
                rest - delivered
            } else {
                (rest / f64::from(count)).floor()
            };
            delivered += quantity;
            let name = format!(
                "{}-{}-{}",
                b.sites[site.index()].name,
                b.materials[material.index()].name,
                j + 1
            );
            b.add_delivery(Delivery {
                name,
                material,
                site,
                quantity,
                eta,
            });
            last_eta = last_eta.max(eta);
        }
    }
    SupplySummary { last_eta }
}

/// A number drawn from `[lo, hi)` (`lo` when the range is empty).
fn draw(rng: &mut GenRng, lo: f64, hi: f64) -> f64 {
    if hi > lo {
        rng.random_range(lo..hi)
    } else {
        lo
    }
}
