//! `lotse serve`'s limits on loopback: a client that sends half a request
//! head (or nothing) is cut off after the header read timeout, connections
//! over the cap wait, and a symlink out of the feed folder is not served.

use std::time::{Duration, Instant};

use lotse_server::ServeLimits;

use crate::support::raw_http::{connect, read_until_closed, response_head};
use crate::support::{http_client, Office};

#[test]
fn a_half_sent_request_head_or_an_idle_connection_is_closed_after_the_header_timeout() {
    let office = Office::new();
    std::fs::create_dir_all(office.feed()).expect("feed");
    std::fs::write(office.feed().join("hello.txt"), "hello").expect("file");
    let server = office.serve_with(ServeLimits {
        header_read_timeout: Duration::from_secs(1),
        ..ServeLimits::default()
    });
    let start = Instant::now();
    let mut held: Vec<_> = (0..8)
        .map(|_| connect(&server.url, "GET /hello.txt HTTP/1.1\r\nHost: x\r\nAccept:"))
        .collect();
    held.push(connect(&server.url, ""));
    // A kept-alive connection that sends nothing after its answer.
    let mut kept = connect(&server.url, "GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n");
    let head = response_head(&mut kept, Duration::from_secs(3));
    assert_eq!(head.as_deref(), Some("HTTP/1.1 200 OK"));
    held.push(kept);
    for (i, stream) in held.iter_mut().enumerate() {
        let (_, closed) = read_until_closed(stream, Duration::from_secs(6));
        assert!(closed, "connection {i} still open after 6 s");
    }
    let took = start.elapsed();
    assert!(took < Duration::from_secs(4), "closed only after {took:?}");
    // A whole request is still served.
    let response = http_client()
        .get(format!("{}/hello.txt", server.url))
        .send()
        .expect("get");
    assert_eq!(response.status(), 200);
}

#[test]
fn over_the_connection_cap_a_client_waits_until_a_connection_closes() {
    let office = Office::new();
    std::fs::create_dir_all(office.feed()).expect("feed");
    std::fs::write(office.feed().join("hello.txt"), "hello").expect("file");
    let server = office.serve_with(ServeLimits {
        max_connections: 2,
        header_read_timeout: Duration::from_secs(30),
        ..ServeLimits::default()
    });
    let first = connect(&server.url, "GET /hello.txt HTTP/1.1\r\n");
    let _second = connect(&server.url, "GET /hello.txt HTTP/1.1\r\n");
    let mut third = connect(
        &server.url,
        "GET /hello.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(
        response_head(&mut third, Duration::from_millis(800)),
        None,
        "a third connection was served beside two open ones"
    );
    drop(first);
    let head = response_head(&mut third, Duration::from_secs(5));
    assert_eq!(head.as_deref(), Some("HTTP/1.1 200 OK"));
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_feed_folder_is_not_served() {
    use std::os::unix::fs::symlink;
    let office = Office::new();
    let feed = office.feed();
    let outside = office.path("outside");
    std::fs::create_dir_all(feed.join("blobs")).expect("feed");
    std::fs::create_dir_all(&outside).expect("outside");
    std::fs::write(outside.join("secret.txt"), "secret").expect("secret");
    std::fs::write(outside.join("index.html"), "secret index").expect("index");
    std::fs::write(feed.join("blobs/inside.txt"), "inside").expect("inside");
    symlink(outside.join("secret.txt"), feed.join("leak.txt")).expect("file link");
    symlink(&outside, feed.join("elsewhere")).expect("folder link");
    symlink(feed.join("blobs/inside.txt"), feed.join("alias.txt")).expect("inner link");
    let server = office.serve();
    let get = |path: &str| {
        let response = http_client()
            .get(format!("{}{path}", server.url))
            .send()
            .expect("get");
        let status = response.status().as_u16();
        (status, response.text().unwrap_or_default())
    };
    for path in ["/leak.txt", "/elsewhere/secret.txt", "/elsewhere/"] {
        let (status, body) = get(path);
        assert_eq!(status, 404, "{path} answered {status}");
        assert!(!body.contains("secret"), "{path} sent the file outside");
    }
    assert_eq!(get("/blobs/inside.txt"), (200, "inside".to_owned()));
    assert_eq!(get("/alias.txt"), (200, "inside".to_owned()));
    assert_eq!(get("/missing.txt").0, 404);
}
