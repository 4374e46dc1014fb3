//! Grid scenarios: every combination of the values of a few axes, e.g. "deliveries 0 to 12 hours
//! late in 30-minute steps x each machine down for 4 hours" (25 x 20 = 500 scenarios).
//!
//! An axis is written `KIND[:ID,ID...]=VALUES[@START][+LENGTH]`:
//!
//! | axis | values | one scenario value | default ids |
//! |---|---|---|---|
//! | `delay` | durations | the deliveries arrive that much later (0: on time) | every delivery still under way at `now` |
//! | `down` | durations; `@START` (default `now`) | one machine down for that long from `START`, for each machine in turn | every machine |
//! | `price` | factors; `@START` (default `now`), `+LENGTH` (default 4h) | one site's energy prices times the factor during `[START, START + LENGTH)`, for each site in turn | every site with machines |
//!
//! VALUES is a single value, a list `a,b,c` or a range `FROM..TO/STEP` (both ends included).
//! Durations are whole minutes with an optional unit: `90`, `90m`, `4h`, `2d`. Factors are decimal
//! numbers (`3`, `x3`, `1.5`). START is a time like every time cell (minutes from the plan start,
//! or an ISO date-time). Examples: `delay=0..12h/30m`, `delay:STEEL-N1=2h,6h`, `down=4h`,
//! `down:N-LASER,N-PRESS=2h..8h/2h@2025-03-03T10:00`, `price=2..5/1@600+3h`.
//!
//! The first axis varies slowest: scenario `k` takes value `k / (n2 x n3 ...)` of the first axis,
//! and so on. Its name joins the values, e.g. `delay=+90m down=N-LASER:4h`.

use super::scenario::Scenario;
use super::spike::spike_events;
use crate::io::{MAX_MINUTES, closest, parse_time};
use crate::model::{Instance, Minutes, SiteId, Window};
use crate::replan::Event;
use chrono::NaiveDateTime;
use serde::Serialize;

/// Most scenarios a grid may have.
pub const MAX_GRID_SCENARIOS: usize = 10_000_000;

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

const SYNTAX: &str = "write KIND[:ID,...]=VALUES[@START][+LENGTH] with KIND delay, down or price, \
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

/// One value of a resolved axis: its label and the events it adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct AxisValue {
    label: String,
    events: Vec<Event>,
}

/// A grid of scenarios: the axes with their values resolved against an instance.
#[derive(Clone, Debug, Serialize)]
pub struct Grid {
    axes: Vec<Axis>,
    now: Minutes,
    values: Vec<Vec<AxisValue>>,
    len: usize,
}

impl Grid {
    /// The grid of `axes` for `instance` at `now`.
    ///
    /// # Errors
    /// [`GridError`] for an unknown id (with the closest id), an axis without values (e.g. no
    /// delivery under way at `now`), or more than [`MAX_GRID_SCENARIOS`] scenarios.
    pub fn new(instance: &Instance, axes: Vec<Axis>, now: Minutes) -> Result<Self, GridError> {
        if axes.is_empty() {
            return Err(GridError {
                axis: String::new(),
                message: "a grid needs at least one axis".into(),
                hint: SYNTAX.into(),
            });
        }
        let mut values = Vec::new();
        for axis in &axes {
            let resolved = resolve(instance, axis, now)?;
            if resolved.is_empty() {
                return Err(GridError {
                    axis: describe_axis(axis),
                    message: "the axis has no values here".into(),
                    hint: "name ids explicitly, or check that something is still under way at now"
                        .into(),
                });
            }
            values.push(resolved);
        }
        let len = values
            .iter()
            .try_fold(1usize, |n, v| n.checked_mul(v.len()));
        let len = len
            .filter(|&n| n <= MAX_GRID_SCENARIOS)
            .ok_or_else(|| GridError {
                axis: axes
                    .iter()
                    .map(describe_axis)
                    .collect::<Vec<_>>()
                    .join(" x "),
                message: format!("the grid has more than {MAX_GRID_SCENARIOS} scenarios"),
                hint: "use coarser steps or fewer ids, or sample from risks".into(),
            })?;
        Ok(Self {
            axes,
            now,
            values,
            len,
        })
    }

    /// Number of scenarios (the product of the axes' value counts).
    pub fn len(&self) -> usize {
        self.len
    }

    /// True without scenarios.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The axes.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The grid in a few words.
    pub fn describe(&self) -> String {
        let sizes: Vec<String> = self
            .axes
            .iter()
            .zip(&self.values)
            .map(|(a, v)| format!("{} ({} values)", describe_axis(a), v.len()))
            .collect();
        format!("{} grid scenarios: {}", self.len, sizes.join(" x "))
    }

    /// Scenario `k` (`k < len`): the first axis varies slowest.
    pub fn scenario(&self, k: usize) -> Scenario {
        let mut digits = vec![0; self.values.len()];
        let mut rest = k;
        for (i, values) in self.values.iter().enumerate().rev() {
            digits[i] = rest % values.len();
            rest /= values.len();
        }
        let mut labels = Vec::new();
        let mut events = Vec::new();
        for (values, &d) in self.values.iter().zip(&digits) {
            labels.push(values[d].label.clone());
            events.extend(values[d].events.iter().cloned());
        }
        Scenario::new(labels.join(" "), events)
    }
}

