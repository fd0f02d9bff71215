//! The project cards' files: `projects.docx` (one card per page, editable in Word and WPS),
//! `projects.html` (self-contained and printable, one card per page) and `projects.xlsx` (one row
//! per card).

use std::fmt::Write as _;
use std::path::Path;

use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Run, RunFonts, Shading, Table,
    TableCell, TableRow, WidthType,
};

use super::html::escape;
use crate::base::{Data, TableError};
use crate::lang::Lang;
use crate::projects::{need_text, plain, Card};

/// What a set of cards is about: the home region, the data and the date, for the cover.
#[derive(Debug, Clone)]
pub struct Cover {
    /// The home region's full name.
    pub home: String,
    /// Where the companies came from, in a line.
    pub source: String,
    /// The date the cards were made (YYYY-MM-DD).
    pub date: String,
}

/// Text a DOCX or XML file may hold: XML 1.0 has no place for control characters other than tab,
/// line feed and carriage return, and a company name from a vendor export may carry one.
pub fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}')
        })
        .collect()
}

fn labels(lang: Lang) -> [&'static str; 8] {
    [
        lang.pick("项目名称", "Project"),
        lang.pick("产业链与环节", "Chain and node"),
        lang.pick("为何在此", "Why here"),
        lang.pick("建设内容", "What it builds"),
        lang.pick("投资与规模参考", "Typical size"),
        lang.pick("要素需求", "What it needs"),
        lang.pick("产业政策", "Policy fit"),
        lang.pick("候选投资方", "Candidate investors"),
    ]
}

/// The card's chain, node, tier of the gap and priority in a line.
fn position(card: &Card, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}·{}（{}，{}，优先级{:.3}）",
            card.chain_name,
            card.node_name,
            card.status.label(lang),
            card.opportunity.label(lang),
            card.priority
        ),
        Lang::En => format!(
            "{}: {} ({}, {}, priority {:.3})",
            card.chain_name,
            card.node_name,
            card.status.label(lang),
            card.opportunity.label(lang),
            card.priority
        ),
    }
}

/// Land, energy and water, one line each.
fn needs_lines(card: &Card, lang: Lang) -> [String; 3] {
    let sep = lang.pick("：", ": ");
    [
        format!(
            "{}{sep}{}",
            lang.pick("用地", "Land"),
            need_text(&card.needs.land, lang)
        ),
        format!(
            "{}{sep}{}",
            lang.pick("能耗", "Energy"),
            need_text(&card.needs.energy, lang)
        ),
        format!(
            "{}{sep}{}",
            lang.pick("用水", "Water"),
            need_text(&card.needs.water, lang)
        ),
    ]
}

/// The headers of a card's investor table; the contacts column only when some investor has them.
fn investor_headers(lang: Lang, contacts: bool) -> Vec<&'static str> {
    let mut h = vec![
        lang.pick("序号", "#"),
        lang.pick("企业名称与主营产品", "Company and products"),
        lang.pick("所在地", "Location"),
        lang.pick("线索得分", "Score"),
        lang.pick("推荐理由", "Why"),
    ];
    if contacts {
        h.push(lang.pick("联系方式", "Contacts"));
    }
    h
}

fn has_contacts(card: &Card) -> bool {
    card.investors.iter().any(|i| i.contacts.is_some())
}

fn products_line(products: &str, lang: Lang) -> String {
    if products.is_empty() {
        String::new()
    } else {
        format!("{}{products}", lang.pick("主营：", "Products: "))
    }
}

// ------------------------------------------------------------------------------------------ DOCX

const BODY_SIZE: usize = 21; // 10.5 pt (五号), in half-points
const FONT: &str = "宋体";

