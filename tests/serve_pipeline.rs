//! The pipeline over HTTP: logins (401, 429), claims (201, 409), task forces kept apart (403),
//! stages with 签多备少, overdue follow-ups, the dashboard, the export, the lead lists showing who
//! holds a company, a restart keeping everything, and many clients at once losing nothing.

#[path = "common/http.rs"]
mod http;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chainlead::pipeline::Source;
use chainlead::tracking::{Config, Role, Store};
use chainlead::ChainSet;
use http::{enc, Client, Response};

const PW: &str = "a long password";

fn db_path() -> &'static Path {
    static P: OnceLock<PathBuf> = OnceLock::new();
    P.get_or_init(|| {
        let p = std::env::temp_dir().join(format!(
            "chainlead-serve-pipeline-{}.db",
            std::process::id()
        ));
        for ext in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{ext}", p.display()));
        }
        p
    })
}

fn open(set: &ChainSet) -> Store {
    let forces: Vec<String> = set.chains.iter().map(|c| c.id.clone()).collect();
    Store::open(db_path(), Config::default(), &forces).unwrap()
}

/// Starts a server on the demo with the pipeline file; its address.
fn start() -> String {
    let set = ChainSet::embedded().unwrap();
    let store = open(&set);
    let source = Source::Memory(chainlead::synth::demo(&set));
    let ws = http::load(&source, set, chainlead::synth::DEMO_HOME).with_store(store);
    http::spawn(ws)
}

/// The shared server, with its users.
fn server() -> &'static str {
    static ADDR: OnceLock<String> = OnceLock::new();
    ADDR.get_or_init(|| {
        let set = ChainSet::embedded().unwrap();
        let s = open(&set);
        s.add_user(None, "pv1", Role::TaskForce, Some("pv"), PW)
            .unwrap();
        s.add_user(None, "steel1", Role::TaskForce, Some("steel"), PW)
            .unwrap();
        s.add_user(None, "boss", Role::Leader, None, PW).unwrap();
        s.add_user(None, "locked", Role::Leader, None, PW).unwrap();
        s.add_user(None, "root", Role::Admin, None, PW).unwrap();
        start()
    })
}

fn req(
    method: &str,
    path: &str,
    cookie: Option<&str>,
    body: Option<serde_json::Value>,
) -> Response {
    let mut c = Client::connect(server()).unwrap();
    let cookie_header = cookie.map(|t| format!("chainlead_session={t}"));
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(h) = &cookie_header {
        headers.push(("Cookie", h));
    }
    let bytes = body.map(|b| serde_json::to_vec(&b).unwrap());
    c.send(
        method,
        path,
        &headers,
        bytes.as_deref().map(|b| ("application/json", b)),
    )
    .unwrap()
}

