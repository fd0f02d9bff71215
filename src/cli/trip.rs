//! `chainlead trip`: whom to visit on an outbound trip, in what order, with a brief each.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use chainlead::company::Col;
use chainlead::gaps::{self, GapConfig};
use chainlead::leads::{self, LeadFilter, Profile};
use chainlead::render::report::{escape, table_head};
use chainlead::render::table::write_xlsx_sheets;
use chainlead::render::{Data, Table};
use chainlead::trip::{self, TripOptions, TripPlan};
use chainlead::Lang;

use super::Context;

/// Arguments of `chainlead trip`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "示例 / Examples:\n  chainlead trip --cities 深圳,东莞 --days 3 -o 深圳之行\n  \
chainlead trip --cities 常州,无锡 --days 2 --chain pv --visits-per-day 5 -o pv-trip\n\n\
写出 trip.xlsx（日程表和企业简报）、trip.html（每日路线图和简报）、trip.json。"
)]
pub struct Args {
    #[command(flatten)]
    region: super::RegionArgs,
    /// 目的城市，名称或代码，用逗号、顿号或空格分隔：深圳、东莞 (destination cities, names or codes)
    #[arg(long, required = true, num_args = 1.., value_name = "CITIES")]
    cities: Vec<String>,
    /// 出行天数 (days)
    #[arg(long, value_parser = super::values::at_least_one)]
    days: usize,
    /// 每天拜访企业数 (visits per day)
    #[arg(long, default_value_t = 4, value_parser = super::values::at_least_one)]
    visits_per_day: usize,
    /// 每个环节最多拜访几家 (at most this many visits per node)
    #[arg(long, default_value_t = 2, value_parser = super::values::at_least_one)]
    max_per_node: usize,
    /// 只看一条产业链，代码或名称（pv、光伏）(one chain, by id or name)
    #[arg(long, value_name = "CHAIN")]
    chain: Option<String>,
    /// 按企业所在地筛选线索：outside-city（市域外，缺省）、outside-province（省外）、all（全部）
    /// (which leads by where they lie)
    #[arg(long, default_value = "outside-city", value_parser = super::leads::parse_scope, value_name = "SCOPE")]
    scope: leads::Scope,
    /// 每天出发和返回的地点：纬度,经度 (start and end of each day: LAT,LON)
    #[arg(long, value_name = "LAT,LON")]
    start: Option<String>,
    /// 输出目录 (output directory)
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
}

/// Runs `chainlead trip`.
pub fn run(ctx: &Context, args: Args) -> Result<ExitCode> {
    let lang = ctx.lang;
    super::resolve_home(&args.region, lang)?;
    let set = ctx.load_chains()?;
    let cities = super::values::split_list(&args.cities)
        .iter()
        .map(|c| trip::resolve_city(c))
        .collect::<Result<Vec<_>, _>>()?;
    let start = match &args.start {
        Some(s) => {
            let parts: Vec<f64> = s.split(',').filter_map(|x| x.trim().parse().ok()).collect();
            anyhow::ensure!(
                parts.len() == 2,
                "{}",
                lang.pick(
                    "--start 应写成“纬度,经度”，例如 22.54,114.06",
                    "--start wants LAT,LON, e.g. 22.54,114.06"
                )
            );
            Some((parts[0], parts[1]))
        }
        None => None,
    };
    let chain = ctx.chain_arg(&set, args.chain.as_deref())?;
    let super::Diagnosed {
        companies,
        source,
        matches,
        report: diagnosis,
    } = ctx.diagnose(
        &set,
        &args.region,
        chainlead::classify::DEFAULT_MIN_CONFIDENCE,
        &GapConfig::default(),
    )?;
    let profile = Profile::default_profile();
    let ranked = leads::rank(
        &set,
        &companies,
        &matches,
        &diagnosis,
        &profile,
        &LeadFilter {
            chain,
            scope: args.scope,
            ..LeadFilter::default()
        },
    );
    let opts = TripOptions {
        days: args.days,
        visits_per_day: args.visits_per_day,
        max_per_node: args.max_per_node,
        start,
    };
    let plan = trip::plan(&set, &companies, &ranked, &cities, &opts)?;
    println!(
        "{}{}{source}",
        lang.pick("企业数据", "companies"),
        lang.pick("：", ": ")
    );
    println!("{}", super::home_line(&diagnosis, lang));
    println!("{}", super::leads::scope_line(args.scope, lang));
    for city in &plan.empty_cities {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{}（{}）：没有符合本地缺口的线索，未安排拜访",
                    city.name, city.code
                ),
                Lang::En => format!(
                    "{} ({}): no leads for the home region's gaps; no visits planned",
                    city.name, city.code
                ),
            }
        );
    }
    for city in &plan.unvisited_cities {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{}（{}）：有线索，但天数不够，未安排（按输入顺序安排城市）",
                    city.name, city.code
                ),
                Lang::En => format!(
                    "{} ({}): has leads but no day is left (cities are taken in the order given)",
                    city.name, city.code
                ),
            }
        );
    }
    for d in &plan.days {
        println!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "第{}天 {}：{} 家，路线 {:.1} 公里",
                    d.number,
                    d.city.name,
                    d.visits.len(),
                    d.km
                ),
                Lang::En => format!(
                    "day {} {}: {} visits, {:.1} km",
                    d.number,
                    d.city.name,
                    d.visits.len(),
                    d.km
                ),
            }
        );
        for (k, v) in d.visits.iter().enumerate() {
            println!(
                "  {}. {}  [{}]  {}",
                k + 1,
                companies.text(Col::Name).get(v.lead.row),
                set.nodes[v.lead.node].label(lang),
                companies.text(Col::District).get(v.lead.row)
            );
        }
    }
    std::fs::create_dir_all(&args.output)?;
    write_outputs(
        &args.output,
        &plan,
        &set,
        &companies,
        &diagnosis,
        &profile,
        lang,
    )?;
    println!("{} {}", lang.pick("已写出", "wrote"), args.output.display());
    Ok(ExitCode::SUCCESS)
}

