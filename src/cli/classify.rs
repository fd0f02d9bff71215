//! `chainlead classify`: match companies onto chain nodes, with evidence.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::classify::{self, Classifier};
use chainlead::render;
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

/// Runs `chainlead classify`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    if let Some(input) = args.companies.as_deref() {
        super::input::check_not_input(Some(&args.output), &[input], lang)?;
    }
    let set = ctx.load_chains()?;
    let loading = Instant::now();
    let (companies, source) = ctx.load_companies(args.companies.as_deref())?;
    let load_secs = loading.elapsed().as_secs_f64();
    let started = Instant::now();
    let classifier = Classifier::new(&set)?;
    let matches = classifier.classify(&companies, args.min_confidence);
    let secs = started.elapsed().as_secs_f64();
    if matches.list.is_empty() {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "提醒：没有企业达到置信度 {}，写出的文件只有表头；可降低 --min-confidence（缺省 0.5）",
                    args.min_confidence
                ),
                Lang::En => format!(
                    "note: no company reaches confidence {}; the file written has only its header; lower --min-confidence (default 0.5)",
                    args.min_confidence
                ),
            }
        );
    }
    let writing = Instant::now();
    let table = classify::match_table(&matches, &companies, &set, &classifier, lang);
    render::write_table(&args.output, &table, lang.pick("匹配结果", "matches"))?;
    let write_secs = writing.elapsed().as_secs_f64();
    let (per_chain, unmatched) = classify::chain_counts(&matches, &set);
    let n = matches.scanned;
    let mb = companies.text_bytes() as f64 / 1e6;
    let (sep, per_company) = (lang.pick("：", ": "), lang.pick(" 家", ""));
    println!("{}{sep}{source}", lang.pick("企业数据", "companies"));
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "扫描 {n} 家企业，匹配 {} 条，未匹配企业 {unmatched} 家",
                matches.list.len()
            ),
            Lang::En => format!(
                "scanned {n} companies, {} matches, {unmatched} companies unmatched",
                matches.list.len()
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
                "匹配用时 {secs:.2} 秒（{rate:.0} 家/秒，{bytes:.0} MB/秒），读取 {load_secs:.2} 秒，写出 {write_secs:.2} 秒 → {}",
                args.output.display()
            ),
            Lang::En => format!(
                "matched in {secs:.2} s ({rate:.0} companies/s, {bytes:.0} MB/s), read {load_secs:.2} s, wrote {write_secs:.2} s → {}",
                args.output.display()
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
