//! Transport lanes: plant-to-customer lanes and a ring of lanes between plants.

use super::GenRng;
use super::layout::Layout;
use super::rounding::{ceil_minutes, round_to};
use crate::model::{InstanceBuilder, Lane, LaneNetwork, Minutes, SiteId};
use rand::RngExt;

/// The lane network and the fastest transit from each plant to each customer.
pub(super) struct Transport {
    /// The lanes as a graph, for routes with capacity limits.
    pub network: LaneNetwork,
    /// `transit[plant][customer]`: minutes of the fastest route ignoring lane capacities.
    pub transit: Vec<Vec<Minutes>>,
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// A truck lane over `km`: an hour of handling plus driving at 70 km/h, in quarter hours.
fn truck_lane(b: &InstanceBuilder, from: SiteId, to: SiteId, km: f64, per_km: f64) -> Lane {
    Lane {
        name: format!(
            "{}-{}",
            b.sites[from.index()].name,
            b.sites[to.index()].name
        ),
        from,
        to,
        transit: ceil_minutes(60 + (km / 70.0 * 60.0).round() as Minutes, 15),
        cost_per_unit: round_to(0.3 + km * per_km, 0.01),
        capacity: None,
    }
}

/// Adds lanes so that every plant reaches every customer without capacity limits: the nearest plant
/// of each customer has an unlimited direct lane and the plants are joined by an unlimited ring.
/// Other plants get direct lanes to some customers, a few of them with a capacity per shipment.
pub(super) fn build(layout: &Layout, rng: &mut GenRng, b: &mut InstanceBuilder) -> Transport {
    for (c, &customer) in layout.customers.iter().enumerate() {
        let at = layout.customer_xy[c];
        let nearest = (0..layout.plants.len())
            .min_by(|&x, &y| {
                distance(layout.plant_xy[x], at).total_cmp(&distance(layout.plant_xy[y], at))
            })
            .unwrap_or(0);
        for (p, &plant) in layout.plants.iter().enumerate() {
            if p != nearest && !rng.random_bool(0.6) {
                continue;
            }
            let mut lane = truck_lane(b, plant, customer, distance(layout.plant_xy[p], at), 0.012);
            if p != nearest && rng.random_bool(0.35) {
                lane.capacity = Some(rng.random_range(20..=80));
            }
            b.add_lane(lane);
        }
    }
    let n = layout.plants.len();
    let ring: Vec<(usize, usize)> = match n {
        0 | 1 => Vec::new(),
        2 => vec![(0, 1), (1, 0)],
        _ => (0..n)
            .flat_map(|k| [(k, (k + 1) % n), ((k + 1) % n, k)])
            .collect(),
    };
    for (x, y) in ring {
        let km = distance(layout.plant_xy[x], layout.plant_xy[y]);
        let lane = truck_lane(b, layout.plants[x], layout.plants[y], km, 0.008);
        b.add_lane(lane);
    }
    let network = LaneNetwork::new(b.sites.len(), &b.lanes);
    let transit = layout
        .plants
        .iter()
        .map(|&plant| {
            layout
                .customers
                .iter()
                .map(|&customer| {
                    // Quantity 0 fits every lane, so capacities are ignored.
                    network
                        .fastest_route(&b.lanes, plant, customer, 0)
                        .map_or(0, |r| r.transit)
                })
                .collect()
        })
        .collect();
    Transport { network, transit }
}
