//! Sharing an offer as a file: the text, the contact as a `.vcf` (vCard 3.0)
//! or the contact's QR code as a `.png`, to hand to a messenger, to save, or
//! (on phones) to the system's share sheet.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use lotse_contract::{ApiError, ErrorCode, QrDto, ShareKind};

use crate::directory::taxonomy::Lang;
use crate::{CoreError, Directory};

/// One file to share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareFile {
    /// A file name made from the offer's name, safe on every file system.
    pub file_name: String,
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("no offer `{0}` in the directory")]
    NotFound(String),
    #[error("the offer's contact is too long for a QR code")]
    NoQrCode,
    #[error("cannot draw the QR code: {0}")]
    Png(#[from] png::EncodingError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl From<ShareError> for ApiError {
    fn from(err: ShareError) -> Self {
        let code = match err {
            ShareError::Core(core) => return core.into(),
            ShareError::NotFound(_) => ErrorCode::NotFound,
            ShareError::NoQrCode | ShareError::Png(_) => ErrorCode::Internal,
            ShareError::Write { .. } => ErrorCode::Storage,
        };
        ApiError::new(code, err.to_string())
    }
}

/// Pixels per QR module, and the quiet zone around the code in modules.
const QR_SCALE: u32 = 8;
const QR_QUIET: u32 = 4;

impl Directory {
    /// The offer `id` as a file of `kind`, in `lang` where the directory has it.
    pub fn share_file(
        &self,
        id: &str,
        kind: ShareKind,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<ShareFile, ShareError> {
        let card = self
            .offer_detail(id, lang, None, now)?
            .ok_or_else(|| ShareError::NotFound(id.to_owned()))?;
        let stem = file_stem(&card.name);
        Ok(match kind {
            ShareKind::Text => ShareFile {
                file_name: format!("{stem}.txt"),
                mime: "text/plain",
                bytes: card.share_text.into_bytes(),
            },
            ShareKind::Vcard => ShareFile {
                file_name: format!("{stem}.vcf"),
                mime: "text/vcard",
                bytes: card.vcard.into_bytes(),
            },
            ShareKind::QrPng => ShareFile {
                file_name: format!("{stem}.png"),
                mime: "image/png",
                bytes: qr_png(&card.qr)?,
            },
        })
    }
}

impl ShareFile {
    /// Write the file to `path` atomically: a temporary file beside it, then
    /// a rename, so a cancelled or failed write leaves no half file.
    pub fn write_to(&self, path: &Path) -> Result<(), ShareError> {
        let fail = |source| ShareError::Write {
            path: path.to_owned(),
            source,
        };
        let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
        let mut tmp =
            tempfile::NamedTempFile::new_in(dir.unwrap_or(Path::new("."))).map_err(fail)?;
        tmp.write_all(&self.bytes).map_err(fail)?;
        tmp.as_file().sync_all().map_err(fail)?;
        tmp.persist(path).map_err(|e| fail(e.error))?;
        Ok(())
    }
}

/// A file name from an offer's name: letters, digits, spaces and `-_.()`
/// only, at most 60 characters, never empty or hidden.
pub fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_.()".contains(c) {
                c
            } else {
                ' '
            }
        })
        .collect();
    let stem: String = cleaned
        .split_whitespace()
        .filter(|word| !word.chars().all(|c| c == '.'))
        .collect::<Vec<_>>()
        .join(" ")
        .trim_matches('.')
        .chars()
        .take(60)
        .collect();
    if stem.trim().is_empty() {
        "lotse-offer".to_owned()
    } else {
        stem.trim().to_owned()
    }
}

/// The QR code as a black-on-white greyscale PNG with a quiet zone.
pub fn qr_png(qr: &QrDto) -> Result<Vec<u8>, ShareError> {
    if qr.size == 0 || qr.modules.len() != (qr.size * qr.size) as usize {
        return Err(ShareError::NoQrCode);
    }
    let side = (qr.size + 2 * QR_QUIET) * QR_SCALE;
    let mut pixels = vec![255u8; (side * side) as usize];
    for (i, _) in qr.modules.iter().enumerate().filter(|(_, dark)| **dark) {
        let (row, col) = (i as u32 / qr.size + QR_QUIET, i as u32 % qr.size + QR_QUIET);
        for y in row * QR_SCALE..(row + 1) * QR_SCALE {
            let start = (y * side + col * QR_SCALE) as usize;
            pixels[start..start + QR_SCALE as usize].fill(0);
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&pixels)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::card::qr;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(file_stem("Demo-Kita Sonnenblume"), "Demo-Kita Sonnenblume");
        assert_eq!(file_stem("../../etc/passwd"), "etc passwd");
        assert_eq!(
            file_stem("a/b\\c:d*e?f\"g<h>i|j\nk"),
            "a b c d e f g h i j k"
        );
        assert_eq!(file_stem("مركز الدعم"), "مركز الدعم");
        assert_eq!(file_stem("..."), "lotse-offer");
        assert_eq!(file_stem("<>"), "lotse-offer");
        assert_eq!(file_stem(&"x".repeat(200)).len(), 60);
    }

    #[test]
    fn the_png_shows_each_module_as_a_square() {
        let code = qr("BEGIN:VCARD\r\nFN:Test\r\nEND:VCARD");
        let png_bytes = qr_png(&code).expect("png");
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let mut reader = decoder.read_info().expect("header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let info = reader.next_frame(&mut buf).expect("frame");
        let side = (code.size + 2 * QR_QUIET) * QR_SCALE;
        assert_eq!((info.width, info.height), (side, side));
        let pixel = |x: u32, y: u32| buf[(y * side + x) as usize];
        // The quiet zone is white; each module's centre has its colour.
        assert_eq!(pixel(1, 1), 255);
        for (i, dark) in code.modules.iter().enumerate() {
            let (row, col) = (i as u32 / code.size, i as u32 % code.size);
            let centre = |m: u32| (m + QR_QUIET) * QR_SCALE + QR_SCALE / 2;
            assert_eq!(pixel(centre(col), centre(row)) == 0, *dark, "module {i}");
        }
    }

    #[test]
    fn an_empty_code_is_an_error_not_a_blank_picture() {
        let empty = QrDto {
            size: 0,
            modules: Vec::new(),
        };
        assert!(matches!(qr_png(&empty), Err(ShareError::NoQrCode)));
    }
}
