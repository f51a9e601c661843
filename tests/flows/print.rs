//! Print and "save as PDF": an offer card and the nearby list saved as a PDF
//! through the app (WebKitGTK's own print engine, laid out by the print
//! style) and read back with poppler: A4, the name, address, phone and
//! opening hours, no navigation or controls, and a QR code per offer (on
//! the card and beside each listed offer) that a phone's camera (here: a QR
//! decoder) reads as the offer's contact.

use std::path::Path;
use std::process::Command;

use lotse_e2e::{check, workspace_root, AppSession, FileDialog, HarnessError, LaunchOptions};

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

/// `program args…` must succeed; its standard output.
fn run(program: &str, args: &[&str]) -> Result<String, HarnessError> {
    let out = Command::new(program).args(args).output().map_err(|e| {
        fail(format!(
            "cannot run {program} (poppler-utils; `cargo xtask setup` installs it): {e}"
        ))
    })?;
    check(
        out.status.success(),
        format!(
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
    )?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Save the page as a PDF through the app, then its text (layout kept).
async fn save_pdf(s: &AppSession, pdf: &Path) -> Result<String, HarnessError> {
    s.wait_for("[data-testid=save-pdf]").await?.click().await?;
    s.answer_dialog(FileDialog::Save, pdf).await?;
    s.wait_for("[data-testid=pdf-status]").await?;
    for _ in 0..100 {
        if pdf.is_file() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let info = run("pdfinfo", &[&pdf.display().to_string()])?;
    check(
        info.contains("595.") && info.contains("841.") || info.contains("(A4)"),
        format!("not A4: {info}"),
    )?;
    run("pdftotext", &["-layout", &pdf.display().to_string(), "-"])
}

/// The texts of `css` elements on the page.
async fn texts(s: &AppSession, css: &str) -> Result<Vec<String>, HarnessError> {
    let mut out = Vec::new();
    for el in s.all(css).await? {
        out.push(el.text().await?.trim().to_owned());
    }
    Ok(out)
}

/// The decoded QR codes in a greyscale image: the whole picture, then
/// overlapping windows of `window` pixels (a QR decoder finds codes more
/// reliably alone than many on one page).
fn decode_all(w: usize, h: usize, px: &dyn Fn(usize, usize) -> u8, window: usize) -> Vec<String> {
    let mut found = Vec::new();
    let mut scan = |x0: usize, y0: usize, ww: usize, hh: usize| {
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(ww, hh, |x, y| px(x0 + x, y0 + y));
        for grid in image.detect_grids() {
            if let Ok((_, text)) = grid.decode() {
                if !found.contains(&text) {
                    found.push(text);
                }
            }
        }
    };
    scan(0, 0, w, h);
    let stride = (window / 2).max(1);
    for y0 in (0..h).step_by(stride) {
        for x0 in (0..w).step_by(stride) {
            scan(x0, y0, window.min(w - x0), window.min(h - y0));
        }
    }
    found
}

/// Every QR code on the PDF's pages, decoded.
fn qr_codes(pdf: &Path, dir: &Path) -> Result<Vec<String>, HarnessError> {
    let stem = dir.join("page");
    run(
        "pdftoppm",
        &[
            "-r",
            "300",
            "-gray",
            "-png",
            &pdf.display().to_string(),
            &stem.display().to_string(),
        ],
    )?;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "png") {
            continue;
        }
        let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path)?));
        let mut reader = decoder.read_info().map_err(fail)?;
        let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
        let info = reader.next_frame(&mut buf).map_err(fail)?;
        let (w, h) = (info.width as usize, info.height as usize);
        let step = info.line_size / w.max(1);
        let px = |x: usize, y: usize| buf[y * info.line_size + x * step];
        // 600 px at 300 dpi: 5 cm, a little more than a list's 3 cm code.
        for text in decode_all(w, h, &px, 600) {
            if !found.contains(&text) {
                found.push(text);
            }
        }
    }
    Ok(found)
}

