//! The plant model: sites, machines, products and routings, materials, orders, lanes, energy prices
//! and objective weights. Immutable after [`InstanceBuilder::build`] validated it.

mod adjustment_checks;
mod builder;
mod code;
mod demand;
mod demand_checks;
mod energy;
mod error;
mod ids;
mod instance;
mod lane;
mod lane_window;
mod lane_window_checks;
mod limits;
mod machine;
mod material;
mod mode;
mod network;
mod number;
mod objective;
mod operation;
mod order;
mod product;
mod shipping_routes;
mod site;
mod stranded;
mod supply_routes;
mod time;
mod transfer;
mod transfer_checks;
mod travel_pieces;
mod value;
mod value_checks;

pub use builder::InstanceBuilder;
pub use code::ErrorCode;
pub use demand::{DEFAULT_BILLING_PERIOD, DemandCharge};
pub use energy::{PricePeriod, Tariff};
pub use error::{ModelError, ModelIssue, Subject};
pub use ids::{
    DeliveryId, LaneId, MachineId, MaterialId, OpId, OrderId, ProductId, SiteId, TransferId,
};
pub use instance::Instance;
pub use lane::{Lane, Route};
pub use lane_window::{LaneEffect, LaneWindow, LaneWindows};
pub use limits::{MAX_MINUTES, in_range};
pub use machine::Machine;
pub use material::{Delivery, Material, QUANTITY_EPS, Stock, StockAdjustment, Supply};
pub use mode::{
    MAX_MODES, MAX_SPEED_FACTOR, MIN_SPEED_FACTOR, Mode, ModeId, NOMINAL_MODE, mode_duration,
};
pub use network::LaneNetwork;
pub use number::compact_number;
pub use objective::ObjectiveWeights;
pub use operation::{OpOption, Operation};
pub use order::{Order, OrderPlan, PlantOption};
pub use product::{BomLine, Product, Step, StepOption};
pub use shipping_routes::MAX_SHIPPING_ROUTES;
pub use site::Site;
pub use stranded::StrandedMaterial;
pub(crate) use supply_routes::routes_between;
pub use supply_routes::{MAX_TRANSFER_HOPS, SupplyRoute};
pub use time::{Horizon, Minutes, Window, merge_windows, time_label};
pub use transfer::Transfer;
pub use travel_pieces::{PieceArrival, TravelPiece};
pub use value::{MAX_MONEY, MINUTES_PER_DAY, ObjectiveForm, OrderValue, Priority, deferral_days};
