//! `chainlead report`, and untrusted company names in HTML, CSV and XLSX.

use std::path::Path;

mod common;

use common::{chainlead, tmp_dir};

/// The shipped sample plus two companies with hostile names that make PV glass and PV mountings,
/// so that they become PV leads of the home region.
fn hostile_companies(dir: &Path) -> std::path::PathBuf {
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/sample/companies_sample.csv"
    ))
    .unwrap();
    let header = sample.lines().next().unwrap().to_string();
    let cols: Vec<&str> = header.trim_start_matches('\u{feff}').split(',').collect();
    let row = |name: &str, products: &str| {
        cols.iter()
            .map(|c| match *c {
                "企业名称" => format!("\"{}\"", name.replace('"', "\"\"")),
                "所属省份" => "江苏省".into(),
                "所属城市" => "常州市".into(),
                "登记状态" => "存续".into(),
                "参保人数" => "800".into(),
                "主营产品" => products.into(),
                "经营范围" => format!("一般项目：{products}制造"),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut text = sample.clone();
    text.push_str(&row("<script>alert(1)</script>", "光伏玻璃、超白压延玻璃"));
    text.push('\n');
    text.push_str(&row(
        "=HYPERLINK(\"http://x\",\"点我\")",
        "光伏支架、跟踪支架",
    ));
    text.push('\n');
    let path = dir.join("hostile.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn the_report_is_complete_and_hostile_names_are_harmless() {
    let d = tmp_dir("report");
    let companies = hostile_companies(&d);
    let out = d.join("report");
    let r = chainlead(
        &[
            "report",
            "--companies",
            companies.to_str().unwrap(),
            "--home",
            "530402",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    for f in [
        "index.html",
        "gaps.xlsx",
        "leads.xlsx",
        "charts/pv-gap-map.png",
        "charts/pv-gap-map.svg",
        "charts/pv-lq.svg",
        "charts/pv-opportunities.png",
        "charts/pv-leads.svg",
    ] {
        assert!(out.join(f).exists(), "{f} missing");
    }
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "no script in the page");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the hostile name is escaped and shown"
    );
    assert!(html.contains("光伏玻璃") && html.contains("<svg"));
    for external in ["src=\"http", "href=\"http", "<link", "@import", "url(http"] {
        assert!(!html.contains(external), "nothing external: {external}");
    }
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("leads.xlsx")).unwrap();
    let pv = wb.worksheet_range("硅光伏配套").unwrap();
    let names: Vec<String> = pv
        .rows()
        .skip(1)
        .map(|r| r.get(1).map(Data::to_string).unwrap_or_default())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("'=HYPERLINK")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with('=')));
    let csv = d.join("leads.csv");
    assert!(chainlead(
        &[
            "leads",
            "--companies",
            companies.to_str().unwrap(),
            "--home",
            "530402",
            "-o",
            csv.to_str().unwrap()
        ],
        None
    )
    .status
    .success());
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.contains("'=HYPERLINK"), "formula neutralised in CSV");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn the_report_runs_on_the_demo_with_no_arguments() {
    let d = tmp_dir("report-demo");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_chainlead"))
        .arg("report")
        .current_dir(&d)
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(d.join("chainlead-report/index.html")).unwrap();
    for chain in ["医疗器械", "现代钢铁", "硅光伏配套", "现代智能五金"] {
        assert!(html.contains(chain));
    }
    assert!(
        html.contains("光伏玻璃（延链）"),
        "the PV summary names its top opportunity"
    );
    // One leads.xlsx layout: the report's workbook is the one `leads -o` writes for the same list
    // (the report keeps the top 100 of each chain), summary sheet first.
    let alone = d.join("leads.xlsx");
    let r = chainlead(
        &["leads", "--top", "100", "-o", alone.to_str().unwrap()],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    use calamine::{open_workbook, Reader, Xlsx};
    let mut a: Xlsx<_> = open_workbook(d.join("chainlead-report/leads.xlsx")).unwrap();
    let mut b: Xlsx<_> = open_workbook(&alone).unwrap();
    assert_eq!(a.sheet_names(), b.sheet_names());
    assert_eq!(a.sheet_names()[0], "汇总");
    for name in a.sheet_names() {
        assert_eq!(
            a.worksheet_range(&name).unwrap(),
            b.worksheet_range(&name).unwrap(),
            "sheet {name}"
        );
    }
    std::fs::remove_dir_all(&d).ok();
}
