//! A small synchronous reader of PMTiles v3 archives (header, root and leaf
//! directories, tile data), over bytes in memory or a file read in place.
//!
//! Spec: <https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex};

use crate::TileError;

pub const HEADER_LEN: usize = 127;
const MAGIC: &[u8; 7] = b"PMTiles";
/// Leaf directories kept in memory per archive.
const LEAF_CACHE: usize = 64;
/// Directories nest at most this deep (root + 3 levels of leaves).
const MAX_DEPTH: usize = 4;
pub const MAX_ZOOM: u8 = 26;

/// How tiles or directories are compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    Unknown,
    None,
    Gzip,
    Brotli,
    Zstd,
}

impl Compression {
    fn from_byte(b: u8) -> Self {
        match b {
            1 => Self::None,
            2 => Self::Gzip,
            3 => Self::Brotli,
            4 => Self::Zstd,
            _ => Self::Unknown,
        }
    }
}

/// What the tiles are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileType {
    Unknown,
    Mvt,
    Png,
    Jpeg,
    Webp,
    Avif,
}

impl TileType {
    fn from_byte(b: u8) -> Self {
        match b {
            1 => Self::Mvt,
            2 => Self::Png,
            3 => Self::Jpeg,
            4 => Self::Webp,
            5 => Self::Avif,
            _ => Self::Unknown,
        }
    }

    /// The HTTP content type of one (uncompressed) tile.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Mvt => "application/vnd.mapbox-vector-tile",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Webp => "image/webp",
            Self::Avif => "image/avif",
            Self::Unknown => "application/octet-stream",
        }
    }
}

/// The parts of the 127-byte header that a reader needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    pub root_offset: u64,
    pub root_length: u64,
    pub metadata_offset: u64,
    pub metadata_length: u64,
    pub leaf_offset: u64,
    pub leaf_length: u64,
    pub data_offset: u64,
    pub data_length: u64,
    pub addressed_tiles: u64,
    pub internal_compression: Compression,
    pub tile_compression: Compression,
    pub tile_type: TileType,
    pub min_zoom: u8,
    pub max_zoom: u8,
    /// West, south, east, north in degrees.
    pub bounds: [f64; 4],
    pub center_zoom: u8,
    /// Longitude, latitude.
    pub center: [f64; 2],
}

impl Header {
    pub fn parse(b: &[u8]) -> Result<Self, TileError> {
        if b.len() < HEADER_LEN || &b[..7] != MAGIC {
            return Err(TileError::NotPmtiles);
        }
        if b[7] != 3 {
            return Err(TileError::Unsupported(format!(
                "PMTiles version {} (only version 3 is read)",
                b[7]
            )));
        }
        let u = |at: usize| {
            let mut v = [0u8; 8];
            v.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(v)
        };
        let deg = |at: usize| {
            let mut v = [0u8; 4];
            v.copy_from_slice(&b[at..at + 4]);
            f64::from(i32::from_le_bytes(v)) / 10_000_000.0
        };
        Ok(Self {
            root_offset: u(8),
            root_length: u(16),
            metadata_offset: u(24),
            metadata_length: u(32),
            leaf_offset: u(40),
            leaf_length: u(48),
            data_offset: u(56),
            data_length: u(64),
            addressed_tiles: u(72),
            internal_compression: Compression::from_byte(b[97]),
            tile_compression: Compression::from_byte(b[98]),
            tile_type: TileType::from_byte(b[99]),
            min_zoom: b[100],
            max_zoom: b[101],
            bounds: [deg(102), deg(106), deg(110), deg(114)],
            center_zoom: b[118],
            center: [deg(119), deg(123)],
        })
    }
}

pub use crate::read_at::{FileAt, ReadAt};

/// One directory entry: a run of tiles, or (run length 0) a leaf directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u32,
    pub run_length: u32,
}

/// The entry that holds `tile_id`: the last one starting at or before it.
fn find(entries: &[Entry], tile_id: u64) -> Option<&Entry> {
    let idx = entries.partition_point(|e| e.tile_id <= tile_id);
    let e = entries.get(idx.checked_sub(1)?)?;
    (e.run_length == 0 || tile_id - e.tile_id < u64::from(e.run_length)).then_some(e)
}

