//! The `chainlead chains` commands, run as a user would run them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn chainlead(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chains")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn list_counts_nodes_per_tier() {
    let out = chainlead(&["chains", "list"]);
    assert!(out.status.success());
    let text = stdout(&out);
    for name in [
        "医疗器械",
        "现代钢铁",
        "硅光伏配套",
        "现代智能五金",
        "上游",
        "中游",
        "下游",
    ] {
        assert!(text.contains(name), "missing {name} in:\n{text}");
    }
    let en = stdout(&chainlead(&["chains", "list", "--lang", "en"]));
    assert!(
        en.contains("medical-devices") && en.contains("across chains"),
        "{en}"
    );
}

#[test]
fn show_prints_tiers_and_bands() {
    let out = chainlead(&["chains", "show", "pv"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("硅光伏配套（pv）"), "{text}");
    for needle in [
        "【上游】",
        "【中游】",
        "【下游】",
        "光伏玻璃",
        "多晶硅",
        "逆变器",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
    let en = stdout(&chainlead(&["chains", "show", "pv", "--lang", "en"]));
    assert!(
        en.contains("Upstream") && en.contains("Polysilicon"),
        "{en}"
    );
    let all = stdout(&chainlead(&["chains", "show"]));
    assert!(
        all.contains("医疗器械（medical-devices）") && all.contains("现代智能五金（hardware）")
    );
}

#[test]
fn show_unknown_chain_lists_the_known_ones() {
    let out = chainlead(&["chains", "show", "textiles"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("textiles") && err.contains("steel"), "{err}");
}

#[test]
fn validate_exits_0_when_valid_and_1_with_errors() {
    let ok = chainlead(&["chains", "validate"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("校验通过"));

    let dir = fixtures().join("valid");
    let ok = chainlead(&[
        "chains",
        "validate",
        "--chains",
        dir.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout(&ok).contains("valid: 2 chains, 6 nodes, 5 links (1 across chains)"));

    let dir = fixtures().join("broken/many-errors");
    let bad = chainlead(&[
        "--lang",
        "en",
        "chains",
        "validate",
        "--chains",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let text = stdout(&bad);
    assert!(text.contains("x.toml:30: bad tier `sideways`"), "{text}");
    assert!(
        text.contains("x.toml:52: link names unknown node `x-ghost`"),
        "{text}"
    );
    assert!(text.contains("7 problem(s)"), "{text}");
    let zh = stdout(&chainlead(&[
        "chains",
        "validate",
        "--chains",
        dir.to_str().unwrap(),
    ]));
    assert!(zh.contains("共 7 处错误"), "{zh}");
}

#[test]
fn other_commands_refuse_broken_chains() {
    let dir = fixtures().join("broken/cycle");
    let out = chainlead(&["chains", "list", "--chains", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("关联成环"));
}

#[test]
fn export_json_and_dot() {
    let out = chainlead(&["chains", "export", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(json["chains"].as_array().unwrap().len(), 4);
    assert!(json["links"].as_array().unwrap().len() > 100);

    let dir = std::env::temp_dir().join(format!("chainlead-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("chains.dot");
    let out = chainlead(&[
        "chains",
        "export",
        "--format",
        "dot",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let dot = std::fs::read_to_string(&file).unwrap();
    assert!(dot.starts_with("digraph chainlead {") && dot.contains("光伏玻璃"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn chains_dir_replaces_the_embedded_set() {
    let dir = fixtures().join("valid");
    let out = chainlead(&["chains", "show", "alpha", "--chains", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(
        text.contains("甲链（alpha）") && text.contains("乙链·钉子"),
        "{text}"
    );
}

#[test]
fn review_lists_each_nodes_items_and_unmatched_maker_items() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/companies_sample.csv");
    let o = chainlead(&[
        "chains",
        "review",
        "--companies",
        sample.to_str().unwrap(),
        "--node",
        "hw-market",
        "--top",
        "3",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = stdout(&o);
    assert!(text.contains("== hw-market 五金市场与批发"), "{text}");
    assert!(text.contains("贸易"), "items carry their roles: {text}");
    assert!(text.contains("== 未匹配任何环节的生产条目"), "{text}");
    assert!(text.contains("经营范围 300 条"), "{text}");
    let listed = text
        .lines()
        .skip_while(|l| !l.starts_with("== hw-market"))
        .skip(1)
        .take_while(|l| !l.starts_with("=="))
        .count();
    assert_eq!(listed, 3, "--top 3: {text}");
    let o = chainlead(&[
        "chains",
        "review",
        "--companies",
        sample.to_str().unwrap(),
        "--node",
        "nope",
    ]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("没有名为“nope”的环节") && err.contains("hw-market"),
        "{err}"
    );
}
