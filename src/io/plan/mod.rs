//! Reads a plan back: `schedule.csv`, and `shipments.csv` / `unplanned.csv` / `transfers.csv` beside
//! it when present.

use crate::model::ErrorCode;
mod ids;

use super::cells::Range;
use super::error::{InputError, InputErrors};
use super::source::Source;
use super::table::{Schema, Table};
use crate::model::{Instance, OpId, OrderId};
use crate::solution::{Decision, PlannedTransfer, Schedule, ScheduledOp, Shipment, UnplannedOrder};
use crate::validate::Violation;
use ids::PlanIds;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A plan read from files, and which of the optional files were there.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFiles {
    /// The plan.
    pub schedule: Schedule,
    /// True when `shipments.csv` was found beside `schedule.csv`.
    pub has_shipments: bool,
    /// True when `unplanned.csv` was found beside `schedule.csv`.
    pub has_unplanned: bool,
    /// Where each row of the plan came from, to name the line a checker violation is about.
    pub lines: PlanLines,
}

/// The file and line each operation and shipment of a plan was read from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanLines {
    /// The name of the schedule file (`schedule.csv` or the path given).
    pub schedule_file: PathBuf,
    /// The name of the shipments file, when one was read.
    pub shipments_file: PathBuf,
    /// The 1-based line of each operation's row in the schedule file.
    pub ops: BTreeMap<OpId, usize>,
    /// The 1-based line of each order's shipment row in the shipments file.
    pub shipments: BTreeMap<OrderId, usize>,
    /// The name of the transfers file, when one was read.
    pub transfers_file: PathBuf,
    /// The 1-based line of each order's first transfer row in the transfers file.
    pub transfers: BTreeMap<OrderId, usize>,
}

impl PlanLines {
    /// The file and line a checker violation is about: the shipment row for the `SHIPMENT_*`
    /// rules and for violations that name no operation, otherwise the row of the first operation
    /// it names; `None` when no row it names was read from a file.
    pub fn locate(&self, violation: &Violation) -> Option<(&Path, usize)> {
        let op_line = || {
            violation
                .ops
                .iter()
                .find_map(|op| self.ops.get(op))
                .map(|&line| (self.schedule_file.as_path(), line))
        };
        let shipment_line = || {
            violation
                .orders
                .iter()
                .find_map(|order| self.shipments.get(order))
                .map(|&line| (self.shipments_file.as_path(), line))
        };
        // A shortage with no order starting is caused by transfers leaving (their orders named).
        let by_transfer = violation.code.as_str().starts_with("TRANSFER")
            || (violation.code.as_str() == "MATERIAL_SHORTAGE" && violation.ops.is_empty());
        if by_transfer
            && let Some(line) = violation
                .orders
                .iter()
                .find_map(|order| self.transfers.get(order))
        {
            return Some((self.transfers_file.as_path(), *line));
        }
        if violation.code.as_str().starts_with("SHIPMENT") || violation.ops.is_empty() {
            shipment_line().or_else(op_line)
        } else {
            op_line().or_else(shipment_line)
        }
    }
}

const SCHEDULE: Schema = Schema {
    required: &["order", "step", "machine", "start", "end"],
    optional: &[
        "product",
        "site",
        "start_time",
        "end_time",
        "energy_kwh",
        "energy_cost",
        "materials",
        "mode",
    ],
};
const SHIPMENTS: Schema = Schema {
    required: &["order", "route", "depart", "arrive"],
    optional: &[
        "plant",
        "customer",
        "quantity",
        "transport_cost",
        "due",
        "tardiness",
        // Written for people when the instance has priority classes; the class comes from
        // orders.csv, so the column is accepted and ignored (plans with and without it read alike).
        "priority",
    ],
};
const TRANSFERS: Schema = Schema {
    required: &[
        "material", "from", "to", "quantity", "route", "depart", "arrive",
    ],
    optional: &["order", "transfer_cost"],
};
const UNPLANNED: Schema = Schema {
    required: &["order"],
    optional: &["reason", "decision", "priority"],
};

/// The files of a plan held in memory: `schedule.csv`, and `shipments.csv` / `unplanned.csv` when
/// the plan has them. Errors name each file by its [`Source::name`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanSources {
    /// The operations (`schedule.csv`).
    pub schedule: Option<Source>,
    /// The shipments (`shipments.csv`), when given.
    pub shipments: Option<Source>,
    /// The orders left unplanned (`unplanned.csv`), when given.
    pub unplanned: Option<Source>,
    /// The transfers of material the plan decides (`transfers.csv`), when given.
    pub transfers: Option<Source>,
}

