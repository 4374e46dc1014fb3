//! Machine energy modes: a machine may run an operation in one of several modes, each with its own
//! speed and power draw (eco: slower, fewer kW; boost: faster, more kW).
//!
//! Every machine has the implicit **nominal** mode ([`ModeId::NOMINAL`]: speed factor 1, the
//! machine's `power_kw`, no change cost); `modes.csv` adds further modes. An operation whose nominal
//! duration on the machine is `d` minutes takes `ceil(d / speed_factor)` minutes in a mode (at least
//! 1; a relative tolerance of 1e-9 absorbs floating-point noise, so that 48 / 0.8 is 60). Each time
//! the machine switches *into* a mode with a change cost from a different mode between two
//! consecutive operations (by start time; the machine starts in nominal mode), the plan pays that
//! cost. The builder expands the modes into the operations' options ([`super::OpOption::mode`]), so
//! every engine that picks an option picks a mode.

use super::{
    ErrorCode, InstanceBuilder, MAX_MINUTES, MAX_MONEY, MachineId, Minutes, ModelIssue, OpOption,
    Subject,
};
use serde::{Deserialize, Serialize};

/// Smallest speed factor takt reads.
pub const MIN_SPEED_FACTOR: f64 = 0.01;
/// Largest speed factor takt reads.
pub const MAX_SPEED_FACTOR: f64 = 100.0;
/// Most modes a machine may have besides nominal.
pub const MAX_MODES: usize = 255;
/// The name of the implicit mode every machine has.
pub const NOMINAL_MODE: &str = "nominal";

/// A mode of a machine: its position in the machine's modes, 0 being nominal.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ModeId(pub u16);

impl ModeId {
    /// The implicit nominal mode of every machine.
    pub const NOMINAL: ModeId = ModeId(0);

    /// True for the nominal mode.
    pub fn is_nominal(self) -> bool {
        self == Self::NOMINAL
    }
}

/// A non-nominal mode of a machine (a row of `modes.csv`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mode {
    /// Name, unique among the machine's modes and not `nominal`.
    pub name: String,
    /// Speed relative to nominal, in `[MIN_SPEED_FACTOR, MAX_SPEED_FACTOR]`: durations are divided
    /// by it (below 1: slower).
    pub speed_factor: f64,
    /// Electrical power drawn while busy in this mode (kW).
    pub power_kw: f64,
    /// Money charged each time the machine switches into this mode from another one.
    pub change_cost: f64,
}

impl Mode {
    /// A mode without change cost.
    pub fn new(name: impl Into<String>, speed_factor: f64, power_kw: f64) -> Self {
        Self {
            name: name.into(),
            speed_factor,
            power_kw,
            change_cost: 0.0,
        }
    }
}

/// The duration of an operation of nominal duration `nominal` in a mode of speed `speed_factor`:
/// `ceil(nominal / speed_factor)`, at least 1; `None` beyond [`MAX_MINUTES`] (or for a speed
/// factor that is not positive).
pub fn mode_duration(nominal: Minutes, speed_factor: f64) -> Option<Minutes> {
    if speed_factor == 1.0 {
        return Some(nominal);
    }
    if !(speed_factor.is_finite() && speed_factor > 0.0) {
        return None;
    }
    let exact = nominal as f64 / speed_factor;
    let near = exact.round();
    let d = if (exact - near).abs() <= 1e-9 * exact.max(1.0) {
        near
    } else {
        exact.ceil()
    }
    .max(1.0);
    (d <= MAX_MINUTES as f64).then_some(d as Minutes)
}

/// The options of one operation with the machines' modes added: after each nominal option (sorted
/// by machine) come the machine's other modes in order. `nominal` holds the durations before the
/// reported `overrun` (clock minutes, the same in every mode), which is added after the speed
/// factor. A mode that would make the duration too long is reported at the mode (once) and left
/// out.
pub(super) fn expand_modes(
    nominal: Vec<OpOption>,
    overrun: Minutes,
    b: &InstanceBuilder,
    issues: &mut Vec<ModelIssue>,
) -> Vec<OpOption> {
    let with_overrun = |o: OpOption| OpOption {
        duration: o.duration + overrun,
        ..o
    };
    if nominal
        .iter()
        .all(|o| b.machines[o.machine.index()].modes.is_empty())
    {
        return nominal.into_iter().map(with_overrun).collect();
    }
    let mut options = Vec::with_capacity(nominal.len() * 2);
    for o in nominal {
        options.push(with_overrun(o));
        let machine = &b.machines[o.machine.index()];
        for (k, mode) in machine.modes.iter().enumerate() {
            let id = ModeId(k as u16 + 1);
            let in_mode = mode_duration(o.duration, mode.speed_factor)
                .and_then(|d| d.checked_add(overrun))
                .filter(|&d| (1..=MAX_MINUTES).contains(&d));
            match in_mode {
                Some(duration) => options.push(OpOption {
                    machine: o.machine,
                    duration,
                    mode: id,
                }),
                None => {
                    let subject = Subject::Mode(o.machine, id.0);
                    if !issues.iter().any(|i| i.subject == subject) {
                        issues.push(ModelIssue {
                            code: ErrorCode::OutOfRange,
                            subject,
                            message: format!(
                                "mode '{}' of machine '{}' (speed factor {}) makes a {}-minute \
                                 operation take more than the {MAX_MINUTES} minutes takt plans in",
                                mode.name, machine.name, mode.speed_factor, o.duration
                            ),
                            hint: "use a larger speed factor (or shorter operations)".into(),
                            field: Some("speed_factor"),
                        });
                    }
                }
            }
        }
    }
    options
}

