//! CSV reading (UTF-8, UTF-8 with BOM, GBK/GB18030; quoting checked row by row). Writing is
//! generic and lives in [`crate::base::csv`].

/// The text encoding of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Detect: a UTF-8 BOM or valid UTF-8 is UTF-8, anything else GB18030 (a superset of GBK).
    #[default]
    Auto,
    /// UTF-8, with or without BOM.
    Utf8,
    /// GBK / GB18030.
    Gbk,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" | "utf-8-sig" => Ok(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Ok(Encoding::Gbk),
            other => Err(format!(
                "unknown encoding '{other}': use auto, utf-8 or gbk"
            )),
        }
    }
}

/// Decoded text and what the decoding met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding of the file (of most of its rows when it mixes them).
    pub encoding: &'static str,
    /// Physical lines (1-based) decoded in the other encoding, when the file mixes UTF-8 and GBK.
    pub mixed_rows: Vec<usize>,
    /// The other encoding of those lines.
    pub mixed_encoding: &'static str,
    /// Physical lines with bytes that are neither UTF-8 nor GBK (shown as U+FFFD).
    pub undecodable_rows: Vec<usize>,
}

const UTF8: &str = "UTF-8";
const UTF8_BOM: &str = "UTF-8 (BOM)";
const GBK: &str = "GB18030/GBK";

/// Decodes file bytes; returns the text and the name of the encoding used. UTF-8 input is taken
/// over without copying.
pub fn decode(bytes: Vec<u8>, encoding: Encoding) -> Result<(String, &'static str), String> {
    decode_rows(bytes, encoding).map(|d| (d.text, d.encoding))
}

/// Decodes file bytes. With [`Encoding::Auto`], a file that is not all UTF-8 is decoded line by
/// line: each line as UTF-8 when it is valid UTF-8, else as GB18030, and the lines in the minority
/// encoding are listed; bytes that fit neither are listed too, never replaced silently.
pub fn decode_rows(mut bytes: Vec<u8>, encoding: Encoding) -> Result<Decoded, String> {
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if had_bom {
        bytes.drain(..3);
    }
    let utf8_name = if had_bom { UTF8_BOM } else { UTF8 };
    let whole = |text: String, encoding: &'static str| Decoded {
        text,
        encoding,
        mixed_rows: Vec::new(),
        mixed_encoding: "",
        undecodable_rows: Vec::new(),
    };
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes)
            .map(|s| whole(s, utf8_name))
            .map_err(|e| format!("not valid UTF-8 at byte {}", e.utf8_error().valid_up_to())),
        Encoding::Gbk => {
            let mut d = whole(String::with_capacity(bytes.len() * 3 / 2), GBK);
            for (i, line) in byte_lines(&bytes).enumerate() {
                if !gb18030_into(line, &mut d.text) {
                    d.undecodable_rows.push(i + 1);
                }
            }
            Ok(d)
        }
        Encoding::Auto => match String::from_utf8(bytes) {
            Ok(s) => Ok(whole(s, utf8_name)),
            Err(e) => Ok(decode_by_line(e.as_bytes(), utf8_name)),
        },
    }
}

/// The lines of raw bytes, each with its line end (`\n`, `\r\n` or a lone `\r`). The bytes of
/// a line end never occur inside a GBK or UTF-8 character.
fn byte_lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        let end = memchr::memchr2(b'\n', b'\r', &bytes[pos..])
            .map(|k| pos + k)
            .unwrap_or(bytes.len());
        pos = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        Some(&bytes[start..pos])
    })
}

/// The non-ASCII lines of a sample of file bytes: how many are valid UTF-8, how many are not,
/// the first of those (1-based, line ends counted as the reader counts them), and whether all of
/// them decode as GB18030. A line cut at the end of the sample is not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodingSample {
    /// Lines that are valid UTF-8.
    pub utf8: usize,
    /// Lines that are not.
    pub other: usize,
    /// The first of those.
    pub first_other: Option<usize>,
    /// All of those decode as GB18030.
    pub other_is_gbk: bool,
}

