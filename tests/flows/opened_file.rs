//! A directory file opened with Lotse, as a volunteer passes it on by
//! messenger or USB stick: the app starts with the file's path (what a
//! double-click or "open with" does), shows who signed it, and imports it
//! only after a confirmation. A file signed by the publisher built into this
//! (test) build imports on a fresh device with no typing; a file from an
//! unknown key shows the key's fingerprint and is never imported silently.

use std::path::{Path, PathBuf};

use lotse_core::bundle::export_bundle;
use lotse_core::feed::SecretKey;
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::feed_link::FeedLink;
use lotse_core::sync::publishers::fingerprint;
use lotse_core::sync::{DirTransport, SystemClock};
use lotse_e2e::{
    check, free_port, keep_screenshot, office_feed, workspace_root, AppSession, FeedServer,
    HarnessError, LaunchOptions, SessionBus,
};
use lotse_server::SuggestionStore;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

/// A directory file of 25 test offers signed by `key`.
fn directory_file(dir: &Path, key: &SecretKey) -> Result<PathBuf, HarnessError> {
    // The office's offers (office_feed signs with a key of its own) ...
    office_feed(dir, 25, &PublishOptions::default())?;
    // ... published again, signed by `key`.
    let publisher = lotse_core::Directory::open(&dir.join("publisher.sqlite")).map_err(fail)?;
    std::fs::remove_dir_all(dir.join("feed"))?;
    publish(
        &publisher,
        &dir.join("feed"),
        key,
        &PublishOptions::default(),
        &SystemClock,
    )
    .map_err(fail)?;
    let file = dir.join("verzeichnis.lotse");
    export_bundle(
        &DirTransport::new(dir.join("feed")),
        &[],
        &[key.public()],
        &file,
    )
    .map_err(fail)?;
    Ok(file)
}

fn test_publisher() -> Result<SecretKey, HarnessError> {
    SecretKey::read(&workspace_root().join("tests/fixtures/test-publisher.key")).map_err(fail)
}

fn opened_with(name: &str, file: &Path) -> LaunchOptions {
    LaunchOptions {
        args: vec![file.display().to_string()],
        ..LaunchOptions::named(name)
    }
}

async fn first_listed(s: &AppSession) -> Result<String, HarnessError> {
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    Ok(
        s.wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
            .await?
            .text()
            .await?,
    )
}

/// Wait until the list shows the file's offers (the import runs in the background).
async fn list_shows_the_files_offers(s: &AppSession) -> Result<(), HarnessError> {
    let mut first = String::new();
    for _ in 0..100 {
        first = first_listed(s).await?;
        if first.starts_with("Testangebot") {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    Err(HarnessError::Assertion(format!(
        "the list still shows {first:?}"
    )))
}

#[tokio::test]
async fn a_file_from_the_built_in_publisher_opens_on_a_fresh_device_with_one_tap(
) -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let file = directory_file(office.path(), &test_publisher()?)?;
    let s = AppSession::launch(opened_with("opened-built-in", &file)).await?;
    let shown = s
        .wait_for("[data-testid=open-file][data-trust=BuiltIn]")
        .await?;
    let publisher = s
        .wait_for("[data-testid=open-file-publisher]")
        .await?
        .text()
        .await?;
    check(
        publisher.contains("Lotse-Testherausgeber"),
        format!("publisher shown as {publisher:?}"),
    )?;
    let offers = s
        .wait_for("[data-testid=open-file-offers]")
        .await?
        .text()
        .await?;
    check(offers.contains("25"), format!("offers shown as {offers:?}"))?;
    check(
        s.all("[data-testid=open-file-trust-key]").await?.is_empty(),
        "a built-in publisher is asked about like an unknown one",
    )?;
    drop(shown);
    s.wait_for("[data-testid=open-file-import]")
        .await?
        .click()
        .await?;
    list_shows_the_files_offers(&s).await?;
    s.screenshot("e2e-open-file-after-import").await?;
    s.finish().await
}

#[tokio::test]
async fn a_file_from_an_unknown_key_shows_its_fingerprint_and_asks() -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let key = SecretKey::generate().map_err(fail)?;
    let file = directory_file(office.path(), &key)?;
    let s = AppSession::launch(opened_with("opened-unknown", &file)).await?;
    s.wait_for("[data-testid=open-file][data-trust=Unknown]")
        .await?;
    let shown = s
        .wait_for("[data-testid=open-file-fingerprint]")
        .await?
        .text()
        .await?;
    check(
        shown == fingerprint(&key.public()),
        format!(
            "fingerprint shown {shown:?}, the key's is {:?}",
            fingerprint(&key.public())
        ),
    )?;
    let import = s.wait_for("[data-testid=open-file-import]").await?;
    check(
        import.attr("disabled").await?.is_some(),
        "import is possible without trusting the unknown key",
    )?;
    // Asked directly, the shell refuses too.
    let refused: serde_json::Value = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI__.core.invoke('import_opened_file', { trustKey: false })
               .then(() => done('imported'), e => done(e && e.code));",
            vec![],
        )
        .await?;
    check(
        refused == "verification",
        format!("import without trust answered {refused}"),
    )?;
    // Cancel: nothing is imported, the demo directory stays.
    s.wait_for("[data-testid=open-file-cancel]")
        .await?
        .click()
        .await?;
    let first = first_listed(&s).await?;
    check(
        first.starts_with("Demo-"),
        format!("after cancelling the list shows {first:?}"),
    )?;
    s.finish().await?;

    // Opened again, the user compares the fingerprint and trusts the key.
    let s = AppSession::launch(opened_with("opened-unknown-trusted", &file)).await?;
    s.wait_for("[data-testid=open-file][data-trust=Unknown]")
        .await?;
    s.wait_for("[data-testid=open-file-trust-key]")
        .await?
        .click()
        .await?;
    s.wait_for("[data-testid=open-file-import]:not([disabled])")
        .await?
        .click()
        .await?;
    list_shows_the_files_offers(&s).await?;
    s.finish().await
}

