//! Launching the app through tauri-driver and talking to it over WebDriver.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

use crate::processes::{free_port, wait_for_port, ProcessGroup, Xvfb};

/// How long the UI may take to show something after a click.
pub const UI_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    #[error("the app binary {0} does not exist; build it with `cargo xtask build` (or run `cargo xtask test`)")]
    MissingApp(PathBuf),
    #[error("cannot start {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("Xvfb: {0}")]
    Xvfb(String),
    #[error("timed out waiting for {0}")]
    Timeout(String),
    #[error("WebDriver session could not start: {0}")]
    NewSession(#[from] fantoccini::error::NewSessionError),
    #[error("WebDriver command failed: {0}")]
    Cmd(#[from] fantoccini::error::CmdError),
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Assertion(String),
}

/// Window size, a name for logs and screenshots, and extra environment for
/// the app (e.g. a `PATH` with a recording `xdg-open` first).
#[derive(Debug, Clone)]
pub struct LaunchOptions {
    pub name: String,
    pub screen: (u32, u32),
    pub env: Vec<(String, std::ffi::OsString)>,
    /// Arguments for the app (e.g. a directory file it is opened with).
    pub args: Vec<String>,
    /// Leave the first-start welcome open. Otherwise, when the app opens on
    /// the welcome (a fresh data folder with only the demo), the harness
    /// taps "skip" as a user would, and the test starts on the list.
    pub keep_welcome: bool,
}

impl LaunchOptions {
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            screen: (1280, 800),
            env: Vec::new(),
            args: Vec::new(),
            keep_welcome: false,
        }
    }

    /// The same options with `key=value` in the app's environment.
    pub fn with_env(mut self, key: &str, value: impl Into<std::ffi::OsString>) -> Self {
        self.env.push((key.to_owned(), value.into()));
        self
    }
}

/// One running app window under test. Drop order stops the driver (and the
/// app) before the display.
pub struct AppSession {
    pub client: Client,
    pub display: String,
    pub data_dir: tempfile::TempDir,
    /// When the new-session request (which starts the app process) was sent.
    pub launched_at: std::time::Instant,
    name: String,
    env: Vec<(String, std::ffi::OsString)>,
    _driver: ProcessGroup,
    _xvfb: Xvfb,
}

impl AppSession {
    /// The extra environment the app was started with.
    pub(crate) fn env(&self) -> &[(String, std::ffi::OsString)] {
        &self.env
    }
}

/// The repository root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map_or(here.clone(), Path::to_path_buf)
}

pub(crate) fn app_path() -> PathBuf {
    std::env::var_os("LOTSE_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/release/lotse-app"))
}

fn driver_path() -> PathBuf {
    std::env::var_os("TAURI_DRIVER").map_or_else(|| PathBuf::from("tauri-driver"), PathBuf::from)
}

/// Open the WebDriver session, retrying while the driver chain is still
/// coming up (the connection is dropped rather than answered).
async fn new_session(port: u16, app: &Path, args: &[String]) -> Result<Client, HarnessError> {
    let url = format!("http://127.0.0.1:{port}");
    let mut attempt = 0;
    loop {
        attempt += 1;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app, "args": args }),
        );
        let mut builder = ClientBuilder::native();
        builder.capabilities(caps);
        let connect = builder.connect(&url);
        match tokio::time::timeout(Duration::from_secs(60), connect).await {
            Err(_) => return Err(HarnessError::Timeout("the WebDriver session".into())),
            Ok(Ok(client)) => return Ok(client),
            Ok(Err(
                e @ (fantoccini::error::NewSessionError::Failed(_)
                | fantoccini::error::NewSessionError::FailedC(_)),
            )) if attempt < 5 => {
                eprintln!("new session attempt {attempt} was cut off ({e}); retrying");
                tokio::time::sleep(Duration::from_millis(500 * attempt)).await;
            }
            Ok(Err(e)) => return Err(e.into()),
        }
    }
}

