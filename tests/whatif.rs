//! What-if: the keep-the-plan simulation on hand-worked fixtures, the scenario sources (grid,
//! samples, explicit files), bad `risks.csv` input, and the command line (results, shards merged
//! byte for byte).

#[cfg(feature = "cli")]
use std::path::Path;
#[cfg(feature = "cli")]
use std::process::Command;
use takt::budget::Budget;
use takt::io::{read_risks, read_scenarios};
use takt::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Machine, MachineId, Material, OpId, Order,
    Product, Site, Step, StepOption, Window,
};
use takt::replan::Event;
use takt::solution::{Schedule, ScheduledOp};
use takt::validate::{ViolationCode, validate};
use takt::whatif::{
    Axis, Grid, Mode, OrderFate, Scenario, ScenarioSet, ShopFloor, WhatIf, WhatIfOptions,
};

const M1: MachineId = MachineId(0);
const M2: MachineId = MachineId(1);

/// Site A with M1 and M2; steel arrives with delivery D1 (10 units at minute 100), no stock.
/// - O1: product P, 10 units: step 1 on M1 (10 min, consumes 10 steel), step 2 on M2 (20 min);
/// - O2: product Q, step 1 on M1 (30 min);
/// - O3: product R, step 1 on M2 (50 min).
///
/// Published plan: M1: O1s1 [100, 110), O2 [110, 140); M2: O3 [0, 50), O1s2 [110, 130).
fn fixture() -> (Instance, Schedule) {
    let mut b = InstanceBuilder::new("fixture");
    let a = b.add_site(Site::new("A"));
    b.add_machine(Machine::new("M1", a));
    b.add_machine(Machine::new("M2", a));
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    b.add_delivery(Delivery {
        name: "D1".into(),
        material: steel,
        site: a,
        quantity: 10.0,
        eta: 100,
    });
    let step = |machine, setup| Step {
        min_lag: 0,
        options: vec![StepOption {
            machine,
            setup,
            run_per_unit: 0.0,
        }],
    };
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![step(M1, 10), step(M2, 20)],
        bom: vec![BomLine {
            material: steel,
            qty_per_unit: 1.0,
        }],
    });
    let q = b.add_product(Product {
        name: "Q".into(),
        steps: vec![step(M1, 30)],
        bom: vec![],
    });
    let r = b.add_product(Product {
        name: "R".into(),
        steps: vec![step(M2, 50)],
        bom: vec![],
    });
    for (name, product) in [("O1", p), ("O2", q), ("O3", r)] {
        let mut o = Order::new(name, product, 10);
        o.due = Some(200);
        b.add_order(o);
    }
    let instance = b.build().expect("fixture builds");
    let op = |op, machine, start, end| ScheduledOp {
        op: OpId(op),
        machine,
        start,
        end,
        mode: takt::model::ModeId::NOMINAL,
    };
    let plan = Schedule {
        ops: vec![
            op(0, M1, 100, 110),
            op(1, M2, 110, 130),
            op(2, M1, 110, 140),
            op(3, M2, 0, 50),
        ],
        ..Schedule::default()
    };
    assert!(validate(&instance, &plan).is_feasible());
    (instance, plan)
}

/// The instance after `events`, as the what-if runner builds it.
fn after(instance: &Instance, plan: &Schedule, events: Vec<Event>) -> Instance {
    let mut r = takt::replan::Replanner::new(
        instance.clone(),
        plan.clone(),
        takt::replan::ReplanOptions::at(0),
    )
    .unwrap();
    r.apply_all(events).unwrap();
    r.instance().clone()
}

fn placements(s: &Schedule) -> Vec<(u32, MachineId, i64, i64)> {
    s.ops
        .iter()
        .map(|o| (o.op.0, o.machine, o.start, o.end))
        .collect()
}

