//! The files the pages load, embedded in the binary and served under `/assets/`: the workspace's
//! script and styles, the vendored chart library with China's province outlines (their licences
//! beside them, see `assets/vendor/README.md`), and the font the charts use.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// (path under /assets/, content type, bytes).
const FILES: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/app.js"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("assets/favicon.svg"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("assets/app.css"),
    ),
    (
        "vendor/echarts.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("assets/vendor/echarts.min.js"),
    ),
    (
        "vendor/china.json",
        "application/json",
        include_bytes!("assets/vendor/china.json"),
    ),
    (
        "vendor/echarts.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("assets/vendor/echarts.LICENSE"),
    ),
    (
        "vendor/echarts.NOTICE",
        "text/plain; charset=utf-8",
        include_bytes!("assets/vendor/echarts.NOTICE"),
    ),
    (
        "vendor/china-map.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("assets/vendor/china-map.LICENSE"),
    ),
    (
        "vendor/README.md",
        "text/plain; charset=utf-8",
        include_bytes!("assets/vendor/README.md"),
    ),
    (
        "fonts/wqy-microhei.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../data/fonts/wqy-microhei.LICENSE"),
    ),
];

/// The font collection the charts embed.
const FONT_COLLECTION: &[u8] = include_bytes!("../../data/fonts/wqy-microhei.ttc");

/// The embedded file at `path`, with its content type.
pub fn file(path: &str) -> Option<(&'static str, &'static [u8])> {
    if path == "fonts/wqy-microhei.ttf" {
        return font().map(|f| ("font/ttf", f));
    }
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, t, b)| (*t, *b))
}

/// The first face of the embedded font collection as a font file of its own: browsers take no
/// collection in `@font-face`. Made once, on first use.
fn font() -> Option<&'static [u8]> {
    static FONT: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| first_face(FONT_COLLECTION)).as_deref()
}

/// The first font of a TrueType collection (`ttcf`), its tables copied after a table directory of
/// its own; `None` when the bytes are not a collection.
pub fn first_face(ttc: &[u8]) -> Option<Vec<u8>> {
    let u32_at =
        |i: usize| -> Option<u32> { Some(u32::from_be_bytes(ttc.get(i..i + 4)?.try_into().ok()?)) };
    let u16_at =
        |i: usize| -> Option<u16> { Some(u16::from_be_bytes(ttc.get(i..i + 2)?.try_into().ok()?)) };
    if ttc.get(..4)? != b"ttcf" || u32_at(8)? == 0 {
        return None;
    }
    let face = u32_at(12)? as usize;
    let tables = u16_at(face + 4)? as usize;
    let header_len = 12 + 16 * tables;
    let mut out = Vec::with_capacity(ttc.len());
    out.extend_from_slice(ttc.get(face..face + 12)?);
    out.resize(header_len, 0);
    for t in 0..tables {
        let rec = face + 12 + 16 * t;
        let (offset, length) = (u32_at(rec + 8)? as usize, u32_at(rec + 12)? as usize);
        let data = ttc.get(offset..offset + length)?;
        let at = out.len();
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
        let dir = 12 + 16 * t;
        out[dir..dir + 8].copy_from_slice(ttc.get(rec..rec + 8)?);
        out[dir + 8..dir + 12].copy_from_slice(&(at as u32).to_be_bytes());
        out[dir + 12..dir + 16].copy_from_slice(&(length as u32).to_be_bytes());
    }
    Some(out)
}

/// `GET /assets/{*path}`: an embedded file, cached for an hour; 404 for anything else.
pub async fn serve(Path(path): Path<String>) -> Response {
    match file(&path) {
        Some((kind, bytes)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(kind)),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=3600"),
                ),
            ],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_face_is_a_font_of_its_own() {
        let f = super::first_face(super::FONT_COLLECTION).unwrap();
        // A TrueType font (version 1.0) with the tables of the collection's first face.
        assert_eq!(&f[..4], &[0, 1, 0, 0]);
        let tables = u16::from_be_bytes([f[4], f[5]]) as usize;
        assert!(tables > 5);
        let mut tags = Vec::new();
        for t in 0..tables {
            let rec = 12 + 16 * t;
            let off = u32::from_be_bytes(f[rec + 8..rec + 12].try_into().unwrap()) as usize;
            let len = u32::from_be_bytes(f[rec + 12..rec + 16].try_into().unwrap()) as usize;
            assert!(off + len <= f.len() && off % 4 == 0);
            tags.push(String::from_utf8_lossy(&f[rec..rec + 4]).to_string());
        }
        for t in ["cmap", "glyf", "head", "name"] {
            assert!(tags.iter().any(|x| x == t), "{t} in {tags:?}");
        }
        assert!(super::first_face(b"not a font").is_none());
        assert!(super::first_face(b"ttcf").is_none());
    }
}