impl AppSession {
    pub async fn launch(options: LaunchOptions) -> Result<Self, HarnessError> {
        Self::launch_with(options, |_| Ok(())).await
    }

    /// [`AppSession::launch`] of the binary at `app` instead of `$LOTSE_APP`
    /// (e.g. the one an installed package put into a temporary root).
    pub async fn launch_binary(options: LaunchOptions, app: PathBuf) -> Result<Self, HarnessError> {
        if !app.is_file() {
            return Err(HarnessError::MissingApp(app));
        }
        let data_dir = tempfile::Builder::new().prefix("lotse-e2e-").tempdir()?;
        Self::start(options, data_dir, app).await
    }

    /// [`AppSession::launch`], after `prepare` has put files into the app's
    /// (still empty) data folder, e.g. a directory database.
    pub async fn launch_with(
        options: LaunchOptions,
        prepare: impl FnOnce(&Path) -> Result<(), HarnessError>,
    ) -> Result<Self, HarnessError> {
        let app = app_path();
        if !app.is_file() {
            return Err(HarnessError::MissingApp(app));
        }
        let data_dir = tempfile::Builder::new().prefix("lotse-e2e-").tempdir()?;
        prepare(data_dir.path())?;
        Self::start(options, data_dir, app).await
    }

    /// Close the app and start it again on the same data folder, as a user
    /// who quits and reopens it; `between` runs while it is closed.
    pub async fn restart(
        self,
        between: impl FnOnce(&Path) -> Result<(), HarnessError>,
    ) -> Result<Self, HarnessError> {
        let options = LaunchOptions {
            env: self.env.clone(),
            ..LaunchOptions::named(&format!("{}-restarted", self.name))
        };
        let Self {
            client,
            data_dir,
            _driver,
            _xvfb,
            ..
        } = self;
        client.close().await?;
        drop(_driver);
        drop(_xvfb);
        between(data_dir.path())?;
        Self::start(options, data_dir, app_path()).await
    }

    async fn start(
        options: LaunchOptions,
        data_dir: tempfile::TempDir,
        app: PathBuf,
    ) -> Result<Self, HarnessError> {
        let xvfb = Xvfb::start(options.screen.0, options.screen.1)?;
        let logs = workspace_root().join("target/e2e-logs");
        std::fs::create_dir_all(&logs)?;
        let log = std::fs::File::create(logs.join(format!("{}.log", options.name)))?;
        let (port, native_port) = (free_port()?, free_port()?);
        let (port_arg, native_port_arg) = (port.to_string(), native_port.to_string());
        let driver = ProcessGroup::spawn(
            Command::new(driver_path())
                .args(["--port", &port_arg, "--native-port", &native_port_arg])
                .env("DISPLAY", &xvfb.display)
                .env("LOTSE_DATA_DIR", data_dir.path())
                // The webview keeps local storage (language, place) under the
                // XDG folders: each test gets its own, like a fresh install.
                .env("XDG_DATA_HOME", data_dir.path().join("xdg-data"))
                .env("XDG_CACHE_HOME", data_dir.path().join("xdg-cache"))
                .env("XDG_CONFIG_HOME", data_dir.path().join("xdg-config"))
                .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
                .envs(options.env.iter().map(|(k, v)| (k, v)))
                .stdout(Stdio::from(log.try_clone()?))
                .stderr(Stdio::from(log)),
        )?;
        // tauri-driver listens at once but proxies to WebKitWebDriver, which
        // starts a moment later; a session request sent in between is cut off.
        wait_for_port(port, Duration::from_secs(20))?;
        wait_for_port(native_port, Duration::from_secs(20))?;
        let launched_at = std::time::Instant::now();
        let client = new_session(port, &app, &options.args).await?;
        let keep_welcome = options.keep_welcome;
        let session = Self {
            client,
            display: xvfb.display.clone(),
            data_dir,
            launched_at,
            name: options.name,
            env: options.env,
            _driver: driver,
            _xvfb: xvfb,
        };
        if !keep_welcome {
            session.skip_welcome().await?;
        }
        Ok(session)
    }

