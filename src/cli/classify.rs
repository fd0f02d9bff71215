//! `chainlead classify`: match companies onto chain nodes, with evidence.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::base::table_writer::{write_batches, TableWriter};
use chainlead::base::TableError;
use chainlead::base::{Data, Table};
use chainlead::chain::ChainSet;
use chainlead::classify::{self, Classifier, Match, Matches, DEFAULT_MIN_CONFIDENCE};
use chainlead::company::Companies;
use chainlead::pipeline::{self, ScanOptions, Sink};
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead classify`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead classify -o matches.csv\n  \
chainlead classify --companies companies.parquet --min-confidence 0.6 -o matches.parquet\n\n\
每行一个（企业, 环节）匹配：row, id, name, chain, node, node_name, tier, confidence, role, primary, evidence。\n\
One row per (company, node) match. RAYON_NUM_THREADS sets the number of threads."
)]
pub struct Args {
    /// 企业数据文件（CSV、XLSX、Parquet）；缺省使用内置演示数据 (company file; the demo when omitted)
    #[arg(long, value_name = "FILE")]
    companies: Option<PathBuf>,
    /// 输出文件：.csv、.parquet、.json、.xlsx (output file)
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// 最低置信度，0 到 1 (lowest confidence kept, 0 to 1)
    #[arg(long, default_value_t = chainlead::classify::DEFAULT_MIN_CONFIDENCE, value_parser = super::values::unit_interval)]
    min_confidence: f64,
}

/// The matches of each batch turned into table rows as they come and handed to the writer thread,
/// with the counts of the summary.
struct MatchWriter<'a> {
    out: std::sync::mpsc::SyncSender<Table>,
    set: &'a ChainSet,
    classifier: &'a Classifier,
    lang: Lang,
    /// Companies with a primary match per chain.
    per_chain: Vec<usize>,
    /// Companies without any match.
    unmatched: usize,
    /// Bytes of name, products and scope scanned.
    text_bytes: usize,
}

impl Sink for MatchWriter<'_> {
    fn add(&mut self, batch: &Companies, matches: &[Match], first_row: usize) {
        let found = Matches {
            list: matches.to_vec(),
            scanned: batch.len(),
        };
        let (per_chain, unmatched) = classify::chain_counts(&found, self.set);
        for (total, k) in self.per_chain.iter_mut().zip(per_chain) {
            *total += k;
        }
        self.unmatched += unmatched;
        self.text_bytes += batch.text_bytes();
        let mut table = classify::match_table(&found, batch, self.set, self.classifier, self.lang);
        // The row numbers of the batch's matches, made global.
        if let Some(Data::Int(rows)) = table.data.first_mut() {
            for r in rows.iter_mut().flatten() {
                *r += first_row as i64;
            }
        }
        // The writer thread has stopped only after an error, which it reports at the end.
        self.out.send(table).ok();
    }
}

/// Writes the tables it receives, in order, while the caller classifies the next batch: the time
/// spent writing and the first error (nothing more is written after it).
fn write_received(
    out: &mut TableWriter,
    tables: std::sync::mpsc::Receiver<Table>,
) -> (f64, Option<TableError>) {
    let mut secs = 0.0;
    for table in tables {
        let writing = Instant::now();
        if let Err(e) = out.write(&table) {
            return (secs, Some(e));
        }
        secs += writing.elapsed().as_secs_f64();
    }
    (secs, None)
}

/// Runs `chainlead classify`: the companies read in batches, each batch's matches written out as
/// they come (only the counts are kept).
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    if let Some(input) = args.companies.as_deref() {
        super::input::check_not_input(Some(&args.output), &[input], lang)?;
    }
    let set = ctx.load_chains()?;
    let source = ctx.source(args.companies.as_deref())?;
    let classifier = Classifier::new(&set)?;
    let template = classify::match_table(
        &Matches::default(),
        &Companies::default(),
        &set,
        &classifier,
        lang,
    );
    let opts = ScanOptions {
        min_confidence: args.min_confidence,
        // The match table reads the classifier's columns (id, name, code, scope) only.
        columns: pipeline::CLASSIFIER_COLUMNS,
        ..ScanOptions::default()
    };
    let progress = ctx.progress(None, "读取并匹配", "reading and matching");
    let started = Instant::now();
    let (pass, per_chain, unmatched, text_bytes, write_secs) = write_batches(
        &args.output,
        &template,
        lang.pick("匹配结果", "matches"),
        |out| -> Result<_> {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Table>(2);
            std::thread::scope(|s| {
                let writer = s.spawn(move || write_received(out, rx));
                let mut sink = MatchWriter {
                    out: tx,
                    set: &set,
                    classifier: &classifier,
                    lang,
                    per_chain: vec![0; set.chains.len()],
                    unmatched: 0,
                    text_bytes: 0,
                };
                let pass = pipeline::scan(&source, &classifier, &opts, &mut [&mut sink], &progress);
                let MatchWriter {
                    out: tx,
                    per_chain,
                    unmatched,
                    text_bytes,
                    ..
                } = sink;
                drop(tx);
                let (write_secs, error) = writer
                    .join()
                    .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?;
                let pass = pass.map_err(|e| super::input::import_error(e, lang))?;
                if let Some(e) = error {
                    return Err(e.into());
                }
                Ok((pass, per_chain, unmatched, text_bytes, write_secs))
            })
        },
    )?;
    let secs = started.elapsed().as_secs_f64();
    let source = ctx.source_line(args.companies.as_deref(), pass.report.as_ref());
    if pass.matches == 0 {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "提醒：没有企业达到置信度 {}，写出的文件只有表头；可降低 --min-confidence（缺省 {}）",
                    args.min_confidence, DEFAULT_MIN_CONFIDENCE
                ),
                Lang::En => format!(
                    "note: no company reaches confidence {}; the file written has only its header; lower --min-confidence (default {})",
                    args.min_confidence, DEFAULT_MIN_CONFIDENCE
                ),
            }
        );
    }
    let n = pass.rows;
    let mb = text_bytes as f64 / 1e6;
    let (sep, per_company) = (lang.pick("：", ": "), lang.pick(" 家", ""));
    println!("{}{sep}{source}", lang.pick("企业数据", "companies"));
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "扫描 {n} 家企业，匹配 {} 条，未匹配企业 {unmatched} 家",
                pass.matches
            ),
            Lang::En => format!(
                "scanned {n} companies, {} matches, {unmatched} companies unmatched",
                pass.matches
            ),
        }
    );
    for (c, k) in set.chains.iter().zip(&per_chain) {
        println!("  {}{sep}{k}{per_company}", c.label(lang));
    }
    let (rate, bytes) = (n as f64 / secs.max(1e-9), mb / secs.max(1e-9));
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "读取并匹配用时 {secs:.2} 秒（{rate:.0} 家/秒，{bytes:.0} MB/秒），其中写出 {write_secs:.2} 秒 → {}",
                args.output.display()
            ),
            Lang::En => format!(
                "read and matched in {secs:.2} s ({rate:.0} companies/s, {bytes:.0} MB/s), writing {write_secs:.2} s of it → {}",
                args.output.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
