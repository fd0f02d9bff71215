//! The home region (`--home`): names in any completeness, ambiguous names refused, old codes mapped
//! to their successors, and no silent demo home when the user brings their own companies.

use std::path::{Path, PathBuf};

mod common;

use common::tmp_dir;

fn run(args: &[&str]) -> std::process::Output {
    common::chainlead(args, None)
}

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample/companies_sample.csv")
}

#[test]
fn an_ambiguous_district_name_is_refused_with_every_candidate() {
    // 朝阳区 is in 北京 and in 长春; 朝阳市 (Liaoning) must not be picked silently.
    let r = run(&["gaps", "--home", "朝阳区"]);
    assert_eq!(r.status.code(), Some(1), "{}", out(&r));
    let e = err(&r);
    assert!(e.contains("110105") && e.contains("北京市·朝阳区"), "{e}");
    assert!(
        e.contains("220104") && e.contains("吉林省·长春市·朝阳区"),
        "{e}"
    );
    assert!(!e.contains("211300"), "{e}");
    assert!(e.contains("--home"), "says how to pick one: {e}");
    assert!(
        !out(&r).contains("本地区划"),
        "nothing diagnosed: {}",
        out(&r)
    );
    // In English on request.
    let r = run(&["gaps", "--home", "南山区", "--lang", "en"]);
    assert_eq!(r.status.code(), Some(1));
    let e = err(&r);
    assert!(
        e.contains("440305") && e.contains("广东省·深圳市·南山区"),
        "{e}"
    );
    assert!(e.contains("more than one region"), "{e}");
    // 鼓楼区: every one of the table (南京, 徐州, 福州, 开封) listed.
    let r = run(&["gaps", "--home", "鼓楼区"]);
    assert_eq!(r.status.code(), Some(1));
    let e = err(&r);
    let listed = e.lines().filter(|l| l.contains("·鼓楼区")).count();
    assert_eq!(listed, 4, "{e}");
    // 朝阳 fits the city too.
    let r = run(&["gaps", "--home", "朝阳"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("211300"), "{}", err(&r));
}

#[test]
fn full_names_in_any_completeness_are_accepted() {
    for name in [
        "玉溪市红塔区",
        "云南省玉溪市红塔区",
        "云南玉溪红塔区",
        "红塔区",
        "530402",
    ] {
        let r = run(&["gaps", "--home", name, "--chain", "pv"]);
        assert!(r.status.success(), "{name}: {}", err(&r));
        assert!(
            out(&r).contains("本地区划：530402 云南省·玉溪市·红塔区"),
            "{name}: {}",
            out(&r)
        );
    }
    // A municipality's district, with or without 市; a province and a city.
    let regions = chainlead::region::Regions::embedded();
    for (name, code) in [
        ("北京市朝阳区", "110105"),
        ("北京朝阳区", "110105"),
        ("长春市朝阳区", "220104"),
        ("朝阳市", "211300"),
        ("深圳南山区", "440305"),
        ("北京", "110000"),
        ("玉溪", "530400"),
        ("云南省", "530000"),
        ("5304", "530400"),
    ] {
        let got = regions
            .resolve(name)
            .unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!(got.region.code, code, "{name}");
    }
    assert_eq!(regions.full_name("530402"), "云南省·玉溪市·红塔区");
    assert_eq!(regions.full_name("110105"), "北京市·朝阳区");
    assert_eq!(regions.full_name("530400"), "云南省·玉溪市");
    let r = run(&["gaps", "--home", "火星"]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("找不到本地区划"), "{}", err(&r));
}

#[test]
fn the_home_is_checked_before_the_data_are_loaded() {
    // A missing company file is not even opened when the home is wrong.
    let r = run(&[
        "leads",
        "--companies",
        "/nonexistent/companies.csv",
        "--home",
        "朝阳区",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("220104"), "{}", err(&r));
    // The same for --chain and the output's file type.
    let r = run(&[
        "gaps",
        "--companies",
        "/nonexistent/companies.csv",
        "--home",
        "530402",
        "--chain",
        "nope",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("nope"), "{}", err(&r));
    assert!(!err(&r).contains("/nonexistent"), "{}", err(&r));
    let r = run(&[
        "gaps",
        "--companies",
        "/nonexistent/companies.csv",
        "--home",
        "530402",
        "-o",
        "gaps.docx",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("gaps.docx"), "{}", err(&r));
    assert!(!err(&r).contains("/nonexistent"), "{}", err(&r));
    let r = run(&[
        "trip",
        "--companies",
        "/nonexistent/companies.csv",
        "--home",
        "530402",
        "--cities",
        "深川",
        "--days",
        "1",
        "-o",
        "trip-out",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(err(&r).contains("深川"), "{}", err(&r));
    assert!(!err(&r).contains("/nonexistent"), "{}", err(&r));
}

/// Companies whose credit codes carry 530421 (江川县, since 2015 the district 江川区 530403), with
/// the same number elsewhere.
fn old_code_companies(dir: &Path) -> PathBuf {
    let mut text = String::from("企业名称,统一社会信用代码,登记状态,经营范围\n");
    for i in 0..30u64 {
        let (region, place) = match i % 3 {
            0 => ("530421", "江川"),
            1 => ("530402", "红塔"),
            _ => ("440305", "南山"),
        };
        let code = chainlead::company::uscc::generate(region, 1000 + i);
        text.push_str(&format!(
            "{place}光伏玻璃{i}有限公司,{code},存续,光伏玻璃的生产和销售\n"
        ));
    }
    let path = dir.join("old_codes.csv");
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn old_codes_count_for_their_successor() {
    let d = tmp_dir("home-old");
    let companies = old_code_companies(&d);
    let c = companies.to_str().unwrap();
    let r = run(&[
        "gaps",
        "--companies",
        c,
        "--home",
        "530403",
        "--chain",
        "pv",
    ]);
    assert!(r.status.success(), "{}", err(&r));
    assert!(
        out(&r).contains("本地区划：530403 云南省·玉溪市·江川区（在营企业 10 家"),
        "{}",
        out(&r)
    );
    // The old code as --home: its successor, with a note.
    let r = run(&[
        "gaps",
        "--companies",
        c,
        "--home",
        "530421",
        "--chain",
        "pv",
    ]);
    assert!(r.status.success(), "{}", err(&r));
    assert!(
        out(&r).contains("530403 云南省·玉溪市·江川区"),
        "{}",
        out(&r)
    );
    assert!(
        err(&r).contains("530421") && err(&r).contains("2015"),
        "{}",
        err(&r)
    );
    // Import says how many rows it moved to the successor, and fills in the new district.
    let pq = d.join("old.csv");
    let r = run(&["import", c, "-o", pq.to_str().unwrap()]);
    assert!(r.status.success(), "{}", err(&r));
    assert!(
        out(&r).contains("其中 10 家的信用代码带有已撤销或调整的区划代码"),
        "{}",
        out(&r)
    );
    let table = std::fs::read_to_string(&pq).unwrap();
    assert_eq!(table.matches(",530403,").count(), 10, "{table}");
    assert_eq!(table.matches("江川区").count(), 10, "{table}");
    let regions = chainlead::region::Regions::embedded();
    assert_eq!(regions.current_code("530421"), "530403");
    assert_eq!(regions.current_code("532422"), "530403");
    assert_eq!(regions.current_code("530402"), "530402");
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn own_companies_need_their_own_home() {
    let s = sample();
    let r = run(&["gaps", "--companies", s.to_str().unwrap()]);
    assert_eq!(r.status.code(), Some(1));
    let all = format!("{}{}", out(&r), err(&r));
    assert!(all.contains("--home"), "{all}");
    assert!(!all.contains("红塔"), "{all}");
    assert!(!all.contains("530402"), "{all}");
}

#[test]
fn the_full_name_is_shown_wherever_the_home_is_printed() {
    let d = tmp_dir("home-full");
    let full = "530402 云南省·玉溪市·红塔区";
    let r = run(&["leads", "--chain", "pv", "--top", "3"]);
    assert!(r.status.success(), "{}", err(&r));
    assert!(
        out(&r).contains(&format!("本地区划：{full}")),
        "{}",
        out(&r)
    );
    let trip = d.join("trip");
    let r = run(&[
        "trip",
        "--cities",
        "深圳",
        "--days",
        "1",
        "-o",
        trip.to_str().unwrap(),
    ]);
    assert!(r.status.success(), "{}", err(&r));
    assert!(
        out(&r).contains(&format!("本地区划：{full}")),
        "{}",
        out(&r)
    );
    let html = std::fs::read_to_string(trip.join("trip.html")).unwrap();
    assert!(html.contains(&format!("本地区划：{full}")), "trip.html");
    let json = std::fs::read_to_string(trip.join("trip.json")).unwrap();
    assert!(json.contains("云南省·玉溪市·红塔区"), "trip.json");
    let rep = d.join("report");
    let r = run(&["report", "-o", rep.to_str().unwrap()]);
    assert!(r.status.success(), "{}", err(&r));
    let html = std::fs::read_to_string(rep.join("index.html")).unwrap();
    assert!(html.contains("云南省·玉溪市·红塔区 530402"), "report title");
    std::fs::remove_dir_all(&d).ok();
}
