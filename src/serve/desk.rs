//! The pipeline in the workspace: logins, the JSON API of the entries, the board, the entry page
//! and the leaders' dashboard. Every rule (who may do what, amounts, 签多备少, overdue) lives in
//! [`crate::tracking`]; this module turns requests into its calls and its answers into JSON and
//! pages. Forms post to the same functions as the API, so the pages work without any script.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Form, Json};
use serde_json::{json, Value};

use super::held::{session_user, task_force_name, token};
use super::http::{encode, href, html, ApiError, Params};
use super::state::Workspace;
use crate::base::{Data, Table};
use crate::company::Col;
use crate::lang::Lang;
use crate::render::html::escape;
use crate::tracking::{
    self, EventKind, Five, ListFilter, Milestone, NewEntry, NewEvent, NewProblem, Stage,
    StageChange, TrackError, User,
};

pub use super::held::{View, COOKIE};

type Shared = State<Arc<Workspace>>;
type Body = Result<Json<Value>, axum::extract::rejection::JsonRejection>;

/// A JSON body, or a 400 saying why it is not one.
fn json_body(b: Body, lang: Lang) -> Result<Value, ApiError> {
    b.map(|Json(v)| v).map_err(|e| {
        ApiError::bad(
            lang,
            format!("请求体应为 JSON（Content-Type: application/json）：{e}"),
            format!("the body must be JSON (Content-Type: application/json): {e}"),
        )
    })
}
type Q = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

fn params(q: Q) -> Params {
    q.map(|Query(v)| Params(v)).unwrap_or_default()
}

/// A pipeline error as an API error in the request's language.
pub fn api_error(e: TrackError, lang: Lang) -> ApiError {
    ApiError {
        status: StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        message: e.message(lang),
    }
}

fn no_store(lang: Lang) -> ApiError {
    ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: lang
            .pick(
                "本工作台没有打开招商项目跟踪数据库（--db）",
                "this workspace has no pipeline database (--db)",
            )
            .into(),
    }
}

fn store(ws: &Workspace, lang: Lang) -> Result<&tracking::Store, ApiError> {
    ws.store.as_ref().ok_or_else(|| no_store(lang))
}

fn require(ws: &Workspace, headers: &HeaderMap, lang: Lang) -> Result<User, ApiError> {
    store(ws, lang)?;
    session_user(ws, headers).ok_or_else(|| api_error(TrackError::NoSession, lang))
}

// ----- request bodies -----

fn text(body: &Value, key: &str) -> Option<String> {
    match body.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn number(body: &Value, key: &str, lang: Lang) -> Result<Option<f64>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s.trim().parse::<f64>().map(Some).map_err(|_| {
            ApiError::bad(
                lang,
                format!("{key} 应为数字（万元），收到“{s}”"),
                format!("{key} must be a number (10k yuan), got '{s}'"),
            )
        }),
        Some(v) => Err(ApiError::bad(
            lang,
            format!("{key} 应为数字"),
            format!("{key} must be a number, got {v}"),
        )),
    }
}

fn form_value(pairs: Vec<(String, String)>) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in pairs {
        m.insert(k, Value::String(v));
    }
    Value::Object(m)
}

fn entry_id(s: &str, lang: Lang) -> Result<i64, ApiError> {
    s.parse().map_err(|_| {
        ApiError::not_found(
            lang,
            format!("没有编号为“{s}”的跟踪记录"),
            format!("no pipeline entry '{s}'"),
        )
    })
}

// ----- the actions, shared by the API and the forms -----

/// Puts a company of the workspace on the pipeline: the new entry.
pub fn claim(
    ws: &Workspace,
    user: &User,
    body: &Value,
    lang: Lang,
) -> Result<tracking::Entry, ApiError> {
    let key = text(body, "company_id").ok_or_else(|| {
        ApiError::bad(
            lang,
            "缺少 company_id".into(),
            "company_id is missing".into(),
        )
    })?;
    let row = ws
        .row_of(&key)
        .ok_or_else(|| super::api::unknown_company(&key, lang))?;
    let lead = ws.leads_of(row).first().map(|&r| ws.lead(r));
    let company = NewEntry {
        company_id: key,
        company_name: ws.companies.text(Col::Name).get(row).to_string(),
        chain: lead.map(|l| ws.set.chains[l.chain].id.clone()),
        node: lead.map(|l| ws.set.nodes[l.node].id.clone()),
    };
    let tf = text(body, "task_force");
    store(ws, lang)?
        .claim(user, &company, tf.as_deref(), &tracking::time::today())
        .map_err(|e| match e {
            // Say which task force by its name.
            TrackError::Conflict {
                task_force,
                since,
                entry_id,
            } => api_error(
                TrackError::Conflict {
                    task_force: task_force_name(ws, &task_force, lang),
                    since,
                    entry_id,
                },
                lang,
            ),
            e => api_error(e, lang),
        })
}

