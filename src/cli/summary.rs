//! `chainlead summary`: what a company table holds (rows, status, regions, codes, labels).

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::company::{Col, Companies};
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

fn summary(c: &Companies, source: &str, lang: Lang) -> String {
    let n = c.len();
    let active = (0..n).filter(|&i| c.is_active(i)).count();
    let valid = c.flag(Col::UsccValid).iter().filter(|&&v| v).count();
    let with_region = c
        .text(Col::RegionCode)
        .iter()
        .filter(|s| !s.is_empty())
        .count();
    let with_products = c
        .text(Col::MainProducts)
        .iter()
        .filter(|s| !s.is_empty())
        .count();
    let with_scope = c
        .text(Col::BusinessScope)
        .iter()
        .filter(|s| !s.is_empty())
        .count();
    let mut provinces: HashMap<&str, usize> = HashMap::new();
    for p in c.text(Col::Province).iter() {
        *provinces
            .entry(if p.is_empty() { "?" } else { p })
            .or_default() += 1;
    }
    let mut provinces: Vec<(&str, usize)> = provinces.into_iter().collect();
    provinces.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut tags: HashMap<&str, usize> = HashMap::new();
    for i in 0..n {
        for t in c.tags(i) {
            *tags.entry(t).or_default() += 1;
        }
    }
    let mut tags: Vec<(&str, usize)> = tags.into_iter().collect();
    tags.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let pct = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
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
                pct(valid),
                pct(with_region),
                pct(with_products),
                pct(with_scope)
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
                pct(valid), pct(with_region), pct(with_products), pct(with_scope)
            ));
            out.push_str("provinces with the most companies:\n");
        }
    }
    for (p, k) in provinces.iter().take(10) {
        out.push_str(&format!("  {}{:>9}  {:>5.1}%\n", pad(p, 18), k, pct(*k)));
    }
    if !tags.is_empty() {
        out.push_str(lang.pick("企业标签：", "labels: "));
        let list: Vec<String> = tags.iter().map(|(t, k)| format!("{t} {k}")).collect();
        out.push_str(&list.join(lang.pick("，", ", ")));
        out.push('\n');
    }
    out
}
