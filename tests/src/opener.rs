//! A recording system opener: an `xdg-open` (and its fallbacks `gio`,
//! `gnome-open`, `kde-open`) that writes each address it is asked to open to a
//! file and exits 0. Put first on the app's `PATH`, it shows exactly what the
//! app handed to the system, and nothing is really opened.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::session::{HarnessError, LaunchOptions};

pub struct RecordingOpener {
    dir: tempfile::TempDir,
}

/// The programs the opener plugin may try on Linux, in its order.
const OPENERS: [&str; 4] = ["xdg-open", "gio", "gnome-open", "kde-open"];

impl RecordingOpener {
    pub fn new() -> Result<Self, HarnessError> {
        let dir = tempfile::Builder::new().prefix("lotse-opener-").tempdir()?;
        let log = dir.path().join("opened.log");
        for name in OPENERS {
            // `gio open URL` records the URL; the others get it as $1.
            let script = format!(
                "#!/bin/sh\n[ \"$1\" = open ] && shift\nprintf '%s\\n' \"$1\" >> '{}'\n",
                log.display()
            );
            let path = dir.path().join(name);
            std::fs::write(&path, script)?;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
        }
        Ok(Self { dir })
    }

    /// `options` with this opener first on the app's `PATH`.
    pub fn install(&self, options: LaunchOptions) -> LaunchOptions {
        let mut path = OsString::from(self.dir.path());
        if let Some(rest) = std::env::var_os("PATH") {
            path.push(":");
            path.push(rest);
        }
        options.with_env("PATH", path)
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("opened.log")
    }

    /// Every address opened so far, in order.
    pub fn opened(&self) -> Vec<String> {
        std::fs::read_to_string(self.log())
            .map(|text| text.lines().map(str::to_owned).collect())
            .unwrap_or_default()
    }

    /// Wait until `count` addresses have been opened, and return them.
    pub async fn wait_for(&self, count: usize) -> Result<Vec<String>, HarnessError> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let opened = self.opened();
            if opened.len() >= count {
                return Ok(opened);
            }
            if Instant::now() > deadline {
                return Err(HarnessError::Timeout(format!(
                    "the system opener to receive {count} address(es); it got {opened:?}"
                )));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