fn act(
    ws: &Workspace,
    user: &User,
    id: i64,
    action: &str,
    body: &Value,
    lang: Lang,
) -> Result<(), ApiError> {
    let s = store(ws, lang)?;
    let today = tracking::time::today();
    let bad_kind = |what: &str, v: &str| {
        ApiError::bad(
            lang,
            format!("{what}“{v}”无效"),
            format!("bad {what} '{v}'"),
        )
    };
    let r = match action {
        "stage" => {
            let v = text(body, "stage").unwrap_or_default();
            let stage = Stage::parse(&v).ok_or_else(|| bad_kind("stage", &v))?;
            let change = StageChange {
                stage,
                date: text(body, "date"),
                amount: number(body, "amount", lang)?,
                reason: text(body, "reason"),
            };
            s.set_stage(user, id, &change, &today)
        }
        "events" => {
            let v = text(body, "kind").unwrap_or_else(|| "note".into());
            let ev = NewEvent {
                kind: EventKind::parse(&v).ok_or_else(|| bad_kind("kind", &v))?,
                date: text(body, "date").unwrap_or_else(|| today.clone()),
                note: text(body, "note").unwrap_or_default(),
                next_date: text(body, "next_date"),
            };
            s.add_event(user, id, &ev).map(|_| ())
        }
        "problems" => {
            let p = NewProblem {
                category: text(body, "category")
                    .unwrap_or_else(|| lang.pick("其他", "other").into()),
                text: text(body, "text").unwrap_or_default(),
                owner: text(body, "owner").unwrap_or_default(),
                deadline: text(body, "deadline"),
            };
            s.add_problem(user, id, &p, &today).map(|_| ())
        }
        "five" => s.set_five(user, id, &five_of(body)),
        "reassign" => {
            let tf = text(body, "task_force").unwrap_or_default();
            s.reassign(user, id, &tf)
        }
        "close" => s.close_problem(
            user,
            id,
            &text(body, "date").unwrap_or_else(|| today.clone()),
            &text(body, "resolution").unwrap_or_default(),
        ),
        _ => {
            return Err(ApiError::not_found(
                lang,
                format!("没有这个操作：{action}"),
                format!("no such action: {action}"),
            ))
        }
    };
    r.map_err(|e| api_error(e, lang))
}

