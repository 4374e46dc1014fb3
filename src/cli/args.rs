//! Command-line arguments.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use takt::budget::{Budget, MAX_CHAINS, MAX_THREADS};
use takt::engine::{SolveOptions, SolverKind};
use takt::io::Format;

/// takt: production scheduling and supply-chain optimisation.
#[derive(Debug, Parser)]
#[command(name = "takt", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The takt commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Plan an instance and write schedule.csv, shipments.csv, unplanned.csv and kpis.json.
    Solve(SolveArgs),
    /// Check a schedule against an instance and list every violation.
    Check(CheckArgs),
    /// Write a random but realistic plant instance folder.
    Generate(GenerateArgs),
    /// Solve benchmark instances, check every plan and compare with best known values.
    Bench(BenchArgs),
    /// Repair a published plan after events (delays, price changes, breakdowns, rush orders,
    /// cancellations, overruns) and write the new plan, its KPIs and a diff.
    Replan(ReplanArgs),
    /// Measure re-planning on a generated plant: latency from event to checked plan, objective
    /// against a plan made afresh after history, and how much moves.
    BenchReplan(BenchReplanArgs),
    /// Evaluate a published plan (or two candidates) on many scenarios, explicit, as a grid or
    /// sampled from risks: keep the plan and re-plan each, write per-scenario and per-order
    /// results and a comparison page.
    Whatif(WhatIfArgs),
    /// Merge the shards of a `takt whatif --shard i/N` run into the result of the whole run.
    WhatifMerge(WhatIfMergeArgs),
}

/// How to read an instance.
#[derive(Debug, Args)]
pub struct InstanceArgs {
    /// Instance folder (CSV files) or benchmark file.
    pub instance: PathBuf,
    /// Input format; by default a folder is csv, a `.fjs` file fjs and any other file jsp.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
}

/// Arguments of `takt solve`.
#[derive(Debug, Args)]
pub struct SolveArgs {
    #[command(flatten)]
    pub input: InstanceArgs,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Output folder (default: out/<instance name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print exactly one JSON object on stdout instead of the KPI table.
    #[arg(long)]
    pub json: bool,
}

/// Solver choice and budget, shared by `takt solve` and `takt bench` (per instance there).
#[derive(Debug, Args)]
pub struct EngineArgs {
    /// Solver engine.
    #[arg(long, value_enum, default_value_t = SolverKind::Auto)]
    pub solver: SolverKind,
    /// Time limit in seconds, 0 to 10^8, of the whole solve (per instance in `takt bench`).
    #[arg(long, default_value_t = 10.0, value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: f64,
    /// Iteration budget per search chain; with it the plan is exactly reproducible for a seed on
    /// any thread count (a wall-clock limit cuts the search at a machine-dependent point).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Worker threads, 1 to 1024.
    #[arg(long, default_value_t = 2, value_parser = parse_threads)]
    pub threads: usize,
    /// Search chains, 1 to 1024 (default: 2 under `--iterations`, so the plan does not depend on
    /// `--threads`; one per thread under a time limit alone).
    #[arg(long, value_parser = parse_chains)]
    pub chains: Option<usize>,
    /// Random seed; the same input, seed and iteration budget give the same plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Relative MIP gap at which the MILP stops, 0 to 1.
    #[arg(long, default_value_t = 1e-4, value_parser = parse_gap, allow_negative_numbers = true)]
    pub mip_gap: f64,
}

impl EngineArgs {
    /// The budget these arguments ask for.
    pub fn budget(&self) -> Budget {
        budget(self.time_limit, self.iterations, self.threads, self.seed).with_chains(self.chains)
    }

    /// The solver and MIP gap these arguments ask for.
    pub fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            solver: self.solver,
            mip_gap: self.mip_gap,
        }
    }
}

/// A budget from command-line values already checked by their parsers.
pub fn budget(time_limit: f64, iterations: Option<u64>, threads: usize, seed: u64) -> Budget {
    Budget::default()
        .with_time_limit_secs(time_limit)
        .unwrap_or_default()
        .with_iterations(iterations)
        .with_threads(threads)
        .with_seed(seed)
}

