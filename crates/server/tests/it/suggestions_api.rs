//! `POST /api/v1/suggestions` on loopback: tokens, idempotency, size limit,
//! JSON errors; and the client outbox sending to it in order.

use lotse_core::outbox::{Correction, OutboxState};
use lotse_core::sync::{HttpTimeouts, HttpTransport, SystemClock};

use crate::support::{http_client, Fault, Office, TestServer};

/// The suggestions API on loopback, beside an empty feed folder.
fn server() -> (Office, TestServer) {
    let office = Office::taking_reports();
    std::fs::create_dir_all(office.feed()).expect("feed");
    let server = office.serve();
    (office, server)
}

fn post(url: &str, token: &str, key: &str, body: &str) -> (u16, serde_json::Value) {
    let response = http_client()
        .post(format!("{url}/api/v1/suggestions"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(body.to_owned())
        .send()
        .expect("send");
    let status = response.status().as_u16();
    let text = response.text().unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    (status, json)
}

const BODY: &str = r#"{"offer_id":"o1","field":"phone","old_value":"1","new_value":"+49 30 23125 001","comment":"","created_at":"2026-11-21T10:00:00Z"}"#;

#[test]
fn uploads_need_a_valid_token_and_are_stored_once_per_idempotency_key() {
    let (office, server) = server();
    let store = office.store();
    let (status, json) = post(&server.url, "nope", "key-00000001", BODY);
    assert_eq!(status, 401);
    assert_eq!(json["error"], "unauthorized");
    let token = store.issue_token("Anna").expect("token");
    assert_eq!(post(&server.url, &token, "key-00000001", BODY).0, 201);
    let (again, json) = post(&server.url, &token, "key-00000001", BODY);
    assert_eq!(again, 200);
    assert_eq!(json["status"], "already_stored");
    assert_eq!(store.list(None).expect("list").len(), 1);
    assert_eq!(post(&server.url, &token, "key-00000002", BODY).0, 201);
    assert_eq!(store.list(Some("pending")).expect("list").len(), 2);
}

#[test]
fn bad_input_gets_a_4xx_with_a_json_error() {
    let (office, server) = server();
    let store = office.store();
    let token = store.issue_token("Anna").expect("token");
    let (status, json) = post(&server.url, &token, "key-00000001", "{not json");
    assert_eq!(status, 400);
    assert_eq!(json["error"], "invalid_json");
    let bad_field = BODY.replace("\"phone\"", "\"password\"");
    let (status, json) = post(&server.url, &token, "key-00000001", &bad_field);
    assert_eq!(status, 422);
    assert!(json["message"].as_str().expect("message").contains("field"));
    let (status, json) = post(&server.url, &token, "x", BODY);
    assert_eq!(status, 400);
    assert_eq!(json["error"], "idempotency_key");
    let huge = BODY.replace(
        "\"comment\":\"\"",
        &format!("\"comment\":\"{}\"", "a".repeat(20_000)),
    );
    let (status, json) = post(&server.url, &token, "key-00000003", &huge);
    assert_eq!(status, 413);
    assert_eq!(json["error"], "too_large");
    assert!(store.list(None).expect("list").is_empty());
}

#[test]
fn the_outbox_sends_in_order_keeps_a_failed_item_queued_and_resends_it_once() {
    let (office, server) = server();
    let store = office.store();
    let token = store.issue_token("Anna").expect("token");
    let mut client = office.open("client.sqlite");
    client.seed_demo_if_empty().expect("demo");
    let offers: Vec<String> = client
        .export_batch()
        .expect("export")
        .service_at_locations
        .iter()
        .take(3)
        .map(|o| o.id.clone())
        .collect();
    for (i, offer) in offers.iter().enumerate() {
        let c = Correction {
            offer_id: offer.clone(),
            field: "phone".into(),
            old_value: None,
            new_value: format!("+49 30 23125 90{i}"),
            comment: String::new(),
        };
        client.queue_correction(c, &SystemClock).expect("queue");
    }
    let transport = HttpTransport::new(&server.url, HttpTimeouts::default()).expect("transport");
    // The second upload fails: the first is sent, the second and third stay queued.
    server.faults.once("suggestions", Fault::Pass);
    server.faults.once("suggestions", Fault::Status(500));
    let report = client
        .send_outbox(&transport, &token, &SystemClock)
        .expect("send");
    assert_eq!((report.sent, report.still_queued), (1, 2));
    assert!(report.error.expect("error").contains("500"));
    let states: Vec<OutboxState> = client
        .outbox()
        .expect("outbox")
        .iter()
        .map(|i| i.state)
        .collect();
    assert_eq!(
        states,
        [OutboxState::Sent, OutboxState::Queued, OutboxState::Queued]
    );
    let report = client
        .send_outbox(&transport, &token, &SystemClock)
        .expect("send again");
    assert_eq!((report.sent, report.still_queued), (2, 0));
    let stored = store.list(None).expect("list");
    let sent: Vec<&str> = stored
        .iter()
        .map(|s| s.correction.offer_id.as_str())
        .collect();
    assert_eq!(
        sent,
        [offers[0].as_str(), offers[1].as_str(), offers[2].as_str()]
    );
    // Resending an item (e.g. the answer was lost) does not store it twice.
    let first = &client.outbox().expect("outbox")[1].clone();
    let body = serde_json::json!({
        "offer_id": first.correction.offer_id, "field": "phone", "old_value": first.correction.old_value,
        "new_value": first.correction.new_value, "comment": "", "created_at": first.created_at
    });
    assert_eq!(
        post(
            &server.url,
            &token,
            &first.idempotency_key,
            &body.to_string()
        )
        .0,
        200
    );
    assert_eq!(store.list(None).expect("list").len(), 3);
}
