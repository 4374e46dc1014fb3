//! The immutable, validated plant model.

use super::{
    Delivery, Lane, LaneNetwork, Machine, MachineId, Material, MaterialId, Minutes, ObjectiveForm,
    ObjectiveWeights, OpId, Operation, Order, OrderId, OrderPlan, PricePeriod, Product, ProductId,
    Site, SiteId, Stock, Supply, Tariff, Transfer, TransferId,
};
use chrono::NaiveDateTime;
use std::collections::BTreeMap;

/// A validated plant model. Built only by [`super::InstanceBuilder::build`]; immutable afterwards.
///
/// Besides the entities it holds derived facts every solver and the checker need: the operations of
/// each order, the sites where each order can be made with the shipping route from there, each site's
/// tariff, and each site's material supply over time.
#[derive(Clone, Debug)]
pub struct Instance {
    pub(super) name: String,
    pub(super) plan_start: Option<NaiveDateTime>,
    pub(super) weights: ObjectiveWeights,
    pub(super) sites: Vec<Site>,
    pub(super) machines: Vec<Machine>,
    pub(super) materials: Vec<Material>,
    pub(super) products: Vec<Product>,
    pub(super) orders: Vec<Order>,
    pub(super) lanes: Vec<Lane>,
    pub(super) stock: Vec<Stock>,
    pub(super) deliveries: Vec<Delivery>,
    pub(super) transfers: Vec<Transfer>,
    pub(super) adjustments: Vec<super::StockAdjustment>,
    pub(super) lane_window_list: Vec<super::LaneWindow>,
    /// The lane windows by lane (derived).
    pub(super) lane_windows: super::LaneWindows,
    pub(super) plan_transfers: bool,
    /// Per (plant, material): where else the material is and the routes from there (derived).
    pub(super) supply_routes: BTreeMap<(SiteId, MaterialId), Vec<super::SupplyRoute>>,
    pub(super) prices: Vec<PricePeriod>,
    // Derived when built.
    pub(super) ops: Vec<Operation>,
    pub(super) order_plans: Vec<OrderPlan>,
    pub(super) tariffs: Vec<Tariff>,
    pub(super) supplies: BTreeMap<(SiteId, MaterialId), Supply>,
    pub(super) machines_by_site: Vec<Vec<MachineId>>,
    pub(super) network: LaneNetwork,
    pub(super) form: ObjectiveForm,
    pub(super) horizon_end: Option<Minutes>,
    pub(super) demand_charges: Vec<super::DemandCharge>,
    /// By site: its demand charge (derived).
    pub(super) demand_by_site: Vec<Option<super::DemandCharge>>,
}

impl Instance {
    /// The instance's name (folder or file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The date-time of minute 0, when the input gave one.
    pub fn plan_start(&self) -> Option<NaiveDateTime> {
        self.plan_start
    }

    /// Objective weights.
    pub fn weights(&self) -> ObjectiveWeights {
        self.weights
    }

    /// How plans are compared: weighted sum (default) or contribution.
    pub fn form(&self) -> ObjectiveForm {
        self.form
    }

    /// End of the planning horizon (see [`super::OrderValue`]): beyond it lie deferred orders.
    pub fn horizon_end(&self) -> Minutes {
        self.horizon_end
            .unwrap_or_else(|| super::value_checks::default_horizon_end(&self.orders))
    }

    /// The horizon end as the input gave it (`None`: derived from the due dates).
    pub fn horizon_end_given(&self) -> Option<Minutes> {
        self.horizon_end
    }

    /// All sites, indexed by [`SiteId`].
    pub fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// One site.
    pub fn site(&self, id: SiteId) -> &Site {
        &self.sites[id.index()]
    }

    /// All machines, indexed by [`MachineId`].
    pub fn machines(&self) -> &[Machine] {
        &self.machines
    }

    /// One machine.
    pub fn machine(&self, id: MachineId) -> &Machine {
        &self.machines[id.index()]
    }

    /// The machines at a site, by id.
    pub fn machines_at(&self, site: SiteId) -> &[MachineId] {
        &self.machines_by_site[site.index()]
    }

    /// All materials, indexed by [`MaterialId`].
    pub fn materials(&self) -> &[Material] {
        &self.materials
    }

    /// All products, indexed by [`ProductId`].
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// One product.
    pub fn product(&self, id: ProductId) -> &Product {
        &self.products[id.index()]
    }

    /// All orders, indexed by [`OrderId`].
    pub fn orders(&self) -> &[Order] {
        &self.orders
    }

    /// One order.
    pub fn order(&self, id: OrderId) -> &Order {
        &self.orders[id.index()]
    }

    /// Derived facts about an order: its operations and the plants that can make it.
    pub fn order_plan(&self, id: OrderId) -> &OrderPlan {
        &self.order_plans[id.index()]
    }

    /// Ids of all orders.
    pub fn order_ids(&self) -> impl ExactSizeIterator<Item = OrderId> + use<> {
        (0..self.orders.len()).map(OrderId::from_index)
    }

