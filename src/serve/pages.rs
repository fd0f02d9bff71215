//! The workspace's pages, rendered on the server: the overview, a chain's gap map, a node's
//! diagnosis, the lead explorer, a company's profile, the map of leads and the trip planner.
//! Every company text goes through [`escape`]; chart data go to the script as a JSON data island.

use std::fmt::Write as _;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::api::{self, Page};
use super::held::View;
use super::http::{encode, href, html, json_island, ApiError, Params};
use super::state::{LeadRef, Signal, Size, Sort, Workspace};
use super::{Shared, Q};
use crate::company::Col;
use crate::gaps::{Opportunity, Status};
use crate::lang::Lang;
use crate::leads::Scope;
use crate::render::html::escape;

/// A status's colour as the report's charts draw it, for the page's script.
fn status_color(s: Status) -> String {
    let c = crate::render::charts::status_color(s);
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Chain colours on the map, in chain order.
const CHAIN_COLORS: [&str; 6] = [
    "#1565c0", "#6a1b9a", "#ef6c00", "#00838f", "#ad1457", "#558b2f",
];

fn badge(s: Status, lang: Lang) -> String {
    format!(
        "<span class=\"badge {}\">{}</span>",
        s.as_str(),
        s.label(lang)
    )
}

fn fixed(v: f64, digits: usize) -> String {
    if v.is_finite() {
        format!("{v:.digits$}")
    } else {
        "—".into()
    }
}

fn whole(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.0}")
    } else {
        "—".into()
    }
}

/// What a page needs besides its body.
struct Frame<'a> {
    title: String,
    /// The request's path (for the language switch).
    path: &'a str,
    params: &'a Params,
    data: Option<Value>,
    charts: bool,
}

/// The page around a body: navigation, language switch, styles, the data island and scripts.
fn layout(ws: &Workspace, f: Frame, body: &str) -> String {
    let lang = f.params.lang();
    let mut out = String::with_capacity(body.len() + 4096);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} · chainlead</title><link rel=\"icon\" href=\"/assets/favicon.svg\"><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body>",
        lang.pick("zh-CN", "en"),
        escape(&f.title)
    );
    let _ = write!(
        out,
        "<nav class=\"nav\"><a class=\"brand\" href=\"{}\">{}</a>",
        href("/", lang),
        lang.pick("chainlead 产业链招商工作台", "chainlead workspace")
    );
    for c in &ws.set.chains {
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            href(&format!("/chains/{}", encode(&c.id)), lang),
            escape(c.label(lang))
        );
    }
    for (path, zh, en) in [
        ("/leads", "线索", "Leads"),
        ("/map", "地图", "Map"),
        ("/trip", "出访", "Trip"),
        ("/projects", "项目", "Projects"),
        ("/pipeline", "跟踪", "Pipeline"),
    ] {
        let _ = write!(
            out,
            "<a href=\"{}\">{}</a>",
            href(path, lang),
            lang.pick(zh, en)
        );
    }
    let other = match lang {
        Lang::Zh => f.params.with("lang", Some("en")),
        Lang::En => f.params.with("lang", None),
    };
    let _ = write!(
        out,
        "<span class=\"home\">{}{}</span><a class=\"lang\" href=\"{}{}\">{}</a></nav><main class=\"main\">{body}</main>",
        lang.pick("本地：", "Home: "),
        escape(&ws.report.home_name),
        escape(f.path),
        escape(&other),
        lang.pick("English", "中文")
    );
    if let Some(data) = &f.data {
        let _ = write!(
            out,
            "<script type=\"application/json\" id=\"page-data\">{}</script>",
            json_island(data)
        );
    }
    if f.charts {
        out.push_str("<script src=\"/assets/vendor/echarts.min.js\"></script>");
    }
    out.push_str("<script src=\"/assets/app.js\"></script></body></html>");
    out
}

/// A page of the pipeline's: the frame around `body`.
pub fn frame(ws: &Workspace, p: &Params, path: &str, title: &str, body: &str) -> String {
    let f = Frame {
        title: title.to_string(),
        path,
        params: p,
        data: None,
        charts: false,
    };
    layout(ws, f, body)
}

fn page(ws: &Workspace, f: Frame, body: &str) -> Response {
    html(StatusCode::OK, layout(ws, f, body))
}

/// A page saying what went wrong, with the error's status.
pub fn error_page(ws: &Workspace, p: &Params, path: &str, e: &ApiError) -> Response {
    let lang = p.lang();
    let body = format!(
        "<div class=\"card\"><h1>{}</h1><p>{}</p><p><a href=\"{}\">{}</a></p></div>",
        if e.status == StatusCode::NOT_FOUND {
            lang.pick("找不到", "Not found")
        } else {
            lang.pick("请求有误", "Bad request")
        },
        escape(&e.message),
        href("/", lang),
        lang.pick("返回总览", "Back to the overview")
    );
    let f = Frame {
        title: lang.pick("出错了", "Error").into(),
        path,
        params: p,
        data: None,
        charts: false,
    };
    html(e.status, layout(ws, f, &body))
}

/// The page for an unknown address.
pub fn not_found(ws: &Workspace, p: &Params, path: &str) -> Response {
    let lang = p.lang();
    let e = ApiError::not_found(
        lang,
        format!("没有这个页面：{path}"),
        format!("no such page: {path}"),
    );
    error_page(ws, p, path, &e)
}

/// The request's parameters, or the page saying they are malformed.
macro_rules! params_or_page {
    ($ws:expr, $q:expr, $path:expr) => {
        match super::params($q) {
            Ok(p) => p,
            Err(e) => return error_page(&$ws, &Params::default(), $path, &e),
        }
    };
}

fn company_link(ws: &Workspace, row: usize, lang: Lang) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        href(&format!("/companies/{}", encode(&ws.key(row))), lang),
        escape(ws.companies.text(Col::Name).get(row))
    )
}

fn node_link(ws: &Workspace, node: usize, lang: Lang) -> String {
    let n = &ws.set.nodes[node];
    format!(
        "<a href=\"{}\">{}</a>",
        href(&format!("/nodes/{}", encode(&n.id)), lang),
        escape(n.label(lang))
    )
}

