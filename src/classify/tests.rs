//! Tests of the matcher: the confidence formula, context terms, exclusions, roles, multi-chain
//! matches, Chinese text edge cases and thread-count independence.

use super::*;
use crate::chain::{load_sources, ChainSet, SourceFile};
use crate::company::{Cell, Col, Companies, Row};
use crate::lang::Lang;

/// A small chain set whose terms the tests control.
fn set() -> ChainSet {
    let text = r#"
id = "t"
name = "测试"
name_en = "Test"
[[band]]
id = "up"
name = "上游"
name_en = "Up"
tier = "upstream"
[[band]]
id = "mid"
name = "中游"
name_en = "Mid"
tier = "midstream"
[[band]]
id = "down"
name = "下游"
name_en = "Down"
tier = "downstream"
[[node]]
id = "t-glass-raw"
name = "玻璃原料"
name_en = "Glass raw"
tier = "upstream"
band = "up"
industry_codes = ["1019"]
keywords = ["光伏玻璃原料", "低铁石英砂"]
weight = 0.5
[[node]]
id = "t-glass"
name = "光伏玻璃"
name_en = "PV glass"
tier = "midstream"
band = "mid"
industry_codes = ["3042"]
keywords = ["光伏玻璃", "超白压延玻璃"]
exclude = ["集热管"]
weight = 0.9
[[node]]
id = "t-mount"
name = "支架"
name_en = "Mounting"
tier = "midstream"
band = "mid"
keywords = ["跟踪支架", "支架"]
require_any = ["光伏", "太阳能"]
weight = 0.9
[[node]]
id = "t-film"
name = "胶膜"
name_en = "Film"
tier = "midstream"
band = "mid"
industry_codes = ["2921"]
keywords = ["EVA胶膜", "POE胶膜"]
weight = 0.6
[[node]]
id = "t-trade"
name = "流通"
name_en = "Distribution"
tier = "downstream"
band = "down"
industry_codes = ["5179"]
keywords = ["光伏产品批发"]
weight = 0.4
distribution = true
[[link]]
from = "t-glass-raw"
to = "t-glass"
kind = "supplies"
[[link]]
from = "t-glass"
to = "t-trade"
kind = "supplies"
[[link]]
from = "t-mount"
to = "t-trade"
kind = "supplies"
[[link]]
from = "t-film"
to = "t-trade"
kind = "supplies"
"#;
    let other = r#"
id = "h"
name = "五金"
name_en = "Hardware"
[[band]]
id = "up"
name = "上游"
name_en = "Up"
tier = "upstream"
[[band]]
id = "mid"
name = "中游"
name_en = "Mid"
tier = "midstream"
[[node]]
id = "h-wire"
name = "金刚线"
name_en = "Diamond wire"
tier = "upstream"
band = "up"
keywords = ["金刚线"]
weight = 0.5
[[node]]
id = "h-tool"
name = "工具"
name_en = "Tools"
tier = "midstream"
band = "mid"
keywords = ["扳手", "金刚线切割工具"]
weight = 0.5
[[link]]
from = "h-wire"
to = "h-tool"
kind = "supplies"
"#;
    let links = "[[link]]\nfrom = \"h-wire\"\nto = \"t-glass-raw\"\nkind = \"supplies\"\n";
    load_sources(&[
        SourceFile {
            name: "t.toml".into(),
            text: text.into(),
        },
        SourceFile {
            name: "h.toml".into(),
            text: other.into(),
        },
        SourceFile {
            name: "links.toml".into(),
            text: links.into(),
        },
    ])
    .unwrap()
}

fn one(
    c: &Classifier,
    s: &ChainSet,
    name: &str,
    products: &str,
    scope: &str,
    code: &str,
) -> Vec<(String, f32, Role)> {
    c.classify_one([name, products, scope], code, 0.5)
        .into_iter()
        .map(|m| (s.nodes[m.node as usize].id.clone(), m.confidence, m.role))
        .collect()
}

/// The node ids of the matches, in order.
fn node_ids<'s>(m: &[Match], s: &'s ChainSet) -> Vec<&'s str> {
    m.iter()
        .map(|x| s.nodes[x.node as usize].id.as_str())
        .collect()
}

fn close(a: f32, b: f64) -> bool {
    (a as f64 - b).abs() < 1e-6
}