/// Arguments of `takt check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InstanceArgs,
    /// The schedule.csv to check; shipments.csv and unplanned.csv beside it are read when present.
    pub schedule: PathBuf,
    /// Events (events.csv) to apply to the instance before checking: the plan is a re-plan made
    /// after them (its operations before --now are the history they are applied against).
    #[arg(long, requires = "now")]
    pub events: Option<PathBuf>,
    /// The re-plan's `now` (minutes or a date-time), with --events.
    #[arg(long, requires = "events", allow_hyphen_values = true)]
    pub now: Option<String>,
    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `takt generate`. Numeric flags accept a leading minus (`--optional-share -0.1`,
/// `--initial-stock -0.5,0.5`), so that their range check, not clap, says what is wrong.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of orders, 0 to 1,000,000.
    #[arg(long, default_value_t = 40, allow_negative_numbers = true, value_parser = count_parser(0, takt::generate::MAX_ORDERS))]
    pub orders: usize,
    /// Number of machines, 1 to 100,000 (at least one per plant).
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = count_parser(1, takt::generate::MAX_MACHINES))]
    pub machines: usize,
    /// Number of plant sites, 1 to 10,000.
    #[arg(long, default_value_t = 2, allow_negative_numbers = true, value_parser = count_parser(1, takt::generate::MAX_SITES))]
    pub sites: usize,
    /// Number of materials the bills of materials draw from, 0 to 100,000.
    #[arg(long, default_value_t = 3, allow_negative_numbers = true, value_parser = count_parser(0, takt::generate::MAX_MATERIALS))]
    pub materials: usize,
    /// Range `LOW,HIGH` of the share of each plant's material demand in stock at the start, 0 to 1
    /// (the rest arrives in deliveries); default 0.25,0.5.
    #[arg(long, value_name = "LOW,HIGH", value_parser = parse_pair, allow_hyphen_values = true)]
    pub initial_stock: Option<(f64, f64)>,
    /// Range `LOW,HIGH` of the material delivered beyond the demand, as a share of it, 0 to 1;
    /// default 0.02,0.15 (small values make material tight).
    #[arg(long, value_name = "LOW,HIGH", value_parser = parse_pair, allow_hyphen_values = true)]
    pub spare_material: Option<(f64, f64)>,
    /// Give every order a revenue and variable cost and plan under the contribution objective.
    #[arg(long)]
    pub margins: bool,
    /// With --margins: the share of orders that are optional, from 0 to 1 (exactly
    /// round(share x orders) orders).
    #[arg(
        long,
        default_value_t = 0.0,
        requires = "margins",
        allow_negative_numbers = true
    )]
    pub optional_share: f64,
    /// With --margins: the share of orders that are deferrable, from 0 to 1 (exactly
    /// round(share x orders) orders without a hard deadline, not optional), at 5% of the
    /// order's margin per day deferred.
    #[arg(
        long,
        default_value_t = 0.0,
        requires = "margins",
        allow_negative_numbers = true
    )]
    pub deferrable_share: f64,
    /// Give every machine an eco and a boost mode (written as modes.csv).
    #[arg(long)]
    pub modes: bool,
    /// Ports where half of the deliveries land (a vessel's cargo), each with a road and a rail
    /// lane to every plant; the instance then plans transfers (plan_transfers,yes).
    #[arg(long, default_value_t = 0)]
    pub ports: usize,
    /// Warehouses near the customers, with rail lanes from every plant and truck lanes on, so that
    /// finished goods may ship part-way (with --ports, also a little spare stock to pull).
    #[arg(long, default_value_t = 0)]
    pub warehouses: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true)]
    pub seed: u64,
    /// Folder to write (created; must be empty or absent).
    #[arg(long)]
    pub out: PathBuf,
}

