//! External ids of an instance's orders, machines and lanes, for reading plans.

use crate::io::cells::unknown_hint;
use crate::io::error::InputError;
use crate::io::invisible::visible;
use crate::io::route_text::{RouteReading, ambiguous_route, empty_lane, read_route};
use crate::io::table::Row;
use crate::model::ErrorCode;
use crate::model::{Instance, LaneId, MachineId, MaterialId, OrderId, SiteId};
use std::collections::HashMap;

/// Name-to-id maps of the entities a plan refers to.
pub(super) struct PlanIds {
    orders: HashMap<String, OrderId>,
    machines: HashMap<String, MachineId>,
    lanes: HashMap<String, LaneId>,
    materials: HashMap<String, MaterialId>,
    sites: HashMap<String, SiteId>,
    /// The most `>` any lane name holds: a lane of a route spans at most this many more pieces.
    lane_separators: usize,
}

impl PlanIds {
    pub fn new(instance: &Instance) -> Self {
        Self {
            orders: names(
                instance.orders().iter().map(|o| o.name.as_str()),
                OrderId::from_index,
            ),
            machines: names(
                instance.machines().iter().map(|m| m.name.as_str()),
                MachineId::from_index,
            ),
            lanes: names(
                instance.lanes().iter().map(|l| l.name.as_str()),
                LaneId::from_index,
            ),
            materials: names(
                instance.materials().iter().map(|m| m.name.as_str()),
                MaterialId::from_index,
            ),
            sites: names(
                instance.sites().iter().map(|s| s.name.as_str()),
                SiteId::from_index,
            ),
            lane_separators: instance
                .lanes()
                .iter()
                .map(|l| l.name.matches('>').count())
                .max()
                .unwrap_or(0),
        }
    }

    pub fn order(&self, name: &str, row: &Row, errors: &mut Vec<InputError>) -> Option<OrderId> {
        lookup(
            &self.orders,
            "order",
            ErrorCode::UnknownOrder,
            name,
            row,
            "order",
            errors,
        )
    }

    pub fn material(
        &self,
        name: &str,
        row: &Row,
        errors: &mut Vec<InputError>,
    ) -> Option<MaterialId> {
        lookup(
            &self.materials,
            "material",
            ErrorCode::UnknownMaterial,
            name,
            row,
            "material",
            errors,
        )
    }

    /// A site named in `column`.
    pub fn site(
        &self,
        name: &str,
        row: &Row,
        column: &str,
        errors: &mut Vec<InputError>,
    ) -> Option<SiteId> {
        lookup(
            &self.sites,
            "site",
            ErrorCode::UnknownSite,
            name,
            row,
            column,
            errors,
        )
    }

    pub fn machine(
        &self,
        name: &str,
        row: &Row,
        errors: &mut Vec<InputError>,
    ) -> Option<MachineId> {
        lookup(
            &self.machines,
            "machine",
            ErrorCode::UnknownMachine,
            name,
            row,
            "machine",
            errors,
        )
    }

    /// The lanes of a route written `L1>L2>L3` (blank: no lanes). Lane names may themselves hold
    /// `>`: the route is read as the one way of cutting it into lane names; `AMBIGUOUS_ROUTE` when
    /// there are several, `UNKNOWN_LANE` at the first piece no lane name covers.
    pub fn route(
        &self,
        text: &str,
        row: &Row,
        errors: &mut Vec<InputError>,
    ) -> Option<Vec<LaneId>> {
        match read_route(text, self.lane_separators, |name| {
            self.lanes.get(name).copied()
        }) {
            RouteReading::Lanes(lanes) => Some(lanes),
            RouteReading::Unknown(piece) => {
                match empty_lane(row, text) {
                    Some(e) if piece.is_empty() => errors.push(e),
                    _ => {
                        self.lane(&piece, row, errors);
                    }
                }
                None
            }
            RouteReading::Ambiguous => {
                errors.push(ambiguous_route(row, text));
                None
            }
        }
    }

    pub fn lane(&self, name: &str, row: &Row, errors: &mut Vec<InputError>) -> Option<LaneId> {
        lookup(
            &self.lanes,
            "lane",
            ErrorCode::UnknownLane,
            name,
            row,
            "route",
            errors,
        )
    }
}

fn names<'a, Id>(names: impl Iterator<Item = &'a str>, id: fn(usize) -> Id) -> HashMap<String, Id> {
    names
        .enumerate()
        .map(|(i, n)| (n.to_string(), id(i)))
        .collect()
}

fn lookup<Id: Copy>(
    map: &HashMap<String, Id>,
    kind: &str,
    code: ErrorCode,
    name: &str,
    row: &Row,
    column: &str,
    errors: &mut Vec<InputError>,
) -> Option<Id> {
    let id = map.get(name).copied();
    if id.is_none() {
        let hint = unknown_hint(
            name,
            map.keys().map(String::as_str),
            &format!(
                "the plan must use the instance's {kind} ids; was it made for another instance?"
            ),
        );
        errors.push(row.error(
            column,
            code,
            format!("unknown {kind} '{}' (not in the instance)", visible(name)),
            hint,
        ));
    }
    id
}
