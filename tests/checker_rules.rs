//! Every checker rule on a tiny plant: a plan that breaks exactly that rule is reported with the
//! right code, ids and times, and the correct plan of the same instance passes.

mod common;

use common::*;
use takt::model::{
    BomLine, Delivery, LaneId, Machine, MachineId, Material, OpId, OrderId, SiteId, Stock, Window,
};
use takt::solution::{Schedule, UnplannedOrder};
use takt::validate::{CheckOptions, ViolationCode as Code, validate, validate_with};

const NO_SHIPMENTS: CheckOptions = CheckOptions {
    check_shipments: false,
};

// ---------------------------------------------------------------- feasible plans

#[test]
fn feasible_plan_with_touching_intervals_is_complete() {
    let instance = build(plant());
    let plan = base_plan();
    // O1s1 ends at 15 when O2s1 starts on M1.
    assert_eq!(plan.ops[0].end, plan.ops[2].start);
    let report = validate(&instance, &plan);
    assert_feasible(&report);
    assert!(report.is_complete());
    assert!(report.shipments_checked);
    assert!(report.unplanned.is_empty());
    assert!(report.counts_by_code().is_empty());
}

#[test]
fn operations_may_be_listed_in_any_order() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.ops.reverse();
    plan.shipments.reverse();
    assert_feasible(&validate(&instance, &plan));
}

// ---------------------------------------------------------------- assignment

#[test]
fn unknown_operation_is_reported_with_its_id_and_machine() {
    let instance = build(plant());
    assert_feasible(&validate(&instance, &base_plan()));
    let mut plan = base_plan();
    plan.ops.push(op(OpId(99), M1, 100, 115));
    let report = validate(&instance, &plan);
    let v = only(&report, Code::UnknownOperation);
    assert_eq!(v.ops, vec![OpId(99)]);
    assert_eq!(v.machines, vec![M1]);
    assert_eq!(v.at, Some(100));
    assert!(v.message.contains("operation 99"), "{}", v.message);
}

#[test]
fn duplicate_operation_is_reported_and_its_first_entry_counts() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.ops.push(op(O1S1, M1, 100, 115));
    let report = validate(&instance, &plan);
    let v = only(&report, Code::DuplicateOperation);
    assert_eq!(v.ops, vec![O1S1]);
    assert_eq!(v.orders, vec![O1]);
    assert_eq!(v.at, Some(100));
    assert!(v.message.contains("order 'O1' step 1"), "{}", v.message);
}

#[test]
fn missing_operation_names_the_order_and_step() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.ops.retain(|s| s.op != O2S2);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::MissingOperation);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S2]);
    assert!(v.message.contains("order 'O2'"), "{}", v.message);
    assert!(v.message.contains("step(s) 2 of its 2"), "{}", v.message);
}

#[test]
fn unplanned_order_with_operations_or_shipment_is_reported() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.unplanned.push(UnplannedOrder {
        decision: Default::default(),
        order: O2,
        reason: "test".into(),
    });
    let report = validate(&instance, &plan);
    let v = only(&report, Code::UnplannedButScheduled);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S1, O2S2]);
    assert_eq!(v.at, Some(15));
    assert!(
        v.message.contains("2 of its operations and 1 shipment"),
        "{}",
        v.message
    );

    // Only the shipment left: still reported.
    plan.ops.retain(|s| s.op != O2S1 && s.op != O2S2);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::UnplannedButScheduled);
    assert!(v.ops.is_empty());
    assert!(
        v.message.contains("0 of its operations and 1 shipment"),
        "{}",
        v.message
    );
}

#[test]
fn unplanned_order_without_operations_is_feasible_but_not_complete() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.ops.retain(|s| s.op != O2S1 && s.op != O2S2);
    plan.shipments.retain(|s| s.order != O2);
    plan.unplanned.push(UnplannedOrder {
        decision: Default::default(),
        order: O2,
        reason: "no capacity".into(),
    });
    let report = validate(&instance, &plan);
    assert_feasible(&report);
    assert!(!report.is_complete());
    assert_eq!(report.unplanned, vec![O2]);
}

