//! The streaming pipeline (流式处理): a company table of any size read in batches, each batch
//! classified in parallel and handed to the steps that keep what they need, so memory grows with
//! what is kept (the gap census: cities × nodes; the lead candidates: the matched companies), not
//! with the table.
//!
//! - [`Source`]: where the companies come from, a table in memory (the embedded demo, read in
//!   slices) or a company file read batch by batch.
//! - [`scan`] (pass 1): reads batches in a reader thread that sends them through a bounded channel
//!   (two batches ahead) while the caller's thread classifies each batch with the parallel
//!   classifier and feeds it, with its matches, to every [`Sink`] in row order.
//! - [`for_each_batch`]: a plain pass without classification (head offices by name, say).
//! - [`fetch`]: a pass that keeps only the given rows, in row order: how outputs get the full
//!   record (scope, products, contacts) of the few companies they show; [`fetch_classified`]
//!   classifies those rows again for their matches with evidence.
//!
//! Classification is per company, and every sink sees the batches in row order, so results do not
//! depend on the batch size or the number of threads.

mod region;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::mpsc::sync_channel;

use crate::company::source::BatchReader;

use crate::classify::{Classifier, Match, Matches};
use crate::company::{self, Col, Companies, ImportError, ImportOptions, ImportReport};
use crate::gaps::Census;
use crate::progress::Progress;

pub use region::{diagnose, lead_run, Diagnosis, Extras, LeadRun, PipelineError};

/// Rows per batch unless told otherwise: large enough to keep every core busy classifying, small
/// enough that a batch of a national table is a few tens of megabytes.
pub const DEFAULT_BATCH: usize = 65_536;

/// A step fed by pass 1: each batch of companies with its matches, in row order.
pub trait Sink {
    /// Takes a batch, its matches (rows local to the batch: 0 is its first company) and the global
    /// row of its first company.
    fn add(&mut self, batch: &Companies, matches: &[Match], first_row: usize);
}

impl Sink for Census {
    fn add(&mut self, batch: &Companies, matches: &[Match], _first_row: usize) {
        Census::add(self, batch, matches);
    }
}

impl Sink for crate::leads::Prospects {
    fn add(&mut self, batch: &Companies, matches: &[Match], first_row: usize) {
        crate::leads::Prospects::add(self, batch, matches, first_row);
    }
}

/// Where the companies come from.
#[derive(Debug)]
pub enum Source {
    /// A table in memory (the embedded demo), read in slices.
    Memory(Companies),
    /// A company file (CSV, XLSX, Parquet), read batch by batch.
    File {
        /// The file.
        path: PathBuf,
        /// How to import it.
        options: ImportOptions,
    },
}

impl Source {
    /// A company file imported with the default options.
    pub fn file(path: &Path) -> Source {
        Source::File {
            path: path.to_path_buf(),
            options: ImportOptions::default(),
        }
    }

    /// The whole table at once, with the import counts of a file, for the steps that need every
    /// row together (a summary, a review of one node).
    pub fn load(self) -> Result<(Companies, Option<ImportReport>), ImportError> {
        match self {
            Source::Memory(c) => Ok((c, None)),
            Source::File { path, options } => {
                let imported = company::load(&path, &options)?;
                Ok((imported.companies, Some(imported.report)))
            }
        }
    }
}

/// What a pass read.
#[derive(Debug, Clone, Default)]
pub struct Pass {
    /// Rows read.
    pub rows: usize,
    /// Matches found (0 in a pass without classification).
    pub matches: usize,
    /// The import counts of a file, complete after the pass; None for a table in memory.
    pub report: Option<ImportReport>,
}

/// Settings of pass 1.
#[derive(Debug, Clone, Copy)]
pub struct ScanOptions {
    /// Rows per batch.
    pub batch: usize,
    /// Matches below this confidence are dropped.
    pub min_confidence: f64,
    /// The columns the sinks read (a hint a file reader may use to skip the others; empty for
    /// all). The classifier's own columns are read in any case.
    pub columns: &'static [Col],
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            batch: DEFAULT_BATCH,
            min_confidence: crate::classify::DEFAULT_MIN_CONFIDENCE,
            columns: &[],
        }
    }
}

/// What the classifier reads of a company (with the id and name the match table names).
pub const CLASSIFIER_COLUMNS: &[Col] = &[
    Col::Id,
    Col::Name,
    Col::IndustryCode,
    Col::BusinessScope,
    Col::MainProducts,
];

/// Pass 1: reads every batch, classifies it and feeds it with its matches to `sinks`, in row
/// order; counts rows and matches on `progress` (its total set when the source knows it).
pub fn scan(
    source: &Source,
    classifier: &Classifier,
    opts: &ScanOptions,
    sinks: &mut [&mut dyn Sink],
    progress: &Progress,
) -> Result<Pass, ImportError> {
    let mut matches = 0usize;
    let columns: Vec<Col> = match opts.columns {
        [] => Vec::new(),
        some => CLASSIFIER_COLUMNS.iter().chain(some).copied().collect(),
    };
    let (rows, report) = read(
        source,
        &columns,
        opts.batch,
        |total| progress.set_total(total as u64),
        |batch, first_row| {
            let found = classifier.classify(&batch, opts.min_confidence);
            for sink in sinks.iter_mut() {
                sink.add(&batch, &found.list, first_row);
            }
            matches += found.list.len();
            progress.add(batch.len() as u64);
            progress.matches(matches as u64);
            true
        },
    )?;
    progress.finish();
    Ok(Pass {
        rows,
        matches,
        report,
    })
}

