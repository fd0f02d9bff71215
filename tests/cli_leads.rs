//! `chainlead leads` run as a user would on the demo database.

use std::path::PathBuf;

mod common;

use common::{chainlead as run, tmp_dir};

fn tmp(tag: &str) -> PathBuf {
    tmp_dir(&format!("leads-{tag}"))
}

#[test]
fn leads_xlsx_has_a_summary_and_a_sheet_per_chain() {
    let d = tmp("xlsx");
    let out = d.join("l.xlsx");
    let r = run(&["leads", "--top", "20", "-o", out.to_str().unwrap()], None);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    assert!(
        text.contains("硅光伏配套（20）") && text.contains("填补本地缺失的"),
        "{text}"
    );
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["汇总", "医疗器械", "现代钢铁", "硅光伏配套", "现代智能五金"]
    );
    let sheet = wb.worksheet_range("硅光伏配套").unwrap();
    let headers: Vec<String> = (0..18)
        .map(|k| sheet.get((0, k)).unwrap().to_string())
        .collect();
    assert_eq!(
        headers,
        [
            "排名",
            "企业名称",
            "统一社会信用代码",
            "所在地",
            "省份",
            "城市",
            "匹配环节",
            "环节状态",
            "机会类型",
            "综合得分",
            "缺口契合",
            "企业质量",
            "扩张信号",
            "关联度",
            "风险",
            "推荐理由",
            "产业政策",
            "主营产品"
        ]
    );
    assert_eq!(sheet.height(), 21);
    // The PV glass leads carry its policy note: a hearing before a new line.
    let glass = (1..sheet.height())
        .find(|&r| sheet.get((r, 6)).is_some_and(|c| *c == "光伏玻璃"))
        .expect("a PV glass lead");
    let note = sheet.get((glass, 16)).unwrap().to_string();
    assert!(
        note.starts_with("允许类") && note.contains("听证"),
        "{note}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn leads_are_byte_identical_run_to_run_and_for_any_thread_count() {
    let d = tmp("same");
    let mut bytes = Vec::new();
    for (name, threads) in [("a.csv", "1"), ("b.csv", "2"), ("c.csv", "4")] {
        let out = d.join(name);
        assert!(run(
            &["leads", "--top", "50", "-o", out.to_str().unwrap()],
            Some(threads)
        )
        .status
        .success());
        bytes.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(bytes[0], bytes[1]);
    assert_eq!(bytes[0], bytes[2]);
    let csv = String::from_utf8(bytes[0].clone()).unwrap();
    assert!(
        csv.starts_with("\u{feff}产业链,排名,企业名称,"),
        "{}",
        &csv[..80]
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn filters_profiles_and_errors() {
    let d = tmp("filters");
    let out = d.join("l.json");
    let r = run(
        &[
            "leads",
            "--chain",
            "pv",
            "--province",
            "江苏",
            "--top",
            "10",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success());
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty() && rows.len() <= 10);
    assert!(
        rows.iter()
            .all(|x| x["province"] == "江苏省" && x["chain"] == "硅光伏配套"),
        "{v}"
    );
    // A profile that only weighs closeness reorders the list.
    let profile = d.join("p.toml");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/profiles/default.toml"
    ))
    .unwrap()
    .replace("fit = 0.40", "fit = 0")
    .replace("quality = 0.25", "quality = 0")
    .replace("expansion = 0.15", "expansion = 0");
    std::fs::write(&profile, text).unwrap();
    let a = d.join("a.csv");
    let b = d.join("b.csv");
    run(
        &[
            "leads",
            "--chain",
            "pv",
            "--top",
            "10",
            "-o",
            a.to_str().unwrap(),
        ],
        None,
    );
    run(
        &[
            "leads",
            "--chain",
            "pv",
            "--top",
            "10",
            "--profile",
            profile.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
        ],
        None,
    );
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    std::fs::write(&profile, "[weights]\nfit = 1\n").unwrap();
    let r = run(&["leads", "--profile", profile.to_str().unwrap()], None);
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("p.toml"));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn the_scope_leaves_out_the_home_city_unless_asked() {
    let d = tmp("scope");
    let places = |scope: Option<&str>| -> (Vec<String>, String) {
        let out = d.join(format!("{}.json", scope.unwrap_or("default")));
        let mut args = vec!["leads", "--top", "300", "-o", out.to_str().unwrap()];
        if let Some(s) = scope {
            args.extend(["--scope", s]);
        }
        let r = run(&args, None);
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
        (
            v.as_array()
                .unwrap()
                .iter()
                .map(|x| x["place"].as_str().unwrap().to_string())
                .collect(),
            String::from_utf8_lossy(&r.stdout).into_owned(),
        )
    };
    let (default, text) = places(None);
    assert!(text.contains("线索范围：市域外企业"), "{text}");
    assert!(text.contains("按线索范围未列入：市内 "), "{text}");
    assert!(default.iter().any(|p| p == "省外"));
    assert!(
        default.iter().all(|p| p == "省外" || p == "省内市外"),
        "{default:?}"
    );
    let (all, _) = places(Some("all"));
    assert!(all.iter().any(|p| p == "市内"), "{all:?}");
    let (outside, _) = places(Some("outside-province"));
    assert!(!outside.is_empty() && outside.iter().all(|p| p == "省外"));
    let r = run(&["leads", "--scope", "city"], None);
    assert!(!r.status.success());
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(err.contains("outside-city（市域外，缺省）"), "{err}");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn one_node_does_not_fill_the_top_list() {
    let d = tmp("variety");
    let out = d.join("l.json");
    let r = run(&["leads", "--top", "40", "-o", out.to_str().unwrap()], None);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8_lossy(&r.stdout);
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut by_chain: std::collections::HashMap<String, std::collections::HashMap<String, usize>> =
        Default::default();
    for x in v.as_array().unwrap() {
        *by_chain
            .entry(x["chain"].as_str().unwrap().to_string())
            .or_default()
            .entry(x["node"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    for (chain, nodes) in &by_chain {
        let total: usize = nodes.values().sum();
        let most = nodes.values().max().unwrap();
        if nodes.len() >= 4 {
            assert!(*most <= total / 4 + 1, "{chain}: {nodes:?}");
        }
    }
    assert!(
        text.contains("同一环节最多占前列线索的 25%"),
        "the cap is said: {text}"
    );
    std::fs::remove_dir_all(&d).ok();
}

/// A small vendor export with contact columns under their usual headers.
pub const CONTACTS_CSV: &str = "企业名称,统一社会信用代码,行政区划代码,所属省份,所属城市,登记状态,主营产品,经营范围,参保人数,法定代表人,联系电话,手机号码,电子邮箱,官网,注册地址
玉溪甲硅业有限公司,,530402,云南省,玉溪市,存续,工业硅,工业硅生产、销售,100,李一,0877-1000001,,,,
玉溪乙硅业有限公司,,530402,云南省,玉溪市,存续,工业硅,工业硅生产、销售,120,李二,,,,,
玉溪丙硅业有限公司,,530402,云南省,玉溪市,存续,多晶硅,多晶硅生产,80,李三,,,,,
苏州晶拉单晶硅有限公司,,320505,江苏省,苏州市,存续,单晶硅棒、单晶硅片,单晶硅棒制造,300,王五,0512-66668888,13912345678,ir@jingla.example,www.jingla.example,江苏省苏州市高新区科技城1号
无锡硅片有限公司,,320214,江苏省,无锡市,存续,单晶硅片,硅片制造,200,赵六,0510-1234567,,,,
";

#[test]
fn contact_columns_pass_through_to_the_lead_list() {
    let d = tmp("contacts");
    let input = d.join("c.csv");
    std::fs::write(&input, CONTACTS_CSV).unwrap();
    let out = d.join("l.csv");
    let r = run(
        &[
            "leads",
            "--companies",
            input.to_str().unwrap(),
            "--home",
            "530402",
            "--chain",
            "pv",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let csv = std::fs::read_to_string(&out).unwrap();
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with("法定代表人,联系电话,手机,邮箱,网址,地址"),
        "{header}"
    );
    let row = csv
        .lines()
        .find(|l| l.contains("苏州晶拉单晶硅有限公司"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(
        row.ends_with(
            "王五,0512-66668888,13912345678,ir@jingla.example,www.jingla.example,江苏省苏州市高新区科技城1号"
        ),
        "{row}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn the_report_lists_leads_in_the_scope_with_their_place() {
    let d = tmp("report-scope");
    let dir = d.join("r");
    let r = run(
        &[
            "report",
            "--scope",
            "outside-province",
            "-o",
            dir.to_str().unwrap(),
        ],
        None,
    );
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let html = std::fs::read_to_string(dir.join("index.html")).unwrap();
    assert!(
        html.contains("线索范围：省外企业") && html.contains("<th>所在地</th>"),
        "scope and place are shown"
    );
    assert!(html.contains("<td>省外</td>"));
    assert!(!html.contains("<td>省内市外</td>") && !html.contains("<td>市内</td>"));
    std::fs::remove_dir_all(&d).ok();
}
