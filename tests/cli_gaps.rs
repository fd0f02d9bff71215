//! `chainlead gaps` run as a user would on the demo database.

use std::path::PathBuf;

mod common;

use common::tmp_dir;

fn run(args: &[&str]) -> std::process::Output {
    common::chainlead(args, None)
}

fn tmp(tag: &str) -> PathBuf {
    tmp_dir(&format!("gaps-{tag}"))
}

#[test]
fn gaps_on_the_demo_show_the_designed_home_region() {
    let d = tmp("demo");
    let csv = d.join("g.csv");
    let r = run(&["gaps", "-o", csv.to_str().unwrap()]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(
        text.contains("本地区划：530402 云南省·玉溪市·红塔区"),
        "{text}"
    );
    assert!(text.contains("现代钢铁：强链"), "{text}");
    let table = std::fs::read_to_string(&csv).unwrap();
    assert!(table.starts_with(
        "\u{feff}chain,node,node_name,tier,band,local_count,local_mass,national_count,national_mass,share,lq,density,status,opportunity,priority,policy,policy_condition,explanation\n"
    ));
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 177);
    let row = |id: &str| {
        rows.iter()
            .find(|r| r[1] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    // The designed mix: steel and float glass strong, PV glass missing next to float glass.
    assert_eq!(row("steel-structure")[12], "strong");
    assert_eq!(row("steel-rebar-wire")[12], "strong");
    assert_eq!(row("pv-float-glass")[12], "strong");
    assert_eq!(row("pv-glass")[12], "missing");
    assert_eq!(row("pv-glass")[13], "extend");
    assert!(row("pv-glass")[17].contains("浮法玻璃"));
    // The policy columns: PV glass is permitted under a hearing, smelting restricted.
    assert_eq!(row("pv-glass")[15], "permitted");
    assert!(
        row("pv-glass")[16].contains("听证"),
        "{:?}",
        row("pv-glass")
    );
    assert!(row("pv-glass")[17].contains("仅在以下条件下可推进"));
    assert_eq!(row("steel-eaf-steel")[15], "restricted");
    assert_eq!(row("steel-structure")[15], "");
    let steel_strong = rows
        .iter()
        .filter(|r| r[0] == "steel" && r[12] == "strong")
        .count();
    let pv_present = rows
        .iter()
        .filter(|r| r[0] == "pv" && !r[4].is_empty() && r[12] != "missing")
        .count();
    assert!(steel_strong >= 10, "{steel_strong}");
    assert!(pv_present <= 10, "{pv_present}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn gaps_formats_chain_filter_and_errors() {
    let d = tmp("formats");
    let xlsx = d.join("g.xlsx");
    let r = run(&[
        "gaps",
        "--chain",
        "pv",
        "--home",
        "玉溪市",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(
        text.contains("硅光伏配套") && !text.contains("现代钢铁："),
        "{text}"
    );
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let range = wb.worksheet_range("缺链诊断").unwrap();
    assert_eq!(range.get((0, 0)).unwrap().to_string(), "产业链");
    assert_eq!(range.get((0, 12)).unwrap().to_string(), "环节状态");
    assert_eq!(range.height(), 45, "44 PV nodes and the header");
    let json = d.join("g.json");
    let r = run(&[
        "--lang",
        "en",
        "gaps",
        "--home",
        "5304",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(r.status.success());
    assert!(String::from_utf8_lossy(&r.stdout).contains("home region: 530400"));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 177);
    let explanation = v[0]["explanation"].as_str().unwrap();
    assert!(
        !explanation
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{explanation}"
    );
    assert!(v[0]["lq"].is_number());
    let r = run(&["gaps", "--home", "火星"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("找不到本地区划"));
    std::fs::remove_dir_all(&d).ok();
}
