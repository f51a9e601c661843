//! An open PMTiles archive: its header and root directory, leaf
//! directories read on demand into a small cache, and tiles found through
//! them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::directory::{decompress, find, parse_directory, Entry};
use crate::pmtiles::{tile_bounds, tile_id, valid_tile, Compression, Header, HEADER_LEN};
use crate::read_at::ReadAt;
use crate::TileError;

/// Leaf directories kept in memory per archive.
const LEAF_CACHE: usize = 64;
/// Directories nest at most this deep (root + 3 levels of leaves).
const MAX_DEPTH: usize = 4;

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
        let offset = self
            .header
            .leaf_offset
            .checked_add(entry.offset)
            .ok_or_else(|| TileError::Corrupt("a leaf directory's offset overflows".into()))?;
        let dir = Arc::new(Self::directory(
            &self.source,
            &self.header,
            offset,
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
                let offset = self
                    .header
                    .data_offset
                    .checked_add(entry.offset)
                    .ok_or_else(|| TileError::Corrupt("a tile's offset overflows".into()))?;
                let bytes = self.source.read_at(offset, len).map_err(TileError::Io)?;
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
