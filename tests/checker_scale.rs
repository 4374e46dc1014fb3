//! The checker on a plan with 100,000 operations: it must handle plant-sized plans (sort and sweep,
//! no quadratic loops) and still find a single injected fault among them.

use takt::model::{
    Instance, InstanceBuilder, Machine, MachineId, OpId, Order, Product, Site, Step, StepOption,
};
use takt::solution::{Schedule, ScheduledOp};
use takt::validate::validate;

const ORDERS: usize = 50_000;
const LINES: usize = 5;

/// One site with two banks of `LINES` machines; every order runs 10 minutes on the first bank, then
/// 10 minutes on the second.
fn big_instance() -> Instance {
    let mut b = InstanceBuilder::new("big");
    let site = b.add_site(Site::new("A"));
    let machines: Vec<MachineId> = (0..2 * LINES)
        .map(|k| b.add_machine(Machine::new(format!("M{k}"), site)))
        .collect();
    let bank = |range: std::ops::Range<usize>| Step {
        min_lag: 0,
        options: machines[range]
            .iter()
            .map(|&machine| StepOption {
                machine,
                setup: 10,
                run_per_unit: 0.0,
            })
            .collect(),
    };
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![bank(0..LINES), bank(LINES..2 * LINES)],
        bom: vec![],
    });
    for i in 0..ORDERS {
        b.add_order(Order::new(format!("O{i}"), p, 1));
    }
    b.build().expect("valid instance")
}

/// Order `i` runs step 1 on machine `i % LINES` in slot `i / LINES` and step 2 one slot later on
/// the matching machine of the second bank.
fn pipeline_plan() -> Schedule {
    let mut plan = Schedule::default();
    for i in 0..ORDERS {
        let slot = (i / LINES) as i64 * 10;
        let line = (i % LINES) as u32;
        plan.ops.push(ScheduledOp {
            op: OpId::from_index(2 * i),
            machine: MachineId(line),
            start: slot,
            end: slot + 10,
            mode: takt::model::ModeId::NOMINAL,
        });
        plan.ops.push(ScheduledOp {
            op: OpId::from_index(2 * i + 1),
            machine: MachineId(LINES as u32 + line),
            start: slot + 10,
            end: slot + 20,
            mode: takt::model::ModeId::NOMINAL,
        });
    }
    plan
}

#[test]
fn a_plan_with_100_000_operations_is_checked_and_a_single_fault_is_found() {
    let instance = big_instance();
    let mut plan = pipeline_plan();
    assert_eq!(plan.ops.len(), 100_000);
    let report = validate(&instance, &plan);
    assert!(report.is_complete(), "{report}");

    // Order 100 step 2 starts one minute early: before its step 1 ends and while order 95's step 2
    // still runs on the same machine.
    let faulty = OpId(201);
    let s = plan.ops.iter_mut().find(|s| s.op == faulty).unwrap();
    s.start -= 1;
    s.end -= 1;
    let report = validate(&instance, &plan);
    let codes: Vec<&str> = report.violations.iter().map(|v| v.code.as_str()).collect();
    assert_eq!(codes, vec!["ROUTING_ORDER", "MACHINE_OVERLAP"]);
    assert_eq!(report.violations[1].ops, vec![OpId(191), faulty]);
    assert_eq!(report.violations[1].at, Some(209));
}
