//! Ports: sites where part of the plants' inbound material lands (a vessel's cargo), each joined to
//! every plant by a fast, dear road lane and a slow, cheap rail lane. The instance plans transfers
//! (`plan_transfers`), so takt decides how the material moves on.
//!
//! A delivery moved to a port arrives there earlier by the road transit to its plant, so that a
//! road transfer still brings it by its old ETA: the plan the generator provisions stays feasible.
//! Ports draw from their own random stream, so the rest of the plant is the one generated without
//! them.

use super::GenRng;
use super::layout::Layout;
use super::rounding::{ceil_minutes, round_to};
use crate::model::{InstanceBuilder, Lane, Minutes, Site, SiteId};
use rand::{RngExt, SeedableRng};

/// Share of the deliveries that land at a port instead of their plant.
const AT_PORT: f64 = 0.5;

/// Adds `ports` ports with their lanes and moves deliveries there (see the module docs).
pub(super) fn build(ports: usize, seed: u64, layout: &Layout, b: &mut InstanceBuilder) {
    if ports == 0 {
        return;
    }
    let mut rng = GenRng::seed_from_u64(seed ^ 0x504f_5254);
    // Per port, per plant index: the road transit.
    let mut road: Vec<(SiteId, Vec<Minutes>)> = Vec::with_capacity(ports);
    for k in 0..ports {
        let port = b.add_site(Site::new(format!("PORT{}", k + 1)));
        let mut transits = Vec::with_capacity(layout.plants.len());
        for &plant in &layout.plants {
            let hours: f64 = rng.random_range(2.0..6.0);
            let road_transit = ceil_minutes((hours * 60.0) as Minutes, 15);
            let rail_transit = ceil_minutes(road_transit * rng.random_range(2..=4), 15);
            let plant_name = b.sites[plant.index()].name.clone();
            let lane = |mode: &str, transit: Minutes, cost: f64| Lane {
                name: format!("PORT{}-{plant_name}-{mode}", k + 1),
                from: port,
                to: plant,
                transit,
                cost_per_unit: round_to(cost, 0.01),
                capacity: None,
            };
            b.add_lane(lane("road", road_transit, rng.random_range(0.6..1.2)));
            b.add_lane(lane("rail", rail_transit, rng.random_range(0.1..0.3)));
            transits.push(road_transit);
        }
        road.push((port, transits));
    }
    for d in &mut b.deliveries {
        if !rng.random_bool(AT_PORT) {
            continue;
        }
        let (port, transits) = &road[rng.random_range(0..ports)];
        let Some(plant) = layout.plants.iter().position(|&p| p == d.site) else {
            continue;
        };
        let transit = transits[plant];
        if d.eta >= transit {
            d.site = *port;
            d.eta -= transit;
        }
    }
    b.plan_transfers = true;
}
