pub mod favourites;
pub mod nearby;
pub mod offer;
pub mod reports;
pub mod search;
