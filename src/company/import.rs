//! Import of vendor exports (企查查, 天眼查, 启信宝 style): CSV, XLSX/XLS and Parquet files with
//! Chinese or English headers, cleaned into the canonical table without losing a row.
//!
//! Every record read is accepted or rejected with its source file, row and reason; rows with the
//! same valid uscc are merged, keeping the most complete values.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use super::clean;
use super::csv::{self, Encoding};
use super::table::{Cell, Col, Companies, Kind, Row};
use super::uscc;
use crate::region::Regions;

/// What can stop an import.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    /// No column maps onto the company name.
    #[error("{path}: no company name column (企业名称). Columns found: {found}. Accepted names: {accepted}")]
    NoNameColumn {
        path: String,
        found: String,
        accepted: String,
    },
    /// The extension is not one chainlead reads.
    #[error("{path}: unknown file type; use .csv, .txt, .xlsx, .xls or .parquet")]
    UnknownFormat { path: String },
    /// The workbook or its sheet cannot be read.
    #[error("{path}: {message}")]
    Workbook { path: String, message: String },
    /// The Parquet file cannot be read.
    #[error("{path}: cannot read Parquet: {message}")]
    Parquet { path: String, message: String },
    /// The file has no header row.
    #[error("{path}: the file is empty (no header row)")]
    Empty { path: String },
    /// The file has a header row but no data rows.
    #[error("{path}: the file has no data rows, only a header; check that the export is complete")]
    NoRows { path: String },
}

impl ImportError {
    /// The error as a user reads it, in the given language, with what to do (the English is
    /// fuller than the Display form, which is the short technical one).
    pub fn message(&self, lang: crate::Lang) -> String {
        use crate::Lang::{En, Zh};
        match (self, lang) {
            (ImportError::Io { path, message }, Zh) => {
                format!("无法读取 {path}：{message}；请确认文件存在、有读取权限、未被其他程序独占")
            }
            (ImportError::Io { path, message }, En) => format!(
                "cannot read {path}: {message}; check that the file exists, may be read and is not locked by another program"
            ),
            (ImportError::Workbook { path, message }, Zh) if message.starts_with("cannot open") => format!(
                "无法打开工作簿 {path}：文件已损坏，或不是真正的 Excel 文件（例如改了扩展名的其他文件）。请用 Excel 或 WPS 打开后另存为 .xlsx，或另存为 CSV 再导入。（详情：{message}）"
            ),
            (ImportError::Workbook { path, message }, En) if message.starts_with("cannot open") => format!(
                "cannot open the workbook {path}: it is damaged or not really an Excel file (e.g. another file renamed). Open it in Excel or WPS and save it again as .xlsx, or save it as CSV. (detail: {message})"
            ),
            (ImportError::Workbook { path, message }, Zh) => {
                format!("无法读取工作簿 {path}：{message}（可用 --sheet 指定工作表名称）")
            }
            (ImportError::Workbook { path, message }, En) => format!(
                "cannot read the workbook {path}: {message} (--sheet NAME picks the worksheet)"
            ),
            (ImportError::UnknownFormat { path }, Zh) => {
                format!("{path}：不支持的文件类型；请使用 .csv、.txt、.xlsx、.xls 或 .parquet 文件")
            }
            (ImportError::Parquet { path, message }, Zh) => {
                format!("无法读取 Parquet 文件 {path}：{message}；文件可能不完整，请重新生成")
            }
            (ImportError::Empty { path }, Zh) => {
                format!("{path}：文件是空的（连表头行都没有）；请检查导出是否完整")
            }
            (ImportError::NoRows { path }, Zh) => format!(
                "{path}：文件没有数据行，只有表头；请检查导出是否完整（例如导出时是否选中了企业）"
            ),
            (
                ImportError::NoNameColumn {
                    path,
                    found,
                    accepted,
                },
                Zh,
            ) => format!(
                "{path}：找不到企业名称列。文件中的列：{found}。可识别的列名：{accepted}。请把企业名称所在列的表头改为“企业名称”"
            ),
            (
                ImportError::UnknownFormat { .. }
                | ImportError::Parquet { .. }
                | ImportError::Empty { .. }
                | ImportError::NoRows { .. }
                | ImportError::NoNameColumn { .. },
                En,
            ) => self.to_string(),
        }
    }
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// CSV text encoding.
    pub encoding: Encoding,
    /// Worksheet to read from a workbook (the first when None).
    pub sheet: Option<String>,
}

/// A row that could not be used.
#[derive(Debug, Clone, PartialEq)]
pub struct Reject {
    /// File it came from.
    pub source: String,
    /// Row number in that file (1-based, the header is row 1).
    pub row: usize,
    /// Why it was rejected.
    pub reason: String,
    /// The row's raw text, as far as it could be read.
    pub raw: String,
}

/// Where a company's region code came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionSource {
    /// The file's region code column.
    File,
    /// Characters 3 to 8 of the uscc.
    Uscc,
    /// The province, city and district names.
    Names,
    /// Not found.
    None,
}

