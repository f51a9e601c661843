pub mod favourites;
pub mod nearby;
pub mod offer;
pub mod reports;
pub mod search;
pub mod settings;
pub mod settings_data;
pub mod settings_packs;
