//! Gap charts (plotters, PNG and SVG): the chain gap map, location quotients per node, and the
//! opportunity scatter. PNG text uses WenQuanYi Micro Hei, embedded in the binary
//! (`data/fonts/wqy-microhei.ttc`, Apache-2.0), so charts look the same on any machine.

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::chain::{ChainSet, Tier};
use crate::gaps::{GapReport, Status};
use crate::lang::{display_width, Lang};

const FONT: &[u8] = include_bytes!("../../data/fonts/wqy-microhei.ttc");
const FAMILY: &str = "sans-serif";

/// What can go wrong drawing a chart. Displayed in English; [`ChartError::message`] says it in
/// either language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum ChartError {
    /// The embedded font could not be loaded.
    Font,
    /// Drawing or writing failed.
    Draw { path: String, message: String },
}

impl ChartError {
    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (ChartError::Font, Lang::Zh) => "无法加载内置字体（程序错误）".into(),
            (ChartError::Font, Lang::En) => "the embedded font cannot be loaded".into(),
            (ChartError::Draw { path, message }, Lang::Zh) => {
                crate::base::write_failed(path, message, lang)
            }
            (ChartError::Draw { path, message }, Lang::En) => {
                format!("cannot draw {path}: {message}")
            }
        }
    }
}

fn fonts() -> Result<(), ChartError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, FONT).is_ok()
    });
    ok.then_some(()).ok_or(ChartError::Font)
}

/// Fill colour of a status.
pub fn status_color(s: Status) -> RGBColor {
    match s {
        Status::Strong => RGBColor(46, 125, 50),
        Status::Weak => RGBColor(249, 168, 37),
        Status::Missing => RGBColor(198, 40, 40),
    }
}

/// One node box of the gap map.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    /// Node index.
    pub node: usize,
    /// Left, top, width, height in pixels.
    pub rect: (i32, i32, i32, i32),
}

/// The layout of a chain's gap map: tiers as three columns, bands stacked inside, one box per node.
#[derive(Debug, Clone)]
pub struct GapMapLayout {
    /// Image width.
    pub width: u32,
    /// Image height.
    pub height: u32,
    /// Node boxes.
    pub boxes: Vec<NodeBox>,
    /// Band headers: (text, left, top).
    pub bands: Vec<(String, i32, i32)>,
}

const COL_W: i32 = 330;
const COL_GAP: i32 = 110;
const BOX_W: i32 = 250;
const BOX_H: i32 = 26;
const ROW_H: i32 = 34;
const BAND_H: i32 = 30;
const TOP: i32 = 110;
const LEFT: i32 = 40;

/// Lays out a chain's gap map so that no boxes or labels overlap, whatever the node count.
pub fn gap_map_layout(set: &ChainSet, chain: usize, lang: Lang) -> GapMapLayout {
    let c = &set.chains[chain];
    let mut boxes = Vec::new();
    let mut bands = Vec::new();
    let mut bottom = TOP;
    for (t, tier) in Tier::ALL.iter().enumerate() {
        let x = LEFT + t as i32 * (COL_W + COL_GAP);
        let mut y = TOP;
        for (bi, band) in c.bands.iter().enumerate() {
            if band.tier != *tier {
                continue;
            }
            let nodes: Vec<usize> = c
                .nodes
                .iter()
                .copied()
                .filter(|&n| set.nodes[n].band == bi)
                .collect();
            if nodes.is_empty() {
                continue;
            }
            bands.push((band.label(lang).to_string(), x, y));
            y += BAND_H;
            for n in nodes {
                boxes.push(NodeBox {
                    node: n,
                    rect: (x + 20, y, BOX_W, BOX_H),
                });
                y += ROW_H;
            }
            y += 8;
        }
        bottom = bottom.max(y);
    }
    GapMapLayout {
        width: (LEFT * 2 + 3 * COL_W + 2 * COL_GAP) as u32,
        height: (bottom + 90) as u32,
        boxes,
        bands,
    }
}

/// A label cut to fit `px` pixels at 15 px a CJK character and 8 px a Latin one, with … when cut.
pub fn fit_label(label: &str, px: i32) -> String {
    let width = |s: &str| display_width(s) as i32 * 8;
    if width(label) <= px {
        return label.to_string();
    }
    let mut out = String::new();
    for ch in label.chars() {
        let mut next = out.clone();
        next.push(ch);
        if width(&next) + 8 > px {
            break;
        }
        out = next;
    }
    out.push('…');
    out
}