#[test]
fn unknown_unplanned_order_is_reported() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.unplanned.push(UnplannedOrder {
        decision: Default::default(),
        order: OrderId(7),
        reason: "?".into(),
    });
    let report = validate(&instance, &plan);
    let v = only(&report, Code::UnknownOrder);
    assert_eq!(v.orders, vec![OrderId(7)]);
    assert!(report.unplanned.is_empty());
}

#[test]
fn ineligible_machine_is_reported_for_the_step() {
    let instance = build(plant());
    let mut plan = base_plan();
    // Step 2 may only run on M2.
    *placed(&mut plan, O1S2) = op(O1S2, M1, 50, 60);
    shipment(&mut plan, O1).depart = 60;
    shipment(&mut plan, O1).arrive = 90;
    let report = validate(&instance, &plan);
    let v = only(&report, Code::IneligibleMachine);
    assert_eq!((v.orders.clone(), v.ops.clone()), (vec![O1], vec![O1S2]));
    assert_eq!(v.machines, vec![M1]);
    assert_eq!(v.at, Some(50));
    assert!(
        v.message.contains("order 'O1' step 2 runs on machine 'M1'"),
        "{}",
        v.message
    );
}

#[test]
fn unknown_machine_is_reported_as_ineligible_without_panicking() {
    let instance = build(plant());
    let mut plan = base_plan();
    placed(&mut plan, O2S2).machine = MachineId(42);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::IneligibleMachine);
    assert_eq!(v.machines, vec![MachineId(42)]);
    assert!(
        v.message.contains("not a machine of the instance"),
        "{}",
        v.message
    );
}

#[test]
fn wrong_duration_gives_the_expected_and_actual_minutes() {
    let instance = build(plant());
    let mut plan = base_plan();
    placed(&mut plan, O2S2).end = 49;
    let report = validate(&instance, &plan);
    let v = only(&report, Code::WrongDuration);
    assert_eq!(v.ops, vec![O2S2]);
    assert_eq!(v.machines, vec![M2]);
    assert_eq!(v.at, Some(40));
    assert!(
        v.message.contains("= 9 minutes, but takes 10"),
        "{}",
        v.message
    );
}

#[test]
fn duration_follows_the_routing_option_of_the_chosen_machine() {
    let instance = build(plant());
    let mut plan = base_plan();
    // Step 1 of O2 on M2 takes 2 x 10 = 20 minutes, not M1's 15.
    *placed(&mut plan, O2S1) = op(O2S1, M2, 0, 20);
    *placed(&mut plan, O1S2) = op(O1S2, M2, 25, 35);
    *placed(&mut plan, O2S2) = op(O2S2, M2, 35, 45);
    shipment(&mut plan, O2).depart = 45;
    shipment(&mut plan, O2).arrive = 75;
    assert_feasible(&validate(&instance, &plan));
    placed(&mut plan, O2S1).end = 15;
    let report = validate(&instance, &plan);
    let v = only(&report, Code::WrongDuration);
    assert!(v.message.contains("takes 20"), "{}", v.message);
}

#[test]
fn a_reported_overrun_lengthens_the_expected_duration() {
    let mut b = plant();
    b.orders[1].overruns = vec![(1, 4)];
    let instance = build(b);
    let mut plan = base_plan();
    // O2 step 2 is reported 4 minutes over its 10: [40, 54) is right, [40, 50) is not.
    let report = validate(&instance, &plan);
    let v = only(&report, Code::WrongDuration);
    assert!(
        v.message.contains("takes 14") && v.message.contains("4 reported overrun"),
        "{}",
        v.message
    );
    placed(&mut plan, O2S2).end = 54;
    shipment(&mut plan, O2).depart = 54;
    shipment(&mut plan, O2).arrive = 84;
    assert_feasible(&validate(&instance, &plan));
}

