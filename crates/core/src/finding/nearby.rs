//! The Nearby page's and the offer page's questions, each answered by one
//! call: the contract's query in, the contract's answer out, in the user's
//! language.

use chrono::{DateTime, Utc};
use lotse_contract::{
    ContactCodeDto, ContactCodesQuery, NearbyAnswerDto, NearbyQuery, OfferDetailDto, OfferQuery,
    MAX_K,
};

use crate::directory::geodesy::checked_point;
use crate::directory::taxonomy::Lang;
use crate::finding::nearest::NearestQuery;
use crate::{CoreError, Directory};

impl Directory {
    /// The `query.k` nearest offers within its distance limit and, for the
    /// map, up to `query.around_k` of the same kind without the limit, with
    /// names in `lang`.
    ///
    /// One walk of the index answers both: offers come in distance order,
    /// so those within the limit come first, and the list is their first
    /// `k` (exactly what a query with the limit returns).
    pub fn nearby(
        &self,
        query: &NearbyQuery,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<NearbyAnswerDto, CoreError> {
        if query.around_k > MAX_K || (query.around_k != 0 && query.around_k < query.k) {
            return Err(CoreError::InvalidInput {
                field: "around_k",
                reason: format!("{} is not 0 or between k and {MAX_K}", query.around_k),
            });
        }
        let mut nearest = NearestQuery::try_from(query)?;
        // German names are the originals: no translation to read.
        nearest.names_in = (lang != Lang::De).then_some(lang);
        let limit_m = nearest.max_distance_m.unwrap_or(f64::INFINITY);
        if query.around_k > 0 {
            nearest.k = query.around_k as usize;
            nearest.max_distance_m = None;
        }
        let mut answer = NearbyAnswerDto::default();
        for hit in self.nearest(&nearest)? {
            let listed = answer.listed.len() < query.k as usize && hit.distance_m <= limit_m;
            let dto = hit.to_dto(lang, now);
            if listed {
                answer.listed.push(dto);
            } else {
                answer.around.push(dto);
            }
        }
        Ok(answer)
    }

    /// The card of the offer `query.id`, with the distance from
    /// `query.from` if given, in `lang`.
    pub fn offer_card(
        &self,
        query: &OfferQuery,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<OfferDetailDto, CoreError> {
        let from = query
            .from
            .map(|p| checked_point(p.lat, p.lon))
            .transpose()?;
        self.offer_detail(&query.id, lang, from, now)?
            .ok_or_else(|| CoreError::UnknownOffer(query.id.clone()))
    }

    /// The contacts of the offers `query.ids` as QR codes (compact vCards,
    /// names in `lang`), for a printed list: scanned from the paper, a
    /// phone adds the contact. Offers no longer in the directory are left out.
    pub fn contact_codes(
        &self,
        query: &ContactCodesQuery,
        lang: Lang,
    ) -> Result<Vec<ContactCodeDto>, CoreError> {
        if query.ids.len() > MAX_K as usize {
            return Err(CoreError::InvalidInput {
                field: "ids",
                reason: format!("{} offers, at most {MAX_K}", query.ids.len()),
            });
        }
        let mut codes = Vec::with_capacity(query.ids.len());
        for id in &query.ids {
            if let Some(qr) = self.paper_code(id, lang)? {
                codes.push(ContactCodeDto { id: id.clone(), qr });
            }
        }
        Ok(codes)
    }
}
