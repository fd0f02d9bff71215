//! Leads on a small hand-built database where the right order is plain.

use super::testkit::{firm, table, Firm};
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
    table(s, &firms)
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

/// The table cut into batches of `size` rows, each with its matches (rows local to the batch) and
/// its first row.
fn batches(c: &Companies, m: &Matches, size: usize) -> Vec<(Companies, Vec<Match>, usize)> {
    (0..c.len())
        .step_by(size)
        .map(|first| {
            let end = (first + size).min(c.len());
            let mut b = Companies::new(c.extra_names().to_vec(), end - first);
            for i in first..end {
                b.push_from(c, i);
            }
            let list = m
                .list
                .iter()
                .filter(|x| (first..end).contains(&(x.row as usize)))
                .map(|x| Match {
                    row: x.row - first as u32,
                    ..*x
                })
                .collect();
            (b, list, first)
        })
        .collect()
}

/// The leads of [`Prospects`] fed `c` in batches of `size` rows, head offices in a second pass.
fn streamed(
    s: &ChainSet,
    c: &Companies,
    m: &Matches,
    g: &GapReport,
    p: &Profile,
    filter: &LeadFilter,
    size: usize,
) -> (Prospects, Leads) {
    let parts = batches(c, m, size);
    let mut prospects = Prospects::new(s, &g.home, p, filter);
    for (b, list, first) in &parts {
        prospects.add(b, list, *first);
    }
    if prospects.wanted_heads() {
        for (b, _, first) in &parts {
            prospects.add_heads(b, *first);
        }
    }
    let leads = prospects.rank(s, g);
    (prospects, leads)
}

/// Appends a firm (active or not) to a hand-made table.
fn push_firm(
    s: &ChainSet,
    c: &mut Companies,
    m: &mut Matches,
    name: &str,
    region: &str,
    node: Option<&str>,
    active: bool,
) {
    let i = c.len();
    let mut row = Row::empty(0);
    row.set(Col::Name, Cell::Text(name.into()));
    row.set(
        Col::Uscc,
        Cell::Text(crate::company::uscc::generate(region, 1000 + i as u64)),
    );
    row.set(Col::RegionCode, Cell::Text(region.into()));
    row.set(Col::Employees, Cell::Number(80.0 + i as f64));
    row.set(Col::Status, Cell::Bool(active));
    c.push(&row);
    if let Some(id) = node {
        m.list.push(Match {
            row: i as u32,
            node: s.node_index(id).unwrap() as u16,
            confidence: 0.8,
            role: Role::Make,
            primary: true,
            status: crate::classify::Status::Confirmed,
            evidence: Evidence::default(),
        });
    }
    m.scanned += 1;
}

#[test]
fn batches_of_any_size_give_the_same_leads_on_a_hand_made_table() {
    let s = set();
    let (mut c, mut m) = data(&s);
    // A branch whose head office comes after it.
    push_firm(
        &s,
        &mut c,
        &mut m,
        "星河精密器件有限公司南京分公司",
        "320106",
        Some("n1"),
        true,
    );
    // A branch whose head office is first deregistered, then active under the same name.
    push_firm(
        &s,
        &mut c,
        &mut m,
        "晨光器件有限公司广州分公司",
        "440104",
        Some("n1"),
        true,
    );
    push_firm(
        &s,
        &mut c,
        &mut m,
        "晨光器件有限公司",
        "420106",
        None,
        false,
    );
    push_firm(
        &s,
        &mut c,
        &mut m,
        "星河精密器件有限公司",
        "310115",
        None,
        true,
    );
    push_firm(&s, &mut c, &mut m, "晨光器件有限公司", "330106", None, true);
    // A branch whose only head office is deregistered.
    push_firm(
        &s,
        &mut c,
        &mut m,
        "远景器件有限公司武汉分公司",
        "420106",
        Some("n1"),
        true,
    );
    push_firm(
        &s,
        &mut c,
        &mut m,
        "远景器件有限公司",
        "320505",
        None,
        false,
    );
    let g = analyze(&s, &c, &m, "530402", &GapConfig::default()).unwrap();
    let p = Profile::default_profile();
    let whole = rank(&s, &c, &m, &g, &p, &LeadFilter::default());
    let name = |r: usize| c.text(Col::Name).get(r).to_string();
    let find = |n: &str| {
        whole.by_chain[0]
            .1
            .iter()
            .find(|l| name(l.row) == n)
            .unwrap_or_else(|| panic!("{n}: {:?}", names(&c, &whole)))
    };
    let xinghe = find("星河精密器件有限公司");
    assert_eq!(name(xinghe.group[0]), "星河精密器件有限公司南京分公司");
    let chenguang = find("晨光器件有限公司");
    assert!(c.is_active(chenguang.row), "the active head office wins");
    assert!(find("远景器件有限公司武汉分公司").branch);
    for filter in [
        LeadFilter::default(),
        LeadFilter {
            scope: Scope::All,
            top: Some(3),
            ..LeadFilter::default()
        },
        LeadFilter {
            scope: Scope::OutsideProvince,
            province: Some("江苏".into()),
            ..LeadFilter::default()
        },
    ] {
        let whole = rank(&s, &c, &m, &g, &p, &filter);
        for size in [1, 7, 1000] {
            let (_, parts) = streamed(&s, &c, &m, &g, &p, &filter, size);
            assert_eq!(format!("{whole:?}"), format!("{parts:?}"), "{size}");
        }
    }
}

