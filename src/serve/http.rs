//! The HTTP pieces every handler shares: the request's language and parameters, errors as JSON in
//! that language, the security headers, and text made safe for HTML, script data and URLs.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::lang::Lang;

/// The content security policy of every response: scripts and styles only from the workspace
/// itself, no inline script, nothing from elsewhere, no framing. Style attributes are allowed
/// because the chart library positions its tooltips with them.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
frame-ancestors 'none'; form-action 'self'";

/// A request's query parameters, in order (a key may repeat: `city=杭州市&city=苏州市`).
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The first non-empty value of `key`, trimmed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
    }

    /// Every non-empty value of `key`; values may also list several items separated by commas.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .flat_map(|(_, v)| v.split([',', '，', '、']))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The language asked for: `lang=en` for English, Chinese otherwise.
    pub fn lang(&self) -> Lang {
        match self.get("lang") {
            Some(l) if l.eq_ignore_ascii_case("en") => Lang::En,
            _ => Lang::Zh,
        }
    }

    /// The query string again, with `key` set to `value` (or removed when `None`), for links that
    /// change one parameter (a page, the language, the export).
    pub fn with(&self, key: &str, value: Option<&str>) -> String {
        let mut parts: Vec<String> = self
            .0
            .iter()
            .filter(|(k, v)| k != key && !v.trim().is_empty())
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        if let Some(v) = value {
            parts.push(format!("{}={}", encode(key), encode(v)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// An error answered as JSON (`{"error": {"status": 404, "message": "…"}}`), its message in the
/// request's language.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// The status code.
    pub status: StatusCode,
    /// The message, in the request's language.
    pub message: String,
}

impl ApiError {
    /// A 400: a parameter is wrong.
    pub fn bad(lang: Lang, zh: String, en: String) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: pick(lang, zh, en),
        }
    }

    /// A 404: nothing has this id.
    pub fn not_found(lang: Lang, zh: String, en: String) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            message: pick(lang, zh, en),
        }
    }

    /// A 500: the server could not make the answer.
    pub fn internal(lang: Lang, detail: &str) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: match lang {
                Lang::Zh => format!("服务器内部错误：{detail}"),
                Lang::En => format!("internal error: {detail}"),
            },
        }
    }

    /// The body: `{"error": {"status", "message"}}`.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {"status": self.status.as_u16(), "message": self.message}
        })
    }
}

fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

/// A JSON answer, or the error as JSON.
pub fn json(v: Result<serde_json::Value, ApiError>) -> Response {
    match v {
        Ok(v) => axum::Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// A workbook download, or the error as JSON. `disposition` names the file.
pub fn workbook(v: Result<Vec<u8>, ApiError>, disposition: &'static str) -> Response {
    download(
        v,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disposition,
    )
}

/// A file download of `content_type`, or the error as JSON. `disposition` names the file.
pub fn download(
    v: Result<Vec<u8>, ApiError>,
    content_type: &'static str,
    disposition: &'static str,
) -> Response {
    match v {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static(disposition),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => e.into_response(),
    }
}

/// An HTML page response.
pub fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

/// Adds the security headers to a response: the content security policy, no framing, no content
/// sniffing, no referrer sent elsewhere.
pub fn secure(mut r: Response) -> Response {
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    r
}

/// JSON for a `<script type="application/json">` data island: `<`, `>`, `&` and the line
/// separators escaped, so no company text can close the script element or start markup.
pub fn json_island(v: &serde_json::Value) -> String {
    let text = serde_json::to_string(v).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes text for a URL path segment or query value (everything but unreserved ASCII).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A link within the workspace in the given language: `path` with `lang=en` added for English.
pub fn href(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => path.to_string(),
        Lang::En if path.contains('?') => format!("{path}&lang=en"),
        Lang::En => format!("{path}?lang=en"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_data_cannot_close_its_element() {
        let v = serde_json::json!({"name": "</script><script>alert(1)</script>&\u{2028}"});
        let s = json_island(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn params_and_links() {
        let p = Params(vec![
            ("city".into(), "杭州市,苏州市".into()),
            ("city".into(), "宁波市".into()),
            ("lang".into(), "en".into()),
            ("page".into(), "2".into()),
            ("empty".into(), " ".into()),
        ]);
        assert_eq!(p.all("city"), vec!["杭州市", "苏州市", "宁波市"]);
        assert_eq!(p.lang(), Lang::En);
        assert_eq!(p.get("empty"), None);
        assert_eq!(
            Params(vec![("a".into(), "x y".into())]).with("page", Some("3")),
            "?a=x%20y&page=3"
        );
        assert_eq!(encode("a/b?c"), "a%2Fb%3Fc");
        assert_eq!(href("/leads?x=1", Lang::En), "/leads?x=1&lang=en");
        assert_eq!(href("/leads", Lang::Zh), "/leads");
    }
}
