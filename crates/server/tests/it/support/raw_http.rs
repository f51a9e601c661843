//! HTTP/1 by hand on a `TcpStream`, for what a well-behaved client never
//! does: send half a request head or body, or hold a connection open.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A connection to the server at `url` (`http://127.0.0.1:PORT`), having
/// sent `bytes`.
pub fn connect(url: &str, bytes: &str) -> TcpStream {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(bytes.as_bytes()).expect("send");
    stream
}

/// What the server sent within `limit`, and whether it closed the
/// connection by then.
pub fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, bool) {
    read_until(stream, limit, |_| false)
}

/// The response's status line, if a whole response head arrives within `limit`.
pub fn response_head(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let (text, _) = read_until(stream, limit, |text| text.contains("\r\n\r\n"));
    text.contains("\r\n\r\n")
        .then(|| text.lines().next().unwrap_or_default().to_owned())
}

fn read_until(
    stream: &mut TcpStream,
    limit: Duration,
    done: impl Fn(&str) -> bool,
) -> (String, bool) {
    let start = Instant::now();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let left = limit.saturating_sub(start.elapsed());
        if left.is_zero() {
            return (String::from_utf8_lossy(&got).into_owned(), false);
        }
        stream.set_read_timeout(Some(left)).expect("read timeout");
        match stream.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into_owned(), true),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return (String::from_utf8_lossy(&got).into_owned(), false)
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // Reset or aborted: the server closed it.
            Err(_) => return (String::from_utf8_lossy(&got).into_owned(), true),
        }
        let text = String::from_utf8_lossy(&got);
        if done(&text) {
            return (text.into_owned(), false);
        }
    }
}