/// Counts of one file.
#[derive(Debug, Clone, Default)]
pub struct FileReport {
    /// Path.
    pub path: String,
    /// Format and encoding read.
    pub format: String,
    /// Data rows read.
    pub read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// Lines (1-based) decoded in another encoding than the rest of the file.
    pub mixed_rows: Vec<usize>,
    /// That other encoding.
    pub mixed_encoding: &'static str,
    /// Lines with bytes that are neither UTF-8 nor GBK (kept, with U+FFFD in their place).
    pub undecodable_rows: Vec<usize>,
    /// Headers that repeat an earlier header of the file; kept as extra columns "name (2)".
    pub duplicate_headers: Vec<String>,
    /// Per column, the values that did not parse (left empty), in the file's column order.
    pub bad_values: Vec<BadValues>,
    /// The line or row of the header (1-based); above 1 when title lines came first.
    pub header_row: usize,
    /// Line ends worth a word (CR alone, or mixed in one file); `None` for LF or CRLF.
    pub line_ends: Option<csv::LineEnds>,
}

/// Up to five line numbers, and how many more.
fn some_lines(rows: &[usize], lang: crate::Lang) -> String {
    let shown: Vec<String> = rows.iter().take(5).map(|r| r.to_string()).collect();
    let more = rows.len().saturating_sub(5);
    match (lang, more) {
        (_, 0) => shown.join(", "),
        (crate::Lang::Zh, n) => format!("{} 等（另 {n} 行）", shown.join(", ")),
        (crate::Lang::En, n) => format!("{} and {n} more", shown.join(", ")),
    }
}

impl FileReport {
    /// What the import met in this file that a user should know: rows decoded in another
    /// encoding, bytes that could not be decoded.
    pub fn warnings(&self, lang: crate::Lang) -> Vec<String> {
        use crate::Lang::{En, Zh};
        let mut out = Vec::new();
        if let Some(ends) = self.line_ends {
            out.push(match (ends, lang) {
                (csv::LineEnds::Mixed, Zh) => {
                    "行尾混用 CR、LF、CRLF：每个物理行按一行读取".to_string()
                }
                (_, Zh) => format!("行尾为 {}（旧式 Mac 格式）：已按行读取", ends.name()),
                (csv::LineEnds::Mixed, En) => {
                    "line ends mix CR, LF and CRLF: each physical line read as one line".to_string()
                }
                (_, En) => format!(
                    "lines end in {} alone (old Mac style): read line by line",
                    ends.name()
                ),
            });
        }
        if !self.mixed_rows.is_empty() {
            let (n, lines, enc) = (
                self.mixed_rows.len(),
                some_lines(&self.mixed_rows, lang),
                self.mixed_encoding,
            );
            out.push(match lang {
                Zh => format!("文件混用编码：{n} 行按 {enc} 解码（第 {lines} 行），其余按文件主编码；请核对这些行"),
                En => format!("the file mixes encodings: {n} lines decoded as {enc} (line {lines}), the rest as the file's main encoding; check those rows"),
            });
        }
        if !self.undecodable_rows.is_empty() {
            let (n, lines) = (
                self.undecodable_rows.len(),
                some_lines(&self.undecodable_rows, lang),
            );
            out.push(match lang {
                Zh => format!("{n} 行含有既非 UTF-8 也非 GBK 的字节（第 {lines} 行），已用 � 代替：请在原文件中核对"),
                En => format!("{n} lines hold bytes that are neither UTF-8 nor GBK (line {lines}), shown as �: check them in the source file"),
            });
        }
        if self.header_row > 1 {
            let (n, skipped) = (self.header_row, self.header_row - 1);
            out.push(match lang {
                Zh => format!("表头在第 {n} 行：其上 {skipped} 行（标题或空行）已跳过"),
                En => format!("the header is on row {n}: the {skipped} rows above it (title or blank) were skipped"),
            });
        }
        if !self.bad_values.is_empty() {
            let list: Vec<String> = self
                .bad_values
                .iter()
                .map(|b| match lang {
                    Zh => format!(
                        "{} {} 行（首见第 {} 行：“{}”）",
                        b.column, b.count, b.first_row, b.example
                    ),
                    En => format!(
                        "{} {} rows (first on row {}: '{}')",
                        b.column, b.count, b.first_row, b.example
                    ),
                })
                .collect();
            out.push(match lang {
                Zh => format!("无法识别的值已留空：{}；请核对原文件", list.join("；")),
                En => format!(
                    "values that do not parse were left empty: {}; check the source file",
                    list.join("; ")
                ),
            });
        }
        if !self.duplicate_headers.is_empty() {
            let mut count: HashMap<&str, usize> = HashMap::new();
            let names: Vec<String> = self
                .duplicate_headers
                .iter()
                .map(|h| {
                    let n = count.entry(h).or_insert(1);
                    *n += 1;
                    format!("{h} ({n})")
                })
                .collect();
            let names = names.join(", ");
            out.push(match lang {
                Zh => format!("表头重复：保留第一列的值，其余列另存为 {names}"),
                En => format!("repeated headers: the first column's values are used, the others kept as {names}"),
            });
        }
        out
    }
}

