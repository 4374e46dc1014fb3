//! Why a re-plan could not be made: a bad event, a baseline that does not fit, or (a bug) a plan the
//! checker rejects.

use crate::model::ModelError;
use crate::validate::Report;
use std::fmt;

/// The stable code of an [`EventError`]; its string form (e.g. `ORDER_STARTED`) never changes.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    strum::IntoStaticStr,
    strum::Display,
    strum::EnumString,
    strum::EnumIter,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[strum(serialize_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum EventCode {
    /// An overrun's extra minutes are not positive.
    BadExtra,
    /// A lane delay of no minute (`extra` not positive).
    BadLaneDelay,
    /// A price is negative or not a number.
    BadPrice,
    /// A failure probability is not in (0, 1].
    BadProbability,
    /// A rush order's quantity is 0.
    BadQuantity,
    /// An overrun names a step its order does not have.
    BadStep,
    /// A delivery that has already arrived cannot be delayed.
    DeliveryArrived,
    /// A rush order reuses an existing order's id.
    DuplicateOrder,
    /// A window ends at or before its start.
    EmptyWindow,
    /// A delivery cannot arrive before `now`.
    EtaBeforeNow,
    /// A site that is down has no machines.
    NoMachines,
    /// An overrun names an operation that is not running at `now`.
    NotRunning,
    /// A started order cannot be cancelled.
    OrderStarted,
    /// An overrun runs into started work that history says came after it.
    OverrunContradictsHistory,
    /// The named delivery does not exist.
    UnknownDelivery,
    /// The named shipment is neither a delivery nor a booked transfer.
    UnknownShipment,
    /// The named lane does not exist.
    UnknownLane,
    /// The named machine does not exist.
    UnknownMachine,
    /// The named material does not exist.
    UnknownMaterial,
    /// The named order does not exist (or was cancelled by an earlier event).
    UnknownOrder,
    /// The named product does not exist.
    UnknownProduct,
    /// The named site does not exist.
    UnknownSite,
    /// A downtime or lane window starts before `now` (what ran before `now` is history).
    WindowBeforeNow,
}

impl EventCode {
    /// The stable string form, e.g. `ORDER_STARTED`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A problem with one event: which one, a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// Position of the event in the order the events were applied (0-based).
    pub index: usize,
    /// Stable code.
    pub code: EventCode,
    /// What is wrong, naming the entities.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event {}: error[{}]: {} (hint: {})",
            self.index + 1,
            self.code,
            self.message,
            self.hint
        )
    }
}

/// Why [`super::Replanner`] could not re-plan.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplanError {
    /// A budget value outside its documented range.
    #[error(transparent)]
    Budget(crate::budget::BudgetError),
    /// An event is unknown to the instance or contradicts what already happened.
    #[error("{0}")]
    Event(EventError),
    /// The events leave an instance the model rejects (e.g. a rush order no plant can make);
    /// `index` is the position of the first event after which the instance no longer builds.
    #[error("after event {}, {error}", index + 1)]
    Model {
        /// Position of the event among the events applied (0-based).
        index: usize,
        /// What the model rejects.
        error: ModelError,
    },
    /// The baseline plan does not belong to the instance or breaks its rules.
    #[error("the baseline plan does not fit the instance: {message}")]
    Baseline {
        /// What is wrong, e.g. the checker's first violations.
        message: String,
        /// Every rule the plan breaks, when the checker rejected it (empty when the plan names
        /// ids the instance lacks); [`crate::io::PlanLines::locate`] finds each one's row.
        violations: Vec<crate::validate::Violation>,
    },
    /// What already happened cannot be kept under the events (e.g. an overrun makes two started
    /// operations overlap, or their power draw exceed the cap).
    #[error("the events contradict what already happened: {message}")]
    History {
        /// What cannot be kept, naming orders, steps and machines.
        message: String,
    },
    /// A started order can no longer meet its hard deadline: the rest of it cannot be left out.
    #[error("{message}")]
    DeadlineUnreachable {
        /// The order, its deadline and the earliest arrival found.
        message: String,
    },
    /// The re-planned plan fails the checker: a bug in takt, reported rather than hidden.
    #[error(
        "the re-planned plan fails the checker ({} violation(s)); this is a bug in takt, please \
         report it:\n{report}",
        report.violations.len()
    )]
    InfeasiblePlan {
        /// The checker's findings.
        report: Box<Report>,
    },
}

impl ReplanError {
    /// An event error.
    pub(crate) fn event(
        index: usize,
        code: EventCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        ReplanError::Event(EventError {
            index,
            code,
            message: message.into(),
            hint: hint.into(),
        })
    }

    /// The same error about the event at position `index` (errors about one event only).
    fn at_event(self, index: usize) -> Self {
        match self {
            ReplanError::Event(e) => ReplanError::Event(EventError { index, ..e }),
            ReplanError::Model { error, .. } => ReplanError::Model { index, error },
            other => other,
        }
    }
}

/// Every error among `events`, not only the first: each event is tried after the events accepted
/// before it (`apply` applies a list of events from scratch, e.g. to a clone of a
/// [`super::Replanner`]); an event that fails is reported at its own position among `events` and
/// left out of what follows, so that one bad row does not hide the next.
pub fn event_errors<F>(events: &[super::Event], mut apply: F) -> Vec<ReplanError>
where
    F: FnMut(&[super::Event]) -> Result<(), ReplanError>,
{
    let mut accepted = Vec::with_capacity(events.len());
    let mut errors = Vec::new();
    for (index, event) in events.iter().enumerate() {
        accepted.push(event.clone());
        if let Err(error) = apply(&accepted) {
            accepted.pop();
            errors.push(error.at_event(index));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replan::Event;

    #[test]
    fn every_bad_event_is_reported_at_its_own_position() {
        let events = [
            Event::OrderCancelled { order: "A".into() },
            Event::OrderCancelled {
                order: "nope".into(),
            },
            Event::OrderCancelled { order: "B".into() },
            Event::OrderCancelled {
                order: "zip".into(),
            },
        ];
        // Accepts cancelling A and B; rejects any other name at the position it is tried at.
        let errors = event_errors(&events, |list| {
            let last = list.len() - 1;
            match &list[last] {
                Event::OrderCancelled { order } if order == "A" || order == "B" => Ok(()),
                _ => Err(ReplanError::event(
                    last,
                    EventCode::UnknownOrder,
                    "unknown",
                    "fix",
                )),
            }
        });
        let at: Vec<usize> = errors
            .iter()
            .map(|e| match e {
                ReplanError::Event(e) => e.index,
                _ => usize::MAX,
            })
            .collect();
        assert_eq!(at, vec![1, 3]);
    }
}
