//! `chainlead chains`: list, show, validate and export the industry chains.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::{Subcommand, ValueEnum};

use chainlead::chain::{self, ChainSet, Tier};
use chainlead::lang::{display_width, pad};
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead chains`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead chains list\n  chainlead chains show pv\n  \
chainlead chains validate --chains my-chains/\n  chainlead chains export --format dot -o chains.dot\n  \
chainlead chains review --companies registry.parquet --node pv-module --top 30"
)]
pub struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// 列出产业链及各层级环节数 (list the chains with node counts per tier)
    List,
    /// 按层级和分段展示一条或全部产业链 (show a chain, or all, by tier and band)
    Show {
        /// 产业链代码或名称：medical-devices/医疗器械、steel/钢铁、pv/光伏、hardware/五金 (chain id or name; all when omitted)
        chain: Option<String>,
    },
    /// 校验产业链文件，有错误时退出码为 1 (validate the chain files; exit 1 with the errors)
    Validate,
    /// 在真实经营范围上审查各环节关键词：各环节匹配最多的条目、未匹配任何环节的生产条目
    /// (review the keywords on real business scopes: each node's most frequent items, and the
    /// frequent maker items that match no node)
    Review {
        /// 含经营范围的企业数据 (company file with business scopes: CSV, XLSX, Parquet)
        #[arg(long, value_name = "FILE")]
        companies: PathBuf,
        /// 每个环节列出的条目数 (items listed per node)
        #[arg(long, default_value_t = 15)]
        top: usize,
        /// 只看这些环节，可重复 (only these nodes; repeatable)
        #[arg(long, value_name = "NODE")]
        node: Vec<String>,
    },
    /// 导出为 JSON 或 Graphviz DOT (export as JSON or Graphviz DOT)
    Export {
        /// 格式 (format)
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// 输出文件，缺省写到标准输出 (output file; stdout when omitted)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Dot,
}

/// Runs `chainlead chains …`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    match args.cmd {
        Cmd::Validate => validate(ctx),
        Cmd::List => {
            let set = ctx.load_chains()?;
            print!("{}", list(&set, ctx.lang));
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Show { chain } => {
            let set = ctx.load_chains()?;
            let chains: Vec<usize> = match ctx.chain_arg(&set, chain.as_deref())? {
                Some(c) => vec![c],
                None => (0..set.chains.len()).collect(),
            };
            for (i, c) in chains.into_iter().enumerate() {
                if i > 0 {
                    println!();
                }
                print!("{}", show(&set, c, ctx.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Review {
            companies,
            top,
            node,
        } => review(ctx, &companies, top, &node),
        Cmd::Export { format, output } => {
            let set = ctx.load_chains()?;
            let text = match format {
                Format::Json => chain::to_json(&set),
                Format::Dot => chain::to_dot(&set, ctx.lang),
            };
            match output {
                Some(path) => {
                    chainlead::atomic::write_bytes(&path, text)
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    eprintln!("{} {}", ctx.lang.pick("已写出", "wrote"), path.display());
                }
                None => print!("{text}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn review(ctx: &Context, path: &std::path::Path, top: usize, only: &[String]) -> Result<ExitCode> {
    use chainlead::classify::review::{review, roles_label};
    use chainlead::classify::Classifier;
    use chainlead::company::Col;
    use rayon::prelude::*;

    let set = ctx.load_chains()?;
    let mut nodes = Vec::new();
    for id in only {
        if let Some(i) = ctx.node_arg(&set, Some(id), None)? {
            nodes.push(i);
        }
    }
    if nodes.is_empty() {
        nodes = (0..set.nodes.len()).collect();
    }
    let (companies, source) = ctx.load_companies(Some(path))?;
    eprintln!("{} {source}", ctx.lang.pick("企业数据：", "companies:"));
    let classifier = Classifier::new(&set).context("cannot build the classifier")?;
    let scopes = companies.text(Col::BusinessScope);
    let rows: Vec<&str> = scopes.iter().collect();
    let r = review(&classifier, set.nodes.len(), rows.par_iter().copied(), top);
    let zh = ctx.lang == Lang::Zh;
    let mut out = String::new();
    for i in nodes {
        let n = &set.nodes[i];
        out.push_str(&format!("== {} {}\n", n.id, n.label(ctx.lang)));
        if r.nodes[i].is_empty() {
            out.push_str(&format!(
                "  {}\n",
                ctx.lang.pick("（无匹配）", "(no match)")
            ));
        }
        for (text, roles, count) in &r.nodes[i] {
            let label = roles_label(*roles, zh);
            out.push_str(&format!("  {count:>7}  {}  {text}\n", pad(&label, 12)));
        }
    }
    out.push_str(&format!(
        "== {}\n",
        ctx.lang
            .pick("未匹配任何环节的生产条目", "maker items that match no node")
    ));
    for (text, count) in &r.unmatched_makers {
        out.push_str(&format!("  {count:>7}  {text}\n"));
    }
    let share = r.matched_maker_items as f64 / r.maker_items.max(1) as f64 * 100.0;
    out.push_str(&match ctx.lang {
        Lang::Zh => format!(
            "经营范围 {} 条，生产条目 {} 个，其中 {} 个（{share:.1}%）匹配到环节\n",
            r.scopes, r.maker_items, r.matched_maker_items
        ),
        Lang::En => format!(
            "{} scopes, {} maker items, {} ({share:.1}%) matching a node\n",
            r.scopes, r.maker_items, r.matched_maker_items
        ),
    });
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}

fn validate(ctx: &Context) -> Result<ExitCode> {
    let loaded = match &ctx.chains_dir {
        Some(dir) => ChainSet::load_dir(dir),
        None => ChainSet::embedded(),
    };
    match loaded {
        Ok(set) => {
            let cross = set.links.iter().filter(|l| set.is_cross_chain(l)).count();
            println!(
                "{}",
                match ctx.lang {
                    Lang::Zh => format!(
                        "校验通过：{} 条产业链，{} 个环节，{} 条关联（其中跨链 {} 条）",
                        set.chains.len(),
                        set.nodes.len(),
                        set.links.len(),
                        cross
                    ),
                    Lang::En => format!(
                        "valid: {} chains, {} nodes, {} links ({} across chains)",
                        set.chains.len(),
                        set.nodes.len(),
                        set.links.len(),
                        cross
                    ),
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            println!("{}", errors.message(ctx.lang));
            println!(
                "{}",
                match ctx.lang {
                    Lang::Zh => format!("共 {} 处错误", errors.issues.len()),
                    Lang::En => format!("{} problem(s)", errors.issues.len()),
                }
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// The `chains list` table.
fn list(set: &ChainSet, lang: Lang) -> String {
    let mut out = String::new();
    let name_w = set
        .chains
        .iter()
        .map(|c| display_width(c.label(lang)))
        .max()
        .unwrap_or(0)
        .max(8)
        + 2;
    let id_w = set
        .chains
        .iter()
        .map(|c| c.id.len())
        .max()
        .unwrap_or(0)
        .max(4)
        + 2;
    let head = [
        lang.pick("上游", "up"),
        lang.pick("中游", "mid"),
        lang.pick("下游", "down"),
        lang.pick("环节", "nodes"),
        lang.pick("关联", "links"),
    ];
    out.push_str(&pad(lang.pick("产业链", "chain"), name_w));
    out.push_str(&pad("id", id_w));
    for h in head {
        out.push_str(&format!(
            "{:>w$}",
            h,
            w = 6 - (display_width(h) - h.chars().count())
        ));
    }
    out.push('\n');
    for (ci, c) in set.chains.iter().enumerate() {
        let counts = set.tier_counts(ci);
        let links = set
            .links
            .iter()
            .filter(|l| set.nodes[l.from].chain == ci && set.nodes[l.to].chain == ci)
            .count();
        out.push_str(&pad(c.label(lang), name_w));
        out.push_str(&pad(&c.id, id_w));
        for v in [counts[0], counts[1], counts[2], c.nodes.len(), links] {
            out.push_str(&format!("{v:>6}"));
        }
        out.push('\n');
    }
    let cross = set.links.iter().filter(|l| set.is_cross_chain(l)).count();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "合计 {} 个环节，链内关联 {} 条，跨链关联 {} 条\n",
            set.nodes.len(),
            set.links.len() - cross,
            cross
        ),
        Lang::En => format!(
            "{} nodes in all, {} links inside chains, {} across chains\n",
            set.nodes.len(),
            set.links.len() - cross,
            cross
        ),
    });
    out
}

/// The `chains show` view of one chain: tiers, bands, nodes with their downstream links.
fn show(set: &ChainSet, ci: usize, lang: Lang) -> String {
    let c = &set.chains[ci];
    let counts = set.tier_counts(ci);
    let mut out = String::new();
    out.push_str(&match lang {
        Lang::Zh => format!(
            "{}（{}）  共 {} 个环节：上游 {} · 中游 {} · 下游 {}\n",
            c.name,
            c.id,
            c.nodes.len(),
            counts[0],
            counts[1],
            counts[2]
        ),
        Lang::En => format!(
            "{} ({})  {} nodes: upstream {} · midstream {} · downstream {}\n",
            c.name_en,
            c.id,
            c.nodes.len(),
            counts[0],
            counts[1],
            counts[2]
        ),
    });
    if lang == Lang::Zh && !c.summary.is_empty() {
        out.push_str(&format!("{}\n", c.summary));
    }
    let name_w = c
        .nodes
        .iter()
        .map(|&n| display_width(set.nodes[n].label(lang)))
        .max()
        .unwrap_or(0)
        + 2;
    let id_w = c
        .nodes
        .iter()
        .map(|&n| set.nodes[n].id.len())
        .max()
        .unwrap_or(0)
        + 2;
    for tier in Tier::ALL {
        let nodes = set.nodes_by_tier(ci, tier);
        if nodes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n【{}】\n", tier.label(lang)));
        for (bi, band) in c.bands.iter().enumerate() {
            let in_band: Vec<usize> = nodes
                .iter()
                .copied()
                .filter(|&n| set.nodes[n].band == bi)
                .collect();
            if in_band.is_empty() {
                continue;
            }
            out.push_str(&format!("  ▸ {}\n", band.label(lang)));
            for n in in_band {
                let node = &set.nodes[n];
                let mut line = format!(
                    "      {}{}{} {:.2}",
                    pad(node.label(lang), name_w),
                    pad(&node.id, id_w),
                    lang.pick("权重", "weight"),
                    node.weight
                );
                if node.bottleneck {
                    line.push_str(lang.pick("  ⚠卡脖子", "  ⚠bottleneck"));
                }
                let down: Vec<String> = set
                    .downstream(n)
                    .into_iter()
                    .map(|(m, _)| {
                        let other = &set.nodes[m];
                        if other.chain == ci {
                            other.label(lang).to_string()
                        } else {
                            format!(
                                "{}·{}",
                                set.chains[other.chain].label(lang),
                                other.label(lang)
                            )
                        }
                    })
                    .collect();
                if !down.is_empty() {
                    line.push_str(&format!("  → {}", down.join(lang.pick("、", ", "))));
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    out
}
