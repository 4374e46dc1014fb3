//! Warehouses: distribution sites near the customers, so that finished goods can ship part-way.
//! Each warehouse gets a slow, cheap rail lane from every plant and a short truck lane to each
//! customer within reach (the nearer half of them, at least one), so a route plant - rail -
//! warehouse - truck - customer competes with the direct truck: cheaper, slower. Every plant also
//! gets a truck lane from the warehouse, and where the instance plans transfers (with ports) the
//! warehouse holds a little spare stock of every material, which a plant short of it can pull.
//!
//! Warehouses draw from their own random stream, so the rest of the plant is the one generated
//! without them; lanes and stock only add options, so the provisioned plan stays feasible.

use super::GenRng;
use super::layout::Layout;
use super::rounding::{ceil_minutes, round_to};
use crate::model::{InstanceBuilder, Lane, MaterialId, Minutes, Site, SiteId, Stock};
use rand::{RngExt, SeedableRng};

/// Rail speed, km per hour, and the hours of handling at both ends.
const RAIL_KMH: f64 = 45.0;
const RAIL_HANDLING_H: f64 = 5.0;
/// Truck speed, km per hour, and the hour of handling.
const TRUCK_KMH: f64 = 70.0;

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// Adds `warehouses` warehouses with their lanes and spare stock (see the module docs).
pub(super) fn build(warehouses: usize, seed: u64, layout: &Layout, b: &mut InstanceBuilder) {
    if warehouses == 0 {
        return;
    }
    let mut rng = GenRng::seed_from_u64(seed ^ 0x5741_5245);
    let materials = b.materials.len();
    for k in 0..warehouses {
        let name = format!("WH{}", k + 1);
        let wh = b.add_site(Site::new(name.clone()));
        // Near a random customer, within 60 km.
        let anchor = layout.customer_xy[rng.random_range(0..layout.customer_xy.len().max(1))];
        let at = (
            anchor.0 + rng.random_range(-60.0..60.0),
            anchor.1 + rng.random_range(-60.0..60.0),
        );
        for (p, &plant) in layout.plants.iter().enumerate() {
            let km = distance(layout.plant_xy[p], at);
            let plant_name = b.sites[plant.index()].name.clone();
            let rail = Lane {
                name: format!("{plant_name}-{name}-rail"),
                from: plant,
                to: wh,
                transit: ceil_minutes(((RAIL_HANDLING_H + km / RAIL_KMH) * 60.0) as Minutes, 15),
                cost_per_unit: round_to(0.1 + km * 0.002, 0.01),
                capacity: None,
            };
            b.add_lane(rail);
            b.add_lane(truck(&name, &plant_name, wh, plant, km));
        }
        let mut by_distance: Vec<(f64, usize)> = layout
            .customer_xy
            .iter()
            .enumerate()
            .map(|(c, &xy)| (distance(at, xy), c))
            .collect();
        by_distance.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        let reach = by_distance.len().div_ceil(2).max(1);
        for &(km, c) in by_distance.iter().take(reach) {
            let customer = layout.customers[c];
            let customer_name = b.sites[customer.index()].name.clone();
            b.add_lane(truck(&name, &customer_name, wh, customer, km));
        }
        for m in (0..materials).filter(|_| b.plan_transfers) {
            let quantity = f64::from(rng.random_range(5_u32..=30));
            b.stock.push(Stock {
                site: wh,
                material: MaterialId::from_index(m),
                quantity,
            });
        }
    }
}

/// A truck lane from `from` (named `from_name`) to `to` (named `to_name`) over `km`.
fn truck(from_name: &str, to_name: &str, from: SiteId, to: SiteId, km: f64) -> Lane {
    Lane {
        name: format!("{from_name}-{to_name}"),
        from,
        to,
        transit: ceil_minutes(60 + (km / TRUCK_KMH * 60.0).round() as Minutes, 15),
        cost_per_unit: round_to(0.3 + km * 0.012, 0.01),
        capacity: None,
    }
}
