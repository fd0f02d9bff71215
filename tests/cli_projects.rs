//! `chainlead projects` run as a user would on the demo database: the cards' three files, at least
//! two cards per chain each naming at least three candidate investors, and the DOCX naming them.

use std::io::Read;
use std::path::Path;

mod common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::tmp_dir;

fn run(args: &[&str]) -> std::process::Output {
    common::chainlead(args, None)
}

/// The rows of the first sheet of a workbook, as text.
fn sheet(path: &Path) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).expect("the workbook opens");
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).expect("the sheet reads");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

fn document_xml(path: &Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(f).expect("the DOCX is a zip");
    let mut entry = zip.by_name("word/document.xml").expect("a Word document");
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_demo_gets_cards_for_every_chain_with_investors_in_three_files() {
    let d = tmp_dir("projects-demo");
    let r = run(&["projects", "-o", d.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let out = String::from_utf8_lossy(&r.stdout);
    for f in ["projects.docx", "projects.html", "projects.xlsx"] {
        assert!(out.contains(f), "{out}");
        assert!(d.join(f).is_file(), "{f}");
    }
    let rows = sheet(&d.join("projects.xlsx"));
    let head = &rows[0];
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("column {name} in {head:?}"))
    };
    let (chain, title, investors) = (col("产业链"), col("项目名称"), col("候选投资方"));
    let (median, p25, p75) = (
        col("注册资本中位数(万元)"),
        col("注册资本下四分位(万元)"),
        col("注册资本上四分位(万元)"),
    );
    let cards = &rows[1..];
    for name in ["医疗器械", "现代钢铁", "硅光伏配套", "现代智能五金"] {
        let of: Vec<&Vec<String>> = cards.iter().filter(|r| r[chain] == name).collect();
        assert!(of.len() >= 2, "{name}: {} cards", of.len());
        for r in of {
            let n = r[investors].split('、').filter(|s| !s.is_empty()).count();
            assert!(n >= 3, "{}: {n} investors", r[title]);
            let [lo, mid, hi] = [p25, median, p75].map(|k| r[k].parse::<f64>().unwrap());
            assert!(
                lo <= mid && mid <= hi && lo > 0.0,
                "{}: {lo} {mid} {hi}",
                r[title]
            );
        }
    }
    // The DOCX names every card's project and its candidate investors.
    let xml = document_xml(&d.join("projects.docx"));
    roxmltree::Document::parse(&xml).expect("well-formed");
    for r in cards {
        assert!(xml.contains(&r[title]), "{}", r[title]);
        for name in r[investors].split('、') {
            assert!(xml.contains(name), "{name}");
        }
    }
    assert_eq!(xml.matches("w:type=\"page\"").count(), cards.len());
    // The HTML holds every card.
    let html = std::fs::read_to_string(d.join("projects.html")).unwrap();
    assert_eq!(html.matches("<section class=\"card\"").count(), cards.len());
    assert!(
        html.contains("年产XX万吨光伏压延玻璃项目"),
        "the chain file's project name"
    );
}

#[test]
fn one_chain_more_cards_and_english() {
    let d = tmp_dir("projects-pv");
    let r = run(&[
        "--lang",
        "en",
        "projects",
        "--chain",
        "pv",
        "--per-chain",
        "6",
        "--investors",
        "3",
        "-o",
        d.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let rows = sheet(&d.join("projects.xlsx"));
    assert_eq!(rows[0][0], "chain");
    assert_eq!(rows.len(), 7, "six cards and a header");
    assert!(rows[1..]
        .iter()
        .all(|r| r[0] == "Silicon PV and supporting industries"));
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(out.contains("3 candidate investors"), "{out}");
}

#[test]
fn without_an_output_directory_it_says_what_to_give() {
    let r = run(&["projects"]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("--output"), "{err}");
}

#[test]
fn an_output_path_under_a_file_fails_before_the_data_are_read() {
    let d = tmp_dir("projects-bad-out");
    let file = d.join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("cards");
    let r = run(&["projects", "-o", out.to_str().unwrap()]);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("无法写出"), "{err}");
    assert!(
        !String::from_utf8_lossy(&r.stdout).contains("候选投资方"),
        "nothing was ranked first"
    );
}
