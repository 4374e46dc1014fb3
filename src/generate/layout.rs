//! Sites, work centres, machines, power caps and maintenance windows.

use super::rounding::{ceil_minutes, round_to};
use super::{GenRng, GeneratorConfig, START_HOUR};
use crate::model::{InstanceBuilder, Machine, MachineId, Minutes, Site, SiteId, Window};
use rand::RngExt;
use rand::seq::SliceRandom;

/// Names of the first work centres; further ones are numbered.
const CENTRE_NAMES: [&str; 12] = [
    "saw", "lathe", "mill", "drill", "weld", "press", "grind", "paint", "oven", "assembly", "test",
    "pack",
];

/// Share of (plant, work centre) pairs equipped beyond the one plant every work centre needs.
const EXTRA_PRESENCE: f64 = 0.7;

/// A group of alternative machines doing the same kind of work, spread over one or more plants.
pub(super) struct WorkCentre {
    /// The work centre's name (`lathe`), part of its machines' names.
    pub name: String,
    /// Its machines over all plants.
    pub machines: Vec<MachineId>,
}

/// How one machine differs from the nominal times of its work centre.
pub(super) struct MachineTraits {
    /// Index of the machine's plant in [`Layout::plants`].
    pub plant: usize,
    /// Multiplies the run time per unit (below 1: a faster machine).
    pub speed: f64,
    /// Multiplies the setup time.
    pub setup: f64,
}

/// The physical network: plants and customers with map positions, work centres and machines.
pub(super) struct Layout {
    /// Plant sites.
    pub plants: Vec<SiteId>,
    /// Customer sites.
    pub customers: Vec<SiteId>,
    /// Map position (km) of each plant.
    pub plant_xy: Vec<(f64, f64)>,
    /// Map position (km) of each customer.
    pub customer_xy: Vec<(f64, f64)>,
    /// All work centres.
    pub centres: Vec<WorkCentre>,
    /// Per plant, the work centres with at least one machine there, ascending.
    pub centres_at: Vec<Vec<usize>>,
    /// Work centres present at every plant, ascending.
    pub common: Vec<usize>,
    /// Per machine (by [`MachineId`] index), its speed and setup factors.
    pub traits: Vec<MachineTraits>,
}

fn random_position(rng: &mut GenRng) -> (f64, f64) {
    (rng.random_range(0.0..600.0), rng.random_range(0.0..400.0))
}

/// Adds plant and customer sites, work centres and machines (with power draws and plant power caps).
pub(super) fn build(config: &GeneratorConfig, rng: &mut GenRng, b: &mut InstanceBuilder) -> Layout {
    let plants: Vec<SiteId> = (1..=config.sites)
        .map(|k| b.add_site(Site::new(format!("P{k}"))))
        .collect();
    let customers: Vec<SiteId> = (1..=config.customers)
        .map(|k| b.add_site(Site::new(format!("C{k}"))))
        .collect();
    let plant_xy = plants.iter().map(|_| random_position(rng)).collect();
    let customer_xy = customers.iter().map(|_| random_position(rng)).collect();

    let presence = choose_presence(config, rng);
    let counts = machines_per_presence(config.machines, presence.len(), rng);
    let centre_count = presence.iter().map(|&(_, w)| w + 1).max().unwrap_or(0);
    let mut centres: Vec<WorkCentre> = (0..centre_count)
        .map(|w| WorkCentre {
            name: CENTRE_NAMES
                .get(w)
                .map_or_else(|| format!("wc{}", w + 1), |n| n.to_string()),
            machines: Vec::new(),
        })
        .collect();
    // Nominal power of each work centre: ovens and presses draw far more than test benches.
    let nominal_kw: Vec<f64> = (0..centre_count)
        .map(|_| rng.random_range(4.0..120.0))
        .collect();
    let mut traits = Vec::with_capacity(config.machines);
    let mut centres_at = vec![Vec::new(); plants.len()];
    for (&(plant, w), &count) in presence.iter().zip(&counts) {
        centres_at[plant].push(w);
        for k in 1..=count {
            let speed = rng.random_range(0.8..1.25);
            let setup = rng.random_range(0.7..1.3);
            let mut machine = Machine::new(
                format!(
                    "{}-{}-{k}",
                    b.sites[plants[plant].index()].name,
                    centres[w].name
                ),
                plants[plant],
            );
            // Faster machines draw more power: a trade-off between time and energy.
            machine.power_kw =
                round_to(nominal_kw[w] / speed * rng.random_range(0.9..1.1), 0.5).max(0.5);
            centres[w].machines.push(b.add_machine(machine));
            traits.push(MachineTraits {
                plant,
                speed,
                setup,
            });
        }
    }
    for list in &mut centres_at {
        list.sort_unstable();
    }
    let common = (0..centre_count)
        .filter(|w| centres_at.iter().all(|list| list.binary_search(w).is_ok()))
        .collect();
    add_power_caps(&plants, rng, b);
    Layout {
        plants,
        customers,
        plant_xy,
        customer_xy,
        centres,
        centres_at,
        common,
        traits,
    }
}

