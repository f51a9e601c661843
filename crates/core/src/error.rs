use lotse_contract::{ApiError, ErrorCode};

/// Everything that can go wrong inside the core, typed.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),

    #[error("database migration failed: {0}")]
    Migration(rusqlite_migration::Error),

    #[error(
        "the database has schema version {db_version}, but this Lotse only knows up to \
         {binary_version}; it was written by a newer Lotse and is not downgraded"
    )]
    DatabaseTooNew {
        db_version: i64,
        binary_version: i64,
    },

    #[error("invalid coordinate: latitude {lat}, longitude {lon} (latitude must be within ±90, longitude within ±180)")]
    InvalidCoordinate { lat: f64, lon: f64 },

    #[error("invalid value for `{field}`: {reason}")]
    InvalidInput { field: &'static str, reason: String },

    #[error("invalid value for `{field}`: not valid opening hours: {source}")]
    InvalidHours {
        field: &'static str,
        source: crate::directory::hours::HoursError,
    },

    #[error("unknown category `{0}`")]
    UnknownCategory(String),

    #[error("no offer `{0}` in the directory")]
    UnknownOffer(String),

    #[error(transparent)]
    InvalidRecord(Box<crate::storage::validate::RecordError>),

    #[error("the embedded demo directory is malformed: {0}")]
    DemoData(#[from] serde_json::Error),

    /// The favourites could not be read (they live in their own file).
    #[error("invalid value for `favourites`: {0}")]
    Favourites(#[source] Box<crate::field::favourites::FavouritesError>),
}

impl From<crate::storage::validate::RecordError> for CoreError {
    fn from(err: crate::storage::validate::RecordError) -> Self {
        Self::InvalidRecord(Box::new(err))
    }
}

impl From<CoreError> for ApiError {
    fn from(err: CoreError) -> Self {
        let code = match &err {
            CoreError::Sqlite(_) | CoreError::Migration(_) => ErrorCode::Storage,
            CoreError::DatabaseTooNew { .. } => ErrorCode::DatabaseTooNew,
            CoreError::InvalidCoordinate { .. }
            | CoreError::InvalidInput { .. }
            | CoreError::InvalidHours { .. }
            | CoreError::InvalidRecord(_)
            | CoreError::Favourites(_) => ErrorCode::InvalidInput,
            CoreError::UnknownCategory(_) | CoreError::UnknownOffer(_) => ErrorCode::NotFound,
            CoreError::DemoData(_) => ErrorCode::Internal,
        };
        ApiError::new(code, err.to_string())
    }
}