#[test]
fn confidence_follows_the_documented_formula() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    // One keyword in the first product line: 0.8.
    let r = one(&c, &s, "甲公司", "光伏玻璃、钢化玻璃", "", "");
    assert_eq!(r.len(), 1);
    assert!(close(r[0].1, 0.8), "{r:?}");
    // Two product lines: 1 - 0.2 * 0.6 = 0.88.
    let r = one(&c, &s, "甲公司", "光伏玻璃、超白压延玻璃", "", "");
    assert!(close(r[0].1, 0.88), "{r:?}");
    // Products, a maker item of the scope and the code: 1 - 0.2 * 0.2 * 0.55.
    let r = one(
        &c,
        &s,
        "甲公司",
        "光伏玻璃",
        "一般项目：光伏玻璃制造",
        "3042",
    );
    assert!(close(r[0].1, 1.0 - 0.2 * 0.2 * 0.55), "{r:?}");
    // A maker item of the scope stands alone (0.8); a further one adds 0.3.
    let r = one(&c, &s, "甲公司", "", "一般项目：光伏玻璃制造", "");
    assert!(close(r[0].1, 0.8), "{r:?}");
    let r = one(&c, &s, "甲公司", "", "光伏玻璃制造；超白压延玻璃加工", "");
    assert!(close(r[0].1, 1.0 - 0.2 * 0.7), "{r:?}");
    // The code alone (0.45), the name alone (0.45) or a bare item alone (0.45) is not enough.
    assert!(one(&c, &s, "甲公司", "", "", "3042").is_empty());
    assert!(one(&c, &s, "云南光伏玻璃有限公司", "", "", "").is_empty());
    assert!(one(&c, &s, "甲公司", "", "光伏玻璃、钢化玻璃", "").is_empty());
    // Name and a bare item together pass: 1 - 0.55 * 0.55.
    let r = one(&c, &s, "云南光伏玻璃有限公司", "", "光伏玻璃、钢化玻璃", "");
    assert!(close(r[0].1, 1.0 - 0.55 * 0.55), "{r:?}");
    // Lines further down the product list weigh less: 0.45 in lines 4-6, 0.3 from line 7.
    let low = c.classify_one(["甲", "a、b、c、光伏玻璃", ""], "", 0.0);
    assert!(close(low[0].confidence, 0.45), "{low:?}");
    let low = c.classify_one(["甲", "a、b、c、d、e、f、光伏玻璃", ""], "", 0.0);
    assert!(close(low[0].confidence, 0.3), "{low:?}");
    assert!(c
        .classify_one(["甲", "a、b、c、d、e、f、光伏玻璃", ""], "", 0.5)
        .is_empty());
}

#[test]
fn statuses_say_how_sure_a_match_is() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let status = |texts: [&str; 3], code: &str| {
        c.classify_one(texts, code, 0.0)
            .into_iter()
            .find(|m| s.nodes[m.node as usize].id == "t-glass")
            .map(|m| m.status)
    };
    // A maker item or a product line: confirmed.
    assert_eq!(
        status(["甲", "", "光伏玻璃生产"], ""),
        Some(Status::Confirmed)
    );
    assert_eq!(status(["甲", "光伏玻璃", ""], ""), Some(Status::Confirmed));
    // One weak source: to verify; two independent ones: confirmed.
    assert_eq!(
        status(["光伏玻璃有限公司", "", ""], ""),
        Some(Status::ToVerify)
    );
    assert_eq!(status(["甲", "", ""], "3042"), Some(Status::ToVerify));
    assert_eq!(
        status(["甲", "", "光伏玻璃、钢化玻璃"], ""),
        Some(Status::ToVerify)
    );
    assert_eq!(
        status(["光伏玻璃有限公司", "", ""], "3042"),
        Some(Status::Confirmed)
    );
    assert_eq!(Status::ToVerify.label(Lang::Zh), "待核实");
    assert_eq!(Status::Confirmed.label(Lang::Zh), "确认");
}

#[test]
fn a_trader_is_never_the_maker_of_what_it_sells() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    // A long trade list beside one production item: the traded product is not made.
    let m = c.classify_one(
        [
            "甲公司",
            "",
            "服装加工；销售：光伏玻璃、EVA胶膜、五金、建材（不含危险化学品）",
        ],
        "",
        0.5,
    );
    let ids = node_ids(&m, &s);
    assert_eq!(ids, ["t-trade"], "{m:?}");
    assert_eq!(m[0].role, Role::Trade);
    // A product that is excluded never counts.
    assert!(c
        .classify_one(["甲公司", "", "销售建材（不含光伏玻璃）"], "", 0.0)
        .is_empty());
    // Making and selling it is making it.
    let m = c.classify_one(["甲公司", "", "光伏玻璃的生产、销售"], "", 0.5);
    assert_eq!(s.nodes[m[0].node as usize].id, "t-glass");
    assert_eq!(m[0].role, Role::Make);
    // Installing it is not making it.
    assert!(c
        .classify_one(["甲公司", "", "光伏玻璃安装、维修"], "", 0.5)
        .is_empty());
}