#[test]
fn reversed_and_empty_intervals_are_wrong_durations_and_overflowing_ones_out_of_range() {
    let instance = build(plant());
    for (start, end) in [(40, 40), (40, 30)] {
        let mut plan = base_plan();
        *placed(&mut plan, O2S2) = op(O2S2, M2, start, end);
        let report = validate(&instance, &plan);
        assert!(
            report.of(Code::WrongDuration).any(|v| v.ops == vec![O2S2]),
            "[{start}, {end}): {report}"
        );
    }
    // Times no reader accepts are named as such, without panicking on the arithmetic.
    for (start, end) in [(i64::MAX - 5, i64::MIN), (i64::MIN, i64::MAX)] {
        let mut plan = base_plan();
        *placed(&mut plan, O2S2) = op(O2S2, M2, start, end);
        let report = validate(&instance, &plan);
        assert!(
            report.of(Code::TimeOutOfRange).any(|v| v.ops == vec![O2S2]),
            "[{start}, {end}): {report}"
        );
    }
    let mut plan = base_plan();
    shipment(&mut plan, O2).depart = i64::MAX;
    shipment(&mut plan, O2).arrive = i64::MIN;
    let report = validate(&instance, &plan);
    assert_eq!(codes(&report), vec!["TIME_OUT_OF_RANGE"], "{report}");
}

// ---------------------------------------------------------------- plants

/// The base plant plus site `B` with machine `M3`.
fn plant_with_site_b() -> (takt::model::InstanceBuilder, SiteId, MachineId) {
    let mut b = plant();
    let site_b = b.add_site(takt::model::Site::new("B"));
    let m3 = b.add_machine(Machine::new("M3", site_b));
    (b, site_b, m3)
}

#[test]
fn split_plant_lists_the_steps_made_elsewhere() {
    let (mut b, _, m3) = plant_with_site_b();
    b.products[0].steps[1].options.push(option(m3, 0, 1.0));
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));
    let mut plan = base_plan();
    placed(&mut plan, O2S2).machine = m3;
    let report = validate(&instance, &plan);
    let v = only(&report, Code::SplitPlant);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S2]);
    assert_eq!(v.machines, vec![m3]);
    assert_eq!(v.at, Some(40));
    assert!(
        v.message
            .contains("made at site 'A' but runs step 2 on machine 'M3' at site 'B'"),
        "{}",
        v.message
    );
}

#[test]
fn forbidden_plant_when_the_order_is_fixed_elsewhere() {
    let (mut b, site_b, m3) = plant_with_site_b();
    for step in &mut b.products[0].steps {
        step.options.push(option(m3, 5, 1.0));
    }
    let lane_bc = b.add_lane(lane("B-C", site_b, C, None));
    b.orders[0].plant = Some(site_b);
    let instance = build(b);
    let mut good = base_plan();
    *placed(&mut good, O1S1) = op(O1S1, m3, 0, 15);
    *placed(&mut good, O1S2) = op(O1S2, m3, 25, 40);
    *shipment(&mut good, O1) = ship(O1, &[lane_bc], 40, 70);
    assert_feasible(&validate(&instance, &good));

    let report = validate(&instance, &base_plan());
    let v = only(&report, Code::ForbiddenPlant);
    assert_eq!(v.orders, vec![O1]);
    assert_eq!(v.ops, vec![O1S1, O1S2]);
    assert_eq!(v.at, Some(0));
    assert!(v.message.contains("fixed to plant 'B'"), "{}", v.message);
}