/// `/`: the home region's chains at a glance.
pub async fn home(State(ws): Shared, q: Q) -> Response {
    let p = params_or_page!(ws, q, "/");
    let lang = p.lang();
    let r = &ws.report;
    let mut body = String::new();
    let _ = write!(
        body,
        "<h1>{}</h1><p class=\"muted\">{}{}　{}{}</p><div class=\"grid\">",
        escape(&r.home_name),
        lang.pick("数据：", "Data: "),
        escape(&ws.source),
        lang.pick("数据日期：", "data date: "),
        escape(&ws.data_date)
    );
    for (v, zh, en) in [
        (r.local_companies, "本地在营企业", "active firms here"),
        (
            r.national_companies,
            "全国在营企业",
            "active firms nationwide",
        ),
        (ws.lead_count(), "招商线索", "leads"),
    ] {
        let _ = write!(
            body,
            "<div class=\"card kpi\"><b>{v}</b><span>{}</span></div>",
            lang.pick(zh, en)
        );
    }
    body.push_str("</div><div class=\"grid\">");
    for (ci, c) in ws.set.chains.iter().enumerate() {
        let gaps: Vec<&crate::gaps::NodeGap> = r
            .nodes
            .iter()
            .filter(|g| ws.set.nodes[g.node].chain == ci)
            .collect();
        let count = |s: Status| gaps.iter().filter(|g| g.status == s).count();
        let _ = write!(
            body,
            "<div class=\"card\"><h2><a href=\"{}\">{}</a></h2><p>{} {}　{} {}　{} {}　{}{:.0}%</p>",
            href(&format!("/chains/{}", encode(&c.id)), lang),
            escape(c.label(lang)),
            badge(Status::Strong, lang),
            count(Status::Strong),
            badge(Status::Weak, lang),
            count(Status::Weak),
            badge(Status::Missing, lang),
            count(Status::Missing),
            lang.pick("覆盖率 ", "coverage "),
            r.coverage(&ws.set, ci) * 100.0
        );
        let mut top: Vec<&&crate::gaps::NodeGap> = gaps
            .iter()
            .filter(|g| g.opportunity != Opportunity::None && g.priority > 0.0)
            .collect();
        top.sort_by(|a, b| b.priority.total_cmp(&a.priority));
        let _ = write!(
            body,
            "<h3>{}</h3><table class=\"data\"><tr><th>{}</th><th>{}</th><th>{}</th></tr>",
            lang.pick("优先招商环节", "Top opportunities"),
            lang.pick("环节", "node"),
            lang.pick("类型", "kind"),
            lang.pick("优先度", "priority")
        );
        for g in top.iter().take(5) {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{:.2}</td></tr>",
                node_link(&ws, g.node, lang),
                g.opportunity.label(lang),
                g.priority
            );
        }
        body.push_str("</table>");
        if let Some((_, list)) = ws.leads.by_chain.iter().find(|(x, _)| *x == ci) {
            let _ = write!(
                body,
                "<h3>{}</h3><ol>",
                lang.pick("得分最高的线索", "Best leads")
            );
            for l in list
                .iter()
                .filter(|l| Scope::OutsideCity.admits(l.place))
                .take(3)
            {
                let _ = write!(
                    body,
                    "<li>{} <span class=\"muted\">{} · {:.2}</span></li>",
                    company_link(&ws, l.row, lang),
                    escape(&ws.place_name(l.row)),
                    l.score
                );
            }
            let _ = write!(
                body,
                "</ol><p><a href=\"{}\">{}</a></p>",
                href(&format!("/leads?chain={}", encode(&c.id)), lang),
                lang.pick("全部线索 →", "All leads →")
            );
        }
        body.push_str("</div>");
    }
    body.push_str("</div>");
    let f = Frame {
        title: lang.pick("总览", "Overview").into(),
        path: "/",
        params: &p,
        data: None,
        charts: false,
    };
    page(&ws, f, &body)
}

/// `/chains/{chain}`: the interactive gap map and the chain's nodes in a table.
pub async fn chain(State(ws): Shared, Path(id): Path<String>, q: Q) -> Response {
    let path = format!("/chains/{}", encode(&id));
    let p = params_or_page!(ws, q, &path);
    let lang = p.lang();
    let Some(ci) = ws.set.chains.iter().position(|c| c.id == id) else {
        let e = ApiError::not_found(
            lang,
            format!("没有产业链“{id}”"),
            format!("no chain '{id}'"),
        );
        return error_page(&ws, &p, &path, &e);
    };
    let c = &ws.set.chains[ci];
    let layout_px = crate::render::charts::gap_map_layout(&ws.set, ci, lang);
    // The layout leaves room for the PNG's title above the bands and a legend below: not needed here.
    let dy = layout_px
        .bands
        .iter()
        .map(|b| b.2)
        .min()
        .unwrap_or(0)
        .saturating_sub(12);
    let height = (layout_px.height as i32 - dy - 70).max(100);
    let nodes: Vec<Value> = layout_px
        .boxes
        .iter()
        .filter_map(|b| {
            let g = ws.report.node(b.node)?;
            let n = &ws.set.nodes[b.node];
            Some(json!({
                "id": n.id,
                "name": n.label(lang),
                "x": b.rect.0, "y": b.rect.1 - dy, "w": b.rect.2, "h": b.rect.3,
                "status": g.status.as_str(),
                "status_label": g.status.label(lang),
                "color": status_color(g.status),
                "local": g.local_count,
                "lq": if g.local_count > 0 && g.lq.is_finite() { json!((g.lq * 100.0).round() / 100.0) } else { Value::Null },
                "density": (g.density * 100.0).round() / 100.0,
                "priority": (g.priority * 100.0).round() / 100.0,
                "explanation": ws.report.explain(&ws.set, g, lang),
                "url": href(&format!("/nodes/{}", encode(&n.id)), lang),
            }))
        })
        .collect();
    let links: Vec<Value> = ws
        .set
        .links
        .iter()
        .filter(|l| ws.set.nodes[l.from].chain == ci && ws.set.nodes[l.to].chain == ci)
        .map(|l| json!({"source": ws.set.nodes[l.from].id, "target": ws.set.nodes[l.to].id}))
        .collect();
    let bands: Vec<Value> = layout_px
        .bands
        .iter()
        .map(|(name, x, y)| json!({"name": name, "x": x, "y": y - dy}))
        .collect();
    let data = json!({
        "kind": "chain",
        "lang": lang.pick("zh", "en"),
        "width": layout_px.width,
        "height": height,
        "bands": bands,
        "nodes": nodes,
        "links": links,
        "labels": {
            "local": lang.pick("本地企业", "firms here"),
            "lq": lang.pick("区位熵", "LQ"),
            "density": lang.pick("关联密度", "density"),
            "priority": lang.pick("优先度", "priority"),
            "none": "—",
        },
    });
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{}</p><p>{} {} {} <span class=\"muted\">{}</span></p>\
<div id=\"chart\" class=\"chart tall\"></div>",
        escape(&format!(
            "{} · {}",
            c.label(lang),
            lang.pick("链图", "gap map")
        )),
        escape(&c.summary),
        badge(Status::Strong, lang),
        badge(Status::Weak, lang),
        badge(Status::Missing, lang),
        lang.pick(
            "悬停查看指标，点击环节查看诊断与线索",
            "hover for the figures, click a node for its diagnosis and leads"
        )
    );
    let _ = write!(
        body,
        "<h2>{}</h2>{}",
        lang.pick("环节诊断", "Nodes"),
        table_open(
            "data",
            &[
                lang.pick("环节", "node"),
                lang.pick("层级", "tier"),
                lang.pick("状态", "status"),
                lang.pick("本地企业", "here"),
                lang.pick("区位熵", "LQ"),
                lang.pick("关联密度", "density"),
                lang.pick("优先度", "priority"),
                lang.pick("机会", "opportunity"),
                lang.pick("说明", "why"),
            ]
        )
    );
    for b in &layout_px.boxes {
        let Some(g) = ws.report.node(b.node) else {
            continue;
        };
        let n = &ws.set.nodes[b.node];
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.2}</td><td>{:.2}</td><td>{}</td><td>{}</td></tr>",
            node_link(&ws, b.node, lang),
            n.tier.label(lang),
            badge(g.status, lang),
            g.local_count,
            if g.local_count > 0 { fixed(g.lq, 2) } else { "—".into() },
            g.density,
            g.priority,
            g.opportunity.label(lang),
            escape(&ws.report.explain(&ws.set, g, lang))
        );
    }
    body.push_str("</tbody></table>");
    let f = Frame {
        title: c.label(lang).to_string(),
        path: &path,
        params: &p,
        data: Some(data),
        charts: true,
    };
    page(&ws, f, &body)
}

