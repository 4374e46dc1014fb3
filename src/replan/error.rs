//! Why a re-plan could not be made: a bad event, a baseline that does not fit, or (a bug) a plan the
//! checker rejects.

use crate::model::ModelError;
use crate::validate::Report;
use std::fmt;

/// A problem with one event: which one, a stable code, what is wrong and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventError {
    /// Position of the event in the order the events were applied (0-based).
    pub index: usize,
    /// Stable upper-case code, e.g. `ORDER_STARTED`.
    pub code: &'static str,
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
pub enum ReplanError {
    /// An event is unknown to the instance or contradicts what already happened.
    #[error("{0}")]
    Event(EventError),
    /// The events leave an instance the model rejects (e.g. a rush order no plant can make).
    #[error("after the events, {0}")]
    Model(ModelError),
    /// The baseline plan does not belong to the instance or breaks its rules.
    #[error("the baseline plan does not fit the instance: {message}")]
    Baseline {
        /// What is wrong, e.g. the checker's first violations.
        message: String,
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
        code: &'static str,
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
}