#[test]
fn forbidden_plant_when_the_site_cannot_make_every_step() {
    let (mut b, _, m3) = plant_with_site_b();
    b.products[0].steps[0].options.push(option(m3, 5, 1.0));
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));
    let mut plan = base_plan();
    placed(&mut plan, O1S1).machine = m3;
    let report = validate(&instance, &plan);
    let v = report
        .of(Code::ForbiddenPlant)
        .next()
        .expect("forbidden plant");
    assert_eq!(v.orders, vec![O1]);
    assert!(
        v.message.contains("no eligible machine for step(s) 2"),
        "{}",
        v.message
    );
    // Making step 1 at B also splits the order and ships from the wrong site.
    assert_eq!(
        codes(&report),
        vec!["SPLIT_PLANT", "FORBIDDEN_PLANT", "SHIPMENT_ROUTE"]
    );
}

#[test]
fn forbidden_plant_when_the_customer_cannot_be_reached_from_it() {
    let (mut b, _, m3) = plant_with_site_b();
    for step in &mut b.products[0].steps {
        step.options.push(option(m3, 5, 1.0));
    }
    let instance = build(b);
    assert_feasible(&validate_with(&instance, &base_plan(), &NO_SHIPMENTS));
    let mut plan = base_plan();
    *placed(&mut plan, O1S1) = op(O1S1, m3, 0, 15);
    *placed(&mut plan, O1S2) = op(O1S2, m3, 25, 40);
    let report = validate_with(&instance, &plan, &NO_SHIPMENTS);
    let v = only(&report, Code::ForbiddenPlant);
    assert_eq!(v.orders, vec![O1]);
    assert!(
        v.message
            .contains("no lanes carrying 10 units lead from 'B' to customer 'C'"),
        "{}",
        v.message
    );
}

// ---------------------------------------------------------------- routing

#[test]
fn routing_order_reports_the_lag_and_earliest_start() {
    let instance = build(plant());
    let mut plan = base_plan();
    // O2 step 1 ends at 30; step 2 needs a lag of 10.
    *placed(&mut plan, O2S2) = op(O2S2, M2, 35, 45);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::RoutingOrder);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S1, O2S2]);
    assert_eq!(v.machines, vec![M1, M2]);
    assert_eq!(v.at, Some(35));
    assert_eq!(
        v.message,
        "order 'O2' step 2 starts at 35 but step 1 ends at 30 and needs a lag of 10 (earliest 40)"
    );
}

#[test]
fn operation_before_release_is_reported() {
    let mut b = plant();
    b.orders[1].release = 15;
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));
    // Swap the orders on M1: O2 now starts at 0.
    let plan = Schedule {
        ops: vec![
            op(O2S1, M1, 0, 15),
            op(O1S1, M1, 15, 30),
            op(O2S2, M2, 25, 35),
            op(O1S2, M2, 40, 50),
        ],
        shipments: vec![ship(O1, &[LANE_AC], 50, 80), ship(O2, &[LANE_AC], 35, 65)],
        unplanned: vec![],
        transfers: Vec::new(),
    };
    let report = validate(&instance, &plan);
    let v = only(&report, Code::BeforeRelease);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S1]);
    assert_eq!(v.at, Some(0));
    assert!(v.message.contains("released at 15"), "{}", v.message);
}

// ---------------------------------------------------------------- machines and downtime

#[test]
fn machine_overlap_names_both_operations() {
    let instance = build(plant());
    let mut plan = base_plan();
    *placed(&mut plan, O2S1) = op(O2S1, M1, 14, 29);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::MachineOverlap);
    assert_eq!(v.ops, vec![O1S1, O2S1]);
    assert_eq!(v.orders, vec![O1, O2]);
    assert_eq!(v.machines, vec![M1]);
    assert_eq!(v.at, Some(14));
    assert!(
        v.message.contains("overlap during [14, 15)"),
        "{}",
        v.message
    );
}

