//! Why an order has no operations in a plan: it could not be planned, or it was left out by choice.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumString, IntoStaticStr};

/// Why an order listed in [`super::Schedule::unplanned`] has no operations.
///
/// Only [`Decision::Unplannable`] is a failure (CLI exit code 3, "some orders could not be
/// planned"); dropping an optional order or deferring a deferrable one is a decision of the
/// `contribution` objective form, and a plan with only such orders left out is complete.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    EnumIter,
    strum::Display,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Decision {
    /// The solver found no way to plan the order (capacity, material, deadline, ...).
    #[default]
    Unplannable,
    /// An optional order left out: its margin does not pay for what making it costs.
    Dropped,
    /// A deferrable order moved beyond the horizon end, at its deferral cost per day.
    Deferred,
}

impl Decision {
    /// True for [`Decision::Unplannable`] (the serialised default).
    pub fn is_unplannable(&self) -> bool {
        *self == Self::Unplannable
    }
}