impl PlanSources {
    /// The plan files among `files` (`(file name, text)` pairs, as [`crate::io::plan_files`]
    /// gives them), each found by its name.
    pub fn from_texts(files: &[(&str, String)]) -> Self {
        let source = |name: &str| {
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(n, text)| Source::new(*n, text))
        };
        Self {
            schedule: source("schedule.csv"),
            shipments: source("shipments.csv"),
            unplanned: source("unplanned.csv"),
            transfers: source("transfers.csv"),
        }
    }
}

/// Reads the plan in `schedule_csv` for `instance`, with `shipments.csv` and `unplanned.csv` from the
/// same folder when they exist (see [`parse_plan`]).
///
/// # Errors
/// Every problem of every file, with file, line and column; `MISSING_FILE` when `schedule_csv`
/// does not exist.
pub fn read_plan(instance: &Instance, schedule_csv: &Path) -> Result<PlanFiles, InputErrors> {
    let folder = schedule_csv.parent().unwrap_or(Path::new("."));
    let mut errors = Vec::new();
    let mut read = |path: &Path, required: bool| {
        if !required && !path.is_file() {
            return None;
        }
        Source::from_path(path).map_err(|e| errors.push(e)).ok()
    };
    let schedule = read(schedule_csv, true);
    let shipments = read(&folder.join("shipments.csv"), false);
    let unplanned = read(&folder.join("unplanned.csv"), false);
    let transfers = read(&folder.join("transfers.csv"), false);
    let has_shipments = folder.join("shipments.csv").is_file();
    let has_unplanned = folder.join("unplanned.csv").is_file();
    let sources = PlanSources {
        schedule,
        shipments,
        unplanned,
        transfers,
    };
    let parsed = parse_plan(instance, &sources);
    match parsed {
        Ok(mut plan) if errors.is_empty() => {
            plan.has_shipments = has_shipments;
            plan.has_unplanned = has_unplanned;
            Ok(plan)
        }
        Ok(_) => Err(InputErrors(errors)),
        Err(more) => {
            errors.extend(more.0);
            Err(InputErrors(errors))
        }
    }
}

