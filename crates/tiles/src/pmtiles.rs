//! A small synchronous reader of PMTiles v3 archives (header, root and leaf
//! directories, tile data), over bytes in memory or a file read in place.
//! This module owns the header and tile addressing (Hilbert ids, bounds);
//! directories are decoded in `directory.rs`, an open archive is `archive.rs`.
//!
//! Spec: <https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md>.

use crate::TileError;

pub use crate::archive::Archive;
pub use crate::directory::{decompress, parse_directory, Entry};
pub use crate::read_at::{FileAt, ReadAt};

pub const HEADER_LEN: usize = 127;
const MAGIC: &[u8; 7] = b"PMTiles";
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
