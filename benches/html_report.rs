//! How long writing the plan page takes on a generated plant of about 2,000 operations (400 orders of
//! three to seven steps on 20 machines at two plants, with prices, caps, downtime and materials).
//!
//! Run with `cargo bench --bench html_report`. The page must be written in well under a second.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use takt::dispatch::{DispatchOptions, dispatch};
use takt::generate::{GeneratorConfig, generate};
use takt::report::{render_html, write_html};
use takt::solution::evaluate;

fn html_report(c: &mut Criterion) {
    let config = GeneratorConfig {
        orders: 400,
        ..GeneratorConfig::default()
    };
    let instance = generate(&config).expect("generated instance");
    let plan = dispatch(&instance, &DispatchOptions::default());
    let kpis = evaluate(&instance, &plan);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("plan.html");
    let mut group = c.benchmark_group(format!("html_report/{}_ops", plan.ops.len()));
    group.sample_size(50);
    group.bench_function("render_html", |b| {
        b.iter(|| render_html(black_box(&instance), black_box(&plan), &kpis, None))
    });
    group.bench_function("write_html", |b| {
        b.iter(|| write_html(black_box(&instance), black_box(&plan), &kpis, None, &path))
    });
    group.finish();
}

criterion_group!(benches, html_report);
criterion_main!(benches);