fn write_outputs(
    dir: &std::path::Path,
    plan: &TripPlan,
    set: &chainlead::ChainSet,
    c: &chainlead::company::Companies,
    gaps: &gaps::GapReport,
    profile: &Profile,
    lang: Lang,
) -> Result<()> {
    let visits: Vec<(&trip::Day, usize, &trip::Visit)> = plan
        .days
        .iter()
        .flat_map(|d| d.visits.iter().enumerate().map(move |(k, v)| (d, k, v)))
        .collect();
    let text = |f: &dyn Fn(&trip::Day, usize, &trip::Visit) -> String| {
        Data::Text(visits.iter().map(|&(d, k, v)| f(d, k, v)).collect())
    };
    let mut schedule = Table::default();
    schedule
        .push(
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
    let mut briefs = Table::default();
    briefs
        .push(
            lang.pick("企业名称", "company"),
            text(&|_, _, v| c.text(Col::Name).get(v.lead.row).to_string()),
        )
        .push(
            lang.pick("企业简报", "brief"),
            text(&|_, _, v| trip::brief(v, set, c, gaps, lang).join("\n")),
        );
    write_xlsx_sheets(
        &dir.join("trip.xlsx"),
        &[
            (lang.pick("日程", "schedule"), &schedule),
            (lang.pick("企业简报", "briefs"), &briefs),
        ],
    )?;
    // JSON.
    let json: Vec<serde_json::Value> = plan
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
    chainlead::atomic::write_bytes(
        dir.join("trip.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "home": gaps.home, "home_name": gaps.home_name,
            "days": json,
            "cities_without_leads": plan.empty_cities.iter().map(|x| x.name.clone()).collect::<Vec<_>>(),
        }))?,
    )?;
    // HTML.
    let mut h = String::new();
    let _ = write!(h, "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title><style>body{{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;max-width:1100px;margin:24px auto;line-height:1.5}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ddd;padding:4px 6px;vertical-align:top}}th{{background:#e8eef7}}.brief{{border-left:4px solid #1565c0;padding:4px 12px;margin:10px 0}}@media print{{h2{{page-break-before:always}}}}</style></head><body><h1>{}</h1>", lang.pick("zh-CN", "en"), lang.pick("外出招商行程", "Trip plan"), lang.pick("外出招商行程", "Trip plan"));
    let _ = write!(h, "<p>{}</p>", escape(&super::home_line(gaps, lang)));
    for city in &plan.empty_cities {
        let _ = write!(
            h,
            "<p>{}</p>",
            escape(&format!(
                "{}{}",
                city.name,
                lang.pick(
                    "：没有符合本地缺口的线索",
                    ": no leads for the home region's gaps"
                )
            ))
        );
    }
    for d in &plan.days {
        let _ = write!(
            h,
            "<h2>{}</h2>",
            escape(&match lang {
                Lang::Zh => format!(
                    "第{}天 · {} · {} 家 · 路线 {:.1} 公里",
                    d.number,
                    d.city.name,
                    d.visits.len(),
                    d.km
                ),
                Lang::En => format!(
                    "Day {} · {} · {} visits · {:.1} km",
                    d.number,
                    d.city.name,
                    d.visits.len(),
                    d.km
                ),
            })
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
    h.push_str("</body></html>\n");
    chainlead::atomic::write_bytes(dir.join("trip.html"), h)?;
    Ok(())
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
fn route_svg(d: &trip::Day) -> String {
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
