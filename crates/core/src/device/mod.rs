//! The device's data folder: where the app and the CLI keep their files,
//! what each part takes on disk, and "delete all local data" across the
//! directory, favourites, downloads and map packs.

pub mod data_folder;
pub mod folder_use;
pub mod local_data;
