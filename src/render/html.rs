//! HTML building blocks shared by the report, its method text and the trip page.

use std::fmt::Write as _;

/// Escapes text for HTML: & < > " '.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The opening of a table with one header row, the labels escaped.
pub fn table_head(labels: &[&str]) -> String {
    let mut out = String::from("<table><tr>");
    for label in labels {
        let _ = write!(out, "<th>{}</th>", escape(label));
    }
    out.push_str("</tr>");
    out
}
