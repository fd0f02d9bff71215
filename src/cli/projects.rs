//! `chainlead projects`: project packaging cards (项目策划包装) for the highest-priority recruitable
//! gaps of each chain, as DOCX, HTML and XLSX.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::leads::{self, LeadFilter};
use chainlead::pipeline::Extras;
use chainlead::projects::{self, CardOptions};
use chainlead::render::projects as render;
use chainlead::Lang;

use super::Context;

/// Leads ranked per chain to find each card's candidate investors among.
const LEADS_PER_CHAIN: usize = 1000;

/// Arguments of `chainlead projects`.
#[derive(Debug, clap::Args)]
#[command(after_help = "示例 / Examples:\n  chainlead projects -o 项目卡片\n  \
chainlead projects --chain pv --per-chain 5 -o pv-projects\n  \
chainlead projects --companies companies.parquet --home 530402 -o 项目卡片\n\n\
写出 projects.docx（每页一张卡片，可在 Word、WPS 中编辑）、projects.html（单文件，可打印）、projects.xlsx（每行一张卡片）。\n\
Writes projects.docx (one card a page, editable in Word and WPS), projects.html (one printable file) and projects.xlsx (a row per card).")]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 只做一条产业链，代码或名称（pv、光伏）(one chain, by id or name)
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// 每条产业链的卡片数：取优先级最高的可招引缺口 (cards per chain: the highest-priority recruitable gaps)
    #[arg(long, default_value_t = 3, value_parser = super::values::at_least_one)]
    per_chain: usize,
    /// 每张卡片列出的候选投资方数 (candidate investors per card)
    #[arg(long, default_value_t = 5, value_parser = super::values::at_least_one)]
    investors: usize,
    /// 候选投资方按所在地筛选：outside-city（市域外，缺省）、outside-province（省外）、all（全部）
    /// (which companies may be candidate investors, by where they lie)
    #[arg(long, default_value = "outside-city", value_parser = super::leads::parse_scope, value_name = "SCOPE")]
    scope: leads::Scope,
    /// 评分方案文件 (scoring profile, TOML)
    #[arg(long, value_name = "FILE")]
    profile: Option<PathBuf>,
    /// 输出目录 (output directory)
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

/// Runs `chainlead projects`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::resolve_home(&args.region, lang)?;
    let set = ctx.load_chains()?;
    let profile = ctx.profile(args.profile.as_deref())?;
    let chain = ctx.chain_arg(&set, args.chain.as_deref())?;
    // The output directory is made before the data are read, so a wrong path fails at once.
    std::fs::create_dir_all(&args.output).map_err(|e| {
        anyhow::anyhow!(chainlead::base::table::write_failed(
            &args.output.display().to_string(),
            &e.to_string(),
            lang
        ))
    })?;
    let filter = LeadFilter {
        chain,
        top: Some(LEADS_PER_CHAIN),
        scope: args.scope,
        ..LeadFilter::default()
    };
    let ranked = ctx.lead_run(
        &set,
        &args.region,
        &profile,
        &filter,
        None,
        Extras { local_firms: true },
    )?;
    let opts = CardOptions {
        per_chain: args.per_chain,
        investors: args.investors,
        chain,
        scope: args.scope,
    };
    let cards = projects::cards(
        &set,
        &ranked.report,
        &ranked.leads,
        &ranked.companies,
        &ranked.local_firms,
        &profile,
        &opts,
        lang,
    );
    let date = super::output_date(&args.region);
    let cover = render::Cover {
        home: ranked.report.home_name.clone(),
        source: ranked.source.clone(),
        date,
    };
    println!(
        "{}{}{}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": "),
        ranked.source
    );
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "本地区划：{} {}；候选投资方范围：{}",
                ranked.report.home,
                ranked.report.home_name,
                args.scope.label(lang)
            ),
            Lang::En => format!(
                "home region: {} {}; candidate investors: {}",
                ranked.report.home,
                ranked.report.home_name,
                args.scope.label(lang)
            ),
        }
    );
    if cards.is_empty() {
        println!(
            "{}",
            lang.pick(
                "没有可招引的缺口（各环节均为强链，或属淘汰类）：未写出卡片。",
                "no recruitable gap (every node is strong, or eliminated): no card written."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut last_chain = usize::MAX;
    for card in &cards {
        if card.chain != last_chain {
            println!("\n{}", card.chain_name);
            last_chain = card.chain;
        }
        let policy = card
            .policy
            .as_ref()
            .map(|p| format!(" [{}]", p.status.label(lang)))
            .unwrap_or_default();
        println!(
            "  {}  [{} {}]{policy}  {}{}",
            card.title,
            card.node_name,
            card.opportunity.label(lang),
            match lang {
                Lang::Zh => format!("候选投资方{}家", card.investors.len()),
                Lang::En => format!("{} candidate investors", card.investors.len()),
            },
            card.investors
                .first()
                .map(|i| format!("{}{}", lang.pick("，首选 ", ", first "), i.name))
                .unwrap_or_default()
        );
    }
    let written = render::write_projects(&args.output, &cards, &cover, lang)
        .map_err(|e| anyhow::anyhow!(e.message(lang)))?;
    println!();
    for p in written {
        println!("{} {}", lang.pick("已写出", "wrote"), p.display());
    }
    Ok(ExitCode::SUCCESS)
}
