//! `takt solve`: plan an instance, check the plan, write it and report its KPIs.

use super::args::SolveArgs;
use super::output::{no_plan_json, print_no_plan, print_solve_table, solve_json};
use super::{EXIT_ERROR, EXIT_OK, EXIT_PARTIAL, load};
use anyhow::Context;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;
use takt::engine::{SolveError, SolveStatus, solve};

/// Runs `takt solve` and returns the exit code.
pub fn run(a: &SolveArgs) -> anyhow::Result<u8> {
    let instance = match load(&a.input) {
        Ok(instance) => instance,
        Err(err) if a.json => {
            println!(
                "{}",
                serde_json::json!({"status": "input_error", "error": format!("{err:#}")})
            );
            eprintln!("error: {err:#}");
            return Ok(EXIT_ERROR);
        }
        Err(err) => return Err(err),
    };
    let options = a.engine.options(!a.json && std::io::stderr().is_terminal());
    let outcome = match solve(&instance, a.engine.solver, &options) {
        Ok(outcome) => outcome,
        Err(SolveError::NoPlan {
            solver,
            status,
            explanation,
            notes,
            elapsed,
        }) => {
            let summary = no_plan_json(
                &instance,
                solver,
                status.as_str(),
                &explanation,
                &notes,
                elapsed,
            );
            if a.json {
                println!("{summary}");
            } else {
                print_no_plan(&instance, solver, status.as_str(), &explanation, &notes);
            }
            return Ok(super::EXIT_INFEASIBLE);
        }
        Err(SolveError::Refused { solver, message }) if a.json => {
            let summary = no_plan_json(
                &instance,
                solver,
                "refused",
                std::slice::from_ref(&message),
                &[],
                Duration::ZERO,
            );
            println!("{summary}");
            eprintln!("error: the {solver} solver refused: {message}");
            return Ok(EXIT_ERROR);
        }
        Err(err) => return Err(err.into()),
    };
    let out_dir = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(instance.name()));
    takt::io::write_plan(&instance, &outcome.schedule, &out_dir)
        .with_context(|| format!("cannot write the plan to {}", out_dir.display()))?;
    let summary = solve_json(&instance, &outcome, &out_dir);
    let kpis_path = out_dir.join("kpis.json");
    let page_path = out_dir.join("plan.html");
    takt::report::write_html(
        &instance,
        &outcome.schedule,
        &outcome.kpis,
        None,
        &page_path,
    )?;
    std::fs::write(&kpis_path, serde_json::to_string_pretty(&summary)? + "\n")
        .with_context(|| format!("cannot write {}", kpis_path.display()))?;
    if a.json {
        println!("{summary}");
    } else {
        print_solve_table(&instance, &outcome, &out_dir);
    }
    Ok(match outcome.status {
        SolveStatus::Optimal | SolveStatus::Feasible => EXIT_OK,
        SolveStatus::Partial => EXIT_PARTIAL,
        SolveStatus::NoSolutionWithinLimit | SolveStatus::Infeasible => super::EXIT_INFEASIBLE,
    })
}
