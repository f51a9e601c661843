//! Where to search from. Until the gazetteer and GPS arrive, a short list of
//! known places (the demo directory's two cities).

use leptos::prelude::*;

/// A named point to search from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Place {
    pub id: &'static str,
    pub label: &'static str,
    pub lat: f64,
    pub lon: f64,
}

pub const PLACES: &[Place] = &[
    Place {
        id: "schwerin-19055",
        label: "Schwerin (19055)",
        lat: 53.63,
        lon: 11.41,
    },
    Place {
        id: "stuttgart-mitte",
        label: "Stuttgart-Mitte (70173)",
        lat: 48.7758,
        lon: 9.1829,
    },
];

#[component]
pub fn PlacePicker(place: RwSignal<Place>) -> impl IntoView {
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if let Some(p) = PLACES.iter().find(|p| p.id == id) {
            place.set(*p);
        }
    };
    view! {
        <label class="place-picker">
            <span class="place-picker__label">"Standort"</span>
            <select data-testid="place" on:change=on_change>
                {PLACES
                    .iter()
                    .map(|p| {
                        view! {
                            <option value=p.id selected=move || place.get().id == p.id>
                                {p.label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
