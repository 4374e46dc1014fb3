//! The files of a what-if run: `scenarios.csv` and `scenarios.json` (one row per plan and
//! scenario), `orders.csv` (each order's risk), `summary.json` (every figure) and `whatif.html`
//! (the comparison page); for a shard, `shard.json` (its records, merged by [`super::merge`]).
//!
//! Every file is a function of the records alone (no clock time, no thread count), so a merged
//! run writes the same bytes as the whole run.

use super::html::render_page;
use super::record::Evaluation;
use super::results::{Summary, WhatIfResults};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files a complete run writes (`whatif.html` unless left out).
pub const RESULT_FILES: [&str; 5] = [
    "scenarios.csv",
    "scenarios.json",
    "orders.csv",
    "summary.json",
    "whatif.html",
];

/// The file a shard writes.
pub const SHARD_FILE: &str = "shard.json";

/// Columns of `scenarios.csv`.
pub const SCENARIO_HEADER: [&str; 22] = [
    "plan",
    "scenario",
    "name",
    "keep_objective",
    "keep_late_orders",
    "keep_total_tardiness",
    "keep_weighted_tardiness",
    "keep_energy_cost",
    "keep_moved",
    "keep_unplanned",
    "keep_missed_deadlines",
    "replan_objective",
    "replan_late_orders",
    "replan_total_tardiness",
    "replan_weighted_tardiness",
    "replan_energy_cost",
    "replan_moved",
    "replan_unplanned",
    "replan_stability_penalty",
    "events",
    "event_count",
    "error",
];

/// Columns of `orders.csv`.
pub const ORDER_HEADER: [&str; 14] = [
    "plan",
    "order",
    "due",
    "published_tardiness",
    "keep_scenarios",
    "keep_p_late",
    "keep_mean_tardiness",
    "keep_p95_tardiness",
    "keep_unplanned",
    "replan_scenarios",
    "replan_p_late",
    "replan_mean_tardiness",
    "replan_p95_tardiness",
    "replan_unplanned",
];

fn io_error(path: &Path, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("cannot write {}: {e}", path.display()))
}

fn money(x: f64) -> String {
    format!("{x:.2}")
}

fn evaluation_cells(e: Option<&Evaluation>, replan: bool) -> Vec<String> {
    let Some(e) = e else {
        return vec![String::new(); 8];
    };
    let k = &e.kpis;
    let mut cells = vec![
        money(k.objective),
        k.late_orders.to_string(),
        k.total_tardiness.to_string(),
        money(k.total_weighted_tardiness),
        money(k.energy_cost),
        e.moved.to_string(),
        k.unplanned_orders.to_string(),
    ];
    cells.push(if replan {
        money(e.stability_penalty)
    } else {
        e.missed_deadlines.to_string()
    });
    cells
}

/// Writes `scenarios.csv`.
///
/// # Errors
/// The I/O error, naming the file, when it cannot be written.
pub fn write_scenarios_csv(results: &WhatIfResults, path: &Path) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(|e| io_error(path, e))?;
    w.write_record(SCENARIO_HEADER)
        .map_err(|e| io_error(path, e))?;
    for r in &results.records {
        let mut row = vec![
            results.info.plans[r.plan].name.clone(),
            (r.index + 1).to_string(),
            r.scenario.name.clone(),
        ];
        row.extend(evaluation_cells(r.keep.as_ref(), false));
        row.extend(evaluation_cells(r.replan.as_ref(), true));
        row.push(r.scenario.describe());
        row.push(r.scenario.events.len().to_string());
        row.push(r.error.clone().unwrap_or_default());
        w.write_record(&row).map_err(|e| io_error(path, e))?;
    }
    w.flush().map_err(|e| io_error(path, e))
}

/// Writes `orders.csv` from a summary.
///
/// # Errors
/// The I/O error, naming the file, when it cannot be written.
pub fn write_orders_csv(summary: &Summary, path: &Path) -> std::io::Result<()> {
    let mut w = csv::Writer::from_path(path).map_err(|e| io_error(path, e))?;
    w.write_record(ORDER_HEADER)
        .map_err(|e| io_error(path, e))?;
    let opt = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
    for o in &summary.orders {
        let mut row = vec![
            o.plan.clone(),
            o.order.clone(),
            opt(o.due),
            opt(o.published_tardiness),
        ];
        for stats in [o.keep, o.replan] {
            match stats {
                Some(s) => row.extend([
                    s.scenarios.to_string(),
                    format!("{:.4}", s.p_late),
                    format!("{:.1}", s.mean_tardiness),
                    s.p95_tardiness.to_string(),
                    s.unplanned.to_string(),
                ]),
                None => row.extend(vec![String::new(); 5]),
            }
        }
        w.write_record(&row).map_err(|e| io_error(path, e))?;
    }
    w.flush().map_err(|e| io_error(path, e))
}

