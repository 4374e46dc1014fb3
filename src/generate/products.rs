//! Products: routings through the work centres, step times per machine, bills of materials.

use super::layout::Layout;
use super::rounding::round_to;
use super::{GenRng, GeneratorConfig};
use crate::model::{
    BomLine, InstanceBuilder, Material, MaterialId, Minutes, Product, ProductId, Step, StepOption,
};
use rand::RngExt;
use rand::seq::SliceRandom;

/// Names of the first materials; further ones are numbered.
const MATERIAL_NAMES: [&str; 8] = [
    "steel",
    "aluminium",
    "copper",
    "resin",
    "glass",
    "rubber",
    "packaging",
    "electronics",
];

/// Share of routing steps drawn from the work centres every plant has, so that many products can be
/// made at more than one plant.
const COMMON_STEP_SHARE: f64 = 0.6;

/// What the order generator needs to know about a product beyond the model.
pub(super) struct ProductInfo {
    /// The product's id in the builder.
    pub id: ProductId,
    /// The work centre of each routing step.
    pub centres: Vec<usize>,
    /// Indices of the plants that have every work centre of the routing, ascending.
    pub plants: Vec<usize>,
    /// Typical order quantity.
    pub lot: u32,
}

/// All products and how often each is ordered.
pub(super) struct Catalogue {
    /// Products by [`ProductId`] index.
    pub products: Vec<ProductInfo>,
    /// Cumulative popularity weights, for drawing the product of an order.
    cumulative_popularity: Vec<u32>,
}

impl Catalogue {
    /// Draws a product index, popular products more often.
    pub fn draw(&self, rng: &mut GenRng) -> usize {
        let total = self.cumulative_popularity.last().copied().unwrap_or(1);
        let r = rng.random_range(0..total);
        self.cumulative_popularity.partition_point(|&c| c <= r)
    }
}

/// Adds the products (and the materials their bills of materials use) to the builder.
pub(super) fn build(
    config: &GeneratorConfig,
    layout: &Layout,
    rng: &mut GenRng,
    b: &mut InstanceBuilder,
) -> Catalogue {
    let span = config.max_steps - config.min_steps + 1;
    // Lengths cycle through the range so that the mean routing length is close to its middle.
    let mut lengths: Vec<usize> = (0..config.products)
        .map(|k| config.min_steps + k % span)
        .collect();
    lengths.shuffle(rng);
    let width = config.products.to_string().len().max(2);
    let mut products = Vec::with_capacity(config.products);
    let mut boms = Vec::with_capacity(config.products);
    let mut cumulative_popularity = Vec::with_capacity(config.products);
    let mut popularity = 0;
    for (k, &length) in lengths.iter().enumerate() {
        let home = rng.random_range(0..layout.plants.len());
        let centres = draw_routing(layout, home, length, rng);
        let steps = centres
            .iter()
            .enumerate()
            .map(|(s, &w)| draw_step(layout, w, s > 0, rng))
            .collect();
        let plants = (0..layout.plants.len())
            .filter(|&p| {
                let at = &layout.centres_at[p];
                centres.iter().all(|w| at.binary_search(w).is_ok())
            })
            .collect();
        boms.push(draw_bom(config.materials, rng));
        let id = b.add_product(Product {
            name: format!("PR{:0width$}", k + 1),
            steps,
            bom: Vec::new(),
        });
        popularity += rng.random_range(1..=5);
        cumulative_popularity.push(popularity);
        products.push(ProductInfo {
            id,
            centres,
            plants,
            lot: rng.random_range(10..=60),
        });
    }
    add_materials(b, &products, boms);
    Catalogue {
        products,
        cumulative_popularity,
    }
}

/// The work centres of a routing of `length` steps, all present at the `home` plant, mostly from the
/// centres every plant has, without the same centre twice in a row where the plant allows.
fn draw_routing(layout: &Layout, home: usize, length: usize, rng: &mut GenRng) -> Vec<usize> {
    let local = &layout.centres_at[home];
    let mut centres: Vec<usize> = Vec::with_capacity(length);
    for _ in 0..length {
        let pool = if !layout.common.is_empty() && rng.random_bool(COMMON_STEP_SHARE) {
            &layout.common
        } else {
            local
        };
        let mut w = pool[rng.random_range(0..pool.len())];
        if centres.last() == Some(&w) && local.len() > 1 {
            // Step to the next centre of the plant instead of repeating the last one.
            let at = local.binary_search(&w).unwrap_or(0);
            w = local[(at + 1) % local.len()];
        }
        centres.push(w);
    }
    centres
}

/// A routing step at work centre `w`: nominal setup and run times scaled by each machine's factors,
/// sometimes with a minimum lag (cooling, drying) after the previous step.
fn draw_step(layout: &Layout, w: usize, may_lag: bool, rng: &mut GenRng) -> Step {
    let setup: f64 = f64::from(rng.random_range(2..=12_u32) * 5);
    let run: f64 = rng.random_range(0.2..3.0);
    let min_lag = if may_lag && rng.random_bool(0.15) {
        Minutes::from(rng.random_range(2..=16_u32) * 15)
    } else {
        0
    };
    let options = layout.centres[w]
        .machines
        .iter()
        .map(|&machine| {
            let t = &layout.traits[machine.index()];
            StepOption {
                machine,
                setup: (setup * t.setup).round() as Minutes,
                run_per_unit: round_to(run * t.speed, 0.1).max(0.1),
            }
        })
        .collect();
    Step { min_lag, options }
}

/// A bill of materials as `(material index, quantity per unit)`: usually one or two materials.
fn draw_bom(materials: usize, rng: &mut GenRng) -> Vec<(usize, f64)> {
    if materials == 0 || rng.random_bool(0.15) {
        return Vec::new();
    }
    let first = rng.random_range(0..materials);
    let mut bom = vec![(first, round_to(rng.random_range(0.5..4.0), 0.5))];
    if materials > 1 && rng.random_bool(0.4) {
        let second = (first + rng.random_range(1..materials)) % materials;
        bom.push((second, round_to(rng.random_range(0.5..2.0), 0.5)));
    }
    bom
}

/// Adds the materials some product uses (unused ones would be rejected by the readers) in the order
/// the bills of materials first name them, as a reader of the written bom.csv would, and attaches the
/// bills of materials.
fn add_materials(b: &mut InstanceBuilder, products: &[ProductInfo], boms: Vec<Vec<(usize, f64)>>) {
    let kinds = boms
        .iter()
        .flatten()
        .map(|&(m, _)| m + 1)
        .max()
        .unwrap_or(0);
    let mut ids: Vec<Option<MaterialId>> = vec![None; kinds];
    for &(m, _) in boms.iter().flatten() {
        if ids[m].is_none() {
            let name = MATERIAL_NAMES
                .get(m)
                .map_or_else(|| format!("material{}", m + 1), |n| n.to_string());
            ids[m] = Some(b.add_material(Material { name }));
        }
    }
    for (info, bom) in products.iter().zip(boms) {
        b.products[info.id.index()].bom = bom
            .into_iter()
            .filter_map(|(m, qty_per_unit)| {
                ids[m].map(|material| BomLine {
                    material,
                    qty_per_unit,
                })
            })
            .collect();
    }
}
