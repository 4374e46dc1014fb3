//! Classic job shop files: `n m`, then one line per job of `machine time` pairs (machines 0-based).

use super::shop::{Job, build_shop};
use super::tokens::{MAX_MACHINES, NumberFile};
use crate::io::error::InputErrors;
use crate::io::source::Source;
use crate::model::ErrorCode;
use crate::model::{Instance, MachineId};
use std::path::Path;

/// Reads a classic job shop file as in `instances/benchmarks/jsp/`: `#` comment lines, then `n m`,
/// then `n` lines of `m` pairs `machine time` with machines numbered from 0.
///
/// The model has one site `shop`, machines `M0..M{m-1}`, and per job `J0..J{n-1}` one product and
/// one order (quantity 1, released at 0, no due date); the objective is the makespan.
///
/// # Errors
/// Every problem with file and line: bad or missing numbers, machines beyond the header's count,
/// times beyond 10^10 minutes, job lines missing or extra, and instances whose total work would
/// end beyond the time range (`OUT_OF_RANGE`).
pub fn read_jsp(path: &Path) -> Result<Instance, InputErrors> {
    parse_jsp(&Source::from_path(path)?)
}

/// Reads a classic job shop file held in memory (see [`read_jsp`]); the instance is named
/// after the source's file stem.
///
/// # Errors
/// Every problem, with the source's name and line.
pub fn parse_jsp(source: &Source) -> Result<Instance, InputErrors> {
    let path = source.name.as_path();
    let mut file = NumberFile::from_source(source, "a line 'jobs machines'")?;
    let jobs = file.number(0, 0, "the number of jobs", 1);
    let machines = file.number(0, 1, "the number of machines", 1);
    file.no_more_tokens(0, 2);
    let machines = machines.and_then(|m| file.at_most(0, 2, m, MAX_MACHINES, "machines"));
    let (Some(n), Some(m)) = (jobs, machines) else {
        return Err(InputErrors(file.errors));
    };
    let job_lines = check_job_lines(&mut file, n);
    let mut parsed = Vec::new();
    for k in 1..=job_lines {
        let mut steps = Vec::new();
        for op in 0..m as usize {
            let what = |x: &str| format!("the {x} of operation {}", op + 1);
            let Some(machine) = file.number(k, 2 * op, &what("machine"), 0) else {
                break;
            };
            let Some(time) = file.minutes(k, 2 * op + 1, &what("time")) else {
                break;
            };
            if machine >= m {
                let line = file.lines[k].line;
                file.error(
                    line,
                    ErrorCode::MachineOutOfRange,
                    format!(
                        "token {} names machine {machine}, but the header declares {m} machines (0..{})",
                        2 * op + 1,
                        m - 1
                    ),
                    "machines are numbered from 0 in job shop files",
                );
                continue;
            }
            steps.push(vec![(MachineId::from_index(machine as usize), time)]);
        }
        file.no_more_tokens(k, 2 * m as usize); // m <= MAX_MACHINES
        parsed.push(Job {
            line: file.lines[k].line,
            steps,
        });
    }
    if !file.errors.is_empty() {
        return Err(InputErrors(file.errors));
    }
    let names = (0..m).map(|i| format!("M{i}"));
    build_shop(path, names, parsed, 0)
}

/// The number of job lines to read; too few or too many lines for `jobs` are reported.
pub(super) fn check_job_lines(file: &mut NumberFile, jobs: i64) -> usize {
    let available = file.lines.len() - 1;
    let jobs = usize::try_from(jobs).unwrap_or(usize::MAX);
    if available < jobs {
        let line = file.lines[file.lines.len() - 1].line;
        file.error(
            line,
            ErrorCode::MissingJobs,
            format!("the header announces {jobs} jobs, but the file has {available} job lines"),
            "add the missing job lines or correct the header",
        );
    } else if available > jobs {
        let line = file.lines[jobs + 1].line;
        file.error(
            line,
            ErrorCode::ExtraLines,
            format!("the header announces {jobs} jobs, but the file has {available} job lines"),
            "remove the extra lines or correct the header",
        );
    }
    available.min(jobs)
}
