//! `chainlead classify` run as a user would: formats, columns, summary, thread independence.

use std::path::{Path, PathBuf};

mod common;

use common::{chainlead as run, tmp_dir};

fn tmp(tag: &str) -> PathBuf {
    tmp_dir(&format!("classify-{tag}"))
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/companies_sample.csv")
}

#[test]
fn classify_writes_csv_with_evidence_and_a_summary() {
    let d = tmp("csv");
    let out = d.join("m.csv");
    let r = run(
        &[
            "classify",
            "--companies",
            sample().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(text.contains("扫描 300 家企业"), "{text}");
    assert!(text.contains("家/秒"), "{text}");
    for chain in ["医疗器械", "现代钢铁", "硅光伏配套", "现代智能五金"] {
        assert!(text.contains(chain), "{text}");
    }
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with(
        "\u{feff}row,id,name,chain,node,node_name,tier,confidence,role,status,primary,evidence\n"
    ));
    assert!(csv.lines().count() > 20, "{csv}");
    assert!(
        csv.contains("主营产品："),
        "evidence names the field and the terms"
    );
    assert!(
        csv.contains("经营范围「"),
        "evidence quotes the deciding scope item"
    );
    assert!(csv.contains(",确认,"), "matches carry a status");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn classify_is_the_same_with_one_thread_or_many_and_in_every_format() {
    let d = tmp("threads");
    let mut outputs = Vec::new();
    for (name, threads) in [("a.csv", "1"), ("b.csv", "2"), ("c.csv", "4")] {
        let out = d.join(name);
        let r = run(&["classify", "-o", out.to_str().unwrap()], Some(threads));
        assert!(r.status.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    let json = d.join("m.json");
    let r = run(
        &[
            "--lang",
            "en",
            "classify",
            "--companies",
            sample().to_str().unwrap(),
            "-o",
            json.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("scanned 300 companies"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let first = &v[0];
    for key in [
        "row",
        "id",
        "name",
        "chain",
        "node",
        "node_name",
        "tier",
        "confidence",
        "role",
        "status",
        "evidence",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    let evidence = first["evidence"].as_str().unwrap();
    assert!(
        evidence.contains("scope \"")
            || evidence.contains("products: ")
            || evidence.starts_with("only trades"),
        "{first}"
    );
    assert!(
        matches!(first["status"].as_str(), Some("confirmed" | "to-verify")),
        "{first}"
    );
    let pq = d.join("m.parquet");
    assert!(run(
        &[
            "classify",
            "--companies",
            sample().to_str().unwrap(),
            "-o",
            pq.to_str().unwrap()
        ],
        None
    )
    .status
    .success());
    assert!(std::fs::metadata(&pq).unwrap().len() > 0);
    // A higher bar keeps fewer matches.
    let strict = d.join("s.csv");
    let loose = d.join("l.csv");
    run(
        &[
            "classify",
            "--companies",
            sample().to_str().unwrap(),
            "--min-confidence",
            "0.9",
            "-o",
            strict.to_str().unwrap(),
        ],
        None,
    );
    run(
        &[
            "classify",
            "--companies",
            sample().to_str().unwrap(),
            "--min-confidence",
            "0.3",
            "-o",
            loose.to_str().unwrap(),
        ],
        None,
    );
    let count = |p: &Path| std::fs::read_to_string(p).unwrap().lines().count();
    assert!(count(&strict) < count(&loose));
    std::fs::remove_dir_all(&d).ok();
}
