//! `chainlead gaps`: missing, weak and strong links of the home region.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;

use chainlead::chain::{ChainSet, Tier};
use chainlead::gaps::{self, GapConfig, GapReport, Status};
use chainlead::render::charts;
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead gaps`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  chainlead gaps -o gaps.xlsx\n  \
chainlead gaps --companies companies.parquet --home 530402 --chain pv -o pv-gaps.csv\n\n\
环节状态：缺链（本地没有企业）、弱链（区位熵 < 1）、强链（区位熵 ≥ 1）。\n\
机会类型：补链（上下游本地都有）、延链（相邻环节本地已有，含跨链）、强化（本地已有但偏弱）。")]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 只看一条产业链，代码或名称（pv、光伏）(one chain, by id or name)
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// 输出文件：.xlsx（中文表头）、.csv、.json、.parquet (output file)
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// 企业匹配的最低置信度，0 到 1 (lowest match confidence, 0 to 1)
    #[arg(long, default_value_t = chainlead::classify::DEFAULT_MIN_CONFIDENCE, value_parser = super::values::unit_interval)]
    min_confidence: f64,
    /// 把缺口图、区位熵图、机会图（PNG 和 SVG）写到该目录 (write the charts, PNG and SVG, to DIR)
    #[arg(long, value_name = "DIR")]
    chart: Option<PathBuf>,
    /// 强链的区位熵门槛 (location quotient from which a node is strong)
    #[arg(long, default_value_t = 1.0, value_parser = super::values::positive)]
    strong_lq: f64,
}

/// Runs `chainlead gaps`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::check_table_command(&args.region, args.output.as_deref(), lang)?;
    let set = ctx.load_chains()?;
    let chain = ctx.chain_arg(&set, args.chain.as_deref())?;
    let started = Instant::now();
    let cfg = GapConfig {
        strong_lq: args.strong_lq,
        ..GapConfig::default()
    };
    let (source, report) = ctx.diagnose_gaps(&set, &args.region, args.min_confidence, &cfg)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{}{}{source}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": ")
    );
    print!("{}", view(&report, &set, chain, lang));
    for w in chainlead::render::method::warnings_of(&report, lang) {
        eprintln!("{}{w}", lang.pick("提醒：", "note: "));
    }
    if let Some(out) = &args.output {
        let xlsx = chainlead::base::extension(out) == "xlsx";
        let table = gaps::gap_table(&report, &set, chain, lang, xlsx);
        chainlead::base::write_table(out, &table, lang.pick("缺链诊断", "gaps"))?;
        println!("{} {}", lang.pick("已写出", "wrote"), out.display());
    }
    if let Some(dir) = &args.chart {
        std::fs::create_dir_all(dir)?;
        for (ci, c) in set.chains.iter().enumerate() {
            if chain.is_some_and(|x| x != ci) {
                continue;
            }
            let file = |kind: &str, ext: &str| dir.join(format!("{}-{kind}.{ext}", c.id));
            let date = today();
            charts::gap_map(
                &set,
                ci,
                &report,
                &date,
                lang,
                (Some(&file("gap-map", "png")), Some(&file("gap-map", "svg"))),
            )?;
            charts::lq_bars(
                &set,
                ci,
                &report,
                lang,
                (Some(&file("lq", "png")), Some(&file("lq", "svg"))),
            )?;
            charts::opportunities(
                &set,
                ci,
                &report,
                lang,
                (
                    Some(&file("opportunities", "png")),
                    Some(&file("opportunities", "svg")),
                ),
            )?;
        }
        println!(
            "{} {}",
            lang.pick("图表已写入", "charts written to"),
            dir.display()
        );
    }
    eprintln!(
        "{} {:.2} s",
        lang.pick("读取、匹配与诊断用时", "read, matched and diagnosed in"),
        secs
    );
    Ok(ExitCode::SUCCESS)
}

/// The compact terminal view: per chain, the tiers with each node marked, then the top opportunities.
fn view(r: &GapReport, set: &ChainSet, only: Option<usize>, lang: Lang) -> String {
    let mut out = String::new();
    let mass = match (r.mass, lang) {
        (gaps::Mass::Employees, Lang::Zh) => "规模按参保人数",
        (gaps::Mass::Revenue, Lang::Zh) => "规模按营业收入",
        (gaps::Mass::Count, Lang::Zh) => "规模按企业数",
        (gaps::Mass::Employees, Lang::En) => "mass = employees",
        (gaps::Mass::Revenue, Lang::En) => "mass = revenue",
        (gaps::Mass::Count, Lang::En) => "mass = company count",
    };
    out.push_str(&match lang {
        Lang::Zh => format!(
            "本地区划：{} {}（在营企业 {} 家，全国 {} 家；{mass}）\n图例：● 强链  ◐ 弱链  ○ 缺链\n",
            r.home, r.home_name, r.local_companies, r.national_companies
        ),
        Lang::En => format!(
            "home region: {} {} ({} active companies, {} nationwide; {mass})\nkey: ● strong  ◐ weak  ○ missing\n",
            r.home, r.home_name, r.local_companies, r.national_companies
        ),
    });
    for (ci, chain) in set.chains.iter().enumerate() {
        if only.is_some_and(|c| c != ci) {
            continue;
        }
        let count = |s: Status| {
            r.nodes
                .iter()
                .filter(|g| set.nodes[g.node].chain == ci && g.status == s)
                .count()
        };
        out.push_str(&match lang {
            Lang::Zh => format!(
                "\n{}：强链 {} · 弱链 {} · 缺链 {}，覆盖 {:.0}%\n",
                chain.name,
                count(Status::Strong),
                count(Status::Weak),
                count(Status::Missing),
                r.coverage(set, ci) * 100.0
            ),
            Lang::En => format!(
                "\n{}: strong {} · weak {} · missing {}, coverage {:.0}%\n",
                chain.name_en,
                count(Status::Strong),
                count(Status::Weak),
                count(Status::Missing),
                r.coverage(set, ci) * 100.0
            ),
        });
        for tier in Tier::ALL {
            let marks: Vec<String> = set
                .nodes_by_tier(ci, tier)
                .into_iter()
                .filter_map(|n| r.node(n))
                .map(|g| {
                    let mark = match g.status {
                        Status::Strong => "●",
                        Status::Weak => "◐",
                        Status::Missing => "○",
                    };
                    format!("{mark}{}", set.nodes[g.node].label(lang))
                })
                .collect();
            out.push_str(&format!("  {}  {}\n", tier.label(lang), marks.join(" ")));
        }
        let mut top: Vec<&gaps::NodeGap> = r
            .nodes
            .iter()
            .filter(|g| set.nodes[g.node].chain == ci && g.priority > 0.0)
            .collect();
        top.sort_by(|a, b| b.priority.total_cmp(&a.priority).then(a.node.cmp(&b.node)));
        if !top.is_empty() {
            out.push_str(lang.pick("  优先机会：\n", "  top opportunities:\n"));
        }
        for g in top.iter().take(3) {
            out.push_str(&format!(
                "    {} [{} {:.3}] {}\n",
                set.nodes[g.node].label(lang),
                g.opportunity.label(lang),
                g.priority,
                r.explain(set, g, lang)
            ));
        }
    }
    out
}

/// Today's date (UTC) as YYYY-MM-DD, for chart titles.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    chainlead::company::clean::format_date((secs / 86_400) as i32)
}
