//! Random but realistic plant instances for tests, benchmarks and demos.
//!
//! [`generate`] builds a multi-plant instance from a [`GeneratorConfig`]: plants with work centres of
//! one to three alternative machines (not every work centre at every plant), customer sites and the
//! lanes between them, products with routings of varied length and bills of materials, initial stock
//! and inbound deliveries, orders with releases and due dates derived from an estimate of the load, a
//! few safe hard deadlines and fixed plants, time-of-use energy prices, machine power draws, power caps
//! and maintenance windows.
//!
//! The same configuration (including the seed) always gives the same instance. Every order is
//! plannable: some plant can make it and reach its customer, each plant holds enough material for the
//! orders provisioned there, and hard deadlines leave room for processing every order of the plant one
//! after the other once all material has arrived.

use crate::model::ErrorCode;
mod lanes;
mod layout;
mod modes;
mod orders;
mod ports;
mod products;
mod rounding;
mod supply;
mod tariff;
#[cfg(test)]
mod tests;
mod values;
mod warehouses;

use crate::model::{
    Instance, InstanceBuilder, ModelError, ModelIssue, SiteId, Subject, compact_number,
};
use chrono::NaiveDate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
pub use values::DEFER_COST_SHARE_PER_DAY;

/// The random number generator every part of the generator draws from, in a fixed order.
type GenRng = ChaCha8Rng;

/// What to generate. Sizes are exact; everything else is drawn from the seed.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneratorConfig {
    /// Number of customer orders.
    pub orders: usize,
    /// Number of machines over all plants (at least one per plant).
    pub machines: usize,
    /// Number of plant sites (at least 1).
    pub sites: usize,
    /// Number of customer sites; 0 makes every order collected at its plant.
    pub customers: usize,
    /// Number of products (at least 1 when there are orders).
    pub products: usize,
    /// Number of materials the bills of materials draw from (0 for none).
    pub materials: usize,
    /// Fewest routing steps of a product (at least 1).
    pub min_steps: usize,
    /// Most routing steps of a product (at least `min_steps`).
    pub max_steps: usize,
    /// Scales the slack between an order's earliest possible arrival and its due date, as a fraction
    /// of the estimated plan length: 0 makes every due date as tight as the order's own processing
    /// and transit allow, 1 is the default mix of tight and loose orders.
    pub due_slack: f64,
    /// Range of the share of each plant's material demand held in stock at the start (drawn per
    /// plant and material); the rest arrives in deliveries over the horizon.
    pub initial_stock: (f64, f64),
    /// Range of the material delivered beyond the demand, as a share of it (drawn per plant and
    /// material): small values make material tight.
    pub spare_material: (f64, f64),
    /// Seed of the random number generator.
    pub seed: u64,
    /// Give every order a revenue and variable cost and use the contribution objective form
    /// (default false: no values, the plants generated before values existed).
    pub margins: bool,
    /// With `margins`: the share of orders that are optional, in [0, 1] (default 0): exactly
    /// `round(optional_share x orders)` orders, chosen by a seeded shuffle.
    pub optional_share: f64,
    /// With `margins`: the share of orders that are deferrable, in [0, 1] (default 0): exactly
    /// `round(deferrable_share x orders)` orders that are not optional and have no hard deadline,
    /// at [`DEFER_COST_SHARE_PER_DAY`] of their margin per day deferred.
    pub deferrable_share: f64,
    /// Give every machine an `eco` and a `boost` mode (`modes.csv`; default false: the plants
    /// generated before modes existed).
    pub modes: bool,
    /// Number of ports (default 0): sites where half of the deliveries land instead of their
    /// plant, joined to every plant by a road and a rail lane; the instance then plans transfers
    /// (`plan_transfers`). At most [`MAX_PORTS`].
    pub ports: usize,
    /// Number of warehouses (default 0): distribution sites near the customers with rail lanes
    /// from every plant and truck lanes to the nearer half of the customers, so that finished
    /// goods may ship part-way (and, with ports, a little spare stock). At most [`MAX_PORTS`].
    pub warehouses: usize,
}

impl Default for GeneratorConfig {
    /// A two-plant instance with 200 orders on 20 machines, three customers, twelve products of
    /// three to seven steps and three materials.
    fn default() -> Self {
        Self {
            orders: 200,
            machines: 20,
            sites: 2,
            customers: 3,
            products: 12,
            materials: 3,
            min_steps: 3,
            max_steps: 7,
            due_slack: 1.0,
            initial_stock: (0.25, 0.5),
            spare_material: (0.02, 0.15),
            seed: 1,
            margins: false,
            optional_share: 0.0,
            deferrable_share: 0.0,
            modes: false,
            ports: 0,
            warehouses: 0,
        }
    }
}

