//! Property: whatever takt writes reads back through its own readers and the checker unchanged,
//! for generated plants whose every id is awkward: commas, quotes, inner spaces, `#` first, `>` in
//! lane ids (the route separator), `=` and `;` (the materials column's separators), non-ASCII
//! letters and invisible characters inside.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};
use takt::generate::{GeneratorConfig, generate};
use takt::io::{FileTexts, PlanSources, instance_files, parse_plan, read_instance_files};
use takt::model::Instance;
use takt::solution::Schedule;
use takt::validate::validate;

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(
            std::env::var("PROPTEST_RNG_SEED")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(0x1d5),
        ),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Pieces an awkward id is made of.
const PIECES: [&str; 16] = [
    ",",
    "\"",
    "\"\"",
    " ",
    "#",
    ">",
    " > ",
    "=",
    ";",
    "é",
    "Ünïcödé",
    "北",
    "\u{200b}",
    "'",
    "a",
    "\u{a0}",
];

/// An id: a letter, then awkward pieces, then a letter (ids do not begin or end with white space).
fn awkward() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&PIECES[..]),
        prop::collection::vec(prop::sample::select(&PIECES[..]), 0..5),
    )
        .prop_map(|(first, rest)| {
            let mut id = String::from("x");
            id.push_str(first);
            for piece in rest {
                id.push_str(piece);
            }
            id.push('z');
            id
        })
}

/// `instance` with every id replaced by `names[i % len] + i` (unique per kind).
fn renamed(instance: &Instance, names: &[String]) -> Instance {
    let mut b = instance.to_builder();
    let mut k = 0;
    let mut next = |kind: &str| {
        k += 1;
        format!("{}{kind}{k}", names[k % names.len()])
    };
    for s in &mut b.sites {
        s.name = next("s");
    }
    for m in &mut b.machines {
        m.name = next("m");
    }
    for m in &mut b.materials {
        m.name = next("t");
    }
    for p in &mut b.products {
        p.name = next("p");
    }
    for o in &mut b.orders {
        o.name = next("o");
    }
    for l in &mut b.lanes {
        l.name = next("l");
    }
    for d in &mut b.deliveries {
        d.name = next("d");
    }
    b.build().expect("renaming keeps the instance valid")
}

fn plan_sources(files: &FileTexts) -> PlanSources {
    PlanSources::from_texts(files)
}

fn normalized(mut schedule: Schedule) -> Schedule {
    schedule.normalize();
    schedule
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn plants_and_plans_with_awkward_ids_read_back_unchanged(
        names in prop::collection::vec(awkward(), 1..6),
        orders in 1usize..12,
        sites in 1usize..3,
        customers in 0usize..3,
        seed in any::<u64>(),
    ) {
        let generated = generate(&GeneratorConfig {
            orders,
            machines: 4,
            sites,
            customers,
            products: 3,
            materials: 2,
            min_steps: 1,
            max_steps: 3,
            due_slack: 1.0,
            seed,
            ..GeneratorConfig::default()
        })
        .expect("a generated plant");
        let instance = renamed(&generated, &names);

        // The instance: written, read back, written again: the same files.
        let files = instance_files(&instance).expect("representable");
        let back = read_instance_files(instance.name(), &files)
            .unwrap_or_else(|e| panic!("the written instance does not read back:\n{e}"));
        prop_assert_eq!(&instance_files(&back).unwrap(), &files);

        // The plan: the greedy plan passes the checker, is written, reads back unchanged against
        // the re-read instance, and passes the checker there too.
        let schedule = takt::dispatch::dispatch(&instance, &Default::default());
        prop_assert!(validate(&instance, &schedule).is_feasible());
        let plan = takt::io::plan_files(&instance, &schedule).unwrap();
        let read = parse_plan(&back, &plan_sources(&plan))
            .unwrap_or_else(|e| panic!("the written plan does not read back:\n{e}"));
        prop_assert!(read.has_shipments && read.has_unplanned);
        let read = normalized(read.schedule);
        prop_assert_eq!(&read, &normalized(schedule));
        prop_assert!(validate(&back, &read).is_feasible());
    }
}

#[test]
fn a_route_through_lanes_whose_ids_hold_the_separator_reads_back() {
    let files = [
        ("sites.csv", "id\nA\nB\nC\n"),
        ("machines.csv", "id,site\nM1,A\n"),
        ("routings.csv", "product,step,machine,setup\nP,1,M1,10\n"),
        ("orders.csv", "id,product,quantity,customer\nO1,P,1,C\n"),
        ("lanes.csv", "id,from,to,transit\nA>B,A,B,5\nB > C,B,C,5\n"),
    ];
    let instance = read_instance_files("sep", &files).unwrap();
    let schedule = takt::dispatch::dispatch(&instance, &Default::default());
    let plan = takt::io::plan_files(&instance, &schedule).unwrap();
    let shipments = &plan.iter().find(|(n, _)| *n == "shipments.csv").unwrap().1;
    assert!(shipments.contains("A>B>B > C"), "{shipments}");
    let read = parse_plan(&instance, &plan_sources(&plan)).unwrap();
    assert_eq!(normalized(read.schedule), normalized(schedule));
}

#[test]
fn ids_the_csv_reader_could_not_give_back_are_refused_when_built() {
    let mut b = takt::model::InstanceBuilder::new("names");
    let site = b.add_site(takt::model::Site::new(" padded"));
    b.add_machine(takt::model::Machine::new("tab\there", site));
    let issues = b.build().unwrap_err().issues;
    let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(codes, vec!["BAD_NAME", "BAD_NAME"]);
}