#[test]
fn evidence_quotes_the_deciding_scope_item() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let scope = "一般项目：技术服务；光伏玻璃制造（不含危险化学品）；货物进出口";
    let m = c.classify_one(["甲公司", "", scope], "", 0.5);
    let text = c.describe(&m[0], &s, scope, "", Lang::Zh);
    assert!(
        text.contains("经营范围「光伏玻璃制造」：光伏玻璃"),
        "{text}"
    );
}

/// The evidence parses only the deciding item's clause; its quote must be the item of a parse of
/// the whole scope, whatever brackets, notes and exclusions the other clauses hold, and a parse
/// buffer reused across companies must not leak one scope into the next.
#[test]
fn evidence_from_the_items_clause_equals_the_whole_parse() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let scopes = [
        "一般项目：技术服务（不含许可类）；光伏玻璃制造（不含危险化学品）；货物进出口",
        "光伏玻璃（除铝合金边框外）的生产、销售（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
        "（一般项目：光伏玻璃制造；低铁石英砂加工（不含开采）",
        "许可项目：道路运输。一般项目：光伏玻璃制造、安装（不含特种设备）；低铁石英砂销售",
        "光伏玻璃原料生产（除危险化学品外）；光伏玻璃制造",
    ];
    let mut reused = scope::Parsed::default();
    for scope in scopes.iter().chain(scopes.iter().rev()) {
        let mut whole = scope::Parsed::default();
        c.parser().parse(scope, &mut whole);
        let m = c.classify_one(["甲公司", "", scope], "", 0.0);
        assert!(!m.is_empty(), "{scope}");
        for x in &m {
            let (a, b) = x.evidence.item;
            let quote = whole.text_without_voids(scope, a, b);
            let text = c.describe_in(&mut reused, x, &s, scope, "", Lang::Zh);
            assert_eq!(text, c.describe(x, &s, scope, "", Lang::Zh));
            if !quote.is_empty() {
                assert!(text.contains(&format!("「{quote}」")), "{scope}: {text}");
            }
        }
    }
}

#[test]
fn context_terms_are_required_in_the_same_field() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    assert!(
        one(&c, &s, "甲公司", "支架、货架", "", "").is_empty(),
        "支架 alone is not PV"
    );
    let r = one(&c, &s, "甲公司", "光伏支架、跟踪支架", "", "");
    assert_eq!(r[0].0, "t-mount");
    // The context term may sit inside another term (太阳能 in 太阳能支架 is still seen).
    let r = one(&c, &s, "甲公司", "太阳能支架", "", "");
    assert_eq!(r[0].0, "t-mount");
    // Context in another field does not count.
    assert!(one(&c, &s, "光伏科技有限公司", "支架", "", "").is_empty());
}

#[test]
fn exclusions_veto_a_hit_in_their_field() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    assert!(one(&c, &s, "甲公司", "光伏玻璃集热管", "", "").is_empty());
    assert_eq!(one(&c, &s, "甲公司", "光伏玻璃", "集热管制造", "").len(), 1);
}

#[test]
fn a_longer_keyword_wins_over_the_keyword_inside_it() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let r = one(&c, &s, "甲公司", "光伏玻璃原料、低铁石英砂", "", "");
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!(r[0].0, "t-glass-raw");
}