/// 五个一 from JSON (team a list, plan a list of {name, date, done}) or a form (team separated by
/// commas, the plan one milestone a line: `name YYYY-MM-DD`).
fn five_of(body: &Value) -> Five {
    let team = match body.get("team") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => s
            .split([',', '，', '、', '\n'])
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    let plan = match body.get("plan") {
        Some(Value::Array(_)) => serde_json::from_value(body["plan"].clone()).unwrap_or_default(),
        Some(Value::String(s)) => s
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let (name, date) = l.rsplit_once(char::is_whitespace)?;
                Some(Milestone {
                    name: name.trim().to_string(),
                    date: date.trim().to_string(),
                    done: false,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    Five {
        official: text(body, "official").unwrap_or_default(),
        team,
        plan,
    }
}

fn list_filter(p: &Params, lang: Lang) -> Result<ListFilter, ApiError> {
    let stage = match p.get("stage") {
        None => None,
        Some(v) => Some(Stage::parse(v).ok_or_else(|| {
            ApiError::bad(lang, format!("阶段“{v}”无效"), format!("bad stage '{v}'"))
        })?),
    };
    let overdue = match p.get("overdue") {
        None => None,
        Some("true" | "1" | "yes") => Some(true),
        Some("false" | "0" | "no") => Some(false),
        Some(v) => {
            return Err(ApiError::bad(
                lang,
                format!("overdue 应为 true 或 false，收到“{v}”"),
                format!("overdue must be true or false, got '{v}'"),
            ))
        }
    };
    Ok(ListFilter {
        task_force: p.get("task_force").map(str::to_string),
        stage,
        overdue,
    })
}

// ----- JSON API -----

fn cookie(token: &str, headers: &HeaderMap, max_age: i64) -> HeaderValue {
    // Secure where the browser can keep it: this machine, or behind HTTPS.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let local =
        host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]");
    let https = headers
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes() == b"https");
    let secure = if local || https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn login_core(ws: &Workspace, body: &Value, lang: Lang) -> Result<(String, User), ApiError> {
    let s = store(ws, lang)?;
    let name = text(body, "user").unwrap_or_default();
    let password = body
        .get("password")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let now = tracking::time::now_secs();
    let token = s
        .login(&name, password, now)
        .map_err(|e| api_error(e, lang))?;
    let user = s
        .session_user(&token, now)
        .ok()
        .flatten()
        .ok_or_else(|| api_error(TrackError::NoSession, lang))?;
    Ok((token, user))
}

/// `POST /api/login` with `{"user", "password"}`.
pub async fn api_login(State(ws): Shared, q: Q, headers: HeaderMap, body: Body) -> Response {
    let lang = params(q).lang();
    match json_body(body, lang).and_then(|b| login_core(&ws, &b, lang)) {
        Ok((token, user)) => (
            [(
                header::SET_COOKIE,
                cookie(&token, &headers, tracking::SESSION_SECS),
            )],
            Json(json!({"user": user})),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/logout`.
pub async fn api_logout(State(ws): Shared, headers: HeaderMap) -> Response {
    if let (Some(t), Some(s)) = (token(&headers), ws.store.as_ref()) {
        let _ = s.logout(&t);
    }
    (
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, cookie("", &headers, 0))],
    )
        .into_response()
}

/// `GET /api/me`.
pub async fn api_me(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let lang = params(q).lang();
    super::http::json(require(&ws, &headers, lang).map(|u| json!({"user": u})))
}

/// `POST /api/pipeline` with `{"company_id", "task_force"?}`: 201 with the entry's id.
pub async fn api_claim(State(ws): Shared, q: Q, headers: HeaderMap, body: Body) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let body = json_body(body, lang)?;
        claim(&ws, &u, &body, lang)
    });
    match r {
        Ok(e) => (StatusCode::CREATED, Json(json!({"id": e.id, "entry": e}))).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `GET /api/pipeline?task_force=&stage=&overdue=`.
pub async fn api_list(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let p = params(q);
    let lang = p.lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let f = list_filter(&p, lang)?;
        store(&ws, lang)?
            .list(&u, &f, &tracking::time::today())
            .map_err(|e| api_error(e, lang))
    });
    super::http::json(r.map(|list| json!({"total": list.len(), "entries": list})))
}

/// `GET /api/pipeline/{id}`.
pub async fn api_entry(
    State(ws): Shared,
    Path(id): Path<String>,
    q: Q,
    headers: HeaderMap,
) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let id = entry_id(&id, lang)?;
        store(&ws, lang)?
            .entry(&u, id, &tracking::time::today())
            .map_err(|e| api_error(e, lang))
    });
    super::http::json(r.map(|d| json!(d)))
}

/// `POST /api/pipeline/{id}/{action}` (stage, events, problems, five, reassign) and
/// `POST /api/problems/{id}/close`.
pub async fn api_act(
    State(ws): Shared,
    Path((id, action)): Path<(String, String)>,
    q: Q,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let n = entry_id(&id, lang)?;
        let body = json_body(body, lang)?;
        act(&ws, &u, n, &action, &body, lang)?;
        if action == "close" {
            return Ok(json!({"ok": true}));
        }
        store(&ws, lang)?
            .entry(&u, n, &tracking::time::today())
            .map(|d| json!(d))
            .map_err(|e| api_error(e, lang))
    });
    match r {
        Ok(v) => (
            if action == "events" || action == "problems" {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            },
            Json(v),
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/problems/{id}/close`.
pub async fn api_close(
    state: Shared,
    Path(id): Path<String>,
    q: Q,
    headers: HeaderMap,
    body: Body,
) -> Response {
    api_act(state, Path((id, "close".into())), q, headers, body).await
}

/// The entries as the monthly meeting's table.
pub fn pipeline_table(ws: &Workspace, list: &[tracking::Entry], lang: Lang) -> Table {
    let col = |f: &dyn Fn(&tracking::Entry) -> String| -> Data {
        Data::Text(list.iter().map(f).collect())
    };
    let num = |f: &dyn Fn(&tracking::Entry) -> Option<f64>| -> Data {
        Data::Float(list.iter().map(f).collect())
    };
    let node_name = |e: &tracking::Entry| {
        e.node
            .as_deref()
            .and_then(|id| ws.set.nodes.iter().find(|n| n.id == id))
            .map(|n| n.label(lang).to_string())
            .unwrap_or_default()
    };
    let yes = |b: bool| if b { lang.pick("是", "yes") } else { "" }.to_string();
    let mut t = Table::default();
    t.push(
        lang.pick("编号", "id"),
        Data::Int(list.iter().map(|e| Some(e.id)).collect()),
    )
    .push(
        lang.pick("专班", "task force"),
        col(&|e| task_force_name(ws, &e.task_force, lang)),
    )
    .push(
        lang.pick("企业", "company"),
        col(&|e| e.company_name.clone()),
    )
    .push(lang.pick("环节", "node"), col(&node_name))
    .push(
        lang.pick("阶段", "stage"),
        col(&|e| e.stage.label(lang).to_string()),
    )
    .push(
        lang.pick("认领人", "claimed by"),
        col(&|e| e.claimed_by.clone()),
    )
    .push(
        lang.pick("认领日期", "claimed on"),
        col(&|e| e.claimed_at.clone()),
    )
    .push(
        lang.pick("协议投资额（万元）", "agreement (10k yuan)"),
        num(&|e| e.agreement),
    )
    .push(
        lang.pick("立项备案额（万元）", "filed (10k yuan)"),
        num(&|e| e.filed),
    )
    .push(
        lang.pick("签多备少", "signed more than filed"),
        col(&|e| yes(e.signed_less)),
    )
    .push(
        lang.pick("下次跟进", "next follow-up"),
        col(&|e| e.next_date.clone().unwrap_or_default()),
    )
    .push(lang.pick("逾期", "overdue"), col(&|e| yes(e.overdue)))
    .push(
        lang.pick("未解决问题", "open problems"),
        Data::Int(list.iter().map(|e| Some(e.open_problems as i64)).collect()),
    )
    .push(
        lang.pick("牵头领导", "leading official"),
        col(&|e| e.official.clone().unwrap_or_default()),
    )
    .push(
        lang.pick("中止原因", "why dropped"),
        col(&|e| e.drop_reason.clone().unwrap_or_default()),
    );
    t
}

/// `GET /api/pipeline.xlsx?…`: the entries the user sees, for the monthly meeting.
pub async fn api_xlsx(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let p = params(q);
    let lang = p.lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let f = list_filter(&p, lang)?;
        let list = store(&ws, lang)?
            .list(&u, &f, &tracking::time::today())
            .map_err(|e| api_error(e, lang))?;
        let t = pipeline_table(&ws, &list, lang);
        crate::base::table::xlsx_bytes(&[(lang.pick("招商项目", "pipeline"), &t)], "pipeline.xlsx")
            .map_err(|e| ApiError::internal(lang, &e.to_string()))
    });
    super::http::workbook(r, "attachment; filename=\"pipeline.xlsx\"")
}

/// The leaders' dashboard as JSON.
pub fn dashboard(ws: &Workspace, user: &User, lang: Lang) -> Result<Value, ApiError> {
    if !user.sees_all() {
        return Err(api_error(TrackError::Forbidden, lang));
    }
    let s = store(ws, lang)?;
    let today = tracking::time::today();
    let list = s
        .list(user, &ListFilter::default(), &today)
        .map_err(|e| api_error(e, lang))?;
    let reached = s.reached().map_err(|e| api_error(e, lang))?;
    let flow = &Stage::ALL[..8];
    let mut per: Vec<Value> = Vec::new();
    for tf in s.task_forces() {
        let mine: Vec<&tracking::Entry> = list.iter().filter(|e| &e.task_force == tf).collect();
        let counts: serde_json::Map<String, Value> = Stage::ALL
            .iter()
            .map(|st| {
                (
                    st.id().to_string(),
                    json!(mine.iter().filter(|e| e.stage == *st).count()),
                )
            })
            .collect();
        let signed: f64 = mine
            .iter()
            .filter(|e| e.stage.is_signed())
            .filter_map(|e| e.agreement)
            .sum();
        per.push(json!({
            "task_force": tf,
            "name": task_force_name(ws, tf, lang),
            "entries": mine.len(),
            "stages": counts,
            "signed_amount": signed,
            "signed_less": mine.iter().filter(|e| e.signed_less).count(),
            "overdue": mine.iter().filter(|e| e.overdue).count(),
        }));
    }
    // An entry reached stage k when its history holds k or a later stage of the flow.
    let top: Vec<usize> = reached
        .values()
        .map(|v| {
            v.iter()
                .filter(|s| **s != Stage::Dropped)
                .map(|s| s.rank())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let conversions: Vec<Value> = flow
        .windows(2)
        .map(|w| {
            let (a, b) = (w[0].rank(), w[1].rank());
            let at = top.iter().filter(|&&t| t >= a).count();
            let next = top.iter().filter(|&&t| t >= b).count();
            json!({
                "from": w[0].id(), "to": w[1].id(),
                "from_name": w[0].label(lang), "to_name": w[1].label(lang),
                "reached": at, "went_on": next,
                "rate": if at > 0 { json!((next as f64 / at as f64 * 1000.0).round() / 1000.0) } else { Value::Null },
            })
        })
        .collect();
    let mut progress: Vec<Value> = Vec::new();
    for c in &ws.set.chains {
        let mut nodes: HashMap<String, usize> = HashMap::new();
        for e in list
            .iter()
            .filter(|e| e.stage.is_signed() && e.chain.as_deref() == Some(&c.id))
        {
            if let Some(n) = &e.node {
                *nodes.entry(n.clone()).or_default() += 1;
            }
        }
        let mut v: Vec<Value> = nodes
            .into_iter()
            .map(|(id, k)| {
                let name = ws
                    .set
                    .nodes
                    .iter()
                    .find(|n| n.id == id)
                    .map(|n| n.label(lang).to_string())
                    .unwrap_or(id.clone());
                let status = ws
                    .set
                    .nodes
                    .iter()
                    .position(|n| n.id == id)
                    .and_then(|i| ws.report.node(i))
                    .map(|g| g.status.label(lang));
                json!({"node": id, "name": name, "signed": k, "status": status})
            })
            .collect();
        v.sort_by(|a, b| b["signed"].as_u64().cmp(&a["signed"].as_u64()));
        progress.push(json!({"chain": c.id, "name": c.label(lang), "nodes": v}));
    }
    let flagged = |f: &dyn Fn(&tracking::Entry) -> bool| -> Vec<Value> {
        list.iter().filter(|e| f(e)).map(|e| json!(e)).collect()
    };
    Ok(json!({
        "date": today,
        "task_forces": per,
        "conversions": conversions,
        "signed_less": flagged(&|e| e.signed_less),
        "overdue": flagged(&|e| e.overdue),
        "progress": progress,
    }))
}

/// `GET /api/dashboard` (leaders).
pub async fn api_dashboard(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let lang = params(q).lang();
    super::http::json(require(&ws, &headers, lang).and_then(|u| dashboard(&ws, &u, lang)))
}

// ----- pages -----

fn page(
    ws: &Workspace,
    p: &Params,
    path: &str,
    title: &str,
    body: &str,
    status: StatusCode,
) -> Response {
    html(status, super::pages::frame(ws, p, path, title, body))
}

fn error(ws: &Workspace, p: &Params, path: &str, e: &ApiError) -> Response {
    if e.status == StatusCode::UNAUTHORIZED {
        return Redirect::to(&href(&format!("/login?next={}", encode(path)), p.lang()))
            .into_response();
    }
    super::pages::error_page(ws, p, path, e)
}

/// `GET /login`.
pub async fn login_page(State(ws): Shared, q: Q) -> Response {
    let p = params(q);
    let lang = p.lang();
    let next = p.get("next").unwrap_or("/pipeline");
    let failed = p
        .get("failed")
        .map(|m| format!("<p class=\"error\">{}</p>", escape(m)))
        .unwrap_or_default();
    let body = format!(
        "<div class=\"card narrow\"><h1>{}</h1>{failed}<form method=\"post\" action=\"{}\" class=\"stack\">\
<input type=\"hidden\" name=\"next\" value=\"{}\"><label>{}<input name=\"user\" autocomplete=\"username\" required></label>\
<label>{}<input name=\"password\" type=\"password\" autocomplete=\"current-password\" required></label>\
<button type=\"submit\">{}</button></form><p class=\"muted\">{}</p></div>",
        lang.pick("登录", "Log in"),
        href("/login", lang),
        escape(next),
        lang.pick("用户名", "user"),
        lang.pick("密码", "password"),
        lang.pick("登录", "Log in"),
        lang.pick("账号由管理员用 chainlead users add 创建。", "Accounts are made by an administrator with chainlead users add.")
    );
    page(
        &ws,
        &p,
        "/login",
        lang.pick("登录", "Log in"),
        &body,
        StatusCode::OK,
    )
}

/// `POST /login` (form).
pub async fn login_form(
    State(ws): Shared,
    q: Q,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let p = params(q);
    let lang = p.lang();
    let body = form_value(f);
    let next = text(&body, "next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/pipeline".into());
    match login_core(&ws, &body, lang) {
        Ok((token, _)) => (
            [(
                header::SET_COOKIE,
                cookie(&token, &headers, tracking::SESSION_SECS),
            )],
            Redirect::to(&href(&next, lang)),
        )
            .into_response(),
        Err(e) => Redirect::to(&href(
            &format!(
                "/login?next={}&failed={}",
                encode(&next),
                encode(&e.message)
            ),
            lang,
        ))
        .into_response(),
    }
}

/// `POST /logout` (form).
pub async fn logout_form(state: Shared, q: Q, headers: HeaderMap) -> Response {
    let lang = params(q).lang();
    let mut r = api_logout(state, headers).await;
    *r.status_mut() = StatusCode::SEE_OTHER;
    r.headers_mut().insert(
        header::LOCATION,
        HeaderValue::from_str(&href("/", lang)).unwrap_or(HeaderValue::from_static("/")),
    );
    r
}

/// `POST /pipeline/claim` (form): claims and opens the entry.
pub async fn claim_form_post(
    State(ws): Shared,
    q: Q,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let p = params(q);
    let lang = p.lang();
    let body = form_value(f);
    let r = require(&ws, &headers, lang).and_then(|u| claim(&ws, &u, &body, lang).map(|e| e.id));
    match r {
        Ok(id) => Redirect::to(&href(&format!("/pipeline/{id}"), lang)).into_response(),
        Err(e) => error(&ws, &p, "/pipeline", &e),
    }
}

/// `POST /pipeline/{id}/{action}` (forms of the entry page and the board).
pub async fn act_form(
    State(ws): Shared,
    Path((id, action)): Path<(String, String)>,
    q: Q,
    headers: HeaderMap,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let p = params(q);
    let lang = p.lang();
    let body = form_value(f);
    let path = format!("/pipeline/{}", encode(&id));
    let back = text(&body, "back").filter(|b| b.starts_with('/') && !b.starts_with("//"));
    let r = require(&ws, &headers, lang).and_then(|u| {
        let n = entry_id(&id, lang)?;
        act(&ws, &u, n, &action, &body, lang)
    });
    match r {
        Ok(()) => Redirect::to(&href(&back.unwrap_or(path), lang)).into_response(),
        Err(e) => error(&ws, &p, &path, &e),
    }
}

/// `POST /problems/{id}/close` (form).
pub async fn close_form(
    state: Shared,
    Path(id): Path<String>,
    q: Q,
    headers: HeaderMap,
    form: Form<Vec<(String, String)>>,
) -> Response {
    act_form(state, Path((id, "close".into())), q, headers, form).await
}

fn stage_form(id: i64, current: Stage, lang: Lang, back: &str) -> String {
    let mut out = format!(
        "<form class=\"inline stage\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"back\" value=\"{}\"><select name=\"stage\">",
        href(&format!("/pipeline/{id}/stage"), lang),
        escape(back)
    );
    for s in Stage::ALL {
        let _ = write!(
            out,
            "<option value=\"{}\"{}>{}</option>",
            s.id(),
            if s.rank() == current.rank() + 1 && current != Stage::Dropped {
                " selected"
            } else {
                ""
            },
            s.label(lang)
        );
    }
    let _ = write!(
        out,
        "</select><input name=\"amount\" inputmode=\"decimal\" placeholder=\"{}\" size=\"9\"><input name=\"reason\" placeholder=\"{}\" size=\"8\"><button type=\"submit\" class=\"small\">{}</button></form>",
        lang.pick("金额（万元）", "amount"),
        lang.pick("中止原因", "reason"),
        lang.pick("移动", "move")
    );
    out
}

fn flags(e: &tracking::Entry, lang: Lang) -> String {
    let mut out = String::new();
    if e.overdue {
        let _ = write!(
            out,
            "<span class=\"badge missing\">{}</span> ",
            lang.pick("逾期", "overdue")
        );
    }
    if e.signed_less {
        let _ = write!(
            out,
            "<span class=\"badge weak\">{}</span> ",
            lang.pick("签多备少", "signed > filed")
        );
    }
    out
}

/// `GET /pipeline`: a board per task force, columns by stage.
pub async fn board(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let p = params(q);
    let lang = p.lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let f = list_filter(&p, lang)?;
        let list = store(&ws, lang)?
            .list(&u, &f, &tracking::time::today())
            .map_err(|e| api_error(e, lang))?;
        Ok((u, list))
    });
    let (user, list) = match r {
        Ok(x) => x,
        Err(e) => return error(&ws, &p, "/pipeline", &e),
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{} {}（{}）· <a href=\"{}\">{}</a>",
        lang.pick("招商项目跟踪", "Pipeline"),
        lang.pick("当前用户：", "Logged in as"),
        escape(&user.name),
        user.role.label(lang),
        href(&format!("/api/pipeline.xlsx{}", p.with("lang", None)), lang),
        lang.pick("导出 XLSX（月度例会）", "Export XLSX (monthly meeting)")
    );
    if user.sees_all() {
        let _ = write!(
            body,
            " · <a href=\"{}\">{}</a>",
            href("/dashboard", lang),
            lang.pick("领导看板", "dashboard")
        );
    }
    let _ = write!(
        body,
        "</p><form method=\"post\" action=\"{}\" class=\"inline\"><button type=\"submit\" class=\"small\">{}</button></form>",
        href("/logout", lang),
        lang.pick("退出登录", "Log out")
    );
    let forces: Vec<String> = match (&user.task_force, user.sees_all()) {
        (Some(tf), false) => vec![tf.clone()],
        _ => store(&ws, lang)
            .map(|s| s.task_forces().to_vec())
            .unwrap_or_default(),
    };
    for tf in forces {
        let mine: Vec<&tracking::Entry> = list.iter().filter(|e| e.task_force == tf).collect();
        let _ = write!(
            body,
            "<h2>{}{}（{}）</h2><div class=\"board\">",
            escape(&task_force_name(&ws, &tf, lang)),
            lang.pick("专班", " task force"),
            mine.len()
        );
        for s in Stage::ALL {
            let here: Vec<&&tracking::Entry> = mine.iter().filter(|e| e.stage == s).collect();
            let _ = write!(body, "<div class=\"column\" data-stage=\"{}\"><h3>{} <span class=\"muted\">{}</span></h3>", s.id(), s.label(lang), here.len());
            for e in here {
                let _ = write!(
                    body,
                    "<div class=\"card entry\" data-entry=\"{}\"><a href=\"{}\">{}</a><br>{}<span class=\"muted\">{}{}</span>{}</div>",
                    e.id,
                    href(&format!("/pipeline/{}", e.id), lang),
                    escape(&e.company_name),
                    flags(e, lang),
                    e.next_date.as_deref().map(|d| format!("{}{d}", lang.pick("下次跟进 ", "next "))).unwrap_or_default(),
                    e.agreement.map(|a| format!(" · {a:.0} {}", lang.pick("万元", "10k yuan"))).unwrap_or_default(),
                    stage_form(e.id, e.stage, lang, "/pipeline")
                );
            }
            body.push_str("</div>");
        }
        body.push_str("</div>");
    }
    if list.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            lang.pick("还没有跟踪的企业：在线索列表或企业页点击“认领”。", "Nothing on the pipeline yet: claim companies from the lead lists or company pages.")
        );
    }
    page(
        &ws,
        &p,
        "/pipeline",
        lang.pick("招商项目跟踪", "Pipeline"),
        &body,
        StatusCode::OK,
    )
}

/// `GET /pipeline/{id}`: an entry with its company, stages, follow-ups, problems and 五个一.
pub async fn entry_page(
    State(ws): Shared,
    Path(id): Path<String>,
    q: Q,
    headers: HeaderMap,
) -> Response {
    let p = params(q);
    let lang = p.lang();
    let path = format!("/pipeline/{}", encode(&id));
    let r = require(&ws, &headers, lang).and_then(|u| {
        let n = entry_id(&id, lang)?;
        let d = store(&ws, lang)?
            .entry(&u, n, &tracking::time::today())
            .map_err(|e| api_error(e, lang))?;
        Ok((u, d))
    });
    let (user, d) = match r {
        Ok(x) => x,
        Err(e) => return error(&ws, &p, &path, &e),
    };
    let e = &d.entry;
    let action = |a: &str| href(&format!("/pipeline/{}/{a}", e.id), lang);
    let company = match ws.row_of(&e.company_id) {
        Some(_) => format!(
            "<a href=\"{}\">{}</a>",
            href(&format!("/companies/{}", encode(&e.company_id)), lang),
            escape(&e.company_name)
        ),
        None => escape(&e.company_name),
    };
    let mut body = format!(
        "<p class=\"muted\"><a href=\"{}\">{}</a></p><h1>{company} <span class=\"badge stage\">{}</span> {}</h1>",
        href("/pipeline", lang),
        lang.pick("← 招商项目跟踪", "← pipeline"),
        e.stage.label(lang),
        flags(e, lang)
    );
    let amounts = format!(
        "{}{}　{}{}",
        lang.pick("协议投资额：", "agreement: "),
        e.agreement
            .map(|a| format!("{a} {}", lang.pick("万元", "10k yuan")))
            .unwrap_or_else(|| "—".into()),
        lang.pick("立项备案额：", "filed: "),
        e.filed
            .map(|a| format!("{a} {}", lang.pick("万元", "10k yuan")))
            .unwrap_or_else(|| "—".into())
    );
    let _ = write!(
        body,
        "<p>{}{}　{}{}　{}{}</p><p>{amounts}</p>{}",
        lang.pick("专班：", "task force: "),
        escape(&task_force_name(&ws, &e.task_force, lang)),
        lang.pick("认领：", "claimed: "),
        escape(&format!("{} {}", e.claimed_by, e.claimed_at)),
        lang.pick("下次跟进：", "next follow-up: "),
        escape(e.next_date.as_deref().unwrap_or("—")),
        stage_form(e.id, e.stage, lang, &format!("/pipeline/{}", e.id))
    );
    if user.sees_all() {
        let _ = write!(
            body,
            "<form class=\"inline\" method=\"post\" action=\"{}\"><select name=\"task_force\">",
            action("reassign")
        );
        for tf in store(&ws, lang)
            .map(|s| s.task_forces().to_vec())
            .unwrap_or_default()
        {
            let _ = write!(
                body,
                "<option value=\"{}\"{}>{}</option>",
                escape(&tf),
                if tf == e.task_force { " selected" } else { "" },
                escape(&task_force_name(&ws, &tf, lang))
            );
        }
        let _ = write!(
            body,
            "</select><button type=\"submit\" class=\"small\">{}</button></form>",
            lang.pick("改派专班", "reassign")
        );
    }
    // Stage history.
    let _ = write!(
        body,
        "<div class=\"grid\"><div class=\"card\"><h2>{}</h2><ol>",
        lang.pick("阶段记录", "Stages")
    );
    for h in &d.history {
        let _ = write!(
            body,
            "<li>{} {} <span class=\"muted\">{}</span></li>",
            escape(&h.date),
            h.stage.label(lang),
            escape(&h.by)
        );
    }
    body.push_str("</ol></div>");
    // 五个一.
    let _ = write!(
        body,
        "<div class=\"card\"><h2>{}</h2>",
        lang.pick(
            "五个一（一个项目、一名领导、一个专班、一套方案、一抓到底）",
            "五个一: one official, one team, one plan"
        )
    );
    if let Some(f) = &d.five {
        let _ = write!(
            body,
            "<p>{}{}</p><p>{}{}</p><ul>",
            lang.pick("牵头领导：", "official: "),
            escape(&f.official),
            lang.pick("工作专班：", "team: "),
            escape(&f.team.join("、"))
        );
        for m in &f.plan {
            let _ = write!(
                body,
                "<li>{} {}{}</li>",
                escape(&m.date),
                escape(&m.name),
                if m.done { " ✓" } else { "" }
            );
        }
        body.push_str("</ul>");
    }
    if e.stage.is_signed() {
        let f = d.five.clone().unwrap_or_default();
        let plan: String = f
            .plan
            .iter()
            .map(|m| format!("{} {}\n", m.name, m.date))
            .collect();
        let _ = write!(
            body,
            "<form method=\"post\" action=\"{}\" class=\"stack\"><label>{}<input name=\"official\" value=\"{}\" required></label><label>{}<input name=\"team\" value=\"{}\"></label><label>{}<textarea name=\"plan\" rows=\"4\">{}</textarea></label><button type=\"submit\" class=\"small\">{}</button></form>",
            action("five"),
            lang.pick("牵头领导", "leading official"),
            escape(&f.official),
            lang.pick("工作专班（逗号分隔）", "team (commas)"),
            escape(&f.team.join("，")),
            lang.pick("推进计划（每行：事项 YYYY-MM-DD）", "plan (a line each: milestone YYYY-MM-DD)"),
            escape(&plan),
            lang.pick("保存五个一", "Save")
        );
    } else {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            lang.pick("签约后填写。", "Set once signed.")
        );
    }
    body.push_str("</div></div>");
    // Follow-ups.
    let _ = write!(
        body,
        "<h2>{}</h2><form method=\"post\" action=\"{}\" class=\"filters\" id=\"event-form\"><label>{}<select name=\"kind\">",
        lang.pick("跟进记录", "Follow-ups"),
        action("events"),
        lang.pick("类型", "kind")
    );
    for k in EventKind::ALL {
        let _ = write!(
            body,
            "<option value=\"{}\">{}</option>",
            k.id(),
            k.label(lang)
        );
    }
    let today = tracking::time::today();
    let _ = write!(
        body,
        "</select></label><label>{}<input type=\"date\" name=\"date\" value=\"{today}\"></label><label>{}<input name=\"note\" size=\"40\"></label><label>{}<input type=\"date\" name=\"next_date\"></label><button type=\"submit\">{}</button></form><table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("日期", "date"),
        lang.pick("内容", "note"),
        lang.pick("下次跟进", "next"),
        lang.pick("记录", "Record"),
        lang.pick("日期", "date"),
        lang.pick("类型", "kind"),
        lang.pick("内容", "note"),
        lang.pick("下次跟进", "next"),
        lang.pick("记录人", "by")
    );
    for ev in &d.events {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&ev.date),
            ev.kind.label(lang),
            escape(&ev.note),
            escape(ev.next_date.as_deref().unwrap_or("")),
            escape(&ev.by)
        );
    }
    body.push_str("</tbody></table>");
    // Problems.
    let _ = write!(
        body,
        "<h2>{}</h2><form method=\"post\" action=\"{}\" class=\"filters\"><label>{}<select name=\"category\">",
        lang.pick("问题清单（现场推进会）", "Problems (on-site meetings)"),
        action("problems"),
        lang.pick("类别", "category")
    );
    for (zh, en) in [
        ("用地", "land"),
        ("用电", "power"),
        ("融资", "financing"),
        ("审批", "approvals"),
        ("其他", "other"),
    ] {
        let v = lang.pick(zh, en);
        let _ = write!(body, "<option value=\"{v}\">{v}</option>");
    }
    let _ = write!(
        body,
        "</select></label><label>{}<input name=\"text\" size=\"36\" required></label><label>{}<input name=\"owner\"></label><label>{}<input type=\"date\" name=\"deadline\"></label><button type=\"submit\">{}</button></form><table class=\"data\"><tbody>",
        lang.pick("问题", "problem"),
        lang.pick("责任单位", "owner"),
        lang.pick("期限", "deadline"),
        lang.pick("添加", "Add")
    );
    for pr in &d.problems {
        let state = match &pr.closed {
            Some(c) => format!("{}{} {}", lang.pick("已解决 ", "solved "), escape(c), escape(pr.resolution.as_deref().unwrap_or(""))),
            None => format!(
                "{}<form class=\"inline\" method=\"post\" action=\"{}\"><input type=\"hidden\" name=\"back\" value=\"/pipeline/{}\"><input name=\"resolution\" placeholder=\"{}\"><button type=\"submit\" class=\"small\">{}</button></form>",
                if pr.late { format!("<span class=\"badge missing\">{}</span>", lang.pick("超期", "late")) } else { String::new() },
                href(&format!("/problems/{}/close", pr.id), lang),
                e.id,
                lang.pick("解决情况", "resolution"),
                lang.pick("解决", "close")
            ),
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{state}</td></tr>",
            escape(&pr.category),
            escape(&pr.text),
            escape(&pr.owner),
            escape(pr.deadline.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</tbody></table>");
    // Audit.
    let _ = write!(
        body,
        "<h2>{}</h2><table class=\"data\"><tbody>",
        lang.pick("变更记录", "Changes")
    );
    for a in &d.audit {
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&a.at),
            escape(&a.user),
            escape(&a.field),
            escape(a.old.as_deref().unwrap_or("")),
            escape(a.new.as_deref().unwrap_or(""))
        );
    }
    body.push_str("</tbody></table>");
    page(&ws, &p, &path, &e.company_name, &body, StatusCode::OK)
}

