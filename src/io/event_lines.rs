//! Placing a re-planning error at the line of `events.csv` it comes from.

use super::events::EventsFile;
use crate::replan::ReplanError;

impl EventsFile {
    /// The 1-based line of the event `error` is about, when it is about one event of this file.
    pub fn line_of(&self, error: &ReplanError) -> Option<usize> {
        match error {
            ReplanError::Event(e) => self.lines.get(e.index).copied(),
            ReplanError::Model { index, .. } => self.lines.get(*index).copied(),
            _ => None,
        }
    }
}