/// The opening of a table with a header row (labels escaped), up to its body.
fn table_open(class: &str, labels: &[&str]) -> String {
    let mut out = format!("<table class=\"{class}\"><thead><tr>");
    for l in labels {
        let _ = write!(out, "<th>{}</th>", escape(l));
    }
    out.push_str("</tr></thead><tbody>");
    out
}

/// A table of leads (the explorer's and a node's).
fn lead_rows(
    ws: &Workspace,
    refs: &[LeadRef],
    first_rank: usize,
    view: &View,
    lang: Lang,
) -> String {
    let mut out = table_open(
        "data leads",
        &[
            "#",
            lang.pick("企业", "company"),
            lang.pick("产业链 · 环节", "chain · node"),
            lang.pick("所在地", "where"),
            lang.pick("角色", "role"),
            lang.pick("规模", "size"),
            lang.pick("标签", "tags"),
            lang.pick("得分", "score"),
            lang.pick("推荐理由", "why"),
            lang.pick("跟踪", "pipeline"),
        ],
    );
    let c = &ws.companies;
    for (k, &r) in refs.iter().enumerate() {
        let l = ws.lead(r);
        let tags: String = c
            .tags(l.row)
            .map(|t| format!("<span class=\"tag\">{}</span>", escape(t)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{} · {}</td><td>{}<br><span class=\"muted\">{}</span></td><td>{}</td><td>{}</td><td>{tags}</td><td>{:.3}</td><td>{}</td><td>{}</td></tr>",
            first_rank + k,
            company_link(ws, l.row, lang),
            escape(ws.set.chains[l.chain].label(lang)),
            node_link(ws, l.node, lang),
            escape(&ws.place_name(l.row)),
            l.place.label(lang),
            ws.role(r).map(|x| x.label(lang)).unwrap_or("—"),
            whole(c.num(Col::Employees)[l.row]),
            l.score,
            escape(&crate::leads::reason(l, &ws.set, c, &ws.report, &ws.profile, lang)),
            view.cell(ws, &ws.key(l.row), lang)
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn option(value: &str, label: &str, selected: Option<&str>) -> String {
    format!(
        "<option value=\"{}\"{}>{}</option>",
        escape(value),
        if selected == Some(value) {
            " selected"
        } else {
            ""
        },
        escape(label)
    )
}

/// A select of a filter, submitting its form on change.
fn select(name: &str, label: &str, any: &str, options: &[(String, String)], p: &Params) -> String {
    let current = p.get(name);
    let mut out = format!(
        "<label>{}<select name=\"{name}\" data-autosubmit>{}",
        escape(label),
        option("", any, current.or(Some("")))
    );
    for (v, l) in options {
        out.push_str(&option(v, l, current));
    }
    out.push_str("</select></label>");
    out
}

/// The explorer's filter form.
fn filters(ws: &Workspace, p: &Params, action: &str, with_node: bool) -> String {
    let lang = p.lang();
    let any = lang.pick("全部", "any");
    let chains: Vec<(String, String)> = ws
        .set
        .chains
        .iter()
        .map(|c| (c.id.clone(), c.label(lang).to_string()))
        .collect();
    let chain_filter = p
        .get("chain")
        .and_then(|id| ws.set.chains.iter().position(|c| c.id == id));
    let nodes: Vec<(String, String)> = ws
        .set
        .nodes
        .iter()
        .filter(|n| chain_filter.is_none_or(|c| n.chain == c))
        .map(|n| {
            (
                n.id.clone(),
                format!("{} · {}", ws.set.chains[n.chain].label(lang), n.label(lang)),
            )
        })
        .collect();
    let (provinces, cities) = ws.lead_places();
    let counted = |v: Vec<(String, usize)>| -> Vec<(String, String)> {
        v.into_iter()
            .map(|(k, n)| (k.clone(), format!("{k}（{n}）")))
            .collect()
    };
    let scopes: Vec<(String, String)> = [Scope::OutsideProvince, Scope::All]
        .iter()
        .map(|s| (s.id().to_string(), s.label(lang).to_string()))
        .collect();
    let roles: Vec<(String, String)> = [
        crate::classify::Role::Make,
        crate::classify::Role::Trade,
        crate::classify::Role::Service,
    ]
    .iter()
    .map(|r| (r.as_str().to_string(), r.label(lang).to_string()))
    .collect();
    let sizes: Vec<(String, String)> = Size::ALL
        .iter()
        .map(|s| (s.id().to_string(), s.label(lang).to_string()))
        .collect();
    let tags: Vec<(String, String)> = counted(ws.lead_tags());
    let signals: Vec<(String, String)> = Signal::ALL
        .iter()
        .map(|s| (s.id().to_string(), s.label(lang).to_string()))
        .collect();
    let sorts: Vec<(String, String)> = Sort::ALL[1..]
        .iter()
        .map(|s| (s.id().to_string(), s.label(lang).to_string()))
        .collect();
    let mut out = format!("<form class=\"filters\" method=\"get\" action=\"{action}\">");
    if lang == Lang::En {
        out.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }
    out.push_str(&select(
        "chain",
        lang.pick("产业链", "chain"),
        any,
        &chains,
        p,
    ));
    if with_node {
        out.push_str(&select("node", lang.pick("环节", "node"), any, &nodes, p));
    }
    out.push_str(&select(
        "province",
        lang.pick("省份", "province"),
        any,
        &counted(provinces),
        p,
    ));
    out.push_str(&select(
        "city",
        lang.pick("城市", "city"),
        any,
        &counted(cities.into_iter().take(200).collect()),
        p,
    ));
    out.push_str(&select(
        "scope",
        lang.pick("范围", "scope"),
        Scope::OutsideCity.label(lang),
        &scopes,
        p,
    ));
    out.push_str(&select("role", lang.pick("角色", "role"), any, &roles, p));
    out.push_str(&select("size", lang.pick("规模", "size"), any, &sizes, p));
    out.push_str(&select("tag", lang.pick("标签", "tag"), any, &tags, p));
    out.push_str(&select(
        "signal",
        lang.pick("扩张信号", "signal"),
        any,
        &signals,
        p,
    ));
    out.push_str(&select(
        "sort",
        lang.pick("排序", "sort"),
        Sort::Score.label(lang),
        &sorts,
        p,
    ));
    let _ = write!(
        out,
        "<label>{}<input type=\"search\" name=\"q\" value=\"{}\"></label><button type=\"submit\">{}</button></form>",
        lang.pick("企业名称含", "name contains"),
        escape(p.get("q").unwrap_or("")),
        lang.pick("筛选", "Filter")
    );
    out
}

/// Previous/next links of a paged list.
fn pager(p: &Params, path: &str, page: &Page, total: usize) -> String {
    let lang = p.lang();
    let pages = total.div_ceil(page.limit).max(1);
    let current = page.offset / page.limit + 1;
    let link = |offset: usize, label: &str| {
        format!(
            "<a href=\"{}{}\">{label}</a>",
            path,
            escape(&p.with("offset", Some(&offset.to_string())))
        )
    };
    let mut out = String::from("<div class=\"pager\">");
    if page.offset > 0 {
        out.push_str(&link(
            page.offset.saturating_sub(page.limit),
            lang.pick("← 上一页", "← previous"),
        ));
    }
    let _ = write!(
        out,
        "<span>{}</span>",
        match lang {
            Lang::Zh => format!("第 {current} / {pages} 页，共 {total} 条"),
            Lang::En => format!("page {current} of {pages}, {total} leads"),
        }
    );
    if page.offset + page.limit < total {
        out.push_str(&link(
            page.offset + page.limit,
            lang.pick("下一页 →", "next →"),
        ));
    }
    out.push_str("</div>");
    out
}

/// `/nodes/{node}`: the node's diagnosis in words, its local firms and its ranked leads.
pub async fn node(State(ws): Shared, Path(id): Path<String>, q: Q, headers: HeaderMap) -> Response {
    let path = format!("/nodes/{}", encode(&id));
    let p = params_or_page!(ws, q, &path);
    let lang = p.lang();
    let Some(ni) = api::node_index(&ws, &id) else {
        let e = ApiError::not_found(lang, format!("没有环节“{id}”"), format!("no node '{id}'"));
        return error_page(&ws, &p, &path, &e);
    };
    let n = &ws.set.nodes[ni];
    let c = &ws.set.chains[n.chain];
    let mut body = String::new();
    let _ = write!(
        body,
        "<p class=\"muted\"><a href=\"{}\">{}</a> · {} · {}</p><h1>{} {}</h1>",
        href(&format!("/chains/{}", encode(&c.id)), lang),
        escape(c.label(lang)),
        n.tier.label(lang),
        escape(c.bands.get(n.band).map(|b| b.label(lang)).unwrap_or("")),
        escape(n.label(lang)),
        ws.report
            .node(ni)
            .map(|g| badge(g.status, lang))
            .unwrap_or_default()
    );
    if let Some(g) = ws.report.node(ni) {
        let _ = write!(
            body,
            "<p class=\"explain\">{}</p><div class=\"grid\">",
            escape(&ws.report.explain(&ws.set, g, lang))
        );
        for (v, zh, en) in [
            (g.local_count.to_string(), "本地企业", "firms here"),
            (g.national_count.to_string(), "全国企业", "nationwide"),
            (
                if g.local_count > 0 {
                    fixed(g.lq, 2)
                } else {
                    "—".into()
                },
                "区位熵",
                "location quotient",
            ),
            (fixed(g.density, 2), "关联密度", "relatedness density"),
            (fixed(g.priority, 2), "优先度", "priority"),
            (g.opportunity.label(lang).to_string(), "机会", "opportunity"),
        ] {
            let _ = write!(
                body,
                "<div class=\"card kpi\"><b>{}</b><span>{}</span></div>",
                escape(&v),
                lang.pick(zh, en)
            );
        }
        body.push_str("</div>");
    }
    let _ = write!(
        body,
        "<p class=\"muted\">{}{}</p>",
        lang.pick("关键词：", "Keywords: "),
        escape(
            &n.keywords
                .iter()
                .take(24)
                .cloned()
                .collect::<Vec<_>>()
                .join("、")
        )
    );
    // The local firms.
    let local = ws.local_firms.get(ni).map(Vec::as_slice).unwrap_or(&[]);
    let _ = write!(
        body,
        "<h2>{}（{}）</h2>",
        lang.pick("本地企业", "Firms here"),
        local.len()
    );
    if local.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            lang.pick(
                "本地没有这一环节的在营企业。",
                "No active firm here on this node."
            )
        );
    } else {
        let _ = write!(
            body,
            "<table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            lang.pick("企业", "company"),
            lang.pick("区县", "district"),
            lang.pick("参保人数", "employees"),
            lang.pick("主营", "makes")
        );
        for &row in local.iter().take(100) {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                company_link(&ws, row, lang),
                escape(ws.companies.text(Col::District).get(row)),
                whole(ws.companies.num(Col::Employees)[row]),
                escape(&ws.classifier.parser().summary(
                    ws.companies.text(Col::MainProducts).get(row),
                    ws.companies.text(Col::BusinessScope).get(row),
                    3
                ))
            );
        }
        body.push_str("</tbody></table>");
    }
    // Its leads, filtered like the explorer (the node fixed).
    let mut np = p.clone();
    np.0.retain(|(k, _)| k != "node" && k != "chain");
    np.0.push(("node".into(), n.id.clone()));
    let (page_q, refs) = match api::lead_refs(&ws, &np) {
        Ok(x) => x,
        Err(e) => return error_page(&ws, &p, &path, &e),
    };
    let _ = write!(
        body,
        "<h2>{}（{}）</h2>{}",
        lang.pick("招商线索", "Leads"),
        refs.len(),
        filters(&ws, &p, &path, false)
            .replace("<select name=\"chain\"", "<select disabled name=\"chain\"")
    );
    let shown = page_q.of(&refs);
    body.push_str(&lead_rows(
        &ws,
        shown,
        page_q.offset + 1,
        &View::of(&ws, &headers),
        lang,
    ));
    body.push_str(&pager(&p, &path, &page_q, refs.len()));
    let _ = write!(
        body,
        "<p><a href=\"{}\">{}</a></p>",
        href(&format!("/leads?node={}", encode(&n.id)), lang),
        lang.pick(
            "在线索页中查看和导出 →",
            "Open in the lead explorer and export →"
        )
    );
    let f = Frame {
        title: n.label(lang).to_string(),
        path: &path,
        params: &p,
        data: None,
        charts: false,
    };
    page(&ws, f, &body)
}

/// `/leads`: the lead explorer.
pub async fn leads(State(ws): Shared, q: Q, headers: HeaderMap) -> Response {
    let path = "/leads";
    let p = params_or_page!(ws, q, path);
    let lang = p.lang();
    let (page_q, refs) = match api::lead_refs(&ws, &p) {
        Ok(x) => x,
        Err(e) => return error_page(&ws, &p, path, &e),
    };
    let shown = page_q.of(&refs);
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{}</p>{}",
        lang.pick("招商线索", "Leads"),
        lang.pick(
            "各产业链得分最高的线索；按条件筛选、排序，导出当前筛选结果。",
            "The best leads of every chain; filter, sort, and export the current view."
        ),
        filters(&ws, &p, path, true)
    );
    let _ = write!(
        body,
        "<p><b>{}</b> <a class=\"button\" id=\"export\" href=\"/api/leads.xlsx{}\">{}</a></p>",
        match lang {
            Lang::Zh => format!("共 {} 条", refs.len()),
            Lang::En => format!("{} leads", refs.len()),
        },
        escape(&p.with("offset", None)),
        lang.pick("导出 XLSX", "Export XLSX")
    );
    body.push_str(&lead_rows(
        &ws,
        shown,
        page_q.offset + 1,
        &View::of(&ws, &headers),
        lang,
    ));
    body.push_str(&pager(&p, path, &page_q, refs.len()));
    let f = Frame {
        title: lang.pick("招商线索", "Leads").into(),
        path,
        params: &p,
        data: None,
        charts: false,
    };
    page(&ws, f, &body)
}

