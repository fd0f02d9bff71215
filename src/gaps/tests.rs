//! Gap analysis on a small hand-built database whose answers are worked out by hand below.
//!
//! Chain p: n0 → n4 → n1 → n3, n0 → n1, n2 → n3; chain q: q0, with the cross-chain link n1 → q0.
//! Every company has 10 employees, so mass is 10 × count.
//!
//! | city (region) | n0 | n1 | n2 | n3 | other | all |
//! | --- | --- | --- | --- | --- | --- | --- |
//! | 530402 (home, city 5304) | 2 | 1 | | | 7 | 10 |
//! | 440304 (city 4403) | | 3 | 2 | 1 | 4 | 10 |
//! | 130203 (city 1302) | 1 | | 1 | 2 | 2 | 6 |
//! | nation | 3 | 4 | 3 | 3 | 13 | 26 |
//!
//! LQ at home: n0 = (2/10)/(3/26) = 1.7333 (strong), n1 = (1/10)/(4/26) = 0.65 (weak).
//! RCA ≥ 1 (M): city 5304 {n0}; 4403 {n1 1.95, n2 1.733} (n3 0.867 no); 1302 {n0 1.444, n2 1.444,
//! n3 2.889}. Ubiquity: n0 2, n1 1, n2 2, n3 1. Proximity φ = co-occurrences / max(k): n0-n2 1/2,
//! n0-n3 1/2, n1-n2 1/2, n2-n3 1/2, others 0. Home M = {n0}, so density n2 = 0.5/1.5 = 1/3,
//! n3 = 0.5/1.0 = 0.5, n1 = 0, n0 = 0 (its only proximities are to nodes the home lacks).

use super::*;
use crate::chain::{load_sources, SourceFile};
use crate::classify::{Evidence, Match, Matches, Role};
use crate::company::{Cell, Col, Companies, Row};

fn set() -> ChainSet {
    let p = r#"
id = "p"
name = "甲链"
name_en = "P"
[[band]]
id = "a"
name = "原料"
name_en = "Raw"
tier = "upstream"
[[band]]
id = "b"
name = "制造"
name_en = "Make"
tier = "midstream"
[[band]]
id = "c"
name = "应用"
name_en = "Use"
tier = "downstream"
[[node]]
id = "n0"
name = "原料甲"
name_en = "Raw A"
tier = "upstream"
band = "a"
keywords = ["原料甲"]
weight = 0.5
[[node]]
id = "n4"
name = "中间件"
name_en = "Part"
tier = "midstream"
band = "b"
keywords = ["中间件"]
weight = 0.8
bottleneck = true
[[node]]
id = "n1"
name = "产品乙"
name_en = "Product B"
tier = "midstream"
band = "b"
keywords = ["产品乙"]
weight = 0.6
[[node]]
id = "n2"
name = "产品丙"
name_en = "Product C"
tier = "midstream"
band = "b"
keywords = ["产品丙"]
weight = 0.7
[[node]]
id = "n3"
name = "应用丁"
name_en = "Use D"
tier = "downstream"
band = "c"
keywords = ["应用丁"]
weight = 0.9
[[link]]
from = "n0"
to = "n4"
kind = "supplies"
[[link]]
from = "n4"
to = "n1"
kind = "supplies"
[[link]]
from = "n0"
to = "n1"
kind = "supplies"
[[link]]
from = "n1"
to = "n3"
kind = "supplies"
[[link]]
from = "n2"
to = "n3"
kind = "supplies"
"#;
    let q = r#"
id = "q"
name = "乙链"
name_en = "Q"
[[band]]
id = "a"
name = "制造"
name_en = "Make"
tier = "midstream"
[[node]]
id = "q0"
name = "跨链件"
name_en = "Cross part"
tier = "midstream"
band = "a"
keywords = ["跨链件"]
weight = 1.0
"#;
    let links = "[[link]]\nfrom = \"n1\"\nto = \"q0\"\nkind = \"supplies\"\n";
    load_sources(&[
        SourceFile {
            name: "p.toml".into(),
            text: p.into(),
        },
        SourceFile {
            name: "q.toml".into(),
            text: q.into(),
        },
        SourceFile {
            name: "links.toml".into(),
            text: links.into(),
        },
    ])
    .unwrap()
}