#[test]
fn every_operation_overlapping_a_long_one_is_reported() {
    let mut b = plant();
    b.orders[0].quantity = 20; // O1 step 1 takes 40 minutes on M2, step 2 takes 20.
    let instance = build(b);
    let plan = Schedule {
        ops: vec![
            op(O1S1, M2, 0, 40),
            op(O2S1, M1, 0, 15),
            op(O2S2, M2, 40, 50),
            op(O1S2, M2, 50, 70),
        ],
        shipments: vec![ship(O1, &[LANE_AC], 70, 100), ship(O2, &[LANE_AC], 50, 80)],
        unplanned: vec![],
        transfers: Vec::new(),
    };
    assert_feasible(&validate(&instance, &plan));
    // M2: O1s1 [0, 40) covers both O2s1 [5, 25) and O2s2 [35, 45), which do not meet each other.
    let mut bad = plan.clone();
    *placed(&mut bad, O2S1) = op(O2S1, M2, 5, 25);
    *placed(&mut bad, O2S2) = op(O2S2, M2, 35, 45);
    shipment(&mut bad, O2).depart = 45;
    shipment(&mut bad, O2).arrive = 75;
    let report = validate(&instance, &bad);
    assert_eq!(codes(&report), vec!["MACHINE_OVERLAP", "MACHINE_OVERLAP"]);
    let pairs: Vec<_> = report
        .violations
        .iter()
        .map(|v| (v.ops.clone(), v.at))
        .collect();
    assert_eq!(
        pairs,
        vec![(vec![O1S1, O2S1], Some(5)), (vec![O1S1, O2S2], Some(35)),]
    );
}

#[test]
fn downtime_overlap_is_reported_and_touching_downtime_passes() {
    let mut b = plant();
    b.machines[1].downtime.push(Window::new(35, 40));
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));

    let mut b = plant();
    b.machines[1].downtime.push(Window::new(34, 40));
    let instance = build(b);
    let report = validate(&instance, &base_plan());
    let v = only(&report, Code::DowntimeOverlap);
    assert_eq!(v.ops, vec![O1S2]);
    assert_eq!(v.machines, vec![M2]);
    assert_eq!(v.at, Some(34));
    assert!(v.message.contains("downtime [34, 40)"), "{}", v.message);
}

// ---------------------------------------------------------------- material

/// The base plant where `P` needs one unit of steel per unit, with 10 in stock at `A` and a
/// delivery of 10 at `eta`.
fn plant_with_steel(eta: i64) -> takt::model::Instance {
    let mut b = plant();
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    b.products[0].bom.push(BomLine {
        material: steel,
        qty_per_unit: 1.0,
    });
    b.add_stock(Stock {
        site: A,
        material: steel,
        quantity: 10.0,
    });
    b.add_delivery(Delivery {
        name: "d1".into(),
        material: steel,
        site: A,
        quantity: 10.0,
        eta,
    });
    build(b)
}

#[test]
fn material_exactly_sufficient_passes() {
    // O1 takes 10 at 0, O2 takes 10 at 15 when the delivery arrives.
    assert_feasible(&validate(&plant_with_steel(15), &base_plan()));
}

#[test]
fn material_shortage_gives_site_material_time_and_quantities() {
    let instance = plant_with_steel(16);
    let report = validate(&instance, &base_plan());
    let v = only(&report, Code::MaterialShortage);
    assert_eq!(v.at, Some(15));
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.ops, vec![O2S1]);
    assert!(
        v.message
            .contains("site 'A' is short of material 'steel' at 15"),
        "{}",
        v.message
    );
    assert!(
        v.message.contains("need 20 in total but only 10"),
        "{}",
        v.message
    );
    assert!(
        v.message.contains("(stock 10, nothing more arrived by 15)"),
        "{}",
        v.message
    );
    // Once the delivery is in, the message says how much came from how many arrivals.
    let plan = base_plan_with_o2_from(20);
    let mut b = plant_with_steel(16).to_builder();
    b.deliveries[0].quantity = 5.0;
    let report = validate(&build(b), &plan);
    let v = only(&report, Code::MaterialShortage);
    assert!(
        v.message
            .contains("only 15 is available (stock 10 plus 5 from 1 delivery by 20)"),
        "{}",
        v.message
    );
}

