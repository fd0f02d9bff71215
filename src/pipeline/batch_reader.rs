//! STAND-IN for `company::source::BatchReader` (branch i14-d), with the same API, so the pipeline
//! compiles and is tested before that branch is merged. It loads the whole file with
//! [`crate::company::load`] and hands it out in slices, so its memory is the table's: the
//! integrator deletes this file and points `super::BatchReader` at the real reader.

use std::path::Path;

use crate::company::{self, Col, Companies, ImportError, ImportOptions, ImportReport};

/// Reads a company file batch by batch (stand-in: the file is loaded whole on open).
pub struct BatchReader {
    companies: Companies,
    at: usize,
    batch_rows: usize,
    report: ImportReport,
}

impl BatchReader {
    /// Opens `path` to read batches of `batch_rows` rows.
    pub fn open(
        path: &Path,
        opts: &ImportOptions,
        batch_rows: usize,
    ) -> Result<BatchReader, ImportError> {
        let imported = company::load(path, opts)?;
        Ok(BatchReader {
            companies: imported.companies,
            at: 0,
            batch_rows: batch_rows.max(1),
            report: imported.report,
        })
    }

    /// The number of rows, when known up front.
    pub fn total_rows(&self) -> Option<usize> {
        Some(self.companies.len())
    }

    /// A hint that only these columns are needed (ignored here).
    pub fn project(&mut self, _cols: &[Col]) {}

    /// The next batch, or None after the last.
    pub fn next_batch(&mut self) -> Result<Option<Companies>, ImportError> {
        if self.at >= self.companies.len() {
            return Ok(None);
        }
        let end = (self.at + self.batch_rows).min(self.companies.len());
        let batch = super::slice(&self.companies, self.at..end);
        self.at = end;
        Ok(Some(batch))
    }

    /// The import counts.
    pub fn report(&self) -> &ImportReport {
        &self.report
    }
}
