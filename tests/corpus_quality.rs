//! Classifier quality on real listed companies (needs ../shared/corpus; skips without it).
//!
//! Truth from Shenwan classes (申万 2021): 医疗设备, 医疗耗材, 体外诊断 → medical-devices midstream;
//! 铁矿石, 冶钢辅料, 焦炭 → steel upstream; 板材, 长材, 特钢, 钢铁管材 → steel midstream; 硅料硅片 → pv
//! upstream; 光伏电池组件, 光伏辅材, 逆变器 → pv midstream; 光伏发电 → pv downstream. Hardware truth is
//! judged by hand (tests/fixtures/hardware_truth.csv). Companies that plainly make a chain product
//! though Shenwan files them elsewhere are listed with the reason in
//! tests/fixtures/corpus_chain_makers.csv and count as right when matched. Only companies with a
//! product list are counted.

mod common;

use common::corpus_path;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use chainlead::chain::{ChainSet, Tier};
use chainlead::classify::Classifier;
use chainlead::company::{Cell, Col, Companies, Row};

fn read_codes(name: &str) -> HashMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(path).expect("fixture");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut parts = l.splitn(3, ',');
            let code = parts.next()?.trim().to_string();
            let chain = parts.next()?.trim().to_string();
            Some((code, chain))
        })
        .collect()
}

struct Corpus {
    codes: Vec<String>,
    short: Vec<String>,
    sw: Vec<[String; 3]>,
    products: Vec<String>,
    companies: Companies,
}

fn load(path: &Path) -> Corpus {
    let text = std::fs::read_to_string(path).expect("corpus readable");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let col = |n: &str| header.iter().position(|h| *h == n).expect(n);
    let (code, short, full, sw1, sw2, sw3, prod) = (
        col("证券代码"),
        col("企业名称"),
        col("企业全称"),
        col("申万一级"),
        col("申万二级"),
        col("申万三级"),
        col("主营产品"),
    );
    let mut c = Corpus {
        codes: Vec::new(),
        short: Vec::new(),
        sw: Vec::new(),
        products: Vec::new(),
        companies: Companies::new(Vec::new(), 2200),
    };
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f.len() < header.len() || f[prod].trim().is_empty() {
            continue;
        }
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text(f[full].to_string()));
        row.set(Col::MainProducts, Cell::Text(f[prod].to_string()));
        c.companies.push(&row);
        c.codes.push(f[code].to_string());
        c.short.push(f[short].to_string());
        c.sw.push([f[sw1].to_string(), f[sw2].to_string(), f[sw3].to_string()]);
        c.products.push(f[prod].to_string());
    }
    c
}

/// The Shenwan truth: chain and tier of a company, if its class maps onto a chain.
fn truth(sw: &[String; 3]) -> Option<(&'static str, Tier)> {
    match (sw[1].as_str(), sw[2].as_str()) {
        ("医疗器械", "医疗设备" | "医疗耗材" | "体外诊断") => {
            Some(("medical-devices", Tier::Midstream))
        }
        (_, "铁矿石" | "冶钢辅料" | "焦炭Ⅲ") => Some(("steel", Tier::Upstream)),
        (_, "板材" | "长材" | "特钢Ⅲ" | "钢铁管材") => Some(("steel", Tier::Midstream)),
        (_, "硅料硅片") => Some(("pv", Tier::Upstream)),
        (_, "光伏电池组件" | "光伏辅材" | "逆变器") => Some(("pv", Tier::Midstream)),
        (_, "光伏发电") => Some(("pv", Tier::Downstream)),
        _ => None,
    }
}

