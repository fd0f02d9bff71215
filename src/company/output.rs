//! Writing the company table (Parquet or CSV by extension) and the rejects file.

use std::io::BufWriter;
use std::path::Path;

use super::import::Reject;
use super::table::{Col, Companies, Kind};
use crate::base::csv;
use crate::base::Format;
use crate::lang::Lang;

/// What can go wrong writing a table. Displayed in English; [`WriteError::message`] says it in
/// either language.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message(Lang::En))]
pub enum WriteError {
    /// The file cannot be written.
    Io { path: String, message: String },
    /// The extension is not one chainlead writes.
    UnknownFormat { path: String },
}

impl WriteError {
    /// The error in the given language, with what to do.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (WriteError::Io { path, message }, lang) => {
                crate::base::write_failed(path, message, lang)
            }
            (WriteError::UnknownFormat { path }, Lang::Zh) => {
                format!("{path}：不支持的输出类型；企业表请用 .parquet 或 .csv 结尾的文件名")
            }
            (WriteError::UnknownFormat { path }, Lang::En) => {
                format!("{path}: unknown output type; use .parquet or .csv")
            }
        }
    }
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the table as Parquet or CSV (UTF-8 with BOM), chosen by the extension.
pub fn write_companies(path: &Path, c: &Companies) -> Result<(), WriteError> {
    match Format::of(path) {
        Some(Format::Parquet) => write_parquet(path, c),
        Some(Format::Csv) => write_csv(path, c),
        _ => Err(WriteError::UnknownFormat {
            path: path.display().to_string(),
        }),
    }
}

fn write_csv(path: &Path, c: &Companies) -> Result<(), WriteError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut w = csv::Writer::new(BufWriter::with_capacity(1 << 20, file))
                .map_err(|e| io_err(path, e))?;
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
        },
        |e| io_err(path, e),
    )
}

/// Writes the table as a vendor export would look (企查查/天眼查 style): Chinese headers, capital as
/// '5000万元人民币', status as 存续/注销, tags joined with '；'. For the sample file and for tests.
pub fn write_vendor_csv(path: &Path, c: &Companies) -> Result<(), WriteError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            const COLS: [Col; 22] = [
                Col::Name,
                Col::Uscc,
                Col::Province,
                Col::City,
                Col::District,
                Col::IndustryCode,
                Col::Industry,
                Col::Status,
                Col::Founded,
                Col::RegisteredCapital,
                Col::Employees,
                Col::Revenue,
                Col::Tags,
                Col::MainProducts,
                Col::BusinessScope,
                Col::Lat,
                Col::Lon,
                Col::FinancingEvents,
                Col::LastFinancing,
                Col::Branches,
                Col::Hiring,
                Col::Enforced,
            ];
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut w = csv::Writer::new(BufWriter::new(file)).map_err(|e| io_err(path, e))?;
            let header = |col: Col| match col {
                Col::Industry => "国标行业(小类)",
                Col::RegisteredCapital => "注册资本",
                Col::Revenue => "营业收入(万元)",
                Col::Enforced => "被执行人",
                _ => col.header_zh(),
            };
            w.record(COLS.iter().map(|&c| (header(c), true)))
                .map_err(|e| io_err(path, e))?;
            for i in 0..c.len() {
                let values: Vec<String> = COLS
                    .iter()
                    .map(|&col| match col {
                        Col::Status => if c.is_active(i) { "存续" } else { "注销" }.to_string(),
                        Col::RegisteredCapital => {
                            let v = c.num(col)[i];
                            if v.is_nan() {
                                String::new()
                            } else {
                                format!("{}万元人民币", super::table::format_number(v))
                            }
                        }
                        Col::Tags => c.tags(i).collect::<Vec<_>>().join("；"),
                        _ => c.render(i, col),
                    })
                    .collect();
                w.record(
                    values
                        .iter()
                        .zip(COLS)
                        .map(|(v, col)| (v.as_str(), col.kind() == Kind::Text)),
                )
                .map_err(|e| io_err(path, e))?;
            }
            w.finish().map_err(|e| io_err(path, e))?;
            Ok(())
        },
        |e| io_err(path, e),
    )
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
    crate::atomic::write_file(
        path,
        |tmp| {
            use polars::prelude::{ParquetCompression, ParquetWriter};
            let mut df = to_dataframe(c).map_err(|e| io_err(path, e))?;
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
            let mut out = BufWriter::with_capacity(1 << 20, file);
            ParquetWriter::new(&mut out)
                .with_compression(ParquetCompression::Zstd(None))
                .finish(&mut df)
                .map_err(|e| io_err(path, e))?;
            std::io::Write::flush(&mut out).map_err(|e| io_err(path, e))?;
            Ok(())
        },
        |e| io_err(path, e),
    )
}

/// Writes the rejects as CSV (UTF-8 with BOM): 来源文件, 行号, 原因, 原始内容.
pub fn write_rejects(path: &Path, rejects: &[Reject]) -> Result<(), WriteError> {
    crate::atomic::write_file(
        path,
        |tmp| {
            let file = std::fs::File::create(tmp).map_err(|e| io_err(path, e))?;
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
        },
        |e| io_err(path, e),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::canonical::from_canonical;
    use crate::company::{Cell, Row};

    fn sample() -> Companies {
        let mut c = Companies::new(vec!["备注".into()], 2);
        let mut row = Row::empty(1);
        row.set(Col::Name, Cell::Text("云南甲钢铁有限公司".into()));
        row.set(Col::Uscc, Cell::Text("91350100M000100Y43".into()));
        row.set(Col::UsccValid, Cell::Bool(true));
        row.set(Col::Employees, Cell::Number(120.0));
        row.set(Col::Founded, Cell::Date(Some(17_956)));
        row.set(Col::Tags, Cell::Text("专精特新;高新技术企业".into()));
        row.extra[0] = "x".into();
        c.push(&row);
        let mut row = Row::empty(1);
        row.set(Col::Name, Cell::Text("=HYPERLINK(\"x\")".into()));
        row.set(Col::Status, Cell::Bool(false));
        c.push(&row);
        c
    }

    #[test]
    fn parquet_round_trip_is_exact() {
        let dir = std::env::temp_dir().join(format!("chainlead-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.parquet");
        let c = sample();
        write_companies(&path, &c).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        use polars::prelude::{ParquetReader, SerReader};
        let df = ParquetReader::new(file).finish().unwrap();
        let back = from_canonical(&df).expect("canonical schema is read directly");
        assert_eq!(format!("{back:?}"), format!("{c:?}"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn csv_is_neutralised_with_bom() {
        let dir = std::env::temp_dir().join(format!("chainlead-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        write_companies(&path, &sample()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{text}");
        assert!(text.contains(",inactive,"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