/// The reconciliation of an import: read = accepted + rejected; merged rows folded into others.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Per file.
    pub files: Vec<FileReport>,
    /// Data rows read in all.
    pub read: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected (in the rejects file).
    pub rejected: usize,
    /// Accepted rows folded into another with the same uscc.
    pub merged: usize,
    /// Rows in the output (accepted - merged).
    pub written: usize,
    /// Rows whose uscc is present but invalid (kept, flagged).
    pub invalid_uscc: usize,
    /// Rows without a uscc.
    pub missing_uscc: usize,
    /// Region code from the file, the uscc, the names, or none.
    pub region_from: [usize; 4],
}

impl ImportReport {
    /// The closing line: read N = accepted A + rejected R, and merged D.
    pub fn line(&self, lang: crate::Lang) -> String {
        match lang {
            crate::Lang::Zh => format!(
                "读取 {} 行 = 接受 {} + 拒绝 {}；合并重复 {} 行，写出 {} 家企业",
                self.read, self.accepted, self.rejected, self.merged, self.written
            ),
            crate::Lang::En => format!(
                "read {} = accepted {} + rejected {}, and merged {} (wrote {} companies)",
                self.read, self.accepted, self.rejected, self.merged, self.written
            ),
        }
    }
}

/// The result of an import.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The clean table.
    pub companies: Companies,
    /// Rows that could not be used.
    pub rejects: Vec<Reject>,
    /// The counts.
    pub report: ImportReport,
}

/// How a source column is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Col(Col),
    Extra(usize),
}

/// Adds an extra column name to the import's list, unless it is there, and returns its position.
fn add_extra(extras: &mut Vec<String>, name: &str) -> usize {
    match extras.iter().position(|n| n == name) {
        Some(i) => i,
        None => {
            extras.push(name.to_string());
            extras.len() - 1
        }
    }
}

/// What a record will give, found without normalising it whole (see [`Normalizer::key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RecordKey {
    /// A blank record: neither read nor rejected.
    Blank,
    /// A record that will be rejected.
    Rejected,
    /// A record that will be accepted, with its valid uscc packed by [`uscc_key`].
    Accepted(Option<u128>),
}

/// A valid uscc packed into 128 bits (18 ASCII characters of 7 bits each), or None for a code
/// that is not 18 ASCII characters. Two codes have the same key exactly when they are equal.
pub(super) fn uscc_key(code: &str) -> Option<u128> {
    let b = code.as_bytes();
    (b.len() == 18 && b.is_ascii()).then(|| b.iter().fold(0u128, |k, &c| (k << 7) | c as u128))
}

