//! Time cells: whole minutes from the plan start, or ISO-8601 local date-times against `plan_start`.

use super::cells::{CellError, Range, check_minutes, parse_integer};
use crate::model::ErrorCode;
use crate::model::Minutes;
use chrono::NaiveDateTime;

/// The date-time layouts accepted for ISO-8601 local date-times.
const LAYOUTS: [&str; 4] = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
];

/// An ISO-8601 local date-time `YYYY-MM-DDTHH:MM[:SS]` (a space may replace `T`).
pub fn parse_date_time(text: &str) -> Option<NaiveDateTime> {
    LAYOUTS
        .iter()
        .find_map(|layout| NaiveDateTime::parse_from_str(text, layout).ok())
}

/// Writes a date-time as `YYYY-MM-DDTHH:MM`, with `:SS` only when the seconds are not zero.
pub fn format_date_time(at: NaiveDateTime) -> String {
    if at.and_utc().timestamp() % 60 == 0 {
        at.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        at.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

/// The date-time of minute `t`, when `plan_start` is known and the result is representable.
pub fn date_time_at(plan_start: Option<NaiveDateTime>, t: Minutes) -> Option<NaiveDateTime> {
    plan_start?.checked_add_signed(chrono::TimeDelta::try_minutes(t)?)
}

/// A time cell: whole minutes from the plan start (may be negative), or an ISO-8601 local date-time
/// converted against `plan_start`.
///
/// Codes: `NOT_A_TIME` (neither form), `NO_PLAN_START` (a date-time without a plan start),
/// `NOT_WHOLE_MINUTE` (a date-time that is not a whole number of minutes from the plan start),
/// `OUT_OF_RANGE` (more than [`super::cells::MAX_MINUTES`] from the plan start).
///
/// # Errors
/// The codes above, as a [`CellError`] with a hint.
pub fn parse_time(text: &str, plan_start: Option<NaiveDateTime>) -> Result<Minutes, CellError> {
    if let Ok(minutes) = parse_integer(text, Range::Any) {
        return check_minutes(minutes, text);
    }
    let Some(at) = parse_date_time(text) else {
        return Err(CellError::new(
            ErrorCode::NotATime,
            format!("'{text}' is neither whole minutes nor a date-time"),
            "write whole minutes from the plan start (e.g. 480) or a local date-time \
             YYYY-MM-DDTHH:MM (e.g. 2025-03-10T08:00)",
        ));
    };
    let Some(start) = plan_start else {
        return Err(CellError::new(
            ErrorCode::NoPlanStart,
            format!("'{text}' is a date-time, but the instance has no plan start"),
            "add a row 'plan_start,YYYY-MM-DDTHH:MM' to objective.csv, or write minutes",
        ));
    };
    let seconds = (at - start).num_seconds();
    if seconds % 60 != 0 {
        return Err(CellError::new(
            ErrorCode::NotWholeMinute,
            format!("'{text}' is not a whole number of minutes after the plan start"),
            "use date-times on whole minutes of the plan start",
        ));
    }
    check_minutes(seconds / 60, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start() -> Option<NaiveDateTime> {
        parse_date_time("2025-03-10T06:00")
    }

    #[test]
    fn minutes_and_date_times_both_give_minutes_from_the_plan_start() {
        assert_eq!(parse_time("-15", None), Ok(-15));
        assert_eq!(parse_time("2025-03-10T08:30", start()), Ok(150));
        assert_eq!(parse_time("2025-03-10 05:00:00", start()), Ok(-60));
    }

    #[test]
    fn date_times_need_a_plan_start_and_whole_minutes() {
        let code = |t: &str, s| parse_time(t, s).unwrap_err().code;
        assert_eq!(code("2025-03-10T08:30", None), "NO_PLAN_START");
        assert_eq!(code("2025-03-10T08:30:10", start()), "NOT_WHOLE_MINUTE");
        assert_eq!(code("2025-13-10T08:30", start()), "NOT_A_TIME");
        assert_eq!(code("12.5", start()), "NOT_A_TIME");
        assert_eq!(code("-99999999999", start()), "OUT_OF_RANGE");
    }

    #[test]
    fn formatted_date_times_read_back() {
        let t = date_time_at(start(), 150).unwrap();
        assert_eq!(format_date_time(t), "2025-03-10T08:30");
        assert_eq!(parse_date_time(&format_date_time(t)), Some(t));
    }
}
