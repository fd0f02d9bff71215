//! A small columnar table and its writers: CSV (UTF-8 with BOM), XLSX (frozen header, column
//! widths), JSON (array of objects) and Parquet, chosen by the file extension. Text cells that a
//! spreadsheet would run as a formula are neutralised in CSV and XLSX.

use std::borrow::Cow;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::csv;
use crate::lang::{display_width, Lang};

/// One column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Data {
    /// Text.
    Text(Vec<String>),
    /// Numbers (None empty).
    Float(Vec<Option<f64>>),
    /// Whole numbers (None empty).
    Int(Vec<Option<i64>>),
    /// Yes/no.
    Bool(Vec<bool>),
}

impl Data {
    pub(crate) fn len(&self) -> usize {
        match self {
            Data::Text(v) => v.len(),
            Data::Float(v) => v.len(),
            Data::Int(v) => v.len(),
            Data::Bool(v) => v.len(),
        }
    }

    /// Cell `i` as CSV text: text borrowed, numbers formatted.
    pub(crate) fn text(&self, i: usize) -> Cow<'_, str> {
        match self {
            Data::Text(v) => Cow::Borrowed(&v[i]),
            Data::Float(v) => v[i].map(fmt_float).unwrap_or_default().into(),
            Data::Int(v) => v[i].map(|x| x.to_string()).unwrap_or_default().into(),
            Data::Bool(v) => Cow::Borrowed(if v[i] { "true" } else { "false" }),
        }
    }
}

pub(crate) fn fmt_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.4}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A table: named columns of equal length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names (headers).
    pub names: Vec<String>,
    /// Column values.
    pub data: Vec<Data>,
}

impl Table {
    /// Adds a column.
    pub fn push(&mut self, name: &str, data: Data) -> &mut Table {
        self.names.push(name.to_string());
        self.data.push(data);
        self
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.data.first().map(Data::len).unwrap_or(0)
    }
}

/// What can go wrong writing a table. Displayed in English; [`TableError::message`] says it in
/// either language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum TableError {
    /// The file cannot be written.
    Io { path: String, message: String },
    /// The extension is not one chainlead writes.
    UnknownFormat { path: String },
    /// Columns of different lengths (a bug).
    Ragged,
    /// Too many rows for a worksheet.
    TooManyRows { path: String, rows: usize },
}

impl TableError {
    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (TableError::Io { path, message }, lang) => write_failed(path, message, lang),
            (TableError::UnknownFormat { path }, Lang::Zh) => {
                format!("{path}：不支持的输出类型；请用 .csv、.xlsx、.json 或 .parquet 结尾的文件名")
            }
            (TableError::UnknownFormat { path }, Lang::En) => {
                format!("{path}: unknown output type; use .csv, .xlsx, .json or .parquet")
            }
            (TableError::Ragged, Lang::Zh) => "表格各列长度不一（程序错误）".into(),
            (TableError::Ragged, Lang::En) => "columns of different lengths".into(),
            (TableError::TooManyRows { path, rows }, Lang::Zh) => format!(
                "{path}：{rows} 行超出 Excel 单个工作表的上限（1,048,575 行）；请改为输出 .csv 或 .parquet"
            ),
            (TableError::TooManyRows { path, rows }, Lang::En) => format!(
                "{path}: {rows} rows do not fit in one Excel sheet (1,048,575 at most); write .csv or .parquet"
            ),
        }
    }
}

/// A file that could not be written, with what to check (in Chinese; the English names the file
/// and the system's reason).
pub fn write_failed(path: &str, message: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "无法写出 {path}：{message}；请确认目录存在、有写入权限、磁盘有空间，且文件没有在 Excel 或 WPS 中打开"
        ),
        Lang::En => format!("cannot write {path}: {message}"),
    }
}

