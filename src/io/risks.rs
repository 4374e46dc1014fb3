//! `risks.csv`: what may go wrong, for `takt whatif --risks` (see `docs/WHATIF.md`).
//!
//! One row per risk. The `risk` column says which kind; each kind uses its own columns and the
//! others stay blank, like `events.csv`:
//!
//! | risk | columns (required in bold) | drawn from the distribution |
//! |---|---|---|
//! | `delivery_delay` | **`delivery`** (an id or `*`) or **`material`**, `probability` (default 1) | the delay in minutes |
//! | `machine_failure` | **`machine`** (an id or `*`), **`mtbf`** (minutes) | the repair time in minutes |
//! | `price_spike` | **`site`** (an id or `*`), **`probability`**, **`duration`** (minutes) | the factor on the site's prices |
//!
//! Every row names a **`distribution`** and gives its parameters (`min`, `mode`, `max`, `mean`,
//! `sd`; see [`crate::whatif::Distribution`]); the parameters the distribution does not take stay
//! blank.

use super::cells::{Range, closest};
use super::error::{InputError, InputErrors};
use super::table::{Row, Schema, Table};
use crate::model::ErrorCode;
use crate::model::Instance;
use crate::whatif::{DeliveryTarget, Distribution, Risk, Target};
use std::path::Path;

const PARAMETERS: [&str; 5] = ["min", "mode", "max", "mean", "sd"];

const SCHEMA: Schema = Schema {
    required: &["risk", "distribution"],
    optional: &[
        "delivery",
        "material",
        "machine",
        "site",
        "probability",
        "mtbf",
        "duration",
        "min",
        "mode",
        "max",
        "mean",
        "sd",
    ],
};

/// The target and figure columns each kind uses (parameters come with the distribution).
fn columns_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "delivery_delay" => &["delivery", "material", "probability"],
        "machine_failure" => &["machine", "mtbf"],
        "price_spike" => &["site", "probability", "duration"],
        _ => &[],
    }
}

/// Reads `risks.csv` for `instance`.
///
/// # Errors
/// Every problem, with file, line and column and a stable code: unknown kinds and distributions
/// and unknown ids (with the closest id when it looks like a typo), cells a row's kind or
/// distribution does not use (`CELL_NOT_USED`), probabilities outside `[0, 1]`
/// (`PROBABILITY_OUT_OF_RANGE`), negative or zero rates and durations (`NEGATIVE_VALUE`,
/// `NOT_POSITIVE`), parameters out of order (`BAD_BOUNDS`), and `NO_RISK` for a file without rows.
pub fn read_risks(instance: &Instance, path: &Path) -> Result<Vec<Risk>, InputErrors> {
    let mut errors = Vec::new();
    let mut risks = Vec::new();
    if let Some(table) = Table::read(path, &SCHEMA, &mut errors) {
        for row in table.rows() {
            if let Some(risk) = read_row(instance, &row, &mut errors) {
                risks.push(risk);
            }
        }
        if table.rows().next().is_none() {
            errors.push(InputError::new(
                path,
                ErrorCode::NoRisk,
                "the file lists no risk",
                "add rows: risk,distribution,... (see docs/WHATIF.md)",
            ));
        }
    }
    if errors.is_empty() {
        Ok(risks)
    } else {
        Err(InputErrors(errors))
    }
}