/// The PNG and SVG files a chart is drawn to (either may be None).
pub type Targets<'a> = (Option<&'a Path>, Option<&'a Path>);

/// Draws a chart with `$draw(&root)` on a bitmap for the PNG and on an SVG canvas for the SVG of
/// `$targets`, at `$size` pixels.
macro_rules! draw_both {
    ($targets:expr, $size:expr, $draw:expr) => {{
        let (png, svg): Targets = $targets;
        // Each file is drawn beside its target and renamed onto it once complete.
        if let Some(path) = png {
            crate::atomic::write_file(
                path,
                |tmp| {
                    let root = BitMapBackend::new(tmp, $size).into_drawing_area();
                    $draw(&root).map_err(|m| draw_err(path, m))
                },
                |e| draw_err(path, e),
            )?;
        }
        if let Some(path) = svg {
            crate::atomic::write_file(
                path,
                |tmp| {
                    let root = SVGBackend::new(tmp, $size).into_drawing_area();
                    $draw(&root).map_err(|m| draw_err(path, m))
                },
                |e| draw_err(path, e),
            )?;
        }
    }};
}

fn draw_err(path: &Path, e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

fn text_style(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

fn draw_gap_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    set: &ChainSet,
    report: &GapReport,
    layout: &GapMapLayout,
    title: &str,
    lang: Lang,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    root.draw(&Text::new(
        title.to_string(),
        (LEFT, 24),
        text_style(26.0, BLACK),
    ))
    .map_err(e)?;
    for (t, tier) in Tier::ALL.iter().enumerate() {
        let x = LEFT + t as i32 * (COL_W + COL_GAP);
        root.draw(&Rectangle::new(
            [(x, 70), (x + COL_W, layout.height as i32 - 70)],
            RGBColor(236, 240, 245).filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            tier.label(lang).to_string(),
            (x + 10, 76),
            text_style(20.0, BLACK),
        ))
        .map_err(e)?;
    }
    for (label, x, y) in &layout.bands {
        root.draw(&Text::new(
            format!("— {label}"),
            (*x + 10, *y + 6),
            text_style(16.0, RGBColor(55, 71, 79)),
        ))
        .map_err(e)?;
    }
    let pos = |n: usize| layout.boxes.iter().find(|b| b.node == n).map(|b| b.rect);
    // Links inside the chain first, under the boxes.
    for link in &set.links {
        let (Some(a), Some(b)) = (pos(link.from), pos(link.to)) else {
            continue;
        };
        let style = RGBColor(144, 164, 174).stroke_width(1);
        let (ax, ay) = (a.0 + a.2, a.1 + a.3 / 2);
        let (bx, by) = (b.0, b.1 + b.3 / 2);
        let points = if bx > ax {
            vec![(ax, ay), (bx - 6, by)]
        } else {
            // Same column: out to the right, along and back in.
            let lane = a.0 + a.2 + 14;
            vec![(ax, ay), (lane, ay), (lane, b.1 + b.3 / 2), (b.0 + b.2, by)]
        };
        let end = *points.last().unwrap_or(&(bx, by));
        root.draw(&PathElement::new(points, style)).map_err(e)?;
        root.draw(&Circle::new(end, 3, RGBColor(96, 125, 139).filled()))
            .map_err(e)?;
    }
    for b in &layout.boxes {
        let g = report.node(b.node);
        let status = g.map(|g| g.status).unwrap_or(Status::Missing);
        let (x, y, w, h) = b.rect;
        root.draw(&Rectangle::new(
            [(x, y), (x + w, y + h)],
            status_color(status).mix(0.85).filled(),
        ))
        .map_err(e)?;
        let node = &set.nodes[b.node];
        let mut label = fit_label(node.label(lang), w - 60);
        if node.bottleneck {
            label.push_str(" *");
        }
        if let Some(g) = g {
            if g.local_count > 0 {
                label.push_str(&format!(" {}", g.local_count));
            }
        }
        root.draw(&Text::new(label, (x + 8, y + 4), text_style(15.0, WHITE)))
            .map_err(e)?;
        // A purple mark on the right edge when the node links to another chain.
        let cross = set
            .links
            .iter()
            .any(|l| (l.from == b.node || l.to == b.node) && set.is_cross_chain(l));
        if cross {
            root.draw(&Rectangle::new(
                [(x + w - 8, y), (x + w, y + h)],
                RGBColor(123, 31, 162).filled(),
            ))
            .map_err(e)?;
        }
    }
    // Legend.
    let ly = layout.height as i32 - 50;
    let legend = [
        (status_color(Status::Strong), lang.pick("强链", "strong")),
        (status_color(Status::Weak), lang.pick("弱链", "weak")),
        (status_color(Status::Missing), lang.pick("缺链", "missing")),
        (
            RGBColor(123, 31, 162),
            lang.pick("跨链关联", "cross-chain link"),
        ),
    ];
    let mut lx = LEFT;
    for (color, text) in legend {
        root.draw(&Rectangle::new(
            [(lx, ly), (lx + 22, ly + 18)],
            color.filled(),
        ))
        .map_err(e)?;
        root.draw(&Text::new(
            text.to_string(),
            (lx + 28, ly),
            text_style(15.0, BLACK),
        ))
        .map_err(e)?;
        lx += 40 + 9 * display_width(text) as i32;
    }
    let note = lang.pick(
        "灰线：上下游关联；数字为本地企业数；* 依赖进口（卡脖子）",
        "grey lines: supply links; numbers: firms here; * import-dependent",
    );
    root.draw(&Text::new(
        note.to_string(),
        (lx + 20, ly),
        text_style(15.0, RGBColor(96, 96, 96)),
    ))
    .map_err(e)?;
    root.present().map_err(e)?;
    Ok(())
}

/// Draws a chain's gap map to `png` and `svg` (either may be None).
pub fn gap_map(
    set: &ChainSet,
    chain: usize,
    report: &GapReport,
    date: &str,
    lang: Lang,
    targets: Targets,
) -> Result<(), ChartError> {
    fonts()?;
    let layout = gap_map_layout(set, chain, lang);
    let c = &set.chains[chain];
    let title = match lang {
        Lang::Zh => format!(
            "{}产业链缺口图 · {} {} · 数据日期 {}",
            c.name, report.home_name, report.home, date
        ),
        Lang::En => format!(
            "{} gap map · {} {} · data of {}",
            c.name_en, report.home_name, report.home, date
        ),
    };
    draw_both!(targets, (layout.width, layout.height), |root| draw_gap_map(
        root, set, report, &layout, &title, lang
    ));
    Ok(())
}

fn draw_lq_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    set: &ChainSet,
    chain: usize,
    report: &GapReport,
    lang: Lang,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    let nodes: Vec<usize> = set.chains[chain].nodes.clone();
    let max = nodes
        .iter()
        .filter_map(|&n| report.node(n))
        .map(|g| g.lq)
        .fold(2.0f64, f64::max)
        .min(20.0);
    let title = match lang {
        Lang::Zh => format!(
            "{} 各环节区位熵（LQ = 1 为全国平均）",
            set.chains[chain].name
        ),
        Lang::En => format!(
            "{}: location quotient per node (LQ = 1 is the national level)",
            set.chains[chain].name_en
        ),
    };
    let labels: Vec<String> = nodes
        .iter()
        .map(|&n| set.nodes[n].label(lang).to_string())
        .collect();
    let (_, height) = root.dim_in_pixel();
    let (plot, legend) = root.split_vertically(height as i32 - LEGEND_H);
    draw_legend(
        &legend,
        (250, 8),
        &[
            (
                status_color(Status::Strong),
                lang.pick("强链", "strong"),
                false,
            ),
            (status_color(Status::Weak), lang.pick("弱链", "weak"), false),
            (
                BLACK,
                lang.pick("区位熵 = 1（全国平均）", "LQ = 1 (national level)"),
                true,
            ),
        ],
        lang.pick(
            "缺链环节区位熵为 0，无柱",
            "missing nodes have LQ 0, no bar",
        ),
    )?;
    let mut chart = ChartBuilder::on(&plot)
        .caption(title, text_style(24.0, BLACK))
        .margin(20)
        .x_label_area_size(40)
        .y_label_area_size(230)
        .build_cartesian_2d(0.0..max * 1.05, (0..nodes.len()).into_segmented())
        .map_err(|x| x.to_string())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(nodes.len())
        // Chain order from the top: row i of the chart holds node len - 1 - i.
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < labels.len() => labels[labels.len() - 1 - *i].clone(),
            _ => String::new(),
        })
        .label_style(text_style(14.0, BLACK))
        .x_desc(lang.pick("区位熵", "location quotient"))
        .draw()
        .map_err(|x| x.to_string())?;
    chart
        .draw_series(nodes.iter().enumerate().filter_map(|(k, &n)| {
            let i = nodes.len() - 1 - k;
            let g = report.node(n)?;
            let color = status_color(g.status);
            let mut bar = Rectangle::new(
                [
                    (0.0, SegmentValue::Exact(i)),
                    (g.lq.min(max), SegmentValue::Exact(i + 1)),
                ],
                color.filled(),
            );
            bar.set_margin(3, 3, 0, 0);
            Some(bar)
        }))
        .map_err(|x| x.to_string())?;
    chart
        .draw_series(std::iter::once(PathElement::new(
            vec![
                (1.0, SegmentValue::Exact(0)),
                (1.0, SegmentValue::Exact(nodes.len())),
            ],
            BLACK.stroke_width(2),
        )))
        .map_err(|x| x.to_string())?;
    root.present().map_err(e)?;
    Ok(())
}

