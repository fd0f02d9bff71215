//! Benchmarks of the classifier on synthetic companies, with one thread and with all.
//!
//! `cargo bench --bench classify` runs 100,000 and 1,000,000 companies; the table is built in memory
//! first, so the figures are for matching alone (companies/s and MB/s of name, products and scope).
//! `long-scopes` runs the same companies with scopes of real modern length (three synthetic scopes
//! joined, about 300 characters each), and `registry`, when ../shared is beside the checkout, the
//! first 200,000 real business registrations (name and scope only).

use std::hint::black_box;

use chainlead::chain::ChainSet;
use chainlead::classify::scope::Parsed;
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

/// A modern scope of 546 bytes, as in the README's example.
const SCOPE: &str = "一般项目：太阳能电池组件生产；光伏设备及元器件销售；钢材、五金交电、建筑材料（不含危险化学品）的销售；太阳能路灯的研发、生产、安装；技术服务、技术开发；货物进出口（国家限定公司经营或禁止进出口的商品除外）。（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：医疗器械经营（不含第三类医疗器械）（依法须经批准的项目，经相关部门批准后方可开展经营活动）";

/// What one scope costs: the keyword scan and the scope parser.
fn scope_costs(c: &mut Criterion, classifier: &Classifier) {
    let mut group = c.benchmark_group("scope");
    group.throughput(Throughput::Bytes(SCOPE.len() as u64));
    group.bench_function("keyword scan", |b| {
        b.iter(|| black_box(classifier.keyword_hits(black_box(SCOPE))))
    });
    let mut parsed = Parsed::default();
    group.bench_function("parse", |b| {
        b.iter(|| {
            classifier.parser().parse(black_box(SCOPE), &mut parsed);
            black_box(parsed.items.len())
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let set = ChainSet::embedded().expect("chains load");
    let classifier = Classifier::new(&set).expect("classifier builds");
    scope_costs(c, &classifier);
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
