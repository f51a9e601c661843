//! Sharing an offer as files: the text, the contact as a vCard 3.0 (`N:`,
//! lines folded at 75 octets) and the QR code as a PNG picture that a phone's
//! camera (here: a QR decoder) reads back as the same contact. On a desktop
//! the native save dialog is the share target.

use std::path::Path;

use lotse_e2e::{check, AppSession, FileDialog, HarnessError, LaunchOptions};

async fn share_to(s: &AppSession, button: &str, file: &Path) -> Result<Vec<u8>, HarnessError> {
    s.wait_for(&format!("[data-testid={button}]"))
        .await?
        .click()
        .await?;
    s.answer_dialog(FileDialog::Save, file).await?;
    let status = s.wait_for("[data-testid=share-status]").await?;
    for _ in 0..50 {
        if status.text().await?.contains(&file.display().to_string()) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let said = status.text().await?;
    check(
        said.contains(&file.display().to_string()),
        format!("after {button} the card says {said:?}"),
    )?;
    Ok(std::fs::read(file)?)
}

/// The text a QR decoder reads from a greyscale PNG.
fn decode_qr(png_bytes: &[u8]) -> Result<String, HarnessError> {
    let fail = |e: String| HarnessError::Assertion(format!("the QR picture: {e}"));
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().map_err(|e| fail(e.to_string()))?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let info = reader
        .next_frame(&mut pixels)
        .map_err(|e| fail(e.to_string()))?;
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    let grid = grids
        .first()
        .ok_or_else(|| fail("no QR code found".into()))?;
    let (_meta, text) = grid.decode().map_err(|e| fail(e.to_string()))?;
    Ok(text)
}

#[tokio::test]
async fn an_offer_is_shared_as_text_vcard_and_qr_picture() -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("share-files")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
        .await?
        .click()
        .await?;
    let name = s.wait_for("[data-testid=card-name]").await?.text().await?;
    let shown_text = s
        .wait_for("[data-testid=share-text]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    let out = tempfile::tempdir()?;

    let vcf = share_to(&s, "share-file-vcard", &out.path().join("contact.vcf")).await?;
    let vcf = String::from_utf8(vcf).map_err(|e| HarnessError::Assertion(e.to_string()))?;
    check(
        vcf.starts_with("BEGIN:VCARD\r\nVERSION:3.0\r\n") && vcf.ends_with("END:VCARD"),
        format!("not a vCard 3.0: {vcf:?}"),
    )?;
    for line in vcf.split("\r\n") {
        check(
            line.len() <= 75,
            format!("a {}-octet line: {line:?}", line.len()),
        )?;
    }
    let unfolded = vcf.replace("\r\n ", "");
    check(
        unfolded.contains(&format!("\r\nN:{name};;;;\r\n"))
            && unfolded.contains(&format!("\r\nFN:{name}\r\n")),
        format!("no N:/FN: {name:?} in {unfolded:?}"),
    )?;

    let png = share_to(&s, "share-file-qr", &out.path().join("qr.png")).await?;
    check(
        png.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the QR file is not a PNG",
    )?;
    let read_back = decode_qr(&png)?;
    check(
        read_back == vcf,
        format!("the QR code reads {read_back:?}, the .vcf is {vcf:?}"),
    )?;

    let text = share_to(&s, "share-file-text", &out.path().join("offer.txt")).await?;
    check(
        String::from_utf8_lossy(&text) == shown_text && shown_text.contains(&name),
        format!("the text file differs from the card's share text {shown_text:?}"),
    )?;
    s.screenshot("e2e-share-options").await?;
    s.finish().await
}