    /// All transport lanes, indexed by [`super::LaneId`].
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// The lane network as a graph.
    pub fn network(&self) -> &LaneNetwork {
        &self.network
    }

    /// Initial stock entries.
    pub fn stock(&self) -> &[Stock] {
        &self.stock
    }

    /// Inbound deliveries, indexed by [`super::DeliveryId`].
    pub fn deliveries(&self) -> &[Delivery] {
        &self.deliveries
    }

    /// Material transfers between sites, indexed by [`TransferId`], each with its route and
    /// arrival filled in.
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// Windows in which a lane is closed or slower, as given.
    pub fn lane_windows(&self) -> &[super::LaneWindow] {
        &self.lane_window_list
    }

    /// The lane windows by lane, with the travel times they give ([`super::LaneWindows`]).
    pub fn lane_timing(&self) -> &super::LaneWindows {
        &self.lane_windows
    }

    /// The arrival of a shipment that leaves at `depart` along `route` (lanes in travel order),
    /// waiting where a lane is closed and slower where a lane window says so.
    pub fn travel(&self, route: &[super::LaneId], depart: Minutes) -> Minutes {
        self.lane_windows.travel(&self.lanes, route, depart)
    }

    /// How order `order`, made at `site` and completed at `completion`, ships: the route the
    /// objective prefers ([`super::PlantOption::route_for`]), its departure and its arrival. It
    /// leaves at the completion, or later where a lane window makes waiting arrive sooner
    /// ([`super::LaneWindows::best_departure`]). `None` when the order has no customer or cannot
    /// be made at `site`.
    pub fn shipping(
        &self,
        order: OrderId,
        site: SiteId,
        completion: Minutes,
    ) -> Option<(&super::Route, Minutes, Minutes)> {
        let plant = self.order_plan(order).plant(site)?;
        let timing = |r: &super::Route| {
            self.lane_windows
                .best_departure(&self.lanes, &r.lanes, completion)
        };
        let (route, arrive) = plant.route_for(self.order(order), &self.weights, |r| timing(r).1)?;
        Some((route, timing(route).0, arrive))
    }

    /// Stock corrections (counts, scrap) from a minute on, as given.
    pub fn adjustments(&self) -> &[super::StockAdjustment] {
        &self.adjustments
    }

    /// One transfer.
    pub fn transfer(&self, id: TransferId) -> &Transfer {
        &self.transfers[id.index()]
    }

    /// True when the solvers may plan transfers of material between sites (`plan_transfers` in
    /// `objective.csv`): an order short of material at its plant may then pull it from another
    /// site along lanes ([`Instance::supply_routes`]).
    pub fn plans_transfers(&self) -> bool {
        self.plan_transfers
    }

    /// True when some order could pull material from another site ([`Instance::supply_routes`]).
    pub fn has_supply_routes(&self) -> bool {
        !self.supply_routes.is_empty()
    }

    /// Where else `material` can come from to `plant` when transfers are planned: each site that
    /// ever holds it with the lane routes from there that no other route beats on both transit
    /// and cost, cheapest first. Empty when transfers are not planned or no lane leads there.
    pub fn supply_routes(&self, plant: SiteId, material: MaterialId) -> &[super::SupplyRoute] {
        self.supply_routes
            .get(&(plant, material))
            .map_or(&[], Vec::as_slice)
    }

    /// Every list of [`Instance::supply_routes`], per (plant, material) in id order.
    pub fn supply_routes_all(&self) -> impl Iterator<Item = &[super::SupplyRoute]> {
        self.supply_routes.values().map(Vec::as_slice)
    }

    /// Energy price periods as given.
    pub fn prices(&self) -> &[PricePeriod] {
        &self.prices
    }

    /// All operations, indexed by [`OpId`]; the operations of one order are consecutive.
    pub fn ops(&self) -> &[Operation] {
        &self.ops
    }

    /// One operation.
    pub fn op(&self, id: OpId) -> &Operation {
        &self.ops[id.index()]
    }

    /// Ids of all operations.
    pub fn op_ids(&self) -> impl ExactSizeIterator<Item = OpId> + use<> {
        (0..self.ops.len()).map(OpId::from_index)
    }

    /// The time-of-use tariff of a site.
    pub fn tariff(&self, site: SiteId) -> &Tariff {
        &self.tariffs[site.index()]
    }

    /// Supply of a material at a site over time, if the site ever holds any.
    pub fn supply(&self, site: SiteId, material: MaterialId) -> Option<&Supply> {
        self.supplies.get(&(site, material))
    }

