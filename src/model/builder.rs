//! The validating builder: collects entities, checks every rule, derives operations, plants and routes.

use super::ErrorCode;
use super::limits;
use super::shipping_routes::{LaneGraph, shipping_routes};
use super::{
    Delivery, DeliveryId, Instance, Lane, LaneId, LaneNetwork, Machine, MachineId, Material,
    MaterialId, ModelError, ModelIssue, ObjectiveWeights, OpOption, Operation, Order, OrderId,
    OrderPlan, PlantOption, PricePeriod, Product, ProductId, Site, SiteId, Stock, Subject, Supply,
    Tariff, Transfer, TransferId, merge_windows,
};
use super::{DemandCharge, MAX_MINUTES, Minutes, ObjectiveForm, Route, StepOption};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

/// Mutable collection of entities that [`InstanceBuilder::build`] turns into a validated [`Instance`].
///
/// Entities refer to each other by the ids the `add_*` methods return (their positions in the lists).
/// The fields are public so that re-planning can edit a copy of an instance
/// ([`Instance::to_builder`]) and build it again.
#[derive(Clone, Debug, Default)]
pub struct InstanceBuilder {
    /// Instance name (folder or file name).
    pub name: String,
    /// Date-time of minute 0, when known.
    pub plan_start: Option<NaiveDateTime>,
    /// Objective weights.
    pub weights: ObjectiveWeights,
    /// Sites, indexed by [`SiteId`].
    pub sites: Vec<Site>,
    /// Machines, indexed by [`MachineId`].
    pub machines: Vec<Machine>,
    /// Materials, indexed by [`MaterialId`].
    pub materials: Vec<Material>,
    /// Products, indexed by [`ProductId`].
    pub products: Vec<Product>,
    /// Orders, indexed by [`OrderId`].
    pub orders: Vec<Order>,
    /// Lanes, indexed by [`LaneId`].
    pub lanes: Vec<Lane>,
    /// Initial stock entries.
    pub stock: Vec<Stock>,
    /// Deliveries, indexed by [`DeliveryId`].
    pub deliveries: Vec<Delivery>,
    /// Material transfers between sites, indexed by [`TransferId`].
    pub transfers: Vec<Transfer>,
    /// Stock corrections (counts, scrap) from a minute on.
    pub adjustments: Vec<super::StockAdjustment>,
    /// Windows in which a lane is closed or slower.
    pub lane_windows: Vec<super::LaneWindow>,
    /// Energy price periods.
    pub prices: Vec<PricePeriod>,
    /// How plans are compared (weighted sum by default).
    pub form: ObjectiveForm,
    /// End of the planning horizon when given (see [`super::OrderValue`]); derived from the due dates
    /// otherwise.
    pub horizon_end: Option<Minutes>,
    /// Demand charges, at most one per site ([`InstanceBuilder::add_demand_charge`]).
    pub demand_charges: Vec<DemandCharge>,
    /// Whether the solvers may plan transfers of material between sites (see
    /// [`Instance::plans_transfers`]); off by default.
    pub plan_transfers: bool,
}