#[test]
fn precision_recall_and_tiers_on_real_companies() {
    let Some(path) = corpus_path() else {
        return;
    };
    let corpus = load(&path);
    let set = ChainSet::embedded().unwrap();
    let classifier = Classifier::new(&set).expect("classifier builds");
    let matches = classifier.classify(&corpus.companies, 0.5);
    let hardware: HashSet<String> = read_codes("hardware_truth.csv").into_keys().collect();
    let makers = read_codes("corpus_chain_makers.csv");

    // Primary node per (company, chain).
    let mut predicted: HashMap<(usize, &str), usize> = HashMap::new();
    for m in &matches.list {
        if m.primary {
            let chain = set.chains[set.nodes[m.node as usize].chain].id.as_str();
            predicted.insert((m.row as usize, chain), m.node as usize);
        }
    }
    let verbose = std::env::var_os("CHAINLEAD_QUALITY_DETAILS").is_some();
    // Floors (precision, recall, tier) a little under the figures measured when they were set, so
    // quality cannot drop silently. Steel and hardware precision are the lowest: diversified firms
    // list steel or hardware items (trading lines, sidelines, the old products of reverse-merger
    // shells, moulds beside electronics) that a product list alone cannot tell from a maker of them.
    let floors: HashMap<&str, (f64, f64, f64)> = HashMap::from([
        ("medical-devices", (0.90, 0.88, 0.87)),
        ("steel", (0.55, 0.95, 0.90)),
        ("pv", (0.88, 0.85, 0.90)),
        ("hardware", (0.70, 0.85, 0.90)),
    ]);
    let mut below = Vec::new();
    let mut f1s = Vec::new();
    for chain in ["medical-devices", "steel", "pv", "hardware"] {
        let is_true = |i: usize| -> bool {
            if chain == "hardware" {
                hardware.contains(&corpus.codes[i])
            } else {
                truth(&corpus.sw[i]).is_some_and(|(c, _)| c == chain)
            }
        };
        let allowed = |i: usize| makers.get(&corpus.codes[i]).is_some_and(|c| c == chain);
        let n = corpus.codes.len();
        let truth_rows: Vec<usize> = (0..n).filter(|&i| is_true(i)).collect();
        let pred_rows: Vec<usize> = (0..n)
            .filter(|&i| predicted.contains_key(&(i, chain)))
            .collect();
        let hits = truth_rows
            .iter()
            .filter(|&&i| predicted.contains_key(&(i, chain)))
            .count();
        let right = pred_rows
            .iter()
            .filter(|&&i| is_true(i) || allowed(i))
            .count();
        let recall = hits as f64 / truth_rows.len().max(1) as f64;
        let precision = right as f64 / pred_rows.len().max(1) as f64;
        let (mut tier_ok, mut tier_n) = (0, 0);
        for &i in &truth_rows {
            if let (Some((_, tier)), Some(&node)) =
                (truth(&corpus.sw[i]), predicted.get(&(i, chain)))
            {
                tier_n += 1;
                if set.nodes[node].tier == tier {
                    tier_ok += 1;
                }
            }
        }
        let tier_share = if tier_n == 0 {
            1.0
        } else {
            tier_ok as f64 / tier_n as f64
        };
        let f1 = common::f1(precision, recall);
        f1s.push(f1);
        println!(
            "quality {chain}: precision {right}/{} = {:.3}, recall {hits}/{} = {:.3}, F1 {f1:.3}, tier {tier_ok}/{tier_n} = {:.3}",
            pred_rows.len(),
            precision,
            truth_rows.len(),
            recall,
            tier_share
        );
        if verbose {
            for &i in &truth_rows {
                if !predicted.contains_key(&(i, chain)) {
                    println!(
                        "  missed {} {} [{}] {}",
                        corpus.codes[i], corpus.short[i], corpus.sw[i][2], corpus.products[i]
                    );
                } else if let (Some((_, tier)), Some(&node)) =
                    (truth(&corpus.sw[i]), predicted.get(&(i, chain)))
                {
                    if set.nodes[node].tier != tier {
                        println!(
                            "  tier {} {} [{}] → {} ({})",
                            corpus.codes[i],
                            corpus.short[i],
                            corpus.sw[i][2],
                            set.nodes[node].id,
                            corpus.products[i]
                        );
                    }
                }
            }
            for &i in &pred_rows {
                if !is_true(i) && !allowed(i) {
                    let node = predicted[&(i, chain)];
                    println!(
                        "  false {} {} [{}/{}] → {} ({})",
                        corpus.codes[i],
                        corpus.short[i],
                        corpus.sw[i][0],
                        corpus.sw[i][2],
                        set.nodes[node].id,
                        corpus.products[i]
                    );
                }
            }
        }
        let (fp, fr, ft) = floors[chain];
        if precision < fp || recall < fr || tier_share < ft {
            below.push(format!(
                "{chain}: {precision:.3}/{recall:.3}/{tier_share:.3} under {fp}/{fr}/{ft}"
            ));
        }
    }
    let macro_f1 = f1s.iter().sum::<f64>() / f1s.len() as f64;
    println!("quality listed companies (products): macro F1 {macro_f1:.3}");
    if macro_f1 < 0.82 {
        below.push(format!("macro F1 {macro_f1:.3} under 0.82"));
    }
    // Banks, brokers, insurers, food and drink makers and drug makers never match. (Reverse-merger
    // shells that still list their old steel products, such as a game company listing 焦炭, are
    // beyond what a product list can tell and are not in this check.)
    let outside: Vec<usize> = (0..corpus.codes.len())
        .filter(|&i| {
            matches!(corpus.sw[i][0].as_str(), "银行" | "食品饮料")
                || matches!(
                    corpus.sw[i][1].as_str(),
                    "证券Ⅱ" | "保险Ⅱ" | "化学制药" | "中药Ⅱ" | "生物制品"
                )
        })
        .collect();
    let wrong: Vec<String> = outside
        .iter()
        .filter(|&&i| {
            matches
                .list
                .iter()
                .any(|m| m.row as usize == i && !makers.contains_key(&corpus.codes[i]))
        })
        .map(|&i| {
            format!(
                "{} {} [{}]",
                corpus.codes[i], corpus.short[i], corpus.sw[i][1]
            )
        })
        .collect();
    println!(
        "quality outside the chains: {} of {} companies matched",
        wrong.len(),
        outside.len()
    );
    if verbose {
        for w in &wrong {
            println!("  outside {w}");
        }
    }
    assert!(
        wrong.is_empty(),
        "companies outside the chains matched: {wrong:?}"
    );
    assert!(below.is_empty(), "quality fell under its floor: {below:?}");
}