/// The stability weights of a re-plan (`takt replan`, `takt whatif`): the documented defaults in
/// the instance's cost scale with the parts given here replaced (docs/REPLAN.md, "Stability").
#[derive(Debug, Args)]
pub struct StabilityArgs {
    /// Fixed penalty per moved operation (machine or start changed), in objective units, >= 0; the
    /// other parts scale with it unless given (per hour of shift half of it, another machine five
    /// times it, another plant fifteen times it, the published window ten times it). Default: what
    /// an average order two minutes late costs (docs/REPLAN.md, "Stability").
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub move_penalty: Option<f64>,
    /// Fixed penalty per moved operation of the published window, >= 0 (default: ten times the
    /// move penalty).
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub published_move_penalty: Option<f64>,
    /// Penalty per hour an operation's start moves, >= 0.
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub shift_penalty: Option<f64>,
    /// Extra penalty when an operation moves to another machine of its plant, >= 0.
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub machine_change_penalty: Option<f64>,
    /// Extra penalty when an operation moves to another plant, >= 0.
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub plant_change_penalty: Option<f64>,
    /// Multiplies the shift, machine and plant penalties inside the published window, >= 0.
    #[arg(long, value_parser = parse_factor, allow_negative_numbers = true)]
    pub published_factor: Option<f64>,
    /// Multiplies the whole move penalty of work the published plan runs inside a window whose
    /// energy price rose, >= 0 (default 0: a price spike releases the work inside it; 1 treats it
    /// like any other work).
    #[arg(long, value_parser = parse_factor, allow_negative_numbers = true)]
    pub repriced_factor: Option<f64>,
    /// Penalty per `high` priority order the published plan has on time and the re-plan makes
    /// late, >= 0 (default 240 times the move penalty: an average order eight hours late).
    #[arg(long, value_parser = parse_order_penalty, allow_negative_numbers = true)]
    pub high_late_penalty: Option<f64>,
}

impl StabilityArgs {
    /// The weights these options give on `instance`: `--move-penalty` scales every part (the
    /// default is the instance's own scale); each other option given replaces its part.
    pub fn weights(&self, instance: &takt::model::Instance) -> takt::replan::StabilityWeights {
        let mut weights = takt::replan::StabilityWeights::chosen(
            instance,
            self.move_penalty,
            self.published_move_penalty,
        );
        for (given, part) in [
            (self.shift_penalty, &mut weights.shift_per_hour),
            (self.machine_change_penalty, &mut weights.machine_change),
            (self.plant_change_penalty, &mut weights.plant_change),
            (self.published_factor, &mut weights.published_factor),
            (self.repriced_factor, &mut weights.repriced_factor),
            (self.high_late_penalty, &mut weights.high_late_penalty),
        ] {
            if let Some(value) = given {
                *part = value;
            }
        }
        weights
    }
}

/// Arguments of `takt replan`.
#[derive(Debug, Args)]
pub struct ReplanArgs {
    #[command(flatten)]
    pub input: InstanceArgs,
    /// The published plan (schedule.csv; shipments.csv and unplanned.csv beside it are read too).
    #[arg(long)]
    pub schedule: PathBuf,
    /// What happened (events.csv; see docs/REPLAN.md).
    #[arg(long)]
    pub events: PathBuf,
    /// The current time: minutes from the plan start or a date-time. Operations that started
    /// before it are frozen; nothing else starts before it.
    #[arg(long, allow_hyphen_values = true)]
    pub now: String,
    /// Minutes after now in which operations are published: they may move at the higher penalty.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    pub published_window: i64,
    #[command(flatten)]
    pub stability: StabilityArgs,
    /// Plan everything that has not started afresh (frozen history kept, no stability penalty)
    /// instead of repairing the published plan.
    #[arg(long, conflicts_with = "compare")]
    pub from_scratch: bool,
    /// Re-plan and plan afresh, each within the time limit, print both side by side, and publish
    /// the re-plan.
    #[arg(long)]
    pub compare: bool,
    /// Spend the whole time limit on improvement even when the events damage little (by default
    /// the improvement grows with the damage and stops when it stalls).
    #[arg(long)]
    pub full_budget: bool,
    /// Time budget in seconds, 0 to 10^8, for repair and improvement.
    #[arg(long, default_value_t = 1.0, value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: f64,
    /// Iteration budget of the improvement; with it the re-plan is exactly reproducible for a seed
    /// on any thread count.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Worker threads of the improvement, 1 to 1024.
    #[arg(long, default_value_t = 2, value_parser = parse_threads)]
    pub threads: usize,
    /// Search chains of the improvement, 1 to 1024 (default: 2 under `--iterations`, so the
    /// re-plan does not depend on `--threads`; one per thread under a time limit alone).
    #[arg(long, value_parser = parse_chains)]
    pub chains: Option<usize>,
    /// Random seed of the improvement.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder (default: out/<instance name>-replan).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Print exactly one JSON object on stdout instead of the summary.
    #[arg(long)]
    pub json: bool,
}

