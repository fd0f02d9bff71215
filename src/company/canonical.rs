//! Reading the canonical company table from Parquet: a DataFrame whose columns are exactly the
//! canonical ones with their types, as [`super::output`] writes them, goes straight into the table
//! without the vendor-export cleaning. Both the importer and the writers sit above this module.

use super::table::{Col, Column, Companies, Kind, TextColumn};

/// Reads a DataFrame that has exactly the canonical columns with their types (as chainlead writes
/// them) straight into the table; None when it does not, or when a row lacks a name.
pub fn from_canonical(df: &polars::prelude::DataFrame) -> Option<Companies> {
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
