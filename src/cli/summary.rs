//! `chainlead summary`: what a company table holds (rows, status, regions, codes, labels).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::company::summary::Summary;
use chainlead::company::Companies;
use chainlead::lang::pad;
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead summary`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead summary\n  chainlead summary --companies companies.parquet"
)]
pub struct Args {
    /// 企业数据文件（CSV、XLSX、Parquet）；缺省使用内置演示数据 (company file; the demo database when omitted)
    #[arg(long, value_name = "FILE")]
    companies: Option<PathBuf>,
}

/// Runs `chainlead summary`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let (c, source) = ctx.load_companies(args.companies.as_deref())?;
    print!("{}", summary(&c, &source, ctx.lang));
    Ok(ExitCode::SUCCESS)
}

/// The summary as printed: the source, the counts and shares, the top provinces and the labels.
fn summary(c: &Companies, source: &str, lang: Lang) -> String {
    let s = Summary::of(c);
    let pct = |k: usize| s.percent(k);
    let (n, active) = (s.companies, s.active);
    let mut out = String::new();
    match lang {
        Lang::Zh => {
            out.push_str(&format!("企业数据：{source}\n"));
            out.push_str(&format!(
                "企业 {n} 家，在营 {active}（{:.1}%）\n",
                pct(active)
            ));
            out.push_str(&format!(
                "信用代码有效 {:.1}%，有行政区划 {:.1}%，有主营产品 {:.1}%，有经营范围 {:.1}%\n",
                pct(s.valid_uscc),
                pct(s.with_region),
                pct(s.with_products),
                pct(s.with_scope)
            ));
            out.push_str("企业最多的省份：\n");
        }
        Lang::En => {
            out.push_str(&format!("companies: {source}\n"));
            out.push_str(&format!(
                "{n} companies, {active} active ({:.1}%)\n",
                pct(active)
            ));
            out.push_str(&format!(
                "valid uscc {:.1}%, region known {:.1}%, main products {:.1}%, business scope {:.1}%\n",
                pct(s.valid_uscc), pct(s.with_region), pct(s.with_products), pct(s.with_scope)
            ));
            out.push_str("provinces with the most companies:\n");
        }
    }
    for (p, k) in s.provinces().iter().take(10) {
        out.push_str(&format!("  {}{:>9}  {:>5.1}%\n", pad(p, 18), k, pct(*k)));
    }
    let tags = s.tags();
    if !tags.is_empty() {
        out.push_str(lang.pick("企业标签：", "labels: "));
        let list: Vec<String> = tags.iter().map(|(t, k)| format!("{t} {k}")).collect();
        out.push_str(&list.join(lang.pick("，", ", ")));
        out.push('\n');
    }
    out
}