/// The base plan with order O2 moved to start at `t`: step 1 on M1 for 15 minutes, step 2 on M2
/// 10 minutes later for 10, shipped at its end (30 minutes to the customer).
fn base_plan_with_o2_from(t: i64) -> Schedule {
    let mut plan = base_plan();
    plan.ops.retain(|s| s.op != O2S1 && s.op != O2S2);
    plan.ops.push(op(O2S1, M1, t, t + 15));
    plan.ops.push(op(O2S2, M2, t + 25, t + 35));
    shipment(&mut plan, O2).depart = t + 35;
    shipment(&mut plan, O2).arrive = t + 65;
    plan
}

#[test]
fn material_shortage_is_reported_once_with_the_later_short_times_counted() {
    let instance = plant_with_steel(1000);
    // Delay O2 so that both orders start at distinct times; the stock covers only O1.
    let plan = base_plan_with_o2_from(100);
    assert_feasible(&validate(&plant_with_steel(100), &plan));
    let mut b = instance.to_builder();
    b.stock[0].quantity = 5.0;
    let report = validate(&build(b), &plan);
    let v = only(&report, Code::MaterialShortage);
    assert_eq!(v.at, Some(0));
    assert!(v.message.contains("also short at 1 later"), "{}", v.message);
}

// ---------------------------------------------------------------- power

#[test]
fn power_cap_exactly_reached_passes() {
    let mut b = plant();
    b.sites[0].power_cap_kw = Some(100.0);
    // During [25, 30) M1 (60 kW) and M2 (40 kW) are both busy.
    assert_feasible(&validate(&build(b), &base_plan()));
}

#[test]
fn power_handover_at_the_same_minute_does_not_add_up() {
    let mut b = plant();
    b.sites[0].power_cap_kw = Some(60.0);
    let instance = build(b);
    // M1 (60 kW) finishes at 30 when M2 (40 kW) starts: never more than 60 kW at once.
    let plan = Schedule {
        ops: vec![
            op(O1S1, M1, 0, 15),
            op(O2S1, M1, 15, 30),
            op(O1S2, M2, 30, 40),
            op(O2S2, M2, 40, 50),
        ],
        shipments: vec![ship(O1, &[LANE_AC], 40, 70), ship(O2, &[LANE_AC], 50, 80)],
        unplanned: vec![],
        transfers: Vec::new(),
    };
    assert_feasible(&validate(&instance, &plan));
    // The base plan runs both during [25, 30).
    let report = validate(&instance, &base_plan());
    assert_eq!(only(&report, Code::PowerCapExceeded).at, Some(25));
}

#[test]
fn power_cap_exceeded_gives_site_time_and_drawn_power() {
    let mut b = plant();
    b.sites[0].power_cap_kw = Some(99.0);
    let report = validate(&build(b), &base_plan());
    let v = only(&report, Code::PowerCapExceeded);
    assert_eq!(v.at, Some(25));
    assert_eq!(v.machines, vec![M1, M2]);
    assert_eq!(v.ops, vec![O1S2, O2S1]);
    assert!(
        v.message
            .contains("site 'A' draws 100 kW at 25 but its cap is 99 kW"),
        "{}",
        v.message
    );
    assert!(
        v.message.contains("1 stretch(es), peak 100 kW at 25"),
        "{}",
        v.message
    );
}

// ---------------------------------------------------------------- deadlines

#[test]
fn deadline_met_exactly_at_arrival_passes() {
    let mut b = plant();
    b.orders[1].deadline = Some(80);
    assert_feasible(&validate(&build(b), &base_plan()));
}

