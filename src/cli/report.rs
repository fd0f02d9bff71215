//! `chainlead report`: the whole diagnosis and the target lists as one HTML report with charts and
//! workbooks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::leads::{self, LeadFilter};
use chainlead::render::report;

use super::Context;

/// Arguments of `chainlead report`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  chainlead report\n  \
chainlead report --companies companies.parquet --home 530402 -o 报告\n\n\
写出 index.html（单文件，可离线打开和打印）、charts/（PNG 与 SVG）、gaps.xlsx、leads.xlsx。\n\
Writes index.html (one self-contained file), charts/ (PNG and SVG), gaps.xlsx and leads.xlsx.")]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 评分方案文件 (scoring profile, TOML)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 按企业所在地筛选线索：outside-city（市域外，缺省）、outside-province（省外）、all（全部）
    /// (which leads by where they lie)
    #[arg(long, default_value = "outside-city", value_parser = super::leads::parse_scope, value_name = "SCOPE")]
    scope: leads::Scope,
    /// 输出目录 (output directory)
    #[arg(short, long, value_name = "DIR", default_value = "chainlead-report")]
    output: PathBuf,
}

/// Runs `chainlead report`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::resolve_home(&args.region, lang)?;
    let set = ctx.load_chains()?;
    let profile = ctx.profile(args.profile.as_deref())?;
    let filter = LeadFilter {
        top: Some(100),
        scope: args.scope,
        ..LeadFilter::default()
    };
    let super::Ranked {
        companies,
        source,
        report: diagnosis,
        leads: ranked,
        ..
    } = ctx.lead_run(
        &set,
        &args.region,
        &profile,
        &filter,
        None,
        Default::default(),
    )?;
    let date = super::output_date(&args.region);
    let index = report::write_report(
        &args.output,
        &set,
        &companies,
        &diagnosis,
        &ranked,
        &profile,
        &source,
        &date,
        lang,
    )?;
    println!(
        "{}{}{source}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": ")
    );
    println!("{}", super::leads::scope_line(args.scope, lang));
    for w in chainlead::render::method::warnings_of(&diagnosis, lang) {
        eprintln!("{}{w}", lang.pick("提醒：", "note: "));
    }
    println!(
        "{} {}（{}）",
        lang.pick("报告已写出", "report written to"),
        index.display(),
        lang.pick(
            "另有 charts/、gaps.xlsx、leads.xlsx",
            "with charts/, gaps.xlsx, leads.xlsx"
        )
    );
    Ok(ExitCode::SUCCESS)
}
