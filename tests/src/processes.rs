//! Child processes that are stopped with their whole process group, and the
//! Xvfb display each session runs on.

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::session::HarnessError;

/// A child started in a process group of its own; dropping it stops the group
/// (tauri-driver's WebKitWebDriver and the app with it).
pub struct ProcessGroup {
    child: Child,
}

impl ProcessGroup {
    pub fn spawn(cmd: &mut Command) -> Result<Self, HarnessError> {
        let program = cmd.get_program().to_string_lossy().into_owned();
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|source| HarnessError::Spawn { program, source })?;
        Ok(Self { child })
    }

    /// Whether the leader has exited already.
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    /// The leader's exit status, once it has exited.
    pub fn exit_status(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    fn signal_group(&self, signal: libc::c_int) {
        let Ok(pid) = libc::pid_t::try_from(self.child.id()) else {
            return;
        };
        // SAFETY: kill(2) with a negative pid signals the group we created.
        unsafe {
            libc::kill(-pid, signal);
        }
    }
}

impl Drop for ProcessGroup {
    fn drop(&mut self) {
        self.signal_group(libc::SIGTERM);
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if self.has_exited() {
                // The leader is gone; make sure no grandchild keeps a port.
                self.signal_group(libc::SIGKILL);
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        self.signal_group(libc::SIGKILL);
        let _ = self.child.wait();
    }
}

/// A private X display for one test.
pub struct Xvfb {
    pub display: String,
    _process: ProcessGroup,
}

impl Xvfb {
    /// Start Xvfb on the first free display number at or above a per-process base.
    pub fn start(width: u32, height: u32) -> Result<Self, HarnessError> {
        let base = 100 + std::process::id() % 300;
        for n in base..base + 60 {
            let socket = format!("/tmp/.X11-unix/X{n}");
            if Path::new(&socket).exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            let display = format!(":{n}");
            let mut process = ProcessGroup::spawn(
                Command::new("Xvfb")
                    .args([
                        display.as_str(),
                        "-screen",
                        "0",
                        &format!("{width}x{height}x24"),
                        "-nolisten",
                        "tcp",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null()),
            )?;
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline && !process.has_exited() {
                if Path::new(&socket).exists() {
                    return Ok(Self {
                        display,
                        _process: process,
                    });
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // Lost a race for this number, or Xvfb failed: try the next one.
        }
        Err(HarnessError::Xvfb(
            "no free display between :100 and :460".into(),
        ))
    }
}

/// A port that was free a moment ago.
pub fn free_port() -> Result<u16, HarnessError> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(HarnessError::Io)?;
    Ok(listener.local_addr().map_err(HarnessError::Io)?.port())
}

/// Wait until something accepts connections on `port`.
pub fn wait_for_port(port: u16, timeout: Duration) -> Result<(), HarnessError> {
    let deadline = Instant::now() + timeout;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    while Instant::now() < deadline {
        if std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(HarnessError::Timeout(format!(
        "tauri-driver to listen on port {port}"
    )))
}
