//! Re-planning as an integrator embeds it: load an instance, plan it, keep a `Replanner`, feed it an
//! event, get the repaired plan, its KPIs and the diff.
//!
//! Run with `cargo run --example replan` (uses `instances/demo`), or pass an instance folder.

use std::path::PathBuf;
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::model::Window;
use takt::replan::{Change, Event, ReplanOptions, Replanner, RushOrder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let folder = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("instances/demo"));
    let instance = takt::io::read_instance_folder(&folder)?;
    // The plan published this morning.
    let baseline = dispatch(&instance, &DispatchOptions::default());

    // It is now 08:00 (minute 120): what started before is history.
    let mut options = ReplanOptions::at(120);
    options.published_window = 240; // the next four hours are on the shop floor's boards
    let mut replanner = Replanner::new(instance.clone(), baseline, options)?;

    // The first machine breaks down for three hours, and a rush order arrives.
    let machine = instance.machines()[0].name.clone();
    replanner.apply(Event::machine_down(machine.clone(), Window::new(120, 300)))?;
    let model = &instance.orders()[0];
    let mut rush = RushOrder::new("RUSH-1", &instance.product(model.product).name, 10);
    rush.customer = model.customer.map(|c| instance.site(c).name.clone());
    rush.due = Some(120 + 24 * 60);
    replanner.apply(Event::RushOrder(rush))?;

    let replan = replanner.replan(&Budget::time(Duration::from_millis(100)))?;
    let facts = replan.replan.as_ref().expect("a re-plan has re-plan facts");
    let d = &facts.diff;
    println!(
        "re-planned in {:.1} ms: objective {:.2} (doing nothing: {:.2}), stability penalty {:.2}",
        replan.elapsed_seconds * 1e3,
        d.after.objective,
        facts.published.kpis.objective,
        facts.stability_penalty
    );
    println!(
        "{} unchanged, {} shifted, {} re-sequenced, {} reassigned, {} new",
        d.counts.unchanged,
        d.counts.shifted,
        d.counts.resequenced,
        d.counts.reassigned,
        d.counts.new
    );
    for c in d.changed().filter(|c| c.change != Change::New).take(10) {
        let (old, new) = (c.old.unwrap(), c.new.unwrap());
        println!(
            "  {} step {}: {} {}..{} -> {} {}..{} ({})",
            c.order,
            c.step + 1,
            instance.machine(old.machine).name,
            old.start,
            old.end,
            instance.machine(new.machine).name,
            new.start,
            new.end,
            c.change.as_str()
        );
    }
    for o in &d.orders {
        println!(
            "  order {}: {} -> {}",
            o.order,
            o.before.as_str(),
            o.after.as_str()
        );
    }
    for note in &replan.notes {
        println!("  note: {note}");
    }
    Ok(())
}
