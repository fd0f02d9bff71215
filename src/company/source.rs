//! Reading company files batch by batch: [`BatchReader`] yields the rows that
//! [`import_files`](super::import_files) returns, in the same order and with the same report, a
//! batch of a bounded number of rows at a time.
//!
//! How each kind of file is read:
//! - A Parquet table chainlead wrote (its canonical columns, see
//!   [`from_canonical`](super::canonical::from_canonical)) is read row group by row group, each
//!   through a reader of its own that maps the file only while the group is decoded, so the memory
//!   held is one row group and the batches waiting. Its rows were merged when it was written: alone,
//!   it needs no duplicate check.
//! - CSV is read from disk [`csv::CHUNK_BYTES`] (32 MiB) at a time by a [`csv::TextStream`],
//!   each chunk decoded line by line as [`csv::decode_rows`] decodes a whole file (the BOM, each
//!   line UTF-8 or GB18030, the counts of the encodings and line ends going on across chunks),
//!   then parsed [`BATCH`]` * 16` records at a time, normalised in parallel. A chunk is decoded
//!   up to its last complete line (a CR at its end waits for the next byte, which may make it a
//!   CRLF); a record that runs past the decoded text (a quoted field over several lines) is read
//!   again with the next chunk, so records, line numbers and rejects are those of the whole
//!   text. Memory: the raw chunk, its decoded lines (up to 1.5 times the bytes for GBK), the
//!   records parsed ahead, and the keys of the duplicate check below. A quote left open holds
//!   the text until it closes or the file ends, as it must to be read as the whole text reads.
//!   Each pass (the duplicate check, the gathering, the yielding) reads the file again from
//!   disk; the encoding and line ends of the report are known after the first, the lines of
//!   the minority encoding of a mixed file are listed on the last (so no pass keeps a number
//!   for every line of the majority).
//! - A vendor's Parquet is read row group by row group, its columns as text.
//! - A workbook (XLSX/XLS/ODS) is read whole, as its format demands, then normalised in batches.
//!
//! Rows that share a valid uscc are merged exactly as [`merge_duplicates`](super::import::merge_duplicates)
//! merges them (the most complete row, its empty cells filled, at the position of the group's
//! first row), across all the files of the import, without holding the table: a first pass packs
//! the valid usccs into a sorted `Vec<u128>` (16 bytes per row, dropped after the check) to find
//! the duplicated keys; when there are any, a second pass gathers only the rows of those keys and
//! merges them (memory for the duplicated rows alone); the yielding pass then emits each merged
//! row at its group's first position and skips the others. Without duplicates the gathering pass
//! is skipped.

use std::collections::VecDeque;
use std::fs::File;
use std::path::{Path, PathBuf};

use polars::prelude::{
    DataFrame, DataType, FileMetadata, FileMetadataRef, ParallelStrategy, ParquetReader, SerReader,
    StringChunked,
};
use rayon::prelude::*;

use super::csv::{self, Record};
use super::import::{
    finish_file, format_of, gather, io_error, map_headers, merge_rows, no_rows, sheet_rows,
    uscc_key, FileReport, ImportError, ImportOptions, ImportReport, Normalizer, Part, RecordKey,
    RegionSource, Reject, BATCH, CANONICAL_PARQUET, HEADER_SEARCH,
};
use super::table::{Cell, Col, Companies, Row};

/// The rows of a batch when the caller has no reason to choose.
pub const DEFAULT_BATCH_ROWS: usize = 65_536;

/// Records parsed and normalised at a time (CSV, workbooks, slices of a vendor's row group).
const CHUNK: usize = BATCH * 16;

/// Reads one or more company files batch by batch; see the module docs.
pub struct BatchReader {
    sources: Vec<Source>,
    /// The source being yielded.
    at: usize,
    batch_rows: usize,
    /// The extra columns of every batch: those of all the files, in order of appearance.
    extra_names: Vec<String>,
    /// The duplicated keys and their merged rows; None when no row is merged.
    dups: Option<Dups>,
    /// The canonical columns asked for (a hint, used for chainlead's own Parquet).
    projection: Option<Vec<Col>>,
    report: ImportReport,
    rejects: Vec<Reject>,
    /// Rows normalised and not yet yielded; `offset` rows of the first table were yielded.
    queue: VecDeque<Companies>,
    offset: usize,
    queued: usize,
    total: Option<usize>,
}

/// Groups of rows that share a valid uscc.
struct Dups {
    /// The duplicated keys, sorted.
    keys: Vec<u128>,
    /// The merged row of each key.
    merged: Vec<Row>,
    /// Whether the merged row of a key was yielded.
    seen: Vec<bool>,
}

impl Dups {
    fn index(&self, key: u128) -> Option<usize> {
        self.keys.binary_search(&key).ok()
    }
}

/// One file of the import.
struct Source {
    /// The file's normaliser; None for chainlead's own Parquet.
    norm: Option<Normalizer<'static>>,
    /// What was learnt opening the file; its counts fill as the rows are yielded.
    file: FileReport,
    body: Body,
}

