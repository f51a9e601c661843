//! The outbox as the app shows it: "my reports", with the offers' names.

use lotse_contract::{ReportDraft, ReportDto};

use super::FieldError;
use crate::clock::Clock;
use crate::field::outbox::{Correction, OutboxItem};
use crate::Directory;

impl Directory {
    fn report_dto(&self, item: OutboxItem) -> Result<ReportDto, FieldError> {
        let offer_name = self.offer(&item.correction.offer_id)?.map(|o| o.name);
        Ok(ReportDto {
            id: item.id,
            offer_id: item.correction.offer_id,
            offer_name,
            field: item.correction.field,
            old_value: item.correction.old_value,
            new_value: item.correction.new_value,
            comment: item.correction.comment,
            state: item.state.as_str().to_owned(),
            created_at: item.created_at,
            attempts: item.attempts,
            last_error: item.last_error,
        })
    }

    /// Queue a report from the app's form; it is sent with the next sync.
    pub fn report_change(
        &mut self,
        draft: &ReportDraft,
        clock: &dyn Clock,
    ) -> Result<ReportDto, FieldError> {
        let item = self.queue_correction(
            Correction {
                offer_id: draft.offer_id.clone(),
                field: draft.field.clone(),
                old_value: None,
                new_value: draft.new_value.trim().to_owned(),
                comment: draft.comment.trim().to_owned(),
            },
            clock,
        )?;
        self.report_dto(item)
    }

    /// Every report, newest first.
    pub fn reports(&self) -> Result<Vec<ReportDto>, FieldError> {
        let mut items = self.outbox()?;
        items.reverse();
        items.into_iter().map(|i| self.report_dto(i)).collect()
    }
}
