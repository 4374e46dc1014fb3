//! One axis of a what-if grid as written on the command line: `KIND[:ID,ID...]=VALUES[@START][+LENGTH]`
//! (see [`super::grid`] for the table of kinds and examples).

use crate::io::{MAX_MINUTES, closest, parse_time};
use crate::model::Minutes;
use chrono::NaiveDateTime;
use serde::Serialize;

/// The most values one axis may have.
const MAX_AXIS_VALUES: usize = 100_000;

/// One axis of a grid, as written on the command line.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "axis", rename_all = "snake_case")]
pub enum Axis {
    /// Deliveries arrive later by each of `delays` (minutes).
    Delay {
        /// The deliveries; `None` for every delivery still under way at `now`.
        deliveries: Option<Vec<String>>,
        /// The delays in minutes (>= 0).
        delays: Vec<Minutes>,
    },
    /// Each machine in turn is down for each of `lengths` (minutes) from `start`.
    Down {
        /// The machines; `None` for every machine.
        machines: Option<Vec<String>>,
        /// The lengths in minutes (> 0).
        lengths: Vec<Minutes>,
        /// When the breakdown starts; `None` for `now`.
        start: Option<Minutes>,
    },
    /// Each site in turn has its prices multiplied by each of `factors` during `[start, start +
    /// length)`.
    Price {
        /// The sites; `None` for every site with machines.
        sites: Option<Vec<String>>,
        /// The factors (>= 0).
        factors: Vec<f64>,
        /// When the spike starts; `None` for `now`.
        start: Option<Minutes>,
        /// Its length in minutes (> 0).
        length: Minutes,
    },
}

