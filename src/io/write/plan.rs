//! Writes a plan as `schedule.csv`, `shipments.csv` and `unplanned.csv`.

use super::csv_out::{CsvOut, FileTexts, blank_or, decimal, write_files};
use crate::io::time_value::{date_time_at, format_date_time};
use crate::model::{Instance, Minutes};
use crate::solution::{Schedule, ScheduledOp};
use std::io::{Error, ErrorKind};
use std::path::Path;

/// Header of `schedule.csv`.
pub const SCHEDULE_HEADER: [&str; 12] = [
    "order",
    "step",
    "product",
    "machine",
    "site",
    "start",
    "end",
    "start_time",
    "end_time",
    "energy_kwh",
    "energy_cost",
    "materials",
];

/// The column of `schedule.csv` naming each operation's machine mode, written after
/// [`SCHEDULE_HEADER`] when the instance has modes (`modes.csv`); blank or absent means nominal.
pub const MODE_COLUMN: &str = "mode";

/// The column of `shipments.csv` and `unplanned.csv` naming each order's priority class (`high`,
/// `normal`, `low`), written last when some order of the instance is not `normal`. Written for
/// people (filters in a spreadsheet); readers accept it and take the class from `orders.csv`.
pub const PRIORITY_COLUMN: &str = "priority";

/// Header of `shipments.csv`.
pub const SHIPMENTS_HEADER: [&str; 10] = [
    "order",
    "plant",
    "customer",
    "route",
    "depart",
    "arrive",
    "quantity",
    "transport_cost",
    "due",
    "tardiness",
];

/// Writes the plan files of [`plan_files`] into `dir` (created when missing).
///
/// # Errors
/// `InvalidInput` when the schedule names an operation, machine, order or lane the instance does
/// not have; any I/O error creating the folder or writing a file, naming the path.
pub fn write_plan(instance: &Instance, schedule: &Schedule, dir: &Path) -> std::io::Result<()> {
    write_files(dir, &plan_files(instance, schedule)?)
}

/// The plan files as `(file name, CSV text)` pairs: `schedule.csv` (one row per operation, sorted
/// by start then machine), `shipments.csv` and `unplanned.csv` (sorted by order). Reading them back
/// with [`crate::io::parse_plan`] gives the same plan.
///
/// # Errors
/// `InvalidInput` when the schedule names an operation, machine, order or lane the instance does
/// not have.
pub fn plan_files(instance: &Instance, schedule: &Schedule) -> std::io::Result<FileTexts> {
    check_ids(instance, schedule)?;
    let mut files = FileTexts::new();
    write_schedule(instance, schedule, &mut files);
    write_shipments(instance, schedule, &mut files);
    write_transfers(instance, schedule, &mut files);
    let mut unplanned = schedule.unplanned.clone();
    unplanned.sort_by_key(|u| u.order);
    let with_priority = instance.has_priorities();
    let mut header = vec!["order", "reason", "decision"];
    if with_priority {
        header.push(PRIORITY_COLUMN);
    }
    let mut out = CsvOut::new("unplanned.csv", &header);
    for u in &unplanned {
        let order = instance.order(u.order);
        let mut row = vec![order.name.clone(), u.reason.clone(), u.decision.to_string()];
        if with_priority {
            row.push(order.value.priority.to_string());
        }
        out.row(&row);
    }
    out.finish(&mut files);
    Ok(files)
}

fn check_ids(instance: &Instance, schedule: &Schedule) -> std::io::Result<()> {
    let invalid = |what: String| Err(Error::new(ErrorKind::InvalidInput, what));
    for s in &schedule.ops {
        if s.op.index() >= instance.ops().len() || s.machine.index() >= instance.machines().len() {
            return invalid(format!(
                "the schedule places {} on {}, which the instance does not have",
                s.op, s.machine
            ));
        }
        if !instance.machine(s.machine).has_mode(s.mode) {
            return invalid(format!(
                "the schedule runs {} on {} in mode {}, which the machine does not have",
                s.op, s.machine, s.mode.0
            ));
        }
    }
    let orders = instance.orders().len();
    for s in &schedule.shipments {
        if s.order.index() >= orders || s.lanes.iter().any(|l| l.index() >= instance.lanes().len())
        {
            return invalid(format!(
                "a shipment of {} names an unknown order or lane",
                s.order
            ));
        }
    }
    for t in &schedule.transfers {
        let sites = instance.sites().len();
        if t.order.is_some_and(|o| o.index() >= orders)
            || t.material.index() >= instance.materials().len()
            || t.from.index() >= sites
            || t.to.index() >= sites
            || t.lanes.iter().any(|l| l.index() >= instance.lanes().len())
        {
            return invalid(format!(
                "a transfer from {} at {} names an unknown order, material, site or lane",
                t.from, t.depart
            ));
        }
    }
    if let Some(u) = schedule
        .unplanned
        .iter()
        .find(|u| u.order.index() >= orders)
    {
        return invalid(format!(
            "unplanned {} is not an order of the instance",
            u.order
        ));
    }
    Ok(())
}

