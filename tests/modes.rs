//! Machine energy modes (`modes.csv`): reading with file:line:column errors, the durations and
//! powers the builder derives, the checker's rules, the energy and mode-change KPIs, writing and
//! reading plans with a `mode` column, and hand-worked fixtures solved by every engine.

use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::io::{
    ErrorCode, FileTexts, InputError, PlanSources, Source, instance_files, parse_plan, plan_files,
    read_instance_files,
};
use takt::model::{Instance, MachineId, ModeId, OpId};
use takt::solution::{Schedule, ScheduledOp, evaluate};
use takt::validate::{ViolationCode, recount_energy, validate};

const MACHINES: &str = "id,power_kw\nM1,10\n";
const ROUTINGS: &str = "product,step,machine,setup\nP,1,M1,60\n";
const MODES: &str = "machine,mode,speed_factor,power_kw,change_cost\n\
                     M1,eco,0.8,5,0\n\
                     M1,boost,1.5,18,2.5\n";

/// One machine of 10 kW (eco: 0.8 speed at 5 kW; boost: 1.5 at 18 kW, change cost 2.5), one
/// order of 60 minutes due at `due` with tardiness weight `weight`, energy at 4 per kWh.
fn fixture(due: i64, weight: f64) -> Instance {
    let orders = format!("id,product,quantity,due,weight\nO1,P,1,{due},{weight}\n");
    read_instance_files(
        "modes",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("modes.csv", MODES),
            ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,4\n"),
            ("orders.csv", orders.as_str()),
        ],
    )
    .unwrap()
}

fn at(op: u32, mode: u16, start: i64, end: i64) -> ScheduledOp {
    ScheduledOp {
        op: OpId(op),
        machine: MachineId(0),
        start,
        end,
        mode: ModeId(mode),
    }
}

fn plan(ops: Vec<ScheduledOp>) -> Schedule {
    Schedule {
        ops,
        ..Schedule::default()
    }
}

#[test]
fn modes_become_options_with_divided_durations_and_their_own_power() {
    let instance = fixture(1000, 1.0);
    let options = &instance.op(OpId(0)).options;
    let got: Vec<_> = options
        .iter()
        .map(|o| (o.machine.0, o.mode.0, o.duration))
        .collect();
    assert_eq!(got, vec![(0, 0, 60), (0, 1, 75), (0, 2, 40)]);
    let m = instance.machine(MachineId(0));
    assert_eq!(m.mode_name(ModeId(1)), "eco");
    assert_eq!(instance.power_kw(MachineId(0), ModeId(0)), 10.0);
    assert_eq!(instance.power_kw(MachineId(0), ModeId(2)), 18.0);
    assert_eq!(m.mode_named("boost"), Some(ModeId(2)));
}

#[test]
fn instances_without_modes_keep_one_nominal_option_per_machine() {
    let instance = read_instance_files(
        "plain",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("orders.csv", "id,product,quantity\nO1,P,1\n"),
        ],
    )
    .unwrap();
    assert!(!instance.has_modes());
    assert_eq!(instance.op(OpId(0)).options.len(), 1);
    assert!(instance.op(OpId(0)).options[0].mode.is_nominal());
}

fn errors_of(modes: &str) -> Vec<InputError> {
    read_instance_files(
        "bad",
        &[
            (
                "machines.csv",
                "id,site,power_kw\nM1,plant,10\nPress2,plant,20\n",
            ),
            ("routings.csv", ROUTINGS),
            ("orders.csv", "id,product,quantity\nO1,P,1\n"),
            ("sites.csv", "id,power_cap_kw\nplant,30\n"),
            ("modes.csv", modes),
        ],
    )
    .unwrap_err()
    .0
}

/// `(file, line, column, code)` of each error.
fn brief(errors: &[InputError]) -> Vec<Brief<'_>> {
    errors
        .iter()
        .map(|e| {
            (
                e.file.display().to_string(),
                e.line,
                e.column.as_deref(),
                e.code.as_str(),
            )
        })
        .collect()
}

type Brief<'a> = (String, Option<usize>, Option<&'a str>, &'static str);

fn at_cell<'a>(line: usize, column: &'a str, code: &'static str) -> Brief<'a> {
    ("modes.csv".to_string(), Some(line), Some(column), code)
}