    /// The earliest minute `quantity` of `material` can be at `site` for an order's first step: from
    /// the site's own supply, or (when transfers are planned) from another site's along a supply
    /// route, ready there plus the route's transit (lane windows can only make it later, so this
    /// is a lower bound). `None` when no source ever holds that much.
    pub fn earliest_material(
        &self,
        site: SiteId,
        material: MaterialId,
        quantity: f64,
    ) -> Option<Minutes> {
        let local = self
            .supply(site, material)
            .and_then(|s| s.earliest_with(quantity));
        let pulled = self
            .supply_routes(site, material)
            .iter()
            .filter_map(|r| {
                let ready = self.supply(r.from, material)?.earliest_with(quantity)?;
                Some(ready.saturating_add(r.route.transit))
            })
            .min();
        match (local, pulled) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// All `(site, material)` supplies.
    pub fn supplies(&self) -> &BTreeMap<(SiteId, MaterialId), Supply> {
        &self.supplies
    }

    /// Material an order consumes when its first operation starts: `(material, quantity)`.
    pub fn order_demand(&self, id: OrderId) -> impl Iterator<Item = (MaterialId, f64)> + '_ {
        let order = self.order(id);
        let qty = f64::from(order.quantity);
        self.product(order.product)
            .bom
            .iter()
            .map(move |line| (line.material, line.qty_per_unit * qty))
    }

    /// Energy cost of running `machine` during `[start, end)` under its site's tariff.
    pub fn energy_cost(&self, machine: MachineId, start: Minutes, end: Minutes) -> f64 {
        let m = self.machine(machine);
        self.tariff(m.site).cost(start, end, m.power_kw)
    }

    /// Power drawn by `machine` while busy in `mode` (kW).
    pub fn power_kw(&self, machine: MachineId, mode: super::ModeId) -> f64 {
        self.machine(machine).mode_power_kw(mode)
    }

    /// Energy cost of running `machine` in `mode` during `[start, end)` under its site's tariff.
    pub fn energy_cost_in(
        &self,
        machine: MachineId,
        mode: super::ModeId,
        start: Minutes,
        end: Minutes,
    ) -> f64 {
        let m = self.machine(machine);
        self.tariff(m.site).cost(start, end, m.mode_power_kw(mode))
    }

    /// True when some order's priority class is not `normal` (`priority` in `orders.csv`).
    pub fn has_priorities(&self) -> bool {
        self.orders
            .iter()
            .any(|o| o.value.priority != super::Priority::Normal)
    }

    /// True when some machine has a mode besides nominal (`modes.csv`).
    pub fn has_modes(&self) -> bool {
        self.machines.iter().any(|m| !m.modes.is_empty())
    }

    /// True when some site has a power cap.
    pub fn has_power_caps(&self) -> bool {
        self.sites.iter().any(|s| s.power_cap_kw.is_some())
    }

    /// True when some machine has downtime.
    pub fn has_downtime(&self) -> bool {
        self.machines.iter().any(|m| !m.downtime.is_empty())
    }

    /// True when some order consumes material.
    pub fn has_materials(&self) -> bool {
        self.orders
            .iter()
            .any(|o| !self.product(o.product).bom.is_empty())
    }

    /// True when some order has a hard deadline.
    pub fn has_deadlines(&self) -> bool {
        self.orders.iter().any(|o| o.deadline.is_some())
    }

    /// True when some order can be made at more than one site.
    pub fn has_plant_choice(&self) -> bool {
        self.order_plans.iter().any(|p| p.plants.len() > 1)
    }

    /// True when energy costs can differ between plans (some priced minute or a demand charge,
    /// some powered machine, and a positive energy weight).
    pub fn has_energy_costs(&self) -> bool {
        self.weights.energy > 0.0
            && self
                .machines
                .iter()
                .any(|m| m.power_kw > 0.0 || m.modes.iter().any(|x| x.power_kw > 0.0))
            && (self.tariffs.iter().any(|t| !t.is_free()) || self.has_demand_charges())
    }

    /// A builder holding this instance's entities, to derive a changed instance (re-planning events).
    pub fn to_builder(&self) -> super::InstanceBuilder {
        super::InstanceBuilder {
            name: self.name.clone(),
            plan_start: self.plan_start,
            weights: self.weights,
            sites: self.sites.clone(),
            machines: self.machines.clone(),
            materials: self.materials.clone(),
            products: self.products.clone(),
            orders: self.orders.clone(),
            lanes: self.lanes.clone(),
            stock: self.stock.clone(),
            deliveries: self.deliveries.clone(),
            transfers: self.transfers.clone(),
            adjustments: self.adjustments.clone(),
            lane_windows: self.lane_window_list.clone(),
            plan_transfers: self.plan_transfers,
            prices: self.prices.clone(),
            form: self.form,
            horizon_end: self.horizon_end,
            demand_charges: self.demand_charges.clone(),
        }
    }

    /// The demand charge of `site`, if its tariff has one ([`super::DemandCharge`]).
    pub fn demand_charge(&self, site: SiteId) -> Option<&super::DemandCharge> {
        self.demand_by_site
            .get(site.index())
            .and_then(Option::as_ref)
    }

    /// Every demand charge, in input order.
    pub fn demand_charges(&self) -> &[super::DemandCharge] {
        &self.demand_charges
    }

    /// True when some site has a positive demand charge.
    pub fn has_demand_charges(&self) -> bool {
        self.demand_charges.iter().any(|c| c.per_kw > 0.0)
    }
}
