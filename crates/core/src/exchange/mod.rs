//! Exchange with other tools: importing directories from HSDS (JSON and
//! tabular), mapped CSV and OSM GeoJSON into a batch, and exporting the whole
//! directory to HSDS JSON, flat CSV and GeoJSON. Writes go through
//! `storage`'s one transaction per batch; owns no tables.

pub mod export;
pub mod import;