/// The baseline plan of `takt bench-replan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchBaseline {
    /// The plan `takt solve` publishes: dispatching improved by the local search.
    Solved,
    /// The dispatching (greedy) plan.
    Dispatch,
}

/// The generated plants `takt bench-replan` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchPlant {
    /// 400 orders (about 2,000 operations) on 20 machines at 2 plants, 3 materials.
    Two,
    /// 360 orders (about 1,800 operations) on 24 machines at 4 plants, 6 materials held tight,
    /// due dates with three times the default slack (few orders late: energy and transport weigh as
    /// much as lateness).
    Four,
    /// `two` with order values under the contribution form (30% of the orders optional), an eco
    /// and a boost mode on every machine, and three times the default due-date slack (so margins,
    /// not lateness, decide); its table adds the value figures (issue 13).
    Value,
    /// A supply network: 400 orders (about 1,800 operations) on 24 machines at 3 plants, a port
    /// where half of the deliveries land, a warehouse near the customers, 4 materials held tight,
    /// transfers planned; its table adds the orders on time against the same plant without
    /// planned transfers (issue 12).
    Network,
}

/// The events `takt bench-replan` measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchEvents {
    /// One event of every kind (`none` and a quiet event that changes nothing included).
    Small,
    /// The large disruptions (bottleneck down, with notice, plant down, material late, price
    /// spike, rush wave).
    Large,
    /// Small and large (not logistics).
    All,
    /// The logistics disruptions (a vessel held at the port, the busiest lane closed), for plants
    /// with ports (`--plant network`).
    Logistics,
}

/// Arguments of `takt bench-replan`.
#[derive(Debug, Args)]
pub struct BenchReplanArgs {
    /// The generated plants (repeat or comma-separate for several).
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = [BenchPlant::Two, BenchPlant::Four])]
    pub plant: Vec<BenchPlant>,
    /// Which events.
    #[arg(long, value_enum, default_value_t = BenchEvents::All)]
    pub events: BenchEvents,
    /// Seed of the generated plants and the sampled events.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// `now` as a share of the baseline's makespan, 0 to 1.
    #[arg(long, default_value_t = 0.25, value_parser = parse_probability)]
    pub now_share: f64,
    /// Only these scenarios (repeat or comma-separate; names as the table prints them, e.g.
    /// `price_spike`). Default: every scenario `--events` selects.
    #[arg(long, value_delimiter = ',')]
    pub scenario: Vec<String>,
    /// Events sampled per kind, 1 to 100,000.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub samples: u64,
    /// Time budgets of one re-plan in milliseconds (repair, improvement, check, KPIs and diff;
    /// applying the events is timed too), comma-separated, each 1 to 10^11 (10^8 s, the longest
    /// time limit takt takes).
    #[arg(long, value_delimiter = ',', default_values_t = [100, 1000], value_parser = clap::value_parser!(u64).range(1..=100_000_000_000))]
    pub budget_ms: Vec<u64>,
    /// The published plan events hit.
    #[arg(long, value_enum, default_value_t = BenchBaseline::Solved)]
    pub baseline: BenchBaseline,
    /// Time budget in seconds of the solve that makes the `solved` baseline.
    #[arg(long, default_value_t = 30.0, value_parser = parse_seconds, allow_negative_numbers = true)]
    pub baseline_seconds: f64,
    /// Search iterations of the solve that makes the `solved` baseline, 1 to 10^12. With it the
    /// baseline no longer depends on the machine's speed or load (it replaces
    /// `--baseline-seconds`), so two runs re-plan the same published plan and sample the same events.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000_000))]
    pub baseline_iterations: Option<u64>,
    /// Time budget in seconds of the two reference plans (a plan made afresh after history and a
    /// re-plan spending the whole budget; the better on objective plus stability penalty is the
    /// reference); 0 skips them.
    #[arg(long, default_value_t = 30.0, value_parser = parse_seconds, allow_negative_numbers = true)]
    pub reference_seconds: f64,
    /// Measure the reference for small events too (by default only for large disruptions).
    #[arg(long)]
    pub reference_all: bool,
    /// Move penalty of every re-plan, as `takt replan --move-penalty` (objective units per moved
    /// operation, >= 0; the other parts scale with it). Default: the documented defaults of each
    /// plant.
    #[arg(long, value_parser = parse_penalty, allow_negative_numbers = true)]
    pub move_penalty: Option<f64>,
    /// Factor on the move penalty of work inside a window whose price rose, as `takt replan
    /// --repriced-factor` (>= 0; default 0).
    #[arg(long, value_parser = parse_factor, allow_negative_numbers = true)]
    pub repriced_factor: Option<f64>,
    /// Worker threads, 1 to 1024.
    #[arg(long, default_value_t = 2, value_parser = parse_threads)]
    pub threads: usize,
    /// Print exactly one JSON object on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

