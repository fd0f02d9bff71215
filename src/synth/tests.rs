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

/// Which chain a row's main products belong to, by plain keyword search (a test-only stand-in
/// for the classifier).
fn chain_of(set: &ChainSet, products: &str) -> Option<String> {
    set.nodes
        .iter()
        .find(|n| n.keywords.iter().any(|k| products.contains(k.as_str())))
        .map(|n| set.chains[n.chain].id.clone())
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
        assert!(!c.text(Col::BusinessScope).get(i).is_empty());
        assert!(c.text(Col::BusinessScope).get(i).starts_with("一般项目："));
        assert!(c.num(Col::RegisteredCapital)[i] > 0.0);
        let lat = c.num(Col::Lat)[i];
        assert!((17.0..54.0).contains(&lat), "lat {lat}");
    }
    let active = (0..c.len()).filter(|&i| c.is_active(i)).count();
    assert!((0.93..0.99).contains(&(active as f64 / c.len() as f64)));
}

#[test]
fn most_companies_are_off_the_chains_and_chains_cluster() {
    let set = chains();
    let c = small(60_000, DEMO_SEED);
    let mut by_chain: HashMap<String, Vec<usize>> = HashMap::new();
    for i in 0..c.len() {
        if let Some(ch) = chain_of(&set, c.text(Col::MainProducts).get(i)) {
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
            let p = c.text(Col::MainProducts).get(i);
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
    let count = |pred: &dyn Fn(&str) -> bool| {
        home.iter()
            .filter(|&&i| pred(c.text(Col::MainProducts).get(i)))
            .count()
    };
    let steel = count(&|p| chain_of(&set, p).as_deref() == Some("steel"));
    let float_glass = count(&|p| {
        set.node("pv-float-glass")
            .unwrap()
            .keywords
            .iter()
            .any(|k| p.contains(k.as_str()))
    });
    // A longer keyword of another node (光伏玻璃原料) is that node's, as the matcher reads it.
    let glass = set.node("pv-glass").unwrap();
    let longer: Vec<&String> = set
        .nodes
        .iter()
        .filter(|n| n.id != glass.id)
        .flat_map(|n| &n.keywords)
        .filter(|k| glass.keywords.iter().any(|g| k.contains(g.as_str())))
        .collect();
    let pv_glass = count(&|p| {
        let mut p = p.to_string();
        for k in &longer {
            p = p.replace(k.as_str(), "");
        }
        glass.keywords.iter().any(|k| p.contains(k.as_str()))
    });
    assert!(steel >= 30, "steel {steel}");
    assert!(float_glass >= 2, "float glass {float_glass}");
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
    // Boilerplate and other-sector texts carry no chain keyword, so they cannot fake a match.
    let texts: Vec<&str> = BOILERPLATE
        .iter()
        .copied()
        .chain(
            vocab::SECTORS
                .iter()
                .flat_map(|s| s.scope.iter().chain(s.products).copied()),
        )
        .collect();
    for t in texts {
        for n in &set.nodes {
            for k in &n.keywords {
                let context_ok = n.require_any.is_empty()
                    || n.require_any.iter().any(|r| t.contains(r.as_str()));
                assert!(
                    !(t.contains(k.as_str()) && context_ok),
                    "`{t}` hits {} via `{k}`",
                    n.id
                );
            }
        }
    }
}

#[test]
fn rounding_helpers() {
    assert_eq!(round2(1234.0), 1200.0);
    assert_eq!(round2(56.0), 56.0);
    assert_eq!(round6(1.23456789), 1.234568);
}
