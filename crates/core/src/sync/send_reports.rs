//! Sending the outbox: queued reports go to the feed's server in order,
//! each with its idempotency key, so a retried upload is stored once. The
//! outbox itself (what is queued, sent, decided) belongs to `field`.

use super::transport::Transport;
use crate::clock::{timestamp, Clock};
use crate::field::outbox::{SendReport, SuggestionUpload, SUGGESTIONS_PATH};
use crate::sync::feed::FeedError;
use crate::Directory;

impl Directory {
    /// Send queued corrections in order; stop at the first that fails, which
    /// stays queued with its error.
    pub fn send_outbox(
        &mut self,
        transport: &dyn Transport,
        token: &str,
        clock: &dyn Clock,
    ) -> Result<SendReport, FeedError> {
        let queued = self.queued_reports()?;
        let mut report = SendReport::default();
        let bearer = format!("Bearer {token}");
        for (n, item) in queued.iter().enumerate() {
            let body = serde_json::to_vec(&SuggestionUpload {
                correction: item.correction.clone(),
                created_at: item.created_at.clone(),
            })
            .map_err(FeedError::Json)?;
            let outcome = transport.post_json(
                SUGGESTIONS_PATH,
                &[
                    ("Authorization", &bearer),
                    ("Idempotency-Key", &item.idempotency_key),
                ],
                &body,
            );
            let error = match outcome {
                Ok((200 | 201, _)) => None,
                Ok((status, body)) => Some(format!(
                    "the server answered {status}: {}",
                    String::from_utf8_lossy(&body)
                        .chars()
                        .take(300)
                        .collect::<String>()
                )),
                // The outbox row keeps the message for the person who
                // looks at the queue later; the error value cannot be stored.
                Err(e) => Some(e.to_string()),
            };
            match error {
                None => {
                    self.record_send_attempt(item.id, Ok(&timestamp(clock)))?;
                    report.sent += 1;
                }
                Some(e) => {
                    self.record_send_attempt(item.id, Err(&e))?;
                    report.still_queued = (queued.len() - n) as u32;
                    report.error = Some(e);
                    break;
                }
            }
        }
        Ok(report)
    }
}