#[test]
fn a_bad_modes_row_is_reported_at_file_line_and_column() {
    let errors = errors_of(
        "machine,mode,speed_factor,power_kw\n\
         M1,eco,0.8,5\n\
         Pres2,eco,0.8,5\n\
         M1,eco,0.5,4\n\
         M1,nominal,1,10\n\
         M1,turbo,250,10\n\
         M1,big,2,45\n\
         M1,slow,0,1\n",
    );
    let found = brief(&errors);
    let unknown = errors
        .iter()
        .find(|e| e.code == ErrorCode::UnknownMachine)
        .unwrap();
    assert_eq!(
        (unknown.line, unknown.column.as_deref()),
        (Some(3), Some("machine"))
    );
    assert!(
        unknown.hint.contains("Press2"),
        "closest id in the hint: {}",
        unknown.hint
    );
    for expected in [
        at_cell(4, "mode", "DUPLICATE_MODE"),
        at_cell(5, "mode", "DUPLICATE_MODE"),
        at_cell(6, "speed_factor", "BAD_SPEED_FACTOR"),
        at_cell(8, "speed_factor", "NOT_POSITIVE"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
}

#[test]
fn a_mode_over_the_site_cap_is_reported_at_its_row() {
    let errors = errors_of("machine,mode,speed_factor,power_kw\nM1,eco,0.8,5\nM1,big,2,45\n");
    assert_eq!(
        brief(&errors),
        vec![at_cell(3, "power_kw", "POWER_OVER_CAP")]
    );
}

#[test]
fn a_mode_that_makes_an_operation_too_long_is_out_of_range_at_its_speed_factor() {
    let err = read_instance_files(
        "long",
        &[
            ("machines.csv", MACHINES),
            (
                "routings.csv",
                "product,step,machine,setup\nP,1,M1,9000000000\n",
            ),
            ("orders.csv", "id,product,quantity\nO1,P,1\n"),
            (
                "modes.csv",
                "machine,mode,speed_factor\nM1,ok,1.2\nM1,crawl,0.5\n",
            ),
        ],
    )
    .unwrap_err();
    let brief: Vec<_> = err
        .iter()
        .map(|e| {
            (
                e.file.display().to_string(),
                e.line,
                e.column.clone(),
                e.code.as_str(),
            )
        })
        .collect();
    assert!(
        brief.contains(&(
            "modes.csv".to_string(),
            Some(3),
            Some("speed_factor".to_string()),
            "OUT_OF_RANGE"
        )),
        "{brief:?}"
    );
}

#[test]
fn the_checker_judges_durations_by_mode_and_rejects_unknown_modes() {
    let instance = fixture(1000, 1.0);
    assert!(validate(&instance, &plan(vec![at(0, 1, 0, 75)])).is_complete());
    assert!(validate(&instance, &plan(vec![at(0, 2, 0, 40)])).is_complete());
    let wrong = validate(&instance, &plan(vec![at(0, 1, 0, 60)]));
    assert_eq!(wrong.violations[0].code, ViolationCode::WrongDuration);
    assert!(wrong.violations[0].message.contains("mode 'eco'"));
    let unknown = validate(&instance, &plan(vec![at(0, 7, 0, 60)]));
    assert_eq!(
        unknown
            .violations
            .iter()
            .map(|v| v.code)
            .collect::<Vec<_>>(),
        vec![ViolationCode::UnknownMode]
    );
}

#[test]
fn the_power_cap_is_judged_with_the_modes_power() {
    let instance = read_instance_files(
        "cap",
        &[
            ("sites.csv", "id,power_cap_kw\nplant,20\n"),
            (
                "machines.csv",
                "id,site,power_kw\nM1,plant,10\nM2,plant,10\n",
            ),
            (
                "routings.csv",
                "product,step,machine,setup\nP,1,M1,60\nQ,1,M2,60\n",
            ),
            (
                "modes.csv",
                "machine,mode,speed_factor,power_kw\nM1,boost,1.5,15\n",
            ),
            ("orders.csv", "id,product,quantity\nO1,P,1\nO2,Q,1\n"),
        ],
    )
    .unwrap();
    let nominal = ScheduledOp {
        op: OpId(1),
        machine: MachineId(1),
        start: 0,
        end: 60,
        mode: ModeId::NOMINAL,
    };
    assert!(validate(&instance, &plan(vec![at(0, 0, 0, 60), nominal])).is_complete());
    let over = validate(&instance, &plan(vec![at(0, 1, 0, 40), nominal]));
    assert_eq!(over.violations[0].code, ViolationCode::PowerCapExceeded);
    assert!(over.violations[0].message.contains("25 kW"));
}

#[test]
fn kpis_count_the_modes_energy_and_change_costs_as_the_checker_recounts_them() {
    // Two orders: O1 in boost (first switch: 2.5), O2 in eco (no cost), then boost again.
    let orders = "id,product,quantity,due\nO1,P,1,1000\nO2,P,1,1000\nO3,P,1,1000\n";
    let instance = read_instance_files(
        "k",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("modes.csv", MODES),
            ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,4\n"),
            ("orders.csv", orders),
        ],
    )
    .unwrap();
    let schedule = plan(vec![at(0, 2, 0, 40), at(1, 1, 40, 115), at(2, 2, 115, 155)]);
    assert!(validate(&instance, &schedule).is_complete());
    let kpis = evaluate(&instance, &schedule);
    // 18 kW x 40 min = 12 kWh twice, 5 kW x 75 min = 6.25 kWh.
    assert!((kpis.energy_kwh - 30.25).abs() < 1e-9);
    assert!((kpis.energy_cost - 121.0).abs() < 1e-9);
    assert!((kpis.mode_change_cost - 5.0).abs() < 1e-9);
    assert!((kpis.objective - 126.0).abs() < 1e-9);
    let recount = recount_energy(&instance, &schedule);
    assert!((recount.energy_kwh - kpis.energy_kwh).abs() < 1e-9);
    assert!((recount.energy_cost - kpis.energy_cost).abs() < 1e-9);
    assert_eq!(recount.mode_changes, 2);
    assert!((recount.mode_change_cost - kpis.mode_change_cost).abs() < 1e-9);
}

fn plan_sources(files: &FileTexts) -> PlanSources {
    PlanSources::from_texts(files)
}

#[test]
fn plans_and_instances_with_modes_round_trip_through_csv() {
    let instance = fixture(1000, 1.0);
    let schedule = plan(vec![at(0, 1, 0, 75)]);
    let files = plan_files(&instance, &schedule).unwrap();
    let text = &files.iter().find(|(n, _)| *n == "schedule.csv").unwrap().1;
    assert!(text.lines().next().unwrap().ends_with(",mode"), "{text}");
    assert!(text.lines().nth(1).unwrap().ends_with(",eco"), "{text}");
    let back = parse_plan(&instance, &plan_sources(&files)).unwrap();
    assert_eq!(back.schedule.ops, schedule.ops);

    let folder = instance_files(&instance).unwrap();
    let again = read_instance_files("modes", &folder).unwrap();
    assert_eq!(again.machines(), instance.machines());
    assert_eq!(again.ops(), instance.ops());

    // A mode the machine lacks: file, line, column and the closest name.
    let bad = "order,step,machine,start,end,mode\nO1,1,M1,0,75,ecco\n";
    let err = parse_plan(
        &instance,
        &PlanSources {
            schedule: Some(Source::new("schedule.csv", bad)),
            ..PlanSources::default()
        },
    )
    .unwrap_err();
    let e = &err.0[0];
    assert_eq!(
        (e.line, e.column.as_deref(), e.code),
        (Some(2), Some("mode"), ErrorCode::UnknownMode)
    );
    assert!(e.hint.contains("eco"), "{}", e.hint);
}

#[test]
fn old_plans_without_a_mode_read_as_nominal() {
    let json = r#"{"op":0,"machine":0,"start":0,"end":60}"#;
    let s: ScheduledOp = serde_json::from_str(json).unwrap();
    assert!(s.mode.is_nominal());
    assert_eq!(serde_json::to_string(&s).unwrap(), json);
}

fn engines() -> Vec<SolverKind> {
    let mut kinds = vec![SolverKind::Greedy, SolverKind::Search, SolverKind::Auto];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    kinds
}

fn solved(instance: &Instance, kind: SolverKind) -> Schedule {
    let budget = Budget::iterations(300).with_threads(1);
    let outcome = solve(instance, &SolveOptions::with_solver(kind), &budget).unwrap();
    if kind == SolverKind::Milp {
        // The MILP proves the optimum: its bound meets the objective.
        assert_eq!(
            outcome.status,
            takt::outcome::Status::Optimal,
            "{:?}",
            outcome.notes
        );
        assert_eq!(outcome.lower_bound, outcome.objective());
    }
    let plan = outcome.schedule.clone().unwrap();
    let report = validate(instance, &plan);
    assert!(report.is_complete(), "{kind:?}: {report:?}");
    plan
}

/// With slack (due 75), eco saves 4 x (10 - 6.25) = 15 in energy: every engine picks it. Without
/// slack (due 60, weight 10 per minute late), eco would be 15 minutes late (150) for the same
/// saving: every engine keeps nominal. Boost (48) is never worth it.
#[test]
fn eco_is_chosen_in_an_expensive_window_only_when_the_slack_allows() {
    for kind in engines() {
        let with_slack = fixture(75, 10.0);
        let plan = solved(&with_slack, kind);
        assert_eq!(plan.ops[0].mode, ModeId(1), "{kind:?} with slack: {plan:?}");
        assert_eq!((plan.ops[0].start, plan.ops[0].end), (0, 75));
        assert!((evaluate(&with_slack, &plan).objective - 25.0).abs() < 1e-9);

        let tight = fixture(60, 10.0);
        let plan = solved(&tight, kind);
        assert_eq!(
            plan.ops[0].mode,
            ModeId::NOMINAL,
            "{kind:?} without slack: {plan:?}"
        );
        assert!((evaluate(&tight, &plan).objective - 40.0).abs() < 1e-9);
    }
}

/// A price spike over planned work: the re-planner switches it to eco where the slack allows. The
/// published plan runs O1 nominal at [20, 80) (due 200) at a free tariff; from minute 10 energy
/// costs 40 per kWh, so eco saves 40 x 3.75 = 150.
#[test]
fn a_price_spike_switches_planned_work_to_eco() {
    use std::time::Duration;
    use takt::replan::{Event, ReplanOptions, Replanner};
    let instance = read_instance_files(
        "spike",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("modes.csv", MODES),
            ("orders.csv", "id,product,quantity,due\nO1,P,1,200\n"),
        ],
    )
    .unwrap();
    let baseline = plan(vec![at(0, 0, 20, 80)]);
    assert!(validate(&instance, &baseline).is_complete());
    let mut r = Replanner::new(instance, baseline, ReplanOptions::at(10)).unwrap();
    r.apply(Event::PriceChange {
        site: "plant".into(),
        window: takt::model::Window::new(10, 100_000),
        price_per_kwh: 40.0,
    })
    .unwrap();
    let budget = Budget::time(Duration::from_secs(60)).with_iterations(Some(200));
    let outcome = r.replan(&budget).unwrap();
    let schedule = outcome.schedule.clone().unwrap();
    assert!(validate(&outcome.instance, &schedule).is_complete());
    assert_eq!(schedule.ops[0].mode, ModeId(1), "{schedule:?}");
    assert!(schedule.ops[0].end <= 200);
}

