//! Tests of the synthetic database: determinism, validity and the designed distribution.

use std::collections::HashMap;

use super::*;
use crate::company::Col;

fn chains() -> ChainSet {
    ChainSet::embedded().unwrap()
}

fn small(n: usize, seed: u64) -> Companies {
    generate(
        &chains(),
        &SynthOptions {
            n,
            seed,
            home: DEMO_HOME.into(),
        },
    )
}

/// Companies with what each one is (its node and kind), generated row by row.
fn with_truth(n: usize, seed: u64) -> (Companies, Vec<(Option<usize>, Kind<'static>)>) {
    let set = chains();
    let plan = Plan::new(
        &set,
        &SynthOptions {
            n,
            seed,
            home: DEMO_HOME.into(),
        },
    );
    let mut c = Companies::new(Vec::new(), n);
    let mut row = Row::empty(0);
    let mut buf = Buffers::default();
    let mut truth = Vec::with_capacity(n);
    for i in 0..n {
        truth.push(fill_row(&plan, i, &mut row, &mut buf));
        c.push(&row);
    }
    (c, truth)
}

/// A scope without its bracketed notes and exclusions (（…）, 【…】): what names activities.
fn strip_brackets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0;
    for ch in text.chars() {
        match ch {
            '（' | '【' | '(' => depth += 1,
            '）' | '】' | ')' => depth = (depth as i32 - 1).max(0) as usize,
            _ if depth == 0 => out.push(ch),
            _ => {}
        }
    }
    out
}

/// The clauses of a scope (between ；。 and the 一般项目/许可项目 headings), brackets dropped.
fn clauses(scope: &str) -> Vec<String> {
    strip_brackets(scope)
        .replace("一般项目：", "；")
        .replace("许可项目：", "；")
        .split(['；', '。', ';'])
        .map(str::to_string)
        .filter(|c| !c.is_empty())
        .collect()
}

/// Making verbs (a keyword may carry its own: 锰矿采选, 硅冶炼).
const MAKE: [&str; 7] = ["生产", "制造", "加工", "冶炼", "采选", "开采", "铸造"];
const TRADE: [&str; 5] = ["销售", "批发", "零售", "经销", "批零兼营"];
const SERVE: [&str; 6] = ["安装", "维修", "检测", "施工", "维护", "保养"];

fn has(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Whether a text names a node: one of its keywords, with a context term where it needs one.
fn names(node: &crate::chain::Node, text: &str) -> bool {
    node.keywords.iter().any(|k| text.contains(k.as_str()))
        && (node.require_any.is_empty()
            || node.require_any.iter().any(|r| text.contains(r.as_str())))
}

/// Whether a scope names a product of the chain in a clause with a making verb, by plain keyword
/// search (a test-only stand-in for the classifier).
fn makes(set: &ChainSet, scope: &str, chain: &str) -> bool {
    clauses(scope).iter().filter(|c| has(c, &MAKE)).any(|c| {
        set.nodes
            .iter()
            .any(|n| set.chains[n.chain].id == chain && names(n, c))
    })
}

#[test]
fn same_size_and_seed_give_the_same_table() {
    let a = small(3000, 7);
    let b = small(3000, 7);
    assert_eq!(format!("{a:?}"), format!("{b:?}"));
    let c = small(3000, 8);
    assert_ne!(a.text(Col::Name).get(5), c.text(Col::Name).get(5));
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| small(20_000, 7));
    let many = small(20_000, 7);
    assert_eq!(
        format!("{one:?}"),
        format!("{many:?}"),
        "thread count changes nothing"
    );
}

#[test]
fn batches_of_any_size_join_to_the_table() {
    let set = chains();
    for (n, size) in [(500, 1), (3000, 7), (BATCH_ROWS + 1234, BATCH_ROWS)] {
        let opts = SynthOptions {
            n,
            seed: 7,
            home: DEMO_HOME.into(),
        };
        let whole = generate(&set, &opts);
        let parts = batches(&set, &opts, size);
        assert_eq!(parts.len(), n.div_ceil(size));
        let parts: Vec<Companies> = parts.collect();
        assert!(parts.iter().all(|p| p.len() <= size));
        let joined = Companies::concat(&parts);
        assert_eq!(
            format!("{joined:?}"),
            format!("{whole:?}"),
            "batches of {size}"
        );
    }
    let none = SynthOptions {
        n: 0,
        ..Default::default()
    };
    assert_eq!(batches(&set, &none, 0).count(), 0);
}