impl GeneratorConfig {
    /// About how many operations the instance will have: orders times the mean routing length.
    pub fn expected_operations(&self) -> usize {
        self.orders * (self.min_steps + self.max_steps) / 2
    }

    /// The name the generated instance gets, built from the sizes and the seed.
    pub fn instance_name(&self) -> String {
        format!(
            "gen-o{}-m{}-s{}-seed{}",
            self.orders, self.machines, self.sites, self.seed
        )
    }

    /// Every reason the configuration cannot be generated, as model issues about the instance.
    fn problems(&self) -> Vec<ModelIssue> {
        let mut issues = Vec::new();
        // `field` names the configuration field to change (the command line maps it to its flag).
        let mut push = |field: &'static str, message: String, hint: &str| {
            issues.push(ModelIssue {
                code: ErrorCode::BadGeneratorConfig,
                subject: Subject::Instance,
                message,
                hint: hint.to_string(),
                field: Some(field),
            })
        };
        for (what, value, max) in [
            ("orders", self.orders, MAX_ORDERS),
            ("machines", self.machines, MAX_MACHINES),
            ("sites", self.sites, MAX_SITES),
            ("customers", self.customers, MAX_SITES),
            ("products", self.products, MAX_PRODUCTS),
            ("materials", self.materials, MAX_MATERIALS),
            ("max_steps", self.max_steps, MAX_STEPS),
            ("ports", self.ports, MAX_PORTS),
            ("warehouses", self.warehouses, MAX_PORTS),
        ] {
            if value > max {
                push(
                    what,
                    format!("{value} {what} is more than the generator makes (at most {max})"),
                    "use a smaller number; the limits keep a generated plant within memory",
                );
            }
        }
        if self.sites == 0 {
            push(
                "sites",
                "the generator needs at least one plant site".into(),
                "set sites >= 1",
            );
        }
        if self.machines < self.sites {
            push(
                "machines",
                format!(
                    "{} machine(s) cannot equip {} plant(s)",
                    self.machines, self.sites
                ),
                "give every plant at least one machine (machines >= sites)",
            );
        }
        if self.orders > 0 && self.products == 0 {
            push(
                "products",
                "orders need at least one product".into(),
                "set products >= 1",
            );
        }
        for (name, field, share) in [
            ("optional", "optional_share", self.optional_share),
            ("deferrable", "deferrable_share", self.deferrable_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                push(
                    field,
                    format!(
                        "{name} share {} is not a share from 0 to 1",
                        compact_number(share)
                    ),
                    &format!("use 0 <= {name}_share <= 1"),
                );
            }
        }
        if self.optional_share + self.deferrable_share > 1.0 {
            push(
                "deferrable_share",
                format!(
                    "optional share {} and deferrable share {} add up to more than 1",
                    compact_number(self.optional_share),
                    compact_number(self.deferrable_share)
                ),
                "an order is optional or deferrable, not both: keep the sum of the shares at most 1",
            );
        }
        if self.min_steps == 0 || self.max_steps < self.min_steps {
            push(
                "min_steps",
                format!(
                    "routing lengths {}..={} are not a range of positive lengths",
                    self.min_steps, self.max_steps
                ),
                "use 1 <= min_steps <= max_steps",
            );
        }
        for (name, field, (lo, hi)) in [
            ("initial stock", "initial_stock", self.initial_stock),
            ("spare material", "spare_material", self.spare_material),
        ] {
            if !(lo.is_finite() && hi.is_finite() && 0.0 <= lo && lo <= hi && hi <= 1.0) {
                push(
                    field,
                    format!(
                        "{name} range {}..{} is not a range of shares from 0 to 1",
                        compact_number(lo),
                        compact_number(hi)
                    ),
                    "use 0 <= low <= high <= 1",
                );
            }
        }
        if !(self.due_slack.is_finite() && (0.0..=MAX_DUE_SLACK).contains(&self.due_slack)) {
            push(
                "due_slack",
                format!(
                    "due date slack {} is not a number from 0 to {MAX_DUE_SLACK}",
                    compact_number(self.due_slack)
                ),
                "use a due_slack from 0 to 100 (1 is the default mix)",
            );
        }
        issues
    }
}

