//! Offline map tiles for Lotse.
//!
//! - [`pmtiles`]: a synchronous PMTiles v3 reader over bytes in memory (the
//!   bundled basemap) or a file read in place (a detail pack).
//! - [`TileServer`]: answers `/{z}/{x}/{y}` (also `/basemap/…` and
//!   `/detail/…`) from the installed detail packs and the bundled basemap,
//!   with the status, content type and body a web view expects. The app's
//!   `tiles://` protocol handler is a thin adapter over [`TileServer::respond`].
//!
//! Nothing here knows about Tauri.

mod archive;
mod directory;
pub mod pmtiles;
mod read_at;

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use pmtiles::{Archive, FileAt, ReadAt, TileType};

/// The bundled basemap of Germany and its neighbours, zoom 0 to 10 (built
/// by `cargo xtask basemap`; sources in `data/BASEMAP-SOURCES.md`).
#[cfg(feature = "basemap")]
pub static BASEMAP: &[u8] = include_bytes!("../data/basemap.pmtiles");

/// What the map must show for the bundled basemap.
pub const BASEMAP_ATTRIBUTION: &str = "Natural Earth · Orte © GeoNames (CC BY 4.0)";
/// What the map must add while a detail pack (OpenStreetMap data) is in use.
pub const PACK_ATTRIBUTION: &str = "© OpenStreetMap-Mitwirkende (ODbL)";

#[derive(Debug, thiserror::Error)]
pub enum TileError {
    #[error("not a PMTiles archive")]
    NotPmtiles,
    #[error("unsupported archive: {0}")]
    Unsupported(String),
    #[error("damaged archive: {0}")]
    Corrupt(String),
    #[error("damaged archive: gzip: {0}")]
    Gzip(std::io::Error),
    #[error("reading the archive failed: {0}")]
    Io(std::io::Error),
}

/// Bytes embedded in the binary or loaded into memory.
pub enum MemBytes {
    Static(&'static [u8]),
    Owned(Vec<u8>),
}

impl MemBytes {
    fn as_slice(&self) -> &[u8] {
        match self {
            Self::Static(b) => b,
            Self::Owned(v) => v,
        }
    }
}

impl ReadAt for MemBytes {
    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>> {
        let bytes = self.as_slice();
        let start = usize::try_from(offset).unwrap_or(usize::MAX);
        match start.checked_add(len).and_then(|end| bytes.get(start..end)) {
            Some(b) => Ok(Cow::Borrowed(b)),
            None => Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "range past the end of the archive",
            )),
        }
    }
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
}

/// Which tiles a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    /// `/{z}/{x}/{y}`: an installed pack's tile where one has it, else the basemap's.
    Best,
    /// `/basemap/{z}/{x}/{y}`: only the bundled basemap.
    Basemap,
    /// `/detail/{z}/{x}/{y}`: only installed packs (nothing where none has the tile).
    Detail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TileRequest {
    pub layer: Layer,
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

/// Read `/{z}/{x}/{y}` (optionally `.mvt` or `.pbf`, a query is ignored),
/// `/basemap/{z}/{x}/{y}` or `/detail/{z}/{x}/{y}`.
pub fn parse_path(path: &str) -> Option<TileRequest> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let layer = match parts.first().copied() {
        Some("basemap") => Layer::Basemap,
        Some("detail") => Layer::Detail,
        _ => Layer::Best,
    };
    if layer != Layer::Best {
        parts.remove(0);
    }
    let [z, x, y] = parts.as_slice() else {
        return None;
    };
    let y = y
        .strip_suffix(".mvt")
        .or_else(|| y.strip_suffix(".pbf"))
        .unwrap_or(y);
    let digits = |s: &str| !s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(z) && digits(x) && digits(y)) {
        return None;
    }
    let (z, x, y) = (z.parse().ok()?, x.parse().ok()?, y.parse().ok()?);
    pmtiles::valid_tile(z, x, y).then_some(TileRequest { layer, z, x, y })
}

/// The answer to one tile request, ready for any HTTP-like response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileResponse {
    /// 200 with a tile, 204 when there is no tile there, 404 for a path that
    /// is no tile address, 500 (empty body) for a damaged archive.
    pub status: u16,
    pub content_type: &'static str,
    /// Uncompressed tile bytes (no `Content-Encoding`).
    pub body: Vec<u8>,
    /// `basemap` or the id of the pack that answered.
    pub source: Option<String>,
}

impl TileResponse {
    fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: "text/plain",
            body: Vec::new(),
            source: None,
        }
    }
}

/// An installed detail pack, open for reading.
struct Pack {
    id: String,
    archive: Archive<FileAt>,
}

/// What the installed packs offer, for the map view.
#[derive(Debug, Clone, PartialEq)]
pub struct PackCoverage {
    pub id: String,
    pub min_zoom: u8,
    pub max_zoom: u8,
    pub bounds: [f64; 4],
}

/// The bundled basemap and the installed detail packs.
pub struct TileServer {
    basemap: Option<Archive<MemBytes>>,
    packs: RwLock<Vec<Pack>>,
}