#[test]
fn batches_of_any_size_give_the_same_leads_on_a_synthetic_table() {
    let s = ChainSet::embedded().unwrap();
    let c = crate::synth::generate(
        &s,
        &crate::synth::SynthOptions {
            n: 5_000,
            ..Default::default()
        },
    );
    let m = crate::classify::Classifier::new(&s)
        .unwrap()
        .classify(&c, 0.5);
    let g = analyze(&s, &c, &m, crate::synth::DEMO_HOME, &GapConfig::default()).unwrap();
    let p = Profile::default_profile();
    for filter in [
        LeadFilter {
            top: Some(100),
            ..LeadFilter::default()
        },
        LeadFilter {
            scope: Scope::All,
            chain: Some(1),
            ..LeadFilter::default()
        },
    ] {
        let whole = rank(&s, &c, &m, &g, &p, &filter);
        assert!(whole.candidates > 100 && whole.excluded_for_risk > 0);
        for size in [1, 7, 1000] {
            let (prospects, parts) = streamed(&s, &c, &m, &g, &p, &filter, size);
            assert_eq!(format!("{whole:?}"), format!("{parts:?}"), "{size}");
            // Every lead's and group member's region is known without the table.
            for (_, list) in &parts.by_chain {
                for l in list {
                    for r in std::iter::once(l.row).chain(l.group.iter().copied()) {
                        assert_eq!(prospects.region_of(r), Some(c.text(Col::RegionCode).get(r)));
                    }
                }
            }
        }
    }
}

#[test]
fn the_rows_of_the_leads_can_be_moved_to_a_small_table() {
    let (_, c, _, l) = ranked();
    let rows = l.rows();
    assert!(rows.windows(2).all(|w| w[0] < w[1]));
    for (_, list) in &l.by_chain {
        for x in list {
            assert!(rows.binary_search(&x.row).is_ok());
            for r in x
                .group
                .iter()
                .chain(&x.customers_here)
                .chain(&x.suppliers_here)
            {
                assert!(rows.binary_search(r).is_ok());
            }
        }
    }
    // The leads pointed at a table of only those rows name the same companies.
    let mut small = Companies::new(Vec::new(), rows.len());
    for &r in &rows {
        small.push_from(&c, r);
    }
    let mut moved = l.clone();
    moved.remap(|r| rows.binary_search(&r).unwrap());
    assert_eq!(names(&c, &l), names(&small, &moved));
    let here = |c: &Companies, l: &Leads| -> Vec<String> {
        l.by_chain[0]
            .1
            .iter()
            .flat_map(|x| x.suppliers_here.iter().chain(&x.group))
            .map(|&r| c.text(Col::Name).get(r).to_string())
            .collect()
    };
    assert_eq!(here(&c, &l), here(&small, &moved));
    assert!(!here(&c, &l).is_empty());
}