/// A grid axis that cannot be read or used: the axis as written, what is wrong, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("grid axis '{axis}': {message} (hint: {hint})")]
pub struct GridError {
    /// The axis as written.
    pub axis: String,
    /// What is wrong.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

pub(crate) const SYNTAX: &str = "write KIND[:ID,...]=VALUES[@START][+LENGTH] with KIND delay, down or price, \
                      e.g. delay=0..12h/30m, down=4h, price=2..5/1@600+3h (see docs/WHATIF.md)";

impl Axis {
    /// Reads an axis written as in the module docs; times against `plan_start`.
    ///
    /// # Errors
    /// [`GridError`] naming the part that is wrong.
    pub fn parse(text: &str, plan_start: Option<NaiveDateTime>) -> Result<Axis, GridError> {
        let fail = |message: String, hint: &str| GridError {
            axis: text.to_string(),
            message,
            hint: hint.to_string(),
        };
        let (head, rest) = text
            .split_once('=')
            .ok_or_else(|| fail("no '=' between the axis and its values".into(), SYNTAX))?;
        let (kind, ids) = match head.split_once(':') {
            Some((kind, ids)) => {
                let ids: Vec<String> = ids.split(',').map(|s| s.trim().to_string()).collect();
                if ids.iter().any(String::is_empty) {
                    return Err(fail("an empty id in the list".into(), SYNTAX));
                }
                (kind.trim(), Some(ids))
            }
            None => (head.trim(), None),
        };
        let (rest, length) = match rest.split_once('+') {
            Some((rest, length)) => (rest, Some(length)),
            None => (rest, None),
        };
        let (values, start) = match rest.split_once('@') {
            Some((values, start)) => (values, Some(start)),
            None => (rest, None),
        };
        let start = start
            .map(|s| {
                parse_time(s.trim(), plan_start)
                    .map_err(|e| fail(format!("start '{s}': {}", e.message), &e.hint))
            })
            .transpose()?;
        let length = length
            .map(|l| {
                duration(l.trim()).filter(|&l| l > 0).ok_or_else(|| {
                    fail(
                        format!("'{l}' is not a length"),
                        "write a positive duration such as 4h or 90m",
                    )
                })
            })
            .transpose()?;
        let no_extras = |what: &str| -> Result<(), GridError> {
            if start.is_some() || length.is_some() {
                return Err(fail(
                    format!("a {what} axis takes no @START or +LENGTH"),
                    SYNTAX,
                ));
            }
            Ok(())
        };
        match kind {
            "delay" => {
                no_extras("delay")?;
                let delays = durations(values.trim())
                    .map_err(|m| fail(m, "write delays such as 0..12h/30m or 1h,2h,6h"))?;
                Ok(Axis::Delay {
                    deliveries: ids,
                    delays,
                })
            }
            "down" => {
                if length.is_some() {
                    return Err(fail(
                        "a down axis takes no +LENGTH: its values are the lengths".into(),
                        SYNTAX,
                    ));
                }
                let lengths = durations(values.trim())
                    .map_err(|m| fail(m, "write lengths such as 4h or 2h..8h/2h"))?;
                if lengths.contains(&0) {
                    return Err(fail("a breakdown of 0 minutes".into(), "give lengths > 0"));
                }
                Ok(Axis::Down {
                    machines: ids,
                    lengths,
                    start,
                })
            }
            "price" => {
                let factors = factors(values.trim())
                    .map_err(|m| fail(m, "write factors such as 3 or 2..5/1"))?;
                Ok(Axis::Price {
                    sites: ids,
                    factors,
                    start,
                    length: length.unwrap_or(4 * 60),
                })
            }
            _ => {
                let hint = match closest(kind, ["delay", "down", "price"]) {
                    Some(near) => format!("did you mean '{near}'? {SYNTAX}"),
                    None => SYNTAX.to_string(),
                };
                Err(GridError {
                    axis: text.to_string(),
                    message: format!("'{kind}' is not an axis"),
                    hint,
                })
            }
        }
    }
}

/// A duration in whole minutes: `90`, `90m`, `4h`, `2d`.
fn duration(text: &str) -> Option<Minutes> {
    let (number, unit) = match text.char_indices().last()? {
        (i, 'm') => (&text[..i], 1),
        (i, 'h') => (&text[..i], 60),
        (i, 'd') => (&text[..i], 1440),
        _ => (text, 1),
    };
    let n: Minutes = number.trim().parse().ok()?;
    let minutes = n.checked_mul(unit)?;
    (0..=MAX_MINUTES).contains(&minutes).then_some(minutes)
}

/// A factor: a decimal number >= 0, optionally written `x3`.
fn factor(text: &str) -> Option<f64> {
    let v: f64 = text.trim_start_matches('x').parse().ok()?;
    (v.is_finite() && v >= 0.0).then_some(v)
}

/// Values written as one value, a list `a,b,c` or a range `FROM..TO/STEP` (both ends included);
/// `nth(from, step, i)` is the `i`-th value of a range, computed from its start so that steps in
/// decimals do not accumulate rounding.
fn values_of<T: Copy + PartialOrd>(
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    positive: impl Fn(T) -> bool,
    nth: impl Fn(T, T, usize) -> Option<T>,
) -> Result<Vec<T>, String> {
    let one =
        |s: &str| parse(s.trim()).ok_or_else(|| format!("'{}' is not a valid value", s.trim()));
    let Some((from, rest)) = text.split_once("..") else {
        return text.split(',').map(one).collect();
    };
    let (to, step) = rest
        .split_once('/')
        .ok_or_else(|| format!("the range '{text}' has no /STEP"))?;
    let (from, to, step) = (one(from)?, one(to)?, one(step)?);
    if !positive(step) {
        return Err(format!(
            "the range '{text}' has a step that is not positive"
        ));
    }
    if to < from {
        return Err(format!("the range '{text}' ends before it starts"));
    }
    let mut values = Vec::new();
    while let Some(v) = nth(from, step, values.len()).filter(|v| *v <= to) {
        if values.len() == MAX_AXIS_VALUES {
            return Err(format!(
                "the range '{text}' has more than {MAX_AXIS_VALUES} values"
            ));
        }
        values.push(v);
    }
    Ok(values)
}

/// Durations in minutes (see [`values_of`]).
fn durations(text: &str) -> Result<Vec<Minutes>, String> {
    values_of(
        text,
        duration,
        |s| s > 0,
        |from, step, i| step.checked_mul(i as Minutes)?.checked_add(from),
    )
}

/// Factors (see [`values_of`]); a range's end counts within a millionth of a step.
fn factors(text: &str) -> Result<Vec<f64>, String> {
    values_of(
        text,
        factor,
        |s| s > 0.0,
        |from, step, i| {
            let v = from + step * i as f64;
            let snapped = (v * 1e9).round() / 1e9;
            Some(if (v - snapped).abs() <= step * 1e-6 {
                snapped
            } else {
                v
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_read_ranges_lists_units_and_options() {
        assert_eq!(
            Axis::parse("delay=0..12h/30m", None).unwrap(),
            Axis::Delay {
                deliveries: None,
                delays: (0..=24).map(|i| i * 30).collect()
            }
        );
        assert_eq!(
            Axis::parse("down:M1,M2=2h,90@600", None).unwrap(),
            Axis::Down {
                machines: Some(vec!["M1".into(), "M2".into()]),
                lengths: vec![120, 90],
                start: Some(600)
            }
        );
        assert_eq!(
            Axis::parse("price=2..4/1@-60+3h", None).unwrap(),
            Axis::Price {
                sites: None,
                factors: vec![2.0, 3.0, 4.0],
                start: Some(-60),
                length: 180
            }
        );
        assert_eq!(
            Axis::parse("price=x1.5", None).unwrap(),
            Axis::Price {
                sites: None,
                factors: vec![1.5],
                start: None,
                length: 240
            }
        );
    }

    #[test]
    fn bad_axes_say_what_is_wrong() {
        let cases = [
            ("delay", "no '='"),
            ("dealy=1h", "did you mean 'delay'"),
            ("delay=1h..0/30m", "ends before it starts"),
            ("delay=0..1h/0", "not positive"),
            ("delay=0..1h", "no /STEP"),
            ("delay=abc", "not a valid value"),
            ("down=0", "0 minutes"),
            ("down=4h+1h", "no +LENGTH"),
            ("delay=1h@60", "no @START"),
            ("price=-1", "not a valid value"),
            ("down=4h@yesterday", "start 'yesterday'"),
        ];
        for (text, expected) in cases {
            let e = Axis::parse(text, None).unwrap_err();
            assert!(
                e.to_string().contains(expected),
                "{text}: {e} (expected {expected})"
            );
        }
    }

    #[test]
    fn durations_take_units() {
        assert_eq!(duration("90"), Some(90));
        assert_eq!(duration("90m"), Some(90));
        assert_eq!(duration("4h"), Some(240));
        assert_eq!(duration("2d"), Some(2880));
        assert_eq!(duration("-1h"), None);
        assert_eq!(duration("h"), None);
    }
}