fn kv_table(rows: &[(String, String)]) -> String {
    let mut out = String::from("<table class=\"data kv\"><tbody>");
    for (k, v) in rows {
        if !v.is_empty() {
            let _ = write!(out, "<tr><th>{}</th><td>{}</td></tr>", escape(k), v);
        }
    }
    out.push_str("</tbody></table>");
    out
}

/// `/companies/{id}`: a company's profile.
pub async fn company(
    State(ws): Shared,
    Path(id): Path<String>,
    q: Q,
    headers: HeaderMap,
) -> Response {
    let path = format!("/companies/{}", encode(&id));
    let p = params_or_page!(ws, q, &path);
    let lang = p.lang();
    let Some(row) = ws.row_of(&id) else {
        return error_page(&ws, &p, &path, &api::unknown_company(&id, lang));
    };
    let c = &ws.companies;
    let t = |col: Col| escape(c.text(col).get(row));
    let n = |col: Col| whole(c.num(col)[row]);
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{}</p>",
        t(Col::Name),
        escape(&ws.place_name(row))
    );
    let local = ws.is_local(row);
    if local {
        let _ = write!(
            body,
            "<p><span class=\"tag\">{}</span></p>",
            lang.pick("本地企业", "a firm here")
        );
    }
    let view = View::of(&ws, &headers);
    let key = ws.key(row);
    if let Some(h) = view.holders.get(&key) {
        let _ = write!(
            body,
            "<p class=\"explain\">{}</p>",
            match lang {
                Lang::Zh => format!(
                    "已由{}专班于 {} 认领，当前阶段：{}。{}",
                    escape(&super::held::task_force_name(&ws, &h.task_force, lang)),
                    escape(&h.since),
                    h.stage.label(lang),
                    view.cell(&ws, &key, lang)
                ),
                Lang::En => format!(
                    "Held by the {} task force since {}, stage {}. {}",
                    escape(&super::held::task_force_name(&ws, &h.task_force, lang)),
                    escape(&h.since),
                    h.stage.label(lang),
                    view.cell(&ws, &key, lang)
                ),
            }
        );
    } else if view.user.is_some() {
        let _ = write!(body, "<p>{}</p>", view.cell(&ws, &key, lang));
    }
    let tags: String = c
        .tags(row)
        .map(|x| format!("<span class=\"tag\">{}</span>", escape(x)))
        .collect();
    body.push_str("<div class=\"grid\"><div class=\"card\">");
    let _ = write!(body, "<h2>{}</h2>", lang.pick("基本信息", "Basics"));
    body.push_str(&kv_table(&[
        (
            lang.pick("统一社会信用代码", "credit code").into(),
            t(Col::Uscc),
        ),
        (
            lang.pick("行业", "industry").into(),
            format!("{} {}", t(Col::IndustryCode), t(Col::Industry)),
        ),
        (
            lang.pick("登记状态", "status").into(),
            lang.pick(
                if c.is_active(row) {
                    "在营"
                } else {
                    "非在营"
                },
                if c.is_active(row) {
                    "active"
                } else {
                    "not active"
                },
            )
            .into(),
        ),
        (
            lang.pick("成立日期", "founded").into(),
            escape(&c.render(row, Col::Founded)),
        ),
        (
            lang.pick("注册资本（万元）", "registered capital (10k yuan)")
                .into(),
            n(Col::RegisteredCapital),
        ),
        (lang.pick("参保人数", "employees").into(), n(Col::Employees)),
        (
            lang.pick("营业收入（万元）", "revenue (10k yuan)").into(),
            n(Col::Revenue),
        ),
        (lang.pick("标签", "tags").into(), tags),
        (
            lang.pick("联系方式", "contacts").into(),
            escape(&crate::leads::contacts(c, row, lang).unwrap_or_default()),
        ),
    ]));
    let _ = write!(
        body,
        "</div><div class=\"card\"><h2>{}</h2>",
        lang.pick("经营信号", "Signals")
    );
    body.push_str(&kv_table(&[
        (
            lang.pick("融资次数", "financing rounds").into(),
            n(Col::FinancingEvents),
        ),
        (
            lang.pick("最新融资日期", "last financing").into(),
            escape(&c.render(row, Col::LastFinancing)),
        ),
        (lang.pick("分支机构数", "branches").into(), n(Col::Branches)),
        (
            lang.pick("近三月招聘人数", "hiring (3 months)").into(),
            n(Col::Hiring),
        ),
        (
            lang.pick("对外投资数", "outbound investments").into(),
            n(Col::OutboundInvestments),
        ),
        (
            lang.pick("经营异常", "abnormal operations").into(),
            n(Col::Abnormal),
        ),
        (lang.pick("失信", "dishonest").into(), n(Col::Dishonest)),
        (lang.pick("被执行", "enforced").into(), n(Col::Enforced)),
    ]));
    body.push_str("</div></div>");
    // What it does.
    let _ = write!(
        body,
        "<h2>{}</h2>",
        lang.pick("主营与经营范围", "What it does")
    );
    let products = c.text(Col::MainProducts).get(row);
    if !products.trim().is_empty() {
        let _ = write!(
            body,
            "<p><b>{}</b>{}</p>",
            lang.pick("主营产品：", "Main products: "),
            escape(products)
        );
    }
    body.push_str("<ul class=\"items\">");
    for (text, roles) in api::scope_items(&ws, c.text(Col::BusinessScope).get(row), lang) {
        let roles: String = roles
            .iter()
            .map(|r| format!("<span class=\"tag\">{r}</span>"))
            .collect();
        let _ = write!(body, "<li>{} {roles}</li>", escape(&text));
    }
    body.push_str("</ul>");
    // Its matches.
    let _ = write!(
        body,
        "<h2>{}</h2><table class=\"data\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("匹配的产业链环节", "Chain nodes matched"),
        lang.pick("产业链 · 环节", "chain · node"),
        lang.pick("置信度", "confidence"),
        lang.pick("角色", "role"),
        lang.pick("核实状态", "status"),
        lang.pick("主环节", "primary"),
        lang.pick("依据", "evidence")
    );
    let scope_text = c.text(Col::BusinessScope).get(row);
    let code = c.text(Col::IndustryCode).get(row);
    for m in ws.matches_of(row) {
        let node = &ws.set.nodes[m.node as usize];
        let _ = write!(
            body,
            "<tr><td>{} · {}</td><td>{:.2}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(ws.set.chains[node.chain].label(lang)),
            node_link(&ws, m.node as usize, lang),
            m.confidence,
            m.role.label(lang),
            m.status.label(lang),
            if m.primary { "✓" } else { "" },
            escape(&ws.classifier.describe(m, &ws.set, scope_text, code, lang))
        );
    }
    body.push_str("</tbody></table>");
    // Why it is a lead.
    for &r in ws.leads_of(row) {
        let l = ws.lead(r);
        let _ = write!(
            body,
            "<h2>{}</h2><p class=\"explain\">{}</p>",
            escape(&match lang {
                Lang::Zh => format!(
                    "{}线索 · 第 {} 名 · {}",
                    ws.set.chains[l.chain].label(lang),
                    r.index + 1,
                    ws.set.nodes[l.node].label(lang)
                ),
                Lang::En => format!(
                    "{} lead · rank {} · {}",
                    ws.set.chains[l.chain].label(lang),
                    r.index + 1,
                    ws.set.nodes[l.node].label(lang)
                ),
            }),
            escape(&crate::leads::reason(
                l,
                &ws.set,
                c,
                &ws.report,
                &ws.profile,
                lang
            ))
        );
        body.push_str(&kv_table(&[
            (
                lang.pick("综合得分", "score").into(),
                format!("{:.3}", l.score),
            ),
            (
                lang.pick("补链契合度", "gap fit").into(),
                format!("{:.3}", l.fit),
            ),
            (
                lang.pick("企业实力", "quality").into(),
                format!("{:.3}", l.quality),
            ),
            (
                lang.pick("扩张信号", "expansion").into(),
                format!("{:.3}", l.expansion),
            ),
            (
                lang.pick("本地关联", "closeness").into(),
                format!("{:.3}", l.closeness),
            ),
            (lang.pick("风险", "risk").into(), format!("{:.3}", l.risk)),
            (
                lang.pick("距本地（公里）", "distance (km)").into(),
                l.distance_km.map(|d| format!("{d:.0}")).unwrap_or_default(),
            ),
            (
                lang.pick("位置", "place").into(),
                l.place.label(lang).into(),
            ),
        ]));
        for (rows, zh, en) in [
            (
                &l.customers_here,
                "可供货的本地企业",
                "Firms here it could supply",
            ),
            (
                &l.suppliers_here,
                "可从其采购的本地企业",
                "Firms here it could buy from",
            ),
            (&l.group, "同一集团的企业", "Its group"),
        ] {
            if rows.is_empty() {
                continue;
            }
            let _ = write!(body, "<h3>{}</h3><ul>", lang.pick(zh, en));
            for &x in rows.iter().take(30) {
                let _ = write!(body, "<li>{}</li>", company_link(&ws, x, lang));
            }
            body.push_str("</ul>");
        }
    }
    let f = Frame {
        title: c.text(Col::Name).get(row).to_string(),
        path: &path,
        params: &p,
        data: None,
        charts: false,
    };
    page(&ws, f, &body)
}