/// A pass without classification: `f` gets each batch and the global row of its first company.
/// `columns` says which columns `f` reads (a hint a file reader may use to skip the others; empty
/// for all).
pub fn for_each_batch(
    source: &Source,
    columns: &[Col],
    batch: usize,
    progress: &Progress,
    mut f: impl FnMut(&Companies, usize),
) -> Result<Pass, ImportError> {
    let (rows, report) = read(
        source,
        columns,
        batch,
        |total| progress.set_total(total as u64),
        |b, first_row| {
            f(&b, first_row);
            progress.add(b.len() as u64);
            true
        },
    )?;
    progress.finish();
    Ok(Pass {
        rows,
        matches: 0,
        report,
    })
}

/// The companies at the given global rows, in row order (rows out of the table are skipped),
/// reading only as far as the last of them.
pub fn fetch(
    source: &Source,
    rows: &[usize],
    batch: usize,
    progress: &Progress,
) -> Result<Companies, ImportError> {
    let mut wanted = rows.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if let Source::Memory(c) = source {
        let mut out = Companies::new(c.extra_names().to_vec(), wanted.len());
        for &r in wanted.iter().filter(|&&r| r < c.len()) {
            out.push_from(c, r);
        }
        return Ok(out);
    }
    let mut out: Option<Companies> = None;
    let mut k = 0;
    read(
        source,
        &[],
        batch,
        |total| progress.set_total(total as u64),
        |b, first_row| {
            let out = out.get_or_insert_with(|| Companies::new(b.extra_names().to_vec(), 0));
            while k < wanted.len() && wanted[k] < first_row + b.len() {
                out.push_from(&b, wanted[k] - first_row);
                k += 1;
            }
            progress.add(b.len() as u64);
            k < wanted.len()
        },
    )?;
    progress.finish();
    Ok(out.unwrap_or_default())
}

/// [`fetch`], then the fetched companies classified again: their matches, with evidence, rows
/// local to the fetched table.
pub fn fetch_classified(
    source: &Source,
    rows: &[usize],
    classifier: &Classifier,
    opts: &ScanOptions,
    progress: &Progress,
) -> Result<(Companies, Matches), ImportError> {
    let companies = fetch(source, rows, opts.batch, progress)?;
    let matches = classifier.classify(&companies, opts.min_confidence);
    Ok((companies, matches))
}

/// Rows `range` of `c` as a table of their own.
pub(crate) fn slice(c: &Companies, range: std::ops::Range<usize>) -> Companies {
    let mut out = Companies::new(c.extra_names().to_vec(), range.len());
    for i in range {
        out.push_from(c, i);
    }
    out
}

/// The batches of a source, one after another.
enum Reader<'a> {
    Memory {
        c: &'a Companies,
        at: usize,
        batch: usize,
    },
    File(Box<BatchReader>),
}

impl Reader<'_> {
    fn open<'a>(
        source: &'a Source,
        columns: &[Col],
        batch: usize,
    ) -> Result<Reader<'a>, ImportError> {
        let batch = batch.max(1);
        Ok(match source {
            Source::Memory(c) => Reader::Memory { c, at: 0, batch },
            Source::File { path, options } => {
                let mut r = BatchReader::open(path, options, batch)?;
                if !columns.is_empty() {
                    r.project(columns);
                }
                Reader::File(Box::new(r))
            }
        })
    }

    fn total_rows(&self) -> Option<usize> {
        match self {
            Reader::Memory { c, .. } => Some(c.len()),
            Reader::File(r) => r.total_rows(),
        }
    }

    fn next_batch(&mut self) -> Result<Option<Companies>, ImportError> {
        match self {
            Reader::Memory { c, at, batch } => {
                if *at >= c.len() {
                    return Ok(None);
                }
                let end = (*at + *batch).min(c.len());
                let out = slice(c, *at..end);
                *at = end;
                Ok(Some(out))
            }
            Reader::File(r) => r.next_batch(),
        }
    }

    fn report(&self) -> Option<ImportReport> {
        match self {
            Reader::Memory { .. } => None,
            Reader::File(r) => Some(r.report().clone()),
        }
    }
}

/// Reads `source` in batches of `batch` rows on a reader thread, two batches ahead of `f`, which
/// gets each batch and the global row of its first company on the caller's thread and returns
/// whether to go on. `total` is told the row count first when the source knows it. Returns the rows
/// read and a file's import counts.
fn read(
    source: &Source,
    columns: &[Col],
    batch: usize,
    total: impl FnOnce(usize),
    mut f: impl FnMut(Companies, usize) -> bool,
) -> Result<(usize, Option<ImportReport>), ImportError> {
    let mut reader = Reader::open(source, columns, batch)?;
    if let Some(n) = reader.total_rows() {
        total(n);
    }
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<Result<Companies, ImportError>>(2);
        let producer = s.spawn(move || {
            loop {
                match reader.next_batch() {
                    Ok(Some(b)) => {
                        if tx.send(Ok(b)).is_err() {
                            break;
                        }
                    }
                    Ok(None) => break,
                    Err(e) => {
                        tx.send(Err(e)).ok();
                        break;
                    }
                }
            }
            reader
        });
        let mut rows = 0usize;
        let mut failed = None;
        for msg in rx.iter() {
            match msg {
                Ok(b) => {
                    let n = b.len();
                    let go_on = f(b, rows);
                    rows += n;
                    if !go_on {
                        break;
                    }
                }
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        // Dropping the receiver stops a reader still sending.
        drop(rx);
        let reader = match producer.join() {
            Ok(r) => r,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        match failed {
            Some(e) => Err(e),
            None => Ok((rows, reader.report())),
        }
    })
}
