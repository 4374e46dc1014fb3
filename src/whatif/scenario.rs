//! Scenarios: named sets of events that might happen to a published plan, and the sets a what-if
//! run evaluates (given explicitly, as a grid, or sampled from risks).
//!
//! A [`ScenarioSet`] hands out scenario `k` on demand as a pure function of the set and `k`, so
//! that 10,000 sampled scenarios never sit in memory at once, every worker thread and every shard
//! builds exactly the same scenario `k`, and results do not depend on who evaluated what.

use super::grid::Grid;
use super::sample::Sampler;
use crate::replan::Event;
use serde::{Deserialize, Serialize};

/// One scenario: a name and the events that happen in it, in the order they are applied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The scenario's name: the `scenario` id of an explicit file, the grid values (`delay=+90m
    /// down=M3`) or `sample-17`.
    pub name: String,
    /// The events, applied as `takt replan` applies the rows of `events.csv`.
    pub events: Vec<Event>,
}

impl Scenario {
    /// A scenario named `name` with `events`.
    pub fn new(name: impl Into<String>, events: Vec<Event>) -> Self {
        Self {
            name: name.into(),
            events,
        }
    }

    /// The events in words, separated by `; ` (`no event` for none).
    pub fn describe(&self) -> String {
        if self.events.is_empty() {
            "no event".to_string()
        } else {
            self.events
                .iter()
                .map(Event::describe)
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

/// The scenarios of a what-if run.
#[derive(Clone, Debug)]
pub enum ScenarioSet {
    /// Scenarios given one by one (e.g. read from an `events.csv` with a `scenario` column).
    Explicit(Vec<Scenario>),
    /// Every combination of the values of some axes (see [`Grid`]).
    Grid(Grid),
    /// Scenarios drawn from risk distributions with a seed (see [`Sampler`]).
    Sampled(Sampler),
}

impl ScenarioSet {
    /// Number of scenarios.
    pub fn len(&self) -> usize {
        match self {
            ScenarioSet::Explicit(list) => list.len(),
            ScenarioSet::Grid(grid) => grid.len(),
            ScenarioSet::Sampled(sampler) => sampler.len(),
        }
    }

    /// True when the set holds no scenario.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Scenario `k` (0-based), or `None` past the end. The same set gives the same scenario `k`
    /// every time, on every thread and in every shard.
    pub fn scenario(&self, k: usize) -> Option<Scenario> {
        if k >= self.len() {
            return None;
        }
        Some(match self {
            ScenarioSet::Explicit(list) => list[k].clone(),
            ScenarioSet::Grid(grid) => grid.scenario(k),
            ScenarioSet::Sampled(sampler) => sampler.scenario(k),
        })
    }

    /// The set in a few words, e.g. `10000 scenarios sampled from 4 risks, seed 7`.
    pub fn describe(&self) -> String {
        match self {
            ScenarioSet::Explicit(list) => format!("{} explicit scenarios", list.len()),
            ScenarioSet::Grid(grid) => grid.describe(),
            ScenarioSet::Sampled(sampler) => sampler.describe(),
        }
    }

    /// A fingerprint of everything that decides the scenarios (FNV-1a over their definition):
    /// shards of one run carry the same fingerprint, and merging refuses shards that differ.
    pub fn fingerprint(&self) -> String {
        let definition = match self {
            ScenarioSet::Explicit(list) => serde_json::to_string(list),
            ScenarioSet::Grid(grid) => serde_json::to_string(grid),
            ScenarioSet::Sampled(sampler) => serde_json::to_string(sampler),
        }
        .unwrap_or_default();
        format!("{:016x}", fnv1a(definition.as_bytes()))
    }
}

/// The 64-bit FNV-1a hash (Fowler, Noll, Vo), enough to tell definitions apart.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_sets_hand_out_their_scenarios_by_index() {
        let set = ScenarioSet::Explicit(vec![
            Scenario::new("base", vec![]),
            Scenario::new(
                "late",
                vec![Event::DeliveryDelayed {
                    delivery: "D1".into(),
                    eta: 600,
                }],
            ),
        ]);
        assert_eq!(set.len(), 2);
        assert_eq!(set.scenario(1).unwrap().name, "late");
        assert_eq!(set.scenario(2), None);
        assert_eq!(set.scenario(0).unwrap().describe(), "no event");
        assert_eq!(
            set.scenario(1).unwrap().describe(),
            "delivery 'D1' now arrives at 600"
        );
    }

    #[test]
    fn fingerprints_tell_different_sets_apart() {
        let a = ScenarioSet::Explicit(vec![Scenario::new("a", vec![])]);
        let b = ScenarioSet::Explicit(vec![Scenario::new("b", vec![])]);
        assert_eq!(a.fingerprint(), a.clone().fingerprint());
        assert_ne!(a.fingerprint(), b.fingerprint());
    }
}