fn parse_penalty(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a penalty: give a finite number >= 0 (objective units per moved operation)"
        )),
    }
}

fn parse_factor(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a factor: give a finite number >= 0 (1 keeps the penalty as it is)"
        )),
    }
}

fn parse_order_penalty(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!(
            "'{s}' is not a penalty: give a finite number >= 0 (objective units per order)"
        )),
    }
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if Budget::default().with_time_limit_secs(v).is_ok() => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of seconds from 0 to {:e}; for a run bounded by work only, \
             use --iterations",
            takt::budget::MAX_TIME_LIMIT_SECS
        )),
    }
}

fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if (1..=MAX_THREADS).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a thread count from 1 to {MAX_THREADS}"
        )),
    }
}

fn parse_chains(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(v) if (1..=MAX_CHAINS).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a number of search chains from 1 to {MAX_CHAINS}"
        )),
    }
}

fn parse_gap(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "'{s}' is not a relative MIP gap: give a number from 0 to 1 (0.01 = 1%)"
        )),
    }
}

/// Arguments of `takt bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// Instance files, or folders of them (benchmark files, or instance folders with --format csv).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Input format of every instance.
    #[arg(long, value_enum)]
    pub format: Format,
    #[command(flatten)]
    pub engine: EngineArgs,
    /// Best known values: CSV with `name` and `bks` (or `optimum_or_bks`) columns; by default
    /// `bks.csv` in the input folder.
    #[arg(long)]
    pub bks: Option<PathBuf>,
    /// Print CSV instead of the table.
    #[arg(long)]
    pub csv: bool,
}

/// Arguments of `takt whatif` (see docs/WHATIF.md).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["scenarios", "grid", "risks"])))]
pub struct WhatIfArgs {
    #[command(flatten)]
    pub input: InstanceArgs,
    /// The published plan (schedule.csv; shipments.csv and unplanned.csv beside it are read too).
    #[arg(long, conflicts_with = "plans")]
    pub schedule: Option<PathBuf>,
    /// Two candidate plans to compare on the same scenarios.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub plans: Vec<PathBuf>,
    /// Explicit scenarios: an events.csv with a `scenario` column.
    #[arg(long)]
    pub scenarios: Option<PathBuf>,
    /// A grid axis, repeatable (scenarios are every combination), e.g. `delay=0..12h/30m`,
    /// `down=4h`, `price=2..5/1@600+3h`.
    #[arg(long)]
    pub grid: Vec<String>,
    /// Risks to sample scenarios from (risks.csv).
    #[arg(long)]
    pub risks: Option<PathBuf>,
    /// Scenarios to sample from --risks, 1 to 10,000,000 (results are kept per scenario).
    #[arg(long, default_value_t = 1000, value_parser = count_parser(1, 10_000_000))]
    pub samples: usize,
    /// When the scenarios' events become known and the re-plan happens: minutes from the plan
    /// start or a date-time.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    pub now: String,
    /// Minutes after now in which re-planned operations move at the higher penalty.
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(i64).range(0..))]
    pub published_window: i64,
    #[command(flatten)]
    pub stability: StabilityArgs,
    /// Which ways each scenario is evaluated.
    #[arg(long, value_enum, default_value_t = takt::whatif::Mode::Both)]
    pub mode: takt::whatif::Mode,
    /// Search iterations of each re-plan (each runs on one thread; the results are the same on
    /// any thread count).
    #[arg(long, default_value_t = takt::whatif::DEFAULT_REPLAN_ITERATIONS)]
    pub iterations: u64,
    /// Scenarios evaluated at a time, 1 to 1024.
    #[arg(long, default_value_t = 2, value_parser = parse_threads)]
    pub threads: usize,
    /// Seed of the sampled scenarios and of every re-plan.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// An order is at risk when late with a probability above this, 0 to 1.
    #[arg(long, default_value_t = 0.2, value_parser = parse_probability)]
    pub late_threshold: f64,
    /// Evaluate only shard i of N (e.g. 2/4) and write shard.json, for takt whatif-merge.
    #[arg(long, value_parser = parse_shard)]
    pub shard: Option<takt::whatif::Shard>,
    /// Stop after this many seconds (the results then say the run is incomplete).
    #[arg(long, value_parser = parse_seconds, allow_negative_numbers = true)]
    pub time_limit: Option<f64>,
    /// Output folder (default: out/<instance name>-whatif).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not write whatif.html.
    #[arg(long)]
    pub no_html: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print summary.json on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `takt whatif-merge`.
