//! Times as people read them: a date-time when the instance has a plan start, minutes otherwise.

use takt::io::{date_time_at, format_date_time};
use takt::model::{Instance, Minutes};

/// A point in time: `2025-03-03T10:40 (minute 640)` with a plan start, `minute 640` without.
pub fn at(instance: &Instance, t: Minutes) -> String {
    match date_time_at(instance.plan_start(), t) {
        Some(dt) => format!("{} (minute {t})", format_date_time(dt)),
        None => format!("minute {t}"),
    }
}

/// A length of time in minutes, with hours for long spans: `95 min (1 h 35 min)`.
pub fn span(_instance: &Instance, minutes: Minutes) -> String {
    if minutes.abs() < 120 {
        format!("{minutes} min")
    } else {
        let (h, m) = (minutes / 60, (minutes % 60).abs());
        if m == 0 {
            format!("{minutes} min ({h} h)")
        } else {
            format!("{minutes} min ({h} h {m} min)")
        }
    }
}