fn fonts() -> RunFonts {
    RunFonts::new()
        .east_asia(FONT)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn run(text: &str) -> Run {
    Run::new()
        .add_text(xml_text(text))
        .fonts(fonts())
        .size(BODY_SIZE)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
}

fn label_cell(text: &str, width: usize) -> TableCell {
    cell(vec![Paragraph::new().add_run(run(text).bold())], width)
        .shading(Shading::new().fill("EDEFF3"))
}

/// The document of the cards: a cover with the list of cards, then one card per page. `name`
/// is the file named in an error.
pub fn docx_bytes(
    cards: &[Card],
    cover: &Cover,
    lang: Lang,
    name: &Path,
) -> Result<Vec<u8>, TableError> {
    // A4 with 2.5 cm margins: 11906 × 16838 twips, 1418 twips a margin, 9070 twips of text.
    let mut doc = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1418)
                .bottom(1418)
                .left(1418)
                .right(1418),
        )
        .default_fonts(fonts())
        .default_size(BODY_SIZE);
    let title = match lang {
        Lang::Zh => format!("{}重点招商项目策划包装卡片", cover.home),
        Lang::En => format!("{}: project packaging cards", cover.home),
    };
    doc = doc
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(run(&title).bold().size(36)),
        )
        .add_paragraph(para(&format!(
            "{}{}",
            lang.pick("数据：", "Data: "),
            cover.source
        )))
        .add_paragraph(para(&format!(
            "{}{}",
            lang.pick("生成日期：", "Made on: "),
            cover.date
        )))
        .add_paragraph(para(lang.pick(
            "说明：每张卡片对应本地一个可招引的缺链或弱链环节；规模参考取全国该环节在营生产企业的注册资本和参保人数；要素需求只列产业链文件中有依据的内容，未知的留空待补；政策条目为要点概括，引用前请以发布原文核对。",
            "Each card is one recruitable missing or weak link here; the typical size is that of the node's active makers nationwide; needs list only what the chain file says; policy items are summaries, to be checked against the published text before citing.",
        )));
    for (k, card) in cards.iter().enumerate() {
        doc = doc.add_paragraph(para(&format!("{}. {}", k + 1, card.title)));
    }
    let [l_name, l_pos, l_why, l_builds, l_size, l_needs, l_policy, l_inv] = labels(lang);
    let (w_label, w_text) = (1800, 7270);
    for card in cards {
        doc = doc
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(run(&card.title).bold().size(32)),
            );
        let row = |label: &str, paragraphs: Vec<Paragraph>| {
            TableRow::new(vec![label_cell(label, w_label), cell(paragraphs, w_text)])
        };
        let rows = vec![
            row(l_name, vec![para(&card.title)]),
            row(l_pos, vec![para(&position(card, lang))]),
            row(l_why, card.why.iter().map(|s| para(s)).collect()),
            row(l_builds, vec![para(&card.builds)]),
            row(l_size, vec![para(&card.size)]),
            row(
                l_needs,
                needs_lines(card, lang).iter().map(|s| para(s)).collect(),
            ),
            row(l_policy, vec![para(&card.policy_text)]),
        ];
        doc = doc.add_table(
            Table::new(rows)
                .set_grid(vec![w_label, w_text])
                .width(w_label + w_text, WidthType::Dxa),
        );
        doc = doc
            .add_paragraph(para(""))
            .add_paragraph(Paragraph::new().add_run(run(l_inv).bold()).keep_next(true));
        if card.investors.is_empty() {
            doc = doc.add_paragraph(para(lang.pick(
                "数据中暂无符合条件的候选投资方。",
                "No candidate investor in the data.",
            )));
            continue;
        }
        let contacts = has_contacts(card);
        let widths: Vec<usize> = if contacts {
            vec![450, 2200, 1200, 850, 2670, 1700]
        } else {
            vec![450, 2600, 1400, 850, 3770]
        };
        let head = TableRow::new(
            investor_headers(lang, contacts)
                .iter()
                .zip(&widths)
                .map(|(h, &w)| label_cell(h, w))
                .collect(),
        );
        let mut rows = vec![head];
        for (k, inv) in card.investors.iter().enumerate() {
            let mut cells = vec![
                vec![para(&(k + 1).to_string())],
                vec![
                    Paragraph::new().add_run(run(&inv.name).bold()),
                    Paragraph::new().add_run(
                        run(&products_line(&inv.products, lang))
                            .size(18)
                            .color("5A6275"),
                    ),
                ],
                vec![para(&format!("{}（{}）", inv.location, inv.place))],
                vec![para(&format!("{:.3}", inv.score))],
                vec![para(&inv.reason)],
            ];
            if contacts {
                cells.push(vec![para(inv.contacts.as_deref().unwrap_or(""))]);
            }
            rows.push(TableRow::new(
                cells
                    .into_iter()
                    .zip(&widths)
                    .map(|(p, &w)| cell(p, w))
                    .collect(),
            ));
        }
        doc = doc.add_table(
            Table::new(rows)
                .set_grid(widths.clone())
                .width(widths.iter().sum(), WidthType::Dxa),
        );
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.pack(&mut out)
        .map_err(|e| crate::base::table::io_err(name, e))?;
    Ok(out.into_inner())
}

// ------------------------------------------------------------------------------------------ HTML

