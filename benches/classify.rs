//! Benchmarks of the classifier on synthetic companies, with one thread and with all.
//!
//! `cargo bench --bench classify` runs 100,000 and 1,000,000 companies; the table is built in memory
//! first, so the figures are for matching alone (companies/s and MB/s of name, products and scope).
//! `long-scopes` runs the same companies with scopes of real modern length (three synthetic scopes
//! joined, about 300 characters each), and `registry`, when ../shared is beside the checkout, the
//! first 200,000 real business registrations (name and scope only).

use std::hint::black_box;

use chainlead::chain::ChainSet;
use chainlead::classify::Classifier;
use chainlead::company::{Cell, Col, Companies, Row};
use chainlead::synth::{self, SynthOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sizes() -> Vec<usize> {
    match std::env::var("CHAINLEAD_BENCH_ROWS") {
        Ok(v) => v.split(',').filter_map(|x| x.trim().parse().ok()).collect(),
        Err(_) => vec![100_000, 1_000_000],
    }
}

fn bench(c: &mut Criterion) {
    let set = ChainSet::embedded().expect("chains load");
    let classifier = Classifier::new(&set).expect("classifier builds");
    let threads = rayon::current_num_threads();
    for n in sizes() {
        let companies = synth::generate(
            &set,
            &SynthOptions {
                n,
                ..SynthOptions::default()
            },
        );
        let bytes = companies.text_bytes() as u64;
        let mut group = c.benchmark_group(format!("classify/{n}"));
        group.sample_size(10);
        for (label, pool_threads) in [("1 thread", 1), ("all threads", threads)] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(pool_threads)
                .build()
                .expect("pool");
            group.throughput(Throughput::Elements(n as u64));
            group.bench_function(format!("companies/{label}"), |b| {
                b.iter(|| pool.install(|| black_box(classifier.classify(&companies, 0.5))))
            });
            group.throughput(Throughput::Bytes(bytes));
            group.bench_function(format!("bytes/{label}"), |b| {
                b.iter(|| pool.install(|| black_box(classifier.classify(&companies, 0.5))))
            });
        }
        group.finish();
        // The same companies with scopes of about 300 characters.
        let scopes = companies.text(Col::BusinessScope);
        let long = name_and_scope(
            n,
            |i| companies.text(Col::Name).get(i),
            |i| {
                (0..3)
                    .map(|k| scopes.get((i + k * 7919) % n))
                    .collect::<Vec<_>>()
                    .join("；")
            },
        );
        let chars = long
            .text(Col::BusinessScope)
            .iter()
            .map(|s| s.chars().count())
            .sum::<usize>();
        eprintln!("long scopes: {} characters on average", chars / n.max(1));
        run_group(c, &classifier, &long, &format!("classify/long-scopes/{n}"));
    }
    if let Some(real) = registry() {
        let n = real.len();
        run_group(c, &classifier, &real, &format!("classify/registry/{n}"));
    }
}

/// Companies per second with one thread and with all.
fn run_group(c: &mut Criterion, classifier: &Classifier, companies: &Companies, name: &str) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.throughput(Throughput::Elements(companies.len() as u64));
    for (label, threads) in [
        ("1 thread", 1),
        ("all threads", rayon::current_num_threads()),
    ] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        group.bench_function(format!("companies/{label}"), |b| {
            b.iter(|| pool.install(|| black_box(classifier.classify(companies, 0.5))))
        });
    }
    group.finish();
}

/// The first 200,000 real registrations (name and scope), when ../shared is there.
fn registry() -> Option<Companies> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/realdata/registry_train.parquet");
    if !path.exists() {
        eprintln!("registry benchmark skipped: {} not found", path.display());
        return None;
    }
    let all = chainlead::company::load(&path, &Default::default())
        .ok()?
        .companies;
    let n = all.len().min(200_000);
    let c = name_and_scope(
        n,
        |i| all.text(Col::Name).get(i),
        |i| all.text(Col::BusinessScope).get(i).to_string(),
    );
    Some(c)
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// A table of `n` companies with only a name and a business scope.
fn name_and_scope<'a>(
    n: usize,
    name: impl Fn(usize) -> &'a str,
    scope: impl Fn(usize) -> String,
) -> Companies {
    let mut c = Companies::new(Vec::new(), n);
    for i in 0..n {
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text(name(i).to_string()));
        row.set(Col::BusinessScope, Cell::Text(scope(i)));
        c.push(&row);
    }
    c
}
