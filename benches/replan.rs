//! Re-planning latency on a generated plant of about 2,000 operations: from one event to a checked
//! plan (apply the event, repair, improve within the budget, check, KPIs and diff), per event kind.
//!
//! `cargo bench --bench replan`; `takt bench-replan` gives the same figures with the quality
//! comparison (see docs/REPLAN.md).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use takt::budget::Budget;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::generate::{GeneratorConfig, generate};
use takt::replan::{Event, ReplanOptions, Replanner, sample_event};

fn replan_latency(c: &mut Criterion) {
    let config = GeneratorConfig {
        orders: 400,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).expect("the generator config is valid");
    let baseline = dispatch(&instance, &DispatchOptions::default());
    let now = baseline.makespan() / 4;
    let replanner = Replanner::new(instance.clone(), baseline.clone(), ReplanOptions::at(now))
        .expect("a dispatched plan is a valid baseline");
    let budget = Budget::time(Duration::from_millis(90));
    let mut group = c.benchmark_group("replan_2000_ops");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(3));
    for kind in Event::KINDS {
        let Some(event) = sample_event(kind, &instance, &baseline, now, 1) else {
            continue;
        };
        group.bench_function(kind, |b| {
            b.iter_batched(
                || replanner.clone(),
                |mut r| {
                    r.apply(event.clone()).expect("a sampled event applies");
                    black_box(r.replan(&budget).expect("re-plan"))
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, replan_latency);
criterion_main!(benches);