/// `lotse://feed?url=…&key=…`, as an office hands it out (a link or a QR
/// code): the app shows the address and the key's fingerprint, and after
/// "follow" it updates from that feed with no typing.
#[tokio::test]
async fn a_feed_link_sets_up_the_offices_feed_after_confirmation() -> Result<(), HarnessError> {
    let office = tempfile::tempdir()?;
    let key = office_feed(office.path(), 30, &PublishOptions::default())?;
    let port = free_port()?;
    let store = std::sync::Arc::new(
        SuggestionStore::open(&office.path().join("suggestions.sqlite")).map_err(fail)?,
    );
    let _server = FeedServer::start(
        port,
        office.path().join("feed"),
        store,
        std::time::Duration::ZERO,
    )?;
    let link = FeedLink {
        url: format!("http://127.0.0.1:{port}/"),
        key: key.public(),
    }
    .to_link();
    let options = LaunchOptions {
        args: vec![link],
        ..LaunchOptions::named("opened-feed-link")
    };
    let s = AppSession::launch(options).await?;
    let shown = s
        .wait_for("[data-testid=open-link-fingerprint]")
        .await?
        .text()
        .await?;
    check(
        shown == fingerprint(&key.public()),
        format!("fingerprint shown {shown:?}"),
    )?;
    s.wait_for("[data-testid=open-link-follow]")
        .await?
        .click()
        .await?;
    list_shows_the_files_offers(&s).await?;
    s.finish().await
}

/// A double-click on a directory file while Lotse runs: the second process
/// hands the path to the running window (over the session bus) and exits,
/// and the window shows the import confirmation.
#[tokio::test]
async fn a_second_launch_with_a_file_hands_it_to_the_running_window() -> Result<(), HarnessError> {
    let bus = SessionBus::start()?;
    let office = tempfile::tempdir()?;
    let file = directory_file(office.path(), &test_publisher()?)?;
    let options = LaunchOptions::named("opened-second-launch")
        .with_env("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    let s = AppSession::launch(options).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;
    let handed_over = s.launch_again(&[file.display().to_string()])?;
    check(
        handed_over,
        "the second launch did not hand the file over and exit",
    )?;
    s.wait_for("[data-testid=open-file][data-trust=BuiltIn]")
        .await?;
    // WebKitWebDriver's screenshot of this page hangs (and the session with
    // it), so the README's picture is taken from the X display.
    keep_screenshot(
        &s.x_screenshot("e2e-import-confirmation")?,
        "import-confirmation.png",
    )?;
    s.wait_for("[data-testid=open-file-import]")
        .await?
        .click()
        .await?;
    list_shows_the_files_offers(&s).await?;
    s.finish().await
}
