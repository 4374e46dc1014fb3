//! `takt generate --margins` (issue 13): exactly the optional and deferrable shares asked for,
//! deferrable orders priced from their margin and free of hard deadlines, and clear errors for
//! shares that cannot be met.

use takt::generate::{DEFER_COST_SHARE_PER_DAY, GeneratorConfig, generate};
use takt::io::instance_files;
use takt::model::{ErrorCode, Priority};

fn config(orders: usize, seed: u64, optional: f64, deferrable: f64) -> GeneratorConfig {
    GeneratorConfig {
        orders,
        machines: 8,
        seed,
        margins: true,
        optional_share: optional,
        deferrable_share: deferrable,
        ..GeneratorConfig::default()
    }
}

#[test]
fn margins_make_exactly_the_optional_and_deferrable_shares_asked_for() {
    for (orders, seed, optional_share, deferrable_share) in [
        (200, 1, 0.3, 0.25),
        (37, 4, 0.3, 0.1),
        (9, 11, 0.5, 0.2),
        (40, 2, 0.0, 0.0),
    ] {
        let c = config(orders, seed, optional_share, deferrable_share);
        let instance = generate(&c).unwrap();
        let want = |share: f64| (share * orders as f64).round() as usize;
        let optional: Vec<_> = instance
            .orders()
            .iter()
            .filter(|o| o.value.optional)
            .collect();
        assert_eq!(optional.len(), want(optional_share), "{c:?}");
        assert!(optional.iter().all(|o| o.value.priority == Priority::Low));
        let deferrable: Vec<_> = instance
            .orders()
            .iter()
            .filter(|o| o.value.is_deferrable())
            .collect();
        assert_eq!(deferrable.len(), want(deferrable_share), "{c:?}");
        for o in deferrable {
            assert!(!o.value.optional && o.deadline.is_none(), "{}", o.name);
            let per_day = (o.value.margin() * DEFER_COST_SHARE_PER_DAY)
                .round()
                .max(1.0);
            assert_eq!(o.value.defer_cost_per_day, Some(per_day), "{}", o.name);
        }
        // Seeded: the same configuration gives the same files.
        assert_eq!(
            instance_files(&instance).unwrap(),
            instance_files(&generate(&c).unwrap()).unwrap()
        );
    }
}

#[test]
fn shares_outside_zero_to_one_adding_up_beyond_one_or_beyond_the_eligible_orders_are_refused() {
    for (optional, deferrable, quoted) in [
        (-0.1, 0.0, "optional share -0.1 is not a share from 0 to 1"),
        (0.0, 1.5, "deferrable share 1.5 is not a share from 0 to 1"),
        (0.7, 0.5, "add up to more than 1"),
        (f64::NAN, 0.0, "optional share NaN"),
        // Every generated plant with orders has a hard deadline: not every order can be deferred.
        (
            0.0,
            1.0,
            "orders are neither optional nor bound by a hard deadline",
        ),
    ] {
        let error = generate(&config(30, 3, optional, deferrable)).unwrap_err();
        assert_eq!(error.issues[0].code, ErrorCode::BadGeneratorConfig);
        assert!(error.to_string().contains(quoted), "{error}");
    }
}
