//! Benchmarks of the classifier on synthetic companies, with one thread and with all.
//!
//! `cargo bench --bench classify` runs 100,000 and 1,000,000 companies; the table is built in memory
//! first, so the figures are for matching alone (companies/s and MB/s of name, products and scope).

use std::hint::black_box;

use chainlead::chain::ChainSet;
use chainlead::classify::Classifier;
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
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