/// Draws the location quotient of every node of a chain, in chain order, against LQ = 1.
pub fn lq_bars(
    set: &ChainSet,
    chain: usize,
    report: &GapReport,
    lang: Lang,
    targets: Targets,
) -> Result<(), ChartError> {
    fonts()?;
    let height = 120 + 24 * set.chains[chain].nodes.len() as u32;
    draw_both!(targets, (1100, height), |root| draw_lq_bars(
        root, set, chain, report, lang
    ));
    Ok(())
}

/// A rectangle in pixels: left, top, width, height.
pub type Rect = (i32, i32, i32, i32);

fn overlaps(a: Rect, b: Rect) -> bool {
    !(a.0 + a.2 <= b.0 || b.0 + b.2 <= a.0 || a.1 + a.3 <= b.1 || b.1 + b.3 <= a.1)
}

/// Places labels beside their points so that no label covers another label or any point, and all
/// stay inside `area`. `points` are the dots (centre, in pixels, radius `r`); `labels` are (index of
/// the point, width, height) in the order they matter, the most important first. Each label gets
/// the first free spot of eight around its point (right, above, below, left…), or None (dropped)
/// when every spot is taken.
pub fn place_labels(
    points: &[(i32, i32)],
    r: i32,
    labels: &[(usize, i32, i32)],
    area: Rect,
) -> Vec<Option<Rect>> {
    let dots: Vec<Rect> = points
        .iter()
        .map(|&(x, y)| (x - r, y - r, 2 * r + 1, 2 * r + 1))
        .collect();
    let inside = |q: Rect| {
        q.0 >= area.0
            && q.1 >= area.1
            && q.0 + q.2 <= area.0 + area.2
            && q.1 + q.3 <= area.1 + area.3
    };
    let mut placed: Vec<Rect> = Vec::new();
    labels
        .iter()
        .map(|&(i, w, h)| {
            let (x, y) = *points.get(i)?;
            let gap = r + 3;
            let spots = [
                (x + gap, y - h / 2),
                (x + gap, y - h - 1),
                (x + gap, y + 1),
                (x - gap - w, y - h / 2),
                (x - w / 2, y - gap - h),
                (x - w / 2, y + gap),
                (x - gap - w, y - h - 1),
                (x - gap - w, y + 1),
            ];
            let spot = spots
                .into_iter()
                .map(|(lx, ly)| (lx, ly, w, h))
                .find(|&q| {
                    inside(q)
                        && !dots.iter().any(|&d| overlaps(q, d))
                        && !placed.iter().any(|&p| overlaps(q, p))
                })?;
            placed.push(spot);
            Some(spot)
        })
        .collect()
}