#[tokio::test]
async fn an_offer_card_and_the_list_print_to_a4_with_contacts_hours_and_qr_code(
) -> Result<(), HarnessError> {
    let s = AppSession::launch(LaunchOptions::named("print")).await?;
    s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
        .await?;
    let listed = texts(&s, "[data-testid=offer-name]").await?;
    let nav = texts(&s, "[data-testid=nav-favourites]").await?;
    let out = tempfile::tempdir()?;

    let list_pdf = out.path().join("list.pdf");
    let list_text = save_pdf(&s, &list_pdf).await?;
    let flat = list_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in &listed {
        let first_words = name
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        check(
            flat.contains(&first_words),
            format!("{name:?} is not in the printed list: {flat}"),
        )?;
    }
    check(
        nav.iter().all(|n| !flat.contains(n.as_str())),
        format!("the navigation {nav:?} is printed"),
    )?;
    // Every listed demo offer has a (fictional) phone number, printed with it.
    let phones = flat.matches("+49 30 23125").count();
    check(
        phones >= listed.len(),
        format!(
            "{phones} phone numbers for {} offers in the printed list",
            listed.len()
        ),
    )?;

    // Each listed offer's contact as a QR code beside it, on paper only.
    check(
        s.all("[data-testid=offer-qr]").await?.len() == listed.len(),
        "one contact code per listed offer after printing",
    )?;
    let list_pages = tempfile::tempdir()?;
    let list_codes = qr_codes(&list_pdf, list_pages.path())?;
    let kept = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&kept)?;
    std::fs::copy(&list_pdf, kept.join("print-list.pdf"))?;
    for name in &listed {
        let contact = format!("FN:{name}\r\n");
        check(
            list_codes
                .iter()
                .any(|c| c.replace("\r\n ", "").contains(&contact)),
            format!("no QR code on paper holds the contact of {name:?}: {list_codes:?}"),
        )?;
    }
    check(
        list_codes.len() == listed.len(),
        format!(
            "{} codes for {} listed offers",
            list_codes.len(),
            listed.len()
        ),
    )?;

    s.wait_for("[data-testid=offer-name]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=offer-card]").await?;
    let name = texts(&s, "[data-testid=card-name]").await?.concat();
    let address = texts(&s, "[data-testid=card-address]").await?.concat();
    let phone = texts(&s, "[data-testid=action-call]").await?.concat();
    let phone = phone
        .trim_start_matches(|c: char| !c.is_ascii_digit() && c != '+')
        .to_owned();
    let first_day = texts(&s, "[data-testid=hours-table] th").await?;
    let report = texts(&s, "[data-testid=report-open]").await?.concat();
    let card_pdf = out.path().join("card.pdf");
    let card_text = save_pdf(&s, &card_pdf).await?;
    let flat = card_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (what, value) in [("name", &name), ("address", &address), ("phone", &phone)] {
        check(
            flat.contains(value.as_str()),
            format!("the card's {what} {value:?} is not printed: {flat}"),
        )?;
    }
    let day = first_day
        .first()
        .and_then(|d| d.split_whitespace().next())
        .unwrap_or_default();
    check(
        !day.is_empty() && flat.contains(day),
        format!("no opening hours ({day:?}) printed"),
    )?;
    check(
        !report.is_empty() && !flat.contains(&report),
        "the card's buttons are printed",
    )?;
    let pages = tempfile::tempdir()?;
    let codes = qr_codes(&card_pdf, pages.path())?;
    // Kept for whoever reads the run (and the README's picture of a page).
    let kept = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&kept)?;
    std::fs::copy(&card_pdf, kept.join("print-card.pdf"))?;
    if let Ok(first) = std::fs::read(pages.path().join("page-1.png")) {
        std::fs::write(kept.join("print-card-page-1.png"), first)?;
    }
    check(
        codes.iter().any(|c| {
            c.starts_with("BEGIN:VCARD") && c.replace("\r\n ", "").contains(&format!("FN:{name}"))
        }),
        format!("no QR code with the offer's contact in the PDF: {codes:?}"),
    )?;
    s.finish().await
}
