//! Output: tables (CSV, XLSX, JSON, Parquet). Files are written only here and in `company`.

pub mod charts;
pub mod method;
pub mod report;
pub mod table;
pub mod table_writer;

pub use table::{write_table, Data, Table, TableError};