/// Where a file's records come from.
enum Body {
    /// A CSV file decoded from disk a chunk at a time, where its data records start and where
    /// reading is (offsets in the whole decoded text, and line numbers).
    Csv {
        path: PathBuf,
        stream: Box<csv::TextStream>,
        delim: u8,
        start: (usize, usize),
        at: (usize, usize),
    },
    /// A workbook's data rows (1-based row number, cell texts) and the next to yield.
    Sheet {
        records: Vec<(usize, Vec<String>)>,
        next: usize,
    },
    /// A Parquet file and the next row group to read.
    Parquet { pq: Parquet, next_group: usize },
}

/// A Parquet file read row group by row group.
struct Parquet {
    path: PathBuf,
    metadata: FileMetadataRef,
    /// The file's columns with their types, without rows.
    template: DataFrame,
}

impl Parquet {
    fn open(path: &Path) -> Result<Parquet, ImportError> {
        let file = File::open(path).map_err(|e| io_error(path, e))?;
        let mut reader = ParquetReader::new(file);
        let metadata = reader.get_metadata().map_err(|e| perr(path, e))?.clone();
        let template = reader
            .with_slice(Some((0, 0)))
            .finish()
            .map_err(|e| perr(path, e))?;
        Ok(Parquet {
            path: path.to_path_buf(),
            metadata,
            template,
        })
    }

    fn groups(&self) -> usize {
        self.metadata.row_groups.len()
    }

    /// The first row of group `g`, and its rows.
    fn group_span(&self, g: usize) -> (usize, usize) {
        let groups = &self.metadata.row_groups;
        let start = groups[..g].iter().map(|r| r.num_rows()).sum();
        (start, groups[g].num_rows())
    }

    /// Row group `g`, only the columns at `projection` when given. The file is mapped by a reader
    /// of its own, unmapped when it returns, so pages of other groups are not kept resident; the
    /// reader is given metadata that lists this group alone (polars' slice of a file decodes the
    /// groups before the slice too, in time and in resident pages).
    fn read_group(
        &self,
        g: usize,
        projection: Option<Vec<usize>>,
    ) -> Result<DataFrame, ImportError> {
        let md = &self.metadata;
        let rows = md.row_groups[g].num_rows();
        let one = FileMetadata {
            num_rows: rows,
            max_row_group_height: rows,
            row_groups: vec![md.row_groups[g].clone()],
            created_by: md.created_by.clone(),
            key_value_metadata: md.key_value_metadata.clone(),
            schema_descr: md.schema_descr.clone(),
            column_orders: md.column_orders.clone(),
            footer_buf: md.footer_buf.clone(),
            version: md.version,
        };
        let file = File::open(&self.path).map_err(|e| io_error(&self.path, e))?;
        let mut reader = ParquetReader::new(file)
            .with_projection(projection)
            .read_parallel(ParallelStrategy::Columns);
        reader.set_metadata(std::sync::Arc::new(one));
        reader.finish().map_err(|e| perr(&self.path, e))
    }