pub(crate) fn io_err(path: &Path, e: impl std::fmt::Display) -> TableError {
    TableError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// The extension of a path in lower case ("" when it has none): what decides an output's format.
pub fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The file formats chainlead writes, chosen by the extension of the output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// .csv or .txt: UTF-8 with BOM.
    Csv,
    /// .xlsx: an Excel workbook.
    Xlsx,
    /// .json: an array of objects.
    Json,
    /// .parquet or .pq.
    Parquet,
}

impl Format {
    /// The format a path's extension asks for (case-insensitive); None for any other extension.
    pub fn of(path: &Path) -> Option<Format> {
        match extension(path).as_str() {
            "csv" | "txt" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "json" => Some(Format::Json),
            "parquet" | "pq" => Some(Format::Parquet),
            _ => None,
        }
    }
}

/// Writes the table by the extension of `path`: .csv, .xlsx, .json or .parquet. `sheet` names the
/// worksheet of an XLSX file.
pub fn write_table(path: &Path, table: &Table, sheet: &str) -> Result<(), TableError> {
    let rows = table.rows();
    if table.data.iter().any(|d| d.len() != rows) || table.names.len() != table.data.len() {
        return Err(TableError::Ragged);
    }
    match Format::of(path) {
        Some(Format::Csv) => write_csv(path, table),
        Some(Format::Json) => write_json(path, table),
        Some(Format::Parquet) => write_parquet(path, table),
        Some(Format::Xlsx) => write_xlsx_sheets(path, &[(sheet, table)]),
        None => Err(TableError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

/// Writes rows `rows` of `t` as CSV records (text cells neutralised, numbers as they are).
pub(crate) fn csv_rows<W: Write>(
    w: &mut csv::Writer<W>,
    t: &Table,
    rows: std::ops::Range<usize>,
) -> std::io::Result<()> {
    for i in rows {
        w.record(
            t.data
                .iter()
                .map(|d| (d.text(i), matches!(d, Data::Text(_)))),
        )?;
    }
    Ok(())
}

fn write_csv(path: &Path, t: &Table) -> Result<(), TableError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut w = csv::Writer::new(BufWriter::with_capacity(1 << 20, file))
                .map_err(|e| io_err(path, e))?;
            w.record(t.names.iter().map(|n| (n.as_str(), true)))
                .map_err(|e| io_err(path, e))?;
            csv_rows(&mut w, t, 0..t.rows()).map_err(|e| io_err(path, e))?;
            w.finish().map_err(|e| io_err(path, e))?;
            Ok(())
        },
        |e| io_err(path, e),
    )
}

fn write_json(path: &Path, t: &Table) -> Result<(), TableError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut w = BufWriter::with_capacity(1 << 20, file);
            w.write_all(b"[").map_err(|e| io_err(path, e))?;
            for i in 0..t.rows() {
                let obj = json_row(&t.names, &t.data, i);
                if i > 0 {
                    w.write_all(b",").map_err(|e| io_err(path, e))?;
                }
                w.write_all(b"\n").map_err(|e| io_err(path, e))?;
                serde_json::to_writer(&mut w, &obj).map_err(|e| io_err(path, e))?;
            }
            w.write_all(b"\n]\n").map_err(|e| io_err(path, e))?;
            w.flush().map_err(|e| io_err(path, e))?;
            Ok(())
        },
        |e| io_err(path, e),
    )
}

fn write_parquet(path: &Path, t: &Table) -> Result<(), TableError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            use polars::prelude::*;
            let mut cols: Vec<polars::prelude::Column> = Vec::with_capacity(t.data.len());
            for (name, d) in t.names.iter().zip(&t.data) {
                let name = PlSmallStr::from_str(name);
                let s = match d {
                    Data::Text(v) => {
                        StringChunked::from_iter_values(name, v.iter().map(String::as_str))
                            .into_series()
                    }
                    Data::Float(v) => {
                        Float64Chunked::from_iter_options(name, v.iter().copied()).into_series()
                    }
                    Data::Int(v) => {
                        Int64Chunked::from_iter_options(name, v.iter().copied()).into_series()
                    }
                    Data::Bool(v) => BooleanChunked::from_slice(name, v).into_series(),
                };
                cols.push(s.into());
            }
            let mut df = DataFrame::new(t.rows(), cols).map_err(|e| io_err(path, e))?;
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            ParquetWriter::new(&mut out)
                .finish(&mut df)
                .map_err(|e| io_err(path, e))?;
            std::io::Write::flush(&mut out).map_err(|e| io_err(path, e))?;
            Ok(())
        },
        |e| io_err(path, e),
    )
}

