//! Decompression with a ceiling. A feed file is verified by its hash before
//! it is opened, so only a publisher can hand one over; still, a small file
//! that inflates without end (a "gzip bomb", or a publisher's mistake) must
//! fail with a clear error instead of filling a phone's memory.

use std::io::{self, Read};

use flate2::read::GzDecoder;

/// What a gzip file of `compressed` bytes may inflate to: feed JSON
/// compresses about 5 to 12 times; 32 times plus 16 MiB leaves room.
pub(crate) fn inflated_limit(compressed: usize) -> u64 {
    16 * 1024 * 1024 + 32 * compressed as u64
}

/// `bytes` gunzipped, failing with `InvalidData` past [`inflated_limit`].
pub(crate) fn gunzip(bytes: &[u8]) -> Bounded<GzDecoder<&[u8]>> {
    Bounded {
        inner: GzDecoder::new(bytes),
        left: inflated_limit(bytes.len()),
        limit: inflated_limit(bytes.len()),
    }
}

/// A reader that fails (rather than stops) after `limit` bytes, so that a
/// cut file is never mistaken for a whole one.
pub(crate) struct Bounded<R> {
    inner: R,
    left: u64,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("it decompresses to more than {} bytes", self.limit),
                )),
            };
        }
        let room = usize::try_from(self.left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..room])?;
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(bytes).expect("write");
        enc.finish().expect("finish")
    }

    #[test]
    fn a_file_that_inflates_past_the_limit_fails_and_a_normal_one_reads_whole() {
        let bomb = gz(&vec![b' '; 64 * 1024 * 1024]);
        assert!(bomb.len() < 256 * 1024, "{} bytes", bomb.len());
        let err = std::io::copy(&mut gunzip(&bomb), &mut std::io::sink()).expect_err("a bomb");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(
            err.to_string().contains("decompresses to more than"),
            "{err}"
        );
        let text = b"{\"a\":1}\n".repeat(10_000);
        let mut out = Vec::new();
        gunzip(&gz(&text)).read_to_end(&mut out).expect("normal");
        assert_eq!(out, text);
    }
}
