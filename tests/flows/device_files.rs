//! A Lotse's own data on the device, in the real window: favourites with
//! their private notes are saved to a file through the native dialog, all
//! local data is deleted (after a confirmation), and the file brings the
//! favourites and notes back.

use std::time::Duration;

use lotse_e2e::{answer_file_dialog, check, AppSession, FileDialog, HarnessError, LaunchOptions};

const OFFER: &str = "demo-sn-01";
const NOTE: &str = "Herr A.: Termin am Dienstag, Dolmetscher Farsi";

async fn go(s: &AppSession, nav: &str, ready: &str) -> Result<(), HarnessError> {
    s.wait_for(&format!("[data-testid={nav}]"))
        .await?
        .click()
        .await?;
    s.wait_for(ready).await?;
    Ok(())
}

async fn answer(
    s: &AppSession,
    kind: FileDialog,
    path: &std::path::Path,
) -> Result<(), HarnessError> {
    let (display, path) = (s.display.clone(), path.to_owned());
    tokio::task::spawn_blocking(move || answer_file_dialog(&display, kind, &path))
        .await
        .map_err(|e| HarnessError::Assertion(e.to_string()))?
}

#[tokio::test]
async fn favourites_saved_to_a_file_come_back_after_deleting_all_data() -> Result<(), HarnessError>
{
    let s = AppSession::launch(LaunchOptions::named("device-files")).await?;
    s.keep_favourite(OFFER, NOTE).await?;

    // Save the favourites to a file.
    let outside = tempfile::tempdir()?;
    let file = outside.path().join("favoriten.json");
    go(&s, "nav-favourites", "[data-testid=favourite-item]").await?;
    s.wait_for("[data-testid=favourites-export]")
        .await?
        .click()
        .await?;
    answer(&s, FileDialog::Save, &file).await?;
    let said = s
        .wait_for("[data-testid=favourites-message]")
        .await?
        .text()
        .await?;
    let written = std::fs::read_to_string(&file).unwrap_or_default();
    check(
        written.contains(OFFER) && written.contains(NOTE),
        format!("the file holds {written:?}; the app says {said:?}"),
    )?;

    // Delete everything: first a confirmation, then the app starts afresh.
    go(&s, "nav-settings", "[data-testid=settings-storage]").await?;
    s.wait_for("[data-testid=delete-all]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=delete-all-no]")
        .await?
        .click()
        .await?;
    check(
        s.all("[data-testid=delete-all-yes]").await?.is_empty(),
        "the confirmation stays after 'no'",
    )?;
    s.wait_for("[data-testid=delete-all]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=delete-all-yes]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=delete-message]").await?;
    go(&s, "nav-favourites", "[data-testid=favourites-empty]").await?;
    let favourites_db = s.data_dir.path().join("favourites.sqlite");
    let store = lotse_core::favourites::FavouritesStore::open(&favourites_db)
        .map_err(|e| HarnessError::Assertion(e.to_string()))?;
    let left = store
        .list()
        .map_err(|e| HarnessError::Assertion(e.to_string()))?;
    check(
        left.is_empty(),
        format!("favourites left on disk: {left:?}"),
    )?;
    // The list works again, on the demo directory.
    go(
        &s,
        "nav-nearby",
        &format!("[data-testid=results][data-state=ready] [data-offer-id={OFFER}]"),
    )
    .await?;

    // Load the file: the favourite and its note are back.
    go(&s, "nav-favourites", "[data-testid=favourites-import]").await?;
    s.wait_for("[data-testid=favourites-import]")
        .await?
        .click()
        .await?;
    answer(&s, FileDialog::Open, &file).await?;
    s.wait_for("[data-testid=favourites-message]").await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let item = s
        .wait_for(&format!(
            "[data-testid=favourite-item][data-offer-id={OFFER}]"
        ))
        .await?
        .text()
        .await?;
    check(item.contains(NOTE), format!("the favourite reads {item:?}"))?;
    s.finish().await
}
