//! The base layer below every domain module: the generic table and its writers, CSV writing, and
//! the choice of a file format by its extension. It knows nothing of chains, companies or leads;
//! every module may use it, it uses none of them.

pub mod csv;
pub mod table;
pub mod table_writer;

pub use table::{
    extension, write_failed, write_table, write_xlsx_sheets, Data, Format, Table, TableError,
};
