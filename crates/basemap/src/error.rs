//! What can go wrong building the basemap; each error names the argument,
//! file, JSON value or tile at fault. They become text only in `main`.

use std::path::PathBuf;

use pmtiles::PmtError;

use crate::places::GeonamesError;
use crate::topo::TopoError;

#[derive(Debug, thiserror::Error)]
pub enum BasemapError {
    #[error("unknown argument `{0}`")]
    UnknownArgument(String),
    #[error("{flag} needs a value")]
    MissingValue { flag: String },
    /// A required argument, with its value's placeholder (`--npm DIR`).
    #[error("{flag} is required")]
    Required { flag: &'static str },
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {source}", path.display())]
    Topo { path: PathBuf, source: TopoError },
    #[error("{}: {source}", path.display())]
    Geonames {
        path: PathBuf,
        source: GeonamesError,
    },
    #[error("tile {z}/{x}/{y}: {source}")]
    Tile {
        z: u8,
        x: u32,
        y: u32,
        source: PmtError,
    },
    #[error("{}: {source}", path.display())]
    Write { path: PathBuf, source: PmtError },
}

impl BasemapError {
    /// `map_err` for I/O on `path`: the error names the file.
    pub fn io(path: &std::path::Path) -> impl Fn(std::io::Error) -> Self + Copy + '_ {
        move |source| Self::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// `map_err` for the TopoJSON or GeoJSON read from `path`.
    pub fn topo(path: &std::path::Path) -> impl Fn(TopoError) -> Self + Copy + '_ {
        move |source| Self::Topo {
            path: path.to_owned(),
            source,
        }
    }
}