/// At most this many leads on the map (the best by score).
const MAP_POINTS: usize = 3000;

fn map_home(ws: &Workspace) -> Value {
    json!({
        "name": ws.report.home_name,
        "lat": ws.home_point.0,
        "lon": ws.home_point.1,
    })
}

/// `/map`: the leads on a map of China.
pub async fn map(State(ws): Shared, q: Q) -> Response {
    let path = "/map";
    let p = params_or_page!(ws, q, path);
    let lang = p.lang();
    let (_, refs) = match api::lead_refs(&ws, &p) {
        Ok(x) => x,
        Err(e) => return error_page(&ws, &p, path, &e),
    };
    let c = &ws.companies;
    let points: Vec<Value> = refs
        .iter()
        .take(MAP_POINTS)
        .filter_map(|&r| {
            let l = ws.lead(r);
            let (lat, lon) = c.location(l.row)?;
            Some(json!({
                "id": ws.key(l.row),
                "name": c.text(Col::Name).get(l.row),
                "chain": ws.set.chains[l.chain].id,
                "node": ws.set.nodes[l.node].label(lang),
                "city": c.text(Col::City).get(l.row),
                "province": c.text(Col::Province).get(l.row),
                "lon": lon,
                "lat": lat,
                "score": (l.score * 1000.0).round() / 1000.0,
                "url": href(&format!("/companies/{}", encode(&ws.key(l.row))), lang),
            }))
        })
        .collect();
    let chains: Vec<Value> = ws
        .set
        .chains
        .iter()
        .enumerate()
        .map(|(i, ch)| json!({"id": ch.id, "name": ch.label(lang), "color": CHAIN_COLORS[i % CHAIN_COLORS.len()]}))
        .collect();
    let data = json!({
        "kind": "map",
        "lang": lang.pick("zh", "en"),
        "home": map_home(&ws),
        "chains": chains,
        "points": points,
        "labels": {
            "home": lang.pick("本地", "home"),
            "leads": lang.pick("家线索", "leads"),
            "click": lang.pick("点击查看企业", "click for the company"),
            "more": lang.pick("等", "and more"),
        },
    });
    let mut body = format!(
        "<h1>{}</h1>{}",
        lang.pick("线索地图", "Leads on the map"),
        filters(&ws, &p, path, true)
    );
    let _ = write!(
        body,
        "<p class=\"muted\">{}</p><div id=\"chart\" class=\"chart tall\"></div>",
        match lang {
            Lang::Zh => format!(
                "共 {} 条线索，地图显示得分最高的 {} 条；相近的企业合并为一个圆点，放大后展开，点击查看企业。",
                refs.len(),
                refs.len().min(MAP_POINTS)
            ),
            Lang::En => format!(
                "{} leads; the map shows the best {}. Nearby companies merge into one bubble that opens as you zoom in; click for the company.",
                refs.len(),
                refs.len().min(MAP_POINTS)
            ),
        }
    );
    let f = Frame {
        title: lang.pick("线索地图", "Map").into(),
        path,
        params: &p,
        data: Some(data),
        charts: true,
    };
    page(&ws, f, &body)
}

