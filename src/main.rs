//! The `takt` command-line tool.
#![forbid(unsafe_code)]

mod cli;

use clap::Parser;
use cli::out::{errln, outln};
use std::process::ExitCode;

fn main() -> ExitCode {
    // `--json` promises one JSON object on stdout for every outcome, argument errors included.
    let json = std::env::args_os().any(|a| a == "--json");
    let args = match cli::args::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => {
            let code = err.exit_code();
            if json && err.use_stderr() {
                outln!(
                    "{}",
                    serde_json::json!({"status": "input_error", "error": err.to_string().trim()})
                );
            }
            // Help and version go to stdout, argument errors to stderr, as clap prints them.
            let _ = err.print();
            return ExitCode::from(u8::try_from(code).unwrap_or(cli::EXIT_ERROR));
        }
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            if json {
                let status = if err.is::<cli::InputFailure>() {
                    "input_error"
                } else {
                    "error"
                };
                outln!(
                    "{}",
                    serde_json::json!({"status": status, "error": format!("{err:#}")})
                );
            }
            errln!("error: {err:#}");
            ExitCode::from(cli::EXIT_ERROR)
        }
    }
}