/// `GET /dashboard` (leaders).
pub async fn dashboard_page(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let p = params(q);
    let lang = p.lang();
    let r = require(&ws, &headers, lang).and_then(|u| dashboard(&ws, &u, lang));
    let d = match r {
        Ok(d) => d,
        Err(e) => return error(&ws, &p, "/dashboard", &e),
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{}</p>",
        lang.pick("领导看板", "Dashboard"),
        escape(d["date"].as_str().unwrap_or(""))
    );
    body.push_str("<table class=\"data\"><thead><tr><th></th>");
    for s in Stage::ALL {
        let _ = write!(body, "<th>{}</th>", s.label(lang));
    }
    let _ = write!(
        body,
        "<th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("签约金额（万元）", "signed (10k yuan)"),
        lang.pick("签多备少", "signed > filed"),
        lang.pick("逾期", "overdue")
    );
    for tf in d["task_forces"].as_array().into_iter().flatten() {
        let _ = write!(
            body,
            "<tr><th>{}</th>",
            escape(tf["name"].as_str().unwrap_or(""))
        );
        for s in Stage::ALL {
            let _ = write!(body, "<td>{}</td>", tf["stages"][s.id()]);
        }
        let _ = write!(
            body,
            "<td>{:.0}</td><td>{}</td><td>{}</td></tr>",
            tf["signed_amount"].as_f64().unwrap_or(0.0),
            tf["signed_less"],
            tf["overdue"]
        );
    }
    body.push_str("</tbody></table>");
    let _ = write!(
        body,
        "<h2>{}</h2><table class=\"data\"><tbody>",
        lang.pick("阶段转化", "Conversions")
    );
    for c in d["conversions"].as_array().into_iter().flatten() {
        let _ = write!(
            body,
            "<tr><td>{} → {}</td><td>{} / {}</td><td>{}</td></tr>",
            escape(c["from_name"].as_str().unwrap_or("")),
            escape(c["to_name"].as_str().unwrap_or("")),
            c["went_on"],
            c["reached"],
            c["rate"]
                .as_f64()
                .map(|r| format!("{:.0}%", r * 100.0))
                .unwrap_or_else(|| "—".into())
        );
    }
    body.push_str("</tbody></table>");
    for (key, zh, en) in [
        (
            "signed_less",
            "签多备少（备案额低于协议额）",
            "Signed more than filed",
        ),
        ("overdue", "逾期未跟进", "Overdue follow-ups"),
    ] {
        let _ = write!(body, "<h2>{}</h2><ul>", lang.pick(zh, en));
        for e in d[key].as_array().into_iter().flatten() {
            let _ = write!(
                body,
                "<li><a href=\"{}\">{}</a> <span class=\"muted\">{} · {}</span></li>",
                href(&format!("/pipeline/{}", e["id"]), lang),
                escape(e["company_name"].as_str().unwrap_or("")),
                escape(&task_force_name(
                    &ws,
                    e["task_force"].as_str().unwrap_or(""),
                    lang
                )),
                escape(e["next_date"].as_str().unwrap_or(""))
            );
        }
        body.push_str("</ul>");
    }
    let _ = write!(
        body,
        "<h2>{}</h2><div class=\"grid\">",
        lang.pick(
            "延链补链进展：签约项目所在环节",
            "Gaps with signed projects"
        )
    );
    for c in d["progress"].as_array().into_iter().flatten() {
        let _ = write!(
            body,
            "<div class=\"card\"><h3>{}</h3><ul>",
            escape(c["name"].as_str().unwrap_or(""))
        );
        for n in c["nodes"].as_array().into_iter().flatten() {
            let _ = write!(
                body,
                "<li>{}（{}）× {}</li>",
                escape(n["name"].as_str().unwrap_or("")),
                escape(n["status"].as_str().unwrap_or("")),
                n["signed"]
            );
        }
        body.push_str("</ul></div>");
    }
    body.push_str("</div>");
    page(
        &ws,
        &p,
        "/dashboard",
        lang.pick("领导看板", "Dashboard"),
        &body,
        StatusCode::OK,
    )
}