/// Reads a plan held in memory for `instance`. Order, machine and lane ids are resolved against the
/// instance; unknown ids (with the closest known id as hint), step numbers the order does not have
/// and bad times are reported with file, line and column. Feasibility is not judged here (that is
/// the checker's job). A plan without `schedule` has no operations.
///
/// # Errors
/// Every problem of every file; no row is left out silently.
pub fn parse_plan(instance: &Instance, sources: &PlanSources) -> Result<PlanFiles, InputErrors> {
    let mut errors = Vec::new();
    let ids = PlanIds::new(instance);
    let mut schedule = Schedule::default();
    let mut lines = PlanLines::default();
    if let Some(source) = &sources.schedule
        && let Some(table) = Table::from_source(source, &SCHEDULE, &mut errors)
    {
        lines.schedule_file = source.name.clone();
        schedule.ops = read_ops(instance, &ids, &table, &mut lines.ops, &mut errors);
    }
    if let Some(source) = &sources.shipments
        && let Some(table) = Table::from_source(source, &SHIPMENTS, &mut errors)
    {
        lines.shipments_file = source.name.clone();
        schedule.shipments =
            read_shipments(instance, &ids, &table, &mut lines.shipments, &mut errors);
    }
    if let Some(source) = &sources.transfers
        && let Some(table) = Table::from_source(source, &TRANSFERS, &mut errors)
    {
        lines.transfers_file = source.name.clone();
        schedule.transfers =
            read_transfers(instance, &ids, &table, &mut lines.transfers, &mut errors);
    }
    if let Some(source) = &sources.unplanned
        && let Some(table) = Table::from_source(source, &UNPLANNED, &mut errors)
    {
        let mut listed = std::collections::HashMap::new();
        for row in table.rows() {
            let mut cells = row.cells(&mut errors);
            let order = cells.id("order");
            let reason = cells.text("reason").unwrap_or_default().to_string();
            let decision = cells.choice_or("decision", Decision::Unplannable, "plan decision");
            let Some(order) = order.and_then(|o| ids.order(o, &row, &mut errors)) else {
                continue;
            };
            if let Some(first) = listed.insert(order, row.line()) {
                errors.push(row.error(
                    "order",
                    ErrorCode::DuplicateId,
                    format!(
                        "order '{}' is listed again (first at line {first})",
                        instance.order(order).name
                    ),
                    "list each order left out of the plan once, with one reason and one decision",
                ));
                continue;
            }
            if let Some(decision) = decision {
                schedule.unplanned.push(UnplannedOrder {
                    decision,
                    order,
                    reason,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    Ok(PlanFiles {
        schedule,
        has_shipments: sources.shipments.is_some(),
        has_unplanned: sources.unplanned.is_some(),
        lines,
    })
}

fn read_ops(
    instance: &Instance,
    ids: &PlanIds,
    table: &Table,
    lines: &mut BTreeMap<OpId, usize>,
    errors: &mut Vec<InputError>,
) -> Vec<ScheduledOp> {
    let plan_start = instance.plan_start();
    let mut ops = Vec::new();
    for row in table.rows() {
        let mut cells = row.cells(errors);
        let order = cells.id("order");
        let step = cells.integer("step", Range::Positive);
        let machine = cells.id("machine");
        let start = cells.time("start", plan_start);
        let end = cells.time("end", plan_start);
        let mode_name = cells.text("mode");
        let order = order.and_then(|o| ids.order(o, &row, errors));
        let machine = machine.and_then(|m| ids.machine(m, &row, errors));
        let mode = match (machine, mode_name) {
            (Some(m), Some(name)) => {
                let found = instance.machine(m).mode_named(name);
                if found.is_none() {
                    let m = instance.machine(m);
                    let known = std::iter::once(crate::model::NOMINAL_MODE)
                        .chain(m.modes.iter().map(|x| x.name.as_str()));
                    let hint = super::cells::unknown_hint(
                        name,
                        known,
                        "name a mode of the machine from modes.csv, or leave the cell blank for nominal",
                    );
                    errors.push(row.error(
                        "mode",
                        ErrorCode::UnknownMode,
                        format!("machine '{}' has no mode '{name}'", m.name),
                        hint,
                    ));
                }
                found
            }
            _ => Some(crate::model::ModeId::NOMINAL),
        };
        let Some(mode) = mode else {
            continue;
        };
        let (Some(order), Some(step)) = (order, step) else {
            continue;
        };
        let plan = instance.order_plan(order);
        let steps = plan.ops.len() as i64;
        if step > steps {
            errors.push(row.error(
                "step",
                ErrorCode::BadStep,
                format!(
                    "order '{}' has {steps} step(s), so there is no step {step}",
                    instance.order(order).name
                ),
                "number the steps of an order from 1 as in its product's routing",
            ));
            continue;
        }
        let (Some(machine), Some(start), Some(end)) = (machine, start, end) else {
            continue;
        };
        let op = OpId(plan.ops.start + (step - 1) as u32);
        lines.entry(op).or_insert(row.line());
        ops.push(ScheduledOp {
            op,
            machine,
            start,
            end,
            mode,
        });
    }
    ops
}

fn read_transfers(
    instance: &Instance,
    ids: &PlanIds,
    table: &Table,
    lines: &mut BTreeMap<OrderId, usize>,
    errors: &mut Vec<InputError>,
) -> Vec<PlannedTransfer> {
    let plan_start = instance.plan_start();
    let mut transfers = Vec::new();
    for row in table.rows() {
        let mut cells = row.cells(errors);
        let order = cells.text("order");
        let material = cells.id("material");
        let from = cells.id("from");
        let to = cells.id("to");
        let quantity = cells.decimal("quantity", Range::Positive);
        let route = cells.text("route");
        let depart = cells.time("depart", plan_start);
        let arrive = cells.time("arrive", plan_start);
        // Blank: material under way for an order cancelled since.
        let order = match order {
            Some(name) => ids.order(name, &row, errors).map(Some),
            None => Some(None),
        };
        let material = material.and_then(|m| ids.material(m, &row, errors));
        let from = from.and_then(|s| ids.site(s, &row, "from", errors));
        let to = to.and_then(|s| ids.site(s, &row, "to", errors));
        let lanes = ids.route(route.unwrap_or_default(), &row, errors);
        let (
            Some(order),
            Some(material),
            Some(from),
            Some(to),
            Some(quantity),
            Some(lanes),
            Some(depart),
            Some(arrive),
        ) = (order, material, from, to, quantity, lanes, depart, arrive)
        else {
            continue;
        };
        if let Some(order) = order {
            lines.entry(order).or_insert(row.line());
        }
        transfers.push(PlannedTransfer {
            order,
            material,
            from,
            to,
            quantity,
            lanes,
            depart,
            arrive,
        });
    }
    transfers
}

fn read_shipments(
    instance: &Instance,
    ids: &PlanIds,
    table: &Table,
    lines: &mut BTreeMap<OrderId, usize>,
    errors: &mut Vec<InputError>,
) -> Vec<Shipment> {
    let plan_start = instance.plan_start();
    let mut shipments = Vec::new();
    for row in table.rows() {
        let mut cells = row.cells(errors);
        let order = cells.id("order");
        let route = cells.text("route");
        let depart = cells.time("depart", plan_start);
        let arrive = cells.time("arrive", plan_start);
        let order = order.and_then(|o| ids.order(o, &row, errors));
        let lanes = ids.route(route.unwrap_or_default(), &row, errors);
        let (Some(order), Some(lanes), Some(depart), Some(arrive)) = (order, lanes, depart, arrive)
        else {
            continue;
        };
        lines.entry(order).or_insert(row.line());
        shipments.push(Shipment {
            order,
            lanes,
            depart,
            arrive,
        });
    }
    shipments
}