/// Most orders the generator makes (a million orders are several million operations).
pub const MAX_ORDERS: usize = 1_000_000;
/// Most machines the generator makes.
pub const MAX_MACHINES: usize = 100_000;
/// Most plant sites, and most customer sites, the generator makes.
pub const MAX_SITES: usize = 10_000;
/// The most ports, and the most warehouses, the generator makes (each has two lanes to every
/// plant).
pub const MAX_PORTS: usize = 10;
/// Most products the generator makes.
pub const MAX_PRODUCTS: usize = 100_000;
/// Most materials the generator makes.
pub const MAX_MATERIALS: usize = 100_000;
/// Most routing steps of a generated product.
pub const MAX_STEPS: usize = 1_000;

/// Largest accepted [`GeneratorConfig::due_slack`]: due dates a hundred plan lengths away are already
/// meaningless, and larger factors could overflow minutes.
const MAX_DUE_SLACK: f64 = 100.0;

/// Minute 0 of generated instances: Monday 3 March 2025, 06:00, the start of the early shift.
fn plan_start() -> Option<chrono::NaiveDateTime> {
    NaiveDate::from_ymd_opt(2025, 3, 3).and_then(|d| d.and_hms_opt(6, 0, 0))
}

/// Hour of the day at minute 0 (see [`plan_start`]); tariffs and maintenance follow the clock.
const START_HOUR: i64 = 6;

/// Generates a random plant instance as described by `config`.
///
/// Deterministic: the same configuration gives the same instance. Runs in time and memory linear in
/// the number of operations (plus the price periods of the horizon).
///
/// # Errors
/// `BAD_GENERATOR_CONFIG` issues when the sizes cannot make an instance (no plant, fewer machines than
/// plants, orders without products, an empty range of routing lengths, a due date slack outside
/// 0..=100, a size above its limit: [`MAX_ORDERS`], [`MAX_MACHINES`], [`MAX_SITES`],
/// [`MAX_PRODUCTS`], [`MAX_MATERIALS`], [`MAX_STEPS`]; an optional or deferrable share outside
/// 0..=1 or adding up to more than 1, or more deferrable orders asked for than orders that are
/// neither optional nor bound by a hard deadline).
///
/// # Example
/// ```
/// use takt::generate::{GeneratorConfig, generate};
///
/// let config = GeneratorConfig { orders: 50, seed: 7, ..GeneratorConfig::default() };
/// let instance = generate(&config)?;
/// assert_eq!(instance.orders().len(), 50);
/// assert!(instance.order_ids().all(|o| !instance.order_plan(o).plants.is_empty()));
/// # Ok::<(), takt::model::ModelError>(())
/// ```
pub fn generate(config: &GeneratorConfig) -> Result<Instance, ModelError> {
    generate_with_plants(config).map(|(instance, _)| instance)
}

/// The instance and, per order, the plant it is provisioned for: every order at that plant is a
/// feasible assignment with enough material, in which all hard deadlines can be met.
fn generate_with_plants(config: &GeneratorConfig) -> Result<(Instance, Vec<SiteId>), ModelError> {
    let issues = config.problems();
    if !issues.is_empty() {
        return Err(ModelError { issues });
    }
    let mut rng = GenRng::seed_from_u64(config.seed);
    let mut b = InstanceBuilder::new(config.instance_name());
    b.plan_start = plan_start();

    let layout = layout::build(config, &mut rng, &mut b);
    let transport = lanes::build(&layout, &mut rng, &mut b);
    let catalogue = products::build(config, &layout, &mut rng, &mut b);
    let drafts = orders::draft(config, &layout, &catalogue, &mut rng);
    let load = orders::estimate_horizon(&layout, &catalogue, &drafts, &b);
    let supply = supply::build(
        config,
        &layout,
        &catalogue,
        &drafts,
        load.horizon,
        &mut rng,
        &mut b,
    );
    layout::add_downtime(&layout, load.horizon, &mut rng, &mut b);
    tariff::build(&layout, load.horizon, &mut rng, &mut b);
    orders::finish(
        config,
        &layout,
        &catalogue,
        &transport,
        &drafts,
        &load,
        supply.last_eta,
        &mut b,
    );
    if config.margins {
        values::build(
            config.seed,
            config.optional_share,
            config.deferrable_share,
            &mut b,
        )
        .map_err(|issue| ModelError {
            issues: vec![issue],
        })?;
    }
    if config.modes {
        modes::build(config.seed, &mut b);
    }
    ports::build(config.ports, config.seed, &layout, &mut b);
    warehouses::build(config.warehouses, config.seed, &layout, &mut b);
    let plants = drafts.iter().map(|d| layout.plants[d.plant]).collect();
    Ok((b.build()?, plants))
}
