//! The builder's rules for lane windows ([`super::LaneWindow`]): a known lane, a window that is not
//! empty, minutes within [`MAX_MINUTES`], and a slower window that adds at least one minute.

use super::limits::{RANGE_HINT, in_range};
use super::{ErrorCode, InstanceBuilder, LaneEffect, MAX_MINUTES, ModelIssue, Subject};

/// Every problem with the builder's lane windows (`UNKNOWN_REFERENCE`, `EMPTY_WINDOW`,
/// `BAD_LANE_WINDOW`, `OUT_OF_RANGE`).
pub(super) fn check_lane_windows(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    for (i, w) in b.lane_windows.iter().enumerate() {
        let subject = Subject::LaneWindow(i);
        let mut push = |code, message: String, hint: &str, field| {
            issues.push(ModelIssue {
                code,
                subject,
                message,
                hint: hint.into(),
                field: Some(field),
            });
        };
        let Some(lane) = b.lanes.get(w.lane.index()) else {
            push(
                ErrorCode::UnknownReference,
                format!("lane window {} refers to an unknown lane", i + 1),
                "refer only to lanes added to the builder",
                "lane",
            );
            continue;
        };
        for (t, field) in [(w.window.start, "start"), (w.window.end, "end")] {
            if !in_range(t) {
                push(
                    ErrorCode::OutOfRange,
                    format!(
                        "a window of lane '{}' has its {field} at {t} minutes, beyond the \
                         {MAX_MINUTES} takt reads",
                        lane.name
                    ),
                    RANGE_HINT,
                    field,
                );
            }
        }
        if w.window.is_empty() {
            push(
                ErrorCode::EmptyWindow,
                format!(
                    "the window of lane '{}' ends at {}, not after its start {}",
                    lane.name, w.window.end, w.window.start
                ),
                "make the end later than the start",
                "end",
            );
        }
        if let LaneEffect::Slower { extra } = w.effect
            && extra > 0
            && !in_range(extra)
        {
            push(
                ErrorCode::OutOfRange,
                format!(
                    "lane '{}' is said to be slower by {extra} minutes, beyond the {MAX_MINUTES} \
                     takt reads",
                    lane.name
                ),
                RANGE_HINT,
                "extra",
            );
        } else if let LaneEffect::Slower { extra } = w.effect
            && extra <= 0
        {
            push(
                ErrorCode::BadLaneWindow,
                format!(
                    "lane '{}' is said to be slower by {extra} minutes",
                    lane.name
                ),
                "give the minutes the lane takes longer (at least 1), or mark it closed",
                "extra",
            );
        }
    }
    issues
}