/// The axis written back as text (ids and values summarised).
fn describe_axis(axis: &Axis) -> String {
    match axis {
        Axis::Delay { deliveries, .. } => match deliveries {
            Some(d) => format!("delay:{}", d.join(",")),
            None => "delay".into(),
        },
        Axis::Down { machines, .. } => match machines {
            Some(m) => format!("down:{}", m.join(",")),
            None => "down".into(),
        },
        Axis::Price { sites, .. } => match sites {
            Some(s) => format!("price:{}", s.join(",")),
            None => "price".into(),
        },
    }
}

/// Short duration labels: `90m`, `4h`, `2d`.
fn label_minutes(m: Minutes) -> String {
    if m != 0 && m % 1440 == 0 {
        format!("{}d", m / 1440)
    } else if m != 0 && m % 60 == 0 {
        format!("{}h", m / 60)
    } else {
        format!("{m}m")
    }
}

/// Checks `ids` against `names`; `None` ids means every name that passes `default`.
fn pick<'a>(
    axis: &Axis,
    ids: &Option<Vec<String>>,
    names: impl Iterator<Item = &'a str> + Clone,
    what: &str,
) -> Result<Vec<String>, GridError> {
    match ids {
        None => Ok(names.map(str::to_string).collect()),
        Some(ids) => ids
            .iter()
            .map(|id| {
                if names.clone().any(|n| n == id) {
                    return Ok(id.clone());
                }
                let hint = match closest(id, names.clone()) {
                    Some(near) => format!("did you mean '{near}'?"),
                    None => format!("name a {what} of the instance"),
                };
                Err(GridError {
                    axis: describe_axis(axis),
                    message: format!("unknown {what} '{id}'"),
                    hint,
                })
            })
            .collect(),
    }
}

fn resolve(instance: &Instance, axis: &Axis, now: Minutes) -> Result<Vec<AxisValue>, GridError> {
    match axis {
        Axis::Delay { deliveries, delays } => {
            let all = instance.deliveries();
            let under_way = all.iter().filter(|d| d.eta > now).map(|d| d.name.as_str());
            let names = match deliveries {
                None => pick(axis, &None, under_way, "delivery")?,
                Some(_) => pick(
                    axis,
                    deliveries,
                    all.iter().map(|d| d.name.as_str()),
                    "delivery",
                )?,
            };
            if let Some(arrived) = names
                .iter()
                .find(|n| all.iter().any(|d| &d.name == *n && d.eta <= now))
            {
                return Err(GridError {
                    axis: describe_axis(axis),
                    message: format!("delivery '{arrived}' has arrived by now ({now})"),
                    hint: "delay only deliveries still under way at now".into(),
                });
            }
            if names.is_empty() {
                return Ok(Vec::new());
            }
            Ok(delays
                .iter()
                .map(|&d| AxisValue {
                    label: format!("delay=+{}", label_minutes(d)),
                    events: if d == 0 {
                        Vec::new()
                    } else {
                        names
                            .iter()
                            .filter_map(|n| all.iter().find(|x| &x.name == n))
                            .map(|x| Event::DeliveryDelayed {
                                delivery: x.name.clone(),
                                eta: x.eta.saturating_add(d).min(MAX_MINUTES),
                            })
                            .collect()
                    },
                })
                .collect())
        }
        Axis::Down {
            machines,
            lengths,
            start,
        } => {
            let names = pick(
                axis,
                machines,
                instance.machines().iter().map(|m| m.name.as_str()),
                "machine",
            )?;
            let start = start.unwrap_or(now);
            Ok(names
                .iter()
                .flat_map(|m| {
                    lengths.iter().map(move |&l| AxisValue {
                        label: format!("down={m}:{}", label_minutes(l)),
                        events: vec![Event::MachineDown {
                            machine: m.clone(),
                            window: Window::new(start, start.saturating_add(l).min(MAX_MINUTES)),
                        }],
                    })
                })
                .collect())
        }
        Axis::Price {
            sites,
            factors,
            start,
            length,
        } => {
            let plants = instance
                .sites()
                .iter()
                .enumerate()
                .filter(|(i, _)| !instance.machines_at(SiteId::from_index(*i)).is_empty())
                .map(|(_, s)| s.name.as_str());
            let names = match sites {
                None => pick(axis, &None, plants, "site")?,
                Some(_) => pick(
                    axis,
                    sites,
                    instance.sites().iter().map(|s| s.name.as_str()),
                    "site",
                )?,
            };
            let start = start.unwrap_or(now);
            let window = Window::new(start, start.saturating_add(*length).min(MAX_MINUTES));
            let mut values = Vec::new();
            for name in &names {
                let site = instance
                    .sites()
                    .iter()
                    .position(|s| &s.name == name)
                    .map(SiteId::from_index);
                let Some(site) = site else { continue };
                for &f in factors {
                    values.push(AxisValue {
                        label: format!("price={name}:x{f}"),
                        events: spike_events(name, instance.tariff(site), window, f),
                    });
                }
            }
            Ok(values)
        }
    }
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
