//! The nouns: what an offer is (model, aligned with HSDS), the category
//! taxonomy, opening hours, places (the offline gazetteer), great-circle
//! helpers and the embedded demo directory. Pure data and rules: nothing here
//! opens a database or a connection, and every other folder may use it.

pub mod demo;
pub mod gazetteer;
pub mod geodesy;
pub mod hours;
pub mod model;
pub mod taxonomy;
