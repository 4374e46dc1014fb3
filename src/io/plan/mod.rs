//! Reads a plan back: `schedule.csv`, and `shipments.csv` / `unplanned.csv` beside it when present.

use crate::model::ErrorCode;
mod ids;

use super::cells::Range;
use super::error::{InputError, InputErrors};
use super::table::{Schema, Table};
use crate::model::{Instance, LaneId, OpId};
use crate::solution::{Schedule, ScheduledOp, Shipment, UnplannedOrder};
use ids::PlanIds;
use std::path::Path;

/// A plan read from files, and which of the optional files were there.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanFiles {
    /// The plan.
    pub schedule: Schedule,
    /// True when `shipments.csv` was found beside `schedule.csv`.
    pub has_shipments: bool,
    /// True when `unplanned.csv` was found beside `schedule.csv`.
    pub has_unplanned: bool,
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
    ],
};
const UNPLANNED: Schema = Schema {
    required: &["order"],
    optional: &["reason"],
};

/// Reads the plan in `schedule_csv` for `instance`, with `shipments.csv` and `unplanned.csv` from the
/// same folder when they exist. Order, machine and lane ids are resolved against the instance; unknown
/// ids, step numbers the order does not have and bad times are reported with file, line and column.
/// Feasibility is not judged here (that is the checker's job).
pub fn read_plan(instance: &Instance, schedule_csv: &Path) -> Result<PlanFiles, InputErrors> {
    let mut errors = Vec::new();
    let ids = PlanIds::new(instance);
    let mut schedule = Schedule::default();
    if let Some(table) = Table::read(schedule_csv, &SCHEDULE, &mut errors) {
        schedule.ops = read_ops(instance, &ids, &table, &mut errors);
    }
    let folder = schedule_csv.parent().unwrap_or(Path::new("."));
    let shipments_csv = folder.join("shipments.csv");
    let has_shipments = shipments_csv.is_file();
    if has_shipments && let Some(table) = Table::read(&shipments_csv, &SHIPMENTS, &mut errors) {
        schedule.shipments = read_shipments(instance, &ids, &table, &mut errors);
    }
    let unplanned_csv = folder.join("unplanned.csv");
    let has_unplanned = unplanned_csv.is_file();
    if has_unplanned && let Some(table) = Table::read(&unplanned_csv, &UNPLANNED, &mut errors) {
        for row in table.rows() {
            let mut cells = row.cells(&mut errors);
            let order = cells.id("order");
            let reason = cells.text("reason").unwrap_or_default().to_string();
            if let Some(order) = order.and_then(|o| ids.order(o, &row, &mut errors)) {
                schedule.unplanned.push(UnplannedOrder { order, reason });
            }
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    Ok(PlanFiles {
        schedule,
        has_shipments,
        has_unplanned,
    })
}

fn read_ops(
    instance: &Instance,
    ids: &PlanIds,
    table: &Table,
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
        let order = order.and_then(|o| ids.order(o, &row, errors));
        let machine = machine.and_then(|m| ids.machine(m, &row, errors));
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
        ops.push(ScheduledOp {
            op: OpId(plan.ops.start + (step - 1) as u32),
            machine,
            start,
            end,
        });
    }
    ops
}

fn read_shipments(
    instance: &Instance,
    ids: &PlanIds,
    table: &Table,
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
        let lanes: Option<Vec<LaneId>> = route
            .map(|r| r.split('>').map(str::trim).collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|lane| ids.lane(lane, &row, errors))
            .collect();
        let (Some(order), Some(lanes), Some(depart), Some(arrive)) = (order, lanes, depart, arrive)
        else {
            continue;
        };
        shipments.push(Shipment {
            order,
            lanes,
            depart,
            arrive,
        });
    }
    shipments
}