#[test]
fn every_company_is_valid() {
    let c = small(5000, 1);
    assert_eq!(c.len(), 5000);
    let codes = IndustryCodes::embedded();
    let regions = Regions::embedded();
    for i in 0..c.len() {
        let code = c.text(Col::Uscc).get(i);
        assert!(uscc::is_valid(code), "{code}");
        assert_eq!(uscc::region_of(code), Some(c.text(Col::RegionCode).get(i)));
        assert!(regions.get(c.text(Col::RegionCode).get(i)).is_some());
        let ind = c.text(Col::IndustryCode).get(i);
        assert!(codes.is_class(ind), "industry code {ind}");
        assert!(!c.text(Col::Name).get(i).is_empty());
        let scope = c.text(Col::BusinessScope).get(i);
        assert!(
            scope.ends_with('。') || scope.ends_with('）') || scope.ends_with('】'),
            "{scope}"
        );
        assert!(
            !scope.contains("；；") && !scope.contains("：；") && !scope.contains("、；"),
            "{scope}"
        );
        assert!(c.num(Col::RegisteredCapital)[i] > 0.0);
        let lat = c.num(Col::Lat)[i];
        assert!((3.0..54.0).contains(&lat), "lat {lat}");
    }
    let active = (0..c.len()).filter(|&i| c.is_active(i)).count();
    assert!((0.93..0.99).contains(&(active as f64 / c.len() as f64)));
}

#[test]
fn most_companies_are_off_the_chains_and_chains_cluster() {
    let set = chains();
    let (c, truth) = with_truth(60_000, DEMO_SEED);
    let mut by_chain: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, (node, _)) in truth.iter().enumerate() {
        if let Some(n) = node {
            let ch = set.chains[set.nodes[*n].chain].id.clone();
            by_chain.entry(ch).or_default().push(i);
        }
    }
    let on_chains: usize = by_chain.values().map(Vec::len).sum();
    let share = on_chains as f64 / c.len() as f64;
    assert!((0.08..0.2).contains(&share), "chain share {share}");
    let share_in = |chain: &str, prefixes: &[&str]| {
        let rows = &by_chain[chain];
        rows.iter()
            .filter(|&&i| {
                prefixes
                    .iter()
                    .any(|p| c.text(Col::RegionCode).get(i).starts_with(p))
            })
            .count() as f64
            / rows.len() as f64
    };
    let all_share = |prefixes: &[&str]| {
        (0..c.len())
            .filter(|&i| {
                prefixes
                    .iter()
                    .any(|p| c.text(Col::RegionCode).get(i).starts_with(p))
            })
            .count() as f64
            / c.len() as f64
    };
    // PV in Jiangsu and Zhejiang, steel in Hebei, hardware in Yongkang, devices in Shenzhen.
    assert!(share_in("pv", &["32", "33"]) > 2.0 * all_share(&["32", "33"]));
    assert!(share_in("steel", &["13"]) > 3.0 * all_share(&["13"]));
    assert!(
        share_in("hardware", &["330784"]) > 0.08,
        "{}",
        share_in("hardware", &["330784"])
    );
    assert!(share_in("medical-devices", &["4403"]) > 0.1);
    // Silicon in Xinjiang, Inner Mongolia, Yunnan, Sichuan.
    let silicon: Vec<usize> = (0..c.len())
        .filter(|&i| {
            let p = strip_brackets(c.text(Col::BusinessScope).get(i));
            p.contains("工业硅") || p.contains("多晶硅")
        })
        .collect();
    let west = silicon
        .iter()
        .filter(|&&i| {
            ["65", "15", "53", "51", "64", "63"]
                .iter()
                .any(|p| c.text(Col::RegionCode).get(i).starts_with(p))
        })
        .count();
    assert!(
        west as f64 > 0.4 * silicon.len() as f64,
        "{west} of {}",
        silicon.len()
    );
    // Provinces follow economic size: Guangdong has more companies than Gansu.
    assert!(all_share(&["44"]) > 5.0 * all_share(&["62"]));
    assert!((all_share(&["44"]) - 0.105).abs() < 0.03);
}