impl TileServer {
    /// A server over this basemap (PMTiles bytes) and no packs yet.
    pub fn new(basemap: Option<MemBytes>) -> Result<Self, TileError> {
        Ok(Self {
            basemap: basemap.map(Archive::open).transpose()?,
            packs: RwLock::new(Vec::new()),
        })
    }

    /// A server with no basemap and no packs (every tile is 204).
    pub fn empty() -> Self {
        Self {
            basemap: None,
            packs: RwLock::new(Vec::new()),
        }
    }

    /// A server over the embedded basemap.
    #[cfg(feature = "basemap")]
    pub fn with_bundled_basemap() -> Result<Self, TileError> {
        Self::new(Some(MemBytes::Static(BASEMAP)))
    }

    pub fn basemap(&self) -> Option<&Archive<MemBytes>> {
        self.basemap.as_ref()
    }

    /// Replace the installed packs by these files (id, path). Packs that
    /// cannot be opened are left out and returned with the reason.
    pub fn set_packs(&self, packs: &[(String, PathBuf)]) -> Vec<(String, TileError)> {
        let mut open = Vec::new();
        let mut failed = Vec::new();
        for (id, path) in packs {
            match open_pack(path) {
                Ok(archive) => open.push(Pack {
                    id: id.clone(),
                    archive,
                }),
                Err(e) => failed.push((id.clone(), e)),
            }
        }
        // The most detailed pack first; among equals the smallest area.
        open.sort_by(|a, b| {
            let (ha, hb) = (a.archive.header(), b.archive.header());
            hb.max_zoom
                .cmp(&ha.max_zoom)
                .then(area(ha.bounds).total_cmp(&area(hb.bounds)))
                .then(a.id.cmp(&b.id))
        });
        if let Ok(mut packs) = self.packs.write() {
            *packs = open;
        }
        failed
    }

    pub fn packs(&self) -> Vec<PackCoverage> {
        self.packs.read().map_or_else(
            |_| Vec::new(),
            |packs| {
                packs
                    .iter()
                    .map(|p| {
                        let h = p.archive.header();
                        PackCoverage {
                            id: p.id.clone(),
                            min_zoom: h.min_zoom,
                            max_zoom: h.max_zoom,
                            bounds: h.bounds,
                        }
                    })
                    .collect()
            },
        )
    }

    /// The decompressed tile and where it came from, or `None`.
    pub fn lookup(&self, req: TileRequest) -> Result<Option<(Vec<u8>, String)>, TileError> {
        let TileRequest { layer, z, x, y } = req;
        if layer != Layer::Basemap {
            if let Ok(packs) = self.packs.read() {
                for pack in packs.iter().filter(|p| p.archive.covers(z, x, y)) {
                    if let Some(tile) = pack.archive.tile(z, x, y)? {
                        return Ok(Some((tile, pack.id.clone())));
                    }
                }
            }
        }
        if layer == Layer::Detail {
            return Ok(None);
        }
        match &self.basemap {
            Some(base) => Ok(base.tile(z, x, y)?.map(|t| (t, "basemap".to_owned()))),
            None => Ok(None),
        }
    }

    /// The installed packs as JSON (`/packs.json`), so the map knows
    /// whether to ask for detail tiles and how deep.
    pub fn packs_json(&self) -> String {
        let items: Vec<String> = self
            .packs()
            .iter()
            .map(|p| {
                let [w, s, e, n] = p.bounds;
                format!(
                    r#"{{"id":"{}","min_zoom":{},"max_zoom":{},"bounds":[{w},{s},{e},{n}]}}"#,
                    p.id.replace(['"', '\\'], ""),
                    p.min_zoom,
                    p.max_zoom
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    }

    /// Answer a request path such as `/7/68/41` (or `/packs.json`).
    pub fn respond(&self, path: &str) -> TileResponse {
        if path.split('?').next() == Some("/packs.json") {
            return TileResponse {
                status: 200,
                content_type: "application/json",
                body: self.packs_json().into_bytes(),
                source: None,
            };
        }
        let Some(req) = parse_path(path) else {
            return TileResponse::empty(404);
        };
        match self.lookup(req) {
            Ok(Some((body, source))) => TileResponse {
                status: 200,
                content_type: TileType::Mvt.content_type(),
                body,
                source: Some(source),
            },
            Ok(None) => TileResponse::empty(204),
            Err(_) => TileResponse::empty(500),
        }
    }
}

fn area([w, s, e, n]: [f64; 4]) -> f64 {
    (e - w).max(0.0) * (n - s).max(0.0)
}

/// Open a pack file and check that it is a vector-tile archive Lotse can read.
pub fn open_pack(path: &Path) -> Result<Archive<FileAt>, TileError> {
    let archive = Archive::open(FileAt::open(path).map_err(TileError::Io)?)?;
    let h = archive.header();
    if h.tile_type != TileType::Mvt {
        return Err(TileError::Unsupported(format!(
            "{:?} tiles (a detail pack holds vector tiles)",
            h.tile_type
        )));
    }
    match h.tile_compression {
        pmtiles::Compression::Gzip | pmtiles::Compression::None => Ok(archive),
        other => Err(TileError::Unsupported(format!(
            "{other:?} tile compression (Lotse reads gzip or uncompressed tiles)"
        ))),
    }
}
