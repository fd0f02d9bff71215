//! The trip's files: `trip.xlsx` (the schedule and a brief per company), `trip.json` (days, visits
//! and briefs for other tools) and `trip.html` (each day's route drawn, the visits and briefs).

use std::fmt::Write as _;
use std::path::Path;

use super::html::{escape, table_head};
use super::report::ReportError;
use crate::base::{write_xlsx_sheets, Data, Table};
use crate::chain::ChainSet;
use crate::company::{Col, Companies};
use crate::gaps::GapReport;
use crate::lang::Lang;
use crate::leads::{self, Profile};
use crate::trip::{self, phrases, Day, TripPlan, Visit};

/// What the trip's files are made of.
#[derive(Debug, Clone, Copy)]
pub struct TripData<'a> {
    /// The plan.
    pub plan: &'a TripPlan,
    /// The chains.
    pub set: &'a ChainSet,
    /// The companies the leads point into.
    pub companies: &'a Companies,
    /// The home region's diagnosis.
    pub gaps: &'a GapReport,
    /// The lead profile (for the reasons).
    pub profile: &'a Profile,
}

/// Writes `trip.xlsx`, `trip.json` and `trip.html` into `dir` (created when missing).
pub fn write_trip(dir: &Path, data: &TripData, lang: Lang) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    write_xlsx(&dir.join("trip.xlsx"), data, lang)?;
    let json = dir.join("trip.json");
    crate::atomic::write_bytes(&json, trip_json(data, lang)).map_err(|e| io(&json, e))?;
    let html = dir.join("trip.html");
    crate::atomic::write_bytes(&html, trip_html(data, lang)).map_err(|e| io(&html, e))?;
    Ok(())
}

