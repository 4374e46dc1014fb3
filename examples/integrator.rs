//! The integrator's path end to end, with nothing read from disk: a plant handed over as CSV text
//! (as an MES or a digital twin holds it), solved within a reproducible budget, re-planned after
//! three events handed over as `events.csv` text, then the diff, the KPIs before and after, and the
//! outcome serialised exactly as the command line's `kpis.json` holds it.
//!
//! Run with `cargo run --example integrator`; pass a folder (`-- out/integrator`) to also publish the
//! files the command line writes (plan, `kpis.json`, `diff.csv`, `plan.html`, `instance/`).

use std::path::PathBuf;
use takt::io::{Source, parse_events, publish, read_instance_files};
use takt::prelude::*;

/// One plant with three machines (a slow second press), two products, four orders with due dates
/// (minutes from the plan start), a steel delivery at minute 240 and a customer one lane away.
const PLANT: &[(&str, &str)] = &[
    ("sites.csv", "id\nPLANT\nCUSTOMER\n"),
    (
        "machines.csv",
        "id,site,power_kw\nSAW,PLANT,15\nPRESS1,PLANT,40\nPRESS2,PLANT,30\n",
    ),
    (
        "routings.csv",
        "product,step,machine,setup,run_per_unit\n\
         BRACKET,1,SAW,10,0.5\nBRACKET,2,PRESS1,20,1\nBRACKET,2,PRESS2,20,1.5\n\
         FRAME,1,SAW,15,1\nFRAME,2,PRESS1,30,2\n",
    ),
    ("bom.csv", "product,material,qty_per_unit\nFRAME,STEEL,2\n"),
    ("stock.csv", "site,material,quantity\nPLANT,STEEL,40\n"),
    (
        "deliveries.csv",
        "id,site,material,quantity,eta\nSTEEL-1,PLANT,STEEL,200,240\n",
    ),
    (
        "lanes.csv",
        "id,from,to,transit,cost_per_unit\nROAD,PLANT,CUSTOMER,60,0.5\n",
    ),
    (
        "orders.csv",
        "id,product,quantity,customer,due,weight\n\
         SO-1,BRACKET,60,CUSTOMER,300,2\nSO-2,FRAME,20,CUSTOMER,400,1\n\
         SO-3,BRACKET,40,CUSTOMER,500,1\nSO-4,FRAME,30,CUSTOMER,700,1\n",
    ),
];

/// At minute 60: PRESS1 breaks down for three hours, the steel delivery is four hours late, and a
/// rush order arrives.
const EVENTS: &str = "kind,machine,start,end,delivery,eta,order,product,quantity,customer,due\n\
    machine_down,PRESS1,60,240,,,,,,,\n\
    delivery_delayed,,,,STEEL-1,480,,,,,\n\
    rush_order,,,,,,RUSH-1,BRACKET,20,CUSTOMER,360\n";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let instance = read_instance_files("integrator", PLANT)?;

    // A reproducible budget: the same plan on any machine and thread count.
    let budget = Budget::iterations(2_000).with_threads(2).with_seed(7);
    let solved = takt::solve(&instance, &SolveOptions::default(), &budget)?;
    println!(
        "solved: {} by {}, objective {:.1}, {} late order(s), checked {}",
        solved.status,
        solved.solver,
        solved.objective().unwrap_or(f64::NAN),
        solved.kpis.as_ref().map_or(0, |k| k.late_orders),
        solved.checked
    );

    // The plan is published; at minute 60 three things happen.
    let published = solved.schedule.clone().ok_or("no plan to publish")?;
    let mut replanner = Replanner::new(instance.clone(), published, ReplanOptions::at(60))?;
    let events = parse_events(&instance, &Source::new("events.csv", EVENTS))?;
    replanner.apply_all(events.events.iter().cloned())?;
    let mut replanned = replanner.replan(&budget)?;
    assert!(replanned.checked, "every re-plan passes the checker");
    replanner.commit(&replanned);

    let facts = replanned
        .replan
        .as_ref()
        .ok_or("a re-plan has re-plan facts")?;
    let after = replanned.kpis.as_ref().ok_or("a re-plan has KPIs")?;
    println!("events: {}", facts.events.join("; "));
    let published_now = if facts.published.feasible {
        format!("{:.1}", facts.published.kpis.objective)
    } else {
        format!("no longer feasible: {}", facts.published.why_not.join("; "))
    };
    println!(
        "objective {:.1} -> {:.1} (the published plan under the new facts: {published_now}); \
         late orders {} -> {}",
        facts.baseline.objective, after.objective, facts.baseline.late_orders, after.late_orders
    );
    println!(
        "{} operation(s) moved ({:.0}% of those in both plans)",
        facts.changes.moved(),
        100.0 * facts.moved_share
    );
    for change in facts.diff.changed() {
        let at = |op: &Option<ScheduledOp>| {
            op.as_ref().map_or("-".to_string(), |o| {
                format!("{} @ {}", instance_machine(&replanned, o.machine), o.start)
            })
        };
        println!(
            "  {:<8} {} step {}: {} -> {}",
            change.change.as_str(),
            change.order,
            change.step + 1,
            at(&change.old),
            at(&change.new)
        );
    }
    for u in &replanned.unplanned {
        println!("  unplanned {}: {}", u.order, u.reason);
    }

    // The outcome is one serialisable value: what `kpis.json` holds.
    println!("{}", serde_json::to_string_pretty(&replanned)?);

    if let Some(dir) = std::env::args().nth(1).map(PathBuf::from) {
        let written = publish(&mut replanned, &dir)?;
        println!("wrote {} file(s) to {}", written.len(), dir.display());
    }
    Ok(())
}

/// The machine's name in the instance the outcome was planned for (after the events).
fn instance_machine(outcome: &Outcome, machine: MachineId) -> &str {
    &outcome.instance.machine(machine).name
}
