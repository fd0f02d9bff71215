//! A table written batch by batch, for outputs too long to hold (every match of a national table):
//! CSV and JSON rows as they come, Parquet a row group per 262,144 rows (as the whole-table writer
//! cuts them), XLSX cells into the workbook as they come (a sheet holds at most 1,048,575 rows, so
//! its memory is bounded whatever the input). The cells are formatted as [`super::table`] formats
//! them, so a file written in batches has the bytes of the same table written whole (Parquet and
//! XLSX: the same cells and row groups).
//!
//! [`write_batches`] writes through a temporary file renamed onto the target only on success, like
//! every other output.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::csv;
use crate::lang::display_width;

use super::table::{extension, io_err, sheet_name, Data, Table, TableError};

/// Rows per Parquet row group: polars' default, so batches give the row groups of a whole table.
const ROW_GROUP: usize = 512 * 512;

/// The most data rows of a worksheet.
const SHEET_ROWS: usize = 1_048_575;

/// An output table being written batch by batch.
pub struct TableWriter {
    path: PathBuf,
    rows: usize,
    kind: Kind,
}

enum Kind {
    Csv(csv::Writer<BufWriter<File>>),
    Json(BufWriter<File>, Vec<String>),
    Parquet {
        writer: Box<polars::io::parquet::write::BatchedWriter<BufWriter<File>>>,
        pending: Table,
    },
    Xlsx {
        workbook: Box<rust_xlsxwriter::Workbook>,
        widths: Vec<usize>,
        tmp: PathBuf,
    },
}

/// Writes `path` (its format by its extension) through `fill`, which writes the batches; the
/// columns are those of `template` (names and kinds; its rows are not written). The file appears
/// only when `fill` and the writer succeed. `sheet` names an XLSX worksheet.
pub fn write_batches<T, E: From<TableError>>(
    path: &Path,
    template: &Table,
    sheet: &str,
    fill: impl FnOnce(&mut TableWriter) -> Result<T, E>,
) -> Result<T, E> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let mut w = TableWriter::create(tmp, path, template, sheet)?;
            let out = fill(&mut w)?;
            w.finish()?;
            Ok(out)
        },
        |e| E::from(io_err(path, e)),
    )
}

