//! The app really runs on the `tauri.conf.json` at the repository root.

use lotse_e2e::{workspace_root, AppSession, HarnessError, LaunchOptions};

fn root_window_title() -> String {
    let path = workspace_root().join("tauri.conf.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let conf: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    conf["app"]["windows"][0]["title"]
        .as_str()
        .expect("app.windows[0].title")
        .to_owned()
}

#[test]
fn the_shell_crate_reads_the_root_config_through_a_symlink() {
    let link = workspace_root().join("src-tauri/tauri.conf.json");
    let target = std::fs::read_link(&link).expect("src-tauri/tauri.conf.json must be a symlink");
    assert_eq!(target, std::path::Path::new("../tauri.conf.json"));
    let resolved = std::fs::canonicalize(&link).expect("resolve");
    assert_eq!(
        resolved,
        std::fs::canonicalize(workspace_root().join("tauri.conf.json")).expect("root")
    );
}

#[tokio::test]
async fn the_window_title_comes_from_the_root_tauri_conf_json() -> Result<(), HarnessError> {
    let expected = root_window_title();
    let s = AppSession::launch(LaunchOptions::named("shell-config")).await?;
    s.wait_for("[data-testid=results][data-state=ready]")
        .await?;

    // The X window's title, as the window manager sees it.
    let out = std::process::Command::new("xwininfo")
        .args(["-root", "-tree", "-display", &s.display])
        .output()?;
    let tree = String::from_utf8_lossy(&out.stdout);
    if !tree.contains(&format!("\"{expected}\"")) {
        return Err(HarnessError::Assertion(format!(
            "no X window titled {expected:?}:\n{tree}"
        )));
    }
    // The UI asks the shell for the window title and shows it as the document title.
    let mut title = s.client.title().await?;
    for _ in 0..50 {
        if title == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        title = s.client.title().await?;
    }
    if title != expected {
        return Err(HarnessError::Assertion(format!(
            "document title {title:?}, expected {expected:?}"
        )));
    }
    s.finish().await
}
