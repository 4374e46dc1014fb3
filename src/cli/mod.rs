//! The commands behind `takt`: argument parsing and printing; everything else is the library's.

pub mod args;
mod bench_cmd;
mod bench_replan_cmd;
mod bench_replan_report;
mod bench_replan_value;
mod check_cmd;
mod event_failure;
mod generate_cmd;
pub mod out;
mod output;
mod progress;
mod replan_cmd;
mod replan_output;
mod solve_cmd;
mod time;
mod whatif_cmd;

use args::{Cli, Command};
use std::process::ExitCode;
use takt::io::{Format, ReadPaths};

/// Exit code of a complete, feasible result.
pub const EXIT_OK: u8 = 0;
/// Exit code when a plan violates the rules (check) or no feasible plan was found (solve).
pub const EXIT_INFEASIBLE: u8 = 1;
/// Exit code for bad input or any other error.
pub const EXIT_ERROR: u8 = 2;
/// Exit code of a feasible plan that leaves some orders unplanned.
pub const EXIT_PARTIAL: u8 = 3;

/// A problem with what the user gave (files, arguments, output folder): reported with status
/// `input_error` under `--json`.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputFailure(pub String);

/// Wraps a user-caused error so that `--json` reports it as `input_error`.
pub fn input_failure(err: impl std::fmt::Display) -> anyhow::Error {
    InputFailure(err.to_string()).into()
}

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let code = match cli.command {
        Command::Solve(a) => solve_cmd::run(&a)?,
        Command::Check(a) => check_cmd::run(&a)?,
        Command::Generate(a) => generate_cmd::run(&a)?,
        Command::Replan(a) => replan_cmd::run(&a)?,
        Command::BenchReplan(a) => bench_replan_cmd::run(&a)?,
        Command::Bench(a) => bench_cmd::run(&a)?,
        Command::Whatif(a) => whatif_cmd::run(&a)?,
        Command::WhatifMerge(a) => whatif_cmd::run_merge(&a)?,
    };
    Ok(ExitCode::from(code))
}

/// Loads an instance; reader errors become one input failure listing every problem.
fn load(input: &args::InstanceArgs) -> anyhow::Result<takt::model::Instance> {
    takt::io::load_instance(&input.instance, input.format).map_err(|errors| {
        input_failure(format!(
            "cannot read instance {}:\n{errors}",
            input.instance.display()
        ))
    })
}

/// What reading `input` reads: the folder for a CSV instance, the file for a benchmark file.
fn read_paths_of(input: &args::InstanceArgs) -> ReadPaths {
    let path = input.instance.clone();
    match input.format.unwrap_or_else(|| Format::detect(&path)) {
        Format::Csv => ReadPaths {
            folders: vec![path],
            ..ReadPaths::default()
        },
        Format::Jsp | Format::Fjs => ReadPaths {
            files: vec![path],
            ..ReadPaths::default()
        },
    }
}
