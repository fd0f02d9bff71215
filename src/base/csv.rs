//! CSV writing for Excel and WPS: UTF-8 with BOM, quoting where needed, and text cells that a
//! spreadsheet would run as a formula neutralised. Every CSV chainlead writes goes through here.

use std::io::{self, Write};

/// Neutralises a text cell that a spreadsheet would run as a formula (= + - @, tab, CR at the start)
/// by putting an apostrophe before it.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// Writes CSV for Excel and WPS: UTF-8 with BOM, CRLF-free, quoting where needed.
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// Starts a CSV file: writes the BOM.
    pub fn new(mut out: W) -> io::Result<Writer<W>> {
        out.write_all(b"\xEF\xBB\xBF")?;
        Ok(Writer { out })
    }

    /// Writes one record; `text[i]` says whether field i is text (neutralised) or a number.
    pub fn record<S: AsRef<str>>(
        &mut self,
        fields: impl IntoIterator<Item = (S, bool)>,
    ) -> io::Result<()> {
        let mut first = true;
        for (field, is_text) in fields {
            if !first {
                self.out.write_all(b",")?;
            }
            first = false;
            let field = field.as_ref();
            let value = if is_text {
                neutralise(field)
            } else {
                field.into()
            };
            if value.contains([',', '"', '\n', '\r']) {
                self.out.write_all(b"\"")?;
                self.out.write_all(value.replace('"', "\"\"").as_bytes())?;
                self.out.write_all(b"\"")?;
            } else {
                self.out.write_all(value.as_bytes())?;
            }
        }
        self.out.write_all(b"\n")
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_bom_quotes_and_neutralises() {
        let mut w = Writer::new(Vec::new()).unwrap();
        w.record([("name", true), ("n", false)]).unwrap();
        w.record([("=HYPERLINK(\"x\")", true), ("-5", false)])
            .unwrap();
        w.record([("a,b", true), ("@x", true)]).unwrap();
        let out = String::from_utf8(w.finish().unwrap()).unwrap();
        assert_eq!(
            out,
            "\u{feff}name,n\n\"'=HYPERLINK(\"\"x\"\")\",-5\n\"a,b\",'@x\n"
        );
        assert_eq!(neutralise("+86"), "'+86");
        assert_eq!(neutralise("云南"), "云南");
    }
}
