//! The reads behind an offer card that the list does not need: the
//! service's longer texts, its funders and phone numbers, and translations.

use rusqlite::{params, OptionalExtension};

use super::Directory;
use crate::CoreError;

/// The columns of an offer's service and organization the list leaves out.
pub(crate) struct OfferExtras {
    pub service_row: i64,
    pub description: String,
    pub eligibility: Option<String>,
    pub minimum_age: Option<u32>,
    pub maximum_age: Option<u32>,
    pub fees_description: Option<String>,
    pub service_area: Option<String>,
    pub org_website: Option<String>,
    pub org_email: Option<String>,
    /// Who pays for the service, in the publisher's order.
    pub funders: Vec<String>,
    /// `(number, kind)` in the publisher's order.
    pub phones: Vec<(String, Option<String>)>,
}

const EXTRAS_SQL: &str = "
    SELECT s.row_id, s.description, s.eligibility, s.minimum_age, s.maximum_age,
           s.fees_description, s.service_area, org.website, org.email
    FROM service_at_location sal
    JOIN services s ON s.row_id = sal.service_row_id
    JOIN organizations org ON org.row_id = s.organization_row_id
    WHERE sal.id = ?1";

impl Directory {
    /// The extras of the offer `id`, or `None` if there is no such offer.
    pub(crate) fn offer_extras(&self, id: &str) -> Result<Option<OfferExtras>, CoreError> {
        let conn = self.conn();
        let Some(mut extras) = conn
            .query_row(EXTRAS_SQL, [id], |r| {
                Ok(OfferExtras {
                    service_row: r.get(0)?,
                    description: r.get(1)?,
                    eligibility: r.get(2)?,
                    minimum_age: r.get(3)?,
                    maximum_age: r.get(4)?,
                    fees_description: r.get(5)?,
                    service_area: r.get(6)?,
                    org_website: r.get(7)?,
                    org_email: r.get(8)?,
                    funders: Vec::new(),
                    phones: Vec::new(),
                })
            })
            .optional()?
        else {
            return Ok(None);
        };
        let mut funders = conn.prepare_cached(
            "SELECT source FROM service_funders WHERE service_row_id = ?1 ORDER BY position",
        )?;
        extras.funders = funders
            .query_map(params![extras.service_row], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut phones = conn.prepare_cached(
            "SELECT number, kind FROM phones WHERE service_row_id = ?1 ORDER BY position",
        )?;
        extras.phones = phones
            .query_map(params![extras.service_row], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(Some(extras))
    }

    /// The service's name and description in the language `lang_tag`, if
    /// the directory has a translation.
    pub(crate) fn translation(
        &self,
        service_row: i64,
        lang_tag: &str,
    ) -> Result<Option<(String, Option<String>)>, CoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT name, description FROM service_translations WHERE service_row_id = ?1 AND lang = ?2",
                params![service_row, lang_tag],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }
}
