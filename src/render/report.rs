//! The HTML report: one self-contained `index.html` (inline SVG, no script, no external file or
//! font) with the summary per chain, the charts, the gap table and the top leads with their reasons,
//! beside `charts/` (PNG and SVG of every chart), `gaps.xlsx` and `leads.xlsx`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::charts::{self, ChartError};
use super::html::{escape, table_head};
use crate::base::{write_xlsx_sheets, TableError};
use crate::chain::ChainSet;
use crate::company::{Col, Companies};
use crate::gaps::{gap_table, GapReport, Status};
use crate::lang::Lang;
use crate::leads::{reason, Leads, Profile};
use crate::region::Regions;

/// What can go wrong writing the report (or the trip's files). Displayed in English;
/// [`ReportError::message`] says it in either language.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A chart.
    #[error(transparent)]
    Chart(#[from] ChartError),
    /// A table.
    #[error(transparent)]
    Table(#[from] TableError),
    /// A file or directory.
    #[error("{}", self.message(Lang::En))]
    Io { path: String, message: String },
}

impl ReportError {
    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ReportError::Chart(e) => e.message(lang),
            ReportError::Table(e) => e.message(lang),
            ReportError::Io { path, message } => crate::base::write_failed(path, message, lang),
        }
    }
}

fn io(path: &Path, e: impl std::fmt::Display) -> ReportError {
    ReportError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// An SVG file's markup for inlining (without its XML declaration).
fn inline_svg(path: &Path) -> Result<String, ReportError> {
    let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    let start = text.find("<svg").unwrap_or(0);
    Ok(text[start..].to_string())
}

const STYLE: &str = "body{font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:24px auto;max-width:1400px;color:#222;line-height:1.5}\
h1{font-size:26px}h2{font-size:22px;border-bottom:2px solid #1565c0;padding-bottom:4px;margin-top:40px}h3{font-size:17px}\
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}\
th{background:#e8eef7;white-space:nowrap}td:not(:last-child){white-space:nowrap}td:last-child{min-width:16em}.chart svg{max-width:100%;height:auto}.strong{color:#2e7d32}.weak{color:#e65100}.missing{color:#c62828}\
.num{text-align:right}.warn{background:#fff3e0;border-left:4px solid #e65100;padding:8px 12px;margin:12px 0}\
dl.method dt{font-weight:bold;margin-top:8px}dl.method dd{margin:2px 0 0 1.5em}@media print{h2{page-break-before:always}.chart{page-break-inside:avoid}}";

/// Writes the report into `dir`; returns the path of `index.html`. The report is built in a
/// directory beside `dir` and swapped in whole, so a failed run leaves the previous report intact.
#[allow(clippy::too_many_arguments)]
pub fn write_report(
    dir: &Path,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    leads: &Leads,
    profile: &Profile,
    source: &str,
    date: &str,
    lang: Lang,
) -> Result<PathBuf, ReportError> {
    crate::atomic::write_dir(
        dir,
        |tmp| write_report_into(tmp, set, c, gaps, leads, profile, source, date, lang),
        |e| io(dir, e),
    )?;
    Ok(dir.join("index.html"))
}

/// What the report is made of.
#[derive(Clone, Copy)]
struct Report<'a> {
    set: &'a ChainSet,
    c: &'a Companies,
    gaps: &'a GapReport,
    leads: &'a Leads,
    profile: &'a Profile,
    source: &'a str,
    date: &'a str,
    lang: Lang,
}

#[allow(clippy::too_many_arguments)]
fn write_report_into(
    dir: &Path,
    set: &ChainSet,
    c: &Companies,
    gaps: &GapReport,
    leads: &Leads,
    profile: &Profile,
    source: &str,
    date: &str,
    lang: Lang,
) -> Result<PathBuf, ReportError> {
    let r = Report {
        set,
        c,
        gaps,
        leads,
        profile,
        source,
        date,
        lang,
    };
    let chart_dir = dir.join("charts");
    std::fs::create_dir_all(&chart_dir).map_err(|e| io(&chart_dir, e))?;
    write_workbooks(dir, &r)?;
    let mut h = head_html(&r);
    h.push_str(&summary_html(&r));
    for ci in 0..set.chains.len() {
        draw_charts(&chart_dir, &r, ci)?;
        chain_html(&mut h, &chart_dir, &r, ci)?;
    }
    h.push_str("</body></html>\n");
    let index = dir.join("index.html");
    crate::atomic::write_bytes(&index, h).map_err(|e| io(&index, e))?;
    Ok(index)
}

/// `gaps.xlsx` and `leads.xlsx`.
fn write_workbooks(dir: &Path, r: &Report) -> Result<(), ReportError> {
    let Report {
        set,
        c,
        gaps,
        leads,
        profile,
        lang,
        ..
    } = *r;
    let gap_sheet = gap_table(gaps, set, None, lang, true);
    write_xlsx_sheets(
        &dir.join("gaps.xlsx"),
        &[(lang.pick("缺链诊断", "gaps"), &gap_sheet)],
    )?;
    super::leads::write_leads_xlsx(&dir.join("leads.xlsx"), leads, set, c, gaps, profile, lang)?;
    Ok(())
}