/// Samples the encodings of a file's lines (see [`EncodingSample`]).
pub fn sample_encodings(bytes: &[u8]) -> EncodingSample {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut s = EncodingSample {
        utf8: 0,
        other: 0,
        first_other: None,
        other_is_gbk: true,
    };
    for (i, line) in byte_lines(bytes).enumerate() {
        if line.is_ascii() {
            continue;
        }
        match std::str::from_utf8(line) {
            Ok(_) => s.utf8 += 1,
            Err(e) if e.error_len().is_none() && line.len() - e.valid_up_to() < 4 => {}
            Err(_) => {
                s.other += 1;
                s.first_other.get_or_insert(i + 1);
                s.other_is_gbk &= encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(line)
                    .is_some();
            }
        }
    }
    s
}

/// Decodes one line as GB18030 onto `out`; false when some bytes fit no character.
fn gb18030_into(line: &[u8], out: &mut String) -> bool {
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(line) {
        Some(s) => {
            out.push_str(&s);
            true
        }
        None => {
            out.push_str(&encoding_rs::GB18030.decode_without_bom_handling(line).0);
            false
        }
    }
}

fn decode_by_line(bytes: &[u8], utf8_name: &'static str) -> Decoded {
    let mut text = String::with_capacity(bytes.len() * 3 / 2);
    let (mut utf8_rows, mut gbk_rows, mut bad) = (Vec::new(), Vec::new(), Vec::new());
    for (i, line) in byte_lines(bytes).enumerate() {
        if line.is_ascii() {
            text.push_str(std::str::from_utf8(line).unwrap_or_default());
        } else if let Ok(s) = std::str::from_utf8(line) {
            text.push_str(s);
            utf8_rows.push(i + 1);
        } else if gb18030_into(line, &mut text) {
            gbk_rows.push(i + 1);
        } else {
            bad.push(i + 1);
        }
    }
    let (encoding, mixed_rows, mixed_encoding) = if utf8_rows.len() > gbk_rows.len() {
        (utf8_name, gbk_rows, GBK)
    } else {
        (GBK, utf8_rows, UTF8)
    };
    Decoded {
        text,
        encoding,
        mixed_encoding: if mixed_rows.is_empty() {
            ""
        } else {
            mixed_encoding
        },
        mixed_rows,
        undecodable_rows: bad,
    }
}

/// Bytes read from disk at a time when a CSV file is streamed ([`TextStream`]).
pub const CHUNK_BYTES: usize = 32 << 20;

/// A CSV file decoded piece by piece from disk, exactly as [`decode_rows`] decodes it whole:
/// line by line (the BOM dropped, each line as UTF-8 or GB18030 as the encoding asks), the
/// counts of the lines' encodings and ends kept as they go by. The text held is the complete
/// lines of about one chunk of bytes not yet consumed, and the line a chunk cut in two (kept
/// in bytes until its end is read; a CR at the end of a chunk waits for the next byte, which
/// may make it a CRLF).
///
/// Offsets are those of the whole decoded text ([`TextStream::base`] is the offset of
/// [`TextStream::text`]), so a position of [`Reader::position`] holds across pieces.
pub struct TextStream {
    file: std::fs::File,
    encoding: Encoding,
    chunk: usize,
    /// Bytes read and not yet decoded: the start of a line.
    raw: Vec<u8>,
    /// The file was read to its end (the bytes in `raw` are its last).
    eof: bool,
    /// The file must be read again from its first byte.
    reopen: bool,
    /// The BOM was looked for.
    started: bool,
    had_bom: bool,
    /// Decoded complete lines, from offset `base` of the whole text.
    text: String,
    base: usize,
    /// Lines decoded so far, and bytes (after the BOM).
    lines: usize,
    bytes: usize,
    tally: Tally,
    /// The encoding whose lines are listed as they are decoded (the minority of a mixed file).
    list: Option<&'static str>,
    listed: Vec<usize>,
    error: Option<String>,
    /// No quote byte is in the file from this offset on (see [`TextStream::quote_ahead`]).
    no_quote_from: Option<u64>,
}

/// What decoding met so far.
#[derive(Debug, Default, Clone)]
struct Tally {
    /// Non-ASCII lines decoded as UTF-8, and as GB18030.
    utf8: usize,
    gbk: usize,
    /// Lines with bytes of neither.
    bad: Vec<usize>,
    /// Line ends: LF, CRLF and lone CR.
    lf: usize,
    crlf: usize,
    cr: usize,
}