    /// Once the frame has decided what to show first: if it is the welcome,
    /// tap "skip" and wait for the list.
    async fn skip_welcome(&self) -> Result<(), HarnessError> {
        self.wait_for(".frame[data-ready]").await?;
        let path = self
            .client
            .execute("return window.location.pathname", vec![])
            .await?;
        if path.as_str() == Some("/welcome") {
            self.wait_for("[data-testid=welcome-skip]")
                .await?
                .click()
                .await?;
            self.wait_for("[data-testid=place-current]").await?;
        }
        Ok(())
    }

    /// Wait for an element matching `css` to exist.
    pub async fn wait_for(&self, css: &str) -> Result<Element, HarnessError> {
        match self
            .client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(el) => Ok(el),
            Err(fantoccini::error::CmdError::WaitTimeout) => {
                // Leave the page for whoever reads the failure (a screenshot
                // can hang in some window states, so only the source, bounded).
                let path =
                    workspace_root().join(format!("target/e2e-logs/FAILED-{}.html", self.name));
                if let Ok(Ok(html)) =
                    tokio::time::timeout(Duration::from_secs(10), self.client.source()).await
                {
                    let _ = std::fs::write(&path, html);
                }
                Err(HarnessError::Timeout(format!(
                    "`{css}` (page: {})",
                    path.display()
                )))
            }
            Err(other) => Err(other.into()),
        }
    }

    /// On an open offer card: report that `field` is now `value` (with an
    /// optional comment), and wait until the report is saved.
    pub async fn report_change(
        &self,
        field: &str,
        value: &str,
        comment: &str,
    ) -> Result<(), HarnessError> {
        self.wait_for("[data-testid=report-open]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=report-field]")
            .await?
            .select_by_value(field)
            .await?;
        self.wait_for("[data-testid=report-new-value]")
            .await?
            .send_keys(value)
            .await?;
        if !comment.is_empty() {
            self.wait_for("[data-testid=report-comment]")
                .await?
                .send_keys(comment)
                .await?;
        }
        self.wait_for("[data-testid=report-submit]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=report-saved]").await?;
        Ok(())
    }

    pub async fn all(&self, css: &str) -> Result<Vec<Element>, HarnessError> {
        Ok(self.client.find_all(Locator::Css(css)).await?)
    }

    /// Save a PNG of the window under `target/screenshots/`, returning its path.
    pub async fn screenshot(&self, file_stem: &str) -> Result<PathBuf, HarnessError> {
        // WebKit's snapshot waits for the next frame, and a page with nothing
        // changing may not draw one (the screenshot then hangs, and so does
        // the WebDriver session after it): a 1 px, 1% dot gives it one.
        let dot = "const d = document.createElement('div'); d.id = 'e2e-shot-dot';\
            d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;\
            background:rgba(0,0,0,0.01);pointer-events:none';\
            document.body.appendChild(d);";
        self.client.execute(dot, vec![]).await?;
        // A screenshot can still hang in some window states: bounded.
        let png = tokio::time::timeout(Duration::from_secs(20), self.client.screenshot())
            .await
            .map_err(|_| HarnessError::Timeout(format!("the screenshot {file_stem}")))??;
        let undot = "document.getElementById('e2e-shot-dot')?.remove()";
        self.client.execute(undot, vec![]).await?;
        let dir = workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{file_stem}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// End the WebDriver session, then stop the driver, the app and Xvfb.
    pub async fn finish(self) -> Result<(), HarnessError> {
        let name = self.name.clone();
        let closed = self.client.clone().close().await;
        drop(self);
        closed.map_err(|e| {
            HarnessError::Assertion(format!("{name}: closing the session failed: {e}"))
        })
    }
}