/// `/projects`: the project packaging cards of the highest-priority recruitable gaps, each linked to
/// its node, its leads and its candidate investors, with the Word and Excel files to download.
pub async fn projects(State(ws): Shared, q: Q) -> Response {
    let path = "/projects";
    let p = params_or_page!(ws, q, path);
    let lang = p.lang();
    let cards = match api::project_cards(&ws, &p) {
        Ok(c) => c,
        Err(e) => return error_page(&ws, &p, path, &e),
    };
    let mut body = format!(
        "<h1>{}</h1><p class=\"muted\">{}</p>",
        lang.pick("项目策划包装", "Project packaging"),
        lang.pick(
            "每条产业链优先级最高的可招引缺口，各一张项目卡片：为何在此、建设内容、规模参考、要素需求、产业政策和候选投资方。淘汰类环节不出卡片，限制类环节排在同等缺口之后并注明条件。",
            "One card per highest-priority recruitable gap of each chain: why here, what it builds, a typical size, what it needs, policy fit and candidate investors. Eliminated links get no card; restricted ones come after equal gaps, with their condition."
        )
    );
    body.push_str("<form class=\"filters\" method=\"get\" action=\"/projects\">");
    if lang == Lang::En {
        body.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }
    let chosen = p.get("chain").unwrap_or("");
    let _ = write!(
        body,
        "<label>{}<select name=\"chain\"><option value=\"\">{}</option>",
        lang.pick("产业链", "Chain"),
        lang.pick("全部", "all")
    );
    for c in &ws.set.chains {
        let _ = write!(
            body,
            "<option value=\"{}\"{}>{}</option>",
            escape(&c.id),
            if c.id == chosen { " selected" } else { "" },
            escape(c.label(lang))
        );
    }
    let per_chain = p.get("per_chain").unwrap_or("3");
    let _ = write!(
        body,
        "</select></label><label>{}<input type=\"number\" name=\"per_chain\" min=\"1\" max=\"20\" value=\"{}\"></label><button type=\"submit\">{}</button></form>",
        lang.pick("每链卡片数", "Cards per chain"),
        escape(per_chain),
        lang.pick("查看", "Show")
    );
    let query = p.with("offset", None);
    let _ = write!(
        body,
        "<p><a class=\"button\" href=\"/api/projects.docx{q}\">{}</a> <a class=\"button\" href=\"/api/projects.xlsx{q}\">{}</a></p>",
        lang.pick("下载 Word（每页一张卡片）", "Download Word (a card a page)"),
        lang.pick("下载 Excel", "Download Excel"),
        q = escape(&query)
    );
    if cards.is_empty() {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            lang.pick(
                "没有可招引的缺口（各环节均为强链，或属淘汰类）。",
                "No recruitable gap: every node is strong, or eliminated."
            )
        );
    }
    for card in &cards {
        let links = crate::render::projects::CardLinks {
            node: Some(href(&format!("/nodes/{}", encode(&card.node_id)), lang)),
            leads: Some(href(
                &format!("/leads?node={}", encode(&card.node_id)),
                lang,
            )),
            investors: card
                .investors
                .iter()
                .map(|i| {
                    Some(href(
                        &format!("/companies/{}", encode(&ws.key(i.row))),
                        lang,
                    ))
                })
                .collect(),
        };
        body.push_str(&crate::render::projects::card_html(card, lang, &links));
    }
    let f = Frame {
        title: lang.pick("项目策划包装", "Projects").into(),
        path,
        params: &p,
        data: None,
        charts: false,
    };
    page(&ws, f, &body)
}

