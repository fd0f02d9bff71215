//! Peak memory of reading a company file batch by batch (the benchmark behind the memory claims
//! of `company::source`).
//!
//! ```text
//! cargo run --release --example batch_rss -- write /tmp/s10m.parquet 10000000
//! cargo run --release --example batch_rss -- read /tmp/s10m.parquet [BATCH_ROWS] [--project]
//! ```
//!
//! `write` makes a canonical Parquet file of N rows (a 200 000-row synthetic table repeated,
//! through `CompanyWriter`, one row group per 65 536 rows) without holding more than that table;
//! `read` reads a file with `BatchReader` and prints the rows, the batches, the time and the
//! process's peak resident memory (VmHWM from /proc/self/status, Linux).

use std::path::PathBuf;
use std::time::Instant;

use chainlead::chain::ChainSet;
use chainlead::company::{BatchReader, Col, Companies, CompanyWriter, DEFAULT_BATCH_ROWS};
use chainlead::synth::{self, SynthOptions};

/// The process's peak resident set, in KB (0 where /proc is missing).
fn peak_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let started = Instant::now();
    match args.first().map(String::as_str) {
        Some("write") if args.len() >= 3 => {
            let path = PathBuf::from(&args[1]);
            let n: usize = args[2].parse()?;
            let set = ChainSet::embedded().map_err(|e| format!("{e:?}"))?;
            let base = synth::generate(
                &set,
                &SynthOptions {
                    n: 200_000.min(n),
                    ..SynthOptions::default()
                },
            );
            let mut w = CompanyWriter::create(&path, base.extra_names())?;
            let mut written = 0;
            while written < n {
                for start in (0..base.len()).step_by(DEFAULT_BATCH_ROWS) {
                    let end = (start + DEFAULT_BATCH_ROWS)
                        .min(base.len())
                        .min(start + n - written);
                    if end <= start {
                        break;
                    }
                    let mut batch = Companies::new(Vec::new(), end - start);
                    for i in start..end {
                        batch.push_from(&base, i);
                    }
                    w.write(&batch)?;
                    written += end - start;
                }
            }
            w.finish()?;
            println!(
                "wrote {written} rows to {} in {:.1} s, peak {} KB",
                path.display(),
                started.elapsed().as_secs_f64(),
                peak_rss_kb()
            );
        }
        Some("read") if args.len() >= 2 => {
            let path = PathBuf::from(&args[1]);
            let batch_rows = args
                .get(2)
                .and_then(|s| s.parse().ok())
                .unwrap_or(DEFAULT_BATCH_ROWS);
            let mut reader = BatchReader::open(&path, &Default::default(), batch_rows)?;
            if args.iter().any(|a| a == "--project") {
                reader.project(&[Col::Name, Col::MainProducts, Col::BusinessScope]);
            }
            let opened = started.elapsed().as_secs_f64();
            let (mut rows, mut batches) = (0, 0);
            while let Some(b) = reader.next_batch()? {
                rows += b.len();
                batches += 1;
            }
            println!(
                "read {rows} rows in {batches} batches of up to {batch_rows} from {}: opened in {opened:.1} s, all in {:.1} s, peak {} KB ({})",
                path.display(),
                started.elapsed().as_secs_f64(),
                peak_rss_kb(),
                reader.report().line(chainlead::Lang::En)
            );
        }
        _ => {
            eprintln!(
                "usage: batch_rss write OUT N | batch_rss read FILE [BATCH_ROWS] [--project]"
            );
            std::process::exit(2);
        }
    }
    Ok(())
}
