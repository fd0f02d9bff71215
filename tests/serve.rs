//! The web workspace over HTTP: every page and API answers in both languages, the filters narrow,
//! bad parameters are 400 and unknown ids 404 (as JSON in the request's language), every response
//! carries the security headers, and a company name made of markup never reaches a page as markup.
//!
//! One workspace is loaded from the demo, with every 40th company's name turned into an attack,
//! and served on a free port of 127.0.0.1 for all tests.

#[path = "common/http.rs"]
mod http;

use std::sync::OnceLock;

use chainlead::company::{Cell, Col, Companies};
use chainlead::pipeline::Source;
use chainlead::ChainSet;
use http::{enc, Client, Response};

/// Appended to some companies' names.
const ATTACK: &str = "</script><script>alert(1)</script><img src=x onerror=alert(2)>";

/// The demo with every 40th name carrying [`ATTACK`].
fn companies(set: &ChainSet) -> Companies {
    let demo = chainlead::synth::demo(set);
    let mut out = Companies::new(demo.extra_names().to_vec(), demo.len());
    for i in 0..demo.len() {
        let mut row = demo.row(i);
        if i % 40 == 0 {
            let name = format!("{}{ATTACK}", demo.text(Col::Name).get(i));
            row.set(Col::Name, Cell::Text(name));
        }
        out.push(&row);
    }
    out
}

/// The address of the shared server.
fn server() -> &'static str {
    static ADDR: OnceLock<String> = OnceLock::new();
    ADDR.get_or_init(|| {
        let set = ChainSet::embedded().expect("the embedded chains load");
        let source = Source::Memory(companies(&set));
        let ws = http::load(&source, set, chainlead::synth::DEMO_HOME);
        http::spawn(ws)
    })
}

fn get(path: &str) -> Response {
    Client::connect(server())
        .and_then(|mut c| c.get(path))
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

fn ok_json(path: &str) -> serde_json::Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.starts_with("application/json")));
    r.json()
}

/// A lead's id and the node it was ranked on, for the pages that need one.
fn first_lead(query: &str) -> serde_json::Value {
    let v = ok_json(&format!("/api/leads?limit=1&{query}"));
    v["leads"][0].clone()
}

#[test]
fn every_page_answers_in_both_languages() {
    let lead = first_lead("");
    let id = enc(lead["id"].as_str().unwrap());
    let node = lead["node"].as_str().unwrap().to_string();
    let pages = [
        "/".to_string(),
        "/chains/pv".into(),
        format!("/nodes/{node}"),
        "/leads".into(),
        format!("/companies/{id}"),
        "/map".into(),
        "/trip".into(),
        format!("/trip?city={}&days=2", enc("杭州市")),
        "/projects".into(),
        "/projects?chain=pv&per_chain=5".into(),
    ];
    for p in &pages {
        for (suffix, lang, word) in [("", "zh-CN", "线索"), ("lang=en", "en", "Leads")] {
            let path = match (suffix.is_empty(), p.contains('?')) {
                (true, _) => p.clone(),
                (false, true) => format!("{p}&{suffix}"),
                (false, false) => format!("{p}?{suffix}"),
            };
            let r = get(&path);
            assert_eq!(r.status, 200, "{path}: {}", r.text());
            let body = r.text();
            assert!(body.contains(&format!("<html lang=\"{lang}\">")), "{path}");
            assert!(body.contains(word), "{path} lacks {word}");
            assert!(body.contains("<script src=\"/assets/app.js\"></script>"));
        }
    }
    // The chain map and the leads map carry their data for the script.
    let chain = get("/chains/pv").text();
    assert!(chain.contains("id=\"chart\"") && chain.contains("\"kind\":\"chain\""));
    assert!(get("/map").text().contains("\"kind\":\"map\""));
    // The trip plan has briefs and a route.
    let trip = get(&format!("/trip?city={}&days=2", enc("杭州市"))).text();
    assert!(trip.contains("class=\"brief\"") && trip.contains("\"kind\":\"trip\""));
}