/// `/trip`: choose cities and days, see the plan, its route, and the briefs to print.
pub async fn trip(State(ws): Shared, q: Q) -> Response {
    let path = "/trip";
    let p = params_or_page!(ws, q, path);
    let lang = p.lang();
    let (_, cities) = ws.lead_places();
    let chosen = p.all("city");
    let (days, visits) = match (
        api::number(&p, "days", 3, 1..=14, lang),
        api::number(&p, "visits", 4, 1..=10, lang),
    ) {
        (Ok(d), Ok(v)) => (d, v),
        (Err(e), _) | (_, Err(e)) => return error_page(&ws, &p, path, &e),
    };
    let scope = match api::scope_param(&p, lang) {
        Ok(s) => s,
        Err(e) => return error_page(&ws, &p, path, &e),
    };
    let mut body = format!(
        "<h1>{}</h1><form class=\"filters\" method=\"get\" action=\"/trip\">",
        lang.pick("出访计划", "Trip plan")
    );
    if lang == Lang::En {
        body.push_str("<input type=\"hidden\" name=\"lang\" value=\"en\">");
    }
    let _ = write!(
        body,
        "<label>{}<select name=\"city\" multiple size=\"8\">",
        lang.pick("城市（可多选）", "cities (several)")
    );
    for (name, n) in cities.iter().take(150) {
        let _ = write!(
            body,
            "<option value=\"{}\"{}>{}（{n}）</option>",
            escape(name),
            if chosen.contains(name) {
                " selected"
            } else {
                ""
            },
            escape(name)
        );
    }
    let _ = write!(
        body,
        "</select></label><label>{}<input type=\"number\" name=\"days\" min=\"1\" max=\"14\" value=\"{days}\"></label>\
<label>{}<input type=\"number\" name=\"visits\" min=\"1\" max=\"10\" value=\"{visits}\"></label>{}\
<button type=\"submit\">{}</button></form>",
        lang.pick("天数", "days"),
        lang.pick("每天拜访", "visits a day"),
        select(
            "scope",
            lang.pick("范围", "scope"),
            Scope::OutsideCity.label(lang),
            &[Scope::OutsideProvince, Scope::All]
                .iter()
                .map(|s| (s.id().to_string(), s.label(lang).to_string()))
                .collect::<Vec<_>>(),
            &p
        ),
        lang.pick("生成计划", "Plan")
    );
    let mut data = None;
    if !chosen.is_empty() {
        match plan_trip(&ws, &chosen, days, visits, scope, lang) {
            Ok((html_plan, route)) => {
                body.push_str(&html_plan);
                data = Some(route);
            }
            Err(e) => return error_page(&ws, &p, path, &e),
        }
    } else {
        let _ = write!(
            body,
            "<p class=\"muted\">{}</p>",
            lang.pick(
                "选择要去的城市和天数，生成拜访路线和每家企业的拜访简报（可打印）。",
                "Choose the cities and days to get the route and a printable brief for every visit."
            )
        );
    }
    let charts = data.is_some();
    let f = Frame {
        title: lang.pick("出访计划", "Trip").into(),
        path,
        params: &p,
        data,
        charts,
    };
    page(&ws, f, &body)
}

