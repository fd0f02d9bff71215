//! Companies (企业): the canonical table, import from vendor exports, validation and output.

pub mod canonical;
pub mod clean;
pub mod csv;
pub mod import;
pub mod output;
pub mod source;
pub mod summary;
pub mod table;
pub mod uscc;

pub use import::{ImportError, ImportOptions, ImportReport, Imported, Reject};
pub use output::{write_companies, write_rejects, write_vendor_csv, CompanyWriter, WriteError};
pub use source::{import_files, BatchReader, DEFAULT_BATCH_ROWS};
pub use table::{Cell, Col, Column, Companies, Kind, Row, TextColumn};

/// Reads a company file (CSV, XLSX/XLS or Parquet) into the canonical table, as `import` does.
pub fn load(path: &std::path::Path, opts: &ImportOptions) -> Result<Imported, ImportError> {
    import_files(&[path.to_path_buf()], opts)
}
