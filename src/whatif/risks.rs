//! Risks: what may go wrong, and how likely and how badly, per delivery (or supplier), machine and
//! site. `risks.csv` holds one [`Risk`] per row (see `crate::io::read_risks` and `docs/WHATIF.md`);
//! the [`super::Sampler`] draws scenarios from them.
//!
//! Times are minutes; probabilities lie in `[0, 1]`; a price spike's size is a factor on the
//! site's energy prices.

use super::distribution::Distribution;
use crate::io::{MAX_MINUTES, closest};
use crate::model::ErrorCode;
use crate::model::{Instance, Minutes};
use serde::{Deserialize, Serialize};

/// A problem with one risk: the column (field) to fix, a stable code, what is wrong, how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RiskIssue {
    /// The `risks.csv` column concerned, e.g. `machine` or `probability`.
    pub column: &'static str,
    /// Stable upper-case code, e.g. `UNKNOWN_MACHINE`.
    pub code: ErrorCode,
    /// What is wrong, quoting the value.
    pub message: String,
    /// What would fix it.
    pub hint: String,
}

impl RiskIssue {
    fn new(
        column: &'static str,
        code: ErrorCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            column,
            code,
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Which deliveries a delay risk applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryTarget {
    /// One delivery, by its id in `deliveries.csv`.
    Delivery(String),
    /// Every delivery of a material, by the material's id: the way to describe a supplier, since
    /// a supplier delivers its material (each delivery late or not independently).
    Material(String),
    /// Every delivery (`*`).
    Every,
}

/// Which machines or sites a risk applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// One machine or site, by its id.
    Named(String),
    /// Every machine, or every site with machines (`*`), each independently.
    Every,
}

/// One thing that may go wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "risk", rename_all = "snake_case")]
pub enum Risk {
    /// Each targeted delivery still under way at `now` is late with `probability`; how late is
    /// drawn from `delay` (minutes). Several rows hitting one delivery add their delays.
    DeliveryDelay {
        /// The deliveries.
        target: DeliveryTarget,
        /// Chance in `[0, 1]` that a delivery is late at all.
        probability: f64,
        /// Minutes late, when late.
        delay: Distribution,
    },
    /// Each targeted machine fails at random: failures form a Poisson process with mean time
    /// between failures `mtbf` (minutes of calendar time) from `now` to the end of the horizon;
    /// each failure takes the machine down for a repair time drawn from `repair` (minutes, at
    /// least 1), and the next failure can only come after the repair.
    MachineFailure {
        /// The machines.
        target: Target,
        /// Mean time between failures in minutes (> 0).
        mtbf: f64,
        /// Repair time in minutes.
        repair: Distribution,
    },
    /// Each targeted site has, with `probability`, one price spike during the horizon: for
    /// `duration` minutes from a start drawn uniformly (whole minutes) so that the spike ends by the
    /// horizon's end, every energy price of the site is multiplied by a factor drawn from `factor`.
    PriceSpike {
        /// The sites.
        target: Target,
        /// Chance in `[0, 1]` of a spike during the horizon.
        probability: f64,
        /// Length of the spike in minutes (> 0).
        duration: Minutes,
        /// The factor on the site's prices (3 = three times as dear).
        factor: Distribution,
    },
}

impl Risk {
    /// Every risk kind as written in `risks.csv`.
    pub const KINDS: [&'static str; 3] = ["delivery_delay", "machine_failure", "price_spike"];

    /// The kind as written in `risks.csv`.
    pub fn kind(&self) -> &'static str {
        match self {
            Risk::DeliveryDelay { .. } => "delivery_delay",
            Risk::MachineFailure { .. } => "machine_failure",
            Risk::PriceSpike { .. } => "price_spike",
        }
    }

