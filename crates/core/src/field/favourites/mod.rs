//! Favourites with private notes, kept offline in their own SQLite file
//! beside the directory. They never leave the device unless the user exports
//! them to a file, and they survive every sync, bundle import and restart
//! because no directory write opens this file.

mod file;

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use serde::{Deserialize, Serialize};

pub use file::{FavouritesFile, FAVOURITES_FORMAT};

/// The file name beside the directory database.
pub const FAVOURITES_FILE: &str = "favourites.sqlite";
/// The longest note kept, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

const MIGRATIONS: [&str; 1] = [include_str!("favourites_v1.sql")];

#[derive(Debug, thiserror::Error)]
pub enum FavouritesError {
    #[error("favourites database {path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("favourites database {path}: {source}")]
    Migration {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error("the note is longer than {MAX_NOTE_CHARS} characters")]
    NoteTooLong,
    #[error("{path}: {reason}")]
    File { path: PathBuf, reason: String },
    #[error("{path}: {source}")]
    FileIo {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Encode {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: line {}, column {}: {source}", source.line(), source.column())]
    Decode {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// One favourite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Favourite {
    pub offer_id: String,
    pub name: String,
    pub note: String,
    pub created_at: String,
    pub updated_at: String,
}

pub struct FavouritesStore {
    conn: Connection,
    path: PathBuf,
}

impl FavouritesStore {
    /// Open (or create) the favourites file.
    pub fn open(path: &Path) -> Result<Self, FavouritesError> {
        let sqlite = |source| FavouritesError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let mut conn = Connection::open(path).map_err(sqlite)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        Migrations::new(MIGRATIONS.iter().map(|sql| M::up(sql)).collect())
            .to_latest(&mut conn)
            .map_err(|source| FavouritesError::Migration {
                path: path.to_owned(),
                source,
            })?;
        Ok(Self {
            conn,
            path: path.to_owned(),
        })
    }

    /// The favourites file that belongs to the directory database `db`.
    pub fn beside(db: &Path) -> PathBuf {
        db.with_file_name(FAVOURITES_FILE)
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> FavouritesError + '_ {
        |source| FavouritesError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Every favourite, most recently changed first.
    pub fn list(&self) -> Result<Vec<Favourite>, FavouritesError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT offer_id, name, note, created_at, updated_at FROM favourites
                 ORDER BY updated_at DESC, offer_id",
            )
            .map_err(self.err())?;
        let rows = stmt
            .query_map([], |r| {
                Ok(Favourite {
                    offer_id: r.get(0)?,
                    name: r.get(1)?,
                    note: r.get(2)?,
                    created_at: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            })
            .map_err(self.err())?;
        rows.collect::<Result<_, _>>().map_err(self.err())
    }

    pub fn get(&self, offer_id: &str) -> Result<Option<Favourite>, FavouritesError> {
        Ok(self.list()?.into_iter().find(|f| f.offer_id == offer_id))
    }

    /// Keep `offer_id` as a favourite with `note` (replacing an earlier note).
    pub fn save(
        &mut self,
        offer_id: &str,
        name: &str,
        note: &str,
        now: &str,
    ) -> Result<Favourite, FavouritesError> {
        if note.chars().count() > MAX_NOTE_CHARS {
            return Err(FavouritesError::NoteTooLong);
        }
        self.conn
            .execute(
                "INSERT INTO favourites (offer_id, name, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)
                 ON CONFLICT (offer_id) DO UPDATE SET name = excluded.name, note = excluded.note,
                     updated_at = excluded.updated_at",
                params![offer_id, name, note, now],
            )
            .map_err(self.err())?;
        self.conn
            .query_row(
                "SELECT offer_id, name, note, created_at, updated_at FROM favourites WHERE offer_id = ?1",
                [offer_id],
                |r| Ok(Favourite { offer_id: r.get(0)?, name: r.get(1)?, note: r.get(2)?, created_at: r.get(3)?, updated_at: r.get(4)? }),
            )
            .optional()
            .map_err(self.err())?
            .ok_or_else(|| FavouritesError::File { path: self.path.clone(), reason: "the saved favourite is gone".into() })
    }

    /// Forget a favourite and its note. Returns whether there was one.
    pub fn remove(&mut self, offer_id: &str) -> Result<bool, FavouritesError> {
        let n = self
            .conn
            .execute("DELETE FROM favourites WHERE offer_id = ?1", [offer_id])
            .map_err(self.err())?;
        Ok(n > 0)
    }

    /// Merge favourites from an export, in one transaction: a favourite not
    /// here is added; one here is replaced only by a newer one. Returns how
    /// many were added or updated.
    pub fn merge(&mut self, incoming: &[Favourite]) -> Result<usize, FavouritesError> {
        let path = self.path.clone();
        let err = |source| FavouritesError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(err)?;
        let mut changed = 0;
        for f in incoming {
            changed += tx
                .execute(
                    "INSERT INTO favourites (offer_id, name, note, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (offer_id) DO UPDATE SET name = excluded.name, note = excluded.note,
                         updated_at = excluded.updated_at
                     WHERE excluded.updated_at > favourites.updated_at",
                    params![f.offer_id, f.name, f.note, f.created_at, f.updated_at],
                )
                .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(changed)
    }
}

impl From<FavouritesError> for lotse_contract::ApiError {
    fn from(err: FavouritesError) -> Self {
        let code = match err {
            FavouritesError::NoteTooLong
            | FavouritesError::File { .. }
            | FavouritesError::FileIo { .. }
            | FavouritesError::Encode { .. }
            | FavouritesError::Decode { .. } => lotse_contract::ErrorCode::InvalidInput,
            _ => lotse_contract::ErrorCode::Storage,
        };
        lotse_contract::ApiError::new(code, err.to_string())
    }
}

impl crate::Directory {
    /// The favourites as the app lists them: with the offers' current names,
    /// and marked when an offer has left the directory.
    pub fn favourites_view(
        &self,
        store: &FavouritesStore,
    ) -> Result<Vec<lotse_contract::FavouriteDto>, crate::CoreError> {
        let list = store
            .list()
            .map_err(|e| crate::CoreError::Favourites(Box::new(e)))?;
        list.into_iter()
            .map(|f| {
                let now = self.offer(&f.offer_id)?;
                Ok(lotse_contract::FavouriteDto {
                    in_directory: now.is_some(),
                    name: now.map_or(f.name, |o| o.name),
                    offer_id: f.offer_id,
                    note: f.note,
                    updated_at: f.updated_at,
                })
            })
            .collect()
    }
}
