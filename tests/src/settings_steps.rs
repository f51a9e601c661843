//! Steps that several flows take: choosing a place, on the settings screen,
//! and keeping a favourite with a note.

use crate::{AppSession, HarnessError};

impl AppSession {
    /// Type `text` (a postcode or town) into the place picker and take the
    /// first suggestion, as a user would.
    pub async fn choose_place(&self, text: &str) -> Result<(), HarnessError> {
        let input = self.wait_for("[data-testid=place-input]").await?;
        input.clear().await?;
        input.send_keys(text).await?;
        self.wait_for("[data-testid=place-suggestion]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=place-current][data-source=gazetteer]")
            .await?;
        Ok(())
    }

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

    /// From the nearby list: open offer `offer_id`, keep it as a favourite
    /// and save `note` with it.
    pub async fn keep_favourite(&self, offer_id: &str, note: &str) -> Result<(), HarnessError> {
        self.wait_for(&format!(
            "[data-offer-id={offer_id}] [data-testid=offer-name]"
        ))
        .await?
        .click()
        .await?;
        self.wait_for(&format!(
            "[data-testid=offer-card][data-offer-id={offer_id}]"
        ))
        .await?;
        self.wait_for("[data-testid=favourite-toggle]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=favourite][data-kept=true]")
            .await?;
        self.wait_for("[data-testid=favourite-note]")
            .await?
            .send_keys(note)
            .await?;
        self.wait_for("[data-testid=favourite-save]")
            .await?
            .click()
            .await?;
        self.wait_for("[data-testid=favourite-saved]").await?;
        Ok(())
    }

    /// Go to Nearby: the list must start with the test feed's offers
    /// ("Testangebot …", from `office_feed`).
    pub async fn expect_test_feed_listed(&self) -> Result<(), HarnessError> {
        self.wait_for("[data-testid=nav-nearby]")
            .await?
            .click()
            .await?;
        let first = self
            .wait_for("[data-testid=results][data-state=ready] [data-testid=offer-name]")
            .await?
            .text()
            .await?;
        crate::check(
            first.starts_with("Testangebot"),
            format!("the list still shows {first:?}"),
        )
    }
}