/// The page's head, title, data line and the diagnosis's warnings.
fn head_html(r: &Report) -> String {
    let Report {
        gaps,
        source,
        date,
        lang,
        ..
    } = *r;
    let mut h = String::new();
    let title = match lang {
        Lang::Zh => format!("产业链招商诊断报告 · {} {}", gaps.home_name, gaps.home),
        Lang::En => format!("Industry-chain report · {} {}", gaps.home_name, gaps.home),
    };
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body>",
        lang.pick("zh-CN", "en"),
        escape(&title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p>{}{}{}；{}</p>",
        escape(&title),
        lang.pick("企业数据", "Companies"),
        lang.pick("：", ": "),
        escape(source),
        escape(&format!("{} {date}", lang.pick("数据日期", "data of")))
    );
    h.push_str(&super::method::warnings_html(gaps, lang));
    h
}

/// The summary table (per chain: strong, weak, missing, coverage, top opportunity) and the method.
fn summary_html(r: &Report) -> String {
    let Report {
        set,
        gaps,
        profile,
        lang,
        ..
    } = *r;
    let mut h = String::new();
    let _ = write!(
        h,
        "<h2>{}</h2>{}",
        lang.pick("总览", "Summary"),
        table_head(&[
            lang.pick("产业链", "Chain"),
            lang.pick("强链", "Strong"),
            lang.pick("弱链", "Weak"),
            lang.pick("缺链", "Missing"),
            lang.pick("覆盖率", "Coverage"),
            lang.pick("首要机会", "Top opportunity"),
        ])
    );
    for (ci, chain) in set.chains.iter().enumerate() {
        let count = |s: Status| {
            gaps.nodes
                .iter()
                .filter(|g| set.nodes[g.node].chain == ci && g.status == s)
                .count()
        };
        let top = gaps
            .nodes
            .iter()
            .filter(|g| set.nodes[g.node].chain == ci && g.priority > 0.0)
            .max_by(|a, b| a.priority.total_cmp(&b.priority).then(b.node.cmp(&a.node)))
            .map(|g| {
                format!(
                    "{}（{}）",
                    set.nodes[g.node].label(lang),
                    g.opportunity.label(lang)
                )
            })
            .unwrap_or_default();
        let _ = write!(
            h,
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"num strong\">{}</td><td class=\"num weak\">{}</td><td class=\"num missing\">{}</td><td class=\"num\">{:.0}%</td><td>{}</td></tr>",
            escape(&chain.id),
            escape(chain.label(lang)),
            count(Status::Strong),
            count(Status::Weak),
            count(Status::Missing),
            gaps.coverage(set, ci) * 100.0,
            escape(&top)
        );
    }
    h.push_str("</table>");
    h.push_str(&super::method::method_html(
        gaps.mass,
        profile,
        &crate::gaps::GapConfig::default(),
        lang,
    ));
    h
}

/// A chart file of chain `ci`: `charts/<chain>-<kind>.<ext>`.
fn chart_path(chart_dir: &Path, r: &Report, ci: usize, kind: &str, ext: &str) -> PathBuf {
    chart_dir.join(format!("{}-{kind}.{ext}", r.set.chains[ci].id))
}

/// The ranked leads of chain `ci` (empty when it has none).
fn leads_of<'a>(r: &Report<'a>, ci: usize) -> &'a [crate::leads::Lead] {
    r.leads
        .by_chain
        .iter()
        .find(|(x, _)| *x == ci)
        .map(|(_, l)| l.as_slice())
        .unwrap_or(&[])
}

fn lead_title(r: &Report, ci: usize) -> String {
    format!(
        "{} {}",
        r.set.chains[ci].label(r.lang),
        r.lang.pick("重点线索", "top leads")
    )
}

/// The four charts of chain `ci`, as PNG and SVG: gap map, LQ bars, opportunities, lead map.
fn draw_charts(chart_dir: &Path, r: &Report, ci: usize) -> Result<(), ReportError> {
    let Report {
        set,
        c,
        gaps,
        date,
        lang,
        ..
    } = *r;
    let f = |k: &str, e: &str| chart_path(chart_dir, r, ci, k, e);
    charts::gap_map(
        set,
        ci,
        gaps,
        date,
        lang,
        (Some(&f("gap-map", "png")), Some(&f("gap-map", "svg"))),
    )?;
    charts::lq_bars(
        set,
        ci,
        gaps,
        lang,
        (Some(&f("lq", "png")), Some(&f("lq", "svg"))),
    )?;
    charts::opportunities(
        set,
        ci,
        gaps,
        lang,
        (
            Some(&f("opportunities", "png")),
            Some(&f("opportunities", "svg")),
        ),
    )?;
    let points: Vec<(String, f64, f64)> = leads_of(r, ci)
        .iter()
        .filter_map(|l| {
            let (lat, lon) = c.location(l.row)?;
            Some((c.text(Col::Province).get(l.row).to_string(), lat, lon))
        })
        .collect();
    let home = Regions::embedded().map_point(&gaps.home);
    charts::lead_map(
        &points,
        (home.0, home.1, &gaps.home_name),
        &lead_title(r, ci),
        lang,
        (Some(&f("leads", "png")), Some(&f("leads", "svg"))),
    )?;
    Ok(())
}

