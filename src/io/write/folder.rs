//! Writes an instance as an instance folder that reads back to an equal instance.

use super::csv_out::{CsvOut, FileTexts, blank_or, write_files};
use crate::io::time_value::format_date_time;
use crate::model::{Instance, LaneEffect, Minutes};
use std::collections::BTreeSet;
use std::io::{Error, ErrorKind};
use std::path::Path;

/// Writes `instance` to the folder `dir` (created when missing): the files of [`instance_files`].
///
/// Reading the folder back with [`crate::io::read_instance_folder`] gives an equal instance (its
/// name is the folder's name) when materials are numbered in the order products first use them, which
/// holds for every instance read from a folder.
///
/// # Errors
/// `InvalidInput` for instances the format cannot hold (see [`instance_files`]); any I/O error
/// creating the folder or writing a file, naming the path.
pub fn write_instance_folder(instance: &Instance, dir: &Path) -> std::io::Result<()> {
    write_files(dir, &instance_files(instance)?)
}

/// The instance folder of `instance` as `(file name, CSV text)` pairs: one CSV per entity, all
/// eleven files (header only when there is nothing to list), `transfers.csv` when material moves
/// between sites, `adjustments.csv` when stock was corrected, `lane_windows.csv` when a lane is closed or
/// slower for a time, and `overruns.csv` when an order reports overruns (after re-planning events),
/// times as whole minutes; a transfer is written with its route and arrival. Reading them
/// back with [`crate::io::read_instance_files`] gives an equal instance.
///
/// # Errors
/// `InvalidInput` for instances the format cannot hold: a product without routing steps, or a
/// material no product uses.
pub fn instance_files(instance: &Instance) -> std::io::Result<FileTexts> {
    check_representable(instance)?;
    let mut files = FileTexts::new();
    write_objective(instance, &mut files);
    write_sites_and_machines(instance, &mut files);
    write_routings(instance, &mut files);
    write_materials(instance, &mut files);
    write_orders_and_lanes(instance, &mut files);
    write_prices(instance, &mut files);
    Ok(files)
}

fn check_representable(instance: &Instance) -> std::io::Result<()> {
    if let Some(p) = instance.products().iter().find(|p| p.steps.is_empty()) {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "product '{}' has no routing steps; routings.csv cannot define it",
                p.name
            ),
        ));
    }
    let used: BTreeSet<_> = instance
        .products()
        .iter()
        .flat_map(|p| p.bom.iter().map(|l| l.material))
        .collect();
    if let Some((_, m)) = instance
        .materials()
        .iter()
        .enumerate()
        .find(|(i, _)| !used.contains(&crate::model::MaterialId::from_index(*i)))
    {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!(
                "material '{}' is used by no product; bom.csv cannot define it",
                m.name
            ),
        ));
    }
    Ok(())
}

fn write_objective(instance: &Instance, files: &mut FileTexts) {
    let w = instance.weights();
    let mut out = CsvOut::new("objective.csv", &["key", "value"]);
    for (key, value) in [
        ("tardiness_weight", w.tardiness),
        ("energy_weight", w.energy),
        ("transport_weight", w.transport),
        ("makespan_weight", w.makespan),
    ] {
        out.row(&[key.to_string(), value.to_string()]);
    }
    if let Some(start) = instance.plan_start() {
        out.row(&["plan_start".to_string(), format_date_time(start)]);
    }
    for row in super::order_value::objective_rows(instance) {
        out.row(&row);
    }
    if instance.plans_transfers() {
        out.row(&["plan_transfers".to_string(), "yes".to_string()]);
    }
    out.finish(files);
}

fn write_sites_and_machines(instance: &Instance, files: &mut FileTexts) {
    let demand = !instance.demand_charges().is_empty();
    let columns: &[&str] = if demand {
        &[
            "id",
            "power_cap_kw",
            "demand_charge",
            "billing_period_minutes",
        ]
    } else {
        &["id", "power_cap_kw"]
    };
    let mut sites = CsvOut::new("sites.csv", columns);
    for (k, s) in instance.sites().iter().enumerate() {
        let mut row = vec![s.name.clone(), blank_or(s.power_cap_kw)];
        if demand {
            let charge = instance.demand_charge(crate::model::SiteId::from_index(k));
            row.push(blank_or(charge.map(|c| c.per_kw)));
            row.push(blank_or(charge.map(|c| c.billing_period)));
        }
        sites.row(&row);
    }
    sites.finish(files);
    let site = |id: crate::model::SiteId| instance.site(id).name.clone();
    let mut machines = CsvOut::new("machines.csv", &["id", "site", "power_kw"]);
    let mut downtime = CsvOut::new("downtime.csv", &["machine", "start", "end"]);
    for m in instance.machines() {
        machines.row(&[m.name.clone(), site(m.site), m.power_kw.to_string()]);
        for w in &m.downtime {
            downtime.row(&[m.name.clone(), w.start.to_string(), w.end.to_string()]);
        }
    }
    machines.finish(files);
    downtime.finish(files);
    if instance.has_modes() {
        let header = ["machine", "mode", "speed_factor", "power_kw", "change_cost"];
        let mut modes = CsvOut::new("modes.csv", &header);
        for m in instance.machines() {
            for x in &m.modes {
                modes.row(&[
                    m.name.clone(),
                    x.name.clone(),
                    x.speed_factor.to_string(),
                    x.power_kw.to_string(),
                    x.change_cost.to_string(),
                ]);
            }
        }
        modes.finish(files);
    }
}

