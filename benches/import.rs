//! Benchmarks of the synthetic generator and of import (vendor CSV and Parquet).
//!
//! `cargo bench --bench import` runs them on 1,000,000 companies; set CHAINLEAD_BENCH_ROWS for
//! another size (e.g. 100000). Peak memory is measured on the CLI with /usr/bin/time (README).

use std::hint::black_box;
use std::path::PathBuf;

use chainlead::chain::ChainSet;
use chainlead::company::{self, ImportOptions};
use chainlead::synth::{self, SynthOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn rows() -> usize {
    std::env::var("CHAINLEAD_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000)
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let set = ChainSet::embedded().expect("chains load");
    let opts = SynthOptions {
        n,
        ..SynthOptions::default()
    };
    let mut group = c.benchmark_group("company");
    group.sample_size(10);
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function(format!("synth/{n}"), |b| {
        b.iter(|| black_box(synth::generate(&set, &opts)))
    });

    let dir: PathBuf = std::env::temp_dir().join(format!("chainlead-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let companies = synth::generate(&set, &opts);
    let vendor = dir.join("vendor.csv");
    let parquet = dir.join("companies.parquet");
    company::write_vendor_csv(&vendor, &companies).expect("write csv");
    company::write_companies(&parquet, &companies).expect("write parquet");
    drop(companies);
    let import_opts = ImportOptions::default();
    group.bench_function(format!("import_vendor_csv/{n}"), |b| {
        b.iter(|| {
            black_box(
                company::import_files(std::slice::from_ref(&vendor), &import_opts).expect("import"),
            )
        })
    });
    group.bench_function(format!("import_parquet/{n}"), |b| {
        b.iter(|| {
            black_box(
                company::import_files(std::slice::from_ref(&parquet), &import_opts)
                    .expect("import"),
            )
        })
    });
    group.finish();
    std::fs::remove_dir_all(&dir).ok();
}

criterion_group!(benches, bench);
criterion_main!(benches);