/// The MILP leaves mode-change costs out: when its plan pays one, it claims no optimum, and its
/// bound stays below the objective.
#[test]
fn the_milp_proves_no_optimum_for_a_plan_that_pays_a_mode_change() {
    if !cfg!(feature = "highs") {
        return;
    }
    let instance = read_instance_files(
        "change",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            (
                "modes.csv",
                "machine,mode,speed_factor,power_kw,change_cost\nM1,eco,0.8,5,1\n",
            ),
            ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,4\n"),
            ("orders.csv", "id,product,quantity,due\nO1,P,1,75\n"),
        ],
    )
    .unwrap();
    let budget = Budget::iterations(300).with_threads(1);
    let outcome = solve(
        &instance,
        &SolveOptions::with_solver(SolverKind::Milp),
        &budget,
    )
    .unwrap();
    let plan = outcome.schedule.clone().unwrap();
    assert!(validate(&instance, &plan).is_complete());
    // Eco saves 15 in energy for a change cost of 1.
    assert_eq!(plan.ops[0].mode, ModeId(1));
    let k = outcome.kpis.as_ref().unwrap();
    assert_eq!(
        (k.energy_cost, k.mode_change_cost, k.objective),
        (25.0, 1.0, 26.0)
    );
    assert_eq!(outcome.status, takt::outcome::Status::Feasible);
    assert!(outcome.lower_bound.is_some_and(|b| b <= 26.0));
}

