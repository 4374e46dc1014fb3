//! External ids of an instance's orders, machines and lanes, for reading plans.

use crate::io::cells::unknown_hint;
use crate::io::error::InputError;
use crate::io::invisible::visible;
use crate::io::table::Row;
use crate::model::ErrorCode;
use crate::model::{Instance, LaneId, MachineId, OrderId};
use std::collections::HashMap;

/// Name-to-id maps of the entities a plan refers to.
pub(super) struct PlanIds {
    orders: HashMap<String, OrderId>,
    machines: HashMap<String, MachineId>,
    lanes: HashMap<String, LaneId>,
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
        if text.is_empty() {
            return Some(Vec::new());
        }
        let pieces: Vec<&str> = text.split('>').collect();
        let n = pieces.len();
        // ways[i]: how the pieces from i on can be read (0, 1 or "2 or more"), and the first lane.
        let mut ways: Vec<(u8, Option<(LaneId, usize)>)> = vec![(0, None); n + 1];
        ways[n] = (1, None);
        for i in (0..n).rev() {
            for j in (i + 1)..=n.min(i + 1 + self.lane_separators) {
                if ways[j].0 == 0 {
                    continue;
                }
                let name = pieces[i..j].join(">");
                if let Some(&lane) = self.lanes.get(name.trim()) {
                    let count = ways[i].0.saturating_add(ways[j].0).min(2);
                    ways[i] = (count, ways[i].1.or(Some((lane, j))));
                }
            }
        }
        match ways[0].0 {
            1 => {
                let mut lanes = Vec::new();
                let mut at = 0;
                while let Some((lane, next)) = ways[at].1 {
                    lanes.push(lane);
                    at = next;
                }
                Some(lanes)
            }
            0 => {
                // Report the first piece that starts no lane name, following the longest names.
                let mut at = 0;
                while at < n {
                    let next = (at + 1..=n.min(at + 1 + self.lane_separators))
                        .rev()
                        .find(|&j| self.lanes.contains_key(pieces[at..j].join(">").trim()));
                    match next {
                        Some(j) => at = j,
                        None => break,
                    }
                }
                let unknown = pieces.get(at).map_or(text, |p| p.trim());
                self.lane(unknown, row, errors);
                None
            }
            _ => {
                errors.push(row.error(
                    "route",
                    ErrorCode::AmbiguousRoute,
                    format!(
                        "the route '{}' can be read as more than one list of lanes",
                        visible(text)
                    ),
                    "rename the lanes whose names hold '>' so that a route reads one way",
                ));
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