#[test]
fn the_chain_map_has_every_node_and_link_of_the_chain() {
    let body = get("/chains/pv").text();
    let start = body.find("id=\"page-data\">").unwrap() + "id=\"page-data\">".len();
    let end = start + body[start..].find("</script>").unwrap();
    let data: serde_json::Value = serde_json::from_str(&body[start..end]).unwrap();
    let set = ChainSet::embedded().unwrap();
    let pv = set.chains.iter().position(|c| c.id == "pv").unwrap();
    assert_eq!(
        data["nodes"].as_array().unwrap().len(),
        set.chains[pv].nodes.len()
    );
    let ids: Vec<&str> = data["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for l in data["links"].as_array().unwrap() {
        assert!(ids.contains(&l["source"].as_str().unwrap()));
        assert!(ids.contains(&l["target"].as_str().unwrap()));
    }
    for n in data["nodes"].as_array().unwrap() {
        for k in [
            "status",
            "local",
            "density",
            "priority",
            "explanation",
            "url",
        ] {
            assert!(!n[k].is_null(), "{k} of {n}");
        }
    }
}

#[test]
fn gaps_api_gives_one_object_per_node() {
    let set = ChainSet::embedded().unwrap();
    for c in &set.chains {
        let v = ok_json(&format!("/api/gaps?chain={}", c.id));
        let list = v.as_array().unwrap();
        assert_eq!(list.len(), c.nodes.len(), "{}", c.id);
        for g in list {
            for k in [
                "node",
                "name",
                "tier",
                "status",
                "density",
                "priority",
                "explanation",
            ] {
                assert!(!g[k].is_null(), "{k} missing in {g}");
            }
            assert!(g.get("lq").is_some());
            assert!(["strong", "weak", "missing"].contains(&g["status"].as_str().unwrap()));
            // LQ is null exactly where nothing is here.
            assert_eq!(g["lq"].is_null(), g["local"] == 0, "{g}");
        }
    }
    let all = ok_json("/api/gaps");
    assert_eq!(all.as_array().unwrap().len(), set.nodes.len());
    let chains = ok_json("/api/chains");
    assert_eq!(chains["chains"].as_array().unwrap().len(), set.chains.len());
}