#[test]
fn deadline_missed_is_measured_at_arrival() {
    let mut b = plant();
    b.orders[1].deadline = Some(79);
    let report = validate(&build(b), &base_plan());
    let v = only(&report, Code::DeadlineMissed);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(80));
    // Completed at 50, in time: the shipment breaks the deadline, so no operation is named (a plan
    // file's reader points at the shipment's row).
    assert!(v.ops.is_empty(), "{:?}", v.ops);
    assert!(
        v.message
            .contains("arrives at its customer at 80, 1 minutes after its deadline 79"),
        "{}",
        v.message
    );
}

#[test]
fn deadline_is_measured_at_completion_without_customer_or_without_shipments() {
    let mut b = plant();
    b.orders[1].deadline = Some(60);
    let instance = build(b);
    // Arrival 80 misses 60; completion 50 does not.
    assert_eq!(
        codes(&validate(&instance, &base_plan())),
        vec!["DEADLINE_MISSED"]
    );
    let mut plan = base_plan();
    plan.shipments.clear();
    assert_feasible(&validate_with(&instance, &plan, &NO_SHIPMENTS));

    let mut b = plant();
    b.orders[1].deadline = Some(49);
    b.orders[1].customer = None;
    let mut plan = base_plan();
    plan.shipments.retain(|s| s.order != O2);
    let report = validate(&build(b), &plan);
    let v = only(&report, Code::DeadlineMissed);
    assert_eq!(v.at, Some(50));
    assert!(v.message.contains("completes at 50"), "{}", v.message);
    // Completing late is the last operation's doing: it is named.
    assert_eq!(v.ops.len(), 1, "{:?}", v.ops);
}

// ---------------------------------------------------------------- shipments

#[test]
fn shipment_missing_is_reported_at_completion() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.shipments.retain(|s| s.order != O2);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentMissing);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(50));
    assert!(v.message.contains("customer 'C'"), "{}", v.message);
}

#[test]
fn shipment_duplicate_is_reported() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.shipments.push(ship(O2, &[LANE_AC], 60, 90));
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentDuplicate);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(60));
}

#[test]
fn shipment_unexpected_for_an_order_without_customer_or_unknown_order() {
    let mut b = plant();
    b.orders[0].customer = None;
    let instance = build(b);
    let mut good = base_plan();
    good.shipments.retain(|s| s.order != O1);
    assert_feasible(&validate(&instance, &good));

    let report = validate(&instance, &base_plan());
    let v = only(&report, Code::ShipmentUnexpected);
    assert_eq!(v.orders, vec![O1]);
    assert_eq!(v.at, Some(35));
    assert!(v.message.contains("no customer"), "{}", v.message);

    let mut plan = good.clone();
    plan.shipments.push(ship(OrderId(9), &[LANE_AC], 0, 30));
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentUnexpected);
    assert!(
        v.message.contains("order 9, which does not exist"),
        "{}",
        v.message
    );
}

#[test]
fn shipment_of_an_order_with_no_scheduled_operation_is_unexpected() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.ops.retain(|s| s.op != O2S1 && s.op != O2S2);
    let report = validate(&instance, &plan);
    assert_eq!(
        codes(&report),
        vec!["MISSING_OPERATION", "SHIPMENT_UNEXPECTED"]
    );
}

#[test]
fn shipment_before_completion_is_reported() {
    let instance = build(plant());
    let mut plan = base_plan();
    *shipment(&mut plan, O2) = ship(O2, &[LANE_AC], 49, 79);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentBeforeCompletion);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(49));
    assert!(
        v.message.contains("last operation ends at 50"),
        "{}",
        v.message
    );
}

