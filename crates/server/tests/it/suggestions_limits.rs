//! The suggestions API's limits on loopback: the token is checked before
//! the body is read, a body that stops arriving gets 408, a token over its
//! quota gets 429 with `Retry-After`, a revoked token 401, and a failing
//! database a generic 500 without SQLite's text.

use std::time::Duration;

use lotse_server::{Quota, ServeLimits};

use crate::support::raw_http::{connect, response_head};
use crate::support::{http_client, Office, TestServer};

const BODY: &str = r#"{"offer_id":"o1","field":"phone","old_value":"1","new_value":"+49 30 23125 001","comment":"","created_at":"2026-11-21T10:00:00Z"}"#;

fn server(limits: ServeLimits) -> (Office, TestServer) {
    let office = Office::taking_reports();
    std::fs::create_dir_all(office.feed()).expect("feed");
    let server = office.serve_with(limits);
    (office, server)
}

/// POST a suggestion: status, `Retry-After`, JSON body.
fn post(url: &str, token: &str, key: &str) -> (u16, Option<u64>, serde_json::Value) {
    let response = http_client()
        .post(format!("{url}/api/v1/suggestions"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(BODY)
        .send()
        .expect("send");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    let text = response.text().unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (status, retry_after, json)
}

/// A POST whose head promises 500 bytes of body, of which `sent` are sent.
fn partial_post(token: &str, sent: &str) -> String {
    format!(
        "POST /api/v1/suggestions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Idempotency-Key: key-00000001\r\nContent-Type: application/json\r\n\
         Content-Length: 500\r\n\r\n{sent}"
    )
}

#[test]
fn an_unknown_token_is_refused_before_the_body_is_read() {
    let (_office, server) = server(ServeLimits::default());
    // The body never comes; the answer must not wait for it.
    let mut stream = connect(&server.url, &partial_post("nope", ""));
    let head = response_head(&mut stream, Duration::from_secs(3));
    assert_eq!(head.as_deref(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_body_that_stops_arriving_gets_408_after_the_body_timeout() {
    let (office, server) = server(ServeLimits {
        body_read_timeout: Duration::from_secs(1),
        ..ServeLimits::default()
    });
    let token = office.store().issue_token("Anna").expect("token");
    let mut stream = connect(&server.url, &partial_post(&token, r#"{"offer_id":"#));
    let head = response_head(&mut stream, Duration::from_secs(4));
    assert_eq!(head.as_deref(), Some("HTTP/1.1 408 Request Timeout"));
    assert!(office.store().list(None).expect("list").is_empty());
}

#[test]
fn a_token_over_its_quota_gets_429_with_retry_after_and_a_retry_is_not_counted() {
    let (office, server) = server(ServeLimits {
        quota: Quota {
            per_minute: 2,
            per_day: 100,
        },
        ..ServeLimits::default()
    });
    let anna = office.store().issue_token("Anna").expect("token");
    assert_eq!(post(&server.url, &anna, "key-00000001").0, 201);
    assert_eq!(post(&server.url, &anna, "key-00000002").0, 201);
    let (status, retry_after, json) = post(&server.url, &anna, "key-00000003");
    assert_eq!(status, 429);
    assert_eq!(json["error"], "rate_limited");
    let secs = retry_after.expect("Retry-After");
    assert!((1..=60).contains(&secs), "Retry-After: {secs}");
    // A retry of a stored suggestion is answered; another token has its own quota.
    assert_eq!(post(&server.url, &anna, "key-00000001").0, 200);
    let ben = office.store().issue_token("Ben").expect("token");
    assert_eq!(post(&server.url, &ben, "key-00000003").0, 201);
    assert_eq!(office.store().list(None).expect("list").len(), 3);
}

#[test]
fn a_token_over_its_daily_quota_is_told_to_wait_longer_than_a_minute() {
    let (office, server) = server(ServeLimits {
        quota: Quota {
            per_minute: 100,
            per_day: 1,
        },
        ..ServeLimits::default()
    });
    let anna = office.store().issue_token("Anna").expect("token");
    assert_eq!(post(&server.url, &anna, "key-00000001").0, 201);
    let (status, retry_after, _) = post(&server.url, &anna, "key-00000002");
    assert_eq!(status, 429);
    let secs = retry_after.expect("Retry-After");
    assert!((86_000..=86_400).contains(&secs), "Retry-After: {secs}");
}

#[test]
fn a_revoked_token_is_refused_from_the_next_request_on() {
    let (office, server) = server(ServeLimits::default());
    let store = office.store();
    let (id, anna) = store.issue("Anna").expect("token");
    let ben = store.issue_token("Ben").expect("token");
    assert_eq!(post(&server.url, &anna, "key-00000001").0, 201);
    assert_eq!(store.revoke(&id.to_string()).expect("revoke by id"), 1);
    let (status, _, json) = post(&server.url, &anna, "key-00000002");
    assert_eq!(
        (status, json["error"].as_str()),
        (401, Some("unauthorized"))
    );
    assert_eq!(post(&server.url, &ben, "key-00000003").0, 201);
    assert_eq!(store.revoke("Ben").expect("revoke by name"), 1);
    assert_eq!(post(&server.url, &ben, "key-00000004").0, 401);
    assert!(store.revoke("Ben").is_err(), "revoked twice");
}

#[test]
fn a_database_error_is_logged_and_the_client_gets_a_generic_message() {
    let (office, server) = server(ServeLimits::default());
    let token = office.store().issue_token("Anna").expect("token");
    let db = rusqlite::Connection::open(office.path("suggestions.sqlite")).expect("open");
    db.execute_batch("DROP TABLE suggestions")
        .expect("break the database");
    let (status, _, json) = post(&server.url, &token, "key-00000001");
    assert_eq!(status, 500);
    assert_eq!(json["error"], "storage");
    let message = json["message"].as_str().expect("message");
    for internal in ["no such table", "suggestions database", "sqlite", "SQLite"] {
        assert!(!message.contains(internal), "the client saw {message:?}");
    }
}