    /// Whether the file is a table chainlead wrote: the canonical columns with their types, and a
    /// name in every row (a Parquet file with an empty name is read as a vendor's).
    fn is_canonical(&self) -> Result<bool, ImportError> {
        if super::canonical::from_canonical(&self.template).is_none() {
            return Ok(false);
        }
        let name = Col::Name as usize;
        for g in 0..self.groups() {
            let df = self.read_group(g, Some(vec![name]))?;
            let Ok(ca) = df.columns()[0].str() else {
                return Ok(false);
            };
            if ca.iter().any(|v| v.is_none_or(str::is_empty)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Row group `g` of a canonical file as the table, only the `projection` columns filled (and
    /// those the report needs) when one is given, its extra columns laid out as `extra_names`.
    fn canonical_group(
        &self,
        g: usize,
        projection: Option<&[Col]>,
        extra_names: &[String],
    ) -> Result<Companies, ImportError> {
        let df = match projection {
            None => self.read_group(g, None)?,
            Some(cols) => {
                let mut wanted: Vec<usize> =
                    [Col::Name, Col::Uscc, Col::UsccValid, Col::RegionCode]
                        .iter()
                        .chain(cols)
                        .map(|&c| c as usize)
                        .collect();
                wanted.sort_unstable();
                wanted.dedup();
                let df = self.read_group(g, Some(wanted.clone()))?;
                let height = df.height();
                let mut read = df.into_columns().into_iter();
                let columns = self
                    .template
                    .columns()
                    .iter()
                    .enumerate()
                    .map(|(i, c)| match wanted.binary_search(&i) {
                        Ok(_) => read.next().expect("a column per index"),
                        Err(_) => {
                            polars::prelude::Column::full_null(c.name().clone(), height, c.dtype())
                        }
                    })
                    .collect();
                DataFrame::new(height, columns).map_err(|e| perr(&self.path, e))?
            }
        };
        let c = super::canonical::from_canonical(&df).ok_or_else(|| ImportError::Parquet {
            path: self.path.display().to_string(),
            message: format!("row group {} does not have the columns of the first", g + 1),
        })?;
        if c.extra_names() == extra_names {
            return Ok(c);
        }
        let mut laid = Companies::new(extra_names.to_vec(), 0);
        laid.append(&c);
        Ok(laid)
    }
}

fn perr(path: &Path, e: polars::prelude::PolarsError) -> ImportError {
    ImportError::Parquet {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// A chunk of a file's records.
enum Chunk {
    /// CSV records read ahead of normalising.
    Csv(Vec<CsvRecord>),
    /// Workbook records `from..to`.
    Sheet(usize, usize),
    /// A vendor's Parquet columns as text, and the line of their first row (the header is line 1).
    Strings(Vec<StringChunked>, usize),
    /// Rows of chainlead's own Parquet.
    Table(Companies),
}

/// A CSV record read ahead of normalising.
enum CsvRecord {
    /// Line, the fields back to back, and the end of each field.
    Fields(usize, String, Vec<u32>),
    /// Line, why it is broken, and the raw line.
    Broken(usize, String, String),
}

/// One record as the normaliser sees it.
enum Rec<'r> {
    /// Line (1-based) and fields.
    Fields(usize, &'r [&'r str]),
    /// Line, reason and raw text of a record that cannot be parsed.
    Broken(usize, &'r str, &'r str),
}

/// Runs `each` over the records of a chunk, in parallel pieces of [`BATCH`] records that each
/// start from `init(records)`; the pieces come back in order.
fn par_records<P: Send>(
    body: &Body,
    width: usize,
    chunk: &Chunk,
    init: impl Fn(usize) -> P + Sync,
    each: impl Fn(&mut P, Rec<'_>) + Sync,
) -> Vec<P> {
    match chunk {
        Chunk::Csv(records) => records
            .par_chunks(BATCH)
            .map(|piece| {
                let mut p = init(piece.len());
                let mut f: Vec<&str> = Vec::new();
                for rec in piece {
                    match rec {
                        CsvRecord::Fields(line, joined, ends) => {
                            f.clear();
                            let mut start = 0;
                            for &e in ends {
                                f.push(&joined[start..e as usize]);
                                start = e as usize;
                            }
                            each(&mut p, Rec::Fields(*line, &f));
                        }
                        CsvRecord::Broken(line, reason, raw) => {
                            each(&mut p, Rec::Broken(*line, reason, raw))
                        }
                    }
                }
                p
            })
            .collect(),
        Chunk::Sheet(from, to) => {
            let Body::Sheet { records, .. } = body else {
                return Vec::new();
            };
            records[*from..*to]
                .par_chunks(BATCH)
                .map(|piece| {
                    let mut p = init(piece.len());
                    let mut f: Vec<&str> = Vec::new();
                    for (line, fields) in piece {
                        // Trailing cells without a header are dropped when they are empty.
                        let mut used = fields.len();
                        while used > width && fields[used - 1].is_empty() {
                            used -= 1;
                        }
                        // Empty cells at the end of a row are not stored in the sheet.
                        f.clear();
                        f.extend(fields[..used].iter().map(String::as_str));
                        f.resize(f.len().max(width), "");
                        each(&mut p, Rec::Fields(*line, &f));
                    }
                    p
                })
                .collect()
        }
        Chunk::Strings(cols, first_line) => {
            let height = cols.first().map(|c| c.len()).unwrap_or(0);
            let starts: Vec<usize> = (0..height).step_by(BATCH).collect();
            starts
                .par_iter()
                .map(|&start| {
                    let len = BATCH.min(height - start);
                    let mut p = init(len);
                    let slices: Vec<_> =
                        cols.iter().map(|ca| ca.slice(start as i64, len)).collect();
                    let mut iters: Vec<_> = slices.iter().map(|ca| ca.iter()).collect();
                    let mut f: Vec<&str> = Vec::with_capacity(iters.len());
                    for i in 0..len {
                        f.clear();
                        for it in iters.iter_mut() {
                            f.push(it.next().flatten().unwrap_or(""));
                        }
                        each(&mut p, Rec::Fields(first_line + start + i, &f));
                    }
                    p
                })
                .collect()
        }
        Chunk::Table(_) => Vec::new(),
    }
}

impl Source {
    /// Opens a file: reads what comes before its data (encoding, header, sheet, schema) and maps
    /// its headers, adding its extra columns to `extras`.
    fn open(
        path: &Path,
        opts: &ImportOptions,
        extras: &mut Vec<String>,
        chunk_bytes: usize,
    ) -> Result<Source, ImportError> {
        match format_of(path) {
            Some("csv") => open_csv(path, opts, extras, chunk_bytes),
            Some("workbook") => open_workbook(path, opts, extras),
            Some("parquet") => open_parquet(path, extras),
            _ => Err(ImportError::UnknownFormat {
                path: path.display().to_string(),
            }),
        }
    }

    /// Goes back to the first data record.
    fn rewind(&mut self) {
        match &mut self.body {
            Body::Csv {
                stream, start, at, ..
            } => {
                stream.rewind();
                *at = *start;
            }
            Body::Sheet { next, .. } => *next = 0,
            Body::Parquet { next_group, .. } => *next_group = 0,
        }
    }

    /// The next chunk of records; None at the end of the file.
    fn next_chunk(
        &mut self,
        projection: Option<&[Col]>,
        extra_names: &[String],
    ) -> Result<Option<Chunk>, ImportError> {
        let width = self.norm.as_ref().map(|n| n.width);
        let chunk = self.body.next_chunk(width, projection, extra_names);
        if let (Ok(None), Body::Csv { stream, .. }) = (&chunk, &mut self.body) {
            // The minority lines were listed on this pass, the last.
            self.file.mixed_rows = stream.take_listed();
        }
        chunk
    }

    /// Reads the whole file once for the keys of its accepted rows with a valid uscc (pushed onto
    /// `keys`); returns the records read (accepted or rejected), and refuses a file without any.
    fn scan_keys(&mut self, keys: &mut Vec<u128>) -> Result<usize, ImportError> {
        self.rewind();
        let mut read = 0;
        match (&mut self.body, &self.norm) {
            (
                Body::Csv {
                    path,
                    stream,
                    delim,
                    at,
                    ..
                },
                Some(norm),
            ) => {
                let (mut fields, mut scratch) = (Vec::new(), Cell::Text(String::new()));
                let mut raw = String::new();
                while let Some(rec) =
                    next_csv(stream, *delim, Some(norm.width), at, &mut fields, &mut raw)
                        .map_err(|e| io_error(path, e))?
                {
                    match rec {
                        Record::Broken { .. } => read += 1,
                        Record::Fields { .. } => match norm.key(&fields, &mut scratch) {
                            RecordKey::Blank => {}
                            RecordKey::Rejected => read += 1,
                            RecordKey::Accepted(key) => {
                                read += 1;
                                keys.extend(key);
                            }
                        },
                    }
                }
                // The whole file was decoded: what the decoding met goes to the report, and
                // the lines of the minority encoding are listed on the last pass.
                let (decoded, ends) = stream.summary().map_err(|e| io_error(path, e))?;
                stream.list_mixed(decoded.mixed_encoding);
                let f = &mut self.file;
                f.format = match decoded.mixed_encoding {
                    "" => format!("CSV, {}", decoded.encoding),
                    other => format!("CSV, {} + {other}", decoded.encoding),
                };
                f.line_ends = match ends {
                    csv::LineEnds::Lf | csv::LineEnds::CrLf => None,
                    ends => Some(ends),
                };
                f.mixed_encoding = decoded.mixed_encoding;
                f.undecodable_rows = decoded.undecodable_rows;
            }
            (Body::Parquet { pq, .. }, None) => {
                let (uscc, valid) = (Col::Uscc as usize, Col::UsccValid as usize);
                for g in 0..pq.groups() {
                    let df = pq.read_group(g, Some(vec![uscc, valid]))?;
                    let codes = df.columns()[0].str().map_err(|e| perr(&pq.path, e))?;
                    let flags = df.columns()[1].bool().map_err(|e| perr(&pq.path, e))?;
                    read += df.height();
                    for (code, ok) in codes.iter().zip(flags.iter()) {
                        if ok == Some(true) {
                            keys.extend(uscc_key(code.unwrap_or("")));
                        }
                    }
                }
                return Ok(read);
            }
            _ => {
                let Source { norm, body, .. } = self;
                let norm = norm.as_ref().expect("a vendor file has a normaliser");
                while let Some(chunk) = body.next_chunk(Some(norm.width), None, &[])? {
                    let parts = par_records(
                        body,
                        norm.width,
                        &chunk,
                        |_| (Vec::new(), 0usize, Cell::Text(String::new())),
                        |(keys, read, scratch), rec| match rec {
                            Rec::Broken(..) => *read += 1,
                            Rec::Fields(_, f) => match norm.key(f, scratch) {
                                RecordKey::Blank => {}
                                RecordKey::Rejected => *read += 1,
                                RecordKey::Accepted(key) => {
                                    *read += 1;
                                    keys.extend(key);
                                }
                            },
                        },
                    );
                    for (k, r, _) in parts {
                        keys.extend(k);
                        read += r;
                    }
                }
            }
        }
        self.rewind();
        if read == 0 {
            no_rows(&self.file)?;
        }
        Ok(read)
    }

    /// Reads the whole file once more for the rows of the duplicated keys, whole, in order.
    fn gather_rows(
        &mut self,
        dups: &Dups,
        extra_names: &[String],
        groups: &mut [Vec<Row>],
    ) -> Result<(), ImportError> {
        self.rewind();
        let Source { norm, body, .. } = self;
        let width = norm.as_ref().map(|n| n.width);
        while let Some(chunk) = body.next_chunk(width, None, extra_names)? {
            let tables = match (chunk, norm.as_ref()) {
                (Chunk::Table(c), _) => vec![c],
                (chunk, Some(norm)) => par_records(
                    body,
                    norm.width,
                    &chunk,
                    |n| {
                        let part = norm.part(n.min(16));
                        let row = Row::empty(norm.extra_names.len());
                        (part, row, Cell::Text(String::new()))
                    },
                    |(part, row, scratch), rec| {
                        if let Rec::Fields(line, f) = rec {
                            if let RecordKey::Accepted(Some(k)) = norm.key(f, scratch) {
                                if dups.index(k).is_some() {
                                    norm.accept(part, row, line, f);
                                }
                            }
                        }
                    },
                )
                .into_iter()
                .map(|(p, _, _)| p.companies)
                .collect(),
                _ => Vec::new(),
            };
            for c in &tables {
                for (i, d) in dup_rows(c, dups) {
                    groups[d].push(c.row(i));
                }
            }
        }
        self.rewind();
        Ok(())
    }
}

impl Body {
    /// The next chunk of records; None at the end. `width` is the header's, None for chainlead's
    /// own Parquet.
    fn next_chunk(
        &mut self,
        width: Option<usize>,
        projection: Option<&[Col]>,
        extra_names: &[String],
    ) -> Result<Option<Chunk>, ImportError> {
        match self {
            Body::Csv {
                path,
                stream,
                delim,
                at,
                ..
            } => {
                let mut fields = Vec::new();
                let mut raw = String::new();
                let mut batch = Vec::with_capacity(CHUNK);
                while batch.len() < CHUNK {
                    let rec = next_csv(
                        stream,
                        *delim,
                        Some(width.unwrap_or(0)),
                        at,
                        &mut fields,
                        &mut raw,
                    )
                    .map_err(|e| io_error(path, e))?;
                    match rec {
                        None => break,
                        Some(Record::Fields { line }) => {
                            let mut joined =
                                String::with_capacity(fields.iter().map(String::len).sum());
                            let mut ends = Vec::with_capacity(fields.len());
                            for f in &fields {
                                joined.push_str(f);
                                ends.push(joined.len() as u32);
                            }
                            batch.push(CsvRecord::Fields(line, joined, ends))
                        }
                        Some(Record::Broken { line, reason }) => {
                            batch.push(CsvRecord::Broken(line, reason, raw.clone()))
                        }
                    }
                }
                Ok((!batch.is_empty()).then_some(Chunk::Csv(batch)))
            }
            Body::Sheet { records, next } => {
                let from = *next;
                *next = records.len().min(from + CHUNK);
                Ok((from < *next).then_some(Chunk::Sheet(from, *next)))
            }
            Body::Parquet { pq, next_group } => {
                if *next_group >= pq.groups() {
                    return Ok(None);
                }
                let g = *next_group;
                *next_group += 1;
                if width.is_none() {
                    return Ok(Some(Chunk::Table(pq.canonical_group(
                        g,
                        projection,
                        extra_names,
                    )?)));
                }
                let df = pq.read_group(g, None)?;
                let mut cols = Vec::with_capacity(df.width());
                for col in df.columns() {
                    let s = col.cast(&DataType::String).map_err(|e| perr(&pq.path, e))?;
                    cols.push(
                        s.str()
                            .map_err(|e| perr(&pq.path, e))?
                            .rechunk()
                            .into_owned(),
                    );
                }
                Ok(Some(Chunk::Strings(cols, pq.group_span(g).0 + 2)))
            }
        }
    }
}

/// The rows of a table whose valid uscc is a duplicated key, with the key's index.
fn dup_rows(c: &Companies, dups: &Dups) -> Vec<(usize, usize)> {
    let (codes, valid) = (c.text(Col::Uscc), c.flag(Col::UsccValid));
    (0..c.len())
        .filter(|&i| valid[i])
        .filter_map(|i| Some((i, uscc_key(codes.get(i)).and_then(|k| dups.index(k))?)))
        .collect()
}

/// Reads the next CSV record from `at` (an offset in the whole decoded text and its line),
/// moving `at` past it; None at the end of the file. A record that runs into the end of the
/// text decoded so far (a quote still open) is read again with more of the file, so records
/// come out as a reader over the whole text gives them. `raw` gets the line of a broken record.
fn next_csv(
    stream: &mut csv::TextStream,
    delim: u8,
    width: Option<usize>,
    at: &mut (usize, usize),
    fields: &mut Vec<String>,
    raw: &mut String,
) -> Result<Option<Record>, String> {
    loop {
        let base = stream.base();
        if at.0 <= base + stream.text().len() {
            let mut reader = csv::Reader::new(stream.text(), delim);
            if let Some(w) = width {
                reader.set_width(w);
            }
            reader.seek((at.0 - base, at.1));
            let rec = reader.next_into(fields);
            if let Some(Record::Broken { .. }) = rec {
                raw.clear();
                raw.push_str(reader.record_line());
            }
            let (ran_out, (pos, line)) = (reader.ran_out(), reader.position());
            // A quote left open at the end of the text stays open to the end of the file
            // when no quote follows: the record is broken without reading on.
            if stream.done() || (rec.is_some() && (!ran_out || !stream.quote_ahead()?)) {
                *at = (base + pos, line);
                return Ok(rec);
            }
        }
        stream.fill(at.0)?;
    }
}

fn open_csv(
    path: &Path,
    opts: &ImportOptions,
    extras: &mut Vec<String>,
    chunk_bytes: usize,
) -> Result<Source, ImportError> {
    let mut stream =
        csv::TextStream::open(path, opts.encoding, chunk_bytes).map_err(|e| io_error(path, e))?;
    match csv_header(path, &mut stream, extras) {
        Ok((norm, header_row, delim, start)) => Ok(Source {
            file: FileReport {
                header_row,
                duplicate_headers: norm.duplicate_headers.clone(),
                path: path.display().to_string(),
                // The encoding, the line ends and the lines decoded otherwise are known after
                // the first pass over the whole file (`scan_keys`, `next_chunk`).
                format: "CSV".into(),
                ..FileReport::default()
            },
            norm: Some(norm),
            body: Body::Csv {
                path: path.to_path_buf(),
                stream: Box::new(stream),
                delim,
                start,
                at: start,
            },
        }),
        Err(e) => {
            // A file that cannot be decoded says so before what its text lacks, as when it was
            // decoded whole before its header was looked for.
            while stream.fill(usize::MAX).map_err(|e| io_error(path, e))? {}
            Err(e)
        }
    }
}

/// Whether a text has `n` line ends (a CRLF counts once).
fn has_lines(text: &str, n: usize) -> bool {
    let b = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', b)
        .filter(|&i| !(b[i] == b'\n' && i > 0 && b[i - 1] == b'\r'))
        .nth(n - 1)
        .is_some()
}

/// Reads a CSV file's header: its normaliser, line, delimiter and where its data starts.
fn csv_header(
    path: &Path,
    stream: &mut csv::TextStream,
    extras: &mut Vec<String>,
) -> Result<(Normalizer<'static>, usize, u8, (usize, usize)), ImportError> {
    let decode_err = |e: String| io_error(path, e);
    // The delimiter is sniffed on the first ten lines.
    while !stream.done() && !has_lines(stream.text(), 10) {
        stream.fill(0).map_err(decode_err)?;
    }
    let delim = csv::sniff_delimiter(stream.text());
    let mut at = (0, 1);
    let (mut fields, mut raw) = (Vec::new(), String::new());
    // The header is the first of the first records that names a company column: exports of
    // 企查查 and 天眼查 start with a title line, sometimes a blank line. Data starts after it.
    let mut first: Option<(usize, Vec<String>, (usize, usize))> = None;
    let mut seen = 0;
    let (header_row, headers, start) = loop {
        match next_csv(stream, delim, None, &mut at, &mut fields, &mut raw).map_err(decode_err)? {
            None => match first.take() {
                Some(f) => break f,
                None => {
                    return Err(ImportError::Empty {
                        path: path.display().to_string(),
                    })
                }
            },
            Some(Record::Fields { line }) => {
                if map_headers(&fields).is_some() {
                    break (line, fields.clone(), at);
                }
                first.get_or_insert_with(|| (line, fields.clone(), at));
                seen += 1;
                if seen == HEADER_SEARCH {
                    break first.take().expect("a record was kept");
                }
            }
            Some(Record::Broken { .. }) => continue,
        }
    };
    let norm = Normalizer::new(extras, path, &headers)?;
    Ok((norm, header_row, delim, start))
}

fn open_workbook(
    path: &Path,
    opts: &ImportOptions,
    extras: &mut Vec<String>,
) -> Result<Source, ImportError> {
    use calamine::Reader;
    let wb_err = |message: String| ImportError::Workbook {
        path: path.display().to_string(),
        message,
    };
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| wb_err(format!("cannot open the workbook: {e}")))?;
    let names = wb.sheet_names().to_vec();
    let sheet = match &opts.sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s.as_str())
            .cloned()
            .ok_or_else(|| {
                wb_err(format!(
                    "no sheet named '{s}'; sheets: {}",
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| wb_err("the workbook has no sheet".into()))?,
    };
    let mut rows = sheet_rows(&mut wb, &sheet).map_err(wb_err)?;
    if rows.is_empty() {
        return Err(ImportError::Empty {
            path: path.display().to_string(),
        });
    }
    // The header is the first of the first rows that names a company column (a title row above
    // it is skipped).
    let at = rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|(_, r)| map_headers(r).is_some())
        .unwrap_or(0);
    let mut rows = rows.split_off(at);
    let (header_row, headers) = rows.remove(0);
    let norm = Normalizer::new(extras, path, &headers)?;
    let file = FileReport {
        header_row,
        duplicate_headers: norm.duplicate_headers.clone(),
        path: path.display().to_string(),
        format: format!("Excel, sheet {sheet}"),
        ..FileReport::default()
    };
    Ok(Source {
        norm: Some(norm),
        file,
        body: Body::Sheet {
            records: rows,
            next: 0,
        },
    })
}

fn open_parquet(path: &Path, extras: &mut Vec<String>) -> Result<Source, ImportError> {
    let pq = Parquet::open(path)?;
    let names: Vec<String> = pq
        .template
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    if pq.is_canonical()? {
        for name in &names[Col::ALL.len()..] {
            if !extras.contains(name) {
                extras.push(name.clone());
            }
        }
        let file = FileReport {
            path: path.display().to_string(),
            format: CANONICAL_PARQUET.into(),
            ..FileReport::default()
        };
        return Ok(Source {
            norm: None,
            file,
            body: Body::Parquet { pq, next_group: 0 },
        });
    }
    let norm = Normalizer::new(extras, path, &names)?;
    let file = FileReport {
        duplicate_headers: norm.duplicate_headers.clone(),
        path: path.display().to_string(),
        format: "Parquet".into(),
        ..FileReport::default()
    };
    Ok(Source {
        norm: Some(norm),
        file,
        body: Body::Parquet { pq, next_group: 0 },
    })
}

impl BatchReader {
    /// Opens a company file (CSV, XLSX/XLS/ODS or Parquet) to be read in batches of `batch_rows`
    /// rows (the last may have fewer). Reads the file once for the duplicate check, unless it is
    /// a table chainlead wrote; errors of the file's layout (no header, no name column, no data
    /// rows) come here.
    pub fn open(
        path: &Path,
        opts: &ImportOptions,
        batch_rows: usize,
    ) -> Result<BatchReader, ImportError> {
        Self::open_files(&[path.to_path_buf()], opts, batch_rows)
    }

    /// Opens several files read as one import: their rows one after the other, the rows that
    /// share a valid uscc merged across all of them, their extra columns in every batch.
    pub fn open_files(
        paths: &[PathBuf],
        opts: &ImportOptions,
        batch_rows: usize,
    ) -> Result<BatchReader, ImportError> {
        Self::open_files_chunked(paths, opts, batch_rows, csv::CHUNK_BYTES)
    }

    /// [`BatchReader::open_files`] reading CSV files `chunk_bytes` bytes at a time (at least 4)
    /// instead of [`csv::CHUNK_BYTES`]: for tests that cut records, characters and line ends
    /// at chunk boundaries.
    #[doc(hidden)]
    pub fn open_files_chunked(
        paths: &[PathBuf],
        opts: &ImportOptions,
        batch_rows: usize,
        chunk_bytes: usize,
    ) -> Result<BatchReader, ImportError> {
        let mut extra_names = Vec::new();
        let mut sources = Vec::with_capacity(paths.len());
        let mut keys: Vec<u128> = Vec::new();
        let mut total = 0;
        let mut check = true;
        for path in paths {
            let mut source = Source::open(path, opts, &mut extra_names, chunk_bytes)?;
            // A single table chainlead wrote itself was merged when it was made.
            check = paths.len() > 1 || source.norm.is_some();
            if check {
                total += source.scan_keys(&mut keys)?;
            } else if let Body::Parquet { pq, .. } = &source.body {
                total += pq.metadata.num_rows;
            }
            sources.push(source);
        }
        for s in sources.iter_mut() {
            if let Some(norm) = s.norm.as_mut() {
                norm.extra_names = extra_names.clone();
            }
        }
        let dups = if check {
            duplicated(keys)
        } else {
            drop(keys);
            None
        };
        let dups = match dups {
            None => None,
            Some(keys) => {
                let mut groups: Vec<Vec<Row>> = vec![Vec::new(); keys.len()];
                let mut d = Dups {
                    keys,
                    merged: Vec::new(),
                    seen: Vec::new(),
                };
                for s in sources.iter_mut() {
                    s.gather_rows(&d, &extra_names, &mut groups)?;
                }
                d.merged = groups.iter().map(|g| merge_rows(g)).collect();
                d.seen = vec![false; d.keys.len()];
                Some(d)
            }
        };
        Ok(BatchReader {
            sources,
            at: 0,
            batch_rows: batch_rows.max(1),
            extra_names,
            dups,
            projection: None,
            report: ImportReport::default(),
            rejects: Vec::new(),
            queue: VecDeque::new(),
            offset: 0,
            queued: 0,
            total: Some(total),
        })
    }

    /// The rows that will be read in all (the report's `read` at the end), known once the files
    /// are open: from the metadata of chainlead's own Parquet, from the duplicate check's pass
    /// for the others. Batches hold fewer when rows are rejected or merged.
    pub fn total_rows(&self) -> Option<usize> {
        self.total
    }

    /// A hint that only these canonical columns are needed: the others of chainlead's own
    /// Parquet are not read and stay empty (extra columns too); the name, uscc, its check and
    /// the region code are always read. Other formats are read whole, as the merge and the
    /// report need every column.
    pub fn project(&mut self, cols: &[Col]) {
        self.projection = Some(cols.to_vec());
    }

    /// The extra columns of every batch.
    pub fn extra_names(&self) -> &[String] {
        &self.extra_names
    }

    /// The next batch of rows, None after the last.
    pub fn next_batch(&mut self) -> Result<Option<Companies>, ImportError> {
        loop {
            let done = self.at >= self.sources.len();
            if self.queued >= self.batch_rows || (done && self.queued > 0) {
                return Ok(Some(self.take(self.batch_rows)));
            }
            if done {
                return Ok(None);
            }
            let source = &mut self.sources[self.at];
            match source.next_chunk(self.projection.as_deref(), &self.extra_names)? {
                Some(chunk) => self.absorb(chunk),
                None => {
                    let file = std::mem::take(&mut self.sources[self.at].file);
                    finish_file(&mut self.report, file);
                    // The file's text or rows are no longer needed.
                    self.sources[self.at].body = Body::Sheet {
                        records: Vec::new(),
                        next: 0,
                    };
                    self.at += 1;
                }
            }
        }
    }

    /// The counts so far; complete after the last batch.
    pub fn report(&self) -> &ImportReport {
        &self.report
    }

    /// The rows rejected so far that were not taken yet.
    pub fn take_rejects(&mut self) -> Vec<Reject> {
        std::mem::take(&mut self.rejects)
    }

    /// Normalises a chunk of the current file, merges its duplicates and queues its rows.
    fn absorb(&mut self, chunk: Chunk) {
        let source = &mut self.sources[self.at];
        let tables = match chunk {
            Chunk::Table(c) => {
                let n = c.len();
                let codes = c.text(Col::Uscc);
                let valid = c.flag(Col::UsccValid);
                let regions = c.text(Col::RegionCode);
                let r = &mut self.report;
                r.missing_uscc += (0..n).filter(|&i| codes.get(i).is_empty()).count();
                r.invalid_uscc += (0..n)
                    .filter(|&i| !valid[i] && !codes.get(i).is_empty())
                    .count();
                let known = (0..n).filter(|&i| !regions.get(i).is_empty()).count();
                r.region_from[RegionSource::File as usize] += known;
                r.region_from[RegionSource::None as usize] += n - known;
                source.file.read += n;
                source.file.accepted += n;
                vec![c]
            }
            chunk => {
                let Some(norm) = source.norm.as_ref() else {
                    return;
                };
                let parts: Vec<Part> = par_records(
                    &source.body,
                    norm.width,
                    &chunk,
                    |n| (norm.part(n), Row::empty(norm.extra_names.len())),
                    |(part, row), rec| match rec {
                        Rec::Fields(line, f) => norm.accept(part, row, line, f),
                        Rec::Broken(line, reason, raw) => {
                            norm.reject(part, line, reason.to_string(), raw.to_string())
                        }
                    },
                )
                .into_iter()
                .map(|(p, _)| p)
                .collect();
                gather(&mut self.report, &mut self.rejects, &mut source.file, parts)
            }
        };
        for c in tables {
            let c = match self.dups.as_mut() {
                Some(d) => fold(c, d, &mut self.report.merged),
                None => c,
            };
            if !c.is_empty() {
                self.report.written += c.len();
                self.queued += c.len();
                self.queue.push_back(c);
            }
        }
    }

    /// Takes up to `n` queued rows as one table.
    fn take(&mut self, n: usize) -> Companies {
        let mut out: Option<Companies> = None;
        let mut need = n.min(self.queued);
        self.queued -= need;
        while need > 0 {
            let Some(front) = self.queue.front() else {
                break;
            };
            let avail = front.len() - self.offset;
            if self.offset == 0 && avail <= need {
                let c = self.queue.pop_front().expect("a front table");
                need -= avail;
                match out.as_mut() {
                    None => out = Some(c),
                    Some(o) => o.append(&c),
                }
                continue;
            }
            let k = avail.min(need);
            let o = out.get_or_insert_with(|| Companies::new(self.extra_names.clone(), k));
            for i in self.offset..self.offset + k {
                o.push_from(front, i);
            }
            self.offset += k;
            need -= k;
            if self.offset == front.len() {
                self.queue.pop_front();
                self.offset = 0;
            }
        }
        out.unwrap_or_else(|| Companies::new(self.extra_names.clone(), 0))
    }
}

/// The keys that occur more than once, sorted; None when there are none.
fn duplicated(mut keys: Vec<u128>) -> Option<Vec<u128>> {
    keys.sort_unstable();
    let mut dup: Vec<u128> = keys
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    drop(keys);
    dup.dedup();
    (!dup.is_empty()).then_some(dup)
}

/// A table with each duplicated key's merged row at the key's first row and its other rows
/// left out (counted in `merged`).
fn fold(c: Companies, dups: &mut Dups, merged: &mut usize) -> Companies {
    let hits = dup_rows(&c, dups);
    if hits.is_empty() {
        return c;
    }
    let mut out = Companies::new(c.extra_names().to_vec(), c.len());
    let mut hits = hits.into_iter().peekable();
    for i in 0..c.len() {
        match hits.next_if(|(j, _)| *j == i) {
            Some((_, d)) => {
                if !dups.seen[d] {
                    dups.seen[d] = true;
                    out.push(&dups.merged[d]);
                } else {
                    *merged += 1;
                }
            }
            None => out.push_from(&c, i),
        }
    }
    out
}

/// Reads and cleans several files into one table, merging rows with the same valid uscc: the
/// batches of a [`BatchReader`] collected.
pub fn import_files(
    paths: &[PathBuf],
    opts: &ImportOptions,
) -> Result<super::import::Imported, ImportError> {
    let mut reader = BatchReader::open_files(paths, opts, DEFAULT_BATCH_ROWS)?;
    // Each batch is appended and dropped: the table and one batch are held, never two tables.
    let rows = reader.total_rows().unwrap_or(0);
    let mut companies = Companies::new(reader.extra_names().to_vec(), rows);
    while let Some(batch) = reader.next_batch()? {
        companies.append(&batch);
    }
    Ok(super::import::Imported {
        companies,
        rejects: reader.take_rejects(),
        report: reader.report().clone(),
    })
}