#[test]
fn a_two_hour_late_delivery_pushes_exactly_the_work_that_waits_for_it() {
    let (instance, plan) = fixture();
    let late = after(
        &instance,
        &plan,
        vec![Event::DeliveryDelayed {
            delivery: "D1".into(),
            eta: 220,
        }],
    );
    let kept = ShopFloor::new(&instance, &plan).simulate(&late, 0);
    // O1 step 1 waits for the steel (220), O2 queues behind it on M1, O1 step 2 follows its
    // first step; O3 on M2 does not move.
    assert_eq!(
        placements(&kept.schedule),
        vec![
            (0, M1, 220, 230),
            (1, M2, 230, 250),
            (2, M1, 230, 260),
            (3, M2, 0, 50)
        ]
    );
    assert_eq!(kept.moved, 3);
    // Due at 200: O1 ends at 250 (50 late), O2 at 260 (60 late), O3 on time.
    assert_eq!(kept.kpis.late_orders, 2);
    assert_eq!(kept.kpis.total_tardiness, 110);
    assert!(validate(&late, &kept.schedule).is_feasible());
}

#[test]
fn without_events_the_kept_plan_is_the_published_plan() {
    let (instance, plan) = fixture();
    let kept = ShopFloor::new(&instance, &plan).simulate(&after(&instance, &plan, vec![]), 0);
    assert_eq!(placements(&kept.schedule), placements(&plan));
    assert_eq!(kept.moved, 0);
}

#[test]
fn a_breakdown_restarts_the_interrupted_operation_after_the_repair_and_nothing_starts_early() {
    let (instance, plan) = fixture();
    // M2 down [20, 60): O3 (published [0, 50)) restarts at 60; O1 step 2 keeps its published
    // start 110 although M2 is free from 110 anyway. A cancelled order leaves its time idle.
    let events = vec![
        Event::machine_down("M2", Window::new(20, 60)),
        Event::OrderCancelled { order: "O2".into() },
    ];
    let changed = after(&instance, &plan, events);
    let kept = ShopFloor::new(&instance, &plan).simulate(&changed, 0);
    // After cancelling O2 the operations are O1s1, O1s2, O3 (ids 0, 1, 2).
    assert_eq!(
        placements(&kept.schedule),
        vec![(0, M1, 100, 110), (1, M2, 110, 130), (2, M2, 60, 110)]
    );
    assert_eq!(kept.moved, 1);
    assert!(validate(&changed, &kept.schedule).is_feasible());
}

#[test]
fn a_kept_plan_breaks_no_rule_but_hard_deadlines() {
    let (instance, plan) = fixture();
    let mut b = instance.to_builder();
    b.orders[1].deadline = Some(150); // O2
    let instance = b.build().unwrap();
    let late = after(
        &instance,
        &plan,
        vec![Event::DeliveryDelayed {
            delivery: "D1".into(),
            eta: 220,
        }],
    );
    let kept = ShopFloor::new(&instance, &plan).simulate(&late, 0);
    assert_eq!(kept.missed_deadlines, 1);
    let report = validate(&late, &kept.schedule);
    assert!(
        report
            .violations
            .iter()
            .all(|v| v.code == ViolationCode::DeadlineMissed),
        "{report:?}"
    );
}