fn read_varint(bytes: &[u8], pos: &mut usize) -> Result<u64, TileError> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes
            .get(*pos)
            .ok_or_else(|| TileError::Corrupt("a directory ends early".into()))?;
        *pos += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err(TileError::Corrupt("a varint is too long".into()))
}

/// Decode a (decompressed) directory.
pub fn parse_directory(bytes: &[u8]) -> Result<Vec<Entry>, TileError> {
    let mut pos = 0;
    let n = usize::try_from(read_varint(bytes, &mut pos)?)
        .map_err(|_| TileError::Corrupt("directory size".into()))?;
    if n > bytes.len() {
        return Err(TileError::Corrupt(format!(
            "a directory of {} bytes claims {n} entries",
            bytes.len()
        )));
    }
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0,
        };
        n
    ];
    let mut last = 0u64;
    for e in &mut entries {
        last = last
            .checked_add(read_varint(bytes, &mut pos)?)
            .ok_or_else(|| TileError::Corrupt("tile id overflow".into()))?;
        e.tile_id = last;
    }
    let small = |v: u64| u32::try_from(v).map_err(|_| TileError::Corrupt("entry field".into()));
    for e in &mut entries {
        e.run_length = small(read_varint(bytes, &mut pos)?)?;
    }
    for e in &mut entries {
        e.length = small(read_varint(bytes, &mut pos)?)?;
    }
    for i in 0..n {
        let v = read_varint(bytes, &mut pos)?;
        entries[i].offset = if v == 0 && i > 0 {
            entries[i - 1].offset + u64::from(entries[i - 1].length)
        } else {
            v.checked_sub(1)
                .ok_or_else(|| TileError::Corrupt("first offset is 0".into()))?
        };
    }
    Ok(entries)
}

/// Undo `compression`; tiles and directories are small, so in memory.
pub fn decompress(bytes: &[u8], compression: Compression) -> Result<Vec<u8>, TileError> {
    match compression {
        Compression::None => Ok(bytes.to_vec()),
        Compression::Gzip => {
            let mut out = Vec::with_capacity(bytes.len() * 4);
            flate2::read::GzDecoder::new(bytes)
                .read_to_end(&mut out)
                .map_err(TileError::Gzip)?;
            Ok(out)
        }
        other => Err(TileError::Unsupported(format!(
            "{other:?} compression (Lotse reads gzip or uncompressed archives)"
        ))),
    }
}

/// The Hilbert-curve tile id of z/x/y, as PMTiles numbers tiles.
pub fn tile_id(z: u8, x: u32, y: u32) -> u64 {
    if z == 0 {
        return 0;
    }
    let base = ((1u64 << (2 * u32::from(z))) - 1) / 3;
    let n = 1u64 << z;
    let (mut x, mut y) = (u64::from(x), u64::from(y));
    let mut d = 0u64;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(x & s > 0);
        let ry = u64::from(y & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
        s /= 2;
    }
    base + d
}

/// Whether z/x/y is a real tile address.
pub fn valid_tile(z: u8, x: u32, y: u32) -> bool {
    z <= MAX_ZOOM && u64::from(x) < (1u64 << z) && u64::from(y) < (1u64 << z)
}

/// Leaf directories by (offset, length).
type LeafCache = Mutex<HashMap<(u64, u32), Arc<Vec<Entry>>>>;

/// An open archive: its header and root directory, and a small cache of
/// leaf directories.
pub struct Archive<R: ReadAt> {
    source: R,
    header: Header,
    root: Vec<Entry>,
    leaves: LeafCache,
}

impl<R: ReadAt> Archive<R> {
    pub fn open(source: R) -> Result<Self, TileError> {
        let head = source
            .read_at(0, HEADER_LEN.min(source.len() as usize))
            .map_err(TileError::Io)?;
        let header = Header::parse(&head)?;
        drop(head);
        match header.internal_compression {
            Compression::None | Compression::Gzip => {}
            other => {
                return Err(TileError::Unsupported(format!(
                    "{other:?} directory compression"
                )))
            }
        }
        if header
            .data_offset
            .checked_add(header.data_length)
            .is_none_or(|end| end > source.len())
        {
            return Err(TileError::Corrupt(
                "the tile data runs past the end of the file (incomplete download?)".into(),
            ));
        }
        let root = Self::directory(&source, &header, header.root_offset, header.root_length)?;
        Ok(Self {
            source,
            header,
            root,
            leaves: Mutex::new(HashMap::new()),
        })
    }

