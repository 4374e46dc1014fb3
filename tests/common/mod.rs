//! Tiny hand-made plants and plans for the checker tests.
//!
//! The base plant: site `A` (plant) and site `C` (customer), machines `M1` (60 kW) and `M2` (40 kW)
//! at `A`, lane `A-C` (30 minutes, capacity 20). Product `P` has two steps: step 1 on `M1`
//! (5 + 1/unit) or `M2` (2/unit); step 2 on `M2` (1/unit) after a lag of 10. Orders `O1` and `O2`
//! want 10 units each, shipped to `C`.
//!
//! The base plan (feasible, with touching intervals):
//! ```text
//! M1: O1s1 [0,15)  O2s1 [15,30)
//! M2:              O1s2 [25,35)      O2s2 [40,50)
//! ships: O1 35 -> 65, O2 50 -> 80 on lane A-C
//! ```
#![allow(dead_code)]

use takt::model::{
    Instance, InstanceBuilder, Lane, LaneId, Machine, MachineId, Minutes, OpId, Order, OrderId,
    Product, Site, SiteId, Step, StepOption,
};
use takt::solution::{Schedule, ScheduledOp, Shipment};
use takt::validate::{Report, Violation, ViolationCode};

pub const A: SiteId = SiteId(0);
pub const C: SiteId = SiteId(1);
pub const M1: MachineId = MachineId(0);
pub const M2: MachineId = MachineId(1);
pub const LANE_AC: LaneId = LaneId(0);
pub const O1: OrderId = OrderId(0);
pub const O2: OrderId = OrderId(1);
/// Operations: order O1 steps 1 and 2, then order O2 steps 1 and 2.
pub const O1S1: OpId = OpId(0);
pub const O1S2: OpId = OpId(1);
pub const O2S1: OpId = OpId(2);
pub const O2S2: OpId = OpId(3);

/// The base plant as a builder, so that tests can add what their rule needs.
pub fn plant() -> InstanceBuilder {
    let mut b = InstanceBuilder::new("two-machines");
    let a = b.add_site(Site::new("A"));
    let c = b.add_site(Site::new("C"));
    let mut m1 = Machine::new("M1", a);
    m1.power_kw = 60.0;
    let mut m2 = Machine::new("M2", a);
    m2.power_kw = 40.0;
    let m1 = b.add_machine(m1);
    let m2 = b.add_machine(m2);
    b.add_lane(lane("A-C", a, c, Some(20)));
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![
            Step {
                min_lag: 0,
                options: vec![option(m1, 5, 1.0), option(m2, 0, 2.0)],
            },
            Step {
                min_lag: 10,
                options: vec![option(m2, 0, 1.0)],
            },
        ],
        bom: vec![],
    });
    for name in ["O1", "O2"] {
        let mut o = Order::new(name, p, 10);
        o.customer = Some(c);
        b.add_order(o);
    }
    b
}

/// A lane with 30 minutes transit and cost 1 per unit.
pub fn lane(name: &str, from: SiteId, to: SiteId, capacity: Option<u32>) -> Lane {
    Lane {
        name: name.into(),
        from,
        to,
        transit: 30,
        cost_per_unit: 1.0,
        capacity,
    }
}

/// A routing option.
pub fn option(machine: MachineId, setup: Minutes, run_per_unit: f64) -> StepOption {
    StepOption {
        machine,
        setup,
        run_per_unit,
    }
}

/// Builds an instance, failing the test with the model's issues when it is invalid.
pub fn build(b: InstanceBuilder) -> Instance {
    match b.build() {
        Ok(instance) => instance,
        Err(e) => panic!("test instance is invalid: {e:?}"),
    }
}

/// A placed operation.
pub fn op(op: OpId, machine: MachineId, start: Minutes, end: Minutes) -> ScheduledOp {
    ScheduledOp {
        op,
        machine,
        start,
        end,
        mode: takt::model::ModeId::NOMINAL,
    }
}

/// A shipment along `lanes`.
pub fn ship(order: OrderId, lanes: &[LaneId], depart: Minutes, arrive: Minutes) -> Shipment {
    Shipment {
        order,
        lanes: lanes.to_vec(),
        depart,
        arrive,
    }
}

/// The feasible base plan (see the module docs).
pub fn base_plan() -> Schedule {
    Schedule {
        ops: vec![
            op(O1S1, M1, 0, 15),
            op(O1S2, M2, 25, 35),
            op(O2S1, M1, 15, 30),
            op(O2S2, M2, 40, 50),
        ],
        shipments: vec![ship(O1, &[LANE_AC], 35, 65), ship(O2, &[LANE_AC], 50, 80)],
        unplanned: vec![],
        transfers: Vec::new(),
    }
}

/// The placement of `id` in `plan`, to edit it.
pub fn placed(plan: &mut Schedule, id: OpId) -> &mut ScheduledOp {
    plan.ops
        .iter_mut()
        .find(|s| s.op == id)
        .expect("operation is in the plan")
}

/// The shipment of `order` in `plan`, to edit it.
pub fn shipment(plan: &mut Schedule, order: OrderId) -> &mut Shipment {
    plan.shipments
        .iter_mut()
        .find(|s| s.order == order)
        .expect("order ships in the plan")
}

/// The codes of a report's violations, in report order.
pub fn codes(report: &Report) -> Vec<&'static str> {
    report.violations.iter().map(|v| v.code.as_str()).collect()
}

/// Asserts that the report holds exactly one violation, of `code`, and returns it.
pub fn only(report: &Report, code: ViolationCode) -> &Violation {
    assert_eq!(
        codes(report),
        vec![code.as_str()],
        "expected exactly one {code}, got:\n{report}"
    );
    &report.violations[0]
}

/// Asserts that the report has no violation.
pub fn assert_feasible(report: &Report) {
    assert!(
        report.is_feasible(),
        "expected a feasible plan, got:\n{report}"
    );
}
