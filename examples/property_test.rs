//! Property-testing your own integration against takt's rules (feature `proptest`).
//!
//! An MES keeps plans in its own table (order, step, machine name, start, end) and hands them back
//! to takt after operators looked at them. The property: for random plants, published plans and
//! re-plans after random events, a plan that went through the MES table is still a plan takt's
//! checker accepts.
//!
//! `cargo test --example property_test --features proptest` runs the property;
//! `cargo run --example property_test --features proptest` runs it once on the demo plant.

use takt::model::{Instance, Minutes};
use takt::solution::{Schedule, ScheduledOp};

/// One row of the MES's plan table.
#[derive(Clone, Debug, PartialEq)]
pub struct MesRow {
    order: String,
    step: u32,
    machine: String,
    start: Minutes,
    end: Minutes,
}

/// Exports a takt plan to the MES table.
pub fn to_mes(instance: &Instance, plan: &Schedule) -> Vec<MesRow> {
    plan.ops
        .iter()
        .map(|s| {
            let op = instance.op(s.op);
            MesRow {
                order: instance.order(op.order).name.clone(),
                step: op.step,
                machine: instance.machine(s.machine).name.clone(),
                start: s.start,
                end: s.end,
            }
        })
        .collect()
}

/// Imports the MES table back into a takt plan (shipments on the fastest route).
pub fn from_mes(instance: &Instance, rows: &[MesRow], unplanned: &Schedule) -> Schedule {
    let mut plan = Schedule {
        unplanned: unplanned.unplanned.clone(),
        ..Schedule::default()
    };
    for row in rows {
        let order = instance
            .order_ids()
            .find(|&o| instance.order(o).name == row.order)
            .expect("the MES only knows takt's orders");
        let op = instance
            .order_plan(order)
            .op_ids()
            .find(|&op| instance.op(op).step == row.step)
            .expect("and their steps");
        let machine = instance
            .machines()
            .iter()
            .position(|m| m.name == row.machine)
            .map(takt::model::MachineId::from_index)
            .expect("and the machines");
        plan.ops.push(ScheduledOp {
            op,
            machine,
            start: row.start,
            end: row.end,
            mode: takt::model::ModeId::NOMINAL,
        });
    }
    plan.ship_orders(instance);
    plan
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/demo");
    let instance = takt::io::load_instance(&demo, None)?;
    let plan = takt::dispatch::dispatch(&instance, &Default::default());
    let back = from_mes(&instance, &to_mes(&instance, &plan), &plan);
    takt::testing::check_feasible(&instance, &back)?;
    println!(
        "{} operations went through the MES table and back: still feasible",
        back.ops.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::time::Duration;
    use takt::budget::Budget;
    use takt::replan::{ReplanError, ReplanOptions, Replanner};
    use takt::testing::{self, PlantSize};

    proptest! {
        #![proptest_config(testing::config(32))]

        #[test]
        fn published_plans_survive_the_mes_table(p in testing::published(PlantSize::small())) {
            let back = from_mes(&p.instance, &to_mes(&p.instance, &p.plan), &p.plan);
            testing::check_feasible(&p.instance, &back)?;
        }

        #[test]
        fn replans_survive_the_mes_table(s in testing::scenarios(PlantSize::small())) {
            let p = &s.published;
            let mut replanner = Replanner::new(p.instance.clone(), p.plan.clone(), ReplanOptions::at(p.now))?;
            // Some random events contradict history (an overrun into started work): not this test's
            // business.
            if replanner.apply_all(s.events.clone()).is_err() {
                return Ok(());
            }
            let budget = Budget::time(Duration::from_secs(60)).with_iterations(Some(20));
            let outcome = match replanner.replan(&budget) {
                Ok(outcome) => outcome,
                // A plan the checker rejects is takt's bug and fails the test; history that the
                // events make impossible to keep is explained and not this test's business.
                Err(e @ ReplanError::InfeasiblePlan { .. }) => return Err(e.into()),
                Err(_) => return Ok(()),
            };
            let plan = outcome.schedule.as_ref().expect("a re-plan has a plan");
            let back = from_mes(&outcome.instance, &to_mes(&outcome.instance, plan), plan);
            testing::check_feasible(&outcome.instance, &back)?;
        }
    }
}