#[test]
fn a_grid_is_every_combination_and_each_delay_is_an_event() {
    let (instance, plan) = fixture();
    let axes = vec![
        Axis::parse("delay=0..2h/30m", None).unwrap(),
        Axis::parse("down=1h,2h", None).unwrap(),
    ];
    let grid = Grid::new(&instance, axes, 0).unwrap();
    // 5 delays x 2 machines x 2 lengths.
    assert_eq!(grid.len(), 20);
    let first = grid.scenario(0);
    assert_eq!(first.name, "delay=+0m down=M1:1h");
    assert_eq!(first.events.len(), 1);
    let last = grid.scenario(19);
    assert_eq!(last.name, "delay=+2h down=M2:2h");
    assert_eq!(
        last.events[0],
        Event::DeliveryDelayed {
            delivery: "D1".into(),
            eta: 220
        }
    );
    let whatif = WhatIf::new(
        instance.clone(),
        vec![("plan".into(), plan)],
        WhatIfOptions::at(0),
    )
    .unwrap();
    let results = whatif
        .run(&ScenarioSet::Grid(grid), &Budget::iterations(20))
        .unwrap();
    assert!(results.complete);
    assert_eq!(results.records.len(), 20);
    assert!(results.records.iter().all(|r| r.error.is_none()));
    // The 2-hour delay with M1 down for an hour at 0 (scenario 4 x 4 + 0) leaves O1 and O2 late
    // when kept.
    let worst = &results.records[16];
    assert_eq!(worst.scenario.name, "delay=+2h down=M1:1h");
    let keep = worst.keep.as_ref().unwrap();
    assert_eq!(keep.kpis.late_orders, 2);
    assert!(
        keep.orders
            .iter()
            .any(|d| d.order == 0 && matches!(d.fate, OrderFate::Tardiness(t) if t > 0))
    );
    let bad = Grid::new(&instance, vec![Axis::parse("down:M3=1h", None).unwrap()], 0).unwrap_err();
    assert!(bad.hint.contains("did you mean 'M1'"), "{bad}");
    // A downtime before `now` would fail every scenario; the grid refuses it up front.
    let early = Grid::new(
        &instance,
        vec![Axis::parse("down=1h@30", None).unwrap()],
        60,
    )
    .unwrap_err();
    assert!(early.message.contains("before now"), "{early}");
}

#[test]
fn the_same_seed_gives_the_same_results_on_any_thread_count() {
    let (instance, plan) = fixture();
    let risks_csv = "risk,delivery,machine,probability,mtbf,distribution,min,mode,max,mean\n\
                     delivery_delay,D1,,0.5,,triangular,30,60,240,\n\
                     machine_failure,,*,,300,exponential,,,,40\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("risks.csv");
    std::fs::write(&path, risks_csv).unwrap();
    let risks = read_risks(&instance, &path).unwrap();
    let mut options = WhatIfOptions::at(0);
    options.mode = Mode::Both;
    let whatif = WhatIf::new(instance.clone(), vec![("plan".into(), plan)], options).unwrap();
    let sampler =
        takt::whatif::Sampler::new(&instance, risks, 0, whatif.horizon_end(), 9, 40).unwrap();
    let set = ScenarioSet::Sampled(sampler);
    let one = whatif
        .run(&set, &Budget::iterations(30).with_threads(1))
        .unwrap();
    let three = whatif
        .run(&set, &Budget::iterations(30).with_threads(3))
        .unwrap();
    assert_eq!(one, three);
    assert!(one.records.iter().any(|r| !r.scenario.events.is_empty()));
    assert_eq!(set.scenario(7), set.scenario(7));
}

#[test]
fn explicit_scenarios_group_rows_and_name_an_empty_scenario_by_a_lone_id() {
    let (instance, _) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scenarios.csv");
    std::fs::write(
        &path,
        "scenario,kind,delivery,eta,machine,start,end\n\
         base,,,,,,\n\
         late,delivery_delayed,D1,300,,,\n\
         both,machine_down,,,M1,0,60\n\
         late,machine_down,,,M2,10,20\n\
         both,delivery_delayed,D1,150,,,\n",
    )
    .unwrap();
    let file = read_scenarios(&instance, &path).unwrap();
    let names: Vec<(&str, usize)> = file
        .scenarios
        .iter()
        .map(|s| (s.name.as_str(), s.events.len()))
        .collect();
    assert_eq!(names, vec![("base", 0), ("late", 2), ("both", 2)]);
    assert_eq!(file.lines[1], vec![3, 5]);
    std::fs::write(
        &path,
        "scenario,kind,delivery,eta\n,delivery_delayed,D1,300\nx,delivery_delayed,D2,300\n",
    )
    .unwrap();
    let errors = read_scenarios(&instance, &path).unwrap_err();
    let codes: Vec<(&str, Option<usize>)> =
        errors.iter().map(|e| (e.code.as_str(), e.line)).collect();
    assert_eq!(
        codes,
        vec![("MISSING_VALUE", Some(2)), ("UNKNOWN_DELIVERY", Some(3))]
    );
}

