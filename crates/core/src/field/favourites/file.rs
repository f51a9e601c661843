//! The export file of favourites: JSON with a format name and version, written
//! atomically; on import every record is checked before anything is merged.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Favourite, FavouritesError, MAX_NOTE_CHARS};

pub const FAVOURITES_FORMAT: &str = "lotse-favourites";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FavouritesFile {
    pub format: String,
    pub version: u32,
    pub exported_at: String,
    pub favourites: Vec<Favourite>,
}

impl FavouritesFile {
    pub fn new(favourites: Vec<Favourite>, now: &str) -> Self {
        Self {
            format: FAVOURITES_FORMAT.into(),
            version: 1,
            exported_at: now.into(),
            favourites,
        }
    }

    /// Write to `path` through a temporary file and a rename.
    pub fn write(&self, path: &Path) -> Result<(), FavouritesError> {
        let io = |source| FavouritesError::FileIo {
            path: path.to_owned(),
            source,
        };
        let json = serde_json::to_vec_pretty(self).map_err(|source| FavouritesError::Encode {
            path: path.to_owned(),
            source,
        })?;
        let tmp = path.with_extension("partial");
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Read and check a file: the format, the version, and each record.
    pub fn read(path: &Path) -> Result<Self, FavouritesError> {
        let fail = |reason: String| FavouritesError::File {
            path: path.to_owned(),
            reason,
        };
        let text = std::fs::read_to_string(path).map_err(|source| FavouritesError::FileIo {
            path: path.to_owned(),
            source,
        })?;
        let file: Self = serde_json::from_str(&text).map_err(|source| FavouritesError::Decode {
            path: path.to_owned(),
            source,
        })?;
        if file.format != FAVOURITES_FORMAT || file.version != 1 {
            return Err(fail(format!(
                "not a Lotse favourites file (format `{}`, version {})",
                file.format, file.version
            )));
        }
        for (i, f) in file.favourites.iter().enumerate() {
            if f.offer_id.trim().is_empty() {
                return Err(fail(format!("favourites[{i}].offer_id is empty")));
            }
            if f.note.chars().count() > MAX_NOTE_CHARS {
                return Err(fail(format!(
                    "favourites[{i}].note is longer than {MAX_NOTE_CHARS} characters"
                )));
            }
        }
        Ok(file)
    }
}