impl TextStream {
    /// Opens a file to be decoded in chunks of `chunk` bytes (at least 4).
    pub fn open(
        path: &std::path::Path,
        encoding: Encoding,
        chunk: usize,
    ) -> std::io::Result<TextStream> {
        Ok(TextStream {
            file: std::fs::File::open(path)?,
            encoding,
            chunk: chunk.max(4),
            raw: Vec::new(),
            eof: false,
            reopen: false,
            started: false,
            had_bom: false,
            text: String::new(),
            base: 0,
            lines: 0,
            bytes: 0,
            tally: Tally::default(),
            list: None,
            listed: Vec::new(),
            error: None,
            no_quote_from: None,
        })
    }

    /// The decoded lines held, which start at offset [`TextStream::base`] of the whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The offset of [`TextStream::text`] in the whole decoded text.
    pub fn base(&self) -> usize {
        self.base
    }

    /// Whether the whole file is decoded (the text held is its end).
    pub fn done(&self) -> bool {
        self.eof && self.raw.is_empty() && !self.reopen
    }

    /// Starts again from the first byte of the file; the counts start again too.
    pub fn rewind(&mut self) {
        self.reopen = true;
        self.raw.clear();
        self.eof = false;
        self.started = false;
        self.had_bom = false;
        self.text.clear();
        self.base = 0;
        self.lines = 0;
        self.bytes = 0;
        self.tally = Tally::default();
        self.listed.clear();
    }