/// Normalises a header for comparison: half-width, lower case, no spaces.
fn header_key(h: &str) -> String {
    clean::ascii_width(h)
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Maps headers onto canonical columns: exact aliases first, then an alias followed by a unit in
/// brackets (注册资本(万元)). When two headers map onto one column, the more specific alias wins and
/// the other is kept as an extra column. Returns the target per header, or None without a name.
pub(super) fn map_headers(headers: &[String]) -> Option<Vec<(Option<Col>, String)>> {
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let mut candidates: Vec<(Col, usize, usize)> = Vec::new(); // (col, alias rank, header)
    for (hi, key) in keys.iter().enumerate() {
        let mut best: Option<(Col, usize, bool)> = None;
        for &col in Col::ALL {
            for (rank, alias) in col.aliases().iter().enumerate() {
                let a = header_key(alias);
                let exact = *key == a;
                let with_unit = !exact
                    && a.chars().count() >= 2
                    && key.starts_with(&a)
                    && key[a.len()..].starts_with(['(', '[', '（', '【']);
                if exact || with_unit {
                    let better = match best {
                        None => true,
                        Some((_, r, e)) => (exact && !e) || (exact == e && rank < r),
                    };
                    if better {
                        best = Some((col, rank, exact));
                    }
                }
            }
        }
        if let Some((col, rank, exact)) = best {
            candidates.push((col, rank + if exact { 0 } else { 100 }, hi));
        }
    }
    candidates.sort();
    let mut out: Vec<(Option<Col>, String)> = headers
        .iter()
        .map(|h| (None, clean::half_width(h).into_owned()))
        .collect();
    let mut taken = Vec::new();
    for (col, _, hi) in candidates {
        if !taken.contains(&col) {
            taken.push(col);
            out[hi].0 = Some(col);
        }
    }
    taken.contains(&Col::Name).then_some(out)
}

/// Cleans one raw value into a cell of `col`, reusing the cell's string. False when the value is
/// there but does not parse (a capital of 'abc', a date of 不详): the cell is left empty and the
/// caller counts it.
fn clean_into(cell: &mut Cell, col: Col, raw: &str) -> bool {
    // A placeholder (N/A, NULL, --) is an empty cell, not a value that fails to parse.
    let raw = if clean::is_placeholder(raw) { "" } else { raw };
    let present = !raw.trim().is_empty();
    match col.kind() {
        Kind::Text => {
            let Cell::Text(s) = cell else {
                *cell = Cell::Text(String::new());
                return clean_into(cell, col, raw);
            };
            s.clear();
            match col {
                Col::Uscc => s.extend(
                    clean::ascii_width(raw)
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .map(|c| c.to_ascii_uppercase()),
                ),
                Col::RegionCode => {
                    let digits: String = clean::ascii_width(raw)
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    if digits.len() == 6 || digits.len() == 9 || digits.len() == 12 {
                        s.push_str(&digits[..6]);
                    } else {
                        return !present;
                    }
                }
                Col::IndustryCode => {
                    let digits: String = clean::ascii_width(raw)
                        .chars()
                        .filter(char::is_ascii_digit)
                        .collect();
                    s.push_str(&digits);
                }
                Col::Tags => s.push_str(&clean::tags(raw).join(";")),
                _ => s.push_str(&clean::half_width(raw)),
            }
            true
        }
        Kind::Number => {
            let v = match col {
                Col::RegisteredCapital | Col::Revenue => clean::money_wan(raw),
                Col::Abnormal | Col::Dishonest | Col::Enforced => clean::flag(raw),
                _ => clean::number(raw),
            };
            *cell = Cell::Number(v.unwrap_or(f64::NAN));
            v.is_some() || !present
        }
        Kind::Date => {
            let d = clean::date(raw);
            *cell = Cell::Date(d);
            d.is_some() || !present
        }
        Kind::Bool => {
            *cell = Cell::Bool(match col {
                Col::Status => clean::is_active(raw),
                _ => false,
            });
            true
        }
    }
}

/// Values of one column of a file that did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadValues {
    /// The column's header in the file.
    pub column: String,
    /// Rows whose value did not parse (the cell is left empty).
    pub count: usize,
    /// The first such row (1-based, as in the rejects file).
    pub first_row: usize,
    /// Its value.
    pub example: String,
}

/// Turns the records of one file into rows or rejects; shared by the threads that normalise.
pub(super) struct Normalizer<'a> {
    regions: &'a Regions,
    source: String,
    targets: Vec<Target>,
    /// The number of fields a record should have: the header's.
    pub(super) width: usize,
    /// The extra columns of the rows made: those of every file of the import.
    pub(super) extra_names: Vec<String>,
    /// Headers that repeat an earlier one of the file, in order.
    pub(super) duplicate_headers: Vec<String>,
    /// The field holding the company name, and the one holding the uscc, if any.
    name_at: usize,
    uscc_at: Option<usize>,
    /// The file's headers (half-width), to name a column whose values did not parse.
    headers: Vec<String>,
}

/// What one batch of records gave.
pub(super) struct Part {
    pub(super) companies: Companies,
    rejects: Vec<Reject>,
    read: usize,
    accepted: usize,
    invalid_uscc: usize,
    missing_uscc: usize,
    region_from: [usize; 4],
    /// Per source column, the values that did not parse.
    bad: Vec<BadValues>,
}

/// The format name of a Parquet file with chainlead's own columns.
pub(super) const CANONICAL_PARQUET: &str = "Parquet (chainlead)";

/// Records are normalised in batches of this many, in parallel, and appended in order.
pub(super) const BATCH: usize = 4096;

