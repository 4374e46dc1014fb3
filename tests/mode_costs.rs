//! What the constructive steps price beyond an operation's own energy (issue 13): machine
//! mode-change costs in the cheapest insertion and its energy shift, a faster mode in the
//! re-plan repair when a started order's hard deadline needs it, and the growth of a demand
//! charge's billing-period peak in the insertion. Hand-worked fixtures; every plan passes the
//! checker.

use takt::budget::Budget;
use takt::dispatch::{Rule, dispatch_with_rule};
use takt::io::read_instance_files;
use takt::model::{Instance, MachineId, ModeId, OpId, Window};
use takt::replan::{Event, ReplanOptions, Replanner};
use takt::solution::{Schedule, ScheduledOp, evaluate};
use takt::validate::validate;

/// One machine of 10 kW with an eco mode (0.8 speed, 5 kW) that costs `change_cost` to switch
/// into; one 60-minute order due at 1000; energy at 4 per kWh. Nominal: 10 kWh = 40. Eco: 75
/// minutes, 6.25 kWh = 25, plus the change into eco (the machine starts nominal).
fn eco_with_change_cost(change_cost: f64) -> Instance {
    let modes =
        format!("machine,mode,speed_factor,power_kw,change_cost\nM1,eco,0.8,5,{change_cost}\n");
    read_instance_files(
        "mode-change",
        &[
            ("machines.csv", "id,power_kw\nM1,10\n"),
            ("routings.csv", "product,step,machine,setup\nP,1,M1,60\n"),
            ("modes.csv", modes.as_str()),
            ("energy_prices.csv", "site,start,price_per_kwh\nplant,0,4\n"),
            ("orders.csv", "id,product,quantity,due\nO1,P,1,1000\n"),
        ],
    )
    .unwrap()
}

fn checked(instance: &Instance, plan: &Schedule) {
    let report = validate(instance, plan);
    assert!(report.is_complete(), "{report}");
}

/// The order insertion (with its shift into cheaper energy) takes eco only when it pays with the
/// change into it: at a change cost of 100 eco costs 125 against nominal's 40; at 10 it costs
/// 35 and wins.
#[test]
fn insertion_prices_the_change_into_a_mode() {
    let dear = eco_with_change_cost(100.0);
    let plan = dispatch_with_rule(&dear, Rule::InsertBySlack, true);
    checked(&dear, &plan);
    assert_eq!(plan.ops[0].mode, ModeId::NOMINAL, "{plan:?}");
    let k = evaluate(&dear, &plan);
    assert_eq!(
        (k.energy_cost, k.mode_change_cost, k.objective),
        (40.0, 0.0, 40.0)
    );

    let cheap = eco_with_change_cost(10.0);
    let plan = dispatch_with_rule(&cheap, Rule::InsertBySlack, true);
    checked(&cheap, &plan);
    assert_eq!(plan.ops[0].mode, ModeId(1), "{plan:?}");
    let k = evaluate(&cheap, &plan);
    assert_eq!(
        (k.energy_cost, k.mode_change_cost, k.objective),
        (25.0, 10.0, 35.0)
    );
}

/// M1 (10 kW) then M2 (10 kW; boost: speed 2 at 20 kW); product P: 60 minutes on M1, then 60 on
/// M2. One order with hard deadline `deadline`.
fn two_steps(deadline: i64) -> Instance {
    let orders = format!("id,product,quantity,deadline\nO1,P,1,{deadline}\n");
    read_instance_files(
        "boost",
        &[
            ("machines.csv", "id,power_kw\nM1,10\nM2,10\n"),
            (
                "routings.csv",
                "product,step,machine,setup\nP,1,M1,60\nP,2,M2,60\n",
            ),
            (
                "modes.csv",
                "machine,mode,speed_factor,power_kw,change_cost\nM2,boost,2,20,0\n",
            ),
            ("orders.csv", orders.as_str()),
        ],
    )
    .unwrap()
}

fn op(op: u32, machine: u32, mode: u16, start: i64, end: i64) -> ScheduledOp {
    ScheduledOp {
        op: OpId(op),
        machine: MachineId(machine),
        start,
        end,
        mode: ModeId(mode),
    }
}