#[test]
fn lead_filters_narrow_and_pages_follow_each_other() {
    let all = ok_json("/api/leads?limit=1000");
    let total = all["total"].as_u64().unwrap();
    assert!(total > 100, "{total}");
    for l in all["leads"].as_array().unwrap() {
        for k in ["id", "name", "score", "reason", "node", "province", "city"] {
            assert!(!l[k].is_null(), "{k} missing in {l}");
        }
        // The default scope is outside the home city.
        assert_ne!(l["city"], "玉溪市", "{l}");
    }
    // Scores fall down the list.
    let scores: Vec<f64> = all["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    // One chain.
    let pv = ok_json("/api/leads?chain=pv&limit=1000");
    let n_pv = pv["total"].as_u64().unwrap();
    assert!(n_pv > 0 && n_pv < total);
    assert!(pv["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["chain"] == "pv"));
    // One node of it.
    let node = pv["leads"][0]["node"].as_str().unwrap().to_string();
    let on_node = ok_json(&format!("/api/leads?node={node}&limit=1000"));
    assert!(on_node["total"].as_u64().unwrap() <= n_pv);
    assert!(on_node["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["node"] == node.as_str()));
    // One province, with or without 省.
    let province = all["leads"][0]["province"].as_str().unwrap().to_string();
    let p1 = ok_json(&format!(
        "/api/leads?province={}&limit=1000",
        enc(&province)
    ));
    let stem = province.trim_end_matches('省');
    let p2 = ok_json(&format!("/api/leads?province={}&limit=1000", enc(stem)));
    assert_eq!(p1["total"], p2["total"]);
    assert!(p1["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["province"] == province.as_str()));
    // Outside the province only.
    let out = ok_json("/api/leads?scope=outside-province&limit=1000");
    assert!(out["total"].as_u64().unwrap() < total);
    assert!(out["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["province"] != "云南省"));
    // Role, size, signal.
    let makers = ok_json("/api/leads?role=make&limit=1000");
    assert!(makers["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["role"] == "make"));
    let large = ok_json("/api/leads?size=large&limit=1000");
    assert!(large["leads"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["employees"].as_f64().unwrap() >= 1000.0));
    // Pages follow each other.
    let first = ok_json("/api/leads?limit=5");
    let second = ok_json("/api/leads?limit=5&offset=5");
    assert_eq!(first["leads"].as_array().unwrap().len(), 5);
    assert_eq!(second["leads"][0]["id"], all["leads"][5]["id"]);
    // The explorer page shows the same count as the API.
    let page = get("/leads?chain=pv").text();
    assert!(
        page.contains(&format!("共 {n_pv} 条")),
        "count {n_pv} not on the page"
    );
}

#[test]
fn bad_parameters_are_400_and_unknown_ids_404_in_the_requests_language() {
    for (path, status) in [
        ("/api/leads?scope=nowhere", 400),
        ("/api/leads?chain=nope", 400),
        ("/api/leads?node=nope", 400),
        ("/api/leads?limit=abc", 400),
        ("/api/leads?limit=100000", 400),
        ("/api/leads?size=huge", 400),
        ("/api/gaps?chain=nope", 400),
        ("/api/leads.xlsx?sort=nope", 400),
        ("/api/companies/nobody", 404),
        ("/api/nothing", 404),
    ] {
        for lang in ["zh", "en"] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let r = get(&format!("{path}{sep}lang={lang}"));
            assert_eq!(r.status, status, "{path}");
            assert!(r
                .header("content-type")
                .is_some_and(|t| t.starts_with("application/json")));
            let v = r.json();
            let msg = v["error"]["message"].as_str().unwrap();
            assert_eq!(v["error"]["status"], status);
            let chinese = msg.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            assert_eq!(chinese, lang == "zh", "{path} {lang}: {msg}");
        }
    }
    // Pages say it as pages, with the status.
    assert_eq!(get("/chains/nope").status, 404);
    assert_eq!(get("/nodes/nope").status, 404);
    assert_eq!(get("/companies/nobody").status, 404);
    assert_eq!(get("/leads?scope=nowhere").status, 400);
    assert_eq!(get(&format!("/trip?city={}", enc("不存在市"))).status, 400);
    assert_eq!(get("/trip?city=x&days=0").status, 400);
    assert!(get("/no/such/page").text().contains("<html"));
}

#[test]
fn every_response_forbids_framing_and_foreign_script() {
    for path in [
        "/",
        "/leads",
        "/api/chains",
        "/api/companies/nobody",
        "/assets/app.js",
        "/nope",
    ] {
        let r = get(path);
        let csp = r
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path}"));
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-eval"));
        assert!(!csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap()
            .contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"), "{path}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn no_page_runs_a_company_name_as_markup() {
    // Find a lead whose name carries the attack.
    let v = ok_json(&format!("/api/leads?limit=1000&q={}", enc("<script>")));
    let leads = v["leads"].as_array().unwrap();
    assert!(!leads.is_empty(), "no lead carries the attack");
    let lead = &leads[0];
    assert!(lead["name"].as_str().unwrap().ends_with(ATTACK));
    let id = enc(lead["id"].as_str().unwrap());
    let node = lead["node"].as_str().unwrap();
    let chain = lead["chain"].as_str().unwrap();
    let mut pages = vec![
        "/".to_string(),
        format!("/chains/{chain}"),
        format!("/nodes/{node}"),
        "/leads?limit=1000".into(),
        format!("/leads?q={}", enc("<script>")),
        format!("/companies/{id}"),
        "/map".into(),
    ];
    let city = lead["city"].as_str().unwrap();
    pages.push(format!(
        "/trip?city={}&days=3&visits=8&scope=all",
        enc(city)
    ));
    pages.push("/projects?per_chain=20&investors=20&scope=all".into());
    let mut seen = 0;
    for p in &pages {
        let body = get(p).text();
        assert!(!body.contains("<script>alert"), "{p} runs the attack");
        assert!(
            !body.contains("<img src=x"),
            "{p} shows the attack as markup"
        );
        // Only the page's own script elements.
        let scripts = body.matches("<script").count();
        assert!(scripts <= 3, "{p} has {scripts} script elements");
        if body.contains("&lt;/script&gt;&lt;script&gt;alert(1)")
            || body.contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)")
        {
            seen += 1;
        }
    }
    // The attack is shown, as text, on the pages that list that company.
    assert!(seen >= 4, "the escaped name appears on only {seen} pages");
    // The API gives the name as it is.
    let c = ok_json(&format!("/api/companies/{id}"));
    assert!(c["name"].as_str().unwrap().ends_with(ATTACK));
}

#[test]
fn a_company_profile_says_why_it_is_a_lead() {
    let lead = first_lead("chain=pv");
    let id = enc(lead["id"].as_str().unwrap());
    let c = ok_json(&format!("/api/companies/{id}"));
    assert_eq!(c["name"], lead["name"]);
    let matches = c["matches"].as_array().unwrap();
    assert!(!matches.is_empty());
    assert!(matches
        .iter()
        .all(|m| !m["evidence"].as_str().unwrap().is_empty()));
    let leads = c["leads"].as_array().unwrap();
    let as_pv = leads.iter().find(|l| l["chain"] == "pv").unwrap();
    for k in ["fit", "quality", "expansion", "closeness", "risk"] {
        assert!(as_pv["factors"][k].is_number(), "{k}");
    }
    assert!(as_pv["customers_here"].is_array() && as_pv["suppliers_here"].is_array());
    assert!(!c["scope_items"].as_array().unwrap().is_empty());
    // The firms here it would supply or buy from are companies of the workspace too.
    if let Some(f) = as_pv["customers_here"].as_array().unwrap().first() {
        let local = ok_json(&format!(
            "/api/companies/{}",
            enc(f["id"].as_str().unwrap())
        ));
        assert_eq!(local["local"], true);
    }
    let page = get(&format!("/companies/{id}")).text();
    assert!(page.contains("补链契合度") && page.contains("依据"));
}

#[test]
fn the_export_is_the_filtered_list_as_a_workbook() {
    use calamine::Reader;
    let n = ok_json("/api/leads?chain=steel&scope=outside-province")["total"]
        .as_u64()
        .unwrap();
    let r = get("/api/leads.xlsx?chain=steel&scope=outside-province");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-disposition")
        .is_some_and(|d| d.contains("attachment")));
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(r.body.clone())).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        sheet.height() as u64,
        n + 1,
        "a header and one row per lead"
    );
}

#[test]
fn assets_are_embedded_and_nothing_else_is_served() {
    for (path, kind) in [
        ("/assets/app.js", "javascript"),
        ("/assets/app.css", "css"),
        ("/assets/vendor/echarts.min.js", "javascript"),
        ("/assets/vendor/china.json", "json"),
        ("/assets/fonts/wqy-microhei.ttf", "font"),
        ("/assets/favicon.svg", "svg"),
    ] {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().contains(kind), "{path}");
        assert!(r.body.len() > 100, "{path}");
    }
    for path in [
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
        "/assets/vendor/../../../src/lib.rs",
        "/assets/nothing.js",
    ] {
        assert_eq!(get(path).status, 404, "{path}");
    }
    // No page names anything outside the workspace.
    for path in ["/", "/chains/pv", "/map", "/leads"] {
        let body = get(path).text();
        assert!(
            !body.contains("http://") && !body.contains("https://"),
            "{path}"
        );
    }
}

#[test]
fn the_project_cards_link_their_node_leads_and_investors_and_download() {
    use std::io::Read;
    let page = get("/projects").text();
    let cards = page.matches("<section class=\"card\"").count();
    assert!(cards >= 8, "{cards} cards");
    assert!(
        page.contains("href=\"/nodes/pv-glass\""),
        "the card links its node"
    );
    assert!(
        page.contains("href=\"/leads?node=pv-glass\""),
        "and its leads"
    );
    assert!(page.contains("href=\"/companies/"), "and its investors");
    assert!(page.contains("年产XX万吨光伏压延玻璃项目"));
    assert!(page.contains("允许类"), "the policy note is shown");
    // English, one chain.
    let en = get("/projects?chain=steel&per_chain=2&lang=en").text();
    assert_eq!(en.matches("<section class=\"card\"").count(), 2);
    assert!(en.contains("href=\"/nodes/") && en.contains("lang=en"));
    // The Word file names every card's project.
    let r = get("/api/projects.docx?chain=pv");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .is_some_and(|t| t.contains("wordprocessingml")));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body.clone())).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("年产XX万吨光伏压延玻璃项目"));
    // The workbook has a row per card.
    use calamine::Reader;
    let r = get("/api/projects.xlsx?per_chain=2");
    assert_eq!(r.status, 200);
    let mut wb = calamine::Xlsx::new(std::io::Cursor::new(r.body.clone())).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(
        sheet.height(),
        9,
        "a header and two cards for each of four chains"
    );
    // The gaps and leads APIs carry the policy note.
    let gaps = ok_json("/api/gaps?chain=pv");
    let glass = gaps
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["node"] == "pv-glass")
        .unwrap();
    assert_eq!(glass["policy"]["status"], "permitted");
    assert!(glass["policy"]["condition"]
        .as_str()
        .unwrap()
        .contains("听证"));
    let lead = first_lead("node=pv-glass");
    assert_eq!(lead["policy"]["status"], "permitted");
    assert!(first_lead("node=pv-frame")["policy"].is_null());
    // A bad parameter is a 400.
    assert_eq!(get("/api/projects.xlsx?per_chain=0").status, 400);
    assert_eq!(get("/projects?chain=nope").status, 400);
}
