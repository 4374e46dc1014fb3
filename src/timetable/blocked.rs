//! Why an operation can never be placed, or why a given placement is refused.

use super::machine_calendar::Occupied;
use super::material_ledger::Shortfall;
use crate::model::{Instance, MachineId, MaterialId, Minutes, OpId, SiteId};
use crate::solution::ScheduledOp;

/// Why an operation cannot be placed on a machine at any time, given what is already placed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Blocked {
    /// The machine is not one of the operation's eligible machines.
    NotEligible {
        /// The operation.
        op: OpId,
        /// The machine asked for.
        machine: MachineId,
    },
    /// The order's material never becomes available in sufficient quantity at the machine's site.
    Material {
        /// The site where the order would consume it.
        site: SiteId,
        /// The material.
        material: MaterialId,
        /// Needed, ever available and already committed quantities.
        shortfall: Shortfall,
    },
    /// The machine alone draws more power than its site's cap.
    PowerCap {
        /// The capped site.
        site: SiteId,
        /// The machine.
        machine: MachineId,
        /// What the machine draws (kW).
        kw: f64,
        /// The site's cap (kW).
        cap_kw: f64,
    },
}

impl Blocked {
    /// True when the obstacle does not depend on anything else being placed (too little material
    /// ever arrives, the machine draws more than the cap, the machine is not eligible).
    pub fn is_absolute(&self) -> bool {
        match self {
            Blocked::Material { shortfall, .. } => shortfall.is_absolute(),
            Blocked::NotEligible { .. } | Blocked::PowerCap { .. } => true,
        }
    }

    /// The obstacle in words a planner understands, naming sites, materials and machines.
    pub fn describe(&self, instance: &Instance) -> String {
        match *self {
            Blocked::NotEligible { op, machine } => {
                let operation = instance.op(op);
                format!(
                    "machine '{}' cannot do step {} of order '{}'",
                    instance.machine(machine).name,
                    operation.step + 1,
                    instance.order(operation.order).name
                )
            }
            Blocked::Material {
                site,
                material,
                shortfall,
            } => {
                let site = &instance.site(site).name;
                let material = &instance.materials()[material.index()].name;
                shortfall.describe(material, &format!(" at site '{site}'"))
            }
            Blocked::PowerCap {
                site,
                machine,
                kw,
                cap_kw,
            } => format!(
                "machine '{}' draws {kw} kW but site '{}' is capped at {cap_kw} kW",
                instance.machine(machine).name,
                instance.site(site).name
            ),
        }
    }
}

/// Why [`super::Timetable::place`] refused a placement.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum PlaceError {
    /// The operation is already placed.
    #[error("operation {} is already placed at [{}, {})", .0.op, .0.start, .0.end)]
    AlreadyPlaced(ScheduledOp),
    /// The operation can never be placed there.
    #[error("operation cannot be placed on this machine: {0:?}")]
    Blocked(Blocked),
    /// The machine is busy or down during part of the interval.
    #[error("the machine is occupied by {0}")]
    MachineBusy(Occupied),
    /// The site's power cap would be exceeded at some minute.
    #[error("the power cap of site {site} would be exceeded")]
    OverPowerCap {
        /// The capped site.
        site: SiteId,
    },
    /// Not enough material would be available at the start (or at some later minute).
    #[error("material {material} at site {site} would run short from minute {start} on")]
    MaterialShort {
        /// The site.
        site: SiteId,
        /// The material.
        material: MaterialId,
        /// The start that was asked for.
        start: Minutes,
    },
}
