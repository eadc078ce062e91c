//! Loaders: files in, validated domain values out, every problem located.

pub mod answers;
pub mod assessment;
pub mod cell;
pub mod conditions;
pub mod csv_scan;
pub mod graph;
pub mod initiatives_csv;
pub mod initiatives_xlsx;
pub mod initiatives_yaml;
pub mod row;
pub mod seen_ids;
pub mod source;
pub mod workbook_guard;

#[cfg(test)]
mod properties;
