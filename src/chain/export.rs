//! Export of the chains as JSON (for other tools) and Graphviz DOT (for drawings).

use std::fmt::Write;

use serde::Serialize;

use super::model::ChainSet;
use crate::lang::Lang;

#[derive(Serialize)]
struct JsonSet<'a> {
    chains: Vec<JsonChain<'a>>,
    links: Vec<JsonLink<'a>>,
}

#[derive(Serialize)]
struct JsonChain<'a> {
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
    nodes: Vec<JsonNode<'a>>,
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
    tier: &'static str,
    band: &'a str,
    industry_codes: &'a [String],
    keywords: &'a [String],
    weight: f64,
    bottleneck: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<JsonPolicy<'a>>,
}

#[derive(Serialize)]
struct JsonPolicy<'a> {
    status: &'static str,
    item: &'a str,
    source: &'a str,
    condition: &'a str,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
}

/// The chains as pretty-printed JSON:
/// `{"chains":[{"id","name","name_en","nodes":[…]}],"links":[{"from","to","kind"}]}`.
pub fn to_json(set: &ChainSet) -> String {
    let chains = set
        .chains
        .iter()
        .map(|c| JsonChain {
            id: &c.id,
            name: &c.name,
            name_en: &c.name_en,
            nodes: c
                .nodes
                .iter()
                .map(|&n| {
                    let node = &set.nodes[n];
                    JsonNode {
                        id: &node.id,
                        name: &node.name,
                        name_en: &node.name_en,
                        tier: node.tier.as_str(),
                        band: &c.bands[node.band].name,
                        industry_codes: &node.industry_codes,
                        keywords: &node.keywords,
                        weight: node.weight,
                        bottleneck: node.bottleneck,
                        policy: node.policy.as_ref().map(|p| JsonPolicy {
                            status: p.status.as_str(),
                            item: &p.item,
                            source: &p.source,
                            condition: &p.condition,
                        }),
                    }
                })
                .collect(),
        })
        .collect();
    let links = set
        .links
        .iter()
        .map(|l| JsonLink {
            from: &set.nodes[l.from].id,
            to: &set.nodes[l.to].id,
            kind: l.kind.as_str(),
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&JsonSet { chains, links })
        .unwrap_or_else(|_| String::from("{}"));
    out.push('\n');
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The chains as a Graphviz digraph: one cluster per chain, tiers left to right,
/// bottlenecks outlined in red, cross-chain links dashed.
pub fn to_dot(set: &ChainSet, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "digraph chainlead {{");
    let _ = writeln!(s, "  rankdir=LR;");
    let _ = writeln!(s, "  compound=true;");
    let _ = writeln!(
        s,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"WenQuanYi Micro Hei,Noto Sans CJK SC,sans-serif\"];"
    );
    let _ = writeln!(s, "  edge [color=\"#666666\"];");
    let fill = ["#dbeafe", "#dcfce7", "#fef3c7"];
    for (ci, chain) in set.chains.iter().enumerate() {
        let _ = writeln!(s, "  subgraph \"cluster_{}\" {{", dot_escape(&chain.id));
        let _ = writeln!(s, "    label=\"{}\";", dot_escape(chain.label(lang)));
        let _ = writeln!(s, "    style=rounded; color=\"#94a3b8\";");
        for (bi, band) in chain.bands.iter().enumerate() {
            let _ = writeln!(s, "    subgraph \"cluster_{ci}_{bi}\" {{");
            let _ = writeln!(
                s,
                "      label=\"{} · {}\"; style=dashed; color=\"#cbd5e1\";",
                dot_escape(band.tier.label(lang)),
                dot_escape(band.label(lang))
            );
            for &n in &chain.nodes {
                let node = &set.nodes[n];
                if node.band != bi {
                    continue;
                }
                let border = if node.bottleneck {
                    ", color=\"#dc2626\", penwidth=2"
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    "      \"{}\" [label=\"{}\", fillcolor=\"{}\"{}];",
                    dot_escape(&node.id),
                    dot_escape(node.label(lang)),
                    fill[node.tier as usize],
                    border
                );
            }
            let _ = writeln!(s, "    }}");
        }
        let _ = writeln!(s, "  }}");
    }
    for link in &set.links {
        let style = if set.is_cross_chain(link) {
            ", style=dashed, color=\"#7c3aed\", constraint=false"
        } else {
            ""
        };
        let _ = writeln!(
            s,
            "  \"{}\" -> \"{}\" [tooltip=\"{}\"{}];",
            dot_escape(&set.nodes[link.from].id),
            dot_escape(&set.nodes[link.to].id),
            link.kind.label(lang),
            style
        );
    }
    let _ = writeln!(s, "}}");
    s
}
