//! Steps on the settings screen that several flows take.

use crate::{AppSession, HarnessError};

impl AppSession {
    pub async fn open_settings(&self) -> Result<(), HarnessError> {
        self.wait_for("[data-testid=nav-settings]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=settings-updates]").await?;
        Ok(())
    }

    /// Follow an office's feed (with a reporter token unless empty), as an
    /// office's staff would type it in.
    pub async fn set_feed(&self, url: &str, key: &str, token: &str) -> Result<(), HarnessError> {
        self.wait_for("[data-testid=feed-url]")
            .await?
            .send_keys(url)
            .await?;
        self.wait_for("[data-testid=feed-key]")
            .await?
            .send_keys(key)
            .await?;
        if !token.is_empty() {
            self.wait_for("[data-testid=feed-token]")
                .await?
                .send_keys(token)
                .await?;
        }
        self.wait_for("[data-testid=feed-save]")
            .await?
            .click()
            .await?;
        Ok(())
    }
}