/// What the lead ranking keeps per matched company, on the demo's 200,000 companies read in
/// batches of 8,192 rows: `cargo test --release leads_memory -- --ignored --nocapture`.
#[test]
#[ignore]
fn leads_memory_on_the_demo() {
    let s = ChainSet::embedded().unwrap();
    let c = crate::synth::generate(&s, &crate::synth::SynthOptions::default());
    let m = crate::classify::Classifier::new(&s)
        .unwrap()
        .classify(&c, 0.5);
    let g = analyze(&s, &c, &m, crate::synth::DEMO_HOME, &GapConfig::default()).unwrap();
    let p = Profile::default_profile();
    let filter = LeadFilter {
        top: Some(100),
        ..LeadFilter::default()
    };
    let (prospects, _) = streamed(&s, &c, &m, &g, &p, &filter, 8192);
    let matched = {
        let mut rows: Vec<u32> = m.list.iter().map(|x| x.row).collect();
        rows.dedup();
        rows.len()
    };
    let f = prospects.footprint();
    let per = |b: usize| b as f64 / f.companies as f64;
    eprintln!(
        "{} companies, {matched} matched, {} matches, {} kept: {} bytes in use ({:.1} per kept), {} reserved ({:.1} per kept)",
        c.len(),
        m.list.len(),
        f.companies,
        f.used_bytes,
        per(f.used_bytes),
        f.reserved_bytes,
        per(f.reserved_bytes),
    );
}

#[test]
fn the_score_terms_come_from_the_profile() {
    let s = set();
    let (c, m) = data(&s);
    let g = analyze(&s, &c, &m, "530402", &GapConfig::default()).unwrap();
    let with = |from: &[(&str, &str)]| {
        let mut text = profile::DEFAULT.to_string();
        for (a, b) in from {
            assert!(text.contains(a), "{a}");
            text = text.replace(a, b);
        }
        let filter = LeadFilter::default();
        rank(&s, &c, &m, &g, &Profile::parse(&text).unwrap(), &filter)
    };
    let lead = |l: &Leads, name: &str| -> Lead {
        l.by_chain[0]
            .1
            .iter()
            .find(|x| c.text(Col::Name).get(x.row) == name)
            .unwrap_or_else(|| panic!("{name}: {:?}", names(&c, l)))
            .clone()
    };
    let base = with(&[]);
    let maker = lead(&base, "苏州精工产品有限公司");
    // Quality without the size term is the tag bonus.
    let l = with(&[("size_weight = 0.75", "size_weight = 0")]);
    assert_eq!(lead(&l, "苏州精工产品有限公司").quality, 0.15);
    assert_eq!(lead(&l, "上海乙贸易有限公司").quality, 0.0);
    // Expansion is the financing term only here: three quarters of it with 0.3 for 0.4.
    let l = with(&[("financing_weight = 0.4", "financing_weight = 0.3")]);
    let e = lead(&l, "苏州精工产品有限公司").expansion;
    assert!(maker.expansion > 0.0 && (e - maker.expansion * 0.75).abs() < 1e-12);
    // Closeness without links and distance is the same-province bonus.
    let l = with(&[
        ("links_weight = 0.6", "links_weight = 0"),
        ("distance_weight = 0.4", "distance_weight = 0"),
    ]);
    assert_eq!(lead(&l, "苏州精工产品有限公司").closeness, 0.0);
    assert_eq!(lead(&l, "昆明省内服务有限公司").closeness, 0.15);
    let l = with(&[("links_scale = 5", "links_scale = 50")]);
    assert!(lead(&l, "苏州精工产品有限公司").closeness < maker.closeness);
    // A dishonest firm kept in weighs the profile's risk.
    let l = with(&[
        ("exclude_dishonest = true", "exclude_dishonest = false"),
        ("dishonest = 0.8", "dishonest = 0.2"),
    ]);
    let risky = lead(&l, "天津风险产品有限公司");
    assert!((risky.risk - 0.2).abs() < 1e-12, "{}", risky.risk);
}