    /// The risk in a few words, e.g. `machine 'M3' fails every 10080 min on average`.
    pub fn describe(&self) -> String {
        let named = |t: &Target, what: &str| match t {
            Target::Named(n) => format!("{what} '{n}'"),
            Target::Every => format!("every {what}"),
        };
        match self {
            Risk::DeliveryDelay {
                target,
                probability,
                delay,
            } => {
                let who = match target {
                    DeliveryTarget::Delivery(d) => format!("delivery '{d}'"),
                    DeliveryTarget::Material(m) => format!("each delivery of '{m}'"),
                    DeliveryTarget::Every => "each delivery".to_string(),
                };
                format!(
                    "{who} late with probability {probability}, by {} min on average ({})",
                    round2(delay.mean()),
                    delay.name()
                )
            }
            Risk::MachineFailure {
                target,
                mtbf,
                repair,
            } => format!(
                "{} fails every {} min on average, repair {} min on average ({})",
                named(target, "machine"),
                round2(*mtbf),
                round2(repair.mean()),
                repair.name()
            ),
            Risk::PriceSpike {
                target,
                probability,
                duration,
                factor,
            } => format!(
                "{} prices x{} on average for {duration} min with probability {probability}",
                named(target, "site"),
                round2(factor.mean())
            ),
        }
    }
}

impl Risk {
    /// Every problem with this risk against `instance`: unknown ids (with the closest id when it
    /// looks like a typo), probabilities outside `[0, 1]`, a mean time between failures or a
    /// duration that is not positive, distribution parameters out of range, times beyond
    /// [`MAX_MINUTES`].
    pub fn check(&self, instance: &Instance) -> Vec<RiskIssue> {
        let mut issues = Vec::new();
        match self {
            Risk::DeliveryDelay {
                target,
                probability,
                delay,
            } => {
                match target {
                    DeliveryTarget::Delivery(d) => known(
                        instance.deliveries().iter().map(|x| x.name.as_str()),
                        d,
                        ("delivery", ErrorCode::UnknownDelivery, "deliveries.csv"),
                        &mut issues,
                    ),
                    DeliveryTarget::Material(m) => known(
                        instance.materials().iter().map(|x| x.name.as_str()),
                        m,
                        (
                            "material",
                            ErrorCode::UnknownMaterial,
                            "bom.csv, stock.csv or deliveries.csv",
                        ),
                        &mut issues,
                    ),
                    DeliveryTarget::Every => {}
                }
                check_probability(*probability, &mut issues);
                check_distribution(delay, true, &mut issues);
            }
            Risk::MachineFailure {
                target,
                mtbf,
                repair,
            } => {
                if let Target::Named(m) = target {
                    known(
                        instance.machines().iter().map(|x| x.name.as_str()),
                        m,
                        ("machine", ErrorCode::UnknownMachine, "machines.csv"),
                        &mut issues,
                    );
                }
                if !mtbf.is_finite() || *mtbf <= 0.0 || *mtbf > MAX_MINUTES as f64 {
                    let code = if mtbf.is_finite() && *mtbf < 0.0 {
                        ErrorCode::NegativeValue
                    } else {
                        ErrorCode::NotPositive
                    };
                    issues.push(RiskIssue::new(
                        "mtbf",
                        code,
                        format!("mean time between failures {mtbf} is not a positive number of minutes"),
                        format!("give the mean time between failures in minutes, > 0 and at most {MAX_MINUTES} (a week is 10080)"),
                    ));
                }
                check_distribution(repair, true, &mut issues);
            }
            Risk::PriceSpike {
                target,
                probability,
                duration,
                factor,
            } => {
                if let Target::Named(s) = target {
                    known(
                        instance.sites().iter().map(|x| x.name.as_str()),
                        s,
                        ("site", ErrorCode::UnknownSite, "sites.csv"),
                        &mut issues,
                    );
                }
                check_probability(*probability, &mut issues);
                if *duration <= 0 || *duration > MAX_MINUTES {
                    issues.push(RiskIssue::new(
                        "duration",
                        ErrorCode::NotPositive,
                        format!("a price spike of {duration} minutes"),
                        format!(
                            "give the spike's length in minutes, > 0 and at most {MAX_MINUTES}"
                        ),
                    ));
                }
                check_distribution(factor, false, &mut issues);
            }
        }
        issues
    }
}

/// Records an issue unless `name` is one of `names`.
fn known<'a>(
    names: impl Iterator<Item = &'a str> + Clone,
    name: &str,
    (column, code, file): (&'static str, ErrorCode, &str),
    issues: &mut Vec<RiskIssue>,
) {
    if names.clone().any(|n| n == name) {
        return;
    }
    let hint = match closest(name, names) {
        Some(near) => format!(
            "did you mean '{near}'? Risks name the instance's {column} ids ({file}), or * for every one"
        ),
        None => format!("name a {column} of the instance ({file}), or * for every one"),
    };
    issues.push(RiskIssue::new(
        column,
        code,
        format!("unknown {column} '{name}'"),
        hint,
    ));
}

fn check_probability(p: f64, issues: &mut Vec<RiskIssue>) {
    if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
        issues.push(RiskIssue::new(
            "probability",
            ErrorCode::ProbabilityOutOfRange,
            format!(
                "probability {} is not in [0, 1]",
                crate::model::compact_number(p)
            ),
            "give a probability from 0 (never) to 1 (always), e.g. 0.25",
        ));
    }
}

/// Checks a distribution's parameters; those of minutes (`minutes`) are also bounded by
/// [`MAX_MINUTES`].
fn check_distribution(d: &Distribution, minutes: bool, issues: &mut Vec<RiskIssue>) {
    if let Err(e) = d.validate() {
        let fix = Distribution::parameters_of(d.name()).join(", ");
        issues.push(RiskIssue::new(
            e.parameter,
            e.code,
            format!("{} distribution: {}", d.name(), e.message),
            format!(
                "a {} distribution takes {fix}; see docs/WHATIF.md",
                d.name()
            ),
        ));
    } else if minutes
        && let Some((parameter, value)) = d
            .parameters()
            .into_iter()
            .find(|(_, v)| *v > MAX_MINUTES as f64)
    {
        issues.push(RiskIssue::new(
            parameter,
            ErrorCode::OutOfRange,
            format!("{parameter} {value} minutes is too far"),
            format!("use at most {MAX_MINUTES} minutes"),
        ));
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
