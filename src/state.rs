//! App-wide state that outlives a page: where the user searches from and the
//! nearby filters. `use_place()` and `use_filters()` return structs of signals.

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};

use crate::api::{self, PositionError};

/// Where a chosen place came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceSource {
    /// The device position.
    Device,
    /// A postcode or town from the gazetteer.
    Gazetteer,
    /// A tap on the map.
    Map,
    /// Nothing chosen yet: an example place, shown as such.
    Example,
}

/// The point nearby searches start from. It stays on this device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChosenPlace {
    pub label: String,
    pub lat: f64,
    pub lon: f64,
    pub source: PlaceSource,
    pub approximate: bool,
}

impl ChosenPlace {
    /// Schwerin's centre, where part of the demo directory is.
    pub fn example() -> Self {
        Self {
            label: "Schwerin".to_owned(),
            lat: 53.6288,
            lon: 11.4148,
            source: PlaceSource::Example,
            approximate: true,
        }
    }
}

const PLACE_KEY: &str = "lotse.place";

#[derive(Clone, Copy)]
pub struct PlaceState {
    pub place: RwSignal<ChosenPlace>,
    /// A device-position request is under way.
    pub locating: RwSignal<bool>,
    pub position_error: RwSignal<Option<PositionError>>,
}

impl PlaceState {
    /// Use a place and remember it on this device.
    pub fn choose(self, place: ChosenPlace) {
        if let Ok(json) = serde_json::to_string(&place) {
            api::storage_set(PLACE_KEY, &json);
        }
        self.position_error.set(None);
        self.place.set(place);
    }

    /// Ask the device for its position; on failure keep the current place and
    /// say why, so the user can type a place or tap the map instead.
    pub fn locate(self, label: String) {
        self.locating.set(true);
        spawn_local(async move {
            let result = api::device_position().await;
            self.locating.set(false);
            match result {
                Ok((lat, lon)) => self.choose(ChosenPlace {
                    label,
                    lat,
                    lon,
                    source: PlaceSource::Device,
                    approximate: false,
                }),
                Err(e) => self.position_error.set(Some(e)),
            }
        });
    }
}

pub fn provide_place() -> PlaceState {
    let stored = api::storage_get(PLACE_KEY)
        .and_then(|json| serde_json::from_str::<ChosenPlace>(&json).ok())
        .filter(|p| p.lat.is_finite() && p.lon.is_finite());
    let state = PlaceState {
        place: RwSignal::new(stored.unwrap_or_else(ChosenPlace::example)),
        locating: RwSignal::new(false),
        position_error: RwSignal::new(None),
    };
    provide_context(state);
    state
}

pub fn use_place() -> PlaceState {
    expect_context::<PlaceState>()
}

/// List or map, on a phone; a desktop shows both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneView {
    List,
    Map,
}

/// The search radius steps: the list starts at the first and widens on request.
pub const RADIUS_STEPS_KM: [u32; 3] = [20, 50, 200];

#[derive(Clone, Copy)]
pub struct Filters {
    pub category: RwSignal<Option<String>>,
    /// Only offers that speak this language (ISO 639).
    pub speaks: RwSignal<Option<String>>,
    /// `None`: no distance limit.
    pub radius_km: RwSignal<Option<u32>>,
    pub view: RwSignal<PhoneView>,
}

impl Filters {
    /// The next wider radius, or `None` for "no limit" after the last step.
    pub fn wider(self) -> Option<Option<u32>> {
        let current = self.radius_km.get_untracked()?;
        Some(RADIUS_STEPS_KM.into_iter().find(|&km| km > current))
    }
}

pub fn provide_filters() -> Filters {
    let filters = Filters {
        category: RwSignal::new(None),
        speaks: RwSignal::new(None),
        radius_km: RwSignal::new(Some(RADIUS_STEPS_KM[0])),
        view: RwSignal::new(PhoneView::List),
    };
    provide_context(filters);
    filters
}

pub fn use_filters() -> Filters {
    expect_context::<Filters>()
}