impl<'a> Normalizer<'a> {
    /// Maps the headers; registers the file's extra columns in the output table.
    /// `extras` are the extra columns of the import so far; the file's are added.
    pub(super) fn new(
        extras: &mut Vec<String>,
        path: &Path,
        headers: &[String],
    ) -> Result<Normalizer<'a>, ImportError> {
        let source = path.display().to_string();
        let mapped = map_headers(headers).ok_or_else(|| ImportError::NoNameColumn {
            path: source.clone(),
            found: headers
                .iter()
                .map(|h| clean::half_width(h).into_owned())
                .collect::<Vec<_>>()
                .join(", "),
            accepted: Col::Name.aliases().join(", "),
        })?;
        // A header seen before in the same file is never merged into the first: the first keeps
        // the name, the others become extra columns "name (2)", "name (3)", and are reported.
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut duplicate_headers = Vec::new();
        let targets = mapped
            .into_iter()
            .enumerate()
            .map(|(i, (col, name))| {
                let times = seen.entry(header_key(&headers[i])).or_insert(0);
                *times += 1;
                let times = *times;
                if times > 1 && !name.is_empty() {
                    duplicate_headers.push(name.clone());
                }
                match col {
                    Some(c) => Target::Col(c),
                    None => {
                        let name = if name.is_empty() {
                            format!("column_{}", i + 1)
                        } else if times > 1 {
                            format!("{name} ({times})")
                        } else {
                            name
                        };
                        Target::Extra(add_extra(extras, &name))
                    }
                }
            })
            .collect::<Vec<_>>();
        let at = |col: Col| targets.iter().position(|t| *t == Target::Col(col));
        let (Some(name_at), uscc_at) = (at(Col::Name), at(Col::Uscc)) else {
            unreachable!("map_headers maps a name column");
        };
        Ok(Normalizer {
            name_at,
            uscc_at,
            regions: Regions::embedded(),
            source,
            width: headers.len(),
            targets,
            extra_names: extras.clone(),
            duplicate_headers,
            headers: headers
                .iter()
                .map(|h| {
                    clean::half_width(h.trim_start_matches('\u{feff}'))
                        .trim()
                        .to_string()
                })
                .collect(),
        })
    }

    pub(super) fn part(&self, capacity: usize) -> Part {
        Part {
            companies: Companies::new(self.extra_names.clone(), capacity),
            rejects: Vec::new(),
            read: 0,
            accepted: 0,
            invalid_uscc: 0,
            missing_uscc: 0,
            region_from: [0; 4],
            bad: self
                .headers
                .iter()
                .map(|h| BadValues {
                    column: h.clone(),
                    count: 0,
                    first_row: 0,
                    example: String::new(),
                })
                .collect(),
        }
    }

    pub(super) fn reject(&self, part: &mut Part, row: usize, reason: String, raw: String) {
        part.read += 1;
        part.rejects.push(Reject {
            source: self.source.clone(),
            row,
            reason,
            raw,
        });
    }

    /// Whether a record will be accepted, and its uscc key when the uscc is valid: exactly what
    /// [`Normalizer::accept`] would decide, cleaning only the name and the uscc. `scratch` is
    /// reused between calls.
    pub(super) fn key<S: AsRef<str>>(&self, fields: &[S], scratch: &mut Cell) -> RecordKey {
        if fields.iter().all(|f| f.as_ref().trim().is_empty()) {
            return RecordKey::Blank;
        }
        let trailing_empty = fields.len() > self.width
            && fields[self.width..]
                .iter()
                .all(|f| f.as_ref().trim().is_empty());
        if fields.len() != self.width && !trailing_empty {
            return RecordKey::Rejected;
        }
        let raw = |i: usize| fields.get(i).map(|f| f.as_ref()).unwrap_or("");
        clean_into(scratch, Col::Name, raw(self.name_at));
        if matches!(scratch, Cell::Text(s) if s.is_empty()) {
            return RecordKey::Rejected;
        }
        let Some(at) = self.uscc_at else {
            return RecordKey::Accepted(None);
        };
        clean_into(scratch, Col::Uscc, raw(at));
        let Cell::Text(code) = scratch else {
            return RecordKey::Accepted(None);
        };
        RecordKey::Accepted(if uscc::is_valid(code) {
            uscc_key(code)
        } else {
            None
        })
    }

    /// Normalises one record into `part`, using `row` as scratch space.
    pub(super) fn accept<S: AsRef<str>>(
        &self,
        part: &mut Part,
        row: &mut Row,
        row_no: usize,
        fields: &[S],
    ) {
        if fields.iter().all(|f| f.as_ref().trim().is_empty()) {
            return;
        }
        let trailing_empty = fields.len() > self.width
            && fields[self.width..]
                .iter()
                .all(|f| f.as_ref().trim().is_empty());
        if fields.len() != self.width && !trailing_empty {
            let raw = raw_row(fields);
            return self.reject(
                part,
                row_no,
                format!(
                    "{} fields, the header has {} (列数不符)",
                    fields.len(),
                    self.width
                ),
                raw,
            );
        }
        for (cell, &col) in row.cells.iter_mut().zip(Col::ALL) {
            match cell {
                Cell::Text(s) => s.clear(),
                _ => *cell = empty_cell(col),
            }
        }
        row.extra.resize(self.extra_names.len(), String::new());
        for e in row.extra.iter_mut() {
            e.clear();
        }
        let mut failed: Vec<usize> = Vec::new();
        for (i, target) in self.targets.iter().enumerate() {
            let raw = fields.get(i).map(|f| f.as_ref()).unwrap_or("");
            match *target {
                Target::Col(col) => {
                    if !clean_into(&mut row.cells[col as usize], col, raw) {
                        failed.push(i);
                    }
                }
                Target::Extra(e) => row.extra[e].push_str(&clean::half_width(raw)),
            }
        }
        if row.text(Col::Name).is_empty() {
            let raw = raw_row(fields);
            return self.reject(
                part,
                row_no,
                "no company name (缺少企业名称)".to_string(),
                raw,
            );
        }
        for i in failed {
            let b = &mut part.bad[i];
            if b.count == 0 {
                b.first_row = row_no;
                b.example = fields[i].as_ref().trim().to_string();
            }
            b.count += 1;
        }
        let source = finish_row(row, self.regions);
        part.region_from[source as usize] += 1;
        if row.text(Col::Uscc).is_empty() {
            part.missing_uscc += 1;
        } else if !matches!(row.get(Col::UsccValid), Cell::Bool(true)) {
            part.invalid_uscc += 1;
        }
        part.companies.push(row);
        part.read += 1;
        part.accepted += 1;
    }
}

