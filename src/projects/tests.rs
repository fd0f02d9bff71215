//! Project cards and policy notes on a small hand-built database where the answers are known: two
//! missing nodes alike in every way but their policy (one restricted), an eliminated one, and
//! makers whose registered capital and staff have known medians.

use super::*;
use crate::chain::{load_sources, SourceFile};
use crate::classify::{Matches, Role};
use crate::gaps::{analyze, GapConfig};
use crate::leads::testkit::{firm, table, Firm};
use crate::leads::{rank, LeadFilter};

const CHAIN: &str = r#"
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
[node.needs]
land = "约100亩"
[[node]]
id = "n2"
name = "产品丙"
name_en = "Product C"
tier = "midstream"
band = "b"
keywords = ["产品丙"]
weight = 0.9
[node.policy]
status = "restricted"
item = "新建产品丙产能须实施产能置换"
source = "某部《产品丙产能置换办法》"
condition = "须取得产能置换指标"
[[node]]
id = "n3"
name = "产品丁"
name_en = "Product D"
tier = "midstream"
band = "b"
keywords = ["产品丁"]
weight = 0.9
[node.policy]
status = "eliminated"
item = "落后产品丁生产线"
source = "某目录 淘汰类"
[[link]]
from = "n0"
to = "n1"
kind = "supplies"
[[link]]
from = "n0"
to = "n2"
kind = "supplies"
[[link]]
from = "n0"
to = "n3"
kind = "supplies"
"#;

/// A company name a vendor export might carry: markup characters and a control character.
pub(crate) const AWKWARD: &str = "A&B<乙>\"材\"\u{1}有限公司";

fn set() -> ChainSet {
    load_sources(&[SourceFile {
        name: "p.toml".into(),
        text: CHAIN.into(),
    }])
    .unwrap()
}

/// The firms of n1 and n2 are twins (same places, same sizes, same roles; n1's service firm has an
/// awkward name); registered capital of each node's makers: 100, 200, 300, 400, 500 and one
/// unknown, staff 10 to 50 and one unknown; a trader with a large capital on each.
fn data(s: &ChainSet) -> (Companies, Matches) {
    let mut firms = vec![
        firm("玉溪甲原料有限公司", "530402", Some(("n0", Role::Make))),
        firm("玉溪乙原料有限公司", "530402", Some(("n0", Role::Make))),
        firm("玉溪丙有限公司", "530402", None),
        firm("玉溪丁有限公司", "530402", None),
    ];
    let regions = ["320505", "440304", "310115", "330106", "510104"];
    for (k, region) in regions.iter().enumerate() {
        for (node, stem) in [("n1", "乙"), ("n2", "丙")] {
            firms.push(Firm {
                capital: 100.0 * (k + 1) as f64,
                staff: 10.0 * (k + 1) as f64,
                ..firm(
                    &format!("{stem}{k}号精工有限公司"),
                    region,
                    Some((node, Role::Make)),
                )
            });
        }
    }
    for (node, stem, service) in [("n1", "乙", AWKWARD), ("n2", "丙", "丙服务有限公司")] {
        firms.push(Firm {
            staff: f64::NAN,
            ..firm(
                &format!("{stem}无数据制造有限公司"),
                "420106",
                Some((node, Role::Make)),
            )
        });
        firms.push(Firm {
            capital: 99_999.0,
            staff: 9_999.0,
            ..firm(
                &format!("{stem}贸易有限公司"),
                "420106",
                Some((node, Role::Trade)),
            )
        });
        firms.push(Firm {
            staff: f64::NAN,
            phone: if service == AWKWARD {
                "0871-<1234>&5"
            } else {
                ""
            },
            ..firm(service, "440304", Some((node, Role::Service)))
        });
    }
    for k in 0..3 {
        firms.push(Firm {
            capital: 1000.0,
            staff: 100.0,
            ..firm(
                &format!("丁{k}号有限公司"),
                "110105",
                Some(("n3", Role::Make)),
            )
        });
    }
    for k in 0..20 {
        firms.push(firm(
            &format!("其他{k}有限公司"),
            if k % 2 == 0 { "110105" } else { "440104" },
            None,
        ));
    }
    table(s, &firms)
}