/// Reads `text` as risks.csv of the fixture and returns its errors as (code, line, column).
fn risk_errors(text: &str) -> Vec<(String, Option<usize>, Option<String>, String)> {
    let (instance, _) = fixture();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("risks.csv");
    std::fs::write(&path, text).unwrap();
    let errors = read_risks(&instance, &path).unwrap_err();
    assert!(errors.iter().all(|e| e.file == path));
    errors
        .iter()
        .map(|e| (e.code.to_string(), e.line, e.column.clone(), e.to_string()))
        .collect()
}

#[test]
fn bad_risks_are_reported_with_file_line_column_and_a_fix() {
    let errors = risk_errors(
        "risk,delivery,machine,site,probability,mtbf,duration,distribution,min,mode,max,mean,sd\n\
         delivery_delay,D2,,,0.5,,,fixed,,,,60,\n\
         machine_failure,,M3,,,-5,,exponential,,,,30,\n\
         price_spike,,,A,1.5,,60,uniform,2,,5,,\n\
         delivery_delay,D1,,,0.5,,,triangular,0,90,60,,\n\
         machine_failure,,M1,,,100,,lognormal,,,,-30,10\n\
         price_spike,,,A,0.5,,0,fixed,,,,2,\n\
         delivery_delay,D1,,,,,,normal,,,,60,10\n\
         machine_faliure,,M1,,,100,,fixed,,,,1,\n\
         delivery_delay,D1,M1,,0.2,,,fixed,1,,,60,\n",
    );
    let got: Vec<(&str, Option<usize>, Option<&str>)> = errors
        .iter()
        .map(|(c, l, col, _)| (c.as_str(), *l, col.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("UNKNOWN_DELIVERY", Some(2), Some("delivery")),
            ("UNKNOWN_MACHINE", Some(3), Some("machine")),
            ("NEGATIVE_VALUE", Some(3), Some("mtbf")),
            ("PROBABILITY_OUT_OF_RANGE", Some(4), Some("probability")),
            ("BAD_BOUNDS", Some(5), Some("mode")),
            ("NEGATIVE_VALUE", Some(6), Some("mean")),
            ("NOT_POSITIVE", Some(7), Some("duration")),
            ("UNKNOWN_DISTRIBUTION", Some(8), Some("distribution")),
            ("UNKNOWN_RISK", Some(9), Some("risk")),
            ("CELL_NOT_USED", Some(10), Some("machine")),
            ("CELL_NOT_USED", Some(10), Some("min")),
        ]
    );
    let text = |code: &str, line: usize| {
        errors
            .iter()
            .find(|(c, l, _, _)| c == code && *l == Some(line))
            .map(|e| e.3.clone())
            .unwrap()
    };
    assert!(text("UNKNOWN_DELIVERY", 2).contains("did you mean 'D1'"));
    assert!(text("UNKNOWN_MACHINE", 3).contains("did you mean 'M1'"));
    assert!(text("UNKNOWN_DISTRIBUTION", 8).contains("lognormal"));
    assert!(text("UNKNOWN_RISK", 9).contains("did you mean 'machine_failure'"));
    assert!(text("PROBABILITY_OUT_OF_RANGE", 4).contains("risks.csv:4: column 'probability'"));
}

#[test]
fn a_risks_file_without_rows_or_with_a_missing_column_is_refused() {
    let codes =
        |text: &str| -> Vec<String> { risk_errors(text).into_iter().map(|e| e.0).collect() };
    assert_eq!(codes("risk,distribution\n# nothing yet\n"), vec!["NO_RISK"]);
    assert_eq!(codes("risk,machine\n"), vec!["MISSING_COLUMN"]);
    assert_eq!(
        codes("risk,distribution,mtbf\nmachine_failure,fixed,abc\n"),
        vec!["MISSING_VALUE", "MISSING_VALUE", "NOT_A_NUMBER"]
    );
}

#[cfg(feature = "cli")]
fn takt() -> Command {
    Command::new(env!("CARGO_BIN_EXE_takt"))
}

