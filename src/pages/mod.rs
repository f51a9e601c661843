pub mod nearby;
pub mod offer;
pub mod search;