struct World {
    set: ChainSet,
    c: Companies,
    report: GapReport,
    leads: Leads,
    profile: Profile,
}

fn world() -> World {
    let set = set();
    let (c, m) = data(&set);
    let report = analyze(&set, &c, &m, "530402", &GapConfig::default()).unwrap();
    let profile = Profile::default_profile();
    let leads = rank(&set, &c, &m, &report, &profile, &LeadFilter::default());
    World {
        set,
        c,
        report,
        leads,
        profile,
    }
}

/// The cards of the hand-built database (for the renderers' tests).
pub(crate) fn sample_cards(lang: Lang) -> Vec<Card> {
    cards_of(&world(), 3, lang)
}

fn cards_of(w: &World, per_chain: usize, lang: Lang) -> Vec<Card> {
    let opts = CardOptions {
        per_chain,
        scope: Scope::All,
        ..CardOptions::default()
    };
    let local: Vec<Vec<usize>> = vec![vec![0, 1], vec![], vec![], vec![]];
    cards(
        &w.set, &w.report, &w.leads, &w.c, &local, &w.profile, &opts, lang,
    )
}

fn name(w: &World, row: usize) -> &str {
    w.c.text(Col::Name).get(row)
}

#[test]
fn a_restricted_links_leads_carry_the_note_and_rank_below_their_unrestricted_twins() {
    let w = world();
    let (n1, n2) = (
        w.set.node_index("n1").unwrap(),
        w.set.node_index("n2").unwrap(),
    );
    let (g1, g2) = (w.report.node(n1).unwrap(), w.report.node(n2).unwrap());
    // The diagnosis does not change with policy: both are missing, with the same priority.
    assert_eq!(g1.priority, g2.priority);
    assert_eq!(g2.opportunity, Opportunity::Extend);
    let explained = w.report.explain(&w.set, g2, Lang::Zh);
    assert!(explained.contains("须取得产能置换指标"), "{explained}");
    let list = &w.leads.by_chain[0].1;
    let lead_of = |nm: &str| {
        list.iter()
            .find(|l| name(&w, l.row) == nm)
            .unwrap_or_else(|| panic!("{nm} is a lead"))
    };
    for k in 0..5 {
        let (free, held) = (
            lead_of(&format!("乙{k}号精工有限公司")),
            lead_of(&format!("丙{k}号精工有限公司")),
        );
        assert_eq!((free.node, held.node), (n1, n2));
        assert!(free.score > held.score);
        let want = free.score * w.profile.policy.restricted;
        assert!(
            (held.score - want).abs() < 1e-12,
            "{} vs {want}",
            held.score
        );
        let pos = |l: &Lead| list.iter().position(|x| x.row == l.row).unwrap();
        assert!(pos(free) < pos(held));
        let reason = crate::leads::reason(held, &w.set, &w.c, &w.report, &w.profile, Lang::Zh);
        assert!(
            reason.contains("限制类") && reason.contains("须取得产能置换指标"),
            "{reason}"
        );
        let free_reason = crate::leads::reason(free, &w.set, &w.c, &w.report, &w.profile, Lang::Zh);
        assert!(!free_reason.contains("限制类"), "{free_reason}");
    }
    // With the weight at 1 the twins tie.
    let mut profile = Profile::default_profile();
    profile.policy.restricted = 1.0;
    let (c, m) = data(&w.set);
    let leads = rank(&w.set, &c, &m, &w.report, &profile, &LeadFilter::default());
    let score = |nm: &str| {
        leads.by_chain[0]
            .1
            .iter()
            .find(|l| c.text(Col::Name).get(l.row) == nm)
            .unwrap()
            .score
    };
    assert_eq!(score("乙0号精工有限公司"), score("丙0号精工有限公司"));
}

