//! Tests of the combined timetable on tiny instances.

use super::*;
use crate::model::{
    BomLine, Delivery, InstanceBuilder, Machine, Material, Order, Product, Site, Step, StepOption,
    Stock, Window,
};

/// Site A (cap 100 kW) with machines M0 (60 kW, down [50, 60)) and M1 (60 kW); product P: step 1 on
/// M0 or M1 (10 min), step 2 on M1 (5 min), 2 steel per unit. Stock 2 steel, 2 more arrive at 100.
fn instance(orders: u32) -> Instance {
    let mut b = InstanceBuilder::new("timetable");
    let a = b.add_site(Site {
        name: "A".into(),
        power_cap_kw: Some(100.0),
    });
    let mut m0 = Machine::new("M0", a);
    m0.power_kw = 60.0;
    m0.downtime = vec![Window::new(50, 60)];
    let m0 = b.add_machine(m0);
    let mut m1 = Machine::new("M1", a);
    m1.power_kw = 60.0;
    let m1 = b.add_machine(m1);
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    let opt = |machine, setup| StepOption {
        machine,
        setup,
        run_per_unit: 0.0,
    };
    let p = b.add_product(Product {
        name: "P".into(),
        steps: vec![
            Step {
                min_lag: 0,
                options: vec![opt(m0, 10), opt(m1, 10)],
            },
            Step {
                min_lag: 0,
                options: vec![opt(m1, 5)],
            },
        ],
        bom: vec![BomLine {
            material: steel,
            qty_per_unit: 2.0,
        }],
    });
    b.add_stock(Stock {
        site: a,
        material: steel,
        quantity: 2.0,
    });
    b.add_delivery(Delivery {
        name: "d1".into(),
        material: steel,
        site: a,
        quantity: 2.0,
        eta: 100,
    });
    for k in 0..orders {
        b.add_order(Order::new(format!("O{k}"), p, 1));
    }
    b.build().unwrap()
}

#[test]
fn second_order_waits_for_its_material_delivery() {
    let inst = instance(2);
    let mut tt = Timetable::new(&inst);
    assert_eq!(tt.earliest_start(OpId(0), MachineId(0), 0), Ok(0));
    tt.place(OpId(0), MachineId(0), 0).unwrap();
    // Order 1's first step needs steel that only arrives at 100.
    assert_eq!(tt.earliest_start(OpId(2), MachineId(1), 0), Ok(100));
    // Its second step has no material; it only waits for power (M0 draws 60 of 100 kW until 10).
    assert_eq!(tt.earliest_start(OpId(3), MachineId(1), 0), Ok(10));
}

#[test]
fn power_cap_keeps_two_machines_from_running_together() {
    let inst = instance(2);
    let mut tt = Timetable::new(&inst);
    tt.place(OpId(0), MachineId(0), 0).unwrap();
    // M1 is free, but 60 + 60 kW exceeds the 100 kW cap until M0 finishes at 10.
    assert_eq!(tt.earliest_start(OpId(1), MachineId(1), 0), Ok(10));
    let err = tt.place(OpId(1), MachineId(1), 5).unwrap_err();
    assert_eq!(err, PlaceError::OverPowerCap { site: SiteId(0) });
}

#[test]
fn downtime_pushes_an_operation_past_the_window() {
    let inst = instance(1);
    let tt = Timetable::new(&inst);
    assert_eq!(tt.earliest_start(OpId(0), MachineId(0), 45), Ok(60));
    assert_eq!(tt.earliest_start(OpId(0), MachineId(0), 40), Ok(40));
}

#[test]
fn material_that_never_suffices_blocks_with_the_totals() {
    let inst = instance(3);
    let mut tt = Timetable::new(&inst);
    tt.place(OpId(0), MachineId(0), 0).unwrap();
    tt.place(OpId(2), MachineId(0), 100).unwrap();
    let blocked = tt.earliest_start(OpId(4), MachineId(0), 0).unwrap_err();
    let Blocked::Material { shortfall, .. } = blocked else {
        panic!("expected a material block, got {blocked:?}");
    };
    assert_eq!(shortfall.needed, 2.0);
    assert_eq!(shortfall.ever_available, 4.0);
    assert_eq!(shortfall.committed, 4.0);
    assert!(!blocked.is_absolute());
    let text = blocked.describe(&inst);
    assert!(text.contains("steel") && text.contains("'A'"), "{text}");
}

#[test]
fn unplace_rolls_back_machine_power_and_material() {
    let inst = instance(2);
    let mut tt = Timetable::new(&inst);
    let placed = tt.place(OpId(0), MachineId(0), 0).unwrap();
    assert_eq!(placed.end, 10);
    assert_eq!(tt.unplace(OpId(0)), Some(placed));
    assert_eq!(tt.unplace(OpId(0)), None);
    assert_eq!(tt.placed_count(), 0);
    assert_eq!(tt.earliest_start(OpId(2), MachineId(1), 0), Ok(0));
    assert_eq!(tt.power_profile(SiteId(0)).unwrap().drawn_at(5), 0.0);
    assert_eq!(
        tt.ledger(SiteId(0), MaterialId(0)).unwrap().committed(),
        0.0
    );
    assert!(tt.calendar(MachineId(0)).is_free(0, 10));
}

#[test]
fn placing_twice_or_on_a_foreign_machine_is_refused() {
    let inst = instance(1);
    let mut tt = Timetable::new(&inst);
    tt.place(OpId(1), MachineId(1), 0).unwrap();
    assert!(matches!(
        tt.place(OpId(1), MachineId(1), 50),
        Err(PlaceError::AlreadyPlaced(_))
    ));
    assert!(matches!(
        tt.earliest_start(OpId(1), MachineId(0), 0),
        Err(Blocked::NotEligible { .. })
    ));
    assert_eq!(tt.to_schedule().ops.len(), 1);
}
