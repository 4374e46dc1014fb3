//! The order priority class (`priority` in `orders.csv`): it breaks dispatching ties (and changes no
//! plan when every order has the same class), it is counted in the KPIs and named in a re-plan's
//! diff, and the plan files carry it in a column that readers accept with and without.

use std::path::Path;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, Rule, dispatch, dispatch_with_rule};
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::generate::{GeneratorConfig, generate};
use takt::io::{read_instance_folder, read_plan, write_plan};
use takt::model::{
    Horizon, Instance, InstanceBuilder, Machine, MachineId, ModeId, OpId, Order, Priority, Product,
    Site,
};
use takt::solution::{
    Kpis, OrderStatus, PlanDiff, PriorityKpis, Schedule, ScheduledOp, UnplannedOrder, evaluate,
};
use takt::validate::validate;

/// One machine; one 10-minute step per order; orders `(name, class, due)` in id order.
fn one_machine(orders: &[(&str, Priority, i64)]) -> Instance {
    let mut b = InstanceBuilder::new("classes");
    let site = b.add_site(Site::new("A"));
    let m = b.add_machine(Machine::new("M", site));
    let p = b.add_product(Product::on_one_machine("P", m, 10));
    for &(name, priority, due) in orders {
        let mut o = Order::new(name, p, 1);
        o.due = Some(due);
        o.value.priority = priority;
        b.add_order(o);
    }
    b.build().unwrap()
}

/// Operation `k` (order `k`'s only step) on the one machine from `start`.
fn at(k: u32, start: i64) -> ScheduledOp {
    ScheduledOp {
        op: OpId(k),
        machine: MachineId(0),
        start,
        end: start + 10,
        mode: ModeId::NOMINAL,
    }
}

/// Every order of `instance` in `class`.
fn all_in(instance: &Instance, class: Priority) -> Instance {
    let mut b = instance.to_builder();
    for o in &mut b.orders {
        o.value.priority = class;
    }
    b.build().unwrap()
}

#[test]
fn a_dispatching_tie_goes_to_the_higher_class_under_every_rule() {
    use Priority::*;
    // Identical orders but for the class, lowest class first in id order.
    let inst = one_machine(&[("L", Low, 100), ("N", Normal, 100), ("H", High, 100)]);
    let starts = |plan: &Schedule| -> Vec<i64> {
        let mut s: Vec<(OpId, i64)> = plan.ops.iter().map(|o| (o.op, o.start)).collect();
        s.sort();
        s.into_iter().map(|(_, start)| start).collect()
    };
    for rule in Rule::ALL {
        let plan = dispatch_with_rule(&inst, rule, true);
        assert!(validate(&inst, &plan).is_feasible(), "{rule}");
        assert_eq!(starts(&plan), [20, 10, 0], "{rule}: H, then N, then L");
    }
    let best = dispatch(&inst, &DispatchOptions::default());
    assert_eq!(starts(&best), [20, 10, 0]);
}

#[test]
fn one_class_for_every_order_changes_no_plan() {
    for seed in [3, 17] {
        let config = GeneratorConfig {
            orders: 30,
            machines: 5,
            sites: 2,
            seed,
            ..GeneratorConfig::default()
        };
        let normal = generate(&config).unwrap();
        assert!(!normal.has_priorities());
        let budget = Budget::iterations(1_500).with_threads(2).with_seed(seed);
        let search = |inst: &Instance| {
            let outcome = solve(
                inst,
                &SolveOptions::with_solver(SolverKind::Search),
                &budget,
            )
            .expect("search solves");
            outcome.schedule.expect("a plan")
        };
        let normal_search = search(&normal);
        for class in [Priority::High, Priority::Low] {
            let same = all_in(&normal, class);
            for rule in Rule::ALL {
                assert_eq!(
                    dispatch_with_rule(&same, rule, true),
                    dispatch_with_rule(&normal, rule, true),
                    "seed {seed}, all {class}, {rule}"
                );
            }
            assert_eq!(search(&same), normal_search, "seed {seed}, all {class}");
        }
    }
}