#[test]
fn roles_come_from_the_scope_items() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let r = one(
        &c,
        &s,
        "甲公司",
        "EVA胶膜",
        "一般项目：EVA胶膜制造；EVA胶膜销售；技术服务",
        "",
    );
    assert_eq!(r[0].2, Role::Make);
    // Only trading: the match moves to the distribution node.
    let m = c.classify_one(
        [
            "甲贸易有限公司",
            "EVA胶膜、POE胶膜",
            "一般项目：EVA胶膜销售；POE胶膜批发；货物进出口",
        ],
        "",
        0.5,
    );
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(s.nodes[m[0].node as usize].id, "t-trade");
    assert_eq!(m[0].role, Role::Trade);
    assert_eq!(
        m[0].evidence.traded_from,
        Some(s.node_index("t-film").unwrap() as u16)
    );
    let text = c.describe(&m[0], &s, "", "", Lang::Zh);
    assert!(text.contains("只销售胶膜，归入流通环节"), "{text}");
    // Product lines like 胶膜贸易 say the same, at half their weight, so one traded line alone
    // (0.8 × 0.5) is not enough: 1 - 0.6 * 0.8 for two.
    let m = c.classify_one(["甲公司", "EVA胶膜贸易、POE胶膜贸易", ""], "", 0.5);
    assert_eq!(s.nodes[m[0].node as usize].id, "t-trade");
    assert!(close(m[0].confidence, 1.0 - 0.6 * 0.8), "{m:?}");
    assert!(c
        .classify_one(["甲公司", "EVA胶膜贸易", ""], "", 0.5)
        .is_empty());
    // Without any scope the firm is taken as a maker.
    assert_eq!(one(&c, &s, "甲公司", "EVA胶膜", "", "")[0].2, Role::Make);
}

#[test]
fn nodes_of_one_chain_back_each_other() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    // Two nodes each below the bar on their own (0.45 in line 4): together the best one passes,
    // 1 - 0.55 * (1 - 0.45 / 2).
    let m = c.classify_one(["甲", "a、b、c、光伏玻璃、EVA胶膜", ""], "", 0.5);
    assert_eq!(m.len(), 1, "{m:?}");
    assert!(
        close(m[0].confidence, 1.0 - 0.55 * (1.0 - 0.45 / 2.0)),
        "{m:?}"
    );
    // Nodes of other chains do not help.
    assert!(c
        .classify_one(["甲", "a、b、c、光伏玻璃、金刚线", ""], "", 0.5)
        .is_empty());
}

#[test]
fn a_company_can_match_several_chains() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let m = c.classify_one(["甲公司", "金刚线、光伏玻璃", ""], "", 0.5);
    let ids = node_ids(&m, &s);
    assert_eq!(ids, ["t-glass", "h-wire"]);
    assert!(
        m.iter().all(|x| x.primary),
        "each is the primary of its chain"
    );
    let m = c.classify_one(["甲公司", "光伏玻璃、EVA胶膜、超白压延玻璃", ""], "", 0.5);
    let primary: Vec<&str> = m
        .iter()
        .filter(|x| x.primary)
        .map(|x| s.nodes[x.node as usize].id.as_str())
        .collect();
    assert_eq!(primary, ["t-glass"], "the most confident node of the chain");
}

#[test]
fn chinese_text_edge_cases() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    // Full-width punctuation separates lines; mixed English is matched without regard to case.
    let r = one(&c, &s, "甲公司", "eva胶膜，光伏玻璃；POE胶膜", "", "");
    let ids: Vec<&str> = r.iter().map(|x| x.0.as_str()).collect();
    assert_eq!(ids, ["t-glass", "t-film"]);
    // Empty fields.
    assert!(one(&c, &s, "", "", "", "").is_empty());
    // A very long scope with the registration notes.
    let long = format!(
        "一般项目：{}光伏玻璃制造；（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）许可项目：{}（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
        "技术服务、技术开发；".repeat(400),
        "光伏支架"
    );
    let r = one(&c, &s, "光伏玻璃有限公司", "", &long, "");
    assert_eq!(r[0].0, "t-glass");
    // Text inside the registration notes is skipped.
    let r = c.classify_one(
        [
            "甲",
            "",
            "一般项目：货物进出口（依法须经批准的项目，光伏玻璃经相关部门批准）",
        ],
        "",
        0.0,
    );
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn the_same_matches_for_one_thread_and_many() {
    let s = set();
    let c = Classifier::new(&s).unwrap();
    let mut t = Companies::new(Vec::new(), 5000);
    let products = [
        "光伏玻璃",
        "EVA胶膜、金刚线",
        "支架",
        "光伏支架",
        "面粉",
        "光伏玻璃原料",
    ];
    for i in 0..5000 {
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text(format!("公司{i}")));
        row.set(
            Col::MainProducts,
            Cell::Text(products[i % products.len()].to_string()),
        );
        t.push(&row);
    }
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| c.classify(&t, 0.5));
    let many = c.classify(&t, 0.5);
    assert_eq!(format!("{:?}", one.list), format!("{:?}", many.list));
    assert_eq!(one.scanned, 5000);
    assert!(one
        .list
        .windows(2)
        .all(|w| (w[0].row, w[0].node) < (w[1].row, w[1].node)));
}