/// The section of chain `ci`: its charts inline, the gap table, the top leads and the lead map.
fn chain_html(h: &mut String, chart_dir: &Path, r: &Report, ci: usize) -> Result<(), ReportError> {
    let chain = &r.set.chains[ci];
    let f = |k: &str| chart_path(chart_dir, r, ci, k, "svg");
    let _ = write!(
        h,
        "<h2 id=\"{}\">{}</h2>",
        escape(&chain.id),
        escape(chain.label(r.lang))
    );
    for kind in ["gap-map", "lq", "opportunities"] {
        let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&f(kind))?);
    }
    h.push_str(&gap_table_html(r, ci));
    h.push_str(&lead_table_html(r, ci));
    let _ = write!(h, "<div class=\"chart\">{}</div>", inline_svg(&f("leads"))?);
    Ok(())
}

/// The gap table of chain `ci`: one row a node.
fn gap_table_html(r: &Report, ci: usize) -> String {
    let Report {
        set, gaps, lang, ..
    } = *r;
    let mut h = String::new();
    let _ = write!(
        h,
        "<h3>{}</h3>{}",
        lang.pick("缺口表", "Gap table"),
        table_head(&[
            lang.pick("环节", "Node"),
            lang.pick("层级", "Tier"),
            lang.pick("本地企业", "Local firms"),
            lang.pick("区位熵", "LQ"),
            lang.pick("关联密度", "Density"),
            lang.pick("状态", "Status"),
            lang.pick("优先级", "Priority"),
            lang.pick("说明", "Why"),
        ])
    );
    for g in gaps.nodes.iter().filter(|g| set.nodes[g.node].chain == ci) {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.2}</td><td class=\"num\">{:.2}</td><td class=\"{}\">{}</td><td class=\"num\">{:.3}</td><td>{}</td></tr>",
            escape(set.nodes[g.node].label(lang)),
            set.nodes[g.node].tier.label(lang),
            g.local_count,
            g.lq,
            g.density,
            g.status.as_str(),
            g.status.label(lang),
            g.priority,
            escape(&gaps.explain(set, g, lang))
        );
    }
    h.push_str("</table>");
    h
}

/// The top 20 leads of chain `ci` with their reasons, the scope line and what was held back.
fn lead_table_html(r: &Report, ci: usize) -> String {
    let Report {
        set,
        c,
        gaps,
        leads,
        profile,
        lang,
        ..
    } = *r;
    let mut h = String::new();
    let _ = write!(
        h,
        "<h3>{}</h3>{}",
        escape(&lead_title(r, ci)),
        table_head(&[
            lang.pick("排名", "Rank"),
            lang.pick("企业名称", "Company"),
            lang.pick("所在地", "Place"),
            lang.pick("城市", "City"),
            lang.pick("匹配环节", "Node"),
            lang.pick("综合得分", "Score"),
            lang.pick("推荐理由", "Why"),
        ])
    );
    let _ = write!(
        h,
        "<p>{}{}{}</p>",
        lang.pick("线索范围：", "Lead scope: "),
        leads.scope.label(lang),
        lang.pick(
            "；所在地：省外、省内市外、市内（相对本地区划）",
            "; place: outside the province, in the province outside the city, or in the city (seen from home)"
        )
    );
    for (k, l) in leads_of(r, ci).iter().take(20).enumerate() {
        let _ = write!(
            h,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.3}</td><td>{}</td></tr>",
            k + 1,
            escape(c.text(Col::Name).get(l.row)),
            l.place.label(lang),
            escape(c.text(Col::City).get(l.row)),
            escape(set.nodes[l.node].label(lang)),
            l.score,
            escape(&reason(l, set, c, gaps, profile, lang))
        );
    }
    h.push_str("</table>");
    if let Some(line) = crate::leads::held_back_line(leads, ci, set, profile, lang) {
        let _ = write!(h, "<p>{}</p>", escape(&line));
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(escape("a & \"b\" 'c'"), "a &amp; &quot;b&quot; &#39;c&#39;");
        assert_eq!(escape("光伏玻璃"), "光伏玻璃");
    }

    #[test]
    fn short_columns_do_not_wrap_and_the_explanation_takes_the_rest() {
        // Headers and every cell but the last (说明 / 推荐理由) stay on one line: a narrow page
        // squeezes the long text, not 层级 or 强链 into one character per line.
        assert!(STYLE.contains("th{background:#e8eef7;white-space:nowrap}"));
        assert!(STYLE.contains("td:not(:last-child){white-space:nowrap}"));
        assert!(STYLE.contains("td:last-child{min-width:16em}"));
    }
}