/// Two 80 kW machines under a 100 kW cap, each with an eco mode of 50 kW at 0.8 speed: one
/// 60-minute operation each. In nominal mode they must run one after the other (120 minutes); in
/// eco they run side by side (75 minutes, 100 kW): the optimum.
#[test]
fn a_capped_site_with_lighter_modes_is_not_proven_at_its_heaviest_power() {
    let instance = read_instance_files(
        "cap-modes",
        &[
            ("sites.csv", "id,power_cap_kw\nS,100\n"),
            ("machines.csv", "id,site,power_kw\nA,S,80\nB,S,80\n"),
            (
                "modes.csv",
                "machine,mode,speed_factor,power_kw,change_cost\nA,eco,0.8,50,0\nB,eco,0.8,50,0\n",
            ),
            (
                "routings.csv",
                "product,step,machine,setup\nPA,1,A,60\nPB,1,B,60\n",
            ),
            ("orders.csv", "id,product,quantity\nOA,PA,1\nOB,PB,1\n"),
            (
                "objective.csv",
                "key,value\ntardiness_weight,0\nmakespan_weight,1\n",
            ),
        ],
    )
    .unwrap();
    let mut kinds = vec![SolverKind::Auto, SolverKind::Search];
    if cfg!(feature = "highs") {
        kinds.push(SolverKind::Milp);
    }
    for kind in kinds {
        let outcome = solve(
            &instance,
            &SolveOptions::with_solver(kind),
            &Budget::iterations(300).with_threads(1),
        )
        .unwrap();
        let plan = outcome.schedule.as_ref().unwrap();
        assert!(validate(&instance, plan).is_feasible(), "{kind:?}");
        let makespan = plan.makespan();
        assert!(outcome.lower_bound.unwrap() <= 75.0 + 1e-9, "{kind:?}");
        if outcome.status == takt::outcome::Status::Optimal {
            assert_eq!(makespan, 75, "{kind:?} claims {makespan} optimal");
        }
        if kind == SolverKind::Milp {
            assert_eq!(
                (outcome.status, makespan),
                (takt::outcome::Status::Optimal, 75),
                "{:?}",
                outcome.notes
            );
        }
    }
}

