//! Where to search from: the device position, or a postcode or town typed in
//! any script (the offline gazetteer), or a tap on the map.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::PlaceDto;

use crate::api::{self, PositionError};
use crate::components::disclosure::DisclosureButton;
use crate::i18n::{use_i18n, Key};
use crate::state::{use_place, ChosenPlace, PlaceSource};

#[component]
pub fn PlacePicker() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_place();
    // On a phone the picker is folded into one line ("📍 place · change")
    // and opens on a tap; a chosen place folds it again. A desktop always
    // shows it (public/style.css).
    let open = RwSignal::new(false);
    Effect::new(move |_| {
        state.place.track();
        open.set(false);
    });
    view! {
        <section class="place" class:place--open=move || open.get() aria-labelledby="place-heading">
            <h2 id="place-heading" class="place__heading">{move || i18n.t(Key::PlaceLabel)}</h2>
            <PlaceLine open=open />
            <div class="place__picker" id="place-picker">
                <PlaceFinder />
            </div>
        </section>
    }
}

/// The folded line: the current place and the button that opens the picker.
#[component]
fn PlaceLine(open: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_place();
    let current = move || {
        let p = state.place.get();
        let place = p.label.clone();
        match p.source {
            PlaceSource::Example => i18n.t_with(Key::PlaceExample, &[("place", place.into())]),
            _ => i18n.t_with(Key::PlaceNear, &[("place", place.into())]),
        }
    };
    view! {
        // The whole line opens the picker; the button in it is what the
        // keyboard and screen readers use (its click bubbles up here).
        <div class="place__line" on:click=move |_| open.update(|o| *o = !*o)>
            <p class="place__current" data-testid="place-current" data-source=move || format!("{:?}", state.place.get().source).to_lowercase()>
                "📍 " {current}
                {move || {
                    let p = state.place.get();
                    (p.approximate && p.source != PlaceSource::Example)
                        .then(|| view! { " " <span class="mark">{i18n.t(Key::PlaceApproximate)}</span> })
                }}
            </p>
            <DisclosureButton class="place__change" testid="place-change" controls="place-picker" open=open>
                {move || i18n.t(Key::PlaceChange)}
            </DisclosureButton>
        </div>
    }
}

/// The picker: the device position, or a place typed and chosen from the
/// gazetteer's suggestions.
#[component]
fn PlaceFinder() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_place();
    let text = RwSignal::new(String::new());
    let suggestions = RwSignal::new(Vec::<PlaceDto>::new());
    // Answers can arrive out of order: only the one for the latest text counts.
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        if value.trim().chars().count() < 2 {
            suggestions.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let found = api::find_place(&value).await.unwrap_or_default();
            if text.get_untracked() == value {
                suggestions.set(found);
            }
        });
    };
    let choose = Callback::new(move |p: PlaceDto| {
        state.choose(ChosenPlace {
            label: p.label,
            lat: p.lat,
            lon: p.lon,
            source: PlaceSource::Gazetteer,
            approximate: p.approximate,
        });
        text.set(String::new());
        suggestions.set(Vec::new());
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(first) = suggestions.get_untracked().into_iter().next() {
            choose.run(first);
        }
    };
    let no_match = move || {
        let t = text.get();
        (t.trim().chars().count() >= 2 && suggestions.with(Vec::is_empty))
            .then(|| i18n.t_with(Key::PlaceNoMatch, &[("text", t.into())]))
    };
    view! {
        <div class="place__controls">
            <UsePosition />
            <form class="place__form" role="search" on:submit=on_submit>
                <label class="place__input">
                    <span class="visually-hidden">{move || i18n.t(Key::PlaceInputLabel)}</span>
                    <input
                        type="search"
                        data-testid="place-input"
                        autocomplete="off"
                        placeholder=move || i18n.t(Key::PlaceInputPlaceholder)
                        prop:value=move || text.get()
                        on:input=on_input
                    />
                </label>
            </form>
        </div>
        {move || state.position_error.get().map(|e| view! {
            <p class="state state--warning" role="status" data-testid="position-error" data-reason=format!("{e:?}").to_lowercase()>
                {match e {
                    PositionError::Denied | PositionError::Unavailable | PositionError::Unsupported => i18n.t(Key::PlaceGpsUnavailable),
                }}
            </p>
        })}
        <Suggestions suggestions=suggestions choose=choose />
        {move || no_match().map(|m| view! { <p class="state" role="status">{m}</p> })}
    }
}

/// The button that asks for the device position.
#[component]
fn UsePosition() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_place();
    view! {
        <button
            type="button"
            class="button"
            data-testid="use-position"
            disabled=move || state.locating.get()
            on:click=move |_| state.locate(i18n.t(Key::PlaceMyPosition))
        >
            {move || if state.locating.get() { i18n.t(Key::PlaceGpsLocating) } else { i18n.t(Key::PlaceGps) }}
        </button>
    }
}

/// The gazetteer's places for the typed text; a tap chooses one.
#[component]
fn Suggestions(suggestions: RwSignal<Vec<PlaceDto>>, choose: Callback<PlaceDto>) -> impl IntoView {
    view! {
        <ul class="suggestions" data-testid="place-suggestions">
            {move || suggestions.get().into_iter().map(|p| {
                let label = p.label.clone();
                let alias = p.matched_alias.clone();
                let state_name = p.state.clone();
                view! {
                    <li>
                        <button type="button" class="suggestion" data-testid="place-suggestion" on:click=move |_| choose.run(p.clone())>
                            <span class="suggestion__label">{label}</span>
                            {alias.map(|a| view! { <span class="suggestion__alias">" (" {a} ")"</span> })}
                            {state_name.map(|s| view! { <span class="suggestion__state">" · " {s}</span> })}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
