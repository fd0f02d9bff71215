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