/// The (plant index, work centre) pairs that get machines: every work centre at one plant, every
/// plant at least one work centre, and further pairs at random while machines remain for them.
fn choose_presence(config: &GeneratorConfig, rng: &mut GenRng) -> Vec<(usize, usize)> {
    let (plants, machines) = (config.sites, config.machines);
    let centres = ((machines as f64 / (plants as f64 * 1.4)).round() as usize).clamp(1, machines);
    let mut present = vec![false; plants * centres];
    let mut chosen = Vec::new();
    for k in 0..centres.max(plants) {
        let pair = (k % plants, k % centres);
        if !present[pair.0 * centres + pair.1] {
            present[pair.0 * centres + pair.1] = true;
            chosen.push(pair);
        }
    }
    let mut extra: Vec<(usize, usize)> = (0..plants * centres)
        .filter(|&k| !present[k])
        .map(|k| (k / centres, k % centres))
        .collect();
    extra.shuffle(rng);
    for pair in extra {
        if chosen.len() >= machines {
            break;
        }
        if rng.random_bool(EXTRA_PRESENCE) {
            chosen.push(pair);
        }
    }
    chosen.sort_unstable();
    chosen
}

/// Splits `machines` over `presences` pairs: one each, the rest at random, about three at most.
fn machines_per_presence(machines: usize, presences: usize, rng: &mut GenRng) -> Vec<usize> {
    let mut counts = vec![1; presences];
    let cap = 3.max(machines.div_ceil(presences.max(1)));
    let mut open: Vec<usize> = (0..presences).collect();
    for _ in presences..machines {
        let k = rng.random_range(0..open.len());
        counts[open[k]] += 1;
        if counts[open[k]] >= cap {
            open.swap_remove(k);
        }
    }
    counts
}

/// Caps the power of some plants (at least one) at 60-80% of their machines' total draw, never below
/// the largest machine's draw.
fn add_power_caps(plants: &[SiteId], rng: &mut GenRng, b: &mut InstanceBuilder) {
    let mut draws = vec![(0.0, 0.0_f64); b.sites.len()];
    for m in &b.machines {
        let (total, largest) = &mut draws[m.site.index()];
        *total += m.power_kw;
        *largest = largest.max(m.power_kw);
    }
    let first_capped = rng.random_range(0..plants.len());
    for (k, &site) in plants.iter().enumerate() {
        if k != first_capped && !rng.random_bool(0.5) {
            continue;
        }
        let (total, largest) = draws[site.index()];
        let cap = (total * rng.random_range(0.6..0.8)).max(largest).ceil();
        b.sites[site.index()].power_cap_kw = Some(cap);
    }
}

/// Adds maintenance windows of two to eight hours during the day shift to about one machine in ten.
pub(super) fn add_downtime(
    layout: &Layout,
    horizon: Minutes,
    rng: &mut GenRng,
    b: &mut InstanceBuilder,
) {
    let windows = (layout.traits.len() / 10).max(1);
    let days = (horizon / 1440).max(1);
    for _ in 0..windows {
        let machine = rng.random_range(0..layout.traits.len());
        // Minute 0 is START_HOUR o'clock; maintenance starts between 06:00 and 14:00.
        let day_start = rng.random_range(0..days) * 1440 + (6 - START_HOUR) * 60;
        let start = ceil_minutes(day_start + rng.random_range(0..8 * 60), 30);
        let length = rng.random_range(2..=8) * 60;
        b.machines[machine]
            .downtime
            .push(Window::new(start, start + length));
    }
}
