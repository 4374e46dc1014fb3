//! A re-plan re-sequences work when closing the idle time an event leaves pays only together with
//! the new sequence (the squeeze move of the plant search).
//!
//! One machine M makes P in one 60-minute step. The published plan runs N (due 120), H (high
//! priority, due 130) and L (due 180) back to back from minute 0; M is then lost for the first
//! 30 minutes. Repairing keeps H and L at their published times and puts N last, 120 minutes
//! late. Moving H to minute 30 alone gains nothing, and no single re-insertion of N finds a gap,
//! so a search that only re-inserts orders into the gaps the plan has stays there (it stopped at
//! H, L, N: 90 minutes of lateness). H, N, L is late by 60 minutes in all (N 30, L 30) and keeps
//! the high-priority order on time.

use std::time::Duration;
use takt::budget::Budget;
use takt::model::{
    Instance, InstanceBuilder, Machine, MachineId, Minutes, OpId, Order, Priority, Product, Site,
    Step, StepOption, Window,
};
use takt::replan::{Event, ReplanOptions, Replanner};
use takt::solution::{Schedule, ScheduledOp, evaluate};
use takt::validate::validate;

const M: MachineId = MachineId(0);

fn instance() -> Instance {
    let mut b = InstanceBuilder::new("resequence");
    let site = b.add_site(Site::new("plant"));
    b.add_machine(Machine::new("M", site));
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![Step {
            min_lag: 0,
            options: vec![StepOption {
                machine: M,
                setup: 0,
                run_per_unit: 60.0,
            }],
        }],
        bom: vec![],
    });
    for (name, due, priority) in [
        ("N", 120, Priority::Normal),
        ("H", 130, Priority::High),
        ("L", 180, Priority::Normal),
    ] {
        let mut o = Order::new(name, p, 1);
        o.due = Some(due);
        o.value.priority = priority;
        b.add_order(o);
    }
    b.build().expect("valid instance")
}

fn op(op: u32, start: Minutes) -> ScheduledOp {
    ScheduledOp {
        op: OpId(op),
        machine: M,
        start,
        end: start + 60,
        mode: takt::model::ModeId::NOMINAL,
    }
}

/// Order names in start order, with their starts.
fn sequence(instance: &Instance, schedule: &Schedule) -> Vec<(String, Minutes)> {
    let mut ops = schedule.ops.clone();
    ops.sort_by_key(|p| p.start);
    ops.iter()
        .map(|p| {
            (
                instance.order(instance.op(p.op).order).name.clone(),
                p.start,
            )
        })
        .collect()
}

#[test]
fn a_breakdown_re_sequences_when_closing_its_idle_time_pays_only_with_the_new_order() {
    let published = Schedule {
        ops: vec![op(0, 0), op(1, 60), op(2, 120)],
        ..Schedule::default()
    };
    let mut r = Replanner::new(instance(), published, ReplanOptions::at(0)).expect("feasible");
    r.apply(Event::MachineDown {
        machine: "M".into(),
        window: Window::new(0, 30),
        interrupt: Default::default(),
    })
    .unwrap();
    for seed in 0..4 {
        let budget = Budget::time(Duration::from_secs(60))
            .with_iterations(Some(400))
            .with_seed(seed);
        let outcome = r.replan(&budget).expect("re-plan");
        let schedule = outcome.schedule.clone().expect("a plan");
        let report = validate(&outcome.instance, &schedule);
        assert!(report.is_feasible(), "{report}");
        assert_eq!(
            sequence(&outcome.instance, &schedule),
            vec![("H".into(), 30), ("N".into(), 90), ("L".into(), 150)],
            "seed {seed}"
        );
        let kpis = evaluate(&outcome.instance, &schedule);
        assert_eq!(kpis.total_tardiness, 60, "seed {seed}");
    }
}
