//! Leads on a small hand-built database where the right order is plain.

use super::*;
use crate::chain::{load_sources, SourceFile};
use crate::classify::{Evidence, Match, Matches, Role};
use crate::company::{Cell, Companies, Row};
use crate::gaps::{analyze, GapConfig};

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
[[node]]
id = "n0"
name = "原料甲"
name_en = "Raw A"
tier = "upstream"
band = "a"
keywords = ["原料甲"]
weight = 0.5
[[node]]
id = "n1"
name = "产品乙"
name_en = "Product B"
tier = "midstream"
band = "b"
keywords = ["产品乙"]
weight = 0.9
[[link]]
from = "n0"
to = "n1"
kind = "supplies"
"#;
    load_sources(&[SourceFile {
        name: "p.toml".into(),
        text: p.into(),
    }])
    .unwrap()
}

struct Firm {
    name: &'static str,
    region: &'static str,
    node: Option<(&'static str, Role)>,
    tags: &'static str,
    dishonest: f64,
    financed: Option<i32>,
}

fn firm(name: &'static str, region: &'static str, node: Option<(&'static str, Role)>) -> Firm {
    Firm {
        name,
        region,
        node,
        tags: "",
        dishonest: 0.0,
        financed: None,
    }
}

fn data(s: &ChainSet) -> (Companies, Matches) {
    let mut firms = vec![
        firm("玉溪甲原料有限公司", "530402", Some(("n0", Role::Make))),
        firm("玉溪乙原料有限公司", "530402", Some(("n0", Role::Make))),
        firm("玉溪丙有限公司", "530402", None),
        firm("玉溪丁有限公司", "530402", None),
        Firm {
            tags: "专精特新",
            financed: Some(clean::days_from_civil(2026, 6, 1)),
            ..firm("苏州精工产品有限公司", "320505", Some(("n1", Role::Make)))
        },
        firm("上海乙贸易有限公司", "310115", Some(("n1", Role::Trade))),
        firm("唐山原料有限公司", "130203", Some(("n0", Role::Make))),
        Firm {
            dishonest: 1.0,
            ..firm("天津风险产品有限公司", "120101", Some(("n1", Role::Make)))
        },
        firm(
            "深圳华泰测试制品有限公司",
            "440304",
            Some(("n1", Role::Make)),
        ),
        firm(
            "华泰测试制品有限公司东莞分公司",
            "441900",
            Some(("n1", Role::Make)),
        ),
        firm("=HYPERLINK(\"x\")", "440304", Some(("n1", Role::Make))),
        firm("华宁同城产品有限公司", "530424", Some(("n1", Role::Make))),
        firm(
            "昆明省内服务有限公司",
            "530102",
            Some(("n1", Role::Service)),
        ),
        // A head office the classifier did not match, and its branch that it did.
        firm("恒远精密器件有限公司", "310115", None),
        firm(
            "恒远精密器件有限公司苏州分公司",
            "320506",
            Some(("n1", Role::Make)),
        ),
        // A branch of a firm of the home region is no lead.
        firm("红塔本地器件有限公司", "530402", None),
        firm(
            "红塔本地器件有限公司杭州分公司",
            "330106",
            Some(("n1", Role::Make)),
        ),
        // A branch whose head office is not in the data.
        firm(
            "远方独立器件有限公司成都办事处",
            "510104",
            Some(("n1", Role::Make)),
        ),
        // Subsidiaries marked by a region in brackets, half- and full-width.
        firm(
            "旭阳光伏玻璃(苏州)有限公司",
            "320505",
            Some(("n1", Role::Make)),
        ),
        firm(
            "旭阳光伏玻璃（天津）有限公司",
            "120101",
            Some(("n1", Role::Make)),
        ),
    ];
    for k in 0..20 {
        firms.push(firm(
            if k % 2 == 0 {
                "北京其他有限公司"
            } else {
                "广州其他有限公司"
            },
            if k % 2 == 0 { "110105" } else { "440104" },
            None,
        ));
    }
    let mut c = Companies::new(Vec::new(), firms.len());
    let mut list = Vec::new();
    for (i, f) in firms.iter().enumerate() {
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text(f.name.into()));
        row.set(
            Col::Uscc,
            Cell::Text(crate::company::uscc::generate(f.region, i as u64)),
        );
        row.set(Col::RegionCode, Cell::Text(f.region.into()));
        row.set(
            Col::Province,
            Cell::Text(
                Regions::embedded()
                    .nearest_known(f.region)
                    .map(|r| r.province.clone())
                    .unwrap_or_default(),
            ),
        );
        row.set(Col::Employees, Cell::Number(50.0));
        row.set(Col::Tags, Cell::Text(f.tags.into()));
        row.set(Col::Dishonest, Cell::Number(f.dishonest));
        row.set(Col::LastFinancing, Cell::Date(f.financed));
        c.push(&row);
        if let Some((id, role)) = f.node {
            list.push(Match {
                row: i as u32,
                node: s.node_index(id).unwrap() as u16,
                confidence: 0.9,
                role,
                primary: true,
                status: crate::classify::Status::Confirmed,
                evidence: Evidence::default(),
            });
        }
    }
    (
        c,
        Matches {
            list,
            scanned: firms.len(),
        },
    )
}

fn ranked() -> (ChainSet, Companies, GapReport, Leads) {
    let s = set();
    let (c, m) = data(&s);
    let g = analyze(&s, &c, &m, "530402", &GapConfig::default()).unwrap();
    let l = rank(
        &s,
        &c,
        &m,
        &g,
        &Profile::default_profile(),
        &LeadFilter::default(),
    );
    (s, c, g, l)
}

fn names(c: &Companies, l: &Leads) -> Vec<String> {
    l.by_chain[0]
        .1
        .iter()
        .map(|x| c.text(Col::Name).get(x.row).to_string())
        .collect()
}

#[test]
fn a_specialised_maker_of_a_missing_node_comes_first() {
    let (s, c, g, l) = ranked();
    assert_eq!(
        g.node(s.node_index("n1").unwrap()).unwrap().status,
        crate::gaps::Status::Missing
    );
    let names = names(&c, &l);
    assert_eq!(names[0], "苏州精工产品有限公司", "{names:?}");
    let trader = names
        .iter()
        .position(|n| n == "上海乙贸易有限公司")
        .expect("the trader is listed");
    assert_eq!(trader, names.len() - 1, "the trader comes last: {names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("唐山")),
        "n0 is strong here: no lead"
    );
    assert!(
        !names.iter().any(|n| n.starts_with("玉溪")),
        "firms already here are not leads"
    );
}

#[test]
fn risky_companies_are_left_out() {
    let (_, c, _, l) = ranked();
    assert!(!names(&c, &l).iter().any(|n| n.contains("风险")));
    assert_eq!(l.excluded_for_risk, 1);
}

#[test]
fn a_group_is_one_lead() {
    let (_, c, _, l) = ranked();
    let names = names(&c, &l);
    let group: Vec<&Lead> = l.by_chain[0]
        .1
        .iter()
        .filter(|x| c.text(Col::Name).get(x.row).contains("华泰测试制品"))
        .collect();
    assert_eq!(group.len(), 1, "{names:?}");
    assert_eq!(group[0].group.len(), 1);
    // The branch is never the lead: the firm that is not a branch is.
    assert_eq!(
        c.text(Col::Name).get(group[0].row),
        "深圳华泰测试制品有限公司"
    );
    assert_eq!(name_stem("深圳华泰测试制品有限公司"), "华泰测试制品");
    assert_eq!(name_stem("华泰测试制品有限公司东莞分公司"), "华泰测试制品");
    assert_eq!(name_stem("云南省玉溪市华泰钢铁集团有限公司"), "华泰钢铁");
}

#[test]
fn the_reason_says_why() {
    let (s, c, g, l) = ranked();
    let p = Profile::default_profile();
    let first = &l.by_chain[0].1[0];
    let text = reason(first, &s, &c, &g, &p, Lang::Zh);
    assert!(text.contains("填补本地缺失的产品乙环节（延链）"), "{text}");
    assert!(
        text.contains("专精特新") && text.contains("2026年完成融资"),
        "{text}"
    );
    assert!(text.contains("可向本地2家企业采购"), "{text}");
    // The firms here it could buy from are known by name, for 以商招商.
    let here: Vec<&str> = first
        .suppliers_here
        .iter()
        .map(|&r| c.text(Col::Name).get(r))
        .collect();
    assert_eq!(here, ["玉溪甲原料有限公司", "玉溪乙原料有限公司"]);
    assert!(first.customers_here.is_empty());
    let en = reason(first, &s, &c, &g, &p, Lang::En);
    assert!(
        en.contains("fills the missing Product B node") && en.contains("raised a round in 2026"),
        "{en}"
    );
    for x in &l.by_chain[0].1 {
        for f in [x.fit, x.quality, x.expansion, x.closeness, x.risk, x.score] {
            assert!((0.0..=1.0).contains(&f), "{f}");
        }
    }
}

#[test]
fn formulas_are_neutralised_in_the_table() {
    let (s, c, g, l) = ranked();
    let t = lead_table(
        &[(0, l.by_chain[0].1.as_slice())],
        false,
        &s,
        &c,
        &g,
        &Profile::default_profile(),
        Lang::Zh,
        false,
    );
    assert_eq!(t.names[0], "排名");
    assert_eq!(t.names[3], "所在地");
    assert_eq!(t.names[15], "推荐理由");
    let dir = std::env::temp_dir().join(format!("chainlead-leads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    crate::base::write_table(&dir.join("l.csv"), &t, "x").unwrap();
    let csv = std::fs::read_to_string(dir.join("l.csv")).unwrap();
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_same_list_with_one_thread_or_many() {
    let (s, c, g, l) = ranked();
    let (c2, m2) = data(&s);
    let p = Profile::default_profile();
    let again = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| rank(&s, &c2, &m2, &g, &p, &LeadFilter::default()));
    assert_eq!(names(&c, &l), names(&c2, &again));
    let scores = |x: &Leads| {
        x.by_chain[0]
            .1
            .iter()
            .map(|y| y.score.to_bits())
            .collect::<Vec<_>>()
    };
    assert_eq!(scores(&l), scores(&again));
}

fn ranked_with(filter: &LeadFilter) -> (Companies, Leads) {
    let s = set();
    let (c, m) = data(&s);
    let g = analyze(&s, &c, &m, "530402", &GapConfig::default()).unwrap();
    let l = rank(&s, &c, &m, &g, &Profile::default_profile(), filter);
    (c, l)
}

fn place_of_name(c: &Companies, l: &Leads, name: &str) -> Option<Place> {
    l.by_chain[0]
        .1
        .iter()
        .find(|x| c.text(Col::Name).get(x.row) == name)
        .map(|x| x.place)
}

#[test]
fn a_same_city_company_is_left_out_unless_the_scope_is_all() {
    let (c, l) = ranked_with(&LeadFilter::default());
    let listed = names(&c, &l);
    assert!(
        !listed.iter().any(|n| n == "华宁同城产品有限公司"),
        "{listed:?}"
    );
    assert_eq!(
        place_of_name(&c, &l, "昆明省内服务有限公司"),
        Some(Place::OutsideCity)
    );
    assert_eq!(
        place_of_name(&c, &l, "苏州精工产品有限公司"),
        Some(Place::OutsideProvince)
    );
    let (c, all) = ranked_with(&LeadFilter {
        scope: Scope::All,
        ..LeadFilter::default()
    });
    assert_eq!(
        place_of_name(&c, &all, "华宁同城产品有限公司"),
        Some(Place::SameCity)
    );
    assert!(
        !names(&c, &all).iter().any(|n| n.starts_with("玉溪")),
        "firms of the home region itself are never leads"
    );
    let (c, outside) = ranked_with(&LeadFilter {
        scope: Scope::OutsideProvince,
        ..LeadFilter::default()
    });
    let listed = names(&c, &outside);
    assert!(
        !listed
            .iter()
            .any(|n| n.starts_with("昆明") || n.starts_with("华宁")),
        "{listed:?}"
    );
    assert!(outside.by_chain[0]
        .1
        .iter()
        .all(|x| x.place == Place::OutsideProvince));
}

#[test]
fn places_are_tagged_from_codes_and_names() {
    assert_eq!(place_of("530402", "530424", "", ""), Place::SameCity);
    assert_eq!(place_of("530402", "530102", "", ""), Place::OutsideCity);
    assert_eq!(place_of("530402", "320505", "", ""), Place::OutsideProvince);
    // A withdrawn code (江川县 530421, now 530403 江川区) is still 玉溪.
    assert_eq!(place_of("530402", "530421", "", ""), Place::SameCity);
    // A municipality is one city: 朝阳区 and 海淀区 are the same city.
    assert_eq!(place_of("110105", "110108", "", ""), Place::SameCity);
    assert_eq!(place_of("110105", "120101", "", ""), Place::OutsideProvince);
    // No code: the province and city names decide.
    assert_eq!(
        place_of("530402", "", "江苏省", "苏州市"),
        Place::OutsideProvince
    );
    assert_eq!(place_of("530402", "", "云南", "昆明市"), Place::OutsideCity);
    assert_eq!(place_of("530402", "", "云南省", "玉溪市"), Place::SameCity);
    assert_eq!(place_of("530402", "", "", ""), Place::Unknown);
    assert_eq!(Place::OutsideProvince.label(Lang::Zh), "省外");
    assert_eq!(Place::OutsideCity.label(Lang::Zh), "省内市外");
    assert_eq!(Place::SameCity.label(Lang::Zh), "市内");
    assert!(Scope::OutsideCity.admits(Place::OutsideCity));
    assert!(!Scope::OutsideCity.admits(Place::SameCity));
    assert!(!Scope::OutsideProvince.admits(Place::OutsideCity));
    assert!(Scope::All.admits(Place::Unknown));
}

#[test]
fn branches_and_bracketed_regions_are_recognised() {
    for (name, head) in [
        (
            "华泰测试制品有限公司东莞分公司",
            Some("华泰测试制品有限公司"),
        ),
        (
            "云南白药集团股份有限公司昆明分厂",
            Some("云南白药集团股份有限公司"),
        ),
        ("红星机械厂北京办事处", Some("红星机械厂")),
        (
            "某某证券股份有限公司深圳营业部",
            Some("某某证券股份有限公司"),
        ),
        ("华泰东莞分公司", None),
    ] {
        assert!(is_branch(name), "{name}");
        assert_eq!(head_office_name(name).as_deref(), head, "{name}");
    }
    assert!(!is_branch("旭阳光伏玻璃(苏州)有限公司"));
    assert_eq!(name_stem("旭阳光伏玻璃(苏州)有限公司"), "旭阳光伏玻璃");
    assert_eq!(name_stem("旭阳光伏玻璃（天津）有限公司"), "旭阳光伏玻璃");
    assert_eq!(name_stem("旭阳光伏玻璃（中国）有限公司"), "旭阳光伏玻璃");
    // Brackets that hold no region are part of the name.
    assert_eq!(name_stem("旭阳(光伏)玻璃有限公司"), "旭阳(光伏)玻璃");
}

#[test]
fn a_branch_is_folded_into_its_head_office() {
    let (_, c, _, l) = ranked();
    let list = &l.by_chain[0].1;
    let name = |r: usize| c.text(Col::Name).get(r).to_string();
    let listed: Vec<String> = list.iter().map(|x| name(x.row)).collect();
    // The head office is the lead, the branch is in its group.
    let head = list
        .iter()
        .find(|x| name(x.row) == "恒远精密器件有限公司")
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert!(head
        .group
        .iter()
        .any(|&r| name(r) == "恒远精密器件有限公司苏州分公司"));
    assert!(!head.branch);
    assert!(
        !listed.iter().any(|n| n.ends_with("苏州分公司")),
        "{listed:?}"
    );
    // A branch of a home firm is not a lead.
    assert!(!listed.iter().any(|n| n.contains("红塔本地")), "{listed:?}");
    // A branch without its head office stays, marked, and the reason says so.
    let lone = list
        .iter()
        .find(|x| name(x.row) == "远方独立器件有限公司成都办事处")
        .unwrap_or_else(|| panic!("{listed:?}"));
    assert!(lone.branch);
    let s = set();
    let (_, _, g, _) = ranked();
    let p = Profile::default_profile();
    let why = reason(lone, &s, &c, &g, &p, Lang::Zh);
    assert!(why.contains("分支机构"), "{why}");
    // Subsidiaries with a region in brackets are one lead.
    let xuyang: Vec<&Lead> = list
        .iter()
        .filter(|x| name(x.row).starts_with("旭阳光伏玻璃"))
        .collect();
    assert_eq!(xuyang.len(), 1, "{listed:?}");
    assert_eq!(xuyang[0].group.len(), 1);
}

fn lead_on(row: usize, node: usize, score: f64) -> Lead {
    Lead {
        row,
        chain: 0,
        place: Place::OutsideProvince,
        node,
        score,
        fit: 0.0,
        quality: 0.0,
        expansion: 0.0,
        closeness: 0.0,
        risk: 0.0,
        supplies_local: 0,
        buys_local: 0,
        distance_km: None,
        group: Vec::new(),
        branch: false,
        customers_here: Vec::new(),
        suppliers_here: Vec::new(),
    }
}

#[test]
fn no_node_takes_more_than_its_share_of_the_top_list() {
    // Node 0 has the ten best scores; nodes 1 and 2 have three leads each.
    let mut list: Vec<Lead> = (0..10)
        .map(|k| lead_on(k, 0, 0.9 - k as f64 * 0.01))
        .collect();
    list.extend((10..13).map(|k| lead_on(k, 1, 0.5 - k as f64 * 0.01)));
    list.extend((13..16).map(|k| lead_on(k, 2, 0.4 - k as f64 * 0.01)));
    let (top, held) = cap_node_share(list.clone(), 8, 0.25);
    let on = |n: usize| top.iter().filter(|l| l.node == n).count();
    assert_eq!(top.len(), 8);
    // A quarter of eight is two per node, six in all: the cap rises to three, the least that
    // fills the list, and the list is taken by score under it.
    assert_eq!((on(0), on(1), on(2)), (3, 3, 2));
    // Rows 3 to 7 of node 0 would have been listed without the cap.
    assert_eq!(held, vec![(0, 5)]);
    assert!(top.windows(2).all(|w| w[0].score >= w[1].score));
    // Only one node: nothing is held back, the list is as long as asked.
    let one: Vec<Lead> = (0..10)
        .map(|k| lead_on(k, 0, 0.9 - k as f64 * 0.01))
        .collect();
    let (top, held) = cap_node_share(one, 5, 0.25);
    assert_eq!(top.len(), 5);
    assert!(held.is_empty());
    // A share of 1 changes nothing.
    let (top, held) = cap_node_share(list.clone(), 8, 1.0);
    assert_eq!(
        top.iter().map(|l| l.row).collect::<Vec<_>>(),
        (0..8).collect::<Vec<_>>()
    );
    assert!(held.is_empty());
}