#[test]
fn the_kpis_count_the_high_priority_orders_and_read_back_from_older_files() {
    use Priority::*;
    // H on time, H2 late by 10 (weight 1), N late, L left out.
    let inst = one_machine(&[
        ("H", High, 10),
        ("H2", High, 20),
        ("N", Normal, 10),
        ("L", Low, 10),
    ]);
    let plan = Schedule {
        ops: vec![at(0, 0), at(1, 20), at(2, 10)],
        unplanned: vec![UnplannedOrder::unplannable(
            takt::model::OrderId(3),
            "left out by the test",
        )],
        ..Schedule::default()
    };
    let kpis = evaluate(&inst, &plan);
    assert_eq!(
        kpis.priority,
        PriorityKpis {
            high_priority_orders: 2,
            high_priority_late: 1,
            high_priority_weighted_tardiness: 10.0,
            high_priority_left_out: 0,
        }
    );
    assert_eq!(kpis.late_orders, 2, "H2 and N");
    // L is low: a left-out high order counts.
    let mut high_l = inst.to_builder();
    high_l.orders[3].value.priority = High;
    let high_l = high_l.build().unwrap();
    assert_eq!(evaluate(&high_l, &plan).priority.high_priority_left_out, 1);
    assert_eq!(evaluate(&high_l, &plan).priority.high_priority_orders, 3);
    // Flat in kpis.json; a kpis.json written before the fields existed reads them as 0.
    let mut json = serde_json::to_value(&kpis).unwrap();
    assert_eq!(json["high_priority_orders"], 2);
    assert_eq!(json["high_priority_late"], 1);
    assert_eq!(json["high_priority_weighted_tardiness"], 10.0);
    assert_eq!(json["high_priority_left_out"], 0);
    for field in [
        "high_priority_orders",
        "high_priority_late",
        "high_priority_weighted_tardiness",
        "high_priority_left_out",
    ] {
        json.as_object_mut().unwrap().remove(field);
    }
    let old: Kpis = serde_json::from_value(json).unwrap();
    assert_eq!(old.priority, PriorityKpis::default());
    assert_eq!(old.late_orders, 2);
}

#[test]
fn the_diff_names_the_high_priority_orders_that_became_late() {
    use Priority::*;
    let inst = one_machine(&[("L", Low, 100), ("N", Normal, 15), ("H", High, 15)]);
    // Before: H, N (late), L. After: N, H (late), L.
    let old = Schedule {
        ops: vec![at(2, 0), at(1, 10), at(0, 20)],
        ..Schedule::default()
    };
    let new = Schedule {
        ops: vec![at(1, 0), at(2, 10), at(0, 20)],
        ..Schedule::default()
    };
    let horizon = Horizon {
        now: 0,
        published_until: 0,
    };
    let diff = PlanDiff::between(&inst, &old, &inst, &new, &horizon);
    let became: Vec<&str> = diff
        .high_priority_became_late()
        .map(|o| o.order.as_str())
        .collect();
    assert_eq!(became, ["H"]);
    let n = diff.orders.iter().find(|o| o.order == "N").unwrap();
    assert_eq!((n.priority, n.after.as_str()), (Normal, "on_time"));
    assert!(!n.high_priority_became_late());
    let json = serde_json::to_value(&diff.orders).unwrap();
    let h = json.as_array().unwrap().iter().find(|o| o["order"] == "H");
    assert_eq!(h.unwrap()["priority"], "high");
    let n = json.as_array().unwrap().iter().find(|o| o["order"] == "N");
    assert!(
        n.unwrap().get("priority").is_none(),
        "normal is not written"
    );
    assert_eq!(diff.before.priority.high_priority_late, 0);
    assert_eq!(diff.after.priority.high_priority_late, 1);
    // The other way round nothing became late; a change of class alone is no status change.
    let back = PlanDiff::between(&inst, &new, &inst, &old, &horizon);
    assert_eq!(back.high_priority_became_late().count(), 0);
    assert!(matches!(
        back.orders.iter().find(|o| o.order == "N").unwrap().after,
        OrderStatus::Late { .. }
    ));
}

fn example() -> Instance {
    read_instance_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/example")).unwrap()
}