#[test]
fn the_home_region_has_the_designed_mix() {
    let set = chains();
    let c = small(DEMO_SIZE / 4, DEMO_SEED);
    let home: Vec<usize> = (0..c.len())
        .filter(|&i| c.text(Col::RegionCode).get(i) == DEMO_HOME)
        .collect();
    assert!((400..600).contains(&home.len()), "{}", home.len());
    // Read from the scope alone, as most records must be read.
    let count = |pred: &dyn Fn(&str) -> bool| {
        home.iter()
            .filter(|&&i| pred(c.text(Col::BusinessScope).get(i)))
            .count()
    };
    let steel = count(&|s| makes(&set, s, "steel"));
    let float = set.node("pv-float-glass").unwrap();
    let float_glass = count(&|s| clauses(s).iter().any(|c| has(c, &MAKE) && names(float, c)));
    let devices = count(&|s| makes(&set, s, "medical-devices"));
    let pv_makers = count(&|s| makes(&set, s, "pv"));
    // A longer keyword of another node (光伏玻璃原料) is that node's, as the matcher reads it.
    let glass = set.node("pv-glass").unwrap();
    let longer: Vec<&String> = set
        .nodes
        .iter()
        .filter(|n| n.id != glass.id)
        .flat_map(|n| &n.keywords)
        .filter(|k| glass.keywords.iter().any(|g| k.contains(g.as_str())))
        .collect();
    let pv_glass = home
        .iter()
        .filter(|&&i| {
            let mut p = format!(
                "{} {}",
                c.text(Col::BusinessScope).get(i),
                c.text(Col::MainProducts).get(i)
            );
            for k in &longer {
                p = p.replace(k.as_str(), "");
            }
            glass.keywords.iter().any(|k| p.contains(k.as_str()))
        })
        .count();
    assert!(steel >= 25, "steel {steel}");
    assert!(float_glass >= 2, "float glass {float_glass}");
    assert!(devices >= 2, "medical devices {devices}");
    assert!(pv_makers < steel / 4, "PV {pv_makers} steel {steel}");
    assert_eq!(
        pv_glass, 0,
        "PV glass is the missing link next to float glass"
    );
    for &i in &home {
        assert_eq!(c.text(Col::City).get(i), "玉溪市");
        assert_eq!(c.text(Col::District).get(i), "红塔区");
    }
}

#[test]
fn groups_share_a_brand_across_regions() {
    let c = small(40_000, 3);
    let branches = (0..c.len())
        .filter(|&i| c.text(Col::Name).get(i).ends_with("分公司"))
        .count();
    assert!(branches > 50, "{branches}");
}