    /// Whether a quote byte follows the text decoded so far (in the bytes not yet decoded or
    /// the rest of the file). A quote byte is never part of a UTF-8 or GB18030 character, so a
    /// quote still open at the end of the text closes only if this is true; when it is not, the
    /// file's rest is scanned once in chunks, not held.
    pub fn quote_ahead(&mut self) -> Result<bool, String> {
        use std::io::{Read, Seek, SeekFrom};
        if self.reopen || memchr::memchr(b'"', &self.raw).is_some() || self.eof {
            return Ok(self.reopen || memchr::memchr(b'"', &self.raw).is_some());
        }
        let here = self.file.stream_position().map_err(|e| e.to_string())?;
        if self.no_quote_from.is_some_and(|from| from <= here) {
            return Ok(false);
        }
        let mut buf = vec![0; self.chunk.min(1 << 20)];
        let found = loop {
            match self.file.read(&mut buf) {
                Ok(0) => break false,
                Ok(n) if memchr::memchr(b'"', &buf[..n]).is_some() => break true,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e.to_string()),
            }
        };
        self.file
            .seek(SeekFrom::Start(here))
            .map_err(|e| e.to_string())?;
        if !found {
            self.no_quote_from = Some(here);
        }
        Ok(found)
    }

    /// Drops the text before offset `keep_from` of the whole text and decodes at least one more
    /// line; false when the file is decoded to its end. Errors are those of reading and the
    /// one of [`decode_rows`] for a file that is not UTF-8 when UTF-8 is asked for.
    pub fn fill(&mut self, keep_from: usize) -> Result<bool, String> {
        use std::io::{Read, Seek};
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let drop = keep_from.saturating_sub(self.base).min(self.text.len());
        self.text.drain(..drop);
        self.base += drop;
        if self.reopen {
            self.file
                .seek(std::io::SeekFrom::Start(0))
                .map_err(|e| e.to_string())?;
            self.reopen = false;
        }
        loop {
            if self.eof && self.raw.is_empty() {
                return Ok(false);
            }
            if !self.eof {
                let have = self.raw.len();
                // A record longer than a chunk is read again with twice the text, not a chunk
                // more each time.
                self.raw.resize(have + self.chunk.max(self.text.len()), 0);
                let mut got = have;
                while got < self.raw.len() {
                    match self.file.read(&mut self.raw[got..]) {
                        Ok(0) => {
                            self.eof = true;
                            break;
                        }
                        Ok(n) => got += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            self.raw.truncate(have);
                            return Err(e.to_string());
                        }
                    }
                }
                self.raw.truncate(got);
            }
            if !self.started && (self.raw.len() >= 3 || self.eof) {
                self.started = true;
                self.had_bom = self.raw.starts_with(b"\xEF\xBB\xBF");
                if self.had_bom {
                    self.raw.drain(..3);
                }
            }
            if !self.started {
                continue;
            }
            let cut = complete_lines(&self.raw, self.eof);
            if cut == 0 {
                continue;
            }
            let raw = std::mem::take(&mut self.raw);
            let decoded = self.decode(&raw[..cut]);
            self.raw = raw;
            self.raw.drain(..cut);
            if let Err(e) = decoded {
                self.error = Some(e.clone());
                return Err(e);
            }
            return Ok(true);
        }
    }

    /// Decodes complete lines onto the text.
    fn decode(&mut self, bytes: &[u8]) -> Result<(), String> {
        self.text.reserve(bytes.len());
        for line in byte_lines(bytes) {
            self.lines += 1;
            let n = self.lines;
            let from = self.text.len();
            match self.encoding {
                Encoding::Utf8 => match std::str::from_utf8(line) {
                    Ok(s) => self.text.push_str(s),
                    Err(e) => {
                        return Err(format!(
                            "not valid UTF-8 at byte {}",
                            self.bytes + e.valid_up_to()
                        ))
                    }
                },
                Encoding::Gbk => {
                    if !gb18030_into(line, &mut self.text) {
                        self.tally.bad.push(n);
                    }
                }
                Encoding::Auto => {
                    if line.is_ascii() {
                        self.text
                            .push_str(std::str::from_utf8(line).unwrap_or_default());
                    } else if let Ok(s) = std::str::from_utf8(line) {
                        self.text.push_str(s);
                        self.tally.utf8 += 1;
                        if self.list == Some(UTF8) {
                            self.listed.push(n);
                        }
                    } else if gb18030_into(line, &mut self.text) {
                        self.tally.gbk += 1;
                        if self.list == Some(GBK) {
                            self.listed.push(n);
                        }
                    } else {
                        self.tally.bad.push(n);
                    }
                }
            }
            self.bytes += line.len();
            // The line's end, as `line_ends` counts it in the whole text: the ends of lines
            // are the only CR and LF of a decoded line.
            let t = &self.text.as_bytes()[from..];
            match t {
                [.., b'\r', b'\n'] => self.tally.crlf += 1,
                [.., b'\n'] => self.tally.lf += 1,
                [.., b'\r'] => self.tally.cr += 1,
                _ => {}
            }
        }
        Ok(())
    }

    /// What decoding the whole file met, as [`decode_rows`] reports it, without the text and
    /// without the lines of the minority encoding (see [`TextStream::list_mixed`]); valid once
    /// the file is decoded to its end.
    pub fn summary(&self) -> Result<(Decoded, LineEnds), String> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let t = &self.tally;
        let utf8_name = if self.had_bom { UTF8_BOM } else { UTF8 };
        let (encoding, mixed_encoding) = match self.encoding {
            Encoding::Utf8 => (utf8_name, ""),
            Encoding::Gbk => (GBK, ""),
            Encoding::Auto if t.gbk == 0 && t.bad.is_empty() => (utf8_name, ""),
            Encoding::Auto if t.utf8 > t.gbk => (utf8_name, if t.gbk > 0 { GBK } else { "" }),
            Encoding::Auto => (GBK, if t.utf8 > 0 { UTF8 } else { "" }),
        };
        let ends = match (t.lf > 0, t.crlf > 0, t.cr > 0) {
            (_, false, true) if t.lf == 0 => LineEnds::Cr,
            (false, true, false) => LineEnds::CrLf,
            (_, false, false) => LineEnds::Lf,
            _ => LineEnds::Mixed,
        };
        Ok((
            Decoded {
                text: String::new(),
                encoding,
                mixed_rows: Vec::new(),
                mixed_encoding,
                undecodable_rows: t.bad.clone(),
            },
            ends,
        ))
    }

    /// From now on, lists the lines decoded in `encoding` (a [`Decoded::mixed_encoding`]; an
    /// empty one lists none): the minority lines are known once a first pass counted them, and
    /// listed on a later pass, so a pass never keeps a number for each line of the majority.
    pub fn list_mixed(&mut self, encoding: &'static str) {
        self.list = match encoding {
            UTF8 => Some(UTF8),
            GBK => Some(GBK),
            _ => None,
        };
    }

    /// The lines listed on this pass (see [`TextStream::list_mixed`]).
    pub fn take_listed(&mut self) -> Vec<usize> {
        std::mem::take(&mut self.listed)
    }
}

/// The bytes of `raw` that are complete lines: up to the last line end, a CR at the very end
/// not counted (the LF that may follow it is not read yet); all of them at the end of the file.
fn complete_lines(raw: &[u8], eof: bool) -> usize {
    if eof {
        return raw.len();
    }
    let n = raw.len() - usize::from(raw.last() == Some(&b'\r'));
    memchr::memrchr2(b'\n', b'\r', &raw[..n]).map_or(0, |k| k + 1)
}

