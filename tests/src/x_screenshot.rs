//! A picture of the whole X display, read with `xwd -root` (x11-utils) and
//! written as PNG: for a page on which WebKitWebDriver's own screenshot
//! hangs (and the WebDriver session with it). XWD is read here because no
//! crate on the registry reads it; only the one layout Xvfb writes (ZPixmap,
//! 32 bits a pixel, true colour) is accepted, anything else is an error.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::session::{workspace_root, AppSession, HarnessError};

fn bad(why: impl Into<String>) -> HarnessError {
    HarnessError::Assertion(format!("xwd: {}", why.into()))
}

/// XWD header fields, big-endian 32-bit words.
fn word(data: &[u8], index: usize) -> Result<u32, HarnessError> {
    let at = index * 4;
    let bytes = data.get(at..at + 4).ok_or_else(|| bad("short header"))?;
    Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

/// 8-bit channel value of `pixel` under `mask`.
fn channel(pixel: u32, mask: u32) -> u8 {
    if mask == 0 {
        return 0;
    }
    let value = (pixel & mask) >> mask.trailing_zeros();
    let bits = (mask >> mask.trailing_zeros()).count_ones();
    (value << 8u32.saturating_sub(bits)) as u8
}

/// Decode an XWD dump into (width, height, RGB bytes).
fn decode(data: &[u8]) -> Result<(u32, u32, Vec<u8>), HarnessError> {
    let header_size = word(data, 0)? as usize;
    let (format, width, height) = (word(data, 2)?, word(data, 4)?, word(data, 5)?);
    let (little_endian, bits_per_pixel, line) =
        (word(data, 7)? == 0, word(data, 11)?, word(data, 12)?);
    let masks = [word(data, 14)?, word(data, 15)?, word(data, 16)?];
    let colours = word(data, 19)? as usize;
    if format != 2 || bits_per_pixel != 32 {
        return Err(bad(format!(
            "format {format}, {bits_per_pixel} bits a pixel"
        )));
    }
    let start = header_size + colours * 12;
    let mut rgb = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height as usize {
        let row = start + y * line as usize;
        for x in 0..width as usize {
            let at = row + x * 4;
            let b = data
                .get(at..at + 4)
                .ok_or_else(|| bad("short pixel data"))?;
            let b = [b[0], b[1], b[2], b[3]];
            let pixel = if little_endian {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            };
            rgb.extend(masks.iter().map(|m| channel(pixel, *m)));
        }
    }
    Ok((width, height, rgb))
}

fn write_png(path: &Path, width: u32, height: u32, rgb: &[u8]) -> Result<(), HarnessError> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| bad(e.to_string()))?;
    writer.write_image_data(rgb).map_err(|e| bad(e.to_string()))
}

impl AppSession {
    /// A PNG of this session's whole display under `target/screenshots/`.
    pub fn x_screenshot(&self, file_stem: &str) -> Result<PathBuf, HarnessError> {
        let out = Command::new("xwd")
            .args(["-root", "-silent", "-display", &self.display])
            .output()
            .map_err(|e| bad(format!("cannot run xwd (package x11-apps): {e}")))?;
        if !out.status.success() {
            return Err(bad(String::from_utf8_lossy(&out.stderr).into_owned()));
        }
        let (width, height, rgb) = decode(&out.stdout)?;
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{file_stem}.png"));
        write_png(&path, width, height, &rgb)?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channels_come_out_of_their_masks() {
        let pixel = 0x00_12_34_56;
        assert_eq!(channel(pixel, 0x00ff_0000), 0x12);
        assert_eq!(channel(pixel, 0x0000_ff00), 0x34);
        assert_eq!(channel(pixel, 0x0000_00ff), 0x56);
        // 5-6-5 widens to 8 bits.
        assert_eq!(channel(0xf800, 0xf800), 0xf8);
    }

    #[test]
    fn a_two_by_one_dump_decodes_to_its_colours() {
        let mut dump = Vec::new();
        let header: [u32; 25] = [
            100, 7, 2, 24, 2, 1, 0, 0, 32, 0, 32, 32, 8, 4, 0xff0000, 0xff00, 0xff, 8, 256, 0, 2,
            1, 0, 0, 0,
        ];
        for w in header {
            dump.extend(w.to_be_bytes());
        }
        dump.extend(0x00ff_0000u32.to_le_bytes());
        dump.extend(0x0000_00ffu32.to_le_bytes());
        let (w, h, rgb) = decode(&dump).expect("decode");
        assert_eq!((w, h), (2, 1));
        assert_eq!(rgb, [255, 0, 0, 0, 0, 255]);
    }
}
