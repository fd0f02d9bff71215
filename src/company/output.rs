//! Writing the company table (Parquet or CSV by extension, whole or batch by batch) and the
//! rejects file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use polars::io::parquet::write::BatchedWriter;

use crate::atomic::Staged;

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
    /// A batch has an extra column the writer was not created with.
    #[error("{path}: column {column} was not in the header the file was started with")]
    UnexpectedColumn { path: String, column: String },
}

fn io_err(path: &Path, e: impl std::fmt::Display) -> WriteError {
    WriteError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Writes the table as Parquet or CSV (UTF-8 with BOM), chosen by the extension: a
/// [`CompanyWriter`] given the whole table as one batch.
pub fn write_companies(path: &Path, c: &Companies) -> Result<(), WriteError> {
    let mut w = CompanyWriter::create(path, c.extra_names())?;
    w.write(c)?;
    w.finish()?;
    Ok(())
}

/// The most rows in one Parquet row group (polars' default): a larger batch is split.
pub const ROW_GROUP_ROWS: usize = 512 * 512;

/// Writes the canonical company table batch by batch, so a table larger than memory (a national
/// register, `synth -n 50000000`) passes through one batch at a time.
///
/// The format follows the extension: Parquet (`.parquet`, `.pq`), one row group per batch (a batch
/// over [`ROW_GROUP_ROWS`] rows is split), typed as [`to_dataframe`] types it and Zstd-compressed,
/// so that `company::load` reads it back exactly; or CSV (`.csv`, `.txt`, UTF-8 with BOM), the BOM
/// and the header once, then each batch's rows, the same bytes as the whole table written at once.
/// The file appears only when [`CompanyWriter::finish`] succeeds (a temporary file beside it until
/// then, removed when the writer is dropped unfinished), so a failed run leaves the previous file.
pub struct CompanyWriter {
    path: PathBuf,
    extra_names: Vec<String>,
    sink: Sink,
    staged: Staged,
    rows: usize,
}

/// Where a [`CompanyWriter`]'s rows go.
enum Sink {
    Csv(csv::Writer<BufWriter<File>>),
    Parquet {
        writer: Box<BatchedWriter<SharedFile>>,
        file: SharedFile,
    },
}

/// The buffered file behind polars' batched writer, which keeps its writer to the end: shared so
/// that [`CompanyWriter::finish`] can flush the buffer and see the error of a full disk.
#[derive(Clone)]
struct SharedFile(Arc<Mutex<BufWriter<File>>>);

impl SharedFile {
    fn lock(&self) -> std::io::Result<std::sync::MutexGuard<'_, BufWriter<File>>> {
        self.0
            .lock()
            .map_err(|_| std::io::Error::other("writer poisoned by an earlier panic"))
    }
}

impl Write for SharedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.lock()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.lock()?.write_all(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.lock()?.flush()
    }
}

impl std::fmt::Debug for CompanyWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompanyWriter")
            .field("path", &self.path)
            .field("rows", &self.rows)
            .finish()
    }
}

