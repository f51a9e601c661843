//! Reading byte ranges of an archive in place: from bytes in memory or from
//! a file with positional reads.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Random access to the archive's bytes.
pub trait ReadAt: Send + Sync {
    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>>;
    fn len(&self) -> u64;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn out_of_range() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "range past the end of the archive",
    )
}

fn slice_at(bytes: &[u8], offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>> {
    let start = usize::try_from(offset).map_err(|_| out_of_range())?;
    let end = start.checked_add(len).ok_or_else(out_of_range)?;
    bytes
        .get(start..end)
        .map(Cow::Borrowed)
        .ok_or_else(out_of_range)
}

impl ReadAt for &'static [u8] {
    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>> {
        slice_at(self, offset, len)
    }
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
}

impl ReadAt for Vec<u8> {
    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>> {
        slice_at(self, offset, len)
    }
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
}

/// A file read in place with positional reads (no shared cursor, so many
/// requests may read at once).
pub struct FileAt {
    file: std::fs::File,
    len: u64,
    path: PathBuf,
}

impl FileAt {
    pub fn open(path: &Path) -> std::io::Result<Self> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        Ok(Self {
            file,
            len,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl ReadAt for FileAt {
    fn read_at(&self, offset: u64, len: usize) -> std::io::Result<Cow<'_, [u8]>> {
        if offset.saturating_add(len as u64) > self.len {
            return Err(out_of_range());
        }
        let mut buf = vec![0u8; len];
        read_exact_at(&self.file, &mut buf, offset)?;
        Ok(Cow::Owned(buf))
    }
    fn len(&self) -> u64 {
        self.len
    }
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut offset: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match std::os::windows::fs::FileExt::seek_read(file, buf, offset) {
            Ok(0) => return Err(out_of_range()),
            Ok(n) => {
                buf = &mut buf[n..];
                offset += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
