//! Brandimarte flexible job shop files (`.fjs`): `jobs machines [avg]`, then one line per job.

use super::jsp::check_job_lines;
use super::shop::{Job, build_shop};
use super::tokens::{MAX_MACHINES, NumberFile};
use crate::io::error::InputErrors;
use crate::io::source::Source;
use crate::model::ErrorCode;
use crate::model::{Instance, MachineId};
use std::path::Path;

/// Reads a flexible job shop file as in `instances/benchmarks/fjsp/`: a first line
/// `jobs machines [avg]`, then one line per job: the number of operations, then per operation `k` and `k` pairs `machine time`
/// with machines numbered from 1.
///
/// The model has one site `shop`, machines `M1..M{m}`, and per job `J1..J{n}` one product and one
/// order (quantity 1, released at 0, no due date); the objective is the makespan.
///
/// # Errors
/// Every problem with file and line: bad or missing numbers, machines beyond the header's count,
/// times beyond 10^10 minutes, job lines missing or extra, and instances whose total work would
/// end beyond the time range (`OUT_OF_RANGE`).
pub fn read_fjs(path: &Path) -> Result<Instance, InputErrors> {
    parse_fjs(&Source::from_path(path)?)
}

/// Reads a flexible job shop file held in memory (see [`read_fjs`]); the instance is named
/// after the source's file stem.
///
/// # Errors
/// Every problem, with the source's name and line.
pub fn parse_fjs(source: &Source) -> Result<Instance, InputErrors> {
    let path = source.name.as_path();
    let mut file = NumberFile::from_source(
        source,
        "a line 'jobs machines [average machines per operation]'",
    )?;
    let jobs = file.number(0, 0, "the number of jobs", 1);
    let machines = file.number(0, 1, "the number of machines", 1);
    if let Some(avg) = file.lines[0].tokens.get(2).cloned()
        && avg.parse::<f64>().is_err()
    {
        let line = file.lines[0].line;
        file.error(
            line,
            ErrorCode::NotANumber,
            format!("token 3 ('{avg}', the average machines per operation) is not a number"),
            "write a number or leave the token out",
        );
    }
    file.no_more_tokens(0, 3);
    let machines = machines.and_then(|m| file.at_most(0, 2, m, MAX_MACHINES, "machines"));
    let (Some(n), Some(m)) = (jobs, machines) else {
        return Err(InputErrors(file.errors));
    };
    let job_lines = check_job_lines(&mut file, n);
    let mut parsed = Vec::new();
    for k in 1..=job_lines {
        if let Some((steps, used)) = read_job(&mut file, k, m) {
            file.no_more_tokens(k, used);
            parsed.push(Job {
                line: file.lines[k].line,
                steps,
            });
        }
    }
    if !file.errors.is_empty() {
        return Err(InputErrors(file.errors));
    }
    let names = (1..=m).map(|i| format!("M{i}"));
    build_shop(path, names, parsed, 1)
}

type Steps = Vec<Vec<(MachineId, i64)>>;

/// Reads job line `k`; returns its steps and how many tokens they used, or `None` after an error.
fn read_job(file: &mut NumberFile, k: usize, machines: i64) -> Option<(Steps, usize)> {
    let mut at = 0;
    let ops = take(file, k, &mut at, "the number of operations", 1)?;
    let mut steps = Vec::new();
    for op in 1..=ops {
        let count = take(
            file,
            k,
            &mut at,
            &format!("the machine count of operation {op}"),
            1,
        )?;
        let mut options = Vec::new();
        for _ in 0..count {
            let machine = take(file, k, &mut at, &format!("a machine of operation {op}"), 1)?;
            if machine > machines {
                let line = file.lines[k].line;
                file.error(
                    line,
                    ErrorCode::MachineOutOfRange,
                    format!(
                        "token {at} names machine {machine} for operation {op}, but the header \
                         declares {machines} machines (1..{machines})"
                    ),
                    "machines are numbered from 1 in .fjs files",
                );
                return None;
            }
            let time = file.minutes(k, at, &format!("a time of operation {op}"));
            at += 1;
            let time = time?;
            options.push((MachineId::from_index(machine as usize - 1), time));
        }
        steps.push(options);
    }
    Some((steps, at))
}

/// The next number on job line `k`, advancing `at`.
fn take(file: &mut NumberFile, k: usize, at: &mut usize, what: &str, min: i64) -> Option<i64> {
    let value = file.number(k, *at, what, min);
    *at += 1;
    value
}