fn write_routings(instance: &Instance, files: &mut FileTexts) {
    let header = [
        "product",
        "step",
        "machine",
        "setup",
        "run_per_unit",
        "min_lag",
    ];
    let mut out = CsvOut::new("routings.csv", &header);
    for p in instance.products() {
        for (k, step) in p.steps.iter().enumerate() {
            let lag = if k == 0 {
                String::new()
            } else {
                step.min_lag.to_string()
            };
            for o in &step.options {
                out.row(&[
                    p.name.clone(),
                    (k + 1).to_string(),
                    instance.machine(o.machine).name.clone(),
                    o.setup.to_string(),
                    o.run_per_unit.to_string(),
                    lag.clone(),
                ]);
            }
        }
    }
    out.finish(files);
}

fn write_materials(instance: &Instance, files: &mut FileTexts) {
    let material = |id: crate::model::MaterialId| instance.materials()[id.index()].name.clone();
    let site = |id: crate::model::SiteId| instance.site(id).name.clone();
    let header = ["product", "material", "qty_per_unit"];
    let mut bom = CsvOut::new("bom.csv", &header);
    for p in instance.products() {
        for line in &p.bom {
            bom.row(&[
                p.name.clone(),
                material(line.material),
                line.qty_per_unit.to_string(),
            ]);
        }
    }
    bom.finish(files);
    let mut stock = CsvOut::new("stock.csv", &["site", "material", "quantity"]);
    for s in instance.stock() {
        stock.row(&[site(s.site), material(s.material), s.quantity.to_string()]);
    }
    stock.finish(files);
    let header = ["id", "material", "site", "quantity", "eta"];
    let mut deliveries = CsvOut::new("deliveries.csv", &header);
    for d in instance.deliveries() {
        deliveries.row(&[
            d.name.clone(),
            material(d.material),
            site(d.site),
            d.quantity.to_string(),
            d.eta.to_string(),
        ]);
    }
    deliveries.finish(files);
    if !instance.adjustments().is_empty() {
        let mut out = CsvOut::new("adjustments.csv", &["site", "material", "quantity", "at"]);
        for a in instance.adjustments() {
            out.row(&[
                site(a.site),
                material(a.material),
                a.quantity.to_string(),
                a.at.to_string(),
            ]);
        }
        out.finish(files);
    }
    if instance.transfers().is_empty() {
        return;
    }
    let header = [
        "id", "material", "from", "to", "quantity", "depart", "route", "arrive",
    ];
    let mut transfers = CsvOut::new("transfers.csv", &header);
    for t in instance.transfers() {
        let route: Vec<&str> = t
            .lanes
            .iter()
            .map(|l| instance.lanes()[l.index()].name.as_str())
            .collect();
        transfers.row(&[
            t.name.clone(),
            material(t.material),
            site(t.from),
            site(t.to),
            t.quantity.to_string(),
            t.depart.to_string(),
            route.join(">"),
            t.arrival().to_string(),
        ]);
    }
    transfers.finish(files);
}

fn write_orders_and_lanes(instance: &Instance, files: &mut FileTexts) {
    let site = |id: Option<crate::model::SiteId>| id.map(|s| instance.site(s).name.clone());
    let mut header = vec![
        "id", "product", "quantity", "customer", "release", "due", "weight", "deadline", "plant",
    ];
    let values = super::order_value::has_values(instance);
    if values {
        header.extend(super::order_value::VALUE_HEADER);
    }
    let mut orders = CsvOut::new("orders.csv", &header);
    for o in instance.orders() {
        let mut cells = vec![
            o.name.clone(),
            instance.product(o.product).name.clone(),
            o.quantity.to_string(),
            blank_or(site(o.customer)),
            o.release.to_string(),
            blank_or(o.due),
            o.weight.to_string(),
            blank_or(o.deadline),
            blank_or(site(o.plant)),
        ];
        if values {
            cells.extend(super::order_value::value_cells(o));
        }
        orders.row(&cells);
    }
    orders.finish(files);
    // Overruns only exist after re-planning events; the file is written only then.
    if instance.orders().iter().any(|o| !o.overruns.is_empty()) {
        let mut out = CsvOut::new("overruns.csv", &["order", "step", "extra"]);
        for o in instance.orders() {
            for &(step, extra) in &o.overruns {
                out.row(&[
                    o.name.clone(),
                    (i64::from(step) + 1).to_string(),
                    extra.to_string(),
                ]);
            }
        }
        out.finish(files);
    }
    let header = ["id", "from", "to", "transit", "cost_per_unit", "capacity"];
    let mut lanes = CsvOut::new("lanes.csv", &header);
    for l in instance.lanes() {
        lanes.row(&[
            l.name.clone(),
            blank_or(site(Some(l.from))),
            blank_or(site(Some(l.to))),
            l.transit.to_string(),
            l.cost_per_unit.to_string(),
            blank_or(l.capacity),
        ]);
    }
    lanes.finish(files);
    if !instance.lane_windows().is_empty() {
        let mut out = CsvOut::new("lane_windows.csv", &["lane", "start", "end", "extra"]);
        for w in instance.lane_windows() {
            let extra = match w.effect {
                LaneEffect::Closed => String::new(),
                LaneEffect::Slower { extra } => extra.to_string(),
            };
            out.row(&[
                instance.lanes()[w.lane.index()].name.clone(),
                w.window.start.to_string(),
                w.window.end.to_string(),
                extra,
            ]);
        }
        out.finish(files);
    }
}

fn write_prices(instance: &Instance, files: &mut FileTexts) {
    let header = ["site", "start", "end", "price_per_kwh"];
    let mut out = CsvOut::new("energy_prices.csv", &header);
    for p in instance.prices() {
        let end = Some(p.window.end).filter(|&e| e != Minutes::MAX);
        out.row(&[
            instance.site(p.site).name.clone(),
            p.window.start.to_string(),
            blank_or(end),
            p.price_per_kwh.to_string(),
        ]);
    }
    out.finish(files);
}