/// The companies of the table above and their matches.
fn data(set: &ChainSet) -> (Companies, Matches) {
    // (region, firms per node, other firms)
    type Plan<'a> = (&'a str, &'a [(&'a str, usize)], usize);
    let plan: [Plan; 3] = [
        ("530402", &[("n0", 2), ("n1", 1)], 7),
        ("440304", &[("n1", 3), ("n2", 2), ("n3", 1)], 4),
        ("130203", &[("n0", 1), ("n2", 1), ("n3", 2)], 2),
    ];
    let mut c = Companies::new(Vec::new(), 26);
    let mut list = Vec::new();
    for (region, nodes, others) in plan {
        let mut add = |node: Option<&str>| {
            let mut row = Row::empty(0);
            row.set(Col::Name, Cell::Text(format!("公司{}", c.len())));
            row.set(Col::RegionCode, Cell::Text(region.into()));
            row.set(Col::Employees, Cell::Number(10.0));
            if let Some(id) = node {
                list.push(Match {
                    row: c.len() as u32,
                    node: set.node_index(id).unwrap() as u16,
                    confidence: 0.9,
                    role: Role::Make,
                    primary: true,
                    status: crate::classify::Status::Confirmed,
                    evidence: Evidence::default(),
                });
            }
            c.push(&row);
        };
        for &(id, k) in nodes {
            for _ in 0..k {
                add(Some(id));
            }
        }
        for _ in 0..others {
            add(None);
        }
    }
    (c, Matches { list, scanned: 26 })
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn report(home: &str) -> (ChainSet, GapReport) {
    let s = set();
    let (c, m) = data(&s);
    let r = analyze(&s, &c, &m, home, &GapConfig::default()).unwrap();
    (s, r)
}

#[test]
fn location_quotients_and_counts() {
    let (s, r) = report("530402");
    let g = |id: &str| r.node(s.node_index(id).unwrap()).unwrap().clone();
    assert_eq!(r.local_companies, 10);
    assert_eq!(r.national_companies, 26);
    assert_eq!(r.mass, Mass::Employees);
    let n0 = g("n0");
    assert_eq!((n0.local_count, n0.national_count), (2, 3));
    assert!(close(n0.local_mass, 20.0) && close(n0.national_mass, 30.0));
    assert!(close(n0.lq, (2.0 / 10.0) / (3.0 / 26.0)), "{}", n0.lq);
    assert!(close(n0.share, 2.0 / 3.0));
    assert!(close(g("n1").lq, 0.65), "{}", g("n1").lq);
    assert_eq!(g("n2").lq, 0.0);
}

#[test]
fn rca_proximity_and_density() {
    let (s, r) = report("530402");
    let g = |id: &str| r.node(s.node_index(id).unwrap()).unwrap().clone();
    assert_eq!(g("n0").ubiquity, 2);
    assert_eq!(g("n1").ubiquity, 1);
    assert_eq!(g("n2").ubiquity, 2);
    assert_eq!(g("n3").ubiquity, 1);
    assert!(close(g("n2").density, 1.0 / 3.0), "{}", g("n2").density);
    assert!(close(g("n3").density, 0.5), "{}", g("n3").density);
    assert_eq!(g("n1").density, 0.0);
    assert_eq!(g("n0").density, 0.0);
    assert_eq!(
        g("n4").density,
        0.0,
        "a node no city has: no proximities, no NaN"
    );
    assert!(r
        .nodes
        .iter()
        .all(|x| x.density.is_finite() && x.lq.is_finite() && x.priority.is_finite()));
}

#[test]
fn every_status_and_opportunity() {
    let (s, r) = report("530402");
    let g = |id: &str| r.node(s.node_index(id).unwrap()).unwrap().clone();
    assert_eq!(
        (g("n0").status, g("n0").opportunity),
        (Status::Strong, Opportunity::None)
    );
    assert_eq!(
        (g("n1").status, g("n1").opportunity),
        (Status::Weak, Opportunity::Strengthen)
    );
    // n4 lies between n0 and n1, both present: fill.
    assert_eq!(
        (g("n4").status, g("n4").opportunity),
        (Status::Missing, Opportunity::Fill)
    );
    // n3 is downstream of n1 (present): extend.
    assert_eq!(
        (g("n3").status, g("n3").opportunity),
        (Status::Missing, Opportunity::Extend)
    );
    // q0 in another chain is downstream of n1: extend across chains.
    assert_eq!(
        (g("q0").status, g("q0").opportunity),
        (Status::Missing, Opportunity::Extend)
    );
    // n2's only neighbour n3 is missing too.
    assert_eq!(
        (g("n2").status, g("n2").opportunity),
        (Status::Missing, Opportunity::None)
    );
}

#[test]
fn priority_keeps_each_term() {
    let (s, r) = report("530402");
    let g = |id: &str| r.node(s.node_index(id).unwrap()).unwrap().clone();
    let n1 = g("n1");
    assert!(close(n1.shortfall, 0.35));
    assert!(close(n1.feasibility, 0.25));
    assert!(close(n1.priority, 0.6 * 0.35 * 0.25));
    let n3 = g("n3");
    assert!(close(n3.feasibility, 0.25 + 0.75 * 0.5));
    assert!(close(n3.priority, 0.9 * 1.0 * (0.25 + 0.75 * 0.5)));
    let n4 = g("n4");
    assert!(close(n4.bottleneck, 1.25));
    assert!(close(n4.priority, 0.8 * 1.0 * 0.25 * 1.25));
    assert_eq!(g("n0").priority, 0.0, "a strong node needs nothing");
}