/// Writes several tables as the sheets of one workbook: bold frozen header, widths from the content.
pub fn write_xlsx_sheets(path: &Path, sheets: &[(&str, &Table)]) -> Result<(), TableError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let mut wb = workbook(sheets, &path.display().to_string())?;
            wb.save(tmp).map_err(|e| io_err(path, e))
        },
        |e| io_err(path, e),
    )
}

/// The bytes of a workbook with one sheet per table (as [`write_xlsx_sheets`] writes it), for a
/// download; `name` is the file name errors give.
pub fn xlsx_bytes(sheets: &[(&str, &Table)], name: &str) -> Result<Vec<u8>, TableError> {
    let mut wb = workbook(sheets, name)?;
    wb.save_to_buffer().map_err(|e| io_err(Path::new(name), e))
}

/// A workbook with one sheet per table: a bold frozen header, an autofilter, fitted columns.
fn workbook(
    sheets: &[(&str, &Table)],
    name: &str,
) -> Result<rust_xlsxwriter::Workbook, TableError> {
    use rust_xlsxwriter::{Format, Workbook};
    let path = Path::new(name);
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(0xE8EEF7)
        .set_text_wrap();
    for (sheet, t) in sheets {
        if t.rows() >= 1_048_575 {
            return Err(TableError::TooManyRows {
                path: name.to_string(),
                rows: t.rows(),
            });
        }
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(sheet))
            .map_err(|e| io_err(path, e))?;
        for (c, n) in t.names.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, n, &header)
                .map_err(|e| io_err(path, e))?;
        }
        let mut widths: Vec<usize> = t.names.iter().map(|n| display_width(n)).collect();
        write_cells(ws, t, 0..t.rows(), 1, &mut widths).map_err(|e| io_err(path, e))?;
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 62.0))
                .map_err(|e| io_err(path, e))?;
        }
        ws.set_freeze_panes(1, 0).map_err(|e| io_err(path, e))?;
        if t.rows() > 0 {
            ws.autofilter(0, 0, t.rows() as u32, (t.names.len().max(1) - 1) as u16)
                .map_err(|e| io_err(path, e))?;
        }
    }
    Ok(wb)
}

/// A valid worksheet name: at most 31 characters, without []:*?/\.
pub(crate) fn sheet_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    if clean.is_empty() {
        "Sheet1".into()
    } else {
        clean
    }
}

/// Row `i` of columns `data` named `names` as a JSON object (missing numbers as null).
pub(crate) fn json_row(names: &[String], data: &[Data], i: usize) -> serde_json::Value {
    use serde_json::{Map, Number, Value};
    let mut obj = Map::with_capacity(names.len());
    for (name, d) in names.iter().zip(data) {
        let v = match d {
            Data::Text(v) => Value::String(v[i].clone()),
            Data::Float(v) => v[i]
                .and_then(Number::from_f64)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Data::Int(v) => v[i].map(|x| Value::Number(x.into())).unwrap_or(Value::Null),
            Data::Bool(v) => Value::Bool(v[i]),
        };
        obj.insert(name.clone(), v);
    }
    Value::Object(obj)
}

