//! Re-planning errors about events, placed at their row and column of `events.csv` in the layout
//! of every input error (`file:line: column 'c': error[CODE]: message` and a hint), the same for
//! `takt replan` and `takt check --events`.

use super::input_failure;
use std::path::Path;
use takt::io::EventsFile;
use takt::replan::{EventCode, ReplanError};

/// A re-planning error, placed at its line of events.csv when it is about one event.
pub(super) fn located(error: ReplanError, events: &EventsFile, path: &Path) -> anyhow::Error {
    match (events.line_of(&error), &error) {
        (Some(line), ReplanError::Event(e)) => {
            // An event that starts before `now` may as well be a `--now` that is too late.
            let by_now = matches!(e.code, EventCode::WindowBeforeNow | EventCode::EtaBeforeNow);
            let column = events
                .column_of(&error)
                .map_or(String::new(), |c| format!(": column '{c}'"));
            input_failure(format!(
                "{}:{line}{column}: error[{}]: {}\n  hint: {}{}",
                path.display(),
                e.code,
                e.message,
                e.hint,
                if by_now {
                    " (now is the --now given)"
                } else {
                    ""
                }
            ))
        }
        // Each model rule the event breaks, in the format of every input error.
        (Some(line), ReplanError::Model { error: model, .. }) => input_failure(
            model
                .issues
                .iter()
                .map(|i| {
                    format!(
                        "{}:{line}: error[{}]: after this event, {}\n  hint: {}",
                        path.display(),
                        i.code,
                        i.message,
                        i.hint
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        (_, ReplanError::InfeasiblePlan { .. }) => anyhow::anyhow!("{error}"),
        _ => input_failure(error),
    }
}

/// Every error of `errors` (each about one event, or not placed), one after the other; a plan the
/// checker rejects (a bug) is reported as that alone.
pub(super) fn event_failure(
    errors: Vec<ReplanError>,
    events: &EventsFile,
    path: &Path,
) -> anyhow::Error {
    if let Some(bug) = errors
        .iter()
        .position(|e| matches!(e, ReplanError::InfeasiblePlan { .. }))
    {
        return errors
            .into_iter()
            .nth(bug)
            .map_or_else(|| anyhow::anyhow!("a bug"), |e| anyhow::anyhow!("{e}"));
    }
    let text: Vec<String> = errors
        .into_iter()
        .map(|e| located(e, events, path).to_string())
        .collect();
    input_failure(text.join("\n"))
}
