//! Keyword coverage on real listed companies (needs ../shared/corpus; skips without it).
//!
//! For the Shenwan classes 医疗器械, 钢铁 and 光伏设备, the share of companies whose main products hit
//! at least one keyword of the matching chain. A keyword hit counts only with one of the node's
//! context terms (`require_any`) in the same text, and not with one of its exclusions.

mod common;

use common::corpus_path;

use chainlead::chain::{ChainSet, Node};

/// Splits one CSV line, honouring double quotes.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out
}

fn node_hits(node: &Node, text: &str) -> bool {
    node.keywords.iter().any(|k| text.contains(k.as_str()))
        && (node.require_any.is_empty()
            || node.require_any.iter().any(|t| text.contains(t.as_str())))
        && !node.exclude.iter().any(|t| text.contains(t.as_str()))
}

#[test]
fn corpus_companies_of_each_chain_hit_its_keywords() {
    let Some(path) = corpus_path() else {
        return;
    };
    let text = std::fs::read_to_string(&path).expect("corpus readable");
    let mut lines = text.lines();
    let header = split_csv(lines.next().unwrap_or_default());
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let (sw1, sw2, products, short) = (
        col("申万一级"),
        col("申万二级"),
        col("主营产品"),
        col("企业名称"),
    );
    let set = ChainSet::embedded().unwrap();
    // (chain, Shenwan column, class): the companies that belong to the chain.
    let rules = [
        ("medical-devices", sw2, "医疗器械"),
        ("steel", sw1, "钢铁"),
        ("pv", sw2, "光伏设备"),
    ];
    let mut total_hit = 0;
    let mut total = 0;
    for (chain_id, class_col, class) in rules {
        let ci = set.chain_index(chain_id).unwrap();
        let nodes: Vec<&Node> = set.chains[ci]
            .nodes
            .iter()
            .map(|&n| &set.nodes[n])
            .collect();
        let mut hit = 0;
        let mut misses = Vec::new();
        let mut n = 0;
        for line in text.lines().skip(1) {
            let row = split_csv(line);
            if row.len() < header.len()
                || row[class_col] != class
                || row[products].trim().is_empty()
            {
                continue;
            }
            n += 1;
            if nodes.iter().any(|node| node_hits(node, &row[products])) {
                hit += 1;
            } else {
                misses.push(row[short].clone());
            }
        }
        let share = hit as f64 / n.max(1) as f64;
        println!(
            "coverage {chain_id}: {hit}/{n} = {:.1}%  misses: {}",
            share * 100.0,
            misses.join("、")
        );
        assert!(n > 0, "no corpus companies for {chain_id}");
        assert!(
            share >= 0.9,
            "{chain_id} coverage {:.1}% is below 90%",
            share * 100.0
        );
        total_hit += hit;
        total += n;
    }
    println!(
        "coverage all three: {total_hit}/{total} = {:.1}%",
        total_hit as f64 * 100.0 / total as f64
    );
}