/// How the lines of a text end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnds {
    /// `\n` (Unix), or a single line.
    Lf,
    /// `\r\n` (Windows).
    CrLf,
    /// `\r` alone (old Mac, some exports).
    Cr,
    /// More than one kind in the same file.
    Mixed,
}

impl LineEnds {
    /// The name shown in the import report.
    pub fn name(self) -> &'static str {
        match self {
            LineEnds::Lf => "LF",
            LineEnds::CrLf => "CRLF",
            LineEnds::Cr => "CR",
            LineEnds::Mixed => "mixed CR/LF/CRLF",
        }
    }
}

/// The line ends of a text, outside and inside quotes alike.
pub fn line_ends(text: &str) -> LineEnds {
    let b = text.as_bytes();
    let (mut lf, mut crlf, mut cr) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                crlf += 1;
                i += 1;
            }
            b'\r' => cr += 1,
            b'\n' => lf += 1,
            _ => {}
        }
        i += 1;
    }
    match (lf > 0, crlf > 0, cr > 0) {
        (_, false, true) if lf == 0 => LineEnds::Cr,
        (false, true, false) => LineEnds::CrLf,
        (_, false, false) => LineEnds::Lf,
        _ => LineEnds::Mixed,
    }
}

/// The physical lines of a text, split at `\n`, `\r\n` or a lone `\r`, without their ends.
pub fn physical_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let (end, next) = line_end(text, pos);
        out.push(&text[pos..end]);
        pos = next;
    }
    out
}

/// From `pos`, the end of the line's content and the start of the next line.
fn line_end(text: &str, pos: usize) -> (usize, usize) {
    let b = text.as_bytes();
    match text[pos..].find(['\n', '\r']).map(|k| pos + k) {
        None => (text.len(), text.len()),
        Some(k) if b[k] == b'\r' && b.get(k + 1) == Some(&b'\n') => (k, k + 2),
        Some(k) => (k, k + 1),
    }
}