    fn directory(
        source: &R,
        header: &Header,
        offset: u64,
        length: u64,
    ) -> Result<Vec<Entry>, TileError> {
        let len = usize::try_from(length).map_err(|_| TileError::Corrupt("directory".into()))?;
        let raw = source.read_at(offset, len).map_err(TileError::Io)?;
        parse_directory(&decompress(&raw, header.internal_compression)?)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    pub fn source(&self) -> &R {
        &self.source
    }

    /// The archive's JSON metadata (decompressed).
    pub fn metadata(&self) -> Result<String, TileError> {
        let len = usize::try_from(self.header.metadata_length)
            .map_err(|_| TileError::Corrupt("metadata".into()))?;
        let raw = self
            .source
            .read_at(self.header.metadata_offset, len)
            .map_err(TileError::Io)?;
        let bytes = decompress(&raw, self.header.internal_compression)?;
        String::from_utf8(bytes).map_err(|_| TileError::Corrupt("metadata is not UTF-8".into()))
    }

    fn leaf(&self, entry: &Entry) -> Result<Arc<Vec<Entry>>, TileError> {
        let key = (entry.offset, entry.length);
        if let Some(hit) = self.leaves.lock().ok().and_then(|c| c.get(&key).cloned()) {
            return Ok(hit);
        }
        let dir = Arc::new(Self::directory(
            &self.source,
            &self.header,
            self.header.leaf_offset + entry.offset,
            u64::from(entry.length),
        )?);
        if let Ok(mut cache) = self.leaves.lock() {
            if cache.len() >= LEAF_CACHE {
                cache.clear();
            }
            cache.insert(key, Arc::clone(&dir));
        }
        Ok(dir)
    }

    /// The stored (still compressed) bytes of z/x/y, if the archive has it.
    pub fn raw_tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Cow<'_, [u8]>>, TileError> {
        if !valid_tile(z, x, y) || z < self.header.min_zoom || z > self.header.max_zoom {
            return Ok(None);
        }
        let id = tile_id(z, x, y);
        let mut leaf: Option<Arc<Vec<Entry>>> = None;
        for _ in 0..MAX_DEPTH {
            let entries: &[Entry] = leaf.as_deref().map_or(&self.root, Vec::as_slice);
            let Some(entry) = find(entries, id).copied() else {
                return Ok(None);
            };
            if entry.run_length > 0 {
                let len = usize::try_from(entry.length)
                    .map_err(|_| TileError::Corrupt("tile length".into()))?;
                let bytes = self
                    .source
                    .read_at(self.header.data_offset + entry.offset, len)
                    .map_err(TileError::Io)?;
                return Ok(Some(bytes));
            }
            leaf = Some(self.leaf(&entry)?);
        }
        Err(TileError::Corrupt("directories nest too deep".into()))
    }

    /// The tile's bytes as the client wants them: decompressed.
    pub fn tile(&self, z: u8, x: u32, y: u32) -> Result<Option<Vec<u8>>, TileError> {
        match self.raw_tile(z, x, y)? {
            None => Ok(None),
            Some(raw) => decompress(&raw, self.header.tile_compression).map(Some),
        }
    }

    /// Whether the archive's bounds and zooms could hold z/x/y.
    pub fn covers(&self, z: u8, x: u32, y: u32) -> bool {
        if z < self.header.min_zoom || z > self.header.max_zoom {
            return false;
        }
        let [w, s, e, n] = tile_bounds(z, x, y);
        let [bw, bs, be, bn] = self.header.bounds;
        w < be && e > bw && s < bn && n > bs
    }
}

/// West, south, east, north of a tile in degrees.
pub fn tile_bounds(z: u8, x: u32, y: u32) -> [f64; 4] {
    let n = f64::from(1u32 << z.min(31));
    let lon = |x: f64| x / n * 360.0 - 180.0;
    let lat = |y: f64| {
        let m = std::f64::consts::PI * (1.0 - 2.0 * y / n);
        m.sinh().atan().to_degrees()
    };
    [
        lon(f64::from(x)),
        lat(f64::from(y) + 1.0),
        lon(f64::from(x) + 1.0),
        lat(f64::from(y)),
    ]
}