#[test]
fn shipment_route_must_lead_from_the_plant_to_the_customer() {
    let mut b = plant();
    let back = b.add_lane(lane("C-A", C, A, None));
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));

    let mut plan = base_plan();
    *shipment(&mut plan, O2) = ship(O2, &[back], 50, 80);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentRoute);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(50));
    assert!(
        v.message
            .contains("first lane 'C-A' leaves from 'C', not from plant 'A'"),
        "{}",
        v.message
    );
    assert!(
        v.message.contains("last lane 'C-A' ends at 'A'"),
        "{}",
        v.message
    );

    // A detour A -> C -> A -> C is a path and passes; a gap does not.
    *shipment(&mut plan, O2) = ship(O2, &[LANE_AC, back, LANE_AC], 50, 140);
    assert_feasible(&validate(&instance, &plan));
    *shipment(&mut plan, O2) = ship(O2, &[LANE_AC, LANE_AC], 50, 110);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentRoute);
    assert!(
        v.message
            .contains("lane 'A-C' ends at 'C' but the next lane 'A-C' leaves from 'A'"),
        "{}",
        v.message
    );
}

#[test]
fn shipment_route_rejects_unknown_lanes_and_missing_lanes() {
    let instance = build(plant());
    let mut plan = base_plan();
    *shipment(&mut plan, O2) = ship(O2, &[LaneId(5)], 50, 80);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentRoute);
    assert!(v.message.contains("lane 5 does not exist"), "{}", v.message);

    *shipment(&mut plan, O2) = ship(O2, &[], 50, 50);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentRoute);
    assert!(v.message.contains("there are no lanes"), "{}", v.message);
}

#[test]
fn shipment_capacity_below_the_quantity_is_reported() {
    let mut b = plant();
    let small = b.add_lane(lane("A-C small", A, C, Some(5)));
    let instance = build(b);
    assert_feasible(&validate(&instance, &base_plan()));
    let mut plan = base_plan();
    *shipment(&mut plan, O2) = ship(O2, &[small], 50, 80);
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentCapacity);
    assert_eq!(v.orders, vec![O2]);
    assert!(
        v.message
            .contains("ships 10 units on lane 'A-C small', which carries at most 5"),
        "{}",
        v.message
    );
}

#[test]
fn shipment_transit_must_add_up_exactly() {
    let instance = build(plant());
    let mut plan = base_plan();
    shipment(&mut plan, O2).arrive = 79;
    let report = validate(&instance, &plan);
    let v = only(&report, Code::ShipmentTransit);
    assert_eq!(v.orders, vec![O2]);
    assert_eq!(v.at, Some(79));
    assert!(
        v.message.contains("so it arrives at 80, not 79"),
        "{}",
        v.message
    );
}

#[test]
fn shipments_are_skipped_when_not_checked() {
    let instance = build(plant());
    let mut plan = base_plan();
    plan.shipments.clear();
    assert_eq!(
        codes(&validate(&instance, &plan)),
        vec!["SHIPMENT_MISSING", "SHIPMENT_MISSING"]
    );
    let report = validate_with(&instance, &plan, &NO_SHIPMENTS);
    assert_feasible(&report);
    assert!(!report.shipments_checked);
    // Wrong shipments are ignored too.
    let mut plan = base_plan();
    shipment(&mut plan, O1).arrive = 0;
    assert_feasible(&validate_with(&instance, &plan, &NO_SHIPMENTS));
}

// ---------------------------------------------------------------- report

#[test]
fn violations_are_sorted_by_code_then_time() {
    let instance = build(plant());
    let mut plan = base_plan();
    shipment(&mut plan, O2).arrive = 1;
    shipment(&mut plan, O1).arrive = 2;
    placed(&mut plan, O2S2).end = 49;
    plan.ops.push(op(OpId(50), M1, 7, 8));
    let report = validate(&instance, &plan);
    assert_eq!(
        codes(&report),
        vec![
            "UNKNOWN_OPERATION",
            "WRONG_DURATION",
            "SHIPMENT_TRANSIT",
            "SHIPMENT_TRANSIT"
        ]
    );
    let transit_times: Vec<_> = report.of(Code::ShipmentTransit).map(|v| v.at).collect();
    assert_eq!(transit_times, vec![Some(1), Some(2)]);
    assert_eq!(report.counts_by_code()["SHIPMENT_TRANSIT"], 2);
    // Same input, same report.
    assert_eq!(report, validate(&instance, &plan));
}