// ----- users (administrators) -----

/// `GET /api/users` (administrators): every user.
pub async fn api_users(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        if u.role != tracking::Role::Admin {
            return Err(api_error(TrackError::Forbidden, lang));
        }
        store(&ws, lang)?.users().map_err(|e| api_error(e, lang))
    });
    super::http::json(r.map(|list| json!({"users": list})))
}

/// `POST /api/users` (administrators) with `{"name", "role": task_force|leader|admin,
/// "task_force"?, "password"}`: 201 with the user.
pub async fn api_add_user(State(ws): Shared, q: Q, headers: HeaderMap, body: Body) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let b = json_body(body, lang)?;
        let role_text = text(&b, "role").unwrap_or_default();
        let role = tracking::Role::parse(&role_text).ok_or_else(|| {
            ApiError::bad(
                lang,
                format!("角色“{role_text}”无效；可选：task_force、leader、admin"),
                format!("bad role '{role_text}'; one of: task_force, leader, admin"),
            )
        })?;
        let password = b
            .get("password")
            .and_then(Value::as_str)
            .unwrap_or_default();
        store(&ws, lang)?
            .add_user(
                Some(&u),
                &text(&b, "name").unwrap_or_default(),
                role,
                text(&b, "task_force").as_deref(),
                password,
            )
            .map_err(|e| api_error(e, lang))
    });
    match r {
        Ok(user) => (StatusCode::CREATED, Json(json!({"user": user}))).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/users/{name}/disable` and `/enable` (administrators).
pub async fn api_user_state(
    State(ws): Shared,
    Path((name, action)): Path<(String, String)>,
    q: Q,
    headers: HeaderMap,
) -> Response {
    let lang = params(q).lang();
    let r = require(&ws, &headers, lang).and_then(|u| {
        let disabled = match action.as_str() {
            "disable" => true,
            "enable" => false,
            _ => {
                return Err(ApiError::not_found(
                    lang,
                    format!("没有这个操作：{action}"),
                    format!("no such action: {action}"),
                ))
            }
        };
        store(&ws, lang)?
            .set_disabled(Some(&u), &name, disabled)
            .map_err(|e| api_error(e, lang))
    });
    match r {
        Ok(()) => Json(json!({"ok": true})).into_response(),
        Err(e) => e.into_response(),
    }
}