#[derive(Debug, Args)]
pub struct WhatIfMergeArgs {
    /// The shards' folders (or their shard.json files).
    #[arg(required = true)]
    pub shards: Vec<PathBuf>,
    /// Output folder (default: out/<instance name>-whatif).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Do not write whatif.html.
    #[arg(long)]
    pub no_html: bool,
    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
    /// Print summary.json on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
}

/// A parser of whole numbers from `min` to `max` with an error that states the range.
fn count_parser(min: usize, max: usize) -> impl Fn(&str) -> Result<usize, String> + Clone {
    move |s: &str| match s.trim().parse::<usize>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a whole number from {min} to {max}")),
    }
}

/// `LOW,HIGH`: two numbers (their range is the generator's to judge, so it can say what is wrong).
fn parse_pair(s: &str) -> Result<(f64, f64), String> {
    let parsed = s
        .split_once(',')
        .map(|(lo, hi)| (lo.trim().parse::<f64>(), hi.trim().parse::<f64>()));
    match parsed {
        Some((Ok(lo), Ok(hi))) => Ok((lo, hi)),
        _ => Err(format!("'{s}' is not two numbers LOW,HIGH (e.g. 0.25,0.5)")),
    }
}

fn parse_shard(s: &str) -> Result<takt::whatif::Shard, String> {
    s.parse()
        .map_err(|e: takt::whatif::WhatIfError| e.to_string())
}

fn parse_probability(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("'{s}' is not a probability from 0 to 1")),
    }
}

#[cfg(test)]
mod tests {
    use super::{Cli, Command};
    use clap::Parser;

    /// `takt replan` and `takt whatif` read the same stability options into the same weights.
    #[test]
    fn replan_and_whatif_read_every_stability_option_alike() {
        let instance = takt::io::load_instance(
            std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/instances/demo")),
            None,
        )
        .expect("the demo instance");
        let options = [
            "--move-penalty=2",
            "--shift-penalty=3",
            "--machine-change-penalty=4",
            "--plant-change-penalty=5",
            "--published-factor=6",
            "--repriced-factor=0.5",
            "--high-late-penalty=70",
        ];
        let replan = Cli::parse_from(
            [
                "takt",
                "replan",
                "x",
                "--schedule",
                "s",
                "--events",
                "e",
                "--now",
                "0",
            ]
            .into_iter()
            .chain(options),
        );
        let whatif = Cli::parse_from(
            [
                "takt",
                "whatif",
                "x",
                "--schedule",
                "s",
                "--grid",
                "down=1h",
            ]
            .into_iter()
            .chain(options),
        );
        let (Command::Replan(r), Command::Whatif(w)) = (replan.command, whatif.command) else {
            panic!("parsed into other commands");
        };
        let weights = r.stability.weights(&instance);
        assert_eq!(weights, w.stability.weights(&instance));
        assert_eq!(
            (
                weights.move_penalty,
                weights.published_move_penalty,
                weights.shift_per_hour,
                weights.machine_change,
                weights.plant_change,
                weights.published_factor,
                weights.repriced_factor,
                weights.high_late_penalty,
            ),
            (2.0, 20.0, 3.0, 4.0, 5.0, 6.0, 0.5, 70.0)
        );
    }
}
