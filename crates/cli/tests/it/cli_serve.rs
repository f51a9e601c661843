//! `lotse serve`'s limits as flags, on the real binary on loopback: a
//! shorter header timeout closes a half-sent request sooner, and a limit of
//! zero is refused with the flag's name.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{fails, lotse};

/// A running `lotse serve`, stopped when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Start `lotse serve FEED --addr 127.0.0.1:0 EXTRA…`; its address.
fn serve(home: &std::path::Path, extra: &[&str]) -> (Served, String) {
    let feed = home.join("feed");
    std::fs::create_dir_all(&feed).expect("feed");
    std::fs::write(feed.join("hello.txt"), "hello").expect("file");
    let mut child = lotse(home)
        .arg("serve")
        .arg(&feed)
        .args(["--addr", "127.0.0.1:0"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .expect("lotse serve");
    let stdout = child.stdout.take().expect("stdout");
    let served = Served(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.trim().strip_suffix('/'))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    (served, addr)
}

/// Seconds until the server closes a connection that sent half a head.
fn closed_after(addr: &str) -> Duration {
    let start = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .write_all(b"GET /hello.txt HTTP/1.1\r\nHost: x\r\nAccept:")
        .expect("half a head");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return start.elapsed(),
            Ok(_) => {}
        }
    }
}

#[test]
fn the_header_timeout_flag_closes_a_half_sent_request_sooner() {
    let home = tempfile::tempdir().expect("home");
    let (_short, addr) = serve(home.path(), &["--header-timeout", "1"]);
    let short = closed_after(&addr);
    assert!(short < Duration::from_secs(4), "closed after {short:?}");
    let other = tempfile::tempdir().expect("home");
    let (_default, addr) = serve(other.path(), &[]);
    let default = closed_after(&addr);
    // The default is 10 s.
    assert!(
        default >= Duration::from_secs(8),
        "closed after {default:?}"
    );
}

#[test]
fn a_limit_of_zero_is_refused_with_the_flags_name() {
    let home = tempfile::tempdir().expect("home");
    std::fs::create_dir_all(home.path().join("feed")).expect("feed");
    let feed = home.path().join("feed").display().to_string();
    for flag in ["--max-connections", "--quota-per-day", "--header-timeout"] {
        let err = fails(home.path(), &["serve", &feed, flag, "0"]);
        assert!(err.contains(flag), "{err}");
    }
}
