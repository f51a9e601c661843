//! Lotse started a second time while it runs, as a double-click on a
//! directory file does: the new process hands its arguments to the running
//! one over the D-Bus session bus (the single-instance plugin) and exits.
//! A test gets a private session bus, since Xvfb sessions have none.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::processes::ProcessGroup;
use crate::session::{app_path, AppSession, HarnessError};

/// A `dbus-daemon --session` of the test's own, on a socket in a temporary
/// folder; dropping it stops the daemon.
pub struct SessionBus {
    /// For `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
    _daemon: ProcessGroup,
    _dir: tempfile::TempDir,
}

impl SessionBus {
    pub fn start() -> Result<Self, HarnessError> {
        let dir = tempfile::tempdir()?;
        let socket: PathBuf = dir.path().join("bus");
        let address = format!("unix:path={}", socket.display());
        let daemon = ProcessGroup::spawn(
            Command::new("dbus-daemon")
                .args(["--session", "--nofork"])
                .arg(format!("--address={address}")),
        )?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout("dbus-daemon's socket".into()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Self {
            address,
            _daemon: daemon,
            _dir: dir,
        })
    }
}

impl AppSession {
    /// Start the app binary again with `args`, in this session's display,
    /// data folder and environment, and wait (at most 20 s) for it to exit.
    /// `Ok(true)` when it exited successfully, as a hand-over does;
    /// `Ok(false)` when it failed or had to be stopped (it kept running as
    /// a second window).
    pub fn launch_again(&self, args: &[String]) -> Result<bool, HarnessError> {
        let data = self.data_dir.path();
        let mut second = ProcessGroup::spawn(
            Command::new(app_path())
                .args(args)
                .env("DISPLAY", &self.display)
                .env("LOTSE_DATA_DIR", data)
                .env("XDG_DATA_HOME", data.join("xdg-data"))
                .env("XDG_CACHE_HOME", data.join("xdg-cache"))
                .env("XDG_CONFIG_HOME", data.join("xdg-config"))
                .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
                .envs(self.env().iter().map(|(k, v)| (k, v))),
        )?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Some(status) = second.exit_status() {
                return Ok(status.success());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(false)
    }
}