#[test]
fn an_eliminated_link_is_no_opportunity_no_lead_and_no_card() {
    let w = world();
    let n3 = w.set.node_index("n3").unwrap();
    let g = w.report.node(n3).unwrap();
    assert_eq!(g.status, Status::Missing);
    assert_eq!(g.opportunity, Opportunity::None);
    assert_eq!(g.priority, 0.0);
    assert!(w
        .report
        .explain(&w.set, g, Lang::Zh)
        .contains("不作为招商机会"));
    assert!(w.leads.by_chain[0].1.iter().all(|l| l.node != n3));
    let cards = cards_of(&w, 10, Lang::Zh);
    assert!(!cards.is_empty());
    assert!(cards.iter().all(|c| c.node != n3));
    // The unrestricted gap comes first, the restricted one after it.
    let order: Vec<&str> = cards.iter().map(|c| c.node_id.as_str()).collect();
    assert_eq!(order, ["n1", "n2"]);
    assert_eq!(cards_of(&w, 1, Lang::Zh).len(), 1);
}

#[test]
fn a_cards_size_is_the_spread_of_the_nodes_makers() {
    let w = world();
    let cards = cards_of(&w, 3, Lang::Zh);
    let card = cards.iter().find(|c| c.node_id == "n1").unwrap();
    // Six makers (one without figures); the trader and the service firm are not makers.
    assert_eq!(card.makers.count, 6);
    let capital = card.makers.capital.unwrap();
    assert_eq!(
        (capital.known, capital.p25, capital.median, capital.p75),
        (5, 200.0, 300.0, 400.0)
    );
    let staff = card.makers.staff.unwrap();
    assert_eq!((staff.p25, staff.median, staff.p75), (20.0, 30.0, 40.0));
    assert!(card.size.contains("注册资本中位数300万元"), "{}", card.size);
    assert!(card.size.contains("200–400万元"), "{}", card.size);
    // Five firms with figures: a rough guide only, and capital is not the investment.
    assert!(card.size.contains("样本少于10家"), "{}", card.size);
    assert!(
        card.size.contains("注册资本不等于项目投资额"),
        "{}",
        card.size
    );
    // Needs: what the chain file says, and unknown where it says nothing.
    assert_eq!(card.needs.land, "约100亩");
    assert!(card.needs.energy.is_empty());
    assert_eq!(
        need_text(&card.needs.energy, Lang::Zh),
        "未知（产业链文件未填写）"
    );
    // Why here names the local suppliers, with their firms.
    assert_eq!(card.suppliers.len(), 1);
    assert_eq!(card.suppliers[0].count, 2);
    assert!(card.why.iter().any(|s| s.contains("玉溪甲原料有限公司")));
    // Candidate investors: the node's leads, best first.
    assert_eq!(card.investors.len(), 5);
    assert!(card.investors.iter().all(|i| w.leads.by_chain[0]
        .1
        .iter()
        .any(|l| l.row == i.row && l.node == card.node)));
    assert!(card.investors.windows(2).all(|p| p[0].score >= p[1].score));
    // Their reasons leave out what the card already says: the gap and the policy.
    for i in &card.investors {
        assert!(!i.reason.contains("填补本地缺失"), "{}", i.reason);
    }
    let n2 = cards.iter().find(|c| c.node_id == "n2").unwrap();
    assert!(n2.investors.iter().all(|i| !i.reason.contains("限制类")));
    // A node without a maker says so rather than inventing a size.
    let none = size_text(&MakerSizes::default(), Lang::Zh);
    assert!(none.contains("无从估计"), "{none}");
}

#[test]
fn english_cards_say_the_same_in_english() {
    let w = world();
    let cards = cards_of(&w, 3, Lang::En);
    let card = cards.iter().find(|c| c.node_id == "n2").unwrap();
    assert_eq!(card.title, "Product C manufacturing project");
    assert!(
        card.policy_text.starts_with("restricted"),
        "{}",
        card.policy_text
    );
    assert!(
        card.size.contains("median registered capital 300"),
        "{}",
        card.size
    );
    assert!(card.why[0].contains("no Product C firm"), "{}", card.why[0]);
}
