//! `takt solve`: plan an instance, check the plan, publish it and report its KPIs.

use super::args::SolveArgs;
use super::output::{print_json, print_solve_table};
use super::progress::Bar;
use super::{load, read_paths_of};
use std::path::PathBuf;
use takt::io::{check_output_folder, publish};

/// Runs `takt solve` and returns the exit code.
pub fn run(a: &SolveArgs) -> anyhow::Result<u8> {
    let instance = load(&a.input)?;
    let out_dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(instance.name()));
    check_output_folder(&out_dir, &read_paths_of(&a.input), false).map_err(super::input_failure)?;
    let (budget, bar) = Bar::attach(a.engine.budget(), !a.json);
    let outcome = takt::solve(&instance, &a.engine.solve_options(), &budget);
    bar.finish();
    let mut outcome = outcome?;
    let written = if outcome.has_plan() {
        publish(&mut outcome, &out_dir)?;
        Some(out_dir.as_path())
    } else {
        None
    };
    if a.json {
        print_json(&outcome)?;
    } else {
        print_solve_table(&outcome, written);
    }
    Ok(outcome.exit_code())
}