/// Writes rows `rows` of `t` into `ws` from sheet row `first` on (numbers as numbers, text
/// neutralised against formulas, empty numbers left blank), widening `widths` to fit.
pub(crate) fn write_cells(
    ws: &mut rust_xlsxwriter::Worksheet,
    t: &Table,
    rows: std::ops::Range<usize>,
    first: usize,
    widths: &mut [usize],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (c, d) in t.data.iter().enumerate() {
        let col = c as u16;
        for (k, i) in rows.clone().enumerate() {
            let r = (first + k) as u32;
            match d {
                Data::Text(v) => {
                    let s = csv::neutralise(&v[i]);
                    widths[c] = widths[c].max(display_width(&s).min(60));
                    ws.write_string(r, col, s.as_ref())?;
                }
                Data::Float(v) => {
                    if let Some(x) = v[i].filter(|x| x.is_finite()) {
                        widths[c] = widths[c].max(fmt_float(x).len());
                        ws.write_number(r, col, x)?;
                    }
                }
                Data::Int(v) => {
                    if let Some(x) = v[i] {
                        widths[c] = widths[c].max(x.to_string().len());
                        ws.write_number(r, col, x as f64)?;
                    }
                }
                Data::Bool(v) => {
                    ws.write_boolean(r, col, v[i])?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::default();
        t.push(
            "企业名称",
            Data::Text(vec!["甲".into(), "=HYPERLINK(\"x\")".into()]),
        )
        .push("得分", Data::Float(vec![Some(0.5), None]))
        .push("排名", Data::Int(vec![Some(1), Some(2)]))
        .push("主", Data::Bool(vec![true, false]));
        t
    }

    fn dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("chainlead-table-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn csv_json_parquet_xlsx() {
        // Its own folder: removing the shared one raced with the other tests writing in it.
        let d = dir().join("all");
        std::fs::create_dir_all(&d).unwrap();
        let t = sample();
        write_table(&d.join("t.csv"), &t, "x").unwrap();
        let csv = std::fs::read_to_string(d.join("t.csv")).unwrap();
        assert_eq!(
            csv,
            "\u{feff}企业名称,得分,排名,主\n甲,0.5,1,true\n\"'=HYPERLINK(\"\"x\"\")\",,2,false\n"
        );
        write_table(&d.join("t.json"), &t, "x").unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join("t.json")).unwrap()).unwrap();
        assert_eq!(json[0]["企业名称"], "甲");
        assert_eq!(json[1]["得分"], serde_json::Value::Null);
        assert_eq!(json[1]["排名"], 2);
        write_table(&d.join("t.parquet"), &t, "x").unwrap();
        write_table(&d.join("t.xlsx"), &t, "线索[1]").unwrap();
        let bytes = std::fs::read(d.join("t.xlsx")).unwrap();
        assert_eq!(&bytes[..2], b"PK");
        assert!(write_table(&d.join("t.doc"), &t, "x").is_err());
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn xlsx_cells_are_neutralised() {
        use calamine::{open_workbook, Reader, Xlsx};
        let d = dir().join("n");
        std::fs::create_dir_all(&d).unwrap();
        write_table(&d.join("t.xlsx"), &sample(), "线索").unwrap();
        let mut wb: Xlsx<_> = open_workbook(d.join("t.xlsx")).unwrap();
        let range = wb.worksheet_range("线索").unwrap();
        let cell = range.get((2, 0)).unwrap().to_string();
        assert_eq!(cell, "'=HYPERLINK(\"x\")");
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn errors_are_said_in_both_languages_and_displayed_in_english() {
        let errors = [
            TableError::Io {
                path: "a.xlsx".into(),
                message: "denied".into(),
            },
            TableError::UnknownFormat {
                path: "a.doc".into(),
            },
            TableError::Ragged,
            TableError::TooManyRows {
                path: "a.xlsx".into(),
                rows: 2_000_000,
            },
        ];
        for e in errors {
            assert_eq!(e.message(Lang::En), e.to_string());
            let zh = e.message(Lang::Zh);
            assert!(!zh.is_ascii() && zh != e.to_string(), "{zh}");
        }
    }

    #[test]
    fn ragged_tables_are_refused() {
        let mut t = sample();
        t.push("x", Data::Int(vec![Some(1)]));
        assert!(matches!(
            write_table(Path::new("x.csv"), &t, "x"),
            Err(TableError::Ragged)
        ));
        assert_eq!(sheet_name("a/b[c]"), "abc");
    }
}