/// A record's fields joined back into one line, for the rejects file.
fn raw_row<S: AsRef<str>>(fields: &[S]) -> String {
    fields
        .iter()
        .map(|f| f.as_ref())
        .collect::<Vec<_>>()
        .join(",")
}

fn empty_cell(col: Col) -> Cell {
    match col.kind() {
        Kind::Text => Cell::Text(String::new()),
        Kind::Number => Cell::Number(f64::NAN),
        Kind::Date => Cell::Date(None),
        Kind::Bool => Cell::Bool(col == Col::Status),
    }
}

/// Appends parts to the output, in order, and adds up their counts.
pub(super) fn gather(
    report: &mut ImportReport,
    rejects: &mut Vec<Reject>,
    file: &mut FileReport,
    parts: Vec<Part>,
) -> Vec<Companies> {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        out.push(part.companies);
        rejects.extend(part.rejects);
        file.read += part.read;
        file.accepted += part.accepted;
        file.rejected += part.read - part.accepted;
        let r = &mut *report;
        r.invalid_uscc += part.invalid_uscc;
        r.missing_uscc += part.missing_uscc;
        for (a, b) in r.region_from.iter_mut().zip(part.region_from) {
            *a += b;
        }
        for b in part.bad.into_iter().filter(|b| b.count > 0) {
            match file.bad_values.iter_mut().find(|x| x.column == b.column) {
                Some(x) => x.count += b.count,
                None => file.bad_values.push(b),
            }
        }
    }
    out
}

/// Refuses a file that has a header but not one data row.
pub(super) fn no_rows(file: &FileReport) -> Result<(), ImportError> {
    if file.read == 0 {
        return Err(ImportError::NoRows {
            path: file.path.clone(),
        });
    }
    Ok(())
}

pub(super) fn finish_file(r: &mut ImportReport, file: FileReport) {
    r.read += file.read;
    r.accepted += file.accepted;
    r.rejected += file.rejected;
    r.files.push(file);
}

/// Checks the uscc and fills the region code and names: from the file, else the uscc, else names.
fn finish_row(row: &mut Row, regions: &Regions) -> RegionSource {
    let valid = uscc::is_valid(row.text(Col::Uscc));
    row.set(Col::UsccValid, Cell::Bool(valid));
    let mut source = RegionSource::None;
    let file_code = row.text(Col::RegionCode).to_string();
    let mut code = None;
    if !file_code.is_empty() && regions.nearest_known(&file_code).is_some() {
        code = Some(file_code);
        source = RegionSource::File;
    }
    if code.is_none() && valid {
        if let Some(c) = uscc::region_of(row.text(Col::Uscc)) {
            if regions.nearest_known(c).is_some() {
                code = Some(c.to_string());
                source = RegionSource::Uscc;
            }
        }
    }
    if code.is_none() {
        if let Some(r) = regions.by_names(
            row.text(Col::Province),
            row.text(Col::City),
            row.text(Col::District),
        ) {
            code = Some(r.code.clone());
            source = RegionSource::Names;
        }
    }
    // A code withdrawn since (江川县 530421, now 江川区 530403) counts for its successor.
    let code = code.map(|c| regions.current_code(&c).to_string());
    match code {
        Some(code) => {
            if let Some(r) = regions.nearest_known(&code) {
                let (province, city, district) = match r.level {
                    crate::region::Level::Province => {
                        (r.name.clone(), String::new(), String::new())
                    }
                    crate::region::Level::City => {
                        (r.province.clone(), r.name.clone(), String::new())
                    }
                    crate::region::Level::County => {
                        (r.province.clone(), r.city.clone(), r.name.clone())
                    }
                };
                for (col, value) in [
                    (Col::Province, province),
                    (Col::City, city),
                    (Col::District, district),
                ] {
                    if row.text(col).is_empty() && !value.is_empty() {
                        row.set(col, Cell::Text(value));
                    }
                }
            }
            row.set(Col::RegionCode, Cell::Text(code));
        }
        None => row.set(Col::RegionCode, Cell::Text(String::new())),
    }
    source
}