/// The plan's HTML (days, visits, briefs) and the route for the map.
fn plan_trip(
    ws: &Workspace,
    chosen: &[String],
    days: usize,
    visits: usize,
    scope: Scope,
    lang: Lang,
) -> Result<(String, Value), ApiError> {
    use crate::trip;
    let cities = chosen
        .iter()
        .map(|c| trip::resolve_city(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| ApiError::bad(lang, e.message(Lang::Zh), e.message(Lang::En)))?;
    let mut leads = ws.leads.clone();
    for (_, list) in &mut leads.by_chain {
        list.retain(|l| scope.admits(l.place));
    }
    let opts = trip::TripOptions {
        days,
        visits_per_day: visits,
        max_per_node: 3,
        start: None,
    };
    let plan = trip::plan(&ws.set, &ws.companies, &leads, &cities, &opts)
        .map_err(|e| ApiError::bad(lang, e.message(Lang::Zh), e.message(Lang::En)))?;
    let c = &ws.companies;
    let mut out = String::new();
    for city in &plan.empty_cities {
        let _ = write!(
            out,
            "<p class=\"muted\">{}</p>",
            escape(&trip::phrases::city_without_leads(
                &city.name, &city.code, lang
            ))
        );
    }
    let _ = write!(
        out,
        "<div id=\"chart\" class=\"chart\"></div><p><a href=\"#\" data-print class=\"button\">{}</a></p>",
        lang.pick("打印简报", "Print the briefs")
    );
    let mut stops = Vec::new();
    for d in &plan.days {
        let _ = write!(
            out,
            "<h2>{}</h2>",
            escape(&trip::phrases::day_line(
                d.number,
                &d.city.name,
                d.visits.len(),
                d.km,
                lang
            ))
        );
        let mut names = Vec::new();
        for (k, v) in d.visits.iter().enumerate() {
            let row = v.lead.row;
            let _ = write!(
                out,
                "<div class=\"brief\"><h3>{}. {} <span class=\"muted\">[{}]</span></h3><ul>",
                k + 1,
                company_link(ws, row, lang),
                escape(ws.set.nodes[v.lead.node].label(lang))
            );
            for line in trip::brief::brief(v, &ws.set, c, &ws.report, lang) {
                let _ = write!(out, "<li>{}</li>", escape(&line));
            }
            out.push_str("</ul></div>");
            names.push(json!({
                "name": c.text(Col::Name).get(row),
                "url": href(&format!("/companies/{}", encode(&ws.key(row))), lang),
            }));
        }
        stops.push(json!({
            "order": stops.len() + 1,
            "day": d.number,
            "city": d.city.name,
            "lat": d.city.seat.0,
            "lon": d.city.seat.1,
            "companies": names,
        }));
    }
    let route = json!({
        "kind": "trip",
        "lang": lang.pick("zh", "en"),
        "home": map_home(ws),
        "stops": stops,
        "labels": {
            "day": lang.pick("第{n}天", "day {n}"),
            "stop": lang.pick("第{n}站", "stop {n}"),
        },
    });
    Ok((out, route))
}