/// The builder's rules for modes: names unique per machine and not `nominal`, speed factors in
/// range, powers finite and >= 0 and within the site's cap, change costs within the money limits.
pub(super) fn check_modes(b: &InstanceBuilder) -> Vec<ModelIssue> {
    let mut issues = Vec::new();
    for (i, m) in b.machines.iter().enumerate() {
        let machine = MachineId::from_index(i);
        let cap = b.sites.get(m.site.index()).and_then(|s| s.power_cap_kw);
        if m.modes.len() > MAX_MODES {
            issues.push(ModelIssue {
                code: ErrorCode::OutOfRange,
                subject: Subject::Machine(machine),
                message: format!("machine '{}' has {} modes", m.name, m.modes.len()),
                hint: format!("give a machine at most {MAX_MODES} modes besides nominal"),
                field: None,
            });
            continue;
        }
        for (k, mode) in m.modes.iter().enumerate() {
            let subject = Subject::Mode(machine, k as u16 + 1);
            let mut push = |code, field, message: String, hint: &str| {
                issues.push(ModelIssue {
                    code,
                    subject,
                    message,
                    hint: hint.to_string(),
                    field: Some(field),
                });
            };
            let label = format!("mode '{}' of machine '{}'", mode.name, m.name);
            if mode.name == NOMINAL_MODE || m.modes[..k].iter().any(|other| other.name == mode.name)
            {
                push(
                    ErrorCode::DuplicateMode,
                    "mode",
                    format!("{label} is defined twice (every machine has the nominal mode)"),
                    "give each mode of a machine its own name other than 'nominal'",
                );
            }
            if !(mode.speed_factor.is_finite()
                && (MIN_SPEED_FACTOR..=MAX_SPEED_FACTOR).contains(&mode.speed_factor))
            {
                push(
                    ErrorCode::BadSpeedFactor,
                    "speed_factor",
                    format!(
                        "{label} has speed factor {}",
                        super::compact_number(mode.speed_factor)
                    ),
                    "use a factor between 0.01 and 100 (below 1 is slower than nominal)",
                );
            }
            if !(mode.power_kw.is_finite() && mode.power_kw >= 0.0) {
                push(
                    ErrorCode::BadPower,
                    "power_kw",
                    format!(
                        "{label} has power {} kW",
                        super::compact_number(mode.power_kw)
                    ),
                    "use a finite number >= 0",
                );
            } else if let Some(cap) = cap.filter(|c| mode.power_kw > *c) {
                push(
                    ErrorCode::PowerOverCap,
                    "power_kw",
                    format!(
                        "{label} draws {} kW but its site is capped at {} kW, so it can never run",
                        super::compact_number(mode.power_kw),
                        super::compact_number(cap)
                    ),
                    "lower the mode's power or raise the site's cap",
                );
            }
            if !(mode.change_cost.is_finite() && (0.0..=MAX_MONEY).contains(&mode.change_cost)) {
                push(
                    ErrorCode::OutOfRange,
                    "change_cost",
                    format!(
                        "{label} has change cost {}",
                        super::compact_number(mode.change_cost)
                    ),
                    "use an amount between 0 and 1e15",
                );
            }
        }
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_divide_by_the_speed_factor_and_round_up() {
        assert_eq!(mode_duration(60, 1.0), Some(60));
        assert_eq!(mode_duration(48, 0.8), Some(60));
        assert_eq!(mode_duration(60, 0.8), Some(75));
        assert_eq!(mode_duration(61, 1.25), Some(49));
        assert_eq!(mode_duration(1, 100.0), Some(1));
        assert_eq!(mode_duration(MAX_MINUTES, 0.5), None);
        assert_eq!(mode_duration(10, 0.0), None);
    }
}
