//! The commands behind `takt`.

pub mod args;
mod bench_cmd;
mod bench_replan_cmd;
mod check_cmd;
mod generate_cmd;
mod output;
mod replan_cmd;
mod replan_output;
mod replan_page;
mod solve_cmd;

use args::{Cli, Command};
use std::process::ExitCode;

/// Exit code of a complete, feasible result.
pub const EXIT_OK: u8 = 0;
/// Exit code when a plan violates the rules (check) or no feasible plan was found (solve).
pub const EXIT_INFEASIBLE: u8 = 1;
/// Exit code for bad input or any other error.
pub const EXIT_ERROR: u8 = 2;
/// Exit code of a feasible plan that leaves some orders unplanned.
pub const EXIT_PARTIAL: u8 = 3;

/// Runs one command and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let code = match cli.command {
        Command::Solve(a) => solve_cmd::run(&a)?,
        Command::Check(a) => check_cmd::run(&a)?,
        Command::Generate(a) => generate_cmd::run(&a)?,
        Command::Replan(a) => replan_cmd::run(&a)?,
        Command::BenchReplan(a) => bench_replan_cmd::run(&a)?,
        Command::Bench(a) => bench_cmd::run(&a)?,
    };
    Ok(ExitCode::from(code))
}

/// Loads an instance, turning reader errors into one readable error listing every problem.
fn load(input: &args::InstanceArgs) -> anyhow::Result<takt::model::Instance> {
    takt::io::load_instance(&input.instance, input.format).map_err(|errors| {
        anyhow::anyhow!(
            "cannot read instance {}:\n{errors}",
            input.instance.display()
        )
    })
}
