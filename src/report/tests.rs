//! Page-level tests on a tiny plant whose names are full of markup characters.

use super::*;
use crate::model::{
    BomLine, Delivery, Instance, InstanceBuilder, Machine, MachineId, Material, Minutes, OpId,
    Order, PricePeriod, Product, Site, Step, StepOption, Stock, Window,
};
use crate::solution::{ScheduledOp, evaluate};

/// Site `Plant <"A"> & 'Co'` (cap 100 kW) with `M<1>` (60 kW, down during [45, 55)) and `M&2`
/// (30 kW), two price periods; site `B` without cap or prices with machine `B1`. Product `P"x"`:
/// step 1 on `M<1>`, step 2 on `M&2`, 20 minutes each, one `steel` per unit; product `Q`: one step on
/// `B1`. Orders `O<late>` (due 30), `O'ok` (due 1000), `C` (product Q). One steel delivery at 50.
fn instance(with_cap: bool) -> Instance {
    let mut b = InstanceBuilder::new("</script><b>plant</b>");
    let a = b.add_site(Site {
        name: r#"Plant <"A"> & 'Co'"#.into(),
        power_cap_kw: with_cap.then_some(100.0),
    });
    let site_b = b.add_site(Site::new("B"));
    let mut m1 = Machine::new("M<1>", a);
    m1.power_kw = 60.0;
    m1.downtime = vec![Window::new(45, 55)];
    let mut m2 = Machine::new("M&2", a);
    m2.power_kw = 30.0;
    let m1 = b.add_machine(m1);
    let m2 = b.add_machine(m2);
    let b1 = b.add_machine(Machine::new("B1", site_b));
    let steel = b.add_material(Material {
        name: "steel".into(),
    });
    b.add_stock(Stock {
        site: a,
        material: steel,
        quantity: 3.0,
    });
    b.add_delivery(Delivery {
        name: "TRUCK<1>".into(),
        material: steel,
        site: a,
        quantity: 5.0,
        eta: 50,
    });
    let step = |machine| Step {
        min_lag: 0,
        options: vec![StepOption {
            machine,
            setup: 20,
            run_per_unit: 0.0,
        }],
    };
    let p = b.add_product(Product {
        name: r#"P"x""#.into(),
        steps: vec![step(m1), step(m2)],
        bom: vec![BomLine {
            material: steel,
            qty_per_unit: 1.0,
        }],
    });
    let q = b.add_product(Product {
        name: "Q".into(),
        steps: vec![step(b1)],
        bom: vec![],
    });
    for (name, due) in [("O<late>", 30), ("O'ok", 1000)] {
        let mut o = Order::new(name, p, 2);
        o.due = Some(due);
        b.add_order(o);
    }
    b.add_order(Order::new("C", q, 1));
    for (window, price) in [
        (Window::new(0, 60), 0.1),
        (Window::new(60, Minutes::MAX), 0.3),
    ] {
        b.add_price(PricePeriod {
            site: a,
            window,
            price_per_kwh: price,
        });
    }
    b.build().unwrap()
}

fn at(op: u32, machine: u32, start: Minutes) -> ScheduledOp {
    ScheduledOp {
        op: OpId(op),
        machine: MachineId(machine),
        start,
        end: start + 20,
        mode: crate::model::ModeId::NOMINAL,
    }
}

/// `O<late>` on M<1> then M&2 at 0 and 20, `O'ok` at 20 and 40, `C` at 0 on B1.
fn plan() -> Schedule {
    Schedule {
        ops: vec![
            at(0, 0, 0),
            at(1, 1, 20),
            at(2, 0, 20),
            at(3, 1, 40),
            at(4, 2, 0),
        ],
        ..Schedule::default()
    }
}

fn page(instance: &Instance, schedule: &Schedule, diff: Option<&DiffView>) -> String {
    render_html(instance, schedule, &evaluate(instance, schedule), diff)
}

#[test]
fn every_user_supplied_name_is_escaped() {
    let inst = instance(true);
    let html = page(&inst, &plan(), None);
    for raw in ["M<1>", "O<late>", r#"P"x""#, "TRUCK<1>", "<b>plant", "O'ok"] {
        assert!(!html.contains(raw), "{raw} appears unescaped");
    }
    for escaped in [
        "M&lt;1&gt;",
        "M&amp;2",
        "O&lt;late&gt;",
        "O&#39;ok",
        "P&quot;x&quot;",
        "TRUCK&lt;1&gt;",
        "Plant &lt;&quot;A&quot;&gt; &amp; &#39;Co&#39;",
    ] {
        assert!(html.contains(escaped), "{escaped} missing");
    }
    assert_eq!(html.matches("<script").count(), 1);
    assert_eq!(html.matches("</script>").count(), 1);
}

