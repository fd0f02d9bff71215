//! Benchmarks of the gap analysis and the lead ranking on synthetic companies (classification done
//! once beforehand).
//!
//! `cargo bench --bench gaps` runs 100,000 and 1,000,000 companies; CHAINLEAD_BENCH_ROWS sets other sizes
//! (comma-separated). The end-to-end CLI figures for 1M and 10M rows are in the README.

use std::hint::black_box;

use chainlead::chain::ChainSet;
use chainlead::classify::Classifier;
use chainlead::gaps::{self, GapConfig};
use chainlead::leads;
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
    for n in sizes() {
        let companies = synth::generate(
            &set,
            &SynthOptions {
                n,
                ..SynthOptions::default()
            },
        );
        let matches = classifier.classify(&companies, 0.5);
        let mut group = c.benchmark_group("gaps");
        group.sample_size(10);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("analyze/{n}"), |b| {
            b.iter(|| {
                black_box(gaps::analyze(
                    &set,
                    &companies,
                    &matches,
                    synth::DEMO_HOME,
                    &GapConfig::default(),
                ))
            })
        });
        let report = gaps::analyze(
            &set,
            &companies,
            &matches,
            synth::DEMO_HOME,
            &GapConfig::default(),
        )
        .expect("gaps");
        let profile = leads::Profile::default_profile();
        let filter = leads::LeadFilter {
            top: Some(100),
            ..leads::LeadFilter::default()
        };
        group.bench_function(format!("leads/{n}"), |b| {
            b.iter(|| {
                black_box(leads::rank(
                    &set, &companies, &matches, &report, &profile, &filter,
                ))
            })
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
