//! Property: issue 13's features together. On random generated plants with order margins,
//! optional and deferrable orders under the contribution form, eco and boost modes on every
//! machine and a demand charge at every site, every solver's plan and a re-plan after a price spike
//! pass the checker, and what the KPIs report (energy, mode changes, demand charge, contribution)
//! equals what the checker recounts from the plan.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::generate::{GeneratorConfig, generate};
use takt::model::{DemandCharge, SiteId, Window};
use takt::replan::{Event, ReplanOptions, Replanner};
use takt::solution::{Kpis, Schedule, evaluate};
use takt::validate::{recount_energy, validate};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x1313),
        failure_persistence: None,
        ..Config::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0)
}

/// The checker's verdict and recounts against the KPIs an engine reported.
fn judged(instance: &takt::model::Instance, plan: &Schedule, k: &Kpis) -> Result<(), String> {
    let report = validate(instance, plan);
    if !report.is_feasible() {
        return Err(format!("infeasible: {:?}", report.violations));
    }
    let recount = recount_energy(instance, plan);
    let again = evaluate(instance, plan);
    for (what, reported, recounted) in [
        ("energy kWh", k.energy_kwh, recount.energy_kwh),
        ("energy cost", k.energy_cost, recount.energy_cost),
        ("mode changes", k.mode_change_cost, recount.mode_change_cost),
        ("demand charge", k.demand_charge, report.demand_charge()),
        (
            "contribution",
            k.value.contribution,
            again.value.contribution,
        ),
        ("objective", k.objective, again.objective),
    ] {
        if !close(reported, recounted) {
            return Err(format!(
                "{what}: reported {reported}, recounted {recounted}"
            ));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(10))]

    #[test]
    fn value_modes_and_demand_charges_together_pass_the_checker_and_recount_equal(
        orders in 2usize..25,
        machines in 2usize..7,
        sites in 1usize..3,
        optional_share in 0.0f64..0.8,
        per_kw in 0.0f64..10.0,
        seed in any::<u64>(),
    ) {
        let generated = generate(&GeneratorConfig {
            orders,
            machines: machines.max(sites),
            sites,
            seed,
            margins: true,
            optional_share,
            modes: true,
            ..GeneratorConfig::default()
        })
        .expect("generator settings are valid");
        let mut b = generated.to_builder();
        for (i, o) in b.orders.iter_mut().enumerate() {
            if i % 4 == 1 && o.deadline.is_none() {
                o.value.defer_cost_per_day = Some((o.value.margin() / 20.0).max(0.0));
            }
        }
        for s in 0..b.sites.len() {
            b.add_demand_charge(DemandCharge::new(SiteId::from_index(s), per_kw).with_billing_period(1_440));
        }
        let instance = b.build().expect("values, modes and charges keep the plant valid");
        prop_assert!(instance.has_modes());
        let budget = Budget::iterations(200).with_threads(2).with_seed(seed);
        let mut searched = None;
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            prop_assert!(!outcome.notes.iter().any(|n| n.starts_with("fallback")), "{:?}", outcome.notes);
            let plan = outcome.schedule.clone().expect("a plan");
            let k = outcome.kpis.as_ref().unwrap();
            if let Err(e) = judged(&instance, &plan, k) {
                return Err(TestCaseError::fail(format!("{kind:?}: {e}")));
            }
            searched = Some(plan);
        }
        // A price spike at every site from a quarter of the makespan, four times the dearest
        // price any site has: the re-plan is checked against the instance after the event.
        let plan = searched.unwrap();
        let now = plan.makespan() / 4;
        let dearest = instance
            .sites()
            .iter()
            .enumerate()
            .map(|(s, _)| instance.tariff(SiteId::from_index(s)).price_at(now))
            .fold(0.1f64, f64::max);
        let mut r = Replanner::new(instance.clone(), plan, ReplanOptions::at(now)).unwrap();
        for site in instance.sites() {
            r.apply(Event::PriceChange {
                site: site.name.clone(),
                window: Window::new(now, now + 480),
                price_per_kwh: 4.0 * dearest,
            })
            .unwrap();
        }
        match r.replan(&budget) {
            Ok(outcome) => {
                prop_assert!(outcome.checked);
                let plan = outcome.schedule.as_ref().unwrap();
                let k = outcome.kpis.as_ref().unwrap();
                if let Err(e) = judged(&outcome.instance, plan, k) {
                    return Err(TestCaseError::fail(format!("re-plan: {e}")));
                }
            }
            // Frozen work can make a hard deadline unreachable: reported, never a plan.
            Err(takt::replan::ReplanError::DeadlineUnreachable { .. }) => {}
            Err(e) => return Err(TestCaseError::fail(format!("re-plan: {e}"))),
        }
    }
}