#[test]
fn home_as_province_city_or_county() {
    let (_, county) = report("530402");
    for home in ["53", "5304", "530400", "云南省", "玉溪市", "红塔区"] {
        let (_, r) = report(home);
        assert_eq!(r.local_companies, 10, "{home}");
        let lq: Vec<f64> = r.nodes.iter().map(|g| g.lq).collect();
        let expected: Vec<f64> = county.nodes.iter().map(|g| g.lq).collect();
        assert_eq!(lq, expected, "{home}");
    }
    let (_, r) = report("44");
    assert_eq!(r.local_companies, 10);
    assert_eq!(r.home, "440000");
}

#[test]
fn a_region_without_companies_is_a_clear_error() {
    let s = set();
    let (c, m) = data(&s);
    let err = analyze(&s, &c, &m, "110105", &GapConfig::default()).unwrap_err();
    assert!(matches!(err, GapError::EmptyHome { .. }));
    assert!(err.to_string().contains("110105"), "{err}");
    let err = analyze(&s, &c, &m, "火星", &GapConfig::default()).unwrap_err();
    assert!(matches!(err, GapError::UnknownHome(_)), "{err}");
    // A name that fits several regions is never resolved silently (朝阳区: 北京 and 长春).
    let err = analyze(&s, &c, &m, "朝阳区", &GapConfig::default()).unwrap_err();
    assert!(matches!(err, GapError::AmbiguousHome(_)), "{err}");
    assert!(err.to_string().contains("220104"), "{err}");
}

#[test]
fn summaries_and_explanations() {
    let (s, r) = report("530402");
    let p = s.chain_index("p").unwrap();
    let mid = r
        .tiers
        .iter()
        .find(|t| t.chain == p && t.tier == Tier::Midstream)
        .unwrap();
    assert_eq!((mid.strong, mid.weak, mid.missing), (0, 1, 2));
    assert!(close(r.coverage(&s, p), 2.0 / 5.0));
    let g = |id: &str| r.node(s.node_index(id).unwrap()).unwrap().clone();
    let text = r.explain(&s, &g("n4"), Lang::Zh);
    assert!(
        text.contains("补链") && text.contains("原料甲（2家）") && text.contains("产品乙（1家）"),
        "{text}"
    );
    let text = r.explain(&s, &g("q0"), Lang::Zh);
    assert!(text.contains("延链") && text.contains("产品乙"), "{text}");
    let text = r.explain(&s, &g("n1"), Lang::En);
    assert!(
        text.contains("strengthen") && text.contains("0.65"),
        "{text}"
    );
    let text = r.explain(&s, &g("n0"), Lang::Zh);
    assert!(text.contains("本地优势环节"), "{text}");
    // One word, one meaning: 强链 is the status; the opportunity on a weak link is 强化.
    let text = r.explain(&s, &g("n1"), Lang::Zh);
    assert!(text.contains("强化") && !text.contains("强链"), "{text}");
}

#[test]
fn the_strengthen_opportunity_has_its_own_word() {
    assert_eq!(Status::Strong.label(Lang::Zh), "强链");
    assert_eq!(Opportunity::Strengthen.label(Lang::Zh), "强化");
    let statuses = [Status::Strong, Status::Weak, Status::Missing].map(|s| s.label(Lang::Zh));
    for o in [
        Opportunity::Fill,
        Opportunity::Extend,
        Opportunity::Strengthen,
    ] {
        assert!(!statuses.contains(&o.label(Lang::Zh)), "{o:?}");
    }
}

#[test]
fn traders_count_only_on_distribution_nodes_and_inactive_firms_not_at_all() {
    let s = set();
    let (mut c, mut m) = data(&s);
    // A trader of n2 at home does not make n2 present.
    let mut row = Row::empty(0);
    row.set(Col::Name, Cell::Text("贸易公司".into()));
    row.set(Col::RegionCode, Cell::Text("530402".into()));
    row.set(Col::Employees, Cell::Number(10.0));
    m.list.push(Match {
        row: c.len() as u32,
        node: s.node_index("n2").unwrap() as u16,
        confidence: 0.9,
        role: Role::Trade,
        primary: true,
        status: crate::classify::Status::Confirmed,
        evidence: Evidence::default(),
    });
    c.push(&row);
    // An inactive maker of n3 at home does not count either.
    let mut row = Row::empty(0);
    row.set(Col::Name, Cell::Text("注销公司".into()));
    row.set(Col::RegionCode, Cell::Text("530402".into()));
    row.set(Col::Status, Cell::Bool(false));
    m.list.push(Match {
        row: c.len() as u32,
        node: s.node_index("n3").unwrap() as u16,
        confidence: 0.9,
        role: Role::Make,
        primary: true,
        status: crate::classify::Status::Confirmed,
        evidence: Evidence::default(),
    });
    c.push(&row);
    let r = analyze(&s, &c, &m, "530402", &GapConfig::default()).unwrap();
    assert_eq!(
        r.node(s.node_index("n2").unwrap()).unwrap().status,
        Status::Missing
    );
    assert_eq!(
        r.node(s.node_index("n3").unwrap()).unwrap().status,
        Status::Missing
    );
    assert_eq!(r.local_companies, 11);
}
