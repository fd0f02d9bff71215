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
        "fonts/wqy-microhei.ttc",
        "font/collection",
        include_bytes!("../../data/fonts/wqy-microhei.ttc"),
    ),
    (
        "fonts/wqy-microhei.LICENSE",
        "text/plain; charset=utf-8",
        include_bytes!("../../data/fonts/wqy-microhei.LICENSE"),
    ),
];

/// The embedded file at `path`, with its content type.
pub fn file(path: &str) -> Option<(&'static str, &'static [u8])> {
    FILES
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, t, b)| (*t, *b))
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