macro_rules! adder {
    ($(#[$doc:meta])* $fn:ident, $field:ident, $ty:ty, $id:ident) => {
        $(#[$doc])*
        pub fn $fn(&mut self, entity: $ty) -> $id {
            self.$field.push(entity);
            $id::from_index(self.$field.len() - 1)
        }
    };
}

impl InstanceBuilder {
    /// An empty builder with default objective weights.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    adder!(
        /// Adds a site and returns its id.
        add_site, sites, Site, SiteId
    );
    adder!(
        /// Adds a machine and returns its id.
        add_machine, machines, Machine, MachineId
    );
    adder!(
        /// Adds a material and returns its id.
        add_material, materials, Material, MaterialId
    );
    adder!(
        /// Adds a product and returns its id.
        add_product, products, Product, ProductId
    );
    adder!(
        /// Adds an order and returns its id.
        add_order, orders, Order, OrderId
    );
    adder!(
        /// Adds a transport lane and returns its id.
        add_lane, lanes, Lane, LaneId
    );
    adder!(
        /// Adds an inbound delivery and returns its id.
        add_delivery, deliveries, Delivery, DeliveryId
    );
    adder!(
        /// Adds a material transfer between two sites and returns its id (see [`Transfer`]: an
        /// empty route and no arrival are filled in by [`InstanceBuilder::build`]).
        add_transfer, transfers, Transfer, TransferId
    );

    /// Adds initial stock of a material at a site.
    pub fn add_stock(&mut self, stock: Stock) {
        self.stock.push(stock);
    }

    /// Adds a stock correction (see [`super::StockAdjustment`]).
    pub fn add_adjustment(&mut self, adjustment: super::StockAdjustment) {
        self.adjustments.push(adjustment);
    }

    /// Adds an energy price period.
    pub fn add_price(&mut self, period: PricePeriod) {
        self.prices.push(period);
    }

    /// Adds the demand charge of a site (see [`super::DemandCharge`]).
    pub fn add_demand_charge(&mut self, charge: DemandCharge) {
        self.demand_charges.push(charge);
    }

    /// Validates every rule and derives operations, plants, routes, tariffs and supplies.
    ///
    /// Returns every problem found, not only the first.
    ///
    /// # Errors
    /// A [`ModelError`] listing every rule the model breaks, each with its code, subject and hint.
    pub fn build(self) -> Result<Instance, ModelError> {
        let mut v = Validator::default();
        v.check_references(&self);
        if !v.issues.is_empty() {
            // Dangling ids would make the remaining checks index out of bounds.
            return Err(ModelError { issues: v.issues });
        }
        v.check_names(&self);
        v.check_numbers(&self);
        v.check_power_caps(&self);
        v.check_prices(&self);
        v.issues
            .extend(super::demand_checks::check_demand_charges(&self));
        v.check_stock(&self);
        v.issues
            .extend(super::adjustment_checks::check_adjustments(&self));
        v.issues
            .extend(super::lane_window_checks::check_lane_windows(&self));
        v.issues.extend(super::value_checks::check_values(&self));
        v.issues.extend(super::mode::check_modes(&self));
        let out_of_range = limits::check_values(&self);
        if !out_of_range.is_empty() {
            // Sums of such values (routes, durations) would overflow.
            v.issues.extend(out_of_range);
            return Err(ModelError { issues: v.issues });
        }
        let network = LaneNetwork::new(self.sites.len(), &self.lanes);
        let lane_windows = super::LaneWindows::new(self.lanes.len(), &self.lane_windows);
        let transfers =
            match super::transfer_checks::resolve_transfers(&self, &network, &lane_windows) {
                Ok(transfers) => transfers,
                Err(issues) => {
                    // Later rules read the transfers' routes and arrivals.
                    v.issues.extend(issues);
                    return Err(ModelError { issues: v.issues });
                }
            };
        let mut machines_by_site = vec![Vec::new(); self.sites.len()];
        for (i, m) in self.machines.iter().enumerate() {
            machines_by_site[m.site.index()].push(MachineId::from_index(i));
        }
        let (ops, order_plans, work) = v.derive_operations(&self, &network, &lane_windows);
        if v.issues.is_empty()
            && let Some(issue) = limits::check_horizon(&self, &transfers, &work)
        {
            v.issues.push(issue);
        }
        if !v.issues.is_empty() {
            return Err(ModelError { issues: v.issues });
        }

        let mut tariffs = vec![Tariff::default(); self.sites.len()];
        for p in &self.prices {
            tariffs[p.site.index()]
                .periods
                .push((p.window, p.price_per_kwh));
        }
        for t in &mut tariffs {
            t.periods.sort_by_key(|(w, _)| *w);
        }
        let mut demand_by_site = vec![None; self.sites.len()];
        for c in &self.demand_charges {
            demand_by_site[c.site.index()] = Some(*c);
        }
        let supplies =
            derive_supplies(&self.stock, &self.deliveries, &transfers, &self.adjustments);
        let short = super::transfer_checks::check_sources(&self, &transfers, &supplies);
        if !short.is_empty() {
            return Err(ModelError { issues: short });
        }
        let supply_routes = if self.plan_transfers {
            let mut consumers = std::collections::BTreeSet::new();
            for (i, plan) in order_plans.iter().enumerate() {
                let order = &self.orders[i];
                for line in &self.products[order.product.index()].bom {
                    for plant in &plan.plants {
                        consumers.insert((plant.site, line.material));
                    }
                }
            }
            super::supply_routes::derive_supply_routes(
                self.sites.len(),
                (&self.lanes, &lane_windows),
                &supplies,
                &consumers,
            )
        } else {
            BTreeMap::new()
        };
        let mut machines = self.machines;
        for m in &mut machines {
            m.downtime = merge_windows(std::mem::take(&mut m.downtime));
        }
        Ok(Instance {
            demand_charges: self.demand_charges,
            demand_by_site,
            form: self.form,
            horizon_end: self.horizon_end,
            name: self.name,
            plan_start: self.plan_start,
            weights: self.weights,
            sites: self.sites,
            machines,
            materials: self.materials,
            products: self.products,
            orders: self.orders,
            lanes: self.lanes,
            stock: self.stock,
            deliveries: self.deliveries,
            transfers,
            adjustments: self.adjustments,
            lane_window_list: self.lane_windows,
            lane_windows,
            plan_transfers: self.plan_transfers,
            supply_routes,
            prices: self.prices,
            ops,
            order_plans,
            tariffs,
            supplies,
            machines_by_site,
            network,
        })
    }
}

/// Supply per (site, material): stock, then deliveries and transfer arrivals added, transfer
/// departures taken away, and stock adjustments either way, in time order.
fn derive_supplies(
    stock: &[Stock],
    deliveries: &[Delivery],
    transfers: &[Transfer],
    adjustments: &[super::StockAdjustment],
) -> BTreeMap<(SiteId, MaterialId), Supply> {
    let mut supplies: BTreeMap<(SiteId, MaterialId), Supply> = BTreeMap::new();
    for s in stock {
        supplies.entry((s.site, s.material)).or_default().initial += s.quantity;
    }
    let mut by_key: BTreeMap<(SiteId, MaterialId), Vec<(i64, f64)>> = BTreeMap::new();
    for d in deliveries {
        by_key
            .entry((d.site, d.material))
            .or_default()
            .push((d.eta, d.quantity));
    }
    for a in adjustments {
        by_key
            .entry((a.site, a.material))
            .or_default()
            .push((a.at, a.quantity));
    }
    for t in transfers {
        // One that left before minute 0 is under way at the plan start: the stock at its origin
        // is what is on hand then, without it.
        if t.depart >= 0 {
            by_key
                .entry((t.from, t.material))
                .or_default()
                .push((t.depart, -t.quantity));
        }
        by_key
            .entry((t.to, t.material))
            .or_default()
            .push((t.arrival(), t.quantity));
    }
    for (key, mut changes) in by_key {
        changes.sort_by_key(|a| a.0);
        let supply = supplies.entry(key).or_default();
        let mut cumulative = supply.initial;
        for (eta, qty) in changes {
            cumulative += qty;
            match supply.steps.last_mut() {
                Some(last) if last.0 == eta => last.1 = cumulative,
                _ => supply.steps.push((eta, cumulative)),
            }
        }
    }
    supplies
}

/// Collects model issues while the checks run.
#[derive(Default)]
struct Validator {
    issues: Vec<ModelIssue>,
}

impl Validator {
    fn push(&mut self, code: ErrorCode, subject: Subject, message: String, hint: &str) {
        self.issues.push(ModelIssue {
            code,
            subject,
            message,
            hint: hint.to_string(),
            field: None,
        });
    }

    fn check_references(&mut self, b: &InstanceBuilder) {
        let sites = b.sites.len();
        let site_ok = |s: SiteId| s.index() < sites;
        let mat_ok = |m: MaterialId| m.index() < b.materials.len();
        const HINT: &str = "refer only to entities added to the builder";
        for (i, m) in b.machines.iter().enumerate() {
            if !site_ok(m.site) {
                let msg = format!("machine '{}' refers to unknown site {}", m.name, m.site);
                self.push(
                    ErrorCode::UnknownSite,
                    Subject::Machine(MachineId::from_index(i)),
                    msg,
                    HINT,
                );
            }
        }
        for (i, p) in b.products.iter().enumerate() {
            let pid = ProductId::from_index(i);
            for (k, step) in p.steps.iter().enumerate() {
                for o in &step.options {
                    if o.machine.index() >= b.machines.len() {
                        let msg = format!(
                            "step {} of product '{}' refers to unknown machine {}",
                            k + 1,
                            p.name,
                            o.machine
                        );
                        self.push(
                            ErrorCode::UnknownMachine,
                            Subject::Step(pid, k as u32),
                            msg,
                            HINT,
                        );
                    }
                }
            }
            for line in &p.bom {
                if !mat_ok(line.material) {
                    let msg = format!(
                        "bill of materials of product '{}' refers to unknown material {}",
                        p.name, line.material
                    );
                    self.push(ErrorCode::UnknownMaterial, Subject::Product(pid), msg, HINT);
                }
            }
        }
        for (i, o) in b.orders.iter().enumerate() {
            let oid = Subject::Order(OrderId::from_index(i));
            if o.product.index() >= b.products.len() {
                let msg = format!("order '{}' refers to unknown product {}", o.name, o.product);
                self.push(ErrorCode::UnknownProduct, oid, msg, HINT);
            }
            for s in o.customer.iter().chain(o.plant.iter()) {
                if !site_ok(*s) {
                    let msg = format!("order '{}' refers to unknown site {}", o.name, s);
                    self.push(ErrorCode::UnknownSite, oid, msg, HINT);
                }
            }
        }
        for (i, l) in b.lanes.iter().enumerate() {
            if !site_ok(l.from) || !site_ok(l.to) {
                let msg = format!("lane '{}' refers to an unknown site", l.name);
                self.push(
                    ErrorCode::UnknownSite,
                    Subject::Lane(LaneId::from_index(i)),
                    msg,
                    HINT,
                );
            }
        }
        for (i, s) in b.stock.iter().enumerate() {
            if !site_ok(s.site) || !mat_ok(s.material) {
                let msg = format!(
                    "stock entry {} refers to an unknown site or material",
                    i + 1
                );
                self.push(ErrorCode::UnknownReference, Subject::Stock(i), msg, HINT);
            }
        }
        for (i, d) in b.deliveries.iter().enumerate() {
            if !site_ok(d.site) || !mat_ok(d.material) {
                let msg = format!(
                    "delivery '{}' refers to an unknown site or material",
                    d.name
                );
                let subject = Subject::Delivery(DeliveryId::from_index(i));
                self.push(ErrorCode::UnknownReference, subject, msg, HINT);
            }
        }
        for (i, p) in b.prices.iter().enumerate() {
            if !site_ok(p.site) {
                let msg = format!("energy price {} refers to unknown site {}", i + 1, p.site);
                self.push(ErrorCode::UnknownSite, Subject::PricePeriod(i), msg, HINT);
            }
        }
    }

    fn check_names(&mut self, b: &InstanceBuilder) {
        fn unique<'a>(
            v: &mut Validator,
            kind: &str,
            names: impl Iterator<Item = &'a str>,
            subject: impl Fn(usize) -> Subject,
        ) {
            let mut seen: HashMap<&str, usize> = HashMap::new();
            for (i, name) in names.enumerate() {
                if name.trim().is_empty() {
                    let msg = format!("{kind} number {} has an empty name", i + 1);
                    v.push(
                        ErrorCode::EmptyName,
                        subject(i),
                        msg,
                        "give every entity a non-empty id",
                    );
                } else if name.trim() != name || name.chars().any(char::is_control) {
                    let msg = format!(
                        "{kind} {:?} begins or ends with white space or holds a control character",
                        name
                    );
                    v.push(
                        ErrorCode::BadName,
                        subject(i),
                        msg,
                        "ids are read trimmed from CSV cells: remove the surrounding white space \
                         and control characters (tabs, line breaks)",
                    );
                } else if let Some(first) = seen.insert(name, i) {
                    let msg = format!(
                        "{kind} '{name}' is defined twice (entries {} and {})",
                        first + 1,
                        i + 1
                    );
                    v.push(
                        ErrorCode::DuplicateId,
                        subject(i),
                        msg,
                        "give each entity its own id",
                    );
                }
            }
        }
        unique(
            self,
            "transfer",
            b.transfers.iter().map(|t| t.name.as_str()),
            |i| Subject::Transfer(TransferId::from_index(i)),
        );
        unique(self, "site", b.sites.iter().map(|s| s.name.as_str()), |i| {
            Subject::Site(SiteId::from_index(i))
        });
        unique(
            self,
            "machine",
            b.machines.iter().map(|s| s.name.as_str()),
            |i| Subject::Machine(MachineId::from_index(i)),
        );
        unique(
            self,
            "material",
            b.materials.iter().map(|s| s.name.as_str()),
            |i| Subject::Material(MaterialId::from_index(i)),
        );
        unique(
            self,
            "product",
            b.products.iter().map(|s| s.name.as_str()),
            |i| Subject::Product(ProductId::from_index(i)),
        );
        unique(
            self,
            "order",
            b.orders.iter().map(|s| s.name.as_str()),
            |i| Subject::Order(OrderId::from_index(i)),
        );
        unique(self, "lane", b.lanes.iter().map(|s| s.name.as_str()), |i| {
            Subject::Lane(LaneId::from_index(i))
        });
        unique(
            self,
            "delivery",
            b.deliveries.iter().map(|s| s.name.as_str()),
            |i| Subject::Delivery(DeliveryId::from_index(i)),
        );
    }

    fn check_numbers(&mut self, b: &InstanceBuilder) {
        let nonneg = |x: f64| x.is_finite() && x >= 0.0;
        let w = b.weights;
        for (name, x) in [
            ("tardiness", w.tardiness),
            ("energy", w.energy),
            ("transport", w.transport),
            ("makespan", w.makespan),
        ] {
            if !nonneg(x) {
                let msg = format!("objective weight '{name}' is {}", super::compact_number(x));
                self.push(
                    ErrorCode::BadWeight,
                    Subject::Instance,
                    msg,
                    "use a finite number >= 0",
                );
            }
        }
        for (i, s) in b.sites.iter().enumerate() {
            if let Some(cap) = s.power_cap_kw.filter(|c| !(c.is_finite() && *c > 0.0)) {
                let msg = format!(
                    "site '{}' has power cap {} kW",
                    s.name,
                    super::compact_number(cap)
                );
                let hint = "use a positive cap or leave it empty for no cap";
                self.push(
                    ErrorCode::BadPowerCap,
                    Subject::Site(SiteId::from_index(i)),
                    msg,
                    hint,
                );
            }
        }
        for (i, m) in b.machines.iter().enumerate() {
            let subject = Subject::Machine(MachineId::from_index(i));
            if !nonneg(m.power_kw) {
                let msg = format!("machine '{}' has power {} kW", m.name, m.power_kw);
                self.push(
                    ErrorCode::BadPower,
                    subject,
                    msg,
                    "use a finite number >= 0",
                );
            }
            for d in &m.downtime {
                if d.end <= d.start {
                    let msg = format!(
                        "downtime of machine '{}' ends at {} but starts at {}",
                        m.name, d.end, d.start
                    );
                    self.push(
                        ErrorCode::EmptyWindow,
                        subject,
                        msg,
                        "make the end later than the start",
                    );
                }
            }
        }
        for (i, p) in b.products.iter().enumerate() {
            let pid = ProductId::from_index(i);
            for (k, step) in p.steps.iter().enumerate() {
                let subject = Subject::Step(pid, k as u32);
                let label = format!("step {} of product '{}'", k + 1, p.name);
                if step.options.is_empty() {
                    let msg = format!("{label} has no eligible machine");
                    let hint = "list at least one machine that can do this step";
                    self.push(ErrorCode::NoEligibleMachine, subject, msg, hint);
                }
                if step.min_lag < 0 {
                    let msg = format!("{label} has negative minimum lag {}", step.min_lag);
                    self.push(ErrorCode::NegativeLag, subject, msg, "use a lag >= 0");
                }
                let mut seen = Vec::new();
                for o in &step.options {
                    let machine = &b.machines[o.machine.index()].name;
                    if seen.contains(&o.machine) {
                        let msg = format!("{label} lists machine '{machine}' twice");
                        self.push(
                            ErrorCode::DuplicateOption,
                            subject,
                            msg,
                            "list each machine once",
                        );
                    }
                    seen.push(o.machine);
                    if o.setup < 0 || !nonneg(o.run_per_unit) {
                        let msg = format!(
                            "{label} on machine '{machine}' has setup {} and run time {} per unit",
                            o.setup, o.run_per_unit
                        );
                        self.push(ErrorCode::NegativeTime, subject, msg, "use times >= 0");
                    } else if o.setup == 0 && o.run_per_unit == 0.0 {
                        let msg = format!("{label} takes no time on machine '{machine}'");
                        let hint = "give a positive setup or run time, or drop the step";
                        self.push(ErrorCode::ZeroDuration, subject, msg, hint);
                    }
                }
            }
            let mut seen = Vec::new();
            for line in &p.bom {
                let mat = &b.materials[line.material.index()].name;
                if !(line.qty_per_unit.is_finite() && line.qty_per_unit > 0.0) {
                    let msg = format!(
                        "product '{}' needs {} of material '{mat}' per unit",
                        p.name, line.qty_per_unit
                    );
                    let hint = "use a positive quantity";
                    self.push(ErrorCode::BadQuantity, Subject::Product(pid), msg, hint);
                }
                if seen.contains(&line.material) {
                    let msg = format!("product '{}' lists material '{mat}' twice", p.name);
                    let hint = "merge the lines into one";
                    self.push(
                        ErrorCode::DuplicateBomLine,
                        Subject::Product(pid),
                        msg,
                        hint,
                    );
                }
                seen.push(line.material);
            }
        }
        for (i, o) in b.orders.iter().enumerate() {
            let subject = Subject::Order(OrderId::from_index(i));
            if o.quantity == 0 {
                let msg = format!("order '{}' has quantity 0", o.name);
                self.push(
                    ErrorCode::BadQuantity,
                    subject,
                    msg,
                    "use a quantity of at least 1",
                );
            }
            if !nonneg(o.weight) {
                let msg = format!("order '{}' has tardiness weight {}", o.name, o.weight);
                self.push(
                    ErrorCode::BadWeight,
                    subject,
                    msg,
                    "use a finite number >= 0",
                );
            }
            let steps = b.products[o.product.index()].steps.len();
            for &(step, extra) in &o.overruns {
                if step as usize >= steps || extra < 0 {
                    let msg = format!(
                        "order '{}' reports an overrun of {extra} minutes on step {}, but its \
                         routing has {steps} step(s)",
                        o.name,
                        i64::from(step) + 1
                    );
                    let hint = "report overruns of at least 0 minutes on existing steps";
                    self.push(ErrorCode::BadOverrun, subject, msg, hint);
                }
            }
            if let Some(d) = o.deadline.filter(|d| *d < o.release) {
                let msg = format!(
                    "order '{}' has deadline {d} before its release {}",
                    o.name, o.release
                );
                let hint = "move the deadline after the release or drop it";
                self.push(ErrorCode::DeadlineBeforeRelease, subject, msg, hint);
            }
            if b.products[o.product.index()].steps.is_empty() {
                let msg = format!(
                    "order '{}' is for product '{}', which has no routing",
                    o.name,
                    b.products[o.product.index()].name
                );
                let hint = "add routing steps for the product in routings.csv";
                self.push(ErrorCode::NoRouting, subject, msg, hint);
            }
        }
        for (i, l) in b.lanes.iter().enumerate() {
            let subject = Subject::Lane(LaneId::from_index(i));
            if l.transit < 0 || !nonneg(l.cost_per_unit) || l.capacity == Some(0) {
                let msg = format!(
                    "lane '{}' has transit {}, cost {} and capacity {:?}",
                    l.name, l.transit, l.cost_per_unit, l.capacity
                );
                let hint = "use transit >= 0, cost >= 0 and capacity >= 1 (or none)";
                self.push(ErrorCode::BadLane, subject, msg, hint);
            }
            if l.from == l.to {
                let msg = format!("lane '{}' starts and ends at the same site", l.name);
                self.push(ErrorCode::LoopLane, subject, msg, "remove the lane");
            }
        }
        for (i, d) in b.deliveries.iter().enumerate() {
            if !(d.quantity.is_finite() && d.quantity > 0.0) {
                let msg = format!("delivery '{}' has quantity {}", d.name, d.quantity);
                let subject = Subject::Delivery(DeliveryId::from_index(i));
                self.push(
                    ErrorCode::BadQuantity,
                    subject,
                    msg,
                    "use a positive quantity",
                );
            }
        }
    }

    fn check_power_caps(&mut self, b: &InstanceBuilder) {
        for (i, m) in b.machines.iter().enumerate() {
            let site = &b.sites[m.site.index()];
            if let Some(cap) = site.power_cap_kw.filter(|cap| m.power_kw > *cap) {
                let msg = format!(
                    "machine '{}' draws {} kW but site '{}' is capped at {} kW, so it can never run",
                    m.name,
                    super::compact_number(m.power_kw),
                    site.name,
                    super::compact_number(cap)
                );
                let hint = "raise the site's power cap or correct the machine's power";
                let subject = Subject::Machine(MachineId::from_index(i));
                self.push(ErrorCode::PowerOverCap, subject, msg, hint);
            }
        }
    }

    fn check_prices(&mut self, b: &InstanceBuilder) {
        let mut by_site: BTreeMap<SiteId, Vec<usize>> = BTreeMap::new();
        for (i, p) in b.prices.iter().enumerate() {
            if p.window.end <= p.window.start
                || !p.price_per_kwh.is_finite()
                || p.price_per_kwh < 0.0
            {
                let msg = format!(
                    "energy price {} for site '{}' covers [{}, {}) at {} per kWh",
                    i + 1,
                    b.sites[p.site.index()].name,
                    p.window.start,
                    p.window.end,
                    super::compact_number(p.price_per_kwh)
                );
                let hint = "use an end after the start and a price >= 0";
                self.push(ErrorCode::BadPrice, Subject::PricePeriod(i), msg, hint);
            }
            by_site.entry(p.site).or_default().push(i);
        }
        for (site, mut idx) in by_site {
            idx.sort_by_key(|&i| b.prices[i].window);
            for pair in idx.windows(2) {
                let (a, c) = (&b.prices[pair[0]], &b.prices[pair[1]]);
                if a.window.overlaps(&c.window) {
                    let msg = format!(
                        "energy prices {} and {} of site '{}' overlap ([{}, {}) and [{}, {}))",
                        pair[0] + 1,
                        pair[1] + 1,
                        b.sites[site.index()].name,
                        a.window.start,
                        a.window.end,
                        c.window.start,
                        c.window.end
                    );
                    let hint = "give each minute of a site at most one price";
                    self.push(
                        ErrorCode::OverlappingPrices,
                        Subject::PricePeriod(pair[1]),
                        msg,
                        hint,
                    );
                }
            }
        }
    }

    fn check_stock(&mut self, b: &InstanceBuilder) {
        let mut seen: HashMap<(SiteId, MaterialId), usize> = HashMap::new();
        for (i, s) in b.stock.iter().enumerate() {
            let label = format!(
                "stock of material '{}' at site '{}'",
                b.materials[s.material.index()].name,
                b.sites[s.site.index()].name
            );
            if !(s.quantity.is_finite() && s.quantity >= 0.0) {
                let msg = format!("{label} is {}", s.quantity);
                self.push(
                    ErrorCode::BadQuantity,
                    Subject::Stock(i),
                    msg,
                    "use a quantity >= 0",
                );
            }
            if let Some(first) = seen.insert((s.site, s.material), i) {
                let msg = format!(
                    "{label} is given twice (entries {} and {})",
                    first + 1,
                    i + 1
                );
                self.push(
                    ErrorCode::DuplicateStock,
                    Subject::Stock(i),
                    msg,
                    "merge the entries",
                );
            }
        }
    }

    /// Operations per order, restricted to the sites where the whole routing can be made and the
    /// customer can be reached.
    fn derive_operations(
        &mut self,
        b: &InstanceBuilder,
        network: &LaneNetwork,
        windows: &super::LaneWindows,
    ) -> (Vec<Operation>, Vec<OrderPlan>, Vec<Minutes>) {
        let graph = LaneGraph {
            network,
            lanes: &b.lanes,
            site_count: b.sites.len(),
            windows,
        };
        let mut ops = Vec::new();
        let mut plans = Vec::with_capacity(b.orders.len());
        let mut work = Vec::with_capacity(b.orders.len());
        let site_of = |m: MachineId| b.machines[m.index()].site;
        // Shipping routes per (plant, customer, quantity): many orders share them.
        let mut routes: BTreeMap<(SiteId, SiteId, u32), Vec<Route>> = BTreeMap::new();
        for (i, order) in b.orders.iter().enumerate() {
            let oid = OrderId::from_index(i);
            let product = &b.products[order.product.index()];
            let first = ops.len() as u32;
            if product.steps.is_empty() {
                plans.push(OrderPlan {
                    ops: first..first,
                    plants: Vec::new(),
                });
                work.push(0);
                continue;
            }
            // Sites where every step has an eligible machine.
            let mut candidate_sites: Vec<SiteId> = product.steps[0]
                .options
                .iter()
                .map(|o| site_of(o.machine))
                .collect();
            candidate_sites.sort();
            candidate_sites.dedup();
            candidate_sites.retain(|&s| {
                product
                    .steps
                    .iter()
                    .all(|st| st.options.iter().any(|o| site_of(o.machine) == s))
            });
            if let Some(fixed) = order.plant {
                if !candidate_sites.contains(&fixed) {
                    let missing: Vec<String> = product
                        .steps
                        .iter()
                        .enumerate()
                        .filter(|(_, st)| st.options.iter().all(|o| site_of(o.machine) != fixed))
                        .map(|(k, _)| (k + 1).to_string())
                        .collect();
                    let msg = format!(
                        "order '{}' is fixed to plant '{}', but step(s) {} of product '{}' have no machine there",
                        order.name,
                        b.sites[fixed.index()].name,
                        missing.join(", "),
                        product.name
                    );
                    let hint =
                        "fix the order to another plant or add eligible machines at this one";
                    self.push(ErrorCode::PlantCannotMake, Subject::Order(oid), msg, hint);
                }
                candidate_sites.retain(|&s| s == fixed);
            } else if candidate_sites.is_empty() {
                let msg = format!(
                    "order '{}': no single site has machines for every step of product '{}'",
                    order.name, product.name
                );
                let hint = "make every step possible at one site (an order is made at one plant)";
                self.push(ErrorCode::NoPlant, Subject::Order(oid), msg, hint);
            }
            let plants: Vec<PlantOption> = candidate_sites
                .iter()
                .filter_map(|&site| match order.customer {
                    None => Some(PlantOption {
                        site,
                        routes: Vec::new(),
                    }),
                    Some(customer) => network
                        .fastest_route(&b.lanes, site, customer, order.quantity)
                        .map(|fastest| PlantOption {
                            site,
                            routes: routes
                                .entry((site, customer, order.quantity))
                                .or_insert_with(|| {
                                    shipping_routes(
                                        &graph,
                                        (site, customer),
                                        order.quantity,
                                        fastest,
                                    )
                                })
                                .clone(),
                        }),
                })
                .collect();
            if plants.is_empty() && !candidate_sites.is_empty() {
                let customer = order
                    .customer
                    .map_or("?", |c| b.sites[c.index()].name.as_str());
                let from: Vec<&str> = candidate_sites
                    .iter()
                    .map(|s| b.sites[s.index()].name.as_str())
                    .collect();
                let msg = format!(
                    "order '{}' cannot reach customer '{customer}' from plant(s) {} with lanes that carry {} units",
                    order.name,
                    from.join(", "),
                    order.quantity
                );
                let hint = "add a lane (or raise a lane's capacity) towards the customer";
                self.push(
                    ErrorCode::CustomerUnreachable,
                    Subject::Order(oid),
                    msg,
                    hint,
                );
            }
            let mut durations = Vec::with_capacity(product.steps.len());
            let mut lags = Vec::with_capacity(product.steps.len());
            for (k, step) in product.steps.iter().enumerate() {
                let mut options: Vec<OpOption> = Vec::with_capacity(step.options.len());
                // A reported overrun is clock minutes: added after a mode's speed factor.
                let overrun = order.overrun_of(k as u32);
                for o in step
                    .options
                    .iter()
                    .filter(|o| plants.iter().any(|p| p.site == site_of(o.machine)))
                {
                    let duration = o.checked_duration(order.quantity).filter(|&d| {
                        d.checked_add(overrun)
                            .is_some_and(|total| (1..=MAX_MINUTES).contains(&total))
                    });
                    let Some(duration) = duration else {
                        self.duration_out_of_range(b, oid, order.product, k, o);
                        continue;
                    };
                    options.push(OpOption::nominal(o.machine, duration));
                }
                options.sort_by_key(|o| o.machine);
                let options = super::mode::expand_modes(options, overrun, b, &mut self.issues);
                durations.push(options.iter().map(|o| o.duration).collect::<Vec<_>>());
                lags.push(if k == 0 { 0 } else { step.min_lag });
                ops.push(Operation {
                    order: oid,
                    step: k as u32,
                    min_lag: if k == 0 { 0 } else { step.min_lag },
                    options,
                });
            }
            work.push(limits::order_work(&durations, &lags, &plants));
            plans.push(OrderPlan {
                ops: first..ops.len() as u32,
                plants,
            });
        }
        (ops, plans, work)
    }

    /// Reports a step option whose duration for an order is beyond [`MAX_MINUTES`]: at the routing
    /// step when one unit is already too long, otherwise at the order (its quantity).
    fn duration_out_of_range(
        &mut self,
        b: &InstanceBuilder,
        order: OrderId,
        product: ProductId,
        k: usize,
        option: &StepOption,
    ) {
        let o = &b.orders[order.index()];
        let p = &b.products[product.index()];
        let machine = &b.machines[option.machine.index()].name;
        let label = format!(
            "step {} of product '{}' on machine '{machine}'",
            k + 1,
            p.name
        );
        let hint = "durations are setup + ceil(run_per_unit x quantity) minutes and must stay \
                    within 10^10 minutes: check the run time or split the order";
        let (subject, field, message) = if option.checked_duration(1).is_none() {
            (
                Subject::Step(product, k as u32),
                "run_per_unit",
                format!(
                    "{label} takes {} + {:e} minutes per unit, beyond the {MAX_MINUTES} minutes \
                     takt plans in",
                    option.setup, option.run_per_unit
                ),
            )
        } else {
            (
                Subject::Order(order),
                "quantity",
                format!(
                    "order '{}' of {} units needs {} + {} x {} minutes (plus overruns) for {label}, \
                     beyond the {MAX_MINUTES} minutes takt plans in",
                    o.name, o.quantity, option.setup, option.run_per_unit, o.quantity
                ),
            )
        };
        let repeated = self
            .issues
            .iter()
            .any(|i| i.subject == subject && i.message == message);
        if !repeated {
            self.issues.push(ModelIssue {
                code: ErrorCode::OutOfRange,
                subject,
                message,
                hint: hint.to_string(),
                field: Some(field),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{BomLine, Step, StepOption, Window};

    fn two_site_builder() -> (InstanceBuilder, ProductId) {
        let mut b = InstanceBuilder::new("t");
        let a = b.add_site(Site::new("A"));
        let c = b.add_site(Site::new("C"));
        let m = b.add_machine(Machine::new("M1", a));
        b.add_lane(Lane {
            name: "A-C".into(),
            from: a,
            to: c,
            transit: 30,
            cost_per_unit: 2.0,
            capacity: None,
        });
        let p = b.add_product(Product {
            name: "P".into(),
            steps: vec![Step {
                min_lag: 0,
                options: vec![StepOption {
                    machine: m,
                    setup: 5,
                    run_per_unit: 1.0,
                }],
            }],
            bom: vec![],
        });
        (b, p)
    }

    #[test]
    fn build_derives_operations_plants_and_routes() {
        let (mut b, p) = two_site_builder();
        let mut o = Order::new("O1", p, 10);
        o.customer = Some(SiteId(1));
        b.add_order(o);
        let inst = b.build().unwrap();
        assert_eq!(inst.ops().len(), 1);
        assert_eq!(inst.op(crate::model::OpId(0)).options[0].duration, 15);
        let plan = inst.order_plan(OrderId(0));
        assert_eq!(plan.plants.len(), 1);
        assert_eq!(plan.plants[0].fastest().unwrap().transit, 30);
    }

    #[test]
    fn build_reports_every_problem_at_once() {
        let (mut b, p) = two_site_builder();
        let mut o = Order::new("O1", p, 0);
        o.customer = Some(SiteId(1));
        o.weight = -1.0;
        b.add_order(o.clone());
        b.add_order(o);
        b.machines[0].power_kw = 50.0;
        b.sites[0].power_cap_kw = Some(10.0);
        b.products[0].bom.push(BomLine {
            material: MaterialId(0),
            qty_per_unit: 1.0,
        });
        let err = b.clone().build().unwrap_err();
        assert_eq!(err.issues[0].code, "UNKNOWN_MATERIAL");
        b.products[0].bom.clear();
        let err = b.build().unwrap_err();
        let codes: Vec<ErrorCode> = err.issues.iter().map(|i| i.code).collect();
        for code in [
            ErrorCode::DuplicateId,
            ErrorCode::BadQuantity,
            ErrorCode::BadWeight,
            ErrorCode::PowerOverCap,
        ] {
            assert!(codes.contains(&code), "{code} missing from {codes:?}");
        }
    }

    #[test]
    fn unreachable_customer_and_overlapping_prices_are_errors() {
        let (mut b, p) = two_site_builder();
        b.lanes.clear();
        let mut o = Order::new("O1", p, 1);
        o.customer = Some(SiteId(1));
        b.add_order(o);
        for (s, e) in [(0, 60), (30, 90)] {
            b.add_price(PricePeriod {
                site: SiteId(0),
                window: Window::new(s, e),
                price_per_kwh: 0.2,
            });
        }
        let codes: Vec<ErrorCode> = b
            .build()
            .unwrap_err()
            .issues
            .iter()
            .map(|i| i.code)
            .collect();
        assert_eq!(
            codes,
            vec![ErrorCode::OverlappingPrices, ErrorCode::CustomerUnreachable]
        );
    }

    #[test]
    fn overruns_lengthen_their_step_on_every_machine_and_must_name_a_step() {
        let (mut b, p) = two_site_builder();
        let mut o = Order::new("O1", p, 10);
        o.overruns = vec![(0, 7), (0, 3)];
        b.add_order(o);
        let inst = b.clone().build().unwrap();
        assert_eq!(inst.op(crate::model::OpId(0)).options[0].duration, 25);
        b.orders[0].overruns = vec![(1, 5)];
        let err = b.build().unwrap_err();
        assert_eq!(err.issues[0].code, "BAD_OVERRUN");
    }

    #[test]
    fn supplies_accumulate_stock_and_deliveries() {
        let (mut b, p) = two_site_builder();
        let steel = b.add_material(Material {
            name: "steel".into(),
        });
        b.add_order(Order::new("O1", p, 1));
        b.add_stock(Stock {
            site: SiteId(0),
            material: steel,
            quantity: 3.0,
        });
        for (n, eta) in [("d1", 50), ("d2", 20), ("d3", 50)] {
            b.add_delivery(Delivery {
                name: n.into(),
                material: steel,
                site: SiteId(0),
                quantity: 1.0,
                eta,
            });
        }
        let inst = b.build().unwrap();
        let s = inst.supply(SiteId(0), steel).unwrap();
        assert_eq!(s.steps, vec![(20, 4.0), (50, 6.0)]);
    }
}
