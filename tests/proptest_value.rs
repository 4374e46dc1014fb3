//! Property: on random generated plants with margins, optional and deferrable orders under the
//! contribution form, every solver's plan passes the checker, orders are left out only as their
//! values allow, and the contribution reported equals the one recomputed from the plan.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use takt::budget::Budget;
use takt::engine::{SolveOptions, SolverKind, solve};
use takt::generate::{GeneratorConfig, generate};
use takt::model::deferral_days;
use takt::solution::Decision;
use takt::solution::deferral_charge;
use takt::validate::validate;

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(0x7a1e),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn plans_with_optional_and_deferrable_orders_pass_the_checker_and_report_their_contribution(
        orders in 1usize..30,
        machines in 2usize..8,
        sites in 1usize..3,
        optional_share in 0.0f64..1.0,
        seed in any::<u64>(),
    ) {
        let generated = generate(&GeneratorConfig {
            orders,
            machines: machines.max(sites),
            sites,
            seed,
            margins: true,
            optional_share,
            ..GeneratorConfig::default()
        })
        .expect("generator settings are valid");
        // Every third order without a hard deadline deferrable at a tenth of its margin per day
        // (a deferred order would miss a deadline: the builder refuses both).
        let mut b = generated.to_builder();
        for (i, o) in b.orders.iter_mut().enumerate() {
            if i % 3 == 0 && o.deadline.is_none() {
                o.value.defer_cost_per_day = Some((o.value.margin() / 10.0).max(0.0));
            }
        }
        let instance = b.build().expect("values keep the plant valid");
        let budget = Budget::iterations(300).with_threads(2).with_seed(seed);
        for kind in [SolverKind::Greedy, SolverKind::Search] {
            let outcome = solve(&instance, &SolveOptions::with_solver(kind), &budget)
                .unwrap_or_else(|e| panic!("{kind:?} on seed {seed}: {e}"));
            prop_assert!(!outcome.notes.iter().any(|n| n.starts_with("fallback")), "{:?}", outcome.notes);
            let plan = outcome.schedule.as_ref().expect("a plan");
            let report = validate(&instance, plan);
            prop_assert!(report.is_feasible(), "{:?}: {:?}", kind, report.violations);
            let k = outcome.kpis.as_ref().unwrap();
            let mut margin = 0.0;
            let mut deferral = 0.0;
            let mut dropped = 0.0;
            let mut later_money = 0.0;
            let mut later_weighted = 0.0;
            for o in instance.order_ids() {
                let order = instance.order(o);
                match plan.unplanned.iter().find(|u| u.order == o).map(|u| u.decision) {
                    None => margin += order.value.margin(),
                    Some(Decision::Unplannable) => {}
                    Some(Decision::Dropped) => {
                        prop_assert!(order.value.optional);
                        dropped += order.value.margin();
                    }
                    Some(Decision::Deferred) => {
                        let per_day = order.value.defer_cost_per_day.expect("deferrable");
                        margin += order.value.margin();
                        deferral += per_day * deferral_days(order.due, instance.horizon_end()) as f64;
                        // Made later: its estimated energy and transport (unit-tested in
                        // takt::solution::deferral) count too.
                        let later = deferral_charge(&instance, o).expect("deferrable");
                        prop_assert!(later.energy_cost >= 0.0 && later.transport_cost >= 0.0);
                        later_money += later.energy_cost + later.transport_cost;
                        later_weighted += later.objective_cost(&instance) - later.deferral_cost;
                    }
                }
            }
            let expected = margin - k.energy_cost - k.transport_cost - k.total_weighted_tardiness - deferral - later_money;
            let tolerance = 1e-6 * (margin.abs() + k.energy_cost + k.transport_cost + k.total_weighted_tardiness + 1.0);
            prop_assert!((k.value.contribution - expected).abs() <= tolerance,
                "{kind:?}: reported {} recomputed {expected}", k.value.contribution);
            let w = instance.weights();
            let weighted = w.tardiness * k.total_weighted_tardiness + w.energy * k.energy_cost
                + w.transport * k.transport_cost + w.makespan * k.makespan as f64;
            prop_assert!((k.objective - (weighted + deferral + later_weighted + dropped)).abs() <= tolerance);
            let failures = plan.unplanned.iter().filter(|u| u.decision == Decision::Unplannable).count();
            prop_assert_eq!(outcome.exit_code() == 0, failures == 0);
        }
    }
}