#[test]
fn the_shipped_chains_build_one_automaton() {
    let s = ChainSet::embedded().unwrap();
    let c = Classifier::new(&s).unwrap();
    assert!(c.term_count() > 1500);
    let m = c.classify_one(
        [
            "福莱特玻璃集团股份有限公司",
            "光伏玻璃、浮法玻璃、家居玻璃",
            "",
        ],
        "",
        0.5,
    );
    let ids = node_ids(&m, &s);
    assert!(
        ids.contains(&"pv-glass") && ids.contains(&"pv-float-glass"),
        "{ids:?}"
    );
    assert!(c
        .classify_one(
            [
                "招商银行股份有限公司",
                "零售金融业务、公司金融业务、同业金融业务",
                ""
            ],
            "",
            0.5
        )
        .is_empty());
}

#[test]
fn real_scopes_on_the_shipped_chains() {
    let s = ChainSet::embedded().unwrap();
    let c = Classifier::new(&s).unwrap();
    let nodes = |scope: &str| -> Vec<String> {
        c.classify_one(["某某有限公司", "", scope], "", 0.5)
            .iter()
            .map(|m| s.nodes[m.node as usize].id.clone())
            .collect()
    };
    let has = |scope: &str, id: &str| {
        let got = nodes(scope);
        assert!(got.iter().any(|n| n == id), "{scope}: {got:?} lacks {id}");
    };
    // A maker item alone confirms the maker; the trade list beside it goes to distribution.
    has(
        "一般项目：太阳能电池组件生产；销售：钢材、五金交电（依法须经批准的项目，经相关部门批准后方可开展经营活动）",
        "pv-module",
    );
    has("太阳能电池组件生产；销售：钢材、五金交电", "steel-trade");
    has("太阳能电池组件生产；销售：钢材、五金交电", "hw-market");
    has("销售：一类医疗器械、二类医疗器械", "md-distribution");
    // The nodes the hand labels showed missing.
    has("铝合金门窗制作、安装", "hw-building-doors-windows");
    has("太阳能路灯、太阳能庭院灯的生产、销售", "pv-solar-lighting");
    has("光伏控制器制造", "pv-controller");
    has("理疗仪生产", "md-physiotherapy");
    has("医用制氧机制造", "md-medical-oxygen");
    has("医用纺织品加工", "md-medical-textiles");
    has("硅石开采、加工", "pv-silica-mining");
    // Traders are not makers; exclusions never count; installers are not makers.
    assert!(!nodes("销售：太阳能电池组件").contains(&"pv-module".to_string()));
    assert!(nodes("销售：建材（不含钢材）").is_empty());
    assert!(!nodes("医疗设备安装、维修").contains(&"md-distribution".to_string()));
}

/// The character-wise term scan finds what an Aho-Corasick leftmost-longest search (ASCII case
/// folded) finds, with the shipped chains' few thousand terms, on the demo's scopes, names and
/// product lists and on the scope parser's markers.
#[test]
fn term_scan_agrees_with_aho_corasick_on_the_shipped_chains() {
    use aho_corasick::{AhoCorasickBuilder, MatchKind};
    let set = ChainSet::embedded().unwrap();
    let c = Classifier::new(&set).unwrap();
    let terms: Vec<&str> = (0..c.term_count() as u32).map(|i| c.term(i)).collect();
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(&terms)
        .unwrap();
    let companies = crate::synth::generate(
        &set,
        &crate::synth::SynthOptions {
            n: 3000,
            ..Default::default()
        },
    );
    let mut found = 0;
    for col in [Col::Name, Col::MainProducts, Col::BusinessScope] {
        let texts = companies.text(col);
        for row in 0..companies.len() {
            let text = texts.get(row);
            let ours: Vec<(u32, u32, u32)> = c
                .term_set()
                .find_iter(text)
                .map(|m| (m.pattern, m.start, m.end))
                .collect();
            let theirs: Vec<(u32, u32, u32)> = ac
                .find_iter(text)
                .map(|m| (m.pattern().as_u32(), m.start() as u32, m.end() as u32))
                .collect();
            assert_eq!(ours, theirs, "{text}");
            found += ours.len();
        }
    }
    assert!(found > 3_000, "{found} terms found");
}