#[test]
fn vocabulary_is_consistent() {
    let set = chains();
    let regions = Regions::embedded();
    for chain in ["pv", "medical-devices", "steel", "hardware"] {
        for band in ["silicon", "x"] {
            for (code, _) in vocab::clusters(chain, band) {
                assert!(regions.get(code).is_some(), "cluster {code}");
            }
        }
    }
    for capital in vocab::CAPITALS {
        assert!(regions.get(capital).is_some(), "capital {capital}");
    }
    for (id, _) in vocab::HOME_MIX {
        assert!(set.node(id).is_some(), "home mix node {id}");
    }
    let codes = IndustryCodes::embedded();
    for s in &vocab::SECTORS {
        assert!(codes.is_class(s.code), "sector code {}", s.code);
    }
    // Boilerplate, goods and other-sector texts carry no chain keyword outside their exclusions,
    // so they cannot fake a match.
    let mut texts: Vec<&str> = scope::BOILERPLATE
        .iter()
        .chain(&vocab::OLD_TRADE_BOILERPLATE)
        .chain(&vocab::GOODS)
        .chain(vocab::EXCLUDING_GOODS.iter().map(|(_, g)| g))
        .copied()
        .chain(
            vocab::SECTORS
                .iter()
                .flat_map(|s| s.scope.iter().chain(s.products).chain(s.licensed).copied()),
        )
        .collect();
    for chain in ["pv", "medical-devices", "steel", "hardware"] {
        texts.extend(vocab::chain_goods(chain));
        texts.extend(vocab::chain_services(chain));
    }
    for code in [
        "4416", "4710", "8411", "8514", "2521", "0810", "3130", "3340",
    ] {
        texts.extend(vocab::chain_licensed(code));
    }
    // (General goods may name a distribution node's goods, 五金交电 or 钢材: trading them is that
    // node's business.)
    for t in texts {
        let t = strip_brackets(t);
        for n in set.nodes.iter().filter(|n| !n.distribution) {
            assert!(!names(n, &t), "`{t}` names {}", n.id);
        }
    }
    // An exclusion that names a chain product names one of its own chain's.
    for (chain, item) in vocab::EXCLUDING_GOODS {
        let inside = &item[item.find('（').unwrap()..];
        assert!(
            set.nodes
                .iter()
                .any(|n| set.chains[n.chain].id == chain && names(n, inside)),
            "{item}"
        );
    }
    for g in vocab::TRADED_CHAIN_GOODS {
        assert!(set.nodes.iter().any(|n| names(n, g)), "{g}");
    }
}

#[test]
fn most_records_have_a_scope_and_no_product_list() {
    let c = small(40_000, 11);
    let listed = |i: usize| !c.text(Col::MainProducts).get(i).is_empty();
    let with_list = (0..c.len()).filter(|&i| listed(i)).count() as f64 / c.len() as f64;
    assert!(
        (0.18..0.32).contains(&with_list),
        "product lists {with_list}"
    );
    // Large and listed firms more often list their products.
    let share =
        |rows: Vec<usize>| rows.iter().filter(|&&i| listed(i)).count() as f64 / rows.len() as f64;
    let big = share(
        (0..c.len())
            .filter(|&i| c.num(Col::Employees)[i] > 300.0)
            .collect(),
    );
    let small_firms = share(
        (0..c.len())
            .filter(|&i| c.num(Col::Employees)[i] < 20.0)
            .collect(),
    );
    let quoted = share(
        (0..c.len())
            .filter(|&i| c.text(Col::Tags).get(i).contains("上市"))
            .collect(),
    );
    assert!(big > small_firms + 0.2, "big {big} small {small_firms}");
    assert!(quoted > 0.75, "listed {quoted}");
    // Both forms of scope, the modern one in the majority.
    let modern = (0..c.len())
        .filter(|&i| c.text(Col::BusinessScope).get(i).contains("一般项目："))
        .count() as f64
        / c.len() as f64;
    assert!((0.5..0.8).contains(&modern), "modern {modern}");
    let old_make = (0..c.len())
        .filter(|&i| {
            let s = c.text(Col::BusinessScope).get(i);
            s.contains("生产、销售：") || s.contains("的生产、销售")
        })
        .count();
    assert!(old_make > 100, "old maker clauses {old_make}");
}