/// Removes the last column (`priority`) of every line of a plan file.
fn without_last_column(path: &Path) {
    let text = std::fs::read_to_string(path).unwrap();
    let cut: String = text
        .lines()
        .map(|l| format!("{}\n", &l[..l.rfind(',').unwrap()]))
        .collect();
    std::fs::write(path, cut).unwrap();
}

#[test]
fn plan_files_carry_a_priority_column_that_readers_take_with_and_without() {
    // The example's O1 (shipped to the depot) high, O3 low and left out.
    let mut b = example().to_builder();
    b.orders[0].value.priority = Priority::High;
    b.orders[2].value.priority = Priority::Low;
    let inst = b.build().unwrap();
    let o3 = takt::model::OrderId(2);
    let mut plan = dispatch(&inst, &DispatchOptions::default());
    let o3_ops = inst.order_plan(o3).ops.clone();
    plan.ops.retain(|s| !o3_ops.contains(&s.op.0));
    plan.shipments.retain(|s| s.order != o3);
    plan.unplanned = vec![UnplannedOrder::unplannable(o3, "left out by the test")];
    plan.normalize();
    let dir = tempfile::tempdir().unwrap();
    write_plan(&inst, &plan, dir.path()).unwrap();
    let shipments = std::fs::read_to_string(dir.path().join("shipments.csv")).unwrap();
    let unplanned = std::fs::read_to_string(dir.path().join("unplanned.csv")).unwrap();
    assert!(
        shipments
            .lines()
            .next()
            .unwrap()
            .ends_with(",due,tardiness,priority"),
        "{shipments}"
    );
    assert!(
        shipments.lines().nth(1).unwrap().starts_with("O1,") && shipments.ends_with(",high\n"),
        "{shipments}"
    );
    assert_eq!(
        unplanned,
        "order,reason,decision,priority\nO3,left out by the test,unplannable,low\n"
    );
    let schedule = dir.path().join("schedule.csv");
    let read = |inst: &Instance| {
        let mut files = read_plan(inst, &schedule).unwrap();
        assert!(files.has_shipments && files.has_unplanned);
        files.schedule.normalize();
        files.schedule
    };
    assert_eq!(read(&inst), plan);
    // The class comes from orders.csv: the same files read under the example without classes.
    assert_eq!(read(&example()), plan);
    // Files written before the column existed read the same.
    without_last_column(&dir.path().join("shipments.csv"));
    without_last_column(&dir.path().join("unplanned.csv"));
    assert!(
        std::fs::read_to_string(dir.path().join("unplanned.csv"))
            .unwrap()
            .starts_with("order,reason,decision\n")
    );
    assert_eq!(read(&inst), plan);
    // Without classes nothing changes in the files.
    let plain = tempfile::tempdir().unwrap();
    write_plan(&example(), &plan, plain.path()).unwrap();
    let text = std::fs::read_to_string(plain.path().join("unplanned.csv")).unwrap();
    assert!(text.starts_with("order,reason,decision\n"), "{text}");
}

#[cfg(feature = "cli")]
mod cli {
    use std::path::Path;
    use std::process::{Command, Output};

    fn takt(args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_takt"))
            .args(args)
            .output()
            .expect("takt runs")
    }

    fn stdout(o: &Output) -> String {
        String::from_utf8_lossy(&o.stdout).into_owned()
    }

    /// The example plant with a `priority` column: O1 high, O2 normal, O3 low.
    fn example_with_classes(dir: &Path) {
        let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/example");
        std::fs::create_dir_all(dir).unwrap();
        for entry in std::fs::read_dir(&example).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
        let orders = std::fs::read_to_string(dir.join("orders.csv")).unwrap();
        let classes = ["priority", "high", "normal", "low"];
        let with: String = orders
            .lines()
            .zip(classes)
            .map(|(line, class)| format!("{line},{class}\n"))
            .collect();
        assert_eq!(with.lines().count(), 4, "{orders}");
        std::fs::write(dir.join("orders.csv"), with).unwrap();
    }