pub(super) fn io_error(path: &Path, e: impl fmt::Display) -> ImportError {
    ImportError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

pub(super) fn cell_text(d: &calamine::Data) -> String {
    use calamine::Data;
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => super::table::format_number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => super::table::format_number(dt.as_f64()),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// The header is looked for among this many first records of a file.
pub(super) const HEADER_SEARCH: usize = 10;

/// A sheet holds at most this many cells, counting the empty ones left of a row's last filled
/// cell (a vendor export of 200 000 companies with 60 columns has 12 million).
const MAX_CELLS: usize = 50_000_000;

/// The non-empty rows of a sheet: 1-based row number and cell texts, sized from the cells present
/// (never from the sheet's declared dimensions, which one stray cell at XFD1048576 makes 17 billion
/// cells); rows without any text are left out.
pub(super) fn sheet_rows(
    wb: &mut calamine::Sheets<std::io::BufReader<std::fs::File>>,
    sheet: &str,
) -> Result<Vec<(usize, Vec<String>)>, String> {
    use calamine::Reader;
    let too_big = || {
        format!("sheet '{sheet}' has more than {MAX_CELLS} cells (工作表过大); split the file or export it as CSV")
    };
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    if let calamine::Sheets::Xlsx(x) = wb {
        let mut cells = x
            .worksheet_cells_reader(sheet)
            .map_err(|e| format!("cannot read sheet '{sheet}': {e}"))?;
        let mut count = 0usize;
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| format!("cannot read sheet '{sheet}': {e}"))?
        {
            let data: calamine::Data = cell.get_value().clone().into();
            let text = cell_text(&data);
            if text.trim().is_empty() {
                continue;
            }
            let (r, c) = cell.get_position();
            let (r, c) = (r as usize + 1, c as usize);
            if rows.last().is_none_or(|(last, _)| *last != r) {
                rows.push((r, Vec::new()));
            }
            let Some((_, fields)) = rows.last_mut() else {
                continue;
            };
            // Cells held, empty ones before a far cell included: rows of one stray cell each
            // far to the right must not grow without bound either.
            count += (c + 1).saturating_sub(fields.len());
            if count > MAX_CELLS {
                return Err(too_big());
            }
            if fields.len() <= c {
                fields.resize(c + 1, String::new());
            }
            fields[c] = text;
        }
        // Cells come in sheet order; a file written out of order is put right.
        if rows.windows(2).any(|w| w[0].0 >= w[1].0) {
            rows.sort_by_key(|(r, _)| *r);
            let mut merged: Vec<(usize, Vec<String>)> = Vec::with_capacity(rows.len());
            for (r, fields) in rows {
                match merged.last_mut() {
                    Some((last, f)) if *last == r => {
                        if f.len() < fields.len() {
                            f.resize(fields.len(), String::new());
                        }
                        for (i, v) in fields.into_iter().enumerate() {
                            if !v.is_empty() {
                                f[i] = v;
                            }
                        }
                    }
                    _ => merged.push((r, fields)),
                }
            }
            rows = merged;
        }
        // A table that starts to the right of column A starts at its first used column.
        let skip = rows
            .iter()
            .filter_map(|(_, f)| f.iter().position(|v| !v.is_empty()))
            .min()
            .unwrap_or(0);
        if skip > 0 {
            for (_, f) in rows.iter_mut() {
                f.drain(..skip);
            }
        }
        return Ok(rows);
    }
    let range = wb
        .worksheet_range(sheet)
        .map_err(|e| format!("cannot read sheet '{sheet}': {e}"))?;
    if range.get_size().0.saturating_mul(range.get_size().1) > MAX_CELLS * 4 {
        return Err(too_big());
    }
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    for (i, r) in range.rows().enumerate() {
        let fields: Vec<String> = r.iter().map(cell_text).collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        rows.push((first_row + i + 1, fields));
    }
    Ok(rows)
}

/// The file types chainlead reads, by extension.
pub(super) fn format_of(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" | "tsv" => Some("csv"),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Some("workbook"),
        "parquet" | "pq" => Some("parquet"),
        _ => None,
    }
}

/// Merges rows that share a valid uscc: the most complete row is kept, its empty cells filled from
/// the others, and for text the longest value kept. Returns the table and how many rows were folded.
pub fn merge_duplicates(c: Companies) -> (Companies, usize) {
    let codes = c.text(Col::Uscc);
    let valid = c.flag(Col::UsccValid);
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, _) in valid.iter().enumerate().filter(|(_, &v)| v) {
        groups.entry(codes.get(i)).or_default().push(i);
    }
    let dup_groups: Vec<&Vec<usize>> = groups.values().filter(|g| g.len() > 1).collect();
    if dup_groups.is_empty() {
        return (c, 0);
    }
    let mut lead: HashMap<usize, &Vec<usize>> = HashMap::new();
    let mut folded = vec![false; c.len()];
    let mut merged = 0;
    for g in &dup_groups {
        lead.insert(g[0], g);
        for &i in &g[1..] {
            folded[i] = true;
            merged += 1;
        }
    }
    let mut out = Companies::new(c.extra_names().to_vec(), c.len() - merged);
    for (i, _) in folded.iter().enumerate().filter(|(_, &f)| !f) {
        match lead.get(&i) {
            None => out.push_from(&c, i),
            Some(group) => {
                let rows: Vec<Row> = group.iter().map(|&j| c.row(j)).collect();
                out.push(&merge_rows(&rows));
            }
        }
    }
    (out, merged)
}