fn iso(instance: &Instance, t: Minutes) -> String {
    blank_or(date_time_at(instance.plan_start(), t).map(format_date_time))
}

fn write_schedule(instance: &Instance, schedule: &Schedule, files: &mut FileTexts) {
    let mut ops: Vec<ScheduledOp> = schedule.ops.clone();
    ops.sort_by_key(|s| (s.start, s.machine, s.op));
    let with_modes = instance.has_modes();
    let mut header = SCHEDULE_HEADER.to_vec();
    if with_modes {
        header.push(MODE_COLUMN);
    }
    let mut out = CsvOut::new("schedule.csv", &header);
    for s in &ops {
        let op = instance.op(s.op);
        let order = instance.order(op.order);
        let machine = instance.machine(s.machine);
        let materials = if op.step == 0 {
            instance
                .order_demand(op.order)
                .map(|(m, qty)| {
                    format!("{}={}", instance.materials()[m.index()].name, decimal(qty))
                })
                .collect::<Vec<_>>()
                .join(";")
        } else {
            String::new()
        };
        let minutes = (s.end - s.start).max(0) as f64;
        let mut row = vec![
            order.name.clone(),
            (op.step + 1).to_string(),
            instance.product(order.product).name.clone(),
            machine.name.clone(),
            instance.site(machine.site).name.clone(),
            s.start.to_string(),
            s.end.to_string(),
            iso(instance, s.start),
            iso(instance, s.end),
            decimal(machine.mode_power_kw(s.mode) * minutes / 60.0),
            decimal(instance.energy_cost_in(s.machine, s.mode, s.start, s.end)),
            materials,
        ];
        if with_modes {
            row.push(machine.mode_name(s.mode).to_string());
        }
        out.row(&row);
    }
    out.finish(files);
}

/// Header of `transfers.csv`, the transfers of material a plan decides.
pub const TRANSFERS_HEADER: [&str; 9] = [
    "order",
    "material",
    "from",
    "to",
    "quantity",
    "route",
    "depart",
    "arrive",
    "transfer_cost",
];

/// `transfers.csv`, sorted by order, material and departure: written when the instance lets takt
/// plan transfers (header only when the plan needs none) or the plan has some; the order is blank
/// for material under way for an order cancelled since.
fn write_transfers(instance: &Instance, schedule: &Schedule, files: &mut FileTexts) {
    if !instance.plans_transfers() && schedule.transfers.is_empty() {
        return;
    }
    let mut transfers = schedule.transfers.clone();
    transfers.sort_by_key(|t| (t.order, t.material, t.depart));
    let mut out = CsvOut::new("transfers.csv", &TRANSFERS_HEADER);
    let site = |s: crate::model::SiteId| instance.site(s).name.clone();
    for t in &transfers {
        let lanes: Vec<&str> = t
            .lanes
            .iter()
            .map(|l| instance.lanes()[l.index()].name.as_str())
            .collect();
        out.row(&[
            blank_or(t.order.map(|o| instance.order(o).name.clone())),
            instance.materials()[t.material.index()].name.clone(),
            site(t.from),
            site(t.to),
            t.quantity.to_string(),
            lanes.join(">"),
            t.depart.to_string(),
            t.arrive.to_string(),
            decimal(t.cost(instance)),
        ]);
    }
    out.finish(files);
}

fn write_shipments(instance: &Instance, schedule: &Schedule, files: &mut FileTexts) {
    let placed = schedule.by_op(instance);
    let mut shipments = schedule.shipments.clone();
    shipments.sort_by_key(|s| s.order);
    let with_priority = instance.has_priorities();
    let mut header = SHIPMENTS_HEADER.to_vec();
    if with_priority {
        header.push(PRIORITY_COLUMN);
    }
    let mut out = CsvOut::new("shipments.csv", &header);
    for s in &shipments {
        let order = instance.order(s.order);
        let first = placed[instance.order_plan(s.order).first_op().index()];
        let plant = first
            .map(|f| instance.machine(f.machine).site)
            .or_else(|| s.lanes.first().map(|l| instance.lanes()[l.index()].from));
        let lanes: Vec<&str> = s
            .lanes
            .iter()
            .map(|l| instance.lanes()[l.index()].name.as_str())
            .collect();
        let cost_per_unit: f64 = s
            .lanes
            .iter()
            .map(|l| instance.lanes()[l.index()].cost_per_unit)
            .sum();
        let tardiness = order.due.map_or(0, |due| (s.arrive - due).max(0));
        let mut row = vec![
            order.name.clone(),
            blank_or(plant.map(|p| instance.site(p).name.clone())),
            blank_or(order.customer.map(|c| instance.site(c).name.clone())),
            lanes.join(">"),
            s.depart.to_string(),
            s.arrive.to_string(),
            order.quantity.to_string(),
            decimal(cost_per_unit * f64::from(order.quantity)),
            blank_or(order.due),
            tardiness.to_string(),
        ];
        if with_priority {
            row.push(order.value.priority.to_string());
        }
        out.row(&row);
    }
    out.finish(files);
}