fn login(user: &str) -> String {
    let r = req(
        "POST",
        "/api/login",
        None,
        Some(serde_json::json!({"user": user, "password": PW})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let set = r.header("set-cookie").unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    set.split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_string()
}

/// A company key of a lead of a chain (the n-th).
fn lead_of(chain: &str, n: usize) -> String {
    let r = req(
        "GET",
        &format!("/api/leads?chain={chain}&limit=100"),
        None,
        None,
    );
    r.json()["leads"][n]["id"].as_str().unwrap().to_string()
}

#[test]
fn the_pipeline_needs_a_login_and_logins_are_throttled() {
    assert_eq!(req("GET", "/api/pipeline", None, None).status, 401);
    assert_eq!(
        req(
            "POST",
            "/api/pipeline",
            None,
            Some(serde_json::json!({"company_id": "x"}))
        )
        .status,
        401
    );
    assert_eq!(
        req("GET", "/api/pipeline", Some("forged"), None).status,
        401
    );
    let page = req("GET", "/pipeline", None, None);
    assert_eq!(page.status, 303);
    assert!(page.header("location").unwrap().starts_with("/login"));
    // Reading the diagnosis stays open.
    assert_eq!(req("GET", "/api/leads?limit=1", None, None).status, 200);
    let bad = req(
        "POST",
        "/api/login",
        None,
        Some(serde_json::json!({"user": "boss", "password": "nope"})),
    );
    assert_eq!(bad.status, 401);
    assert!(bad.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("密码"));
    for _ in 0..5 {
        req(
            "POST",
            "/api/login",
            None,
            Some(serde_json::json!({"user": "locked", "password": "nope"})),
        );
    }
    let r = req(
        "POST",
        "/api/login",
        None,
        Some(serde_json::json!({"user": "locked", "password": PW})),
    );
    assert_eq!(r.status, 429, "{}", r.text());
    let t = login("boss");
    assert_eq!(
        req("GET", "/api/me", Some(&t), None).json()["user"]["name"],
        "boss"
    );
    assert_eq!(req("POST", "/api/logout", Some(&t), None).status, 204);
    assert_eq!(req("GET", "/api/me", Some(&t), None).status, 401);
}

#[test]
fn one_company_one_task_force_and_task_forces_apart() {
    let (pv, steel, boss) = (login("pv1"), login("steel1"), login("boss"));
    let company = lead_of("pv", 0);
    let r = req(
        "POST",
        "/api/pipeline",
        Some(&pv),
        Some(serde_json::json!({"company_id": company})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    assert_eq!(r.json()["entry"]["task_force"], "pv");
    assert_eq!(r.json()["entry"]["chain"], "pv");
    // A second claim says who holds it and since when.
    let again = req(
        "POST",
        "/api/pipeline",
        Some(&steel),
        Some(serde_json::json!({"company_id": company})),
    );
    assert_eq!(again.status, 409);
    let msg = again.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("硅光伏配套专班") && msg.contains(&chainlead::tracking::time::today()),
        "{msg}"
    );
    // Another task force can neither read nor change it.
    assert_eq!(
        req("GET", &format!("/api/pipeline/{id}"), Some(&steel), None).status,
        403
    );
    let ev = serde_json::json!({"kind": "call", "date": "2026-12-01", "note": "电话"});
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/events"),
            Some(&steel),
            Some(ev.clone())
        )
        .status,
        403
    );
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/reassign"),
            Some(&pv),
            Some(serde_json::json!({"task_force": "steel"}))
        )
        .status,
        403
    );
    assert!(
        req("GET", "/api/pipeline", Some(&steel), None).json()["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["task_force"] == "steel")
    );
    // The owner records; the leader hands it over; then steel may.
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/events"),
            Some(&pv),
            Some(ev.clone())
        )
        .status,
        201
    );
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/reassign"),
            Some(&boss),
            Some(serde_json::json!({"task_force": "steel"}))
        )
        .status,
        200
    );
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/events"),
            Some(&steel),
            Some(ev)
        )
        .status,
        201
    );
    // Unknown ids and bad bodies.
    assert_eq!(
        req("GET", "/api/pipeline/999999", Some(&boss), None).status,
        404
    );
    assert_eq!(
        req(
            "POST",
            "/api/pipeline",
            Some(&pv),
            Some(serde_json::json!({"company_id": "nobody"}))
        )
        .status,
        404
    );
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/stage"),
            Some(&boss),
            Some(serde_json::json!({"stage": "flying"}))
        )
        .status,
        400
    );
    // The lead list shows who holds it, to everyone.
    let page = req("GET", "/leads?chain=pv&scope=all&limit=1000", None, None).text();
    assert!(page.contains("class=\"tag held\""));
    let logged = req("GET", "/leads?chain=pv", Some(&pv), None).text();
    assert!(
        logged.contains("action=\"/pipeline/claim\""),
        "a claim button for a logged-in user"
    );
    let company_page = req("GET", &format!("/companies/{}", enc(&company)), None, None).text();
    assert!(
        company_page.contains("专班于"),
        "the company page says who holds it"
    );
}

