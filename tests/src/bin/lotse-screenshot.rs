//! Start the release app on a private Xvfb display, wait until the first list
//! of offers has rendered, save a screenshot and exit. `cargo xtask run` uses
//! this when there is no display.

use lotse_e2e::{AppSession, HarnessError, LaunchOptions};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match shoot().await {
        Ok(path) => {
            println!("screenshot saved to {}", path.display());
            std::process::ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("lotse-screenshot: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn shoot() -> Result<std::path::PathBuf, HarnessError> {
    let session = AppSession::launch(LaunchOptions::named("xtask-run")).await?;
    session
        .wait_for("[data-testid=results][data-state=ready] [data-testid=offer]")
        .await?;
    let path = session.screenshot("lotse-run").await?;
    session.finish().await?;
    Ok(path)
}