const STYLE: &str = "body{font-family:\"Microsoft YaHei\",\"PingFang SC\",\"Noto Sans CJK SC\",\"WenQuanYi Micro Hei\",sans-serif;margin:2em auto;max-width:58em;color:#1d2330;line-height:1.6}\
h1{font-size:1.5em;text-align:center}h2{font-size:1.3em;text-align:center;margin-top:0}\
.card{border:1px solid #c9ced8;border-radius:6px;padding:1.2em 1.5em;margin:2em 0;page-break-before:always;break-before:page}\
table{border-collapse:collapse;width:100%;margin:.6em 0}th,td{border:1px solid #c9ced8;padding:.35em .5em;vertical-align:top;text-align:left}\
th{background:#edeff3;white-space:nowrap}td p{margin:0 0 .3em}.note{color:#5a6275;font-size:.92em}\
.restricted{color:#a1460b}.eliminated{color:#b00020}\
@media print{body{margin:0;max-width:none}.card{border:none;padding:0;margin:0}}";

/// The cards as one self-contained, printable HTML page (no script, no outside file).
pub fn html(cards: &[Card], cover: &Cover, lang: Lang) -> String {
    let mut h = String::new();
    let title = match lang {
        Lang::Zh => format!("{}重点招商项目策划包装卡片", cover.home),
        Lang::En => format!("{}: project packaging cards", cover.home),
    };
    let _ = write!(
        h,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{}</title><style>{STYLE}</style></head><body><h1>{}</h1>",
        lang.pick("zh-CN", "en"),
        escape(&title),
        escape(&title)
    );
    let _ = write!(
        h,
        "<p class=\"note\">{}{}<br>{}{}</p><ol>",
        lang.pick("数据：", "Data: "),
        escape(&cover.source),
        lang.pick("生成日期：", "Made on: "),
        escape(&cover.date)
    );
    for card in cards {
        let _ = write!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(&card.node_id),
            escape(&card.title)
        );
    }
    h.push_str("</ol>");
    for card in cards {
        h.push_str(&card_html(card, lang, &CardLinks::default()));
    }
    h.push_str("</body></html>\n");
    h
}

/// Where a card's names lead in the workspace (none in a file).
#[derive(Debug, Clone, Default)]
pub struct CardLinks {
    /// The node's page.
    pub node: Option<String>,
    /// The node's leads.
    pub leads: Option<String>,
    /// Each investor's page, in the card's order.
    pub investors: Vec<Option<String>>,
}

/// A link to `href` around the text, or the text alone.
fn linked(text: &str, href: Option<&String>) -> String {
    match href {
        Some(h) => format!("<a href=\"{}\">{}</a>", escape(h), escape(text)),
        None => escape(text),
    }
}