/// One row of `scenarios.json`: a record without the per-order changes (those travel in
/// `shard.json`; `orders.csv` sums them up).
#[derive(serde::Serialize)]
struct ScenarioRow<'a> {
    plan: &'a str,
    scenario: usize,
    name: &'a str,
    events: &'a [crate::replan::Event],
    keep: Option<EvaluationRow<'a>>,
    replan: Option<EvaluationRow<'a>>,
    error: &'a Option<String>,
}

#[derive(serde::Serialize)]
struct EvaluationRow<'a> {
    #[serde(flatten)]
    kpis: &'a crate::solution::Kpis,
    moved: usize,
    missed_deadlines: usize,
    stability_penalty: f64,
    orders_changed: usize,
}

fn evaluation_row(e: &Evaluation) -> EvaluationRow<'_> {
    EvaluationRow {
        kpis: &e.kpis,
        moved: e.moved,
        missed_deadlines: e.missed_deadlines,
        stability_penalty: e.stability_penalty,
        orders_changed: e.orders.len(),
    }
}

/// Writes `scenarios.json`: one compact JSON object per line inside an array, per plan and
/// scenario, with the KPIs of each evaluation and the events as objects.
///
/// # Errors
/// The I/O error, naming the file, when it cannot be written.
pub fn write_scenarios_json(results: &WhatIfResults, path: &Path) -> std::io::Result<()> {
    let file = fs::File::create(path).map_err(|e| io_error(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    out.write_all(b"[").map_err(|e| io_error(path, e))?;
    for (i, r) in results.records.iter().enumerate() {
        let row = ScenarioRow {
            plan: &results.info.plans[r.plan].name,
            scenario: r.index + 1,
            name: &r.scenario.name,
            events: &r.scenario.events,
            keep: r.keep.as_ref().map(evaluation_row),
            replan: r.replan.as_ref().map(evaluation_row),
            error: &r.error,
        };
        out.write_all(if i == 0 { b"\n" } else { b",\n" })
            .map_err(|e| io_error(path, e))?;
        serde_json::to_writer(&mut out, &row).map_err(|e| io_error(path, e))?;
    }
    out.write_all(b"\n]\n").map_err(|e| io_error(path, e))?;
    out.flush().map_err(|e| io_error(path, e))
}

fn write_json<T: serde::Serialize>(value: &T, path: &Path) -> std::io::Result<()> {
    let file = fs::File::create(path).map_err(|e| io_error(path, e))?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| io_error(path, e))?;
    out.write_all(b"\n").map_err(|e| io_error(path, e))?;
    out.flush().map_err(|e| io_error(path, e))
}

/// Writes the result files of a whole (or merged) run into `dir` (created when missing): every
/// file of [`RESULT_FILES`], `whatif.html` only when `html`. Returns the summary and the paths
/// written.
///
/// # Errors
/// The first file that cannot be written, named.
pub fn write_results(
    results: &WhatIfResults,
    dir: &Path,
    html: bool,
) -> std::io::Result<(Summary, Vec<PathBuf>)> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let summary = results.summary();
    let mut written = Vec::new();
    let path = dir.join("scenarios.csv");
    write_scenarios_csv(results, &path)?;
    written.push(path);
    let path = dir.join("scenarios.json");
    write_scenarios_json(results, &path)?;
    written.push(path);
    let path = dir.join("orders.csv");
    write_orders_csv(&summary, &path)?;
    written.push(path);
    let path = dir.join("summary.json");
    write_json(&summary, &path)?;
    written.push(path);
    if html {
        let path = dir.join("whatif.html");
        fs::write(&path, render_page(results, &summary)).map_err(|e| io_error(&path, e))?;
        written.push(path);
    }
    Ok((summary, written))
}

/// Writes a shard's records as `shard.json` into `dir` (created when missing).
///
/// # Errors
/// When the file cannot be written.
pub fn write_shard(results: &WhatIfResults, dir: &Path) -> std::io::Result<PathBuf> {
    fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
    let path = dir.join(SHARD_FILE);
    let file = fs::File::create(&path).map_err(|e| io_error(&path, e))?;
    let mut out = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut out, results).map_err(|e| io_error(&path, e))?;
    out.flush().map_err(|e| io_error(&path, e))?;
    Ok(path)
}

/// Reads a shard written by [`write_shard`]: `path` is the `shard.json` or the folder holding it.
///
/// # Errors
/// A message naming the file when it cannot be read or is not a shard.
pub fn read_shard(path: &Path) -> Result<WhatIfResults, String> {
    let file = if path.is_dir() {
        path.join(SHARD_FILE)
    } else {
        path.to_path_buf()
    };
    let text = fs::read_to_string(&file)
        .map_err(|e| format!("cannot read shard {}: {e}", file.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        format!(
            "{} is not a shard written by takt whatif --shard: {e}",
            file.display()
        )
    })
}
