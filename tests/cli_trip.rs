//! `chainlead trip` run as a task force would before a trip, on the demo database.

mod common;

use common::{chainlead, tmp_dir};

fn plan(args: &[&str], dir: &std::path::Path) -> (serde_json::Value, String) {
    let mut all = vec!["trip"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", dir.to_str().unwrap()]);
    let r = chainlead(&all, None);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let json =
        serde_json::from_str(&std::fs::read_to_string(dir.join("trip.json")).unwrap()).unwrap();
    (json, String::from_utf8_lossy(&r.stdout).into_owned())
}

#[test]
fn the_plan_respects_days_and_visits_and_visits_each_company_once() {
    let d = tmp_dir("trip");
    let (json, text) = plan(
        &[
            "--cities",
            "深圳,东莞",
            "--days",
            "3",
            "--visits-per-day",
            "4",
        ],
        &d.join("a"),
    );
    let days = json["days"].as_array().unwrap();
    assert!(days.len() <= 3 && !days.is_empty(), "{text}");
    let mut seen = std::collections::HashSet::new();
    for day in days {
        let visits = day["visits"].as_array().unwrap();
        assert!(!visits.is_empty() && visits.len() <= 4);
        assert!(day["km"].as_f64().unwrap() > 0.0);
        for v in visits {
            assert!(
                seen.insert(v["uscc"].as_str().unwrap().to_string()),
                "a company twice"
            );
            let brief = v["brief"].as_array().unwrap();
            assert!(brief.len() >= 4);
            // What it makes comes from its scope when it lists no products.
            let makes = brief[0].as_str().unwrap();
            assert!(
                makes.starts_with("主营：") && makes.chars().count() > "主营：".chars().count(),
                "{makes}"
            );
        }
    }
    assert!(
        days.iter().any(|x| x["city"] == "深圳市") && days.iter().any(|x| x["city"] == "东莞市")
    );
    assert!(text.contains("第1天 深圳市"), "{text}");
    let html = std::fs::read_to_string(d.join("a/trip.html")).unwrap();
    assert!(html.contains("<svg") && html.contains("谈话要点") && !html.contains("<script"));
    assert!(
        !html.contains("东盟") && !html.contains("西南市场"),
        "talking points come from the home region's data"
    );
    assert!(d.join("a/trip.xlsx").exists());
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn names_and_codes_give_the_same_plan_every_time() {
    let d = tmp_dir("trip-same");
    let (a, _) = plan(&["--cities", "深圳市,东莞", "--days", "2"], &d.join("a"));
    let (b, _) = plan(&["--cities", "440300,441900", "--days", "2"], &d.join("b"));
    let (c, _) = plan(&["--cities", "深圳,东莞市", "--days", "2"], &d.join("c"));
    assert_eq!(a, b);
    assert_eq!(a, c);
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn unknown_cities_and_cities_without_leads_are_said_plainly() {
    let d = tmp_dir("trip-errors");
    let r = chainlead(
        &[
            "trip",
            "--cities",
            "深川",
            "--days",
            "1",
            "-o",
            d.join("x").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(r.status.code(), Some(1));
    let err = String::from_utf8_lossy(&r.stderr);
    assert!(
        err.contains("找不到城市“深川”") && err.contains("深圳市"),
        "{err}"
    );
    // The 300-company sample has no company in 三沙.
    let sample = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/sample/companies_sample.csv"
    );
    let (json, text) = plan(
        &[
            "--companies",
            sample,
            "--home",
            "530402",
            "--cities",
            "三沙",
            "--days",
            "1",
        ],
        &d.join("y"),
    );
    assert!(
        text.contains("三沙市（460300）：没有符合本地缺口的线索"),
        "{text}"
    );
    assert_eq!(json["cities_without_leads"][0], "三沙市");
    assert!(json["days"].as_array().unwrap().is_empty());
    // More cities with leads than days: the one left over is named.
    let (_, text) = plan(&["--cities", "深圳,东莞", "--days", "1"], &d.join("z"));
    assert!(
        text.contains("东莞市（441900）：有线索，但天数不够"),
        "{text}"
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn the_brief_gives_the_contacts_and_the_place() {
    let d = tmp_dir("trip-contacts");
    let input = d.join("c.csv");
    std::fs::write(
        &input,
        "企业名称,行政区划代码,所属省份,所属城市,登记状态,主营产品,经营范围,参保人数,法定代表人,联系电话,电子邮箱,注册地址
玉溪甲硅业有限公司,530402,云南省,玉溪市,存续,工业硅,工业硅生产、销售,100,李一,0877-1000001,,
玉溪乙硅业有限公司,530402,云南省,玉溪市,存续,工业硅,工业硅生产、销售,120,李二,,,
玉溪丙硅业有限公司,530402,云南省,玉溪市,存续,多晶硅,多晶硅生产,80,李三,,,
苏州晶拉单晶硅有限公司,320505,江苏省,苏州市,存续,单晶硅棒、单晶硅片,单晶硅棒制造,300,王五,0512-66668888,ir@jingla.example,江苏省苏州市高新区科技城1号
",
    )
    .unwrap();
    let (json, _) = plan(
        &[
            "--companies",
            input.to_str().unwrap(),
            "--home",
            "530402",
            "--cities",
            "苏州",
            "--days",
            "1",
        ],
        &d.join("a"),
    );
    let visit = &json["days"][0]["visits"][0];
    assert_eq!(visit["company"], "苏州晶拉单晶硅有限公司", "{json}");
    assert_eq!(visit["place_zh"], "省外");
    let brief: Vec<&str> = visit["brief"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        brief.contains(
            &"联系方式：法定代表人 王五；联系电话 0512-66668888；邮箱 ir@jingla.example；地址 江苏省苏州市高新区科技城1号"
        ),
        "{brief:?}"
    );
    assert!(
        brief.iter().any(|l| l.starts_with("所在地：省外")),
        "{brief:?}"
    );
    std::fs::remove_dir_all(&d).ok();
}

/// An unknown city is said in the language asked for (it used to be English only).
#[test]
fn an_unknown_city_is_said_in_the_users_language() {
    let d = tmp_dir("trip-unknown");
    let out = d.join("t");
    let args = |lang: &'static str| {
        vec![
            "trip",
            "--cities",
            "深川",
            "--days",
            "1",
            "-o",
            out.to_str().unwrap(),
            "--lang",
            lang,
        ]
        .into_iter()
        .map(str::to_string)
        .collect::<Vec<_>>()
    };
    for (lang, want) in [
        ("zh", "找不到城市“深川”；是否指："),
        ("en", "unknown city '深川'; did you mean:"),
    ] {
        let a = args(lang);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let r = chainlead(&a, None);
        assert!(!r.status.success());
        let err = String::from_utf8_lossy(&r.stderr);
        assert!(
            err.contains(want) && err.contains("深圳市"),
            "{lang}: {err}"
        );
    }
    std::fs::remove_dir_all(&d).ok();
}