/// One card as an HTML section; the workspace shows the same with `links`.
pub fn card_html(card: &Card, lang: Lang, links: &CardLinks) -> String {
    let [l_name, l_pos, l_why, l_builds, l_size, l_needs, l_policy, l_inv] = labels(lang);
    let mut h = String::new();
    let _ = write!(
        h,
        "<section class=\"card\" id=\"{}\"><h2>{}</h2><table>",
        escape(&card.node_id),
        escape(&card.title)
    );
    let row = |h: &mut String, label: &str, body: String| {
        let _ = write!(h, "<tr><th>{}</th><td>{body}</td></tr>", escape(label));
    };
    let paras = |lines: &[String]| -> String {
        lines
            .iter()
            .map(|s| format!("<p>{}</p>", escape(s)))
            .collect()
    };
    row(&mut h, l_name, escape(&card.title));
    let mut pos = linked(&position(card, lang), links.node.as_ref());
    if let Some(l) = &links.leads {
        let _ = write!(
            pos,
            " · <a href=\"{}\">{}</a>",
            escape(l),
            lang.pick("该环节全部线索", "all leads of the node")
        );
    }
    row(&mut h, l_pos, pos);
    row(&mut h, l_why, paras(&card.why));
    row(&mut h, l_builds, escape(&card.builds));
    row(&mut h, l_size, escape(&card.size));
    row(&mut h, l_needs, paras(&needs_lines(card, lang)));
    let class = card
        .policy
        .as_ref()
        .map(|p| p.status.as_str())
        .unwrap_or("none");
    row(
        &mut h,
        l_policy,
        format!(
            "<span class=\"{class}\">{}</span>",
            escape(&card.policy_text)
        ),
    );
    h.push_str("</table>");
    let _ = write!(h, "<h3>{}</h3>", escape(l_inv));
    if card.investors.is_empty() {
        let _ = write!(
            h,
            "<p>{}</p>",
            escape(lang.pick(
                "数据中暂无符合条件的候选投资方。",
                "No candidate investor in the data."
            ))
        );
    } else {
        let contacts = has_contacts(card);
        h.push_str(&super::html::table_head(&investor_headers(lang, contacts)));
        for (k, inv) in card.investors.iter().enumerate() {
            let _ = write!(
                h,
                "<tr><td>{}</td><td><b>{}</b><br><span class=\"note\">{}</span></td><td>{}（{}）</td><td>{:.3}</td><td>{}</td>",
                k + 1,
                linked(&inv.name, links.investors.get(k).and_then(Option::as_ref)),
                escape(&products_line(&inv.products, lang)),
                escape(&inv.location),
                escape(&inv.place),
                inv.score,
                escape(&inv.reason),
            );
            if contacts {
                let _ = write!(
                    h,
                    "<td>{}</td>",
                    escape(inv.contacts.as_deref().unwrap_or(""))
                );
            }
            h.push_str("</tr>");
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");
    h
}

// ------------------------------------------------------------------------------------------ XLSX

/// One row per card: the card's fields and its candidate investors in one cell.
pub fn table(cards: &[Card], lang: Lang) -> crate::base::Table {
    let text = |f: &dyn Fn(&Card) -> String| Data::Text(cards.iter().map(f).collect());
    let num = |f: &dyn Fn(&Card) -> Option<f64>| Data::Float(cards.iter().map(f).collect());
    let h = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let spread = |c: &Card, capital: bool, k: usize| {
        let s = if capital {
            c.makers.capital
        } else {
            c.makers.staff
        };
        s.map(|s| [s.p25, s.median, s.p75][k])
    };
    let mut t = crate::base::Table::default();
    t.push(h("产业链", "chain"), text(&|c| c.chain_name.clone()))
        .push(h("环节编号", "node"), text(&|c| c.node_id.clone()))
        .push(h("环节", "node_name"), text(&|c| c.node_name.clone()))
        .push(h("项目名称", "project"), text(&|c| c.title.clone()))
        .push(
            h("环节状态", "status"),
            text(&|c| c.status.label(lang).to_string()),
        )
        .push(
            h("机会类型", "opportunity"),
            text(&|c| c.opportunity.label(lang).to_string()),
        )
        .push(
            h("优先级", "priority"),
            num(&|c| Some((c.priority * 10_000.0).round() / 10_000.0)),
        )
        .push(
            h("本地企业数", "local_count"),
            Data::Int(cards.iter().map(|c| Some(c.local_count as i64)).collect()),
        )
        .push(
            h("区位熵", "lq"),
            num(&|c| Some((c.lq * 1000.0).round() / 1000.0)),
        )
        .push(
            h("关联密度", "density"),
            num(&|c| Some((c.density * 1000.0).round() / 1000.0)),
        )
        .push(
            h("为何在此", "why_here"),
            text(&|c| c.why.join(lang.pick("", " "))),
        )
        .push(h("建设内容", "builds"), text(&|c| c.builds.clone()))
        .push(
            h("全国生产企业数", "makers"),
            Data::Int(cards.iter().map(|c| Some(c.makers.count as i64)).collect()),
        )
        .push(
            h("注册资本下四分位(万元)", "capital_p25"),
            num(&|c| spread(c, true, 0)),
        )
        .push(
            h("注册资本中位数(万元)", "capital_median"),
            num(&|c| spread(c, true, 1)),
        )
        .push(
            h("注册资本上四分位(万元)", "capital_p75"),
            num(&|c| spread(c, true, 2)),
        )
        .push(
            h("参保人数下四分位", "staff_p25"),
            num(&|c| spread(c, false, 0)),
        )
        .push(
            h("参保人数中位数", "staff_median"),
            num(&|c| spread(c, false, 1)),
        )
        .push(
            h("参保人数上四分位", "staff_p75"),
            num(&|c| spread(c, false, 2)),
        )
        .push(h("用地", "land"), text(&|c| c.needs.land.clone()))
        .push(h("能耗", "energy"), text(&|c| c.needs.energy.clone()))
        .push(h("用水", "water"), text(&|c| c.needs.water.clone()))
        .push(
            h("产业政策", "policy"),
            text(&|c| {
                c.policy
                    .as_ref()
                    .map(|p| p.status.label(lang).to_string())
                    .unwrap_or_default()
            }),
        )
        .push(
            h("政策条件", "policy_condition"),
            text(&|c| {
                c.policy
                    .as_ref()
                    .map(|p| p.condition.clone())
                    .unwrap_or_default()
            }),
        )
        .push(
            h("政策依据", "policy_source"),
            text(&|c| {
                c.policy
                    .as_ref()
                    .map(|p| format!("{}“{}”", p.source, p.item))
                    .unwrap_or_default()
            }),
        )
        .push(
            h("候选投资方", "investors"),
            text(&|c| {
                c.investors
                    .iter()
                    .map(|i| i.name.clone())
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", "; "))
            }),
        )
        .push(
            h("候选投资方详情", "investor_details"),
            text(&|c| {
                c.investors
                    .iter()
                    .enumerate()
                    .map(|(k, i)| {
                        let mut s = format!("{}. {}（{}，{}）", k + 1, i.name, i.location, i.place);
                        if let Some(cap) = i.capital {
                            let _ = write!(
                                s,
                                "{}{}{}",
                                lang.pick("，注册资本", ", capital "),
                                plain(cap),
                                lang.pick("万元", "×10k yuan")
                            );
                        }
                        if let Some(ct) = &i.contacts {
                            let _ = write!(s, "{}{ct}", lang.pick("；", "; "));
                        }
                        s
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        );
    t
}

/// Writes `projects.docx`, `projects.html` and `projects.xlsx` into `dir` (made if missing), each
/// file atomically; the paths written.
pub fn write_projects(
    dir: &Path,
    cards: &[Card],
    cover: &Cover,
    lang: Lang,
) -> Result<Vec<std::path::PathBuf>, TableError> {
    std::fs::create_dir_all(dir).map_err(|e| crate::base::table::io_err(dir, e))?;
    let docx = dir.join("projects.docx");
    let bytes = docx_bytes(cards, cover, lang, &docx)?;
    crate::atomic::write_bytes(&docx, bytes).map_err(|e| crate::base::table::io_err(&docx, e))?;
    let page = dir.join("projects.html");
    crate::atomic::write_bytes(&page, html(cards, cover, lang))
        .map_err(|e| crate::base::table::io_err(&page, e))?;
    let xlsx = dir.join("projects.xlsx");
    let sheet = lang.pick("项目卡片", "projects");
    crate::base::write_xlsx_sheets(&xlsx, &[(sheet, &table(cards, lang))])?;
    Ok(vec![docx, page, xlsx])
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use crate::projects::tests::{sample_cards, AWKWARD};

    /// The text of a zip entry.
    fn entry(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let mut f = zip.by_name(name).expect("the entry");
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        s
    }

    #[test]
    fn the_docx_names_every_project_and_investor_with_company_text_escaped() {
        let mut cards = sample_cards(Lang::Zh);
        // The awkward name as a candidate investor of the first card.
        let mut odd = cards[0].investors[0].clone();
        odd.name = AWKWARD.to_string();
        odd.contacts = Some("联系电话 0871-<1234>&5".into());
        odd.reason = "理由<b>&".into();
        cards[0].investors.push(odd);
        let cover = Cover {
            home: "云南省·玉溪市·红塔区".into(),
            source: "测试<数据>".into(),
            date: "2026-12-04".into(),
        };
        let bytes = docx_bytes(&cards, &cover, Lang::Zh, std::path::Path::new("x.docx")).unwrap();
        let xml = entry(&bytes, "word/document.xml");
        let doc = roxmltree::Document::parse(&xml).expect("document.xml is well-formed XML");
        let text: String = doc
            .descendants()
            .filter(|n| n.has_tag_name("t"))
            .filter_map(|n| n.text())
            .collect();
        for card in &cards {
            assert!(text.contains(&card.title), "{}", card.title);
            for inv in &card.investors {
                assert!(text.contains(&xml_text(&inv.name)), "{}", inv.name);
            }
        }
        assert!(xml.contains("A&amp;B&lt;乙&gt;"));
        assert!(!xml.contains("<乙>") && !xml.contains("<b>&"));
        assert!(
            text.contains("A&B<乙>\"材\"有限公司"),
            "control character dropped"
        );
        assert!(text.contains("0871-<1234>&5") && text.contains("测试<数据>"));
        // One card per page: a page break before each card.
        assert_eq!(xml.matches("w:type=\"page\"").count(), cards.len());
        // The HTML escapes the same text.
        let page = html(&cards, &cover, Lang::Zh);
        assert!(page.contains("A&amp;B&lt;乙&gt;&quot;材&quot;"));
        assert!(page.contains("理由&lt;b&gt;&amp;"));
        assert!(!page.contains("<乙>") && !page.contains("理由<b>"));
    }
}
