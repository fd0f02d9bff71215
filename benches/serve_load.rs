//! Load test of the web workspace: loads a workspace, serves it on a free local port, and sends
//! 2,000 GET requests over 16 kept-alive connections at once (a mix of every page and API call),
//! then prints the p50, p99 and slowest answer per kind of request.
//!
//! ```sh
//! cargo bench --bench serve_load                       # the embedded demo (200,000 companies)
//! CHAINLEAD_COMPANIES=s1m.parquet CHAINLEAD_HOME=530402 cargo bench --bench serve_load
//! CHAINLEAD_REQUESTS=4000 CHAINLEAD_CONCURRENCY=32 cargo bench --bench serve_load
//! ```
//!
//! A benchmark, not a test: it asserts nothing about time.

#[path = "../tests/common/http.rs"]
mod http;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use chainlead::pipeline::Source;
use chainlead::serve::Workspace;
use chainlead::ChainSet;
use http::{enc, Client};

fn env(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes --bench; nothing else is read from the command line.
    let requests = env("CHAINLEAD_REQUESTS", 2000);
    let concurrency = env("CHAINLEAD_CONCURRENCY", 16);
    let set = ChainSet::embedded().expect("the embedded chains load");
    let (source, home, what) = match std::env::var("CHAINLEAD_COMPANIES") {
        Ok(path) => (
            Source::file(std::path::Path::new(&path)),
            std::env::var("CHAINLEAD_HOME").expect("CHAINLEAD_HOME with CHAINLEAD_COMPANIES"),
            path,
        ),
        Err(_) => (
            Source::Memory(chainlead::synth::demo(&set)),
            chainlead::synth::DEMO_HOME.to_string(),
            "the demo".to_string(),
        ),
    };
    let started = Instant::now();
    let ws = http::load(&source, set, &home);
    drop(source);
    println!(
        "loaded {what} ({}) in {:.2} s: {} leads, {} companies held",
        ws.source,
        started.elapsed().as_secs_f64(),
        ws.lead_count(),
        ws.companies.len()
    );
    let paths = request_mix(&ws);
    let addr = http::spawn(ws);
    // One warm-up pass over the mix.
    let mut warm = Client::connect(&addr).expect("connects");
    for (_, p) in &paths {
        warm.get(p).expect("answers");
    }
    let next = AtomicUsize::new(0);
    let times: Mutex<Vec<(&'static str, f64, u16)>> = Mutex::new(Vec::with_capacity(requests));
    let began = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..concurrency {
            s.spawn(|| {
                let mut client = Client::connect(&addr).expect("connects");
                let mut mine = Vec::new();
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= requests {
                        break;
                    }
                    let (kind, path) = &paths[k % paths.len()];
                    let t = Instant::now();
                    let r = client.get(path).expect("answers");
                    mine.push((*kind, t.elapsed().as_secs_f64() * 1000.0, r.status));
                }
                times.lock().unwrap().extend(mine);
            });
        }
    });
    let wall = began.elapsed().as_secs_f64();
    let times = times.into_inner().unwrap();
    let failed = times.iter().filter(|t| t.2 >= 400).count();
    println!(
        "{requests} requests, {concurrency} at a time: {wall:.2} s, {:.0} requests/s, {failed} not 2xx",
        requests as f64 / wall
    );
    let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for (kind, ms, _) in &times {
        by_kind.entry(kind).or_default().push(*ms);
        by_kind.entry("all").or_default().push(*ms);
    }
    println!(
        "{:<22} {:>6} {:>9} {:>9} {:>9}",
        "request", "count", "p50 ms", "p99 ms", "max ms"
    );
    for (kind, mut v) in by_kind {
        v.sort_by(f64::total_cmp);
        let q = |f: f64| v[((v.len() as f64 - 1.0) * f).round() as usize];
        println!(
            "{kind:<22} {:>6} {:>9.2} {:>9.2} {:>9.2}",
            v.len(),
            q(0.5),
            q(0.99),
            v[v.len() - 1]
        );
    }
}

/// The requests: every page and API call, with ids and filters taken from the workspace.
fn request_mix(ws: &Workspace) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let leads = chainlead::serve::api::leads(
        ws,
        &chainlead::serve::http::Params(vec![("limit".into(), "40".into())]),
    )
    .expect("leads");
    let list = leads["leads"].as_array().cloned().unwrap_or_default();
    let (_, cities) = ws.lead_places();
    for (i, c) in ws.set.chains.iter().enumerate() {
        out.push(("page /chains", format!("/chains/{}", enc(&c.id))));
        out.push(("api /api/gaps", format!("/api/gaps?chain={}", enc(&c.id))));
        out.push((
            "api /api/leads",
            format!("/api/leads?chain={}&limit=50&offset={}", enc(&c.id), i * 10),
        ));
        out.push(("page /leads", format!("/leads?chain={}", enc(&c.id))));
    }
    for l in list.iter().take(8) {
        let id = enc(l["id"].as_str().unwrap_or(""));
        let node = enc(l["node"].as_str().unwrap_or(""));
        let province = enc(l["province"].as_str().unwrap_or(""));
        out.push(("page /companies", format!("/companies/{id}")));
        out.push(("api /api/companies", format!("/api/companies/{id}")));
        out.push(("page /nodes", format!("/nodes/{node}")));
        out.push((
            "api /api/leads",
            format!("/api/leads?province={province}&scope=all"),
        ));
        out.push((
            "page /leads",
            format!("/leads?province={province}&sort=quality&size=large"),
        ));
    }
    out.push(("page /", "/".into()));
    out.push(("page /", "/?lang=en".into()));
    out.push(("api /api/chains", "/api/chains".into()));
    out.push(("page /map", "/map".into()));
    out.push(("page /map", "/map?chain=pv&scope=outside-province".into()));
    if let Some((city, _)) = cities.first() {
        out.push(("page /trip", format!("/trip?city={}&days=3", enc(city))));
    }
    out.push((
        "api /api/leads.xlsx",
        "/api/leads.xlsx?chain=pv&limit=100&scope=outside-province".into(),
    ));
    out
}