#[test]
fn stages_amounts_signed_less_overdue_and_the_dashboard() {
    let (steel, boss) = (login("steel1"), login("boss"));
    let company = lead_of("steel", 3);
    let r = req(
        "POST",
        "/api/pipeline",
        Some(&steel),
        Some(serde_json::json!({"company_id": company})),
    );
    assert_eq!(r.status, 201, "{}", r.text());
    let id = r.json()["id"].as_i64().unwrap();
    let stage = |body: serde_json::Value| {
        req(
            "POST",
            &format!("/api/pipeline/{id}/stage"),
            Some(&steel),
            Some(body),
        )
    };
    assert_eq!(stage(serde_json::json!({"stage": "visited"})).status, 200);
    let no_amount = stage(serde_json::json!({"stage": "signed"}));
    assert_eq!(no_amount.status, 400);
    assert!(no_amount.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("协议投资额"));
    assert_eq!(
        stage(serde_json::json!({"stage": "signed", "amount": 20000})).status,
        200
    );
    let five = serde_json::json!({"official": "王副区长", "team": ["招商局", "发改局"], "plan": [{"name": "供地", "date": "2027-03-01"}]});
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/five"),
            Some(&steel),
            Some(five)
        )
        .status,
        200
    );
    let r = stage(serde_json::json!({"stage": "registered", "amount": "15000"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let d = r.json();
    assert_eq!(d["entry"]["signed_less"], true);
    assert_eq!(d["five"]["official"], "王副区长");
    // A follow-up date in the past makes it overdue.
    let ev = serde_json::json!({"kind": "visit", "date": "2026-11-01", "note": "现场拜访", "next_date": "2026-11-15"});
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/events"),
            Some(&steel),
            Some(ev)
        )
        .status,
        201
    );
    let over = req("GET", "/api/pipeline?overdue=true", Some(&steel), None).json();
    assert!(over["entries"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == id));
    assert_eq!(
        req("GET", "/api/pipeline?overdue=maybe", Some(&steel), None).status,
        400
    );
    // Problems.
    let p = serde_json::json!({"category": "用地", "text": "缺工业用地", "owner": "自然资源局", "deadline": "2027-01-31"});
    assert_eq!(
        req(
            "POST",
            &format!("/api/pipeline/{id}/problems"),
            Some(&steel),
            Some(p)
        )
        .status,
        201
    );
    // The dashboard: leaders only.
    assert_eq!(req("GET", "/api/dashboard", Some(&steel), None).status, 403);
    let dash = req("GET", "/api/dashboard", Some(&boss), None).json();
    let steel_tf = dash["task_forces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["task_force"] == "steel")
        .unwrap();
    assert!(steel_tf["signed_less"].as_u64().unwrap() >= 1);
    assert!(steel_tf["signed_amount"].as_f64().unwrap() >= 20000.0);
    assert!(dash["signed_less"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["id"] == id));
    assert!(dash["progress"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["chain"] == "steel" && !c["nodes"].as_array().unwrap().is_empty()));
    // Pages.
    for path in ["/pipeline", &format!("/pipeline/{id}"), "/dashboard"] {
        let r = req("GET", path, Some(&boss), None);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.text().contains("签多备少"), "{path}");
    }
    // The export.
    let x = req("GET", "/api/pipeline.xlsx", Some(&boss), None);
    assert_eq!(x.status, 200);
    assert_eq!(&x.body[..2], b"PK");
}

#[test]
fn forms_work_without_script() {
    let steel = login("steel1");
    let company = lead_of("steel", 7);
    let mut c = Client::connect(server()).unwrap();
    let cookie = format!("chainlead_session={steel}");
    let form = format!("company_id={}", enc(&company));
    let r = c
        .send(
            "POST",
            "/pipeline/claim",
            &[("Cookie", &cookie)],
            Some(("application/x-www-form-urlencoded", form.as_bytes())),
        )
        .unwrap();
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap().to_string();
    assert!(at.starts_with("/pipeline/"));
    let body = "kind=visit&date=2026-12-02&note=%E6%8B%9C%E8%AE%BF&next_date=";
    let r = c
        .send(
            "POST",
            &format!("{at}/events"),
            &[("Cookie", &cookie)],
            Some(("application/x-www-form-urlencoded", body.as_bytes())),
        )
        .unwrap();
    assert_eq!(r.status, 303);
    let page = c
        .send("GET", &at, &[("Cookie", &cookie)], None)
        .unwrap()
        .text();
    assert!(page.contains("拜访") && page.contains("2026-12-02"));
    // A login form with a wrong password comes back to the login page.
    let r = c
        .send(
            "POST",
            "/login",
            &[],
            Some((
                "application/x-www-form-urlencoded",
                b"user=steel1&password=x&next=/pipeline",
            )),
        )
        .unwrap();
    assert_eq!(r.status, 303);
    assert!(r.header("location").unwrap().starts_with("/login?"));
}