/// An overrun is clock minutes, whatever the mode: O1 runs in eco at [0, 75) (60 nominal minutes
/// at 0.8 speed) and O2 starts at 76, both before `now` = 77. O1 is reported 1 minute late: it
/// ends at 76 (not at ceil(61 / 0.8) = 77, which would overlap O2, already started), and the
/// re-plan passes the checker on the instance after the event.
#[test]
fn an_overrun_of_work_in_a_slow_mode_adds_clock_minutes() {
    use takt::replan::{Event, ReplanOptions, Replanner};
    let instance = read_instance_files(
        "overrun-eco",
        &[
            ("machines.csv", MACHINES),
            ("routings.csv", ROUTINGS),
            ("modes.csv", MODES),
            (
                "orders.csv",
                "id,product,quantity,due\nO1,P,1,500\nO2,P,1,500\n",
            ),
        ],
    )
    .unwrap();
    let baseline = plan(vec![at(0, 1, 0, 75), at(1, 0, 76, 136)]);
    assert!(validate(&instance, &baseline).is_complete());
    let mut r = Replanner::new(instance, baseline, ReplanOptions::at(77)).unwrap();
    r.apply(Event::Overrun {
        order: "O1".into(),
        step: 0,
        extra: 1,
    })
    .unwrap();
    let outcome = r.replan(&Budget::iterations(50).with_threads(1)).unwrap();
    let schedule = outcome.schedule.clone().unwrap();
    assert!(validate(&outcome.instance, &schedule).is_complete());
    let o1 = schedule.ops.iter().find(|s| s.op == OpId(0)).unwrap();
    assert_eq!((o1.start, o1.end, o1.mode), (0, 76, ModeId(1)));
    let o2 = schedule.ops.iter().find(|s| s.op == OpId(1)).unwrap();
    assert_eq!((o2.start, o2.end), (76, 136));
}