pub(super) fn merge_rows(rows: &[Row]) -> Row {
    let base_idx = rows
        .iter()
        .enumerate()
        .max_by_key(|(i, r)| (r.completeness(), std::cmp::Reverse(*i)))
        .map(|(i, _)| i)
        .unwrap_or(0);
    let mut base = rows[base_idx].clone();
    for (ci, cell) in base.cells.iter_mut().enumerate() {
        for other in rows {
            let o = &other.cells[ci];
            match (&*cell, o) {
                (Cell::Text(a), Cell::Text(b)) if b.chars().count() > a.chars().count() => {
                    *cell = o.clone()
                }
                (a, b) if a.is_empty() && !b.is_empty() => *cell = o.clone(),
                _ => {}
            }
        }
    }
    for (ei, e) in base.extra.iter_mut().enumerate() {
        for other in rows {
            if let Some(b) = other.extra.get(ei) {
                if b.chars().count() > e.chars().count() {
                    *e = b.clone();
                }
            }
        }
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn maps_chinese_and_english_headers() {
        let m = map_headers(&headers(&[
            "企业名称",
            "统一社会信用代码",
            "注册资本(万元)",
            "经营范围",
            "备注",
            "lat",
        ]))
        .unwrap();
        assert_eq!(m[0].0, Some(Col::Name));
        assert_eq!(m[1].0, Some(Col::Uscc));
        assert_eq!(m[2].0, Some(Col::RegisteredCapital));
        assert_eq!(m[3].0, Some(Col::BusinessScope));
        assert_eq!(m[4], (None, "备注".to_string()));
        assert_eq!(m[5].0, Some(Col::Lat));
    }

    #[test]
    fn the_more_specific_header_wins() {
        let m = map_headers(&headers(&[
            "企业全称",
            "企业名称",
            "市场份额",
            "主营业务",
            "主营产品",
        ]))
        .unwrap();
        assert_eq!(m[1].0, Some(Col::Name));
        assert_eq!(m[0].0, None, "the second name column is kept as extra");
        assert_eq!(m[2].0, None, "市场份额 is not 市");
        assert_eq!(m[4].0, Some(Col::MainProducts));
        assert_eq!(m[3].0, None);
    }

    #[test]
    fn no_name_column_is_none() {
        assert!(map_headers(&headers(&["统一社会信用代码", "地址"])).is_none());
    }

    #[test]
    fn region_from_file_then_uscc_then_names() {
        let regions = Regions::embedded();
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text("甲".into()));
        row.set(Col::Uscc, Cell::Text(uscc::generate("440300", 7)));
        row.set(Col::RegionCode, Cell::Text("530402".into()));
        assert_eq!(finish_row(&mut row, regions), RegionSource::File);
        assert_eq!(row.text(Col::District), "红塔区");
        assert_eq!(row.text(Col::Province), "云南省");

        let mut row = Row::empty(0);
        row.set(Col::Uscc, Cell::Text(uscc::generate("440300", 7)));
        assert_eq!(finish_row(&mut row, regions), RegionSource::Uscc);
        assert_eq!(row.text(Col::RegionCode), "440300");
        assert_eq!(row.text(Col::City), "深圳市");
        assert_eq!(row.get(Col::UsccValid), &Cell::Bool(true));

        let mut row = Row::empty(0);
        row.set(Col::Uscc, Cell::Text("91440300MA5XXXXXX0".into()));
        row.set(Col::Province, Cell::Text("浙江".into()));
        row.set(Col::City, Cell::Text("金华市".into()));
        row.set(Col::District, Cell::Text("永康市".into()));
        assert_eq!(finish_row(&mut row, regions), RegionSource::Names);
        assert_eq!(row.text(Col::RegionCode), "330784");
        assert_eq!(row.get(Col::UsccValid), &Cell::Bool(false));

        let mut row = Row::empty(0);
        assert_eq!(finish_row(&mut row, regions), RegionSource::None);
    }

    #[test]
    fn merge_keeps_the_most_complete_values() {
        let mut a = Row::empty(0);
        a.set(Col::Name, Cell::Text("甲公司".into()));
        a.set(Col::Employees, Cell::Number(50.0));
        let mut b = Row::empty(0);
        b.set(Col::Name, Cell::Text("云南甲科技有限公司".into()));
        b.set(Col::MainProducts, Cell::Text("光伏支架".into()));
        b.set(Col::Revenue, Cell::Number(900.0));
        let m = merge_rows(&[a, b]);
        assert_eq!(m.text(Col::Name), "云南甲科技有限公司");
        assert_eq!(m.text(Col::MainProducts), "光伏支架");
        assert_eq!(m.get(Col::Employees), &Cell::Number(50.0));
        assert_eq!(m.get(Col::Revenue), &Cell::Number(900.0));
    }
}