#[cfg(feature = "cli")]
fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().expect("takt runs");
    assert!(
        out.status.success(),
        "{cmd:?}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[cfg(feature = "cli")]
/// The demo plant's dispatching plan, written as a published plan into `dir`.
fn demo_plan(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("published");
    run_ok(
        takt()
            .args([
                "solve",
                "instances/demo",
                "--solver",
                "greedy",
                "--json",
                "--out",
            ])
            .arg(&out),
    );
    out.join("schedule.csv")
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_writes_results_and_four_shards_merge_into_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = demo_plan(dir.path());
    let common = |cmd: &mut Command| {
        cmd.args(["whatif", "instances/demo", "--schedule"])
            .arg(&plan)
            .args([
                "--risks",
                "instances/demo-risks.csv",
                "--samples",
                "12",
                "--seed",
                "7",
                "--iterations",
                "20",
                "--quiet",
            ]);
    };
    let whole = dir.path().join("whole");
    let mut cmd = takt();
    common(&mut cmd);
    run_ok(cmd.args(["--threads", "2", "--out"]).arg(&whole));
    let mut shards = Vec::new();
    for i in 1..=4 {
        let out = dir.path().join(format!("shard{i}"));
        let mut cmd = takt();
        common(&mut cmd);
        run_ok(
            cmd.args(["--threads", "1", "--shard", &format!("{i}/4"), "--out"])
                .arg(&out),
        );
        shards.push(out);
    }
    let merged = dir.path().join("merged");
    run_ok(
        takt()
            .arg("whatif-merge")
            .args(&shards)
            .arg("--quiet")
            .arg("--out")
            .arg(&merged),
    );
    for file in takt::whatif::RESULT_FILES {
        let a = std::fs::read(whole.join(file)).unwrap();
        let b = std::fs::read(merged.join(file)).unwrap();
        assert!(
            a == b,
            "{file} differs between the whole run and the merged shards"
        );
    }
    let csv = std::fs::read_to_string(whole.join("scenarios.csv")).unwrap();
    assert_eq!(csv.lines().count(), 13);
    assert!(csv.starts_with("plan,scenario,name,keep_objective"));
    let html = std::fs::read_to_string(whole.join("whatif.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("Orders most at risk"));
    assert!(!html.contains("http://") && !html.contains("https://"));
    // A missing shard is refused.
    let out = takt()
        .arg("whatif-merge")
        .args(&shards[..3])
        .arg("--out")
        .arg(dir.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("shard 4/4 is missing"));
}

#[cfg(feature = "cli")]
#[test]
fn the_command_line_compares_two_plans_and_reports_bad_scenarios_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let plan = demo_plan(dir.path());
    let other = dir.path().join("other");
    run_ok(
        takt()
            .args([
                "solve",
                "instances/demo",
                "--solver",
                "search",
                "--iterations",
                "50",
                "--json",
                "--out",
            ])
            .arg(&other),
    );
    let stdout = run_ok(
        takt()
            .args(["whatif", "instances/demo", "--plans"])
            .arg(&plan)
            .arg(other.join("schedule.csv"))
            .args([
                "--scenarios",
                "instances/demo-scenarios.csv",
                "--iterations",
                "20",
                "--no-html",
                "--json",
                "--out",
            ])
            .arg(dir.path().join("cmp")),
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(summary["evaluated"], 4);
    assert_eq!(summary["plans"].as_array().unwrap().len(), 2);
    assert!(
        summary["comparisons"][0]["verdict"]
            .as_str()
            .unwrap()
            .contains("robust")
    );
    assert!(!dir.path().join("cmp/whatif.html").exists());
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "scenario,kind,delivery,eta\nok,,,\nearly,delivery_delayed,STEEL-N1,-100\n",
    )
    .unwrap();
    let out = takt()
        .args(["whatif", "instances/demo", "--schedule"])
        .arg(&plan)
        .arg("--scenarios")
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.csv:3: error[ETA_BEFORE_NOW]"),
        "{stderr}"
    );
}

#[test]
fn scenario_names_and_events_read_back_from_json() {
    let s = Scenario::new("x", vec![Event::machine_down("M1", Window::new(0, 10))]);
    let back: Scenario = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
}
