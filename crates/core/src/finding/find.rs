//! "One box for everything": the text a user types is matched against
//! category names in every language, the offline gazetteer (postcodes and
//! towns in any script) and the offers' full text, all at once.

use chrono::{DateTime, Utc};
use geo::Point;
use lotse_contract::{SearchRequest, SearchResultsDto};

use crate::directory::gazetteer::Gazetteer;
use crate::directory::geodesy::checked_point;
use crate::directory::taxonomy::{self, Lang};
use crate::finding::search::tokens;
use crate::{CoreError, Directory, SearchQuery};

/// At most this many offers per answer, whatever the caller asks.
pub const MAX_RESULTS: u32 = 100;
/// Places shown above the offers.
const PLACE_LIMIT: usize = 5;

impl Directory {
    /// Categories, places and offers for `request.text`, in `lang`.
    pub fn find_everything(
        &self,
        request: &SearchRequest,
        gazetteer: Option<&Gazetteer>,
        lang: Lang,
        now: DateTime<Utc>,
    ) -> Result<SearchResultsDto, CoreError> {
        let near: Option<Point<f64>> = request
            .near
            .map(|p| checked_point(p.lat, p.lon))
            .transpose()?;
        let words = tokens(&request.text);
        let mut category_ids: Vec<&'static str> = Vec::new();
        for word in &words {
            for id in taxonomy::categories_named_by(word) {
                if !category_ids.contains(&id) {
                    category_ids.push(id);
                }
            }
        }
        let categories = category_ids
            .iter()
            .filter_map(|id| taxonomy::category(id))
            .map(|c| c.to_dto(lang))
            .collect();
        let places = gazetteer
            .map(|g| g.lookup(&request.text, PLACE_LIMIT))
            .unwrap_or_default()
            .iter()
            .map(|p| p.to_dto())
            .collect();
        let hits = self.search(&SearchQuery {
            text: request.text.clone(),
            near,
            limit: request.limit.min(MAX_RESULTS) as usize,
            names_in: (lang != Lang::De).then_some(lang),
            ..SearchQuery::default()
        })?;
        let offers = hits
            .iter()
            .map(|h| h.offer.to_dto(h.distance_m.unwrap_or(0.0), lang, now))
            .collect();
        Ok(SearchResultsDto {
            text: request.text.clone(),
            categories,
            places,
            offers,
        })
    }
}