/// A legend entry: a colour swatch (filled square, or a line when `line` is set) and its text.
type Legend<'a> = (RGBColor, &'a str, bool);

/// Draws a row of legend entries from (x, y), then a grey note; returns nothing but errors.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    entries: &[Legend],
    note: &str,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    let mut lx = x;
    for &(color, text, line) in entries {
        if line {
            area.draw(&PathElement::new(
                vec![(lx, y + 9), (lx + 22, y + 9)],
                color.stroke_width(3),
            ))
            .map_err(e)?;
        } else {
            area.draw(&Rectangle::new(
                [(lx, y), (lx + 22, y + 18)],
                color.filled(),
            ))
            .map_err(e)?;
        }
        area.draw(&Text::new(
            text.to_string(),
            (lx + 28, y),
            text_style(15.0, BLACK),
        ))
        .map_err(e)?;
        lx += 44 + 8 * display_width(text) as i32;
    }
    if !note.is_empty() {
        area.draw(&Text::new(
            note.to_string(),
            (lx + 12, y),
            text_style(15.0, RGBColor(96, 96, 96)),
        ))
        .map_err(e)?;
    }
    Ok(())
}

/// Height of the legend strip under a chart.
const LEGEND_H: i32 = 40;

fn draw_opportunities<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    set: &ChainSet,
    chain: usize,
    report: &GapReport,
    lang: Lang,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    let points: Vec<(f64, f64, usize, Status)> = report
        .nodes
        .iter()
        .filter(|g| set.nodes[g.node].chain == chain && g.status != Status::Strong)
        .map(|g| (g.density, g.priority, g.node, g.status))
        .collect();
    let max_x = points.iter().map(|p| p.0).fold(0.1f64, f64::max) * 1.15;
    let max_y = points.iter().map(|p| p.1).fold(0.1f64, f64::max) * 1.15;
    let title = match lang {
        Lang::Zh => format!(
            "{} 招商机会：可行性（关联密度）与优先级",
            set.chains[chain].name
        ),
        Lang::En => format!(
            "{}: feasibility (relatedness density) and priority",
            set.chains[chain].name_en
        ),
    };
    let (_, height) = root.dim_in_pixel();
    let (plot, legend) = root.split_vertically(height as i32 - LEGEND_H);
    let mut chart = ChartBuilder::on(&plot)
        .caption(title, text_style(24.0, BLACK))
        .margin(25)
        .x_label_area_size(45)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..max_x, 0.0..max_y)
        .map_err(|x| x.to_string())?;
    chart
        .configure_mesh()
        .x_desc(lang.pick("关联密度（可行性）", "relatedness density (feasibility)"))
        .y_desc(lang.pick("优先级", "priority"))
        .label_style(text_style(14.0, BLACK))
        .draw()
        .map_err(|x| x.to_string())?;
    const DOT: i32 = 6;
    chart
        .draw_series(
            points
                .iter()
                .map(|&(x, y, _, s)| Circle::new((x, y), DOT, status_color(s).filled())),
        )
        .map_err(|x| x.to_string())?;
    // Label the most urgent points where a label fits without covering another label or a dot;
    // the others stay dots (they are all in the gap table).
    let pixels: Vec<(i32, i32)> = points
        .iter()
        .map(|&(x, y, _, _)| chart.backend_coord(&(x, y)))
        .collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| {
        points[b]
            .1
            .total_cmp(&points[a].1)
            .then(points[a].2.cmp(&points[b].2))
    });
    let labels: Vec<(usize, i32, i32)> = order
        .iter()
        .map(|&i| {
            let text = set.nodes[points[i].2].label(lang);
            (i, display_width(text) as i32 * 7 + 4, 16)
        })
        .collect();
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let area = (xs.start, ys.start, xs.end - xs.start, ys.end - ys.start);
    let spots = place_labels(&pixels, DOT, &labels, area);
    let mut dropped = 0;
    for (&(i, _, _), spot) in labels.iter().zip(&spots) {
        match spot {
            Some((x, y, _, _)) => root
                .draw(&Text::new(
                    set.nodes[points[i].2].label(lang).to_string(),
                    (*x + 2, *y),
                    text_style(14.0, BLACK),
                ))
                .map_err(e)?,
            None => dropped += 1,
        }
    }
    let note = match (dropped, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("另有 {n} 个环节因位置重叠未标名称，见缺口表"),
        (n, Lang::En) => {
            format!("{n} more nodes unlabelled where labels would overlap; see the gap table")
        }
    };
    draw_legend(
        &legend,
        (60, 8),
        &[
            (
                status_color(Status::Missing),
                lang.pick("缺链", "missing"),
                false,
            ),
            (status_color(Status::Weak), lang.pick("弱链", "weak"), false),
        ],
        &note,
    )?;
    root.present().map_err(e)?;
    Ok(())
}

