//! Writing the company table (Parquet or CSV by extension) and the rejects file.

use std::io::BufWriter;
use std::path::Path;

use super::csv;
use super::import::Reject;
use super::table::{Col, Companies, Kind};

/// What can go wrong writing a table.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file cannot be written.
    #[error("cannot write {path}: {message}")]
    Io { path: String, message: String },
    /// The extension is not one chainlead writes.
    #[error("{path}: unknown output type; use .parquet or .csv")]
    UnknownFormat { path: String },
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the table as Parquet or CSV (UTF-8 with BOM), chosen by the extension.
pub fn write_companies(path: &Path, c: &Companies) -> Result<(), WriteError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "parquet" | "pq" => write_parquet(path, c),
        "csv" | "txt" => write_csv(path, c),
        _ => Err(WriteError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

fn write_csv(path: &Path, c: &Companies) -> Result<(), WriteError> {
    let file = std::fs::File::create(path).map_err(|e| io_err(path, e))?;
    let mut w =
        csv::Writer::new(BufWriter::with_capacity(1 << 20, file)).map_err(|e| io_err(path, e))?;
    let headers = Col::ALL
        .iter()
        .map(|c| (c.name(), true))
        .chain(c.extra_names().iter().map(|n| (n.as_str(), true)));
    w.record(headers).map_err(|e| io_err(path, e))?;
    let mut values: Vec<String> = Vec::new();
    for i in 0..c.len() {
        values.clear();
        values.extend(Col::ALL.iter().map(|&col| c.render(i, col)));
        let canon = values
            .iter()
            .zip(Col::ALL)
            .map(|(v, col)| (v.as_str(), col.kind() == Kind::Text));
        let extra = (0..c.extra_names().len()).map(|e| (c.extra(e).get(i), true));
        w.record(canon.chain(extra)).map_err(|e| io_err(path, e))?;
    }
    w.finish().map_err(|e| io_err(path, e))?;
    Ok(())
}

/// The table as a polars DataFrame with typed columns (dates as Date, status as text).
pub fn to_dataframe(c: &Companies) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let mut cols: Vec<polars::prelude::Column> =
        Vec::with_capacity(Col::ALL.len() + c.extra_names().len());
    for &col in Col::ALL {
        let name = PlSmallStr::from_str(col.name());
        let series = match col.kind() {
            Kind::Text => StringChunked::from_iter_values(name, c.text(col).iter()).into_series(),
            Kind::Number => Float64Chunked::from_iter_options(
                name,
                c.num(col).iter().map(|v| (!v.is_nan()).then_some(*v)),
            )
            .into_series(),
            Kind::Date => Int32Chunked::from_iter_options(name, c.date(col).iter().copied())
                .into_series()
                .cast(&DataType::Date)?,
            Kind::Bool if col == Col::Status => StringChunked::from_iter_values(
                name,
                c.flag(col)
                    .iter()
                    .map(|&a| if a { "active" } else { "inactive" }),
            )
            .into_series(),
            Kind::Bool => BooleanChunked::from_slice(name, c.flag(col)).into_series(),
        };
        cols.push(series.into());
    }
    for (e, name) in c.extra_names().iter().enumerate() {
        cols.push(
            StringChunked::from_iter_values(PlSmallStr::from_str(name), c.extra(e).iter())
                .into_series()
                .into(),
        );
    }
    DataFrame::new(c.len(), cols)
}

fn write_parquet(path: &Path, c: &Companies) -> Result<(), WriteError> {
    use polars::prelude::ParquetWriter;
    let mut df = to_dataframe(c).map_err(|e| io_err(path, e))?;
    let file = std::fs::File::create(path).map_err(|e| io_err(path, e))?;
    ParquetWriter::new(BufWriter::with_capacity(1 << 20, file))
        .finish(&mut df)
        .map_err(|e| io_err(path, e))?;
    Ok(())
}

/// Writes the rejects as CSV (UTF-8 with BOM): 来源文件, 行号, 原因, 原始内容.
pub fn write_rejects(path: &Path, rejects: &[Reject]) -> Result<(), WriteError> {
    let file = std::fs::File::create(path).map_err(|e| io_err(path, e))?;
    let mut w = csv::Writer::new(BufWriter::new(file)).map_err(|e| io_err(path, e))?;
    w.record([
        ("来源文件 source", true),
        ("行号 row", true),
        ("原因 reason", true),
        ("原始内容 raw", true),
    ])
    .map_err(|e| io_err(path, e))?;
    for r in rejects {
        let row = r.row.to_string();
        w.record([
            (r.source.as_str(), true),
            (row.as_str(), false),
            (r.reason.as_str(), true),
            (r.raw.as_str(), true),
        ])
        .map_err(|e| io_err(path, e))?;
    }
    w.finish().map_err(|e| io_err(path, e))?;
    Ok(())
}
