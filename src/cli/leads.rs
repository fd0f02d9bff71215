//! `chainlead leads`: explained target lists for each task force.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::company::Col;
use chainlead::leads::{self, LeadFilter};
use chainlead::render;
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead leads`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  chainlead leads -o leads.xlsx\n  \
chainlead leads --chain pv --province 江苏 --top 30 -o pv-jiangsu.xlsx\n  \
chainlead leads --profile my-profile.toml --companies companies.parquet --home 530402 -o leads.csv\n\n\
评分方案见 data/profiles/default.toml（各项权重及含义）。The scoring profile is data/profiles/default.toml.")]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 只看一条产业链，代码或名称（pv、光伏）(one chain, by id or name)
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// 只看匹配到该环节的企业，代码或名称 (one node, by id or name)
    #[arg(long, value_name = "NODE")]
    node: Option<String>,
    /// 只看该省企业 (one province, by name)
    #[arg(long, value_name = "NAME")]
    province: Option<String>,
    /// 按企业所在地筛选：outside-city（市域外，缺省）、outside-province（省外）、all（全部，含市内）
    /// (which companies by where they lie: outside the home city, the default; outside the
    /// province; all)
    #[arg(long, default_value = "outside-city", value_parser = parse_scope, value_name = "SCOPE")]
    scope: leads::Scope,
    /// 每条产业链最多列出的企业数 (leads per chain)
    #[arg(long, default_value_t = 100, value_parser = super::values::at_least_one)]
    top: usize,
    /// 评分方案文件 (scoring profile, TOML)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 把线索分布图（PNG 和 SVG）写到该目录 (write the lead charts, PNG and SVG, to DIR)
    #[arg(long, value_name = "DIR")]
    chart: Option<PathBuf>,
    /// 输出文件：.xlsx（汇总表加每链一表）、.csv、.json (output file)
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

/// Runs `chainlead leads`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::check_table_command(&args.region, args.output.as_deref(), lang)?;
    let set = ctx.load_chains()?;
    let profile = ctx.profile(args.profile.as_deref())?;
    let chain = ctx.chain_arg(&set, args.chain.as_deref())?;
    let node = ctx.node_arg(&set, args.node.as_deref(), chain)?;
    if let Some(p) = &args.province {
        super::values::check_province(p, lang)?;
    }
    let started = Instant::now();
    let filter = LeadFilter {
        chain,
        node,
        province: args.province.clone(),
        top: Some(args.top),
        scope: args.scope,
    };
    let super::Ranked {
        companies,
        source,
        report,
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
    let secs = started.elapsed().as_secs_f64();
    let filters = [
        ("--chain", args.chain.as_deref()),
        ("--node", args.node.as_deref()),
        ("--province", args.province.as_deref()),
    ];
    if ranked.by_chain.iter().all(|(_, l)| l.is_empty()) {
        super::values::nothing_matched(&filters, lang)?;
    }
    println!(
        "{}{}{source}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": ")
    );
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "本地区划：{} {}；候选 {} 个，因风险排除 {} 家；用时 {:.2} 秒",
                report.home, report.home_name, ranked.candidates, ranked.excluded_for_risk, secs
            ),
            Lang::En => format!(
                "home region: {} {}; {} candidates, {} left out for risk; {:.2} s",
                report.home, report.home_name, ranked.candidates, ranked.excluded_for_risk, secs
            ),
        }
    );
    println!("{}", scope_line(args.scope, lang));
    if let Some(line) = leads::out_of_scope_line(&ranked, lang) {
        println!("{line}");
    }
    for w in chainlead::render::method::warnings_of(&report, lang) {
        eprintln!("{}{w}", lang.pick("提醒：", "note: "));
    }
    for (ci, list) in &ranked.by_chain {
        println!("\n{}（{}）", set.chains[*ci].label(lang), list.len());
        if let Some(line) = leads::held_back_line(&ranked, *ci, &set, &profile, lang) {
            println!("  {line}");
        }
        for (k, l) in list.iter().take(5).enumerate() {
            println!(
                "  {:>2}. {}  [{}] [{} {:.3}]  {}",
                k + 1,
                companies.text(Col::Name).get(l.row),
                l.place.label(lang),
                set.nodes[l.node].label(lang),
                l.score,
                leads::reason(l, &set, &companies, &report, &profile, lang)
            );
        }
    }
    if let Some(dir) = &args.chart {
        std::fs::create_dir_all(dir)?;
        let home = chainlead::region::Regions::embedded().map_point(&report.home);
        for (ci, list) in &ranked.by_chain {
            let points: Vec<(String, f64, f64)> = list
                .iter()
                .filter_map(|l| {
                    let (lat, lon) = companies.location(l.row)?;
                    Some((
                        companies.text(Col::Province).get(l.row).to_string(),
                        lat,
                        lon,
                    ))
                })
                .collect();
            let c = &set.chains[*ci];
            let title = format!("{} {}", c.label(lang), lang.pick("重点线索", "top leads"));
            let f = |e: &str| dir.join(format!("{}-leads.{e}", c.id));
            render::charts::lead_map(
                &points,
                (home.0, home.1, &report.home_name),
                &title,
                lang,
                (Some(&f("png")), Some(&f("svg"))),
            )?;
        }
        println!(
            "{} {}",
            lang.pick("图表已写入", "charts written to"),
            dir.display()
        );
    }
    if let Some(out) = &args.output {
        let ext = chainlead::base::extension(out);
        let xlsx = ext == "xlsx";
        let english = lang == Lang::En || ext == "json";
        if xlsx {
            render::leads::write_leads_xlsx(
                out, &ranked, &set, &companies, &report, &profile, lang,
            )?;
        } else {
            let lists: Vec<(usize, &[leads::Lead])> = ranked
                .by_chain
                .iter()
                .map(|(c, l)| (*c, l.as_slice()))
                .collect();
            let t = leads::lead_table(
                &lists, true, &set, &companies, &report, &profile, lang, english,
            );
            chainlead::base::write_table(out, &t, lang.pick("招商线索", "leads"))?;
        }
        println!("\n{} {}", lang.pick("已写出", "wrote"), out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Parses `--scope` as clap reads it, with the values listed when it is wrong.
pub fn parse_scope(s: &str) -> Result<leads::Scope, String> {
    leads::Scope::parse(s).ok_or_else(|| {
        "应为 outside-city（市域外，缺省）、outside-province（省外）或 all（全部） / \
         must be outside-city (the default), outside-province or all"
            .to_string()
    })
}

/// The line saying which companies the lists hold, and that the scope can be changed.
pub fn scope_line(scope: leads::Scope, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "线索范围：{}（--scope {}；可选 outside-city、outside-province、all）",
            scope.label(lang),
            scope.id()
        ),
        Lang::En => format!(
            "lead scope: {} (--scope {}; outside-city, outside-province or all)",
            scope.label(lang),
            scope.id()
        ),
    }
}
