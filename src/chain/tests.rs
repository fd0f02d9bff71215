//! Tests of the loader, every validation error, the graph queries and the export.

use std::path::{Path, PathBuf};

use super::*;
use crate::lang::Lang;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/chains")
        .join(name)
}

fn valid() -> ChainSet {
    ChainSet::load_dir(&fixture("valid")).expect("the valid fixture loads")
}

/// Loads a broken fixture and returns its issues as (file name, line, problem).
fn broken(name: &str) -> Vec<(String, usize, Problem)> {
    let err = ChainSet::load_dir(&fixture(&format!("broken/{name}")))
        .expect_err("the broken fixture must fail");
    err.issues
        .into_iter()
        .map(|i| {
            let file = Path::new(&i.at.file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            (file, i.at.line, i.problem)
        })
        .collect()
}

#[test]
fn loads_the_valid_fixture() {
    let set = valid();
    assert_eq!(set.chains.len(), 2);
    assert_eq!(set.nodes.len(), 6);
    assert_eq!(set.links.len(), 5);
    let alpha = set.chain("alpha").unwrap();
    assert_eq!(alpha.name, "甲链");
    assert_eq!(alpha.summary, "测试用的小产业链。");
    let metal = set.node("a-metal").unwrap();
    assert_eq!(
        metal.industry_codes,
        vec!["3110".to_string()],
        "a bare number is read as a code"
    );
    assert!(metal.bottleneck);
    assert_eq!(metal.tier, Tier::Midstream);
    assert_eq!(metal.source.line, 35);
    // beta lists its downstream band first; bands are shown upstream first.
    let beta = set.chain("beta").unwrap();
    assert_eq!(beta.bands[0].id, "make");
    assert_eq!(set.nodes[beta.nodes[0]].id, "b-nail");
}

#[test]
fn nodes_by_tier_keep_chain_order() {
    let set = valid();
    let a = set.chain_index("alpha").unwrap();
    let ids = |v: Vec<usize>| {
        v.into_iter()
            .map(|n| set.nodes[n].id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(set.nodes_by_tier(a, Tier::Upstream)), ["a-ore"]);
    assert_eq!(
        ids(set.nodes_by_tier(a, Tier::Midstream)),
        ["a-metal", "a-wire"]
    );
    assert_eq!(ids(set.nodes_by_tier(a, Tier::Downstream)), ["a-build"]);
    assert_eq!(set.tier_counts(a), [1, 2, 1]);
}

#[test]
fn neighbours_cross_chains() {
    let set = valid();
    let wire = set.node_index("a-wire").unwrap();
    let down: Vec<&str> = set
        .downstream(wire)
        .iter()
        .map(|(n, _)| set.nodes[*n].id.as_str())
        .collect();
    assert_eq!(down, ["a-build", "b-nail"]);
    let nail = set.node_index("b-nail").unwrap();
    let up = set.upstream(nail);
    assert_eq!(up.len(), 1);
    assert_eq!(set.nodes[up[0].0].id, "a-wire");
    assert!(set.is_cross_chain(up[0].1));
    assert_eq!(up[0].1.kind, LinkKind::Supplies);
    let shop = set.node_index("b-shop").unwrap();
    assert_eq!(set.upstream(shop)[0].1.kind, LinkKind::Serves);
    assert!(!set.is_cross_chain(set.upstream(shop)[0].1));
}

#[test]
fn supply_paths_run_across_chains() {
    let set = valid();
    let ore = set.node_index("a-ore").unwrap();
    let shop = set.node_index("b-shop").unwrap();
    let paths = set.supply_paths(ore, shop, 10);
    assert_eq!(paths.len(), 1);
    let ids: Vec<&str> = paths[0].iter().map(|&n| set.nodes[n].id.as_str()).collect();
    assert_eq!(ids, ["a-ore", "a-metal", "a-wire", "b-nail", "b-shop"]);
    assert!(
        set.supply_paths(ore, shop, 3).is_empty(),
        "too long for 3 links"
    );
    assert!(
        set.supply_paths(shop, ore, 10).is_empty(),
        "links are directed"
    );
    assert_eq!(set.supply_paths(ore, ore, 3), vec![vec![ore]]);
    let reach: Vec<&str> = set
        .reachable_downstream(set.node_index("a-wire").unwrap())
        .into_iter()
        .map(|n| set.nodes[n].id.as_str())
        .collect();
    assert_eq!(reach, ["a-build", "b-nail", "b-shop"]);
}

#[test]
fn graph_has_every_node_and_link() {
    let set = valid();
    assert_eq!(set.graph().node_count(), 6);
    assert_eq!(set.graph().edge_count(), 5);
    assert!(!petgraph::algo::is_cyclic_directed(set.graph()));
}

#[test]
fn duplicate_id_names_both_places() {
    let issues = broken("duplicate-id");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let (file, line, problem) = &issues[0];
    assert_eq!((file.as_str(), *line), ("x.toml", 36));
    match problem {
        Problem::DuplicateNode { id, first } => {
            assert_eq!(id, "x-one");
            assert_eq!(first.line, 18);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(problem
        .message(Lang::En)
        .contains("duplicate node id `x-one`"));
    assert!(problem.message(Lang::Zh).contains("重复"));
}

#[test]
fn unknown_link_end() {
    let issues = broken("unknown-link-end");
    assert_eq!(
        issues,
        vec![(
            "x.toml".into(),
            42,
            Problem::UnknownLinkEnd("x-nowhere".into())
        )]
    );
    assert_eq!(
        issues[0].2.message(Lang::En),
        "link names unknown node `x-nowhere`"
    );
}

#[test]
fn bad_tier() {
    let issues = broken("bad-tier");
    // x-two is dropped, so x-one is left without links too.
    assert_eq!(
        issues,
        vec![
            ("x.toml".into(), 18, Problem::Isolated("x-one".into())),
            ("x.toml".into(), 30, Problem::BadTier("middle".into())),
            ("x.toml".into(), 37, Problem::UnknownLinkEnd("x-two".into())),
        ]
    );
    assert!(issues[1]
        .2
        .message(Lang::En)
        .contains("use upstream, midstream or downstream"));
}

#[test]
fn node_without_keywords_or_codes() {
    let issues = broken("no-keywords");
    assert_eq!(
        issues,
        vec![(
            "x.toml".into(),
            27,
            Problem::NoKeywordsOrCodes("x-two".into())
        )]
    );
    assert!(issues[0]
        .2
        .message(Lang::En)
        .contains("neither keywords nor industry codes"));
}

#[test]
fn code_that_is_not_a_class() {
    let issues = broken("bad-code");
    assert_eq!(
        issues,
        vec![(
            "x.toml".into(),
            32,
            Problem::BadIndustryCode {
                node: "x-two".into(),
                code: "31".into()
            }
        )]
    );
    assert!(issues[0]
        .2
        .message(Lang::En)
        .contains("not a 4-digit class of GB/T 4754-2017"));
}

#[test]
fn cycle_is_printed() {
    let issues = broken("cycle");
    assert_eq!(issues.len(), 1, "{issues:?}");
    let (file, line, problem) = &issues[0];
    assert_eq!(file, "x.toml");
    assert_eq!(*line, 44, "the cycle is reported at its first link");
    assert_eq!(
        problem,
        &Problem::Cycle(vec![
            "x-one".into(),
            "x-two".into(),
            "x-three".into(),
            "x-one".into()
        ])
    );
    assert_eq!(
        problem.message(Lang::En),
        "links form a cycle: x-one -> x-two -> x-three -> x-one"
    );
}

#[test]
fn syntax_error_has_a_line() {
    let issues = broken("syntax");
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].0, "x.toml");
    assert_eq!(issues[0].1, 28);
    assert!(matches!(issues[0].2, Problem::Syntax(_)));
}

#[test]
fn isolated_node() {
    let issues = broken("isolated");
    assert_eq!(
        issues,
        vec![
            ("x.toml".into(), 18, Problem::Isolated("x-one".into())),
            ("x.toml".into(), 27, Problem::Isolated("x-two".into())),
        ]
    );
}

#[test]
fn every_error_of_a_file_is_reported() {
    let issues = broken("many-errors");
    let expected: Vec<(String, usize, Problem)> = vec![
        ("x.toml".into(), 18, Problem::Isolated("x-one".into())),
        ("x.toml".into(), 30, Problem::BadTier("sideways".into())),
        ("x.toml".into(), 40, Problem::UnknownBand("nowhere".into())),
        (
            "x.toml".into(),
            41,
            Problem::BadIndustryCode {
                node: "x-three".into(),
                code: "9999".into(),
            },
        ),
        (
            "x.toml".into(),
            43,
            Problem::WeightOutOfRange {
                node: "x-three".into(),
                weight: "1.5".into(),
            },
        ),
        ("x.toml".into(), 48, Problem::BadLinkKind("feeds".into())),
        (
            "x.toml".into(),
            52,
            Problem::UnknownLinkEnd("x-ghost".into()),
        ),
    ];
    assert_eq!(issues, expected);
}

#[test]
fn unknown_field_is_a_syntax_error_of_its_node() {
    let text = "id = \"x\"\nname = \"x\"\nname_en = \"x\"\n\n[[band]]\nid = \"b\"\nname = \"b\"\nname_en = \"b\"\ntier = \"upstream\"\n\n[[node]]\nid = \"x-a\"\nname = \"a\"\nname_en = \"a\"\ntier = \"upstream\"\nband = \"b\"\nkeyword = [\"甲\"]\nweight = 0.5\n";
    let err = load_sources(&[SourceFile {
        name: "t.toml".into(),
        text: text.into(),
    }])
    .unwrap_err();
    let syntax: Vec<_> = err
        .issues
        .iter()
        .filter(|i| matches!(i.problem, Problem::Syntax(_)))
        .collect();
    assert_eq!(syntax.len(), 1, "{err}");
    assert!(
        syntax[0].problem.message(Lang::En).contains("keyword"),
        "{err}"
    );
    assert!(syntax[0].problem.message(Lang::En).contains("x-a"), "{err}");
}

#[test]
fn duplicate_node_across_files() {
    let a = "id = \"p\"\nname = \"p\"\nname_en = \"p\"\n[[band]]\nid = \"b\"\nname = \"b\"\nname_en = \"b\"\ntier = \"upstream\"\n[[node]]\nid = \"same\"\nname = \"a\"\nname_en = \"a\"\ntier = \"upstream\"\nband = \"b\"\nkeywords = [\"甲\"]\nweight = 0.5\n";
    let b = a.replace("id = \"p\"", "id = \"q\"");
    let err = load_sources(&[
        SourceFile {
            name: "p.toml".into(),
            text: a.into(),
        },
        SourceFile {
            name: "q.toml".into(),
            text: b,
        },
    ])
    .unwrap_err();
    assert!(err.issues.iter().any(|i| i.at.file == "q.toml"
        && matches!(&i.problem, Problem::DuplicateNode { first, .. } if first.file == "p.toml")));
}

#[test]
fn exports_json_in_the_documented_shape() {
    let set = valid();
    let json: serde_json::Value = serde_json::from_str(&to_json(&set)).unwrap();
    let chains = json["chains"].as_array().unwrap();
    assert_eq!(chains.len(), 2);
    assert_eq!(chains[0]["id"], "alpha");
    assert_eq!(chains[0]["name"], "甲链");
    assert_eq!(chains[0]["name_en"], "Alpha chain");
    let node = &chains[0]["nodes"][1];
    for key in [
        "id",
        "name",
        "name_en",
        "tier",
        "band",
        "industry_codes",
        "keywords",
        "weight",
        "bottleneck",
    ] {
        assert!(node.get(key).is_some(), "node lacks {key}");
    }
    assert_eq!(node["id"], "a-metal");
    assert_eq!(node["tier"], "midstream");
    assert_eq!(node["band"], "零部件");
    assert_eq!(node["industry_codes"][0], "3110");
    assert_eq!(node["bottleneck"], true);
    let links = json["links"].as_array().unwrap();
    assert_eq!(links.len(), 5);
    assert!(links
        .iter()
        .any(|l| l["from"] == "a-wire" && l["to"] == "b-nail" && l["kind"] == "supplies"));
}

#[test]
fn exports_dot() {
    let set = valid();
    let dot = to_dot(&set, Lang::Zh);
    assert!(dot.starts_with("digraph chainlead {"));
    assert!(dot.trim_end().ends_with('}'));
    assert!(dot.contains("\"a-metal\" [label=\"金属\""));
    assert!(dot.contains("\"a-wire\" -> \"b-nail\""));
    assert!(
        dot.contains("style=dashed, color=\"#7c3aed\""),
        "cross-chain link is dashed"
    );
    let en = to_dot(&set, Lang::En);
    assert!(en.contains("label=\"Metal\""));
    assert_eq!(dot.matches('{').count(), dot.matches('}').count());
}

/// The valid fixture's files, read into memory.
fn valid_sources() -> Vec<SourceFile> {
    ["alpha.toml", "beta.toml", "links.toml"]
        .iter()
        .map(|n| SourceFile {
            name: (*n).to_string(),
            text: std::fs::read_to_string(fixture("valid").join(n)).unwrap(),
        })
        .collect()
}

#[test]
fn an_empty_or_comment_only_chain_file_is_an_error() {
    for text in ["", "   \n\n", "# 只有注释\n# comments only\n"] {
        let mut files = valid_sources();
        files.push(SourceFile {
            name: "empty.toml".into(),
            text: text.into(),
        });
        let err = load_sources(&files).expect_err("an empty chain file is refused");
        assert_eq!(err.issues.len(), 1, "{err}");
        assert_eq!(err.issues[0].at.file, "empty.toml");
        assert_eq!(err.issues[0].problem, Problem::EmptyFile);
        assert!(
            err.message(Lang::Zh).contains("文件是空的"),
            "{}",
            err.message(Lang::Zh)
        );
        assert!(err.message(Lang::En).contains("empty"));
    }
    // Alone, too.
    let err = load_sources(&[SourceFile {
        name: "only.toml".into(),
        text: "# nothing\n".into(),
    }])
    .unwrap_err();
    assert_eq!(err.issues[0].problem, Problem::EmptyFile, "{err}");
}

#[test]
fn a_syntax_error_comes_alone_without_its_follow_on_errors() {
    // A broken alpha.toml: its nodes are missing, so the links of links.toml to them would fail.
    let mut files = valid_sources();
    files[0].text = files[0].text.replacen("[[node]]", "[[node]\n", 1);
    let err = load_sources(&files).expect_err("the syntax error is reported");
    assert!(
        err.issues
            .iter()
            .all(|i| matches!(i.problem, Problem::Syntax(_))),
        "{err}"
    );
    assert_eq!(err.issues[0].at.file, "alpha.toml");
    // A field of the wrong type in one node: that node's links are not reported as unknown.
    let mut files = valid_sources();
    files[0].text = files[0].text.replacen("weight = ", "weight = \"x\" # ", 1);
    let err = load_sources(&files).expect_err("the wrong type is reported");
    assert!(
        err.issues
            .iter()
            .all(|i| matches!(i.problem, Problem::Syntax(_))),
        "{err}"
    );
}

#[test]
fn default_roles_follow_the_made_goods_rule() {
    let roles = |code: &str| {
        let a = Activities::default_for(&[code.to_string()], false);
        (a.make, a.service, a.trade)
    };
    // Mining and manufacturing, divisions 06 to 42: makers only (4013 量具 was counted as a
    // service node when only codes starting 0-3 were made).
    for made in ["0810", "3120", "4013", "4220"] {
        assert_eq!(roles(made), (true, false, false), "{made}");
    }
    // Agriculture services, repair (43), power, construction, trade: makers and service providers.
    for other in ["0510", "4330", "4411", "4710", "5171"] {
        assert_eq!(roles(other), (true, true, false), "{other}");
    }
    assert_eq!(
        Activities::default_for(&[], false),
        Activities {
            make: true,
            service: false,
            trade: false
        },
        "no code: a product"
    );
    let set = ChainSet::embedded().unwrap();
    let node = |id: &str| &set.nodes[set.node_index(id).unwrap()];
    assert!(!node("hw-measuring-tools").roles.service);
    for recycling in ["pv-recycling", "steel-scrap", "steel-slag"] {
        assert!(
            node(recycling).roles.service,
            "{recycling} counts 回收、拆解"
        );
    }
}

/// The valid fixture with `extra` added to the node `a-wire` (after its last field).
fn with_wire(extra: &str) -> Result<ChainSet, ChainErrors> {
    let mut files = valid_sources();
    let text = &files[0].text;
    let start = text
        .find("id = \"a-wire\"")
        .expect("a-wire is in alpha.toml");
    let end = text[start..]
        .find("\n[[")
        .map_or(text.len(), |i| start + i + 1);
    files[0].text = format!("{}{extra}\n{}", &text[..end], &text[end..]);
    load_sources(&files)
}

#[test]
fn a_policy_note_is_read_and_checked() {
    let set = with_wire(
        "project = \"年产XX万吨线材项目\"\n[node.policy]\nstatus = \"restricted\"\nitem = \"新建线材产能须置换\"\nsource = \"某办法\"\ncondition = \"须取得置换指标\"\n[node.needs]\nenergy = \"高耗能\"\n",
    )
    .unwrap();
    let wire = set.node("a-wire").unwrap();
    let p = wire.policy.as_ref().unwrap();
    assert_eq!(p.status, PolicyStatus::Restricted);
    assert_eq!(
        (p.item.as_str(), p.source.as_str(), p.condition.as_str()),
        ("新建线材产能须置换", "某办法", "须取得置换指标")
    );
    assert!(p.note(Lang::Zh).starts_with("限制类：须取得置换指标"));
    assert_eq!(wire.needs.energy, "高耗能");
    assert!(wire.needs.land.is_empty() && wire.needs.water.is_empty());
    assert_eq!(wire.project.as_deref(), Some("年产XX万吨线材项目"));
    assert!(set.node("a-metal").unwrap().policy.is_none());
    assert!(to_json(&set).contains("\"status\": \"restricted\""));
    // The Chinese class names are read too.
    let set =
        with_wire("[node.policy]\nstatus = \"淘汰类\"\nitem = \"x\"\nsource = \"y\"\n").unwrap();
    let status = set.node("a-wire").unwrap().policy.as_ref().unwrap().status;
    assert_eq!(status, PolicyStatus::Eliminated);

    // A class that is not one.
    let err = with_wire("[node.policy]\nstatus = \"forbidden\"\nitem = \"x\"\nsource = \"y\"\n")
        .unwrap_err();
    assert!(
        err.issues.iter().any(|i| matches!(&i.problem,
            Problem::BadPolicyStatus { node, status } if node == "a-wire" && status == "forbidden")),
        "{err}"
    );
    assert!(err.message(Lang::Zh).contains("政策类别"), "{err}");
    // A restricted node without its condition, a note without its source.
    let err = with_wire("[node.policy]\nstatus = \"restricted\"\nitem = \"x\"\n").unwrap_err();
    let missing: Vec<&str> = err
        .issues
        .iter()
        .filter_map(|i| match &i.problem {
            Problem::PolicyMissing { field, .. } => Some(*field),
            _ => None,
        })
        .collect();
    assert_eq!(missing, ["source", "condition"], "{err}");
    // An encouraged node needs no condition; an unknown key is a syntax error of its node.
    assert!(
        with_wire("[node.policy]\nstatus = \"encouraged\"\nitem = \"x\"\nsource = \"y\"\n").is_ok()
    );
    let err = with_wire(
        "[node.policy]\nstatus = \"encouraged\"\nitem = \"x\"\nsource = \"y\"\nwording = \"z\"\n",
    )
    .unwrap_err();
    assert!(matches!(err.issues[0].problem, Problem::Syntax(_)), "{err}");
    let err = with_wire("[node.needs]\npower = \"x\"\n").unwrap_err();
    assert!(matches!(err.issues[0].problem, Problem::Syntax(_)), "{err}");
}

#[test]
fn the_shipped_policy_notes_cite_their_sources() {
    let set = ChainSet::embedded().unwrap();
    let noted: Vec<&Node> = set.nodes.iter().filter(|n| n.policy.is_some()).collect();
    assert!(
        noted.len() >= 20,
        "{} nodes have a policy note",
        noted.len()
    );
    for n in &noted {
        let p = n.policy.as_ref().unwrap();
        assert!(p.source.contains('《'), "{}: {}", n.id, p.source);
    }
    let status = |id: &str| set.node(id).unwrap().policy.as_ref().map(|p| p.status);
    // What the planners dropped: steel smelting and industrial silicon are restricted.
    for id in [
        "steel-ironmaking",
        "steel-bof-steel",
        "steel-eaf-steel",
        "pv-industrial-silicon",
    ] {
        assert_eq!(status(id), Some(PolicyStatus::Restricted), "{id}");
    }
    assert_eq!(status("pv-glass"), Some(PolicyStatus::Permitted));
    assert_eq!(status("steel-slag"), Some(PolicyStatus::Encouraged));
}