/// Draws the opportunity scatter of a chain's missing and weak nodes: density against priority.
pub fn opportunities(
    set: &ChainSet,
    chain: usize,
    report: &GapReport,
    lang: Lang,
    targets: Targets,
) -> Result<(), ChartError> {
    fonts()?;
    draw_both!(targets, (1100, 760), |root| draw_opportunities(
        root, set, chain, report, lang
    ));
    Ok(())
}

/// Where the top leads are: counts by province (bar chart) and their locations (scatter, the home
/// region marked with a star-like cross). `points` are (province, lat, lon) of the leads.
pub fn lead_map(
    points: &[(String, f64, f64)],
    home: (f64, f64, &str),
    title: &str,
    lang: Lang,
    targets: Targets,
) -> Result<(), ChartError> {
    fonts()?;
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (p, _, _) in points {
        match counts.iter_mut().find(|(q, _)| q == p) {
            Some(c) => c.1 += 1,
            None => counts.push((p.clone(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    counts.truncate(15);
    draw_both!(targets, (1400, 700), |root| draw_lead_map(
        root, points, &counts, home, title, lang
    ));
    Ok(())
}

fn draw_lead_map<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[(String, f64, f64)],
    counts: &[(String, usize)],
    home: (f64, f64, &str),
    title: &str,
    lang: Lang,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    let (_, height) = root.dim_in_pixel();
    let (top, legend) = root.split_vertically(height as i32 - LEGEND_H);
    draw_legend(
        &legend,
        (40, 8),
        &[
            (
                RGBColor(21, 101, 192),
                lang.pick(
                    "线索企业（左：按省计数）",
                    "leads (left: count by province)",
                ),
                false,
            ),
            (
                RGBColor(198, 40, 40),
                lang.pick("本地区划", "home region"),
                false,
            ),
        ],
        "",
    )?;
    let (left, right) = top.split_horizontally(620);
    let max = counts.iter().map(|c| c.1).max().unwrap_or(1);
    let labels: Vec<String> = counts.iter().map(|c| c.0.clone()).collect();
    let mut bars = ChartBuilder::on(&left)
        .caption(
            format!("{title} · {}", lang.pick("按省份", "by province")),
            text_style(20.0, BLACK),
        )
        .margin(20)
        .x_label_area_size(35)
        .y_label_area_size(120)
        .build_cartesian_2d(0..max + 1, (0..counts.len().max(1)).into_segmented())
        .map_err(|x| x.to_string())?;
    bars.configure_mesh()
        .disable_y_mesh()
        .y_labels(counts.len().max(1))
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if *i < labels.len() => labels[labels.len() - 1 - *i].clone(),
            _ => String::new(),
        })
        .label_style(text_style(14.0, BLACK))
        .draw()
        .map_err(|x| x.to_string())?;
    bars.draw_series(counts.iter().enumerate().map(|(k, (_, n))| {
        let i = counts.len() - 1 - k;
        let mut bar = Rectangle::new(
            [
                (0, SegmentValue::Exact(i)),
                (*n, SegmentValue::Exact(i + 1)),
            ],
            RGBColor(21, 101, 192).filled(),
        );
        bar.set_margin(3, 3, 0, 0);
        bar
    }))
    .map_err(|x| x.to_string())?;
    let mut map = ChartBuilder::on(&right)
        .caption(
            lang.pick(
                "线索分布（经度、纬度）",
                "where the leads are (longitude, latitude)",
            ),
            text_style(20.0, BLACK),
        )
        .margin(20)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .build_cartesian_2d(73.0..135.0, 18.0..54.0)
        .map_err(|x| x.to_string())?;
    map.configure_mesh()
        .label_style(text_style(13.0, BLACK))
        .draw()
        .map_err(|x| x.to_string())?;
    map.draw_series(points.iter().map(|(_, lat, lon)| {
        Circle::new((*lon, *lat), 4, RGBColor(21, 101, 192).mix(0.6).filled())
    }))
    .map_err(|x| x.to_string())?;
    let (hlat, hlon, hname) = home;
    map.draw_series(std::iter::once(
        EmptyElement::at((hlon, hlat))
            + Cross::new((0, 0), 9, RGBColor(198, 40, 40).stroke_width(3))
            + Text::new(
                hname.to_string(),
                (10, -10),
                text_style(15.0, RGBColor(198, 40, 40)),
            ),
    ))
    .map_err(|x| x.to_string())?;
    root.present().map_err(e)?;
    Ok(())
}

#[cfg(test)]
mod tests;