#[test]
fn there_is_one_box_per_operation() {
    let inst = instance(true);
    let plan = plan();
    let html = page(&inst, &plan, None);
    assert_eq!(html.matches(r#"<rect class="op"#).count(), plan.ops.len());
    assert_eq!(html.matches("data-op=").count(), plan.ops.len());
    for s in &plan.ops {
        assert!(html.contains(&format!(r#"data-op="{}""#, s.op.0)));
    }
}

#[test]
fn operations_of_late_orders_are_marked_and_their_tooltip_says_by_how_much() {
    let inst = instance(true);
    let html = page(&inst, &plan(), None);
    // O<late> ends at 40, due 30.
    assert!(html.contains(r#"<rect class="op late" data-op="0""#));
    assert!(html.contains(r#"<rect class="op late" data-op="1""#));
    assert!(html.contains(r#"<rect class="op" data-op="2""#));
    assert!(html.contains("LATE by 10 min (arrives t=40, due t=30)"));
    assert!(html.contains(r#"id="late""#) && html.contains("1 late order(s)"));
}

#[test]
fn downtime_is_drawn_on_its_machine_row() {
    let inst = instance(true);
    let html = page(&inst, &plan(), None);
    assert_eq!(html.matches(r#"<rect class="down""#).count(), 1);
    assert!(html.contains("M&lt;1&gt; down t=45 → t=55 (10 min)"));
}

#[test]
fn the_price_band_has_one_cell_per_shown_period_and_only_for_priced_sites() {
    let inst = instance(true);
    let html = page(&inst, &plan(), None);
    assert_eq!(html.matches(r#"<rect class="price""#).count(), 2);
    assert!(html.contains(r#"data-price="0.1""#) && html.contains(r#"data-price="0.3""#));
    assert!(html.contains("0.3 per kWh, t=60 → open end"));
    assert!(!html.contains(">B price<"));
}

#[test]
fn the_power_line_is_drawn_only_where_a_cap_exists() {
    let html = page(&instance(true), &plan(), None);
    assert_eq!(html.matches(r#"<line class="cap""#).count(), 1);
    assert_eq!(html.matches(r#"<path class="kw""#).count(), 1);
    // Peak: M<1> and M&2 both busy during [20, 40): 90 kW.
    assert!(html.contains("peak 90 / cap 100 kW"));
    let uncapped = page(&instance(false), &plan(), None);
    assert!(!uncapped.contains(r#"class="cap""#));
    assert!(!uncapped.contains(r#"class="kw""#));
}

#[test]
fn material_rows_mark_every_delivery() {
    let html = page(&instance(true), &plan(), None);
    assert_eq!(html.matches(r#"class="mt""#).count(), 1);
    assert_eq!(html.matches(r#"class="zx dlv""#).count(), 1);
    // 3 in stock, O<late> takes 2 at 0, O'ok 2 at 20, the truck brings 5 at 50: lowest -1.
    assert!(html.contains("min -1, max 4"));
    assert!(html.contains(r#"class="short""#));
}

#[test]
fn a_replan_outlines_moved_operations_and_draws_their_old_positions() {
    let inst = instance(true);
    let old = plan();
    let mut new = plan();
    // O'ok step 1 moves later on M<1>: a pure shift; C is dropped.
    new.ops[2] = at(2, 0, 130);
    new.ops[3] = at(3, 1, 150);
    new.ops.pop();
    let mut diff = DiffView::between(&inst, &old, &new);
    diff.now = Some(10);
    diff.old_kpis = Some(evaluate(&inst, &old));
    diff.events.push("M<1> breaks down".into());
    let html = page(&inst, &new, Some(&diff));
    assert!(html.contains(r#"<rect class="op moved" data-op="2""#));
    assert!(html.contains(r#"<rect class="op moved" data-op="3""#));
    assert!(html.contains(r#"<rect class="op late" data-op="0""#));
    assert_eq!(html.matches(r#"<rect class="ghost""#).count(), 2);
    assert_eq!(html.matches(r#"<rect class="ghost removed""#).count(), 1);
    assert_eq!(html.matches("data-op=").count(), new.ops.len());
    assert!(html.contains(r#"<line class="now""#));
    assert!(html.contains("M&lt;1&gt; breaks down"));
    assert!(html.contains("2 operation(s) moved: <b>0</b> re-sequenced"));
    assert!(html.contains("<th>before</th><th>after</th><th>change</th>"));
}

#[test]
fn unknown_ids_in_a_plan_are_skipped_not_a_panic() {
    let inst = instance(true);
    let kpis = evaluate(&inst, &plan());
    let mut plan = plan();
    plan.ops.push(at(99, 0, 0));
    plan.ops.push(at(1, 42, 0));
    let diff = DiffView {
        moved: vec![MovedOp {
            op: OpId(77),
            old_machine: MachineId(55),
            old_start: 0,
            old_end: 5,
            resequenced: true,
        }],
        ..DiffView::default()
    };
    let html = render_html(&inst, &plan, &kpis, Some(&diff));
    assert_eq!(html.matches("data-op=").count(), 5);
}

#[test]
fn write_html_names_the_file_it_cannot_write() {
    let inst = instance(true);
    let plan = plan();
    let kpis = evaluate(&inst, &plan);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.html");
    write_html(&inst, &plan, &kpis, None, &path).unwrap();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let bad = dir.path().join("missing").join("plan.html");
    let err = write_html(&inst, &plan, &kpis, None, &bad).unwrap_err();
    assert!(err.to_string().contains("missing"), "{err}");
}

#[test]
fn a_plant_without_a_plan_start_or_operations_still_renders() {
    let inst = instance(false);
    let html = page(&inst, &Schedule::default(), None);
    assert_eq!(html.matches("data-op=").count(), 0);
    assert!(html.contains("No order is late."));
}