impl TableWriter {
    /// Starts the file `tmp` (errors name `path`, the target, whose extension decides the format)
    /// with the header of `template`.
    fn create(
        tmp: &Path,
        path: &Path,
        template: &Table,
        sheet: &str,
    ) -> Result<TableWriter, TableError> {
        let err = |e: &dyn std::fmt::Display| io_err(path, e);
        let open = || {
            File::create(tmp)
                .map(|f| BufWriter::with_capacity(1 << 20, f))
                .map_err(|e| err(&e))
        };
        let kind = match extension(path).as_str() {
            "csv" | "txt" => {
                let mut w = csv::Writer::new(open()?).map_err(|e| err(&e))?;
                w.record(template.names.iter().map(|n| (n.as_str(), true)))
                    .map_err(|e| err(&e))?;
                Kind::Csv(w)
            }
            "json" => {
                let mut w = open()?;
                w.write_all(b"[").map_err(|e| err(&e))?;
                Kind::Json(w, template.names.clone())
            }
            "parquet" | "pq" => {
                use polars::prelude::ParquetWriter;
                let schema = frame(&empty_like(template), path)?
                    .schema()
                    .as_ref()
                    .clone();
                let writer = ParquetWriter::new(open()?)
                    .batched(&schema)
                    .map_err(|e| err(&e))?;
                Kind::Parquet {
                    writer: Box::new(writer),
                    pending: empty_like(template),
                }
            }
            "xlsx" => {
                use rust_xlsxwriter::{Format, Workbook};
                let mut wb = Workbook::new();
                let header = Format::new()
                    .set_bold()
                    .set_background_color(0xE8EEF7)
                    .set_text_wrap();
                let ws = wb.add_worksheet();
                ws.set_name(sheet_name(sheet)).map_err(|e| err(&e))?;
                for (c, n) in template.names.iter().enumerate() {
                    ws.write_string_with_format(0, c as u16, n, &header)
                        .map_err(|e| err(&e))?;
                }
                Kind::Xlsx {
                    workbook: Box::new(wb),
                    widths: template.names.iter().map(|n| display_width(n)).collect(),
                    tmp: tmp.to_path_buf(),
                }
            }
            _ => {
                return Err(TableError::UnknownFormat {
                    path: path.display().to_string(),
                })
            }
        };
        Ok(TableWriter {
            path: path.to_path_buf(),
            rows: 0,
            kind,
        })
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the rows of `t`, whose columns are the template's.
    pub fn write(&mut self, t: &Table) -> Result<(), TableError> {
        let n = t.rows();
        if t.data.iter().any(|d| d.len() != n) || t.names.len() != t.data.len() {
            return Err(TableError::Ragged);
        }
        let path = self.path.as_path();
        let err = |e: &dyn std::fmt::Display| io_err(path, e);
        match &mut self.kind {
            Kind::Csv(w) => {
                super::table::csv_rows(w, t, 0..n).map_err(|e| err(&e))?;
            }
            Kind::Json(w, names) => {
                for i in 0..n {
                    let obj = super::table::json_row(names, &t.data, i);
                    if self.rows + i > 0 {
                        w.write_all(b",").map_err(|e| err(&e))?;
                    }
                    w.write_all(b"\n").map_err(|e| err(&e))?;
                    serde_json::to_writer(&mut *w, &obj).map_err(|e| err(&e))?;
                }
            }
            Kind::Parquet { writer, pending } => {
                let mut i = 0;
                while i < n {
                    let take = (ROW_GROUP - pending.rows()).min(n - i);
                    extend(pending, t, i..i + take);
                    i += take;
                    if pending.rows() == ROW_GROUP {
                        let full = std::mem::replace(pending, empty_like(t));
                        writer
                            .write_batch(&frame(&full, path)?)
                            .map_err(|e| err(&e))?;
                    }
                }
            }
            Kind::Xlsx {
                workbook, widths, ..
            } => {
                if self.rows + n >= SHEET_ROWS {
                    return Err(TableError::TooManyRows {
                        path: path.display().to_string(),
                        rows: self.rows + n,
                    });
                }
                let ws = workbook.worksheet_from_index(0).map_err(|e| err(&e))?;
                super::table::write_cells(ws, t, 0..n, self.rows + 1, widths)
                    .map_err(|e| err(&e))?;
            }
        }
        self.rows += n;
        Ok(())
    }

    /// Ends the file: the JSON bracket, the last Parquet row group and footer, the XLSX widths,
    /// frozen header and filter.
    fn finish(self) -> Result<(), TableError> {
        let path = self.path.as_path();
        let err = |e: &dyn std::fmt::Display| io_err(path, e);
        match self.kind {
            Kind::Csv(w) => {
                w.finish().map_err(|e| err(&e))?;
            }
            Kind::Json(mut w, _) => {
                w.write_all(b"\n]\n").map_err(|e| err(&e))?;
                w.flush().map_err(|e| err(&e))?;
            }
            Kind::Parquet {
                mut writer,
                pending,
            } => {
                if pending.rows() > 0 || self.rows == 0 {
                    writer
                        .write_batch(&frame(&pending, path)?)
                        .map_err(|e| err(&e))?;
                }
                writer.finish().map_err(|e| err(&e))?;
            }
            Kind::Xlsx {
                mut workbook,
                widths,
                tmp,
            } => {
                let ws = workbook.worksheet_from_index(0).map_err(|e| err(&e))?;
                for (c, w) in widths.iter().enumerate() {
                    ws.set_column_width(c as u16, (*w as f64 + 2.0).clamp(6.0, 62.0))
                        .map_err(|e| err(&e))?;
                }
                ws.set_freeze_panes(1, 0).map_err(|e| err(&e))?;
                if self.rows > 0 {
                    ws.autofilter(0, 0, self.rows as u32, (widths.len().max(1) - 1) as u16)
                        .map_err(|e| err(&e))?;
                }
                workbook.save(&tmp).map_err(|e| err(&e))?;
            }
        }
        Ok(())
    }
}

/// A table with the columns of `t` and no rows.
fn empty_like(t: &Table) -> Table {
    let mut out = Table::default();
    for (name, d) in t.names.iter().zip(&t.data) {
        let empty = match d {
            Data::Text(_) => Data::Text(Vec::new()),
            Data::Float(_) => Data::Float(Vec::new()),
            Data::Int(_) => Data::Int(Vec::new()),
            Data::Bool(_) => Data::Bool(Vec::new()),
        };
        out.push(name, empty);
    }
    out
}

/// Appends rows `range` of `src` to `dst`, which has the same columns.
fn extend(dst: &mut Table, src: &Table, range: std::ops::Range<usize>) {
    for (d, s) in dst.data.iter_mut().zip(&src.data) {
        match (d, s) {
            (Data::Text(d), Data::Text(s)) => d.extend_from_slice(&s[range.clone()]),
            (Data::Float(d), Data::Float(s)) => d.extend_from_slice(&s[range.clone()]),
            (Data::Int(d), Data::Int(s)) => d.extend_from_slice(&s[range.clone()]),
            (Data::Bool(d), Data::Bool(s)) => d.extend_from_slice(&s[range.clone()]),
            _ => {}
        }
    }
}

/// The table as a polars frame, as the whole-table Parquet writer builds it.
fn frame(t: &Table, path: &Path) -> Result<polars::prelude::DataFrame, TableError> {
    use polars::prelude::*;
    let mut cols: Vec<polars::prelude::Column> = Vec::with_capacity(t.data.len());
    for (name, d) in t.names.iter().zip(&t.data) {
        let name = PlSmallStr::from_str(name);
        let s = match d {
            Data::Text(v) => {
                StringChunked::from_iter_values(name, v.iter().map(String::as_str)).into_series()
            }
            Data::Float(v) => {
                Float64Chunked::from_iter_options(name, v.iter().copied()).into_series()
            }
            Data::Int(v) => Int64Chunked::from_iter_options(name, v.iter().copied()).into_series(),
            Data::Bool(v) => BooleanChunked::from_slice(name, v).into_series(),
        };
        cols.push(s.into());
    }
    DataFrame::new(t.rows(), cols).map_err(|e| io_err(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rows: std::ops::Range<i64>) -> Table {
        let mut t = Table::default();
        t.push(
            "name",
            Data::Text(rows.clone().map(|i| format!("=企业{i}, \"甲\"")).collect()),
        )
        .push(
            "score",
            Data::Float(rows.clone().map(|i| Some(i as f64 / 3.0)).collect()),
        )
        .push("row", Data::Int(rows.clone().map(Some).collect()))
        .push("ok", Data::Bool(rows.map(|i| i % 2 == 0).collect()));
        t
    }

    #[test]
    fn batches_give_the_bytes_of_the_whole_table() {
        let dir = std::env::temp_dir().join(format!("chainlead-tw-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let whole = sample(0..20);
        for ext in ["csv", "json", "parquet"] {
            let (a, b) = (dir.join(format!("a.{ext}")), dir.join(format!("b.{ext}")));
            crate::base::write_table(&a, &whole, "t").unwrap();
            write_batches(&b, &sample(0..0), "t", |w| -> Result<(), TableError> {
                for r in [0..7, 7..7, 7..20] {
                    w.write(&sample(r))?;
                }
                assert_eq!(w.rows(), 20);
                Ok(())
            })
            .unwrap();
            assert_eq!(
                std::fs::read(&a).unwrap(),
                std::fs::read(&b).unwrap(),
                "{ext}"
            );
        }
        let x = dir.join("x.xlsx");
        write_batches(&x, &sample(0..0), "t", |w| w.write(&sample(0..20))).unwrap();
        assert!(std::fs::metadata(&x).unwrap().len() > 0);
        let bad = dir.join("x.doc");
        assert!(matches!(
            write_batches(&bad, &sample(0..0), "t", |_| Ok::<(), TableError>(())),
            Err(TableError::UnknownFormat { .. })
        ));
        assert!(!bad.exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}