/// Re-plans `baseline` at minute 50 after M2 goes down during `down`; the plan must pass the
/// checker and arrive by the deadline. Returns the second step's placement.
fn replan_after_m2_down(
    instance: Instance,
    baseline: Vec<ScheduledOp>,
    down: Window,
) -> ScheduledOp {
    let deadline = instance.order(takt::model::OrderId(0)).deadline.unwrap();
    let baseline = Schedule {
        ops: baseline,
        ..Schedule::default()
    };
    checked(&instance, &baseline);
    let mut r = Replanner::new(instance, baseline, ReplanOptions::at(50)).unwrap();
    r.apply(Event::MachineDown {
        machine: "M2".into(),
        window: down,
        interrupt: Default::default(),
    })
    .unwrap();
    let outcome = r
        .replan(&Budget::iterations(50).with_threads(1))
        .expect("the deadline can still be met in boost mode");
    let plan = outcome.schedule.clone().unwrap();
    checked(&outcome.instance, &plan);
    let second = *plan.ops.iter().find(|s| s.op == OpId(1)).unwrap();
    assert!(second.end <= deadline, "{plan:?}");
    second
}

/// The started order's second step ran in boost in the published plan, [60, 90) with deadline
/// 100; M2 is down during [50, 65). In boost it still ends at 95; the repair used to move it to
/// nominal (125) and then declared the deadline unreachable.
#[test]
fn the_repair_keeps_the_mode_a_pushed_step_ran_in() {
    let second = replan_after_m2_down(
        two_steps(100),
        vec![op(0, 0, 0, 0, 60), op(1, 1, 1, 60, 90)],
        Window::new(50, 65),
    );
    assert_eq!(second.mode, ModeId(1), "{second:?}");
}

/// The second step ran nominal, [60, 120) with deadline 130; M2 is down during [50, 80). Nominal
/// would end at 140; only boost (80 to 110) meets the deadline, which the repair used to refuse
/// for a started order.
#[test]
fn the_repair_switches_a_started_order_to_a_faster_mode_to_meet_its_deadline() {
    let second = replan_after_m2_down(
        two_steps(130),
        vec![op(0, 0, 0, 0, 60), op(1, 1, 0, 60, 120)],
        Window::new(50, 80),
    );
    assert_eq!(second.mode, ModeId(1), "{second:?}");
}

/// Two one-hour jobs on two machines of 10 kW at one site, both due at minute 60 (tardiness 1 per
/// minute), a demand charge of `per_kw` per kW of the 30-day peak.
fn two_jobs(per_kw: f64) -> Instance {
    let sites = format!("id,demand_charge\nworks,{per_kw}\n");
    read_instance_files(
        "demand",
        &[
            ("sites.csv", sites.as_str()),
            (
                "machines.csv",
                "id,site,power_kw\nM1,works,10\nM2,works,10\n",
            ),
            (
                "routings.csv",
                "product,step,machine,setup\nP1,1,M1,60\nP2,1,M2,60\n",
            ),
            (
                "orders.csv",
                "id,product,quantity,due\nJ1,P1,1,60\nJ2,P2,1,60\n",
            ),
        ],
    )
    .unwrap()
}

fn together(plan: &Schedule) -> bool {
    let (a, b) = (plan.ops[0], plan.ops[1]);
    a.start < b.end && b.start < a.end
}

/// The order insertion sees the demand charge. At 10 per kW the second job waits for the first
/// (peak 10 kW: 100, plus 60 minutes late: 160, against 200 side by side); at 5 per kW they run
/// side by side (100, against 50 + 60 = 110 apart).
#[test]
fn insertion_spreads_load_when_the_demand_charge_outweighs_the_lateness() {
    for rule in [Rule::InsertBySlack, Rule::InsertByDueDate] {
        let dear = two_jobs(10.0);
        let plan = dispatch_with_rule(&dear, rule, true);
        checked(&dear, &plan);
        assert!(!together(&plan), "{rule}: {plan:?}");
        let k = evaluate(&dear, &plan);
        assert_eq!((k.demand_charge, k.objective), (100.0, 160.0), "{rule}");

        let light = two_jobs(5.0);
        let plan = dispatch_with_rule(&light, rule, true);
        checked(&light, &plan);
        assert!(together(&plan), "{rule}: {plan:?}");
        assert_eq!(evaluate(&light, &plan).objective, 100.0, "{rule}");
    }
}
