//! Checks of the shipped chain data: structure, depth and the cross-chain links the bureau relies on.

use std::collections::HashSet;

use chainlead::chain::{ChainSet, Tier};

fn set() -> ChainSet {
    ChainSet::embedded().unwrap_or_else(|e| panic!("embedded chains are invalid:\n{e}"))
}

#[test]
fn the_four_chains_exist_with_their_ids() {
    let set = set();
    let ids: Vec<&str> = set.chains.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["medical-devices", "steel", "pv", "hardware"]);
    let names: Vec<&str> = set.chains.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        ["医疗器械", "现代钢铁", "硅光伏配套", "现代智能五金"]
    );
}

#[test]
fn every_chain_is_deep_enough() {
    let set = set();
    for (ci, chain) in set.chains.iter().enumerate() {
        assert!(
            chain.nodes.len() >= 30,
            "{} has {} nodes",
            chain.id,
            chain.nodes.len()
        );
        for tier in Tier::ALL {
            let n = set.nodes_by_tier(ci, tier).len();
            assert!(n >= 6, "{} has {n} nodes in {tier}", chain.id);
        }
        let bands_used: HashSet<usize> = chain.nodes.iter().map(|&n| set.nodes[n].band).collect();
        assert!(
            bands_used.len() >= 6,
            "{} uses {} bands",
            chain.id,
            bands_used.len()
        );
        assert!(!chain.summary.is_empty(), "{} has no summary", chain.id);
    }
}

#[test]
fn every_node_is_complete() {
    let set = set();
    let prefix = |chain: &str| match chain {
        "medical-devices" => "md-",
        "steel" => "steel-",
        "pv" => "pv-",
        _ => "hw-",
    };
    for node in &set.nodes {
        let chain = &set.chains[node.chain];
        assert!(
            node.id.starts_with(prefix(&chain.id)),
            "{} lacks its chain prefix",
            node.id
        );
        assert!(
            !node.name.is_empty() && !node.name_en.is_empty(),
            "{} lacks a name",
            node.id
        );
        assert!(
            node.keywords.len() >= 6,
            "{} has {} keywords",
            node.id,
            node.keywords.len()
        );
        let mut seen = HashSet::new();
        for k in &node.keywords {
            assert!(
                k.chars().count() >= 2,
                "{}: keyword `{k}` is too short",
                node.id
            );
            assert!(seen.insert(k), "{}: keyword `{k}` twice", node.id);
        }
        assert!((0.0..=1.0).contains(&node.weight));
        for code in &node.industry_codes {
            assert_eq!(code.len(), 4, "{}: {code}", node.id);
        }
    }
    let with_codes = set
        .nodes
        .iter()
        .filter(|n| !n.industry_codes.is_empty())
        .count();
    assert!(
        with_codes * 10 >= set.nodes.len() * 8,
        "only {with_codes} of {} nodes have industry codes",
        set.nodes.len()
    );
    assert!(
        set.nodes.iter().any(|n| n.bottleneck),
        "no bottleneck marked"
    );
}

#[test]
fn generic_words_are_never_bare_keywords() {
    // A bare generic word would match half the national database. A distribution node is the
    // exception: its words (钢材, 五金) count only in items that trade them, where a generic goods
    // word is exactly what a trader lists.
    let generic = [
        "玻璃", "支架", "设备", "材料", "服务", "钢", "钢材", "铁", "金属", "五金", "工具", "电池",
        "组件", "芯片", "电机", "医疗", "器械", "试剂", "导管", "销售", "锁", "硅", "塑料", "配件",
    ];
    let set = set();
    for node in set.nodes.iter().filter(|n| !n.distribution) {
        for k in &node.keywords {
            if generic.contains(&k.as_str()) {
                assert!(
                    !node.require_any.is_empty(),
                    "{}: generic keyword `{k}` without require_any",
                    node.id
                );
            }
        }
    }
}

#[test]
fn every_node_takes_part_in_a_link() {
    let set = set();
    for (i, node) in set.nodes.iter().enumerate() {
        assert!(
            !set.upstream(i).is_empty() || !set.downstream(i).is_empty(),
            "{} is isolated",
            node.id
        );
    }
    assert!(!petgraph::algo::is_cyclic_directed(set.graph()));
}

#[test]
fn cross_chain_links_tie_the_district_together() {
    let set = set();
    let cross: Vec<_> = set.links.iter().filter(|l| set.is_cross_chain(l)).collect();
    assert!(cross.len() >= 12, "only {} cross-chain links", cross.len());
    let pairs: HashSet<(&str, &str)> = cross
        .iter()
        .map(|l| {
            (
                set.chains[set.nodes[l.from].chain].id.as_str(),
                set.chains[set.nodes[l.to].chain].id.as_str(),
            )
        })
        .collect();
    for pair in [
        ("steel", "hardware"),
        ("steel", "pv"),
        ("hardware", "medical-devices"),
        ("steel", "medical-devices"),
    ] {
        assert!(
            pairs.contains(&pair),
            "no link from {} to {}",
            pair.0,
            pair.1
        );
    }
    // Glass feeds PV glass: the PV glass node has suppliers (float glass, quartz sand, soda ash).
    let pv_glass = set
        .nodes
        .iter()
        .position(|n| n.chain == set.chain_index("pv").unwrap() && n.name == "光伏玻璃")
        .expect("pv has a 光伏玻璃 node");
    assert!(!set.upstream(pv_glass).is_empty());
}

#[test]
fn supply_paths_reach_from_ore_to_pv_plants() {
    let set = set();
    let steel = set.chain_index("steel").unwrap();
    let pv = set.chain_index("pv").unwrap();
    let first_up = set.nodes_by_tier(steel, Tier::Upstream)[0];
    let reach = set.reachable_downstream(first_up);
    assert!(
        reach.iter().any(|&n| set.nodes[n].chain == pv),
        "steel's first upstream node reaches no PV node"
    );
}