impl CompanyWriter {
    /// Starts writing the table to `path` (format by extension) with these extra columns after
    /// the canonical ones; the target is replaced only by [`CompanyWriter::finish`].
    pub fn create(path: &Path, extra_names: &[String]) -> Result<CompanyWriter, WriteError> {
        let parquet = match crate::render::table::extension(path).as_str() {
            "parquet" | "pq" => true,
            "csv" | "txt" => false,
            _ => {
                return Err(WriteError::UnknownFormat {
                    path: path.display().to_string(),
                })
            }
        };
        let (staged, file) = Staged::create(path).map_err(|e| io_err(path, e))?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let sink = if parquet {
            use polars::prelude::{ParquetCompression, ParquetWriter};
            let empty = Companies::new(extra_names.to_vec(), 0);
            let schema = frame(&empty, extra_names)
                .map_err(|e| io_err(path, e))?
                .schema()
                .clone();
            let file = SharedFile(Arc::new(Mutex::new(out)));
            let writer = ParquetWriter::new(file.clone())
                .with_compression(ParquetCompression::Zstd(None))
                .batched(&schema)
                .map_err(|e| io_err(path, e))?;
            Sink::Parquet {
                writer: Box::new(writer),
                file,
            }
        } else {
            let mut w = csv::Writer::new(out).map_err(|e| io_err(path, e))?;
            let headers = Col::ALL
                .iter()
                .map(|c| (c.name(), true))
                .chain(extra_names.iter().map(|n| (n.as_str(), true)));
            w.record(headers).map_err(|e| io_err(path, e))?;
            Sink::Csv(w)
        };
        Ok(CompanyWriter {
            path: path.to_path_buf(),
            extra_names: extra_names.to_vec(),
            sink,
            staged,
            rows: 0,
        })
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes a batch: one Parquet row group (or several of [`ROW_GROUP_ROWS`] for a larger
    /// batch), or its CSV rows. The batch's extra columns are matched by name to the writer's
    /// (those it lacks are written empty); an extra column the writer was not created with is an
    /// error, as its values would be lost.
    pub fn write(&mut self, batch: &Companies) -> Result<(), WriteError> {
        if let Some(name) = batch
            .extra_names()
            .iter()
            .find(|n| !self.extra_names.contains(n))
        {
            return Err(WriteError::UnexpectedColumn {
                path: self.path.display().to_string(),
                column: name.clone(),
            });
        }
        if batch.is_empty() {
            return Ok(());
        }
        let path = self.path.as_path();
        match &mut self.sink {
            Sink::Csv(w) => {
                write_csv_rows(w, batch, &self.extra_names).map_err(|e| io_err(path, e))?
            }
            Sink::Parquet { writer, .. } => {
                let df = frame(batch, &self.extra_names).map_err(|e| io_err(path, e))?;
                let mut offset = 0;
                while offset < df.height() {
                    let part = df.slice(offset as i64, ROW_GROUP_ROWS);
                    writer.write_batch(&part).map_err(|e| io_err(path, e))?;
                    offset += ROW_GROUP_ROWS;
                }
            }
        }
        self.rows += batch.len();
        Ok(())
    }

    /// Ends the file (the Parquet footer), flushes it and renames it onto the target; returns the
    /// number of rows written.
    pub fn finish(self) -> Result<usize, WriteError> {
        let path = self.path.as_path();
        match self.sink {
            Sink::Csv(w) => {
                w.finish().map_err(|e| io_err(path, e))?;
            }
            Sink::Parquet { writer, file } => {
                writer.finish().map_err(|e| io_err(path, e))?;
                drop(writer);
                file.lock()
                    .and_then(|mut f| f.flush())
                    .map_err(|e| io_err(path, e))?;
            }
        }
        self.staged.commit().map_err(|e| io_err(path, e))?;
        Ok(self.rows)
    }
}

/// Writes the rows of `c` as CSV records: the canonical columns, then `extra_names` (matched by
/// name; a column `c` lacks is empty).
fn write_csv_rows(
    w: &mut csv::Writer<BufWriter<File>>,
    c: &Companies,
    extra_names: &[String],
) -> std::io::Result<()> {
    let extra = extra_positions(c, extra_names);
    let mut values: Vec<String> = Vec::new();
    for i in 0..c.len() {
        values.clear();
        values.extend(Col::ALL.iter().map(|&col| c.render(i, col)));
        let canon = values
            .iter()
            .zip(Col::ALL)
            .map(|(v, col)| (v.as_str(), col.kind() == Kind::Text));
        let extra = extra
            .iter()
            .map(|e| (e.map_or("", |e| c.extra(e).get(i)), true));
        w.record(canon.chain(extra))?;
    }
    Ok(())
}

/// For each of `names`, its extra column in `c` (None when `c` has no column of that name).
fn extra_positions(c: &Companies, names: &[String]) -> Vec<Option<usize>> {
    names
        .iter()
        .map(|n| c.extra_names().iter().position(|m| m == n))
        .collect()
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
    frame(c, c.extra_names())
}

/// The table as a DataFrame with the extra columns `extra_names` in that order (matched by name,
/// a column `c` lacks empty).
fn frame(
    c: &Companies,
    extra_names: &[String],
) -> polars::prelude::PolarsResult<polars::prelude::DataFrame> {
    use polars::prelude::*;
    let mut cols: Vec<polars::prelude::Column> =
        Vec::with_capacity(Col::ALL.len() + extra_names.len());
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
    for (name, e) in extra_names.iter().zip(extra_positions(c, extra_names)) {
        let name = PlSmallStr::from_str(name);
        let series = match e {
            Some(e) => StringChunked::from_iter_values(name, c.extra(e).iter()),
            None => StringChunked::from_iter_values(name, std::iter::repeat_n("", c.len())),
        };
        cols.push(series.into_series().into());
    }
    DataFrame::new(c.len(), cols)
}

/// Reads a DataFrame that has exactly the canonical columns with their types (as chainlead writes
/// them) straight into the table; None when it does not, or when a row lacks a name.
pub fn from_canonical(df: &polars::prelude::DataFrame) -> Option<Companies> {
    use super::table::{Column, TextColumn};
    use polars::prelude::DataType;
    let names: Vec<&str> = df.get_column_names().iter().map(|s| s.as_str()).collect();
    if names.len() < Col::ALL.len() || Col::ALL.iter().zip(&names).any(|(c, n)| c.name() != *n) {
        return None;
    }
    let height = df.height();
    let mut cols: Vec<Column> = Vec::with_capacity(Col::ALL.len());
    for (&col, pl) in Col::ALL.iter().zip(df.columns()) {
        let dtype = pl.dtype();
        let column = match (col.kind(), dtype) {
            (Kind::Text, DataType::String) => {
                let ca = pl.str().ok()?;
                let bytes: usize = ca.downcast_iter().map(|a| a.total_bytes_len()).sum();
                let mut t = TextColumn::with_capacity(0, 0);
                t.reserve(height, bytes);
                for v in ca.iter() {
                    t.push(v.unwrap_or(""));
                }
                Column::Text(t)
            }
            (Kind::Bool, DataType::String) if col == Col::Status => {
                let ca = pl.str().ok()?;
                Column::Bool(ca.iter().map(|v| v != Some("inactive")).collect())
            }
            (Kind::Bool, DataType::Boolean) => {
                Column::Bool(pl.bool().ok()?.iter().map(|v| v.unwrap_or(false)).collect())
            }
            (Kind::Number, DataType::Float64) => Column::Number(
                pl.f64()
                    .ok()?
                    .iter()
                    .map(|v| v.unwrap_or(f64::NAN))
                    .collect(),
            ),
            (Kind::Date, DataType::Date) => {
                let days = pl.cast(&DataType::Int32).ok()?;
                Column::Date(days.i32().ok()?.iter().collect())
            }
            _ => return None,
        };
        cols.push(column);
    }
    let extra_names: Vec<String> = names[Col::ALL.len()..]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut extra = Vec::with_capacity(extra_names.len());
    for pl in &df.columns()[Col::ALL.len()..] {
        let s = pl.cast(&DataType::String).ok()?;
        let mut t = TextColumn::with_capacity(height, 8);
        for v in s.str().ok()?.iter() {
            t.push(v.unwrap_or(""));
        }
        extra.push(t);
    }
    let c = Companies::from_columns(cols, extra_names, extra, height)?;
    let name = c.text(Col::Name);
    (0..c.len()).all(|i| !name.get(i).is_empty()).then_some(c)
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

    /// Tables compare by their Debug text: NaN (an unknown number) is not equal to itself.
    fn same(a: &Companies, b: &Companies) -> bool {
        format!("{a:?}") == format!("{b:?}")
    }

    /// The sample without its extra column.
    fn sample_plain() -> Companies {
        let s = sample();
        let mut c = Companies::new(Vec::new(), s.len());
        for i in 0..s.len() {
            let mut row = s.row(i);
            row.extra.clear();
            c.push(&row);
        }
        c
    }

    /// A table of `n` synthetic companies with two extra columns, one left empty in places.
    fn table(n: usize) -> Companies {
        let set = crate::chain::ChainSet::embedded().unwrap();
        let opts = crate::synth::SynthOptions {
            n,
            seed: 7,
            ..Default::default()
        };
        let mut c = Companies::new(vec!["备注".into(), "来源".into()], n);
        let g = crate::synth::generate(&set, &opts);
        for i in 0..g.len() {
            let mut row = g.row(i);
            row.extra = vec![
                if i % 3 == 0 {
                    String::new()
                } else {
                    format!("r{i}")
                },
                "=1+1".into(),
            ];
            c.push(&row);
        }
        c
    }

    /// Writes `c` through a CompanyWriter in batches of `batch` rows.
    fn write_batched(path: &Path, c: &Companies, batch: usize) -> usize {
        let mut w = CompanyWriter::create(path, c.extra_names()).unwrap();
        let mut part = Companies::new(c.extra_names().to_vec(), batch);
        for i in 0..c.len() {
            part.push_from(c, i);
            if part.len() == batch {
                w.write(&part).unwrap();
                part = Companies::new(c.extra_names().to_vec(), batch);
            }
        }
        w.write(&part).unwrap();
        w.finish().unwrap()
    }

    fn read_parquet(path: &Path) -> (Companies, usize) {
        use polars::prelude::{ParquetReader, SerReader};
        let mut reader = ParquetReader::new(std::fs::File::open(path).unwrap());
        let groups = reader.get_metadata().unwrap().row_groups.len();
        let df = reader.finish().unwrap();
        (from_canonical(&df).expect("canonical"), groups)
    }

    #[test]
    fn batches_of_any_size_read_back_as_the_table() {
        let dir = std::env::temp_dir().join(format!("chainlead-batches-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = table(2100);
        let whole_csv = dir.join("whole.csv");
        write_companies(&whole_csv, &c).unwrap();
        let whole = std::fs::read(&whole_csv).unwrap();
        for batch in [1, 7, 1000] {
            let path = dir.join(format!("b{batch}.parquet"));
            assert_eq!(write_batched(&path, &c, batch), c.len());
            let (back, groups) = read_parquet(&path);
            assert_eq!(groups, c.len().div_ceil(batch), "one row group per batch");
            assert!(
                same(&back, &c),
                "batch {batch}: parquet reads back as the table"
            );
            let loaded = crate::company::load(&path, &Default::default()).unwrap();
            assert!(same(&loaded.companies, &c), "batch {batch}: company::load");
            let path = dir.join(format!("b{batch}.csv"));
            write_batched(&path, &c, batch);
            assert!(
                std::fs::read(&path).unwrap() == whole,
                "batch {batch}: CSV bytes as the whole table's"
            );
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_large_batch_is_split_into_row_groups() {
        let dir = std::env::temp_dir().join(format!("chainlead-groups-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.parquet");
        let mut c = Companies::new(Vec::new(), 0);
        let mut row = Row::empty(0);
        row.set(Col::Name, Cell::Text("甲".into()));
        for _ in 0..ROW_GROUP_ROWS + 5 {
            c.push(&row);
        }
        write_companies(&path, &c).unwrap();
        let (back, groups) = read_parquet(&path);
        assert_eq!(groups, 2);
        assert!(same(&back, &c));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn extra_columns_are_matched_by_name() {
        let dir = std::env::temp_dir().join(format!("chainlead-extra-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let c = table(20);
        for ext in ["parquet", "csv"] {
            let path = dir.join(format!("t.{ext}"));
            let names = vec!["来源".to_string(), "备注".to_string(), "空".to_string()];
            let mut w = CompanyWriter::create(&path, &names).unwrap();
            w.write(&c).unwrap();
            let mut other = Companies::new(vec!["未知".into()], 1);
            other.push_from(&table(1), 0);
            let err = w.write(&other).unwrap_err();
            assert!(
                matches!(err, WriteError::UnexpectedColumn { ref column, .. } if column == "未知")
            );
            assert_eq!(w.finish().unwrap(), c.len());
            let back = crate::company::load(&path, &Default::default())
                .unwrap()
                .companies;
            assert_eq!(back.extra_names(), &names[..]);
            for i in 0..c.len() {
                assert!(back.extra(0).get(i).ends_with("=1+1"), "{ext}");
                assert_eq!(back.extra(1).get(i), c.extra(0).get(i));
                assert_eq!(back.extra(2).get(i), "");
            }
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn an_unfinished_writer_leaves_the_old_file_and_nothing_beside() {
        let dir = std::env::temp_dir().join(format!("chainlead-unfinished-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for ext in ["parquet", "csv"] {
            let path = dir.join(format!("t.{ext}"));
            std::fs::write(&path, "old").unwrap();
            let mut w = CompanyWriter::create(&path, &[]).unwrap();
            w.write(&sample_plain()).unwrap();
            drop(w);
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        }
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        let empty = dir.join("empty.parquet");
        assert_eq!(
            CompanyWriter::create(&empty, &[])
                .unwrap()
                .finish()
                .unwrap(),
            0
        );
        assert_eq!(read_parquet(&empty).0.len(), 0);
        assert!(matches!(
            CompanyWriter::create(&dir.join("t.xlsx"), &[]),
            Err(WriteError::UnknownFormat { .. })
        ));
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