/// Line breaks in a piece of text: `\n`, `\r\n` and lone `\r` each count once.
fn breaks(s: &str) -> usize {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The field delimiter of a CSV text: the most frequent of , ; and tab in its first line that has
/// any of them (a title line above the header may have none).
pub fn sniff_delimiter(text: &str) -> u8 {
    let mut first = "";
    let mut pos = 0;
    for _ in 0..10 {
        if pos >= text.len() {
            break;
        }
        let (end, next) = line_end(text, pos);
        if text[pos..end].contains([',', '\t', ';']) {
            first = &text[pos..end];
            break;
        }
        pos = next;
    }
    let count = |d: char| first.matches(d).count();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// One record read: its 1-based line number and its fields, or why it is broken.
#[derive(Debug, PartialEq, Eq)]
pub enum Record {
    /// A well-formed record starting at `line`.
    Fields { line: usize },
    /// A record that cannot be parsed; parsing resumes on the next line.
    Broken { line: usize, reason: String },
}

/// Reads records from decoded CSV text, reusing one buffer of fields. Lines may end in `\n`,
/// `\r\n` or a lone `\r`, mixed in one file.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delim: char,
    width: Option<usize>,
    /// Where the last record read started.
    last_start: usize,
    /// Whether the last record read ran into the end of the text without a line end.
    ran_out: bool,
}

impl<'a> Reader<'a> {
    /// A reader over `text` with the given delimiter.
    pub fn new(text: &'a str, delim: u8) -> Reader<'a> {
        Reader {
            text,
            pos: 0,
            line: 1,
            delim: delim as char,
            width: None,
            last_start: 0,
            ran_out: false,
        }
    }

    /// Where the next record will be looked for: the byte offset in the text and its 1-based
    /// line number. A reader made again with [`Reader::seek`] to it goes on from there.
    pub fn position(&self) -> (usize, usize) {
        (self.pos, self.line)
    }

    /// Goes on from a position given by [`Reader::position`] on the same text.
    pub fn seek(&mut self, (pos, line): (usize, usize)) {
        self.pos = pos.min(self.text.len());
        self.line = line;
    }

    /// The physical line on which the last record read started, without its line end: the raw
    /// text of a broken record, for the rejects file.
    pub fn record_line(&self) -> &'a str {
        let text: &'a str = self.text;
        let start = self.last_start.min(text.len());
        &text[start..line_end(text, start).0]
    }

    /// The number of fields a record should have (the header's). A quoted field that runs over
    /// several lines into a record of another width is then taken for a stray quote: the first
    /// line is broken and reading resumes on the next one, so no line is glued to its neighbour.
    pub fn set_width(&mut self, width: usize) {
        self.width = Some(width);
    }

    /// Whether the last record read ran into the end of the text before a line end (a quote
    /// left open, or a last line without its end): with more text after it, it could read
    /// otherwise. A reader over a piece of a file reads the record again with more text.
    pub fn ran_out(&self) -> bool {
        self.ran_out
    }

    /// Reads the next record into `fields`; None at the end. Blank lines are skipped.
    pub fn next_into(&mut self, fields: &mut Vec<String>) -> Option<Record> {
        self.ran_out = false;
        loop {
            if self.pos >= self.text.len() {
                return None;
            }
            let (end, next) = line_end(self.text, self.pos);
            if self.text[self.pos..end].trim().is_empty() {
                self.pos = next;
                self.line += 1;
                continue;
            }
            break;
        }
        let start_pos = self.pos;
        let start_line = self.line;
        self.last_start = start_pos;
        let mut used = 0;
        let bytes = self.text.as_bytes();
        let delim = self.delim as u8;
        let mut i = self.pos;
        let mut line = self.line;
        let mut terminated = false;
        let push = |fields: &mut Vec<String>, used: &mut usize| -> usize {
            if *used == fields.len() {
                fields.push(String::new());
            } else {
                fields[*used].clear();
            }
            *used += 1;
            *used - 1
        };
        loop {
            let f = push(fields, &mut used);
            if i < bytes.len() && bytes[i] == b'"' {
                // Quoted field.
                i += 1;
                let mut closed = false;
                while i < bytes.len() {
                    let rest = &self.text[i..];
                    match rest.find('"').map(|k| i + k) {
                        None => {
                            fields[f].push_str(rest);
                            line += breaks(rest);
                            i = bytes.len();
                        }
                        Some(k) => {
                            let piece = &self.text[i..k];
                            fields[f].push_str(piece);
                            line += breaks(piece);
                            if k + 1 < bytes.len() && bytes[k + 1] == b'"' {
                                fields[f].push('"');
                                i = k + 2;
                            } else {
                                i = k + 1;
                                closed = true;
                                break;
                            }
                        }
                    }
                }
                if !closed {
                    self.ran_out = true;
                    return Some(self.broken(
                        start_pos,
                        start_line,
                        "unterminated quote (引号未闭合)",
                    ));
                }
                // After a closing quote: delimiter, end of line or end of text.
                if i < bytes.len() && bytes[i] == delim {
                    i += 1;
                    continue;
                }
                if i >= bytes.len() {
                    break;
                }
                if bytes[i] == b'\r' || bytes[i] == b'\n' {
                    i = line_end(self.text, i).1;
                    line += 1;
                    terminated = true;
                    break;
                }
                return Some(self.broken(
                    start_pos,
                    start_line,
                    "text after a closing quote (引号后有多余字符)",
                ));
            }
            // Unquoted field: up to the delimiter or the end of the line.
            let rest = &self.text[i..];
            let end = rest
                .find([self.delim, '\n', '\r'])
                .map(|k| i + k)
                .unwrap_or(bytes.len());
            fields[f].push_str(&self.text[i..end]);
            i = end;
            if i < bytes.len() && bytes[i] == delim {
                i += 1;
                continue;
            }
            if i < bytes.len() {
                i = line_end(self.text, i).1;
                line += 1;
                terminated = true;
            }
            break;
        }
        fields.truncate(used);
        self.ran_out = !terminated;
        if let Some(width) = self.width {
            let spans_lines = line - start_line > usize::from(terminated);
            let fits = used == width
                || (used > width && fields[width..].iter().all(|f| f.trim().is_empty()));
            if spans_lines && !fits {
                return Some(self.broken(
                    start_pos,
                    start_line,
                    "a quote runs over several lines and the fields do not fit the header (引号跨行，列数不符)",
                ));
            }
        }
        self.pos = i;
        self.line = line;
        Some(Record::Fields { line: start_line })
    }

    fn broken(&mut self, start_pos: usize, start_line: usize, reason: &str) -> Record {
        // Resume on the line after the one the record started on.
        self.pos = line_end(self.text, start_pos).1;
        self.line = start_line + 1;
        Record::Broken {
            line: start_line,
            reason: reason.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Read = Result<(usize, Vec<String>), (usize, String)>;

    fn read_all(text: &str) -> Vec<Read> {
        let mut r = Reader::new(text, sniff_delimiter(text));
        let mut fields = Vec::new();
        let mut out = Vec::new();
        while let Some(rec) = r.next_into(&mut fields) {
            out.push(match rec {
                Record::Fields { line } => Ok((line, fields.clone())),
                Record::Broken { line, reason } => Err((line, reason)),
            });
        }
        out
    }

    #[test]
    fn reads_quoted_fields_and_line_numbers() {
        let text = "a,b,c\n1,\"x, y\",3\r\n\n2,\"say \"\"hi\"\"\",\"multi\nline\"\n3,,\n";
        let rows = read_all(text);
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0], Ok((1, vec!["a".into(), "b".into(), "c".into()])));
        assert_eq!(
            rows[1],
            Ok((2, vec!["1".into(), "x, y".into(), "3".into()]))
        );
        assert_eq!(
            rows[2],
            Ok((
                4,
                vec!["2".into(), "say \"hi\"".into(), "multi\nline".into()]
            ))
        );
        assert_eq!(rows[3], Ok((6, vec!["3".into(), "".into(), "".into()])));
    }

    #[test]
    fn broken_quoting_is_reported_and_reading_goes_on() {
        let text = "a,b\n1,\"ok\"x\n2,fine\n3,\"never closed\n";
        let rows = read_all(text);
        assert_eq!(
            rows[1],
            Err((2, "text after a closing quote (引号后有多余字符)".into()))
        );
        assert_eq!(rows[2], Ok((3, vec!["2".into(), "fine".into()])));
        assert_eq!(rows[3], Err((4, "unterminated quote (引号未闭合)".into())));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn decodes_gbk_and_bom() {
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,经营范围\n云南测试有限公司,钢材销售\n");
        let (text, enc) = decode(gbk.to_vec(), Encoding::Auto).unwrap();
        assert!(text.starts_with("企业名称,经营范围"));
        assert_eq!(enc, "GB18030/GBK");
        let bom = b"\xEF\xBB\xBFname\n";
        assert_eq!(
            decode(bom.to_vec(), Encoding::Auto).unwrap(),
            ("name\n".to_string(), "UTF-8 (BOM)")
        );
        assert!(decode(gbk.to_vec(), Encoding::Utf8).is_err());
        assert_eq!("GBK".parse::<Encoding>().unwrap(), Encoding::Gbk);
    }

    #[test]
    fn reads_cr_crlf_and_lf_line_ends_alike() {
        let text = "a,b\r1,x\r\n2,\"q\rq\"\r3,y\n4,z";
        assert_eq!(line_ends(text), LineEnds::Mixed);
        let rows = read_all(text);
        assert_eq!(rows.len(), 5);
        assert_eq!(rows[1], Ok((2, vec!["1".into(), "x".into()])));
        assert_eq!(rows[2], Ok((3, vec!["2".into(), "q\rq".into()])));
        assert_eq!(rows[3], Ok((5, vec!["3".into(), "y".into()])));
        assert_eq!(rows[4], Ok((6, vec!["4".into(), "z".into()])));
        assert_eq!(line_ends("a\rb\r"), LineEnds::Cr);
        assert_eq!(line_ends("a\r\nb\r\n"), LineEnds::CrLf);
        assert_eq!(line_ends("a\nb"), LineEnds::Lf);
        assert_eq!(physical_lines("a\rb\r\nc\nd"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn a_record_s_line_and_position_resume_reading() {
        let text = "a,b\r\n1,\"ok\"x\n\n2,\"two\nlines\"\r3,\"never closed\n4,z";
        let lines = physical_lines(text);
        let mut r = Reader::new(text, b',');
        let mut fields = Vec::new();
        let mut once = Vec::new();
        while let Some(rec) = r.next_into(&mut fields) {
            let line = match &rec {
                Record::Fields { line } | Record::Broken { line, .. } => *line,
            };
            assert_eq!(r.record_line(), lines[line - 1], "line {line}");
            once.push((rec, fields.clone()));
        }
        assert_eq!(once.len(), 5);
        assert_eq!(once[2].1, ["2", "two\nlines"]);
        assert_eq!(r.record_line(), "4,z");
        // A reader made anew at each position reads the same records.
        let (mut anew, mut pos) = (Vec::new(), (0, 1));
        loop {
            let mut r = Reader::new(text, b',');
            r.seek(pos);
            let Some(rec) = r.next_into(&mut fields) else {
                break;
            };
            anew.push((rec, fields.clone()));
            pos = r.position();
        }
        assert_eq!(anew, once);
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b,c\n"), b',');
        assert_eq!(sniff_delimiter("a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter("a;b;c\n"), b';');
    }

    #[test]
    fn samples_encodings_line_by_line() {
        let (gbk, _, _) = encoding_rs::GBK.encode("企业名称,经营范围\n云南测试有限公司,钢材销售\n");
        let s = sample_encodings(&gbk);
        assert_eq!(
            (s.utf8, s.other, s.first_other, s.other_is_gbk),
            (0, 2, Some(1), true)
        );
        let s = sample_encodings("企业名称\r云南\r\n".as_bytes());
        assert_eq!((s.utf8, s.other), (2, 0));
        let mut mixed = "企业名称\n".as_bytes().to_vec();
        mixed.extend_from_slice(&gbk);
        let s = sample_encodings(&mixed);
        assert_eq!((s.utf8, s.other, s.first_other), (1, 2, Some(2)));
        // A CRLF line end is one line end: the GBK row of a Windows export is on line 3, not 5.
        let mut crlf = "企业名称\r\n甲公司\r\n".as_bytes().to_vec();
        crlf.extend_from_slice(&encoding_rs::GBK.encode("乙公司\r\n").0);
        assert_eq!(sample_encodings(&crlf).first_other, Some(3));
    }

    /// A file decoded in chunks of every small size gives the text, encoding, lines and line
    /// ends of the file decoded whole: CRLF and multi-byte characters cut at chunk ends.
    #[test]
    fn text_streamed_in_small_chunks_is_the_whole_decoded_text() {
        let dir = std::env::temp_dir().join(format!("chainlead-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let gbk = |s: &str| encoding_rs::GB18030.encode(s).0.to_vec();
        let mut mixed = b"\xEF\xBB\xBF\xE4\xBC\x81\xE4\xB8\x9A,b\r\n".to_vec();
        mixed.extend(gbk("云南甲公司,\"多\r\n行\"\r"));
        mixed.extend("乙公司,x\n\n".as_bytes());
        mixed.extend(b"\x81\x30bad\r\n");
        mixed.extend(gbk("丙公司,尾"));
        let files: Vec<Vec<u8>> = vec![
            "企业名称,地址\r\n云南公司,\"昆明\r\n五华\"\r\n\r\n乙,丙\r".into(),
            gbk("企业名称,经营范围\n云南测试有限公司,钢材销售\n"),
            mixed,
            b"a\rb\r\rc\n\r\n".to_vec(),
            Vec::new(),
        ];
        for (i, bytes) in files.iter().enumerate() {
            let path = dir.join(format!("{i}.csv"));
            std::fs::write(&path, bytes).unwrap();
            for encoding in [Encoding::Auto, Encoding::Gbk, Encoding::Utf8] {
                let whole = decode_rows(bytes.clone(), encoding);
                for chunk in (4..40).chain([64, CHUNK_BYTES]) {
                    let mut s = TextStream::open(&path, encoding, chunk).unwrap();
                    for pass in 0..2 {
                        let mut filled = Ok(true);
                        while let Ok(true) = filled {
                            filled = s.fill(0);
                        }
                        let what = format!("file {i} {encoding:?} chunk {chunk} pass {pass}");
                        match (&whole, filled, s.summary()) {
                            (Ok(d), Ok(false), Ok((mut got, ends))) => {
                                assert_eq!(s.text(), d.text, "{what}");
                                got.text = s.text().to_string();
                                // The minority lines are listed on the pass after the
                                // one that counted them.
                                got.mixed_rows = s.take_listed();
                                if pass == 0 {
                                    assert_eq!(got.mixed_rows, [0usize; 0], "{what}");
                                    got.mixed_rows = d.mixed_rows.clone();
                                }
                                assert_eq!(got, *d, "{what}");
                                assert_eq!(ends, line_ends(&d.text), "{what}");
                                s.list_mixed(got.mixed_encoding);
                            }
                            (Err(e), Err(f), Err(g)) => assert_eq!((e, e), (&f, &g), "{what}"),
                            (w, f, g) => panic!("{what}: {w:?} {f:?} {g:?}"),
                        }
                        s.rewind();
                    }
                }
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