/// Dozens of clients at once: every claim and event lands, racing claims on one company give one
/// 201 and 409s, and nothing answers 500 ("database is locked" never reaches a user).
#[test]
fn many_clients_at_once_lose_nothing() {
    let boss = login("boss");
    let leads = req("GET", "/api/leads?limit=200&scope=all", None, None).json();
    let ids: Vec<String> = leads["leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    let own: Vec<String> = ids[100..140].to_vec();
    let contested = ids[150].clone();
    let created = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for company in &own {
            let boss = &boss;
            s.spawn(move || {
                let r = req("POST", "/api/pipeline", Some(boss), Some(serde_json::json!({"company_id": company, "task_force": "hardware"})));
                if r.status == 409 {
                    return; // claimed by another test
                }
                assert_eq!(r.status, 201, "{}", r.text());
                let id = r.json()["id"].as_i64().unwrap();
                for k in 0..5 {
                    let ev = serde_json::json!({"kind": "note", "date": "2026-12-03", "note": format!("n{k}")});
                    let r = req("POST", &format!("/api/pipeline/{id}/events"), Some(boss), Some(ev));
                    assert_eq!(r.status, 201, "{}", r.text());
                }
            });
        }
        for _ in 0..8 {
            let (boss, contested, created) = (&boss, &contested, &created);
            s.spawn(move || {
                let r = req("POST", "/api/pipeline", Some(boss), Some(serde_json::json!({"company_id": contested, "task_force": "medical-devices"})));
                match r.status {
                    201 => {
                        created.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    409 => {}
                    s => panic!("{s}: {}", r.text()),
                }
            });
        }
    });
    assert!(created.into_inner() <= 1);
    let list = req(
        "GET",
        "/api/pipeline?task_force=hardware",
        Some(&boss),
        None,
    )
    .json();
    for e in list["entries"].as_array().unwrap() {
        if own.contains(&e["company_id"].as_str().unwrap().to_string()) {
            let d = req(
                "GET",
                &format!("/api/pipeline/{}", e["id"]),
                Some(&boss),
                None,
            )
            .json();
            assert_eq!(d["events"].as_array().unwrap().len(), 5);
        }
    }
    let holders = open(&ChainSet::embedded().unwrap()).holders().unwrap();
    assert!(holders.contains_key(&contested));
    // A restart (a second server on the same file) keeps everything.
    let second = start();
    let mut c = Client::connect(&second).unwrap();
    let t = {
        let body =
            serde_json::to_vec(&serde_json::json!({"user": "boss", "password": PW})).unwrap();
        let r = c
            .send("POST", "/api/login", &[], Some(("application/json", &body)))
            .unwrap();
        r.header("set-cookie")
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string()
    };
    let again = c
        .send(
            "GET",
            "/api/pipeline?task_force=hardware",
            &[("Cookie", &t)],
            None,
        )
        .unwrap()
        .json();
    assert_eq!(again["total"], list["total"]);
}

#[test]
fn administrators_manage_users() {
    let (boss, root) = (login("boss"), login("root"));
    let new = serde_json::json!({"name": "hw1", "role": "task_force", "task_force": "hardware", "password": PW});
    assert_eq!(
        req("POST", "/api/users", Some(&boss), Some(new.clone())).status,
        403
    );
    assert_eq!(req("GET", "/api/users", Some(&boss), None).status, 403);
    let r = req("POST", "/api/users", Some(&root), Some(new.clone()));
    assert_eq!(r.status, 201, "{}", r.text());
    assert!(
        r.json()["user"].get("hash").is_none(),
        "the hash never leaves the store"
    );
    assert_eq!(
        req("POST", "/api/users", Some(&root), Some(new)).status,
        400
    );
    let hw = login("hw1");
    assert_eq!(
        req("POST", "/api/users/hw1/disable", Some(&root), None).status,
        200
    );
    assert_eq!(
        req("GET", "/api/me", Some(&hw), None).status,
        401,
        "a disabled user's session ends"
    );
    let names: Vec<String> = req("GET", "/api/users", Some(&root), None).json()["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"hw1".to_string()));
    assert_eq!(
        req("POST", "/api/users/hw1/enable", Some(&root), None).status,
        200
    );
}
