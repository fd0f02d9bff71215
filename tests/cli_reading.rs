//! What a reader of the report needs: the measures explained, a warning when the data are too
//! small, one word for one meaning, tables and charts that can be read.

use std::path::PathBuf;

mod common;

use common::{chainlead as run, tmp_dir};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/sample/companies_sample.csv")
}

#[test]
fn a_report_on_a_handful_of_companies_warns_and_explains_its_measures() {
    let d = tmp_dir("reading-small");
    let out = d.join("r");
    let r = run(
        &[
            "report",
            "--companies",
            sample().to_str().unwrap(),
            "--home",
            "530402",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(r.status.success(), "{err}");
    assert!(err.contains("提醒：数据中只有"), "{err}");
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    for want in [
        "数据量提醒",
        "数据中只有",
        "只有",
        "指标说明",
        "区位熵（LQ）",
        "关联密度",
        "覆盖率",
        "线索得分",
    ] {
        assert!(html.contains(want), "{want}");
    }
    let r = run(
        &[
            "--lang",
            "en",
            "report",
            "--companies",
            sample().to_str().unwrap(),
            "--home",
            "530402",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("Too little data") && html.contains("How to read the measures"));
}

#[test]
fn the_demo_report_explains_without_warning() {
    let d = tmp_dir("reading-demo");
    let out = d.join("r");
    let r = run(&["report", "-o", out.to_str().unwrap()], None);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("指标说明"));
    assert!(!html.contains("数据量提醒"));
}

#[test]
fn the_trip_route_drawing_has_a_key() {
    let d = tmp_dir("reading-trip");
    let out = d.join("t");
    let r = run(
        &[
            "trip",
            "--cities",
            "深圳",
            "--days",
            "1",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(out.join("trip.html")).unwrap();
    assert!(html.contains("<svg"));
    for want in [
        "每日出发和返回地点",
        "路线（直线距离）",
        "拜访企业，数字为拜访顺序",
    ] {
        assert!(html.contains(want), "{want}");
    }
}

#[test]
fn gaps_and_leads_on_a_handful_of_companies_warn_on_the_terminal() {
    for cmd in ["gaps", "leads"] {
        let r = run(
            &[
                cmd,
                "--companies",
                sample().to_str().unwrap(),
                "--home",
                "530402",
            ],
            None,
        );
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(r.status.success(), "{cmd}: {err}");
        assert!(err.contains("提醒：数据中只有"), "{cmd}: {err}");
    }
    let r = run(&["gaps"], None);
    assert!(!String::from_utf8_lossy(&r.stderr).contains("提醒"));
}