fn io(path: &Path, e: impl std::fmt::Display) -> ReportError {
    ReportError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Every visit with its day and its place in the day's order.
fn visits(plan: &TripPlan) -> Vec<(&Day, usize, &Visit)> {
    plan.days
        .iter()
        .flat_map(|d| d.visits.iter().enumerate().map(move |(k, v)| (d, k, v)))
        .collect()
}

/// The workbook: the schedule sheet and the briefs sheet.
fn write_xlsx(path: &Path, data: &TripData, lang: Lang) -> Result<(), ReportError> {
    let visits = visits(data.plan);
    write_xlsx_sheets(
        path,
        &[
            (
                lang.pick("日程", "schedule"),
                &schedule_table(&visits, data, lang),
            ),
            (
                lang.pick("企业简报", "briefs"),
                &briefs_table(&visits, data, lang),
            ),
        ],
    )?;
    Ok(())
}

/// One row a visit: day, order, city, company, place, area, node and why.
pub fn schedule_table(visits: &[(&Day, usize, &Visit)], data: &TripData, lang: Lang) -> Table {
    let TripData {
        set,
        companies: c,
        gaps,
        profile,
        ..
    } = *data;
    let text = |f: &dyn Fn(&Day, usize, &Visit) -> String| {
        Data::Text(visits.iter().map(|&(d, k, v)| f(d, k, v)).collect())
    };
    let mut t = Table::default();
    t.push(
        lang.pick("日程", "day"),
        Data::Int(
            visits
                .iter()
                .map(|(d, _, _)| Some(d.number as i64))
                .collect(),
        ),
    )
    .push(
        lang.pick("顺序", "order"),
        Data::Int(visits.iter().map(|(_, k, _)| Some(*k as i64 + 1)).collect()),
    )
    .push(
        lang.pick("城市", "city"),
        text(&|d, _, _| d.city.name.clone()),
    )
    .push(
        lang.pick("企业名称", "company"),
        text(&|_, _, v| c.text(Col::Name).get(v.lead.row).to_string()),
    )
    .push(
        lang.pick("所在地", "place"),
        text(&|_, _, v| v.lead.place.label(lang).to_string()),
    )
    .push(
        lang.pick("所在区县", "area"),
        text(&|_, _, v| c.text(Col::District).get(v.lead.row).to_string()),
    )
    .push(
        lang.pick("匹配环节", "node"),
        text(&|_, _, v| set.nodes[v.lead.node].label(lang).to_string()),
    )
    .push(
        lang.pick("推荐理由", "why"),
        text(&|_, _, v| leads::reason(&v.lead, set, c, gaps, profile, lang)),
    );
    t
}

/// One row a visit: the company and its brief, one line a section.
pub fn briefs_table(visits: &[(&Day, usize, &Visit)], data: &TripData, lang: Lang) -> Table {
    let c = data.companies;
    let mut t = Table::default();
    t.push(
        lang.pick("企业名称", "company"),
        Data::Text(
            visits
                .iter()
                .map(|(_, _, v)| c.text(Col::Name).get(v.lead.row).to_string())
                .collect(),
        ),
    )
    .push(
        lang.pick("企业简报", "brief"),
        Data::Text(
            visits
                .iter()
                .map(|(_, _, v)| trip::brief(v, data.set, c, data.gaps, lang).join("\n"))
                .collect(),
        ),
    );
    t
}

/// The plan as pretty-printed JSON: the home region, the days with their visits and briefs, and
/// the cities without leads.
pub fn trip_json(data: &TripData, lang: Lang) -> String {
    let TripData {
        plan,
        set,
        companies: c,
        gaps,
        ..
    } = *data;
    let days: Vec<serde_json::Value> = plan
        .days
        .iter()
        .map(|d| {
            serde_json::json!({
                "day": d.number, "city": d.city.name, "city_code": d.city.code, "km": (d.km * 10.0).round() / 10.0,
                "start": [d.start.0, d.start.1],
                "visits": d.visits.iter().map(|v| serde_json::json!({
                    "company": c.text(Col::Name).get(v.lead.row), "uscc": c.text(Col::Uscc).get(v.lead.row),
                    "node": set.nodes[v.lead.node].id, "place": v.lead.place.label(Lang::En), "place_zh": v.lead.place.label(Lang::Zh), "score": (v.lead.score * 1000.0).round() / 1000.0,
                    "lat": v.at.0, "lon": v.at.1, "brief": trip::brief(v, set, c, gaps, lang),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = serde_json::json!({
        "home": gaps.home, "home_name": gaps.home_name,
        "days": days,
        "cities_without_leads": plan.empty_cities.iter().map(|x| x.name.clone()).collect::<Vec<_>>(),
    });
    // A Value of strings and numbers always serialises.
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

const STYLE: &str = "body{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;max-width:1100px;margin:24px auto;line-height:1.5}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:4px 6px;vertical-align:top}th{background:#e8eef7}.brief{border-left:4px solid #1565c0;padding:4px 12px;margin:10px 0}@media print{h2{page-break-before:always}}";

/// The trip page: the home region, the cities without leads, then per day its route drawing, the
/// visits table and the briefs.
pub fn trip_html(data: &TripData, lang: Lang) -> String {
    let TripData { plan, gaps, .. } = *data;
    let title = lang.pick("外出招商行程", "Trip plan");
    let mut h = String::new();
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1>",
        lang.pick("zh-CN", "en"),
    );
    let _ = write!(
        h,
        "<p>{}</p>",
        escape(&phrases::home_line(&gaps.home, &gaps.home_name, lang))
    );
    for city in &plan.empty_cities {
        let _ = write!(
            h,
            "<p>{}</p>",
            escape(&phrases::city_without_leads_short(&city.name, lang))
        );
    }
    for d in &plan.days {
        day_html(&mut h, d, data, lang);
    }
    h.push_str("</body></html>\n");
    h
}

/// One day on the trip page.
fn day_html(h: &mut String, d: &Day, data: &TripData, lang: Lang) {
    let TripData {
        set,
        companies: c,
        gaps,
        profile,
        ..
    } = *data;
    let _ = write!(
        h,
        "<h2>{}</h2>",
        escape(&phrases::day_heading(
            d.number,
            &d.city.name,
            d.visits.len(),
            d.km,
            lang
        ))
    );
    h.push_str(&route_svg(d));
    h.push_str(&route_legend(lang));
    h.push_str(&table_head(&[
        lang.pick("顺序", "#"),
        lang.pick("企业", "Company"),
        lang.pick("所在地", "Place"),
        lang.pick("区县", "Area"),
        lang.pick("环节", "Node"),
        lang.pick("理由", "Why"),
    ]));
    for (k, v) in d.visits.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            k + 1,
            escape(c.text(Col::Name).get(v.lead.row)),
            v.lead.place.label(lang),
            escape(c.text(Col::District).get(v.lead.row)),
            escape(set.nodes[v.lead.node].label(lang)),
            escape(&leads::reason(&v.lead, set, c, gaps, profile, lang))
        );
    }
    h.push_str("</table>");
    for (k, v) in d.visits.iter().enumerate() {
        let _ = write!(
            h,
            "<div class=\"brief\"><h3>{}. {}</h3>",
            k + 1,
            escape(c.text(Col::Name).get(v.lead.row))
        );
        for line in trip::brief(v, set, c, gaps, lang) {
            let _ = write!(h, "<p>{}</p>", escape(&line));
        }
        h.push_str("</div>");
    }
}

/// The key to the route drawing's colours and marks.
fn route_legend(lang: Lang) -> String {
    format!(
        "<p class=\"legend\"><span style=\"color:#c62828\">■</span> {} &nbsp; <span style=\"color:#1565c0\">━</span> {} &nbsp; <span style=\"color:#1565c0\">◯</span> {}</p>",
        lang.pick("每日出发和返回地点", "start and end of the day"),
        lang.pick("路线（直线距离）", "route (straight lines)"),
        lang.pick("拜访企业，数字为拜访顺序", "visits, numbered in order")
    )
}

/// A drawing of a day's route: the start as a square, the stops numbered in order.
pub fn route_svg(d: &Day) -> String {
    let mut pts = vec![d.start];
    pts.extend(d.visits.iter().map(|v| v.at));
    let (mut lat0, mut lat1, mut lon0, mut lon1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &pts {
        lat0 = lat0.min(p.0);
        lat1 = lat1.max(p.0);
        lon0 = lon0.min(p.1);
        lon1 = lon1.max(p.1);
    }
    let span = (lat1 - lat0).max(lon1 - lon0).max(0.01);
    let xy = |p: (f64, f64)| {
        (
            30.0 + (p.1 - lon0) / span * 540.0,
            330.0 - (p.0 - lat0) / span * 300.0,
        )
    };
    let mut s = String::from("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"360\" viewBox=\"0 0 600 360\" style=\"border:1px solid #ddd\">");
    let mut path = String::new();
    for (k, p) in pts.iter().chain(std::iter::once(&d.start)).enumerate() {
        let (x, y) = xy(*p);
        let _ = write!(path, "{}{x:.1},{y:.1} ", if k == 0 { "M" } else { "L" });
    }
    let _ = write!(
        s,
        "<path d=\"{path}\" fill=\"none\" stroke=\"#1565c0\" stroke-width=\"2\"/>"
    );
    let (sx, sy) = xy(d.start);
    let _ = write!(
        s,
        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"#c62828\"/>",
        sx - 6.0,
        sy - 6.0
    );
    for (k, v) in d.visits.iter().enumerate() {
        let (x, y) = xy(v.at);
        let _ = write!(s, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"11\" fill=\"#fff\" stroke=\"#1565c0\" stroke-width=\"2\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\">{}</text>", y + 4.0, k + 1);
    }
    s.push_str("</svg>");
    s
}