fn read_row(instance: &Instance, row: &Row<'_>, errors: &mut Vec<InputError>) -> Option<Risk> {
    let kind = row.text("risk");
    let kind_ok = known(
        row,
        "risk",
        kind,
        &Risk::KINDS,
        ErrorCode::UnknownRisk,
        "kind of risk",
        errors,
    );
    let name = row.text("distribution");
    let distribution_ok = known(
        row,
        "distribution",
        name,
        &Distribution::NAMES,
        ErrorCode::UnknownDistribution,
        "distribution",
        errors,
    );
    if !(kind_ok && distribution_ok) {
        return None;
    }
    let before = errors.len();
    let used = columns_of(kind);
    let parameters = Distribution::parameters_of(name);
    for column in SCHEMA.optional {
        if used.contains(column) || parameters.contains(column) || row.text(column).is_empty() {
            continue;
        }
        let (what, uses) = if PARAMETERS.contains(column) {
            (format!("the distribution {name}"), parameters.join(", "))
        } else {
            (format!("a risk of kind {kind}"), used.join(", "))
        };
        errors.push(row.error(
            column,
            ErrorCode::CellNotUsed,
            format!("{what} has no '{column}'"),
            format!("leave it blank; {what} uses {uses}"),
        ));
    }
    let mut cells = row.cells(errors);
    let mut p = |c: &str| cells.decimal(c, Range::Any);
    let distribution = match name {
        "fixed" => p("mean").map(|mean| Distribution::Fixed { mean }),
        "exponential" => p("mean").map(|mean| Distribution::Exponential { mean }),
        "uniform" => {
            let (min, max) = (p("min"), p("max"));
            Some(Distribution::Uniform {
                min: min?,
                max: max?,
            })
        }
        "triangular" | "pert" => {
            let (min, mode, max) = (p("min"), p("mode"), p("max"));
            let (min, mode, max) = (min?, mode?, max?);
            Some(if name == "pert" {
                Distribution::Pert { min, mode, max }
            } else {
                Distribution::Triangular { min, mode, max }
            })
        }
        _ => {
            let (mean, sd) = (p("mean"), p("sd"));
            let (mean, sd) = (mean?, sd?);
            Some(if name == "gamma" {
                Distribution::Gamma { mean, sd }
            } else {
                Distribution::LogNormal { mean, sd }
            })
        }
    };
    let risk = match kind {
        "delivery_delay" => {
            let probability = cells.decimal_or("probability", 1.0, Range::Any);
            let target = match (cells.text("delivery"), cells.text("material")) {
                (Some(_), Some(_)) => {
                    cells.errors().push(row.error(
                        "material",
                        ErrorCode::CellNotUsed,
                        "a delivery_delay risk names a delivery or a material, not both",
                        "keep one of the two",
                    ));
                    None
                }
                (Some("*"), None) => Some(DeliveryTarget::Every),
                (Some(d), None) => Some(DeliveryTarget::Delivery(d.to_string())),
                (None, Some(m)) => Some(DeliveryTarget::Material(m.to_string())),
                (None, None) => {
                    cells.errors().push(row.error(
                        "delivery",
                        ErrorCode::MissingValue,
                        "a delivery_delay risk names no delivery and no material",
                        "give a delivery id (or * for every delivery), or a material id for every delivery of it",
                    ));
                    None
                }
            };
            Risk::DeliveryDelay {
                target: target?,
                probability: probability?,
                delay: distribution?,
            }
        }
        "machine_failure" => {
            let machine = cells.id("machine");
            let mtbf = cells.decimal("mtbf", Range::Any);
            Risk::MachineFailure {
                target: target(machine?),
                mtbf: mtbf?,
                repair: distribution?,
            }
        }
        _ => {
            let site = cells.id("site");
            let probability = cells.decimal("probability", Range::Any);
            let duration = cells.integer("duration", Range::Any);
            Risk::PriceSpike {
                target: target(site?),
                probability: probability?,
                duration: duration?,
                factor: distribution?,
            }
        }
    };
    for issue in risk.check(instance) {
        errors.push(row.error(issue.column, issue.code, issue.message, issue.hint));
    }
    (errors.len() == before).then_some(risk)
}

fn target(id: &str) -> Target {
    if id == "*" {
        Target::Every
    } else {
        Target::Named(id.to_string())
    }
}

/// True when `value` is one of `names`; otherwise records an error with a close match if any.
fn known(
    row: &Row<'_>,
    column: &str,
    value: &str,
    names: &[&str],
    code: ErrorCode,
    what: &str,
    errors: &mut Vec<InputError>,
) -> bool {
    if names.contains(&value) {
        return true;
    }
    if value.is_empty() {
        errors.push(row.error(
            column,
            ErrorCode::MissingValue,
            format!("the required value '{column}' is empty"),
            format!("use one of {}", names.join(", ")),
        ));
        return false;
    }
    let hint = match closest(value, names.iter().copied()) {
        Some(near) => format!("did you mean '{near}'? Use one of {}", names.join(", ")),
        None => format!("use one of {}", names.join(", ")),
    };
    errors.push(row.error(column, code, format!("'{value}' is not a {what}"), hint));
    false
}
