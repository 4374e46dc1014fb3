//! Throughput of the local search's inner steps.
//!
//! - `shop/decode`: machine sequences to start times (heads and tails), per operation;
//! - `shop/neighbourhood`: estimating every insertion move of the critical operations, per move;
//! - `plant/decode`: a whole plan into a timetable with every check, per operation;
//! - `plant/reinsert`: one ruin-and-recreate move on a ~2,000-operation plant, per move.
//!
//! `cargo bench --bench search` (reads instances/benchmarks).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::Path;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::generate::{GeneratorConfig, generate};
use takt::io::load_instance;
use takt::search::{plant, shop};

fn shop_steps(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("instances/benchmarks");
    let mut group = c.benchmark_group("shop");
    for name in ["jsp/ft10", "jsp/ft20", "fjsp/mk10.fjs"] {
        let path = root.join(name);
        if !path.exists() {
            continue;
        }
        let instance = load_instance(&path, None).expect("benchmark instance reads");
        let plan = dispatch(&instance, &DispatchOptions::default());
        let mut probe = shop::Probe::new(&instance, &plan).expect("dispatch plans are complete");
        let label = instance.name().to_string();
        group.throughput(Throughput::Elements(probe.operations() as u64));
        group.bench_function(format!("decode/{label}"), |b| {
            b.iter(|| black_box(probe.decode()))
        });
        let moves = probe.estimate_neighbourhood();
        group.throughput(Throughput::Elements(moves as u64));
        group.bench_function(format!("neighbourhood/{label}"), |b| {
            b.iter(|| black_box(probe.estimate_neighbourhood()))
        });
    }
    group.finish();
}

fn plant_steps(c: &mut Criterion) {
    let config = GeneratorConfig {
        orders: 400,
        machines: 20,
        sites: 2,
        seed: 7,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).expect("valid generator settings");
    let plan = dispatch(&instance, &DispatchOptions::default());
    let scope = plant::Scope::free(&instance);
    let mut group = c.benchmark_group("plant");
    group.throughput(Throughput::Elements(instance.ops().len() as u64));
    group.bench_function(format!("decode/{}ops", instance.ops().len()), |b| {
        b.iter(|| black_box(plant::Probe::new(&instance, &scope, &plan).map(|p| p.cost())))
    });
    let mut probe = plant::Probe::new(&instance, &scope, &plan).expect("dispatch plans fit");
    let orders: Vec<_> = instance.order_ids().step_by(8).collect();
    group.throughput(Throughput::Elements(orders.len() as u64));
    group.bench_function(format!("reinsert/{}ops", instance.ops().len()), |b| {
        b.iter(|| {
            for &o in &orders {
                black_box(probe.try_reinsert(o));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, shop_steps, plant_steps);
criterion_main!(benches);
