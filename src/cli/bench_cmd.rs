//! `takt bench`: solve a set of benchmark instances, check every plan, compare with best known values.

use super::args::BenchArgs;
use super::out::{errln, outln};
use super::{EXIT_INFEASIBLE, EXIT_OK};
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use takt::io::{Format, load_instance};

/// One solved instance.
struct Row {
    name: String,
    objective: f64,
    bound: f64,
    best_known: Option<f64>,
    seconds: f64,
    status: &'static str,
}

impl Row {
    fn gap(&self) -> Option<f64> {
        self.best_known
            .filter(|b| *b > 0.0)
            .map(|b| 100.0 * (self.objective - b) / b)
    }
}

/// Runs `takt bench` and returns the exit code (non-zero when a plan fails the checker).
pub fn run(a: &BenchArgs) -> anyhow::Result<u8> {
    let files = instance_paths(&a.inputs, a.format)?;
    if files.is_empty() {
        bail!("no instances found in {:?}", a.inputs);
    }
    let bks_path = a.bks.clone().or_else(|| default_bks(&a.inputs));
    let bks = match &bks_path {
        Some(p) => read_bks(p)?,
        None => BTreeMap::new(),
    };
    let budget = a.engine.budget();
    let options = a.engine.solve_options();
    let mut rows = Vec::new();
    let mut failed = false;
    for path in &files {
        let instance = load_instance(path, Some(a.format))
            .map_err(|e| anyhow::anyhow!("cannot read {}:\n{e}", path.display()))?;
        let name = instance.name().to_string();
        let row = match takt::solve(&instance, &options, &budget) {
            Ok(outcome) if outcome.has_plan() => Row {
                best_known: bks.get(&name).copied(),
                objective: outcome.objective().unwrap_or(f64::NAN),
                bound: outcome.lower_bound.unwrap_or(f64::NAN),
                seconds: outcome.elapsed_seconds,
                status: outcome.status.as_str(),
                name,
            },
            Ok(outcome) => {
                failed = true;
                errln!("{name}: no plan ({})", outcome.status);
                continue;
            }
            Err(e) => {
                failed = true;
                errln!("{name}: {e}");
                continue;
            }
        };
        if !a.csv {
            errln!(
                "{:<10} {:>10.1} {:>8.2}s",
                row.name,
                row.objective,
                row.seconds
            );
        }
        rows.push(row);
    }
    if a.csv {
        print_csv(&rows);
    } else {
        print_table(&rows, a);
    }
    Ok(if failed { EXIT_INFEASIBLE } else { EXIT_OK })
}

fn print_table(rows: &[Row], a: &BenchArgs) {
    outln!(
        "takt bench: {} instance(s), solver {}, time limit {} s, {} thread(s), seed {}",
        rows.len(),
        a.engine.solver.name(),
        a.engine.time_limit,
        a.engine.threads,
        a.engine.seed
    );
    outln!(
        "{:<10} {:>12} {:>12} {:>8} {:>12} {:>9}  status",
        "instance",
        "objective",
        "best known",
        "gap %",
        "lower bound",
        "time s"
    );
    for r in rows {
        outln!(
            "{:<10} {:>12.1} {:>12} {:>8} {:>12.1} {:>9.2}  {}",
            r.name,
            r.objective,
            r.best_known.map_or("-".into(), |b| format!("{b:.1}")),
            r.gap().map_or("-".into(), |g| format!("{g:.2}")),
            r.bound,
            r.seconds,
            r.status
        );
    }
    let gaps: Vec<f64> = rows.iter().filter_map(Row::gap).collect();
    if !gaps.is_empty() {
        let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
        let at_best = gaps.iter().filter(|g| g.abs() < 1e-9).count();
        outln!(
            "mean gap {mean:.3}% over {} instance(s); {at_best} at the best known value",
            gaps.len()
        );
    }
}

fn print_csv(rows: &[Row]) {
    outln!("instance,objective,best_known,gap_percent,lower_bound,seconds,status");
    for r in rows {
        outln!(
            "{},{},{},{},{},{:.3},{}",
            r.name,
            r.objective,
            r.best_known.map_or(String::new(), |b| b.to_string()),
            r.gap().map_or(String::new(), |g| format!("{g:.4}")),
            r.bound,
            r.seconds,
            r.status
        );
    }
}

/// The instance files or folders named by `inputs` (folders are listed, sorted by name).
fn instance_paths(inputs: &[PathBuf], format: Format) -> anyhow::Result<Vec<PathBuf>> {
    let mut paths = Vec::new();
    for input in inputs {
        let is_instance_folder = format == Format::Csv && input.join("orders.csv").exists();
        if input.is_dir() && !is_instance_folder {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .with_context(|| format!("cannot list {}", input.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| is_instance(p, format))
                .collect();
            found.sort();
            paths.extend(found);
        } else {
            paths.push(input.clone());
        }
    }
    Ok(paths)
}

fn is_instance(path: &Path, format: Format) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    match format {
        Format::Csv => path.is_dir() && path.join("orders.csv").exists(),
        Format::Fjs => path.is_file() && name.ends_with(".fjs"),
        Format::Jsp => {
            path.is_file() && !name.starts_with('.') && !name.contains('.') // jsp files have no extension
        }
    }
}

/// `bks.csv` in the (single) input folder, when there is one.
fn default_bks(inputs: &[PathBuf]) -> Option<PathBuf> {
    let dir = inputs.iter().find(|p| p.is_dir())?;
    let candidate = dir.join("bks.csv");
    candidate.exists().then_some(candidate)
}

/// Best known values by instance name from a CSV with a `name` column and a `bks` or
/// `optimum_or_bks` column.
fn read_bks(path: &Path) -> anyhow::Result<BTreeMap<String, f64>> {
    let mut reader = csv::Reader::from_path(path)
        .with_context(|| format!("cannot read best known values {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim()));
    let (Some(name_col), Some(value_col)) = (col(&["name"]), col(&["bks", "optimum_or_bks"]))
    else {
        bail!(
            "{}: needs a 'name' column and a 'bks' (or 'optimum_or_bks') column",
            path.display()
        );
    };
    let mut values = BTreeMap::new();
    for (k, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: line {}", path.display(), k + 2))?;
        let name = record.get(name_col).unwrap_or("").trim().to_string();
        let value: f64 = record
            .get(value_col)
            .unwrap_or("")
            .trim()
            .parse()
            .with_context(|| {
                format!(
                    "{}:{}: best known value is not a number",
                    path.display(),
                    k + 2
                )
            })?;
        values.insert(name, value);
    }
    Ok(values)
}