#[test]
fn scopes_say_who_makes_who_trades_and_who_serves() {
    let set = chains();
    let (c, truth) = with_truth(30_000, 5);
    let mut seen = [0usize; 4];
    for (i, (node, kind)) in truth.iter().enumerate() {
        let Some(n) = node.map(|n| &set.nodes[n]) else {
            continue;
        };
        let scope = c.text(Col::BusinessScope).get(i);
        let cl = clauses(scope);
        // (A node whose context is a making verb, 塔筒 with 制造, is named only by its makers.)
        let verb_context =
            !n.require_any.is_empty() && n.require_any.iter().all(|r| MAKE.contains(&r.as_str()));
        match kind {
            // A maker has a clause that names the node's product with a making verb.
            Kind::Make => {
                seen[0] += 1;
                assert!(
                    cl.iter().any(|c| has(c, &MAKE) && names(n, c)),
                    "maker of {}: {scope}",
                    n.id
                );
            }
            // A trader names the product only in clauses with a trading verb and no making verb.
            Kind::Trade => {
                seen[1] += 1;
                let naming: Vec<&String> = cl.iter().filter(|c| names(n, c)).collect();
                assert!(
                    verb_context || !naming.is_empty(),
                    "trader of {}: {scope}",
                    n.id
                );
                for c in naming {
                    assert!(
                        has(c, &TRADE) && !has(c, &MAKE),
                        "trader of {}: `{c}` in {scope}",
                        n.id
                    );
                }
            }
            // A service firm names the product with 安装、维修、检测、施工.
            Kind::Service => {
                seen[2] += 1;
                assert!(
                    verb_context || cl.iter().any(|c| has(c, &SERVE) && names(n, c)),
                    "service on {}: {scope}",
                    n.id
                );
                assert!(
                    !cl.iter().any(|c| has(c, &MAKE) && names(n, c)),
                    "service on {}: {scope}",
                    n.id
                );
            }
            // A distributor trades products of its chain's made nodes.
            Kind::Distribution => {
                seen[3] += 1;
                assert!(n.distribution);
                let traded = cl.iter().any(|c| {
                    has(c, &TRADE)
                        && !has(c, &MAKE)
                        && set
                            .nodes
                            .iter()
                            .any(|m| m.chain == n.chain && m.id != n.id && names(m, c))
                });
                assert!(traded, "distributor {}: {scope}", n.id);
            }
            Kind::Activity => assert!(cl.iter().any(|c| names(n, c)), "{}: {scope}", n.id),
            Kind::Sector(_) => panic!("a chain firm of another sector"),
        }
    }
    assert!(seen.iter().all(|&k| k > 30), "{seen:?}");
    assert!(seen[0] > 2 * seen[1], "{seen:?}");
}

#[test]
fn other_firms_name_no_chain_product_and_exclusions_appear() {
    let set = chains();
    let (c, truth) = with_truth(30_000, 9);
    let mut sellers = 0;
    for (i, (node, kind)) in truth.iter().enumerate() {
        let scope = c.text(Col::BusinessScope).get(i);
        if node.is_none() {
            assert!(matches!(kind, Kind::Sector(_)));
            let naming = clauses(scope)
                .into_iter()
                .filter(|c| set.nodes.iter().any(|n| !n.distribution && names(n, c)))
                .collect::<Vec<_>>();
            // Only a general trader's chain goods, always in a trading clause.
            for c in &naming {
                assert!(has(c, &TRADE) && !has(c, &MAKE), "`{c}` in {scope}");
            }
            sellers += usize::from(!naming.is_empty());
        }
        // An exclusion never names the firm's own chain.
        if let Some(n) = node {
            let chain = &set.chains[set.nodes[*n].chain].id;
            for (ex_chain, item) in vocab::EXCLUDING_GOODS {
                let head = &item[..item.find('（').unwrap()];
                let inside = &item[item.find('（').unwrap()..];
                assert!(
                    !(ex_chain == chain && scope.contains(head) && scope.contains(inside)),
                    "{scope}"
                );
            }
        }
    }
    assert!(sellers > 50, "general traders with chain goods {sellers}");
    let share = |pred: &dyn Fn(&str) -> bool| {
        (0..c.len())
            .filter(|&i| pred(c.text(Col::BusinessScope).get(i)))
            .count() as f64
            / c.len() as f64
    };
    let excluding = share(&|s| s.contains("不含") || s.contains("除外"));
    let naming_chain = share(&|s| {
        vocab::EXCLUDING_GOODS
            .iter()
            .any(|(_, g)| s.contains(&g[g.find('（').unwrap()..]))
    });
    assert!(excluding > 0.3, "scopes with exclusions {excluding}");
    assert!(
        naming_chain > 0.01,
        "exclusions naming chain products {naming_chain}"
    );
    assert!(share(&|s| s.contains("依法须经批准")) > 0.6);
}

#[test]
fn rounding_helpers() {
    assert_eq!(round2(1234.0), 1200.0);
    assert_eq!(round2(56.0), 56.0);
    assert_eq!(round6(1.23456789), 1.234568);
}