    #[test]
    fn solve_prints_and_writes_the_high_priority_orders_and_check_reads_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let instance = dir.path().join("instance");
        example_with_classes(&instance);
        let out = dir.path().join("out");
        let (instance, out_s) = (instance.to_str().unwrap(), out.to_str().unwrap());
        let o = takt(&["solve", instance, "--solver", "greedy", "--out", out_s]);
        assert!(o.status.success(), "{}", stdout(&o));
        let text = stdout(&o);
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("priority"))
            .unwrap_or_else(|| panic!("no priority line: {text}"));
        assert!(line.contains("1 high-priority order(s): "), "{line}");
        assert!(line.contains("0 left out"), "{line}");
        let kpis: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.join("kpis.json")).unwrap()).unwrap();
        assert_eq!(kpis["high_priority_orders"], 1, "{kpis}");
        assert_eq!(kpis["high_priority_left_out"], 0, "{kpis}");
        let late = kpis["high_priority_late"].as_u64().unwrap();
        assert!(
            line.contains(&format!(": {late} late (weighted tardiness")),
            "{line}"
        );
        let unplanned = std::fs::read_to_string(out.join("unplanned.csv")).unwrap();
        assert!(unplanned.starts_with("order,reason,decision,priority\n"));
        let schedule = out.join("schedule.csv");
        let schedule = schedule.to_str().unwrap();
        let c = takt(&["check", instance, schedule]);
        assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
        // A plan folder written before the column existed is still read.
        for file in ["shipments.csv", "unplanned.csv"] {
            super::without_last_column(&out.join(file));
        }
        let c = takt(&["check", instance, schedule]);
        assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
        // The README lists every field of the JSON outcome.
        let o = takt(&[
            "solve", instance, "--solver", "greedy", "--json", "--out", out_s,
        ]);
        assert!(o.status.success(), "{}", stdout(&o));
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
                .unwrap();
        let missing: Vec<&String> = json
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !readme.contains(&format!("`{k}`")))
            .collect();
        assert!(missing.is_empty(), "not in the README: {missing:?}");
    }

    /// One machine, 60-minute orders released at 30: `H` (high, due 100) and `N` (normal, due 1000).
    fn two_orders(dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        for (file, text) in [
            ("sites.csv", "id\nA\n"),
            ("machines.csv", "id,site\nM,A\n"),
            (
                "routings.csv",
                "product,step,machine,setup,run_per_unit\nP,1,M,60,0\n",
            ),
            (
                "orders.csv",
                "id,product,quantity,release,due,priority\nH,P,1,30,100,high\nN,P,1,30,1000,normal\n",
            ),
        ] {
            std::fs::write(dir.join(file), text).unwrap();
        }
    }

    #[test]
    fn replan_names_the_high_priority_order_a_breakdown_makes_late() {
        let dir = tempfile::tempdir().unwrap();
        let instance = dir.path().join("instance");
        two_orders(&instance);
        let plan = dir.path().join("plan");
        let instance = instance.to_str().unwrap();
        let o = takt(&[
            "solve",
            instance,
            "--solver",
            "greedy",
            "--out",
            plan.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stdout(&o));
        let events = dir.path().join("events.csv");
        std::fs::write(&events, "kind,machine,start,end\nmachine_down,M,0,200\n").unwrap();
        let schedule = plan.join("schedule.csv");
        let replan = |out: &str, extra: &[&str]| {
            let out = dir.path().join(out);
            let mut args = vec![
                "replan",
                instance,
                "--schedule",
                schedule.to_str().unwrap(),
                "--events",
                events.to_str().unwrap(),
                "--now",
                "0",
                "--out",
                out.to_str().unwrap(),
            ];
            args.extend_from_slice(extra);
            let o = takt(&args);
            assert!(o.status.success(), "{}", stdout(&o));
            o
        };
        let text = stdout(&replan("re", &[]));
        assert!(text.contains("became late: H"), "{text}");
        assert!(text.contains("order        H (high): on time"), "{text}");
        let o = replan("re-json", &["--json"]);
        let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let changes = json["replan"]["order_changes"].as_array().unwrap();
        let h = changes.iter().find(|c| c["order"] == "H").unwrap();
        assert_eq!(h["priority"], "high", "{json}");
        assert_eq!(h["after"]["status"], "late", "{json}");
        assert_eq!(json["high_priority_late"], 1, "{json}");
    }
}
