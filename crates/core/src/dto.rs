//! Conversions between the core's types and the shared contract's DTOs.

use lotse_contract::{CategoryDto, NearbyOfferDto, NearbyQuery, MAX_K};

use crate::geodesy::checked_point;
use crate::taxonomy::{self, Category, Lang};
use crate::{CoreError, NearbyHit, NearestQuery, OfferFilter};

impl TryFrom<&NearbyQuery> for NearestQuery {
    type Error = CoreError;

    fn try_from(q: &NearbyQuery) -> Result<Self, CoreError> {
        if q.k == 0 || q.k > MAX_K {
            return Err(CoreError::InvalidInput {
                field: "k",
                reason: format!("{} is not between 1 and {MAX_K}", q.k),
            });
        }
        Ok(NearestQuery {
            origin: checked_point(q.lat, q.lon)?,
            k: q.k as usize,
            max_distance_m: None,
            filter: OfferFilter {
                categories: q
                    .category
                    .clone()
                    .filter(|c| !c.is_empty())
                    .into_iter()
                    .collect(),
                ..OfferFilter::default()
            },
        })
    }
}

impl NearbyHit {
    pub fn to_dto(&self, lang: Lang) -> NearbyOfferDto {
        let o = &self.offer;
        let category_id = o.categories.first().cloned().unwrap_or_default();
        let category_label = taxonomy::category(&category_id)
            .map_or(category_id.as_str(), |c| c.label(lang))
            .to_owned();
        NearbyOfferDto {
            id: o.id.clone(),
            name: o.name.clone(),
            category_id,
            category_label,
            provider: o.provider.clone(),
            address: o.address.one_line(),
            phone: o.phone.clone(),
            lat: o.point.y(),
            lon: o.point.x(),
            distance_m: self.distance_m,
            is_demo: o.is_demo,
            source: o.source.clone(),
            last_verified: o.last_verified.clone(),
        }
    }
}

impl Category {
    pub fn to_dto(&self, lang: Lang) -> CategoryDto {
        CategoryDto {
            id: self.id.to_owned(),
            icon: self.icon.to_owned(),
            label: self.label(lang).to_owned(),
        }
    }
}
