//! Demand charges over many billing periods (issue 13, review F7): a 1-minute billing period under
//! operations of a billion minutes is priced exactly and at once by the KPI, the checker and the
//! plant search (each used to keep one entry per period an operation touches, and hung), and on
//! random small plans the peaks of every billing period equal a minute-by-minute recount.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::io::read_instance_files;
use takt::model::{Instance, MachineId, Minutes, OpId};
use takt::search::plant::{self, Scope};
use takt::solution::{Schedule, ScheduledOp, demand_charge, demand_peaks, evaluate};
use takt::validate::validate;

const BILLION: Minutes = 1_000_000_000;

/// Two jobs of `minutes` on two 10 kW machines at one site, due at `due`, a demand charge of 10
/// per kW of each billing period of `period` minutes.
fn long_jobs(minutes: Minutes, due: Minutes, period: Minutes) -> Instance {
    let sites = format!("id,demand_charge,billing_period_minutes\nworks,10,{period}\n");
    let routings = format!("product,step,machine,setup\nP1,1,M1,{minutes}\nP2,1,M2,{minutes}\n");
    let orders = format!("id,product,quantity,due\nJ1,P1,1,{due}\nJ2,P2,1,{due}\n");
    read_instance_files(
        "long",
        &[
            ("sites.csv", sites.as_str()),
            (
                "machines.csv",
                "id,site,power_kw\nM1,works,10\nM2,works,10\n",
            ),
            ("routings.csv", routings.as_str()),
            ("orders.csv", orders.as_str()),
        ],
    )
    .unwrap()
}

fn op(index: usize, machine: usize, start: Minutes, end: Minutes) -> ScheduledOp {
    ScheduledOp {
        op: OpId::from_index(index),
        machine: MachineId::from_index(machine),
        start,
        end,
        mode: Default::default(),
    }
}

#[test]
fn a_one_minute_billing_period_under_billion_minute_operations_is_priced_exactly() {
    let instance = long_jobs(BILLION, 2 * BILLION, 1);
    // J1 runs 0..1e9, J2 0.5e9..1.5e9: 10 kW for 0.5e9 one-minute periods, 20 kW for 0.5e9, 10 kW
    // for 0.5e9: 10 x (10 + 20 + 10) x 0.5e9 = 2e11.
    let half = BILLION / 2;
    let plan = Schedule {
        ops: vec![op(0, 0, 0, BILLION), op(1, 1, half, half + BILLION)],
        ..Schedule::default()
    };
    let report = validate(&instance, &plan);
    assert!(report.is_complete(), "{report}");
    assert_eq!(report.demand_charge(), 2e11);
    assert_eq!(demand_charge(&instance, &plan.ops), 2e11);
    assert_eq!(evaluate(&instance, &plan).demand_charge, 2e11);
    // A handful of entries, not 1.5e9: runs of periods under one load.
    for peaks in [report.demand.clone(), demand_peaks(&instance, &plan.ops)] {
        assert!(peaks.len() <= 10, "{peaks:?}");
        assert_eq!(peaks.iter().map(|p| p.periods).sum::<i64>(), 3 * half);
        let at_20: i64 = peaks
            .iter()
            .filter(|p| p.peak_kw == 20.0)
            .map(|p| p.periods)
            .sum();
        assert_eq!(at_20, half, "{peaks:?}");
    }
}

#[test]
fn the_search_prices_billion_minute_operations_over_one_minute_periods() {
    // Together: 20 kW in 1e9 periods x 10 = 2e11, on time. Apart: 10 kW in 2e9 periods = 2e11
    // and one job 1e9 minutes late. The search keeps them together and reaches 2e11.
    let instance = long_jobs(BILLION, BILLION, 1);
    let start = dispatch(&instance, &DispatchOptions::default());
    let plan = plant::improve(
        &instance,
        &start,
        &Budget::iterations(200).with_seed(3).with_threads(1),
        &Scope::free(&instance),
    );
    let report = validate(&instance, &plan);
    assert!(report.is_complete(), "{report}");
    let k = evaluate(&instance, &plan);
    assert_eq!(k.objective, 2e11, "{plan:?}");
    assert_eq!(k.demand_charge, report.demand_charge());
}

#[cfg(feature = "highs")]
#[test]
fn the_milp_proves_the_optimum_over_periods_shorter_than_the_operations() {
    // Billing periods of 7 minutes, jobs of 60: any 60-minute operation touches at least 9
    // periods, so together at minute 0 (20 kW in 9 periods: 10 x 20 x 9 = 1800, on time) is
    // optimal; any later start adds tardiness and no period less.
    use takt::engine::{SolveOptions, SolverKind, solve};
    let instance = long_jobs(60, 60, 7);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &Budget::iterations(100).with_threads(1),
    )
    .unwrap();
    assert_eq!(
        outcome.status,
        takt::outcome::Status::Optimal,
        "{:?}",
        outcome.notes
    );
    let k = outcome.kpis.as_ref().unwrap();
    assert!((k.objective - 1800.0).abs() < 1e-6, "{}", k.objective);
    let plan = outcome.schedule.unwrap();
    assert!(validate(&instance, &plan).is_complete());
}

