//! Every chart renders: PNGs decode at the expected size and are not blank, SVGs parse and name the
//! nodes, and the gap map's boxes never overlap for any shipped chain.

use super::*;
use crate::classify::Classifier;
use crate::gaps::{analyze, GapConfig};
use crate::synth::{self, SynthOptions};

fn demo() -> (ChainSet, GapReport) {
    let set = ChainSet::embedded().unwrap();
    let c = synth::generate(
        &set,
        &SynthOptions {
            n: 30_000,
            ..SynthOptions::default()
        },
    );
    let m = Classifier::new(&set).unwrap().classify(&c, 0.5);
    let r = analyze(&set, &c, &m, synth::DEMO_HOME, &GapConfig::default()).unwrap();
    (set, r)
}

/// Width, height and the number of distinct colours of a PNG.
fn png_facts(path: &Path) -> (u32, u32, usize) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> = bytes.chunks(step).step_by(97).collect();
    (info.width, info.height, colours.len())
}

fn svg_text(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    roxmltree::Document::parse(&text).expect("the SVG parses");
    text
}

#[test]
fn every_chart_renders() {
    let (set, r) = demo();
    let dir = std::env::temp_dir().join(format!("chainlead-charts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (ci, chain) in set.chains.iter().enumerate() {
        let f = |k: &str, e: &str| dir.join(format!("{}-{k}.{e}", chain.id));
        gap_map(
            &set,
            ci,
            &r,
            "2026-10-31",
            Lang::Zh,
            (Some(&f("map", "png")), Some(&f("map", "svg"))),
        )
        .unwrap();
        lq_bars(
            &set,
            ci,
            &r,
            Lang::Zh,
            (Some(&f("lq", "png")), Some(&f("lq", "svg"))),
        )
        .unwrap();
        opportunities(
            &set,
            ci,
            &r,
            Lang::En,
            (Some(&f("opp", "png")), Some(&f("opp", "svg"))),
        )
        .unwrap();
        let layout = gap_map_layout(&set, ci, Lang::Zh);
        let (w, h, colours) = png_facts(&f("map", "png"));
        assert_eq!((w, h), (layout.width, layout.height));
        assert!(colours > 5, "{} gap map looks blank", chain.id);
        let (w, h, colours) = png_facts(&f("lq", "png"));
        assert_eq!((w, h), (1100, 120 + 24 * chain.nodes.len() as u32));
        assert!(colours > 3);
        let (w, h, colours) = png_facts(&f("opp", "png"));
        assert_eq!((w, h), (1100, 760));
        assert!(colours > 3);
        let svg = svg_text(&f("map", "svg"));
        for &n in &chain.nodes {
            assert!(
                svg.contains(&set.nodes[n].name),
                "{} missing from the SVG",
                set.nodes[n].name
            );
        }
        assert!(svg_text(&f("lq", "svg")).contains(&set.nodes[chain.nodes[0]].name));
        svg_text(&f("opp", "svg"));
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn labels_are_cut_to_fit() {
    assert_eq!(fit_label("光伏玻璃", 200), "光伏玻璃");
    let cut = fit_label("Medical metals (titanium, stainless steel, NiTi)", 190);
    assert!(
        cut.ends_with('…') && display_width(&cut) as i32 * 8 <= 190,
        "{cut}"
    );
}

#[test]
fn gap_map_boxes_never_overlap() {
    let set = ChainSet::embedded().unwrap();
    for (ci, chain) in set.chains.iter().enumerate() {
        for lang in [Lang::Zh, Lang::En] {
            let l = gap_map_layout(&set, ci, lang);
            assert_eq!(l.boxes.len(), chain.nodes.len());
            for (i, a) in l.boxes.iter().enumerate() {
                let (ax, ay, aw, ah) = a.rect;
                assert!(
                    ax >= 0 && ay >= 0 && ax + aw <= l.width as i32 && ay + ah <= l.height as i32
                );
                for b in &l.boxes[i + 1..] {
                    let (bx, by, bw, bh) = b.rect;
                    let apart = ax + aw <= bx || bx + bw <= ax || ay + ah <= by || by + bh <= ay;
                    assert!(
                        apart,
                        "{}: boxes of {} and {} overlap",
                        chain.id, a.node, b.node
                    );
                }
                // Labels fit in their boxes: 15 px a CJK character, 8 px a Latin one.
                let label = fit_label(set.nodes[a.node].label(lang), aw - 60);
                assert!(
                    display_width(&label) as i32 * 8 + 60 <= aw,
                    "{label} is too long for its box"
                );
                for (_, x, y) in &l.bands {
                    let header = (*x, *y, COL_W, BAND_H);
                    let apart = ax + aw <= header.0
                        || header.0 + header.2 <= ax
                        || ay + ah <= header.1
                        || header.1 + header.3 <= ay;
                    assert!(apart, "{}: a band header covers a box", chain.id);
                }
            }
        }
    }
}

#[test]
fn placed_labels_cover_no_label_and_no_dot() {
    // A tight cluster and a few loners: labels 60 × 16 px around dots of radius 6.
    let mut points = Vec::new();
    for i in 0..30 {
        points.push((300 + (i % 6) * 14, 200 + (i / 6) * 12));
    }
    points.extend([(50, 50), (550, 380), (900, 100)]);
    let labels: Vec<(usize, i32, i32)> = (0..points.len()).map(|i| (i, 60, 16)).collect();
    let area = (0, 0, 1000, 400);
    let spots = place_labels(&points, 6, &labels, area);
    assert_eq!(spots.len(), labels.len());
    let placed: Vec<Rect> = spots.iter().flatten().copied().collect();
    assert!(placed.len() >= 10, "only {} placed", placed.len());
    assert!(
        placed.len() < points.len(),
        "a cluster this tight cannot take every label"
    );
    // The loners always get their label.
    for (i, spot) in spots.iter().enumerate().skip(30) {
        assert!(spot.is_some(), "loner {i} lost its label");
    }
    for (k, a) in placed.iter().enumerate() {
        assert!(
            a.0 >= 0 && a.1 >= 0 && a.0 + a.2 <= 1000 && a.1 + a.3 <= 400,
            "{a:?}"
        );
        for b in &placed[k + 1..] {
            assert!(!overlaps(*a, *b), "{a:?} and {b:?} overlap");
        }
        for &(x, y) in &points {
            assert!(
                !overlaps(*a, (x - 6, y - 6, 13, 13)),
                "{a:?} covers the dot at {x},{y}"
            );
        }
    }
}

/// The `<text>` elements of an SVG: (x, y, font size, text).
fn svg_texts(path: &Path) -> Vec<(f64, f64, f64, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let num = |a: &str| n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let t = n.text().unwrap_or("");
            (num("x"), num("y"), num("font-size"), t.trim().to_string())
        })
        .collect()
}

#[test]
fn scatter_labels_do_not_overlap_and_every_colour_has_a_legend() {
    let (set, r) = demo();
    let dir = std::env::temp_dir().join(format!("chainlead-charts-legend-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (ci, chain) in set.chains.iter().enumerate() {
        for lang in [Lang::Zh, Lang::En] {
            let f = |k: &str| dir.join(format!("{}-{k}-{lang}.svg", chain.id));
            opportunities(&set, ci, &r, lang, (None, Some(&f("opp")))).unwrap();
            let texts = svg_texts(&f("opp"));
            let names: Vec<&str> = chain
                .nodes
                .iter()
                .map(|&n| set.nodes[n].label(lang))
                .collect();
            // Label boxes: a CJK character is one font size wide, a Latin one about 0.6.
            let boxes: Vec<(f64, f64, f64, f64, &str)> = texts
                .iter()
                .filter(|t| names.contains(&t.3.as_str()))
                .map(|(x, y, size, t)| {
                    let w: f64 = t
                        .chars()
                        .map(|c| if c.is_ascii() { 0.6 * size } else { *size })
                        .sum();
                    (*x, *y, w, *size, t.as_str())
                })
                .collect();
            let dots = r
                .nodes
                .iter()
                .filter(|g| set.nodes[g.node].chain == ci && g.status != Status::Strong)
                .count();
            assert!(
                dots == 0 || !boxes.is_empty(),
                "{}: no labels of {dots}",
                chain.id
            );
            for (k, a) in boxes.iter().enumerate() {
                for b in &boxes[k + 1..] {
                    let apart = a.0 + a.2 <= b.0
                        || b.0 + b.2 <= a.0
                        || a.1 + a.3 <= b.1
                        || b.1 + b.3 <= a.1;
                    assert!(
                        apart,
                        "{} {lang}: labels {} and {} overlap",
                        chain.id, a.4, b.4
                    );
                }
            }
            let all: Vec<&str> = texts.iter().map(|t| t.3.as_str()).collect();
            for want in [lang.pick("缺链", "missing"), lang.pick("弱链", "weak")] {
                assert!(
                    all.contains(&want),
                    "{} {lang}: no legend {want}: {all:?}",
                    chain.id
                );
            }
            lq_bars(&set, ci, &r, lang, (None, Some(&f("lq")))).unwrap();
            let all: Vec<String> = svg_texts(&f("lq")).into_iter().map(|t| t.3).collect();
            for want in [
                lang.pick("强链", "strong"),
                lang.pick("弱链", "weak"),
                lang.pick("区位熵 = 1（全国平均）", "LQ = 1 (national level)"),
            ] {
                assert!(
                    all.iter().any(|t| t == want),
                    "{} {lang}: no legend {want}",
                    chain.id
                );
            }
        }
    }
    let f = dir.join("leads.svg");
    lead_map(
        &[("江苏".into(), 31.8, 120.0)],
        (24.35, 102.54, "红塔区"),
        "t",
        Lang::Zh,
        (None, Some(&f)),
    )
    .unwrap();
    let all: Vec<String> = svg_texts(&f).into_iter().map(|t| t.3).collect();
    assert!(
        all.iter().any(|t| t.starts_with("线索企业")) && all.iter().any(|t| t == "本地区划"),
        "{all:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
