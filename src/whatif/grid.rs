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

use super::axis::SYNTAX;
pub use super::axis::{Axis, GridError};
use super::scenario::Scenario;
use super::spike::spike_events;
use crate::io::{MAX_MINUTES, closest};
use crate::model::{Instance, Minutes, SiteId, Window};
use crate::replan::Event;
use serde::Serialize;

/// Most scenarios a grid may have.
pub const MAX_GRID_SCENARIOS: usize = 10_000_000;

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
            if start < now {
                return Err(GridError {
                    axis: describe_axis(axis),
                    message: format!(
                        "the downtime starts at {start}, before now ({now}); what ran before now \
                         is history as the published plan has it"
                    ),
                    hint: "start the axis at now or later (leave out @START for now)".into(),
                });
            }
            Ok(names
                .iter()
                .flat_map(|m| {
                    lengths.iter().map(move |&l| AxisValue {
                        label: format!("down={m}:{}", label_minutes(l)),
                        events: vec![Event::machine_down(
                            m.clone(),
                            Window::new(start, start.saturating_add(l).min(MAX_MINUTES)),
                        )],
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