/// Three machines of 10, 7 and 5 kW; the first two at a site billed 3 per kW over periods of
/// `period` minutes, the third at a site billed 2 per kW over periods of `other` minutes. Nine
/// one-step orders: the operation of order `i` runs on machine `i mod 3`.
fn three_machines(period: Minutes, other: Minutes) -> Instance {
    let orders: String = (0..9).map(|i| format!("J{i},P{},1\n", i % 3 + 1)).collect();
    let orders = format!("id,product,quantity\n{orders}");
    let sites =
        format!("id,demand_charge,billing_period_minutes\nworks,3,{period}\nyard,2,{other}\n");
    read_instance_files(
        "periods",
        &[
            ("sites.csv", sites.as_str()),
            (
                "machines.csv",
                "id,site,power_kw\nM1,works,10\nM2,works,7\nM3,yard,5\n",
            ),
            (
                "routings.csv",
                "product,step,machine,setup\nP1,1,M1,5\nP2,1,M2,5\nP3,1,M3,5\n",
            ),
            ("orders.csv", orders.as_str()),
        ],
    )
    .unwrap()
}

/// The demand charge and per-period peaks counted minute by minute.
fn recount(instance: &Instance, ops: &[ScheduledOp]) -> (f64, Vec<(usize, i64, f64)>) {
    let mut total = 0.0;
    let mut peaks = Vec::new();
    for (s, charge) in instance.demand_charges().iter().enumerate() {
        let mine: Vec<_> = ops
            .iter()
            .filter(|p| instance.machine(p.machine).site == charge.site)
            .collect();
        let (Some(first), Some(last)) = (
            mine.iter().map(|p| p.start).min(),
            mine.iter().map(|p| p.end).max(),
        ) else {
            continue;
        };
        for k in charge.period_of(first)..=charge.period_of(last - 1) {
            let (from, to) = charge.period_window(k);
            let (peak, busy) = (from..to)
                .map(|t| {
                    let running = mine.iter().filter(|p| p.start <= t && t < p.end);
                    let kw: f64 = running
                        .clone()
                        .map(|p| instance.power_kw(p.machine, p.mode))
                        .sum();
                    (kw, running.count() > 0)
                })
                .fold((0.0_f64, false), |(a, b), (kw, r)| (a.max(kw), b || r));
            if busy {
                total += charge.per_kw * peak;
                peaks.push((s, k, peak));
            }
        }
    }
    (total, peaks)
}

proptest! {
    #![proptest_config(Config {
        cases: 200,
        rng_seed: RngSeed::Fixed(0xf7),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn every_period_peak_equals_a_minute_by_minute_recount(
        period in 1i64..16,
        other in 1i64..40,
        ops in prop::collection::vec((-30i64..120, 1i64..70), 1..10),
    ) {
        let instance = three_machines(period, other);
        let ops: Vec<ScheduledOp> = ops
            .iter()
            .enumerate()
            .map(|(i, &(start, len))| op(i, i % 3, start, start + len))
            .collect();
        let (total, expected) = recount(&instance, &ops);
        let plan = Schedule { ops: ops.clone(), ..Schedule::default() };
        let checker = validate(&instance, &plan).demand;
        for (name, peaks) in [("kpi", demand_peaks(&instance, &ops)), ("checker", checker)] {
            let mut listed = Vec::new();
            for p in &peaks {
                let s = instance.demand_charges().iter().position(|c| c.site == p.site).unwrap();
                let charge = instance.demand_charges()[s];
                let first = charge.period_of(p.start);
                prop_assert_eq!(charge.period_window(first + p.periods - 1).1, p.end);
                for k in first..first + p.periods {
                    listed.push((s, k, p.peak_kw));
                }
            }
            listed.sort_by_key(|a| (a.0, a.1));
            prop_assert_eq!(listed.len(), expected.len(), "{}: {:?}", name, peaks);
            for (got, want) in listed.iter().zip(&expected) {
                prop_assert_eq!((got.0, got.1), (want.0, want.1), "{}", name);
                prop_assert!((got.2 - want.2).abs() < 1e-9, "{}: {:?} != {:?}", name, got, want);
            }
            let sum: f64 = peaks.iter().map(|p| p.cost).sum();
            prop_assert!((sum - total).abs() < 1e-6, "{}: {} != {}", name, sum, total);
        }
    }
}