/// Writes the companies that match a chain at a low confidence without being in its truth set,
/// for judging by hand (run with --ignored; needs ../shared).
#[test]
#[ignore]
fn candidates_for_judging() {
    let Some(path) = corpus_path() else {
        return;
    };
    let corpus = load(&path);
    let set = ChainSet::embedded().unwrap();
    let classifier = Classifier::new(&set).expect("classifier builds");
    let matches = classifier.classify(&corpus.companies, 0.3);
    let hardware: HashSet<String> = read_codes("hardware_truth.csv").into_keys().collect();
    let mut seen = HashSet::new();
    let mut out = String::from("code,name,chain,node,node_name,shenwan,products\n");
    for m in &matches.list {
        let i = m.row as usize;
        let node = &set.nodes[m.node as usize];
        let chain = set.chains[node.chain].id.as_str();
        let is_true = if chain == "hardware" {
            hardware.contains(&corpus.codes[i])
        } else {
            truth(&corpus.sw[i]).is_some_and(|(c, _)| c == chain)
        };
        if is_true || !seen.insert((i, chain)) {
            continue;
        }
        out.push_str(&format!(
            "{},{},{},{},{},{}/{}/{},\"{}\"\n",
            corpus.codes[i],
            corpus.short[i],
            chain,
            node.id,
            node.name,
            corpus.sw[i][0],
            corpus.sw[i][1],
            corpus.sw[i][2],
            corpus.products[i]
        ));
    }
    std::fs::write("/tmp/chainlead_candidates.csv", out).unwrap();
}
