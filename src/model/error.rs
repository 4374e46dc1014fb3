//! Errors found while building an instance: every problem is collected, each with a stable code.

use super::ErrorCode;
use super::{DeliveryId, LaneId, MachineId, MaterialId, OrderId, ProductId, SiteId, TransferId};
use std::fmt;

/// The entity a model issue is about, so that readers can point at the file and line it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    /// The instance as a whole (objective weights, plan start).
    Instance,
    /// A site.
    Site(SiteId),
    /// A machine (including its downtime).
    Machine(MachineId),
    /// A material.
    Material(MaterialId),
    /// A product as a whole or its bill of materials.
    Product(ProductId),
    /// Step `.1` (0-based) of a product's routing.
    Step(ProductId, u32),
    /// An order.
    Order(OrderId),
    /// A transport lane.
    Lane(LaneId),
    /// An inbound delivery.
    Delivery(DeliveryId),
    /// A material transfer between sites.
    Transfer(TransferId),
    /// Entry `.0` of the stock list.
    Stock(usize),
    /// Entry `.0` of the stock adjustments.
    Adjustment(usize),
    /// Entry `.0` of the lane windows.
    LaneWindow(usize),
    /// Entry `.0` of the energy price list.
    PricePeriod(usize),
    /// Mode `.1` (1-based: 0 is nominal) of a machine.
    Mode(MachineId, u16),
}

/// One problem with the model: a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelIssue {
    /// Stable upper-case code, e.g. `NO_ROUTING`.
    pub code: ErrorCode,
    /// The entity concerned.
    pub subject: Subject,
    /// What is wrong, naming the entities by their external names.
    pub message: String,
    /// What would fix it.
    pub hint: String,
    /// The field (input column) to blame when one is, e.g. `quantity`.
    pub field: Option<&'static str>,
}

impl fmt::Display for ModelIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {} (fix: {})", self.code, self.message, self.hint)
    }
}

/// Every problem found while building an instance.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub struct ModelError {
    /// The problems, in the order they were found.
    pub issues: Vec<ModelIssue>,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the instance has {} problem(s):", self.issues.len())?;
        for issue in &self.issues {
            writeln!(f, "  {issue}")?;
        }
        Ok(())
    }
}
