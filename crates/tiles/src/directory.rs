//! PMTiles directories: entries decoded from their varint columns, the
//! entry that holds a tile, and decompression of directories and tiles.

use std::io::Read;

use crate::pmtiles::Compression;
use crate::TileError;

/// One directory entry: a run of tiles, or (run length 0) a leaf directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub tile_id: u64,
    pub offset: u64,
    pub length: u32,
    pub run_length: u32,
}

/// The entry that holds `tile_id`: the last one starting at or before it.
pub(crate) fn find(entries: &[Entry], tile_id: u64) -> Option<&Entry> {
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
            entries[i - 1]
                .offset
                .checked_add(u64::from(entries[i - 1].length))
                .ok_or_else(|| TileError::Corrupt("an entry's offset overflows".into()))?
        } else {
            v.checked_sub(1)
                .ok_or_else(|| TileError::Corrupt("first offset is 0".into()))?
        };
    }
    Ok(entries)
}

/// The most a tile, a directory or the metadata may decompress to. Vector
/// tiles and leaf directories stay well below 8 MiB; a crafted archive that
/// inflates further is refused instead of filling memory.
pub const MAX_DECOMPRESSED: u64 = 32 * 1024 * 1024;

/// Undo `compression`; tiles and directories are small, so in memory.
pub fn decompress(bytes: &[u8], compression: Compression) -> Result<Vec<u8>, TileError> {
    match compression {
        Compression::None => Ok(bytes.to_vec()),
        Compression::Gzip => {
            let mut out = Vec::with_capacity(bytes.len() * 4);
            flate2::read::GzDecoder::new(bytes)
                .take(MAX_DECOMPRESSED + 1)
                .read_to_end(&mut out)
                .map_err(TileError::Gzip)?;
            if out.len() as u64 > MAX_DECOMPRESSED {
                return Err(TileError::Corrupt(format!(
                    "a gzip part decompresses to more than {MAX_DECOMPRESSED} bytes"
                )));
            }
            Ok(out)
        }
        other => Err(TileError::Unsupported(format!(
            "{other:?} compression (Lotse reads gzip or uncompressed archives)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn varint(mut v: u64, out: &mut Vec<u8>) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    #[test]
    fn an_offset_that_overflows_is_corrupt_not_a_panic() {
        let mut dir = Vec::new();
        // Two entries: ids 1 and 2, one tile each, 10 bytes each; the first
        // at u64::MAX - 5, the second "right after it" (offset 0 = follows).
        for v in [2, 1, 1, 1, 1, 10, 10, u64::MAX - 4, 0] {
            varint(v, &mut dir);
        }
        let err = parse_directory(&dir).expect_err("overflow");
        assert!(err.to_string().contains("overflows"), "{err}");
    }

    #[test]
    fn a_part_that_inflates_past_the_ceiling_is_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![0u8; MAX_DECOMPRESSED as usize + 1])
            .expect("write");
        let bomb = gz.finish().expect("finish");
        let err = decompress(&bomb, Compression::Gzip).expect_err("a bomb");
        assert!(err.to_string().contains("more than"), "{err}");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(b"tile").expect("write");
        let tile = gz.finish().expect("finish");
        assert_eq!(
            decompress(&tile, Compression::Gzip).expect("small"),
            b"tile"
        );
    }
}
