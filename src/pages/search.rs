//! One box for everything: offer names and text, categories in any language,
//! postcodes and towns. Results appear as the user types.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use lotse_contract::{ApiError, LatLon, PlaceDto, SearchRequest, SearchResultsDto};

use crate::api;
use crate::components::offer_list::OfferList;
use crate::format::icon_glyph;
use crate::i18n::{use_i18n, Key};
use crate::state::{use_filters, use_place, ChosenPlace, PlaceSource};

const LIMIT: u32 = 30;

#[component]
pub fn SearchPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let text = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<Result<SearchResultsDto, ApiError>>);
    let running = RwSignal::new(false);
    let run = move |value: String| {
        if value.trim().chars().count() < 2 {
            answer.set(None);
            return;
        }
        running.set(true);
        let p = place.place.get_untracked();
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            let request = SearchRequest {
                text: value.clone(),
                near: Some(LatLon {
                    lat: p.lat,
                    lon: p.lon,
                }),
                limit: LIMIT,
            };
            let result = api::search(&request, lang).await;
            // Only the answer to the latest text is shown.
            if text.get_untracked() == value {
                answer.set(Some(result));
                running.set(false);
            }
        });
    };
    Effect::new(move || {
        let _ = i18n.lang.get();
        run(text.get_untracked());
    });
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        run(value);
    };
    let body = move || {
        let value = text.get();
        match answer.get() {
            None if value.trim().chars().count() < 2 => {
                view! { <p class="state">{i18n.t(Key::SearchHint)}</p> }.into_any()
            }
            None => view! { <p class="state">{i18n.t(Key::SearchRunning)}</p> }.into_any(),
            Some(Err(e)) => view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any(),
            Some(Ok(found)) if found.offers.is_empty() && found.places.is_empty() && found.categories.is_empty() => view! {
                <p class="state" role="status" data-testid="search-empty">{i18n.t_with(Key::SearchNone, &[("text", found.text.into())])}</p>
            }
            .into_any(),
            Some(Ok(found)) => search_results(found).into_any(),
        }
    };
    view! {
        <main class="page page--search">
            <form class="search-box" role="search" on:submit=|ev| ev.prevent_default()>
                <label>
                    <span class="search-box__label">{move || i18n.t(Key::SearchLabel)}</span>
                    <input
                        type="search"
                        data-testid="search-input"
                        autocomplete="off"
                        autofocus
                        placeholder=move || i18n.t(Key::SearchPlaceholder)
                        prop:value=move || text.get()
                        on:input=on_input
                    />
                </label>
            </form>
            <div aria-live="polite" aria-busy=move || running.get().to_string()>{body}</div>
        </main>
    }
}

/// What was found: categories (a tap shows that category on the Nearby page),
/// places (a tap searches nearby from there) and offers. A function, not a
/// component: it runs inside the page's `body` and its texts track the
/// language as before.
fn search_results(found: SearchResultsDto) -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let filters = use_filters();
    let navigate = use_navigate();
    let go_category = {
        let navigate = navigate.clone();
        move |id: String| {
            filters.category.set(Some(id));
            navigate("/", Default::default());
        }
    };
    let go_place = move |p: PlaceDto| {
        place.choose(ChosenPlace {
            label: p.label,
            lat: p.lat,
            lon: p.lon,
            source: PlaceSource::Gazetteer,
            approximate: p.approximate,
        });
        navigate("/", Default::default());
    };
    view! {
        <div class="search-results" data-testid="search-results" data-text=found.text.clone()>
            {(!found.categories.is_empty()).then(|| view! {
                <section>
                    <h2 class="results__title">{i18n.t(Key::SearchCategories)}</h2>
                    <ul class="chips__list">
                        {found.categories.into_iter().map(|c| {
                            let go = go_category.clone();
                            let id = c.id.clone();
                            view! { <li><button type="button" class="chip" data-testid=format!("found-category-{}", c.id) on:click=move |_| go(id.clone())>
                                <span class="chip__icon" aria-hidden="true">{icon_glyph(&c.icon)}</span>{c.label}
                            </button></li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!found.places.is_empty()).then(|| view! {
                <section>
                    <h2 class="results__title">{i18n.t(Key::SearchPlaces)}</h2>
                    <ul class="suggestions">
                        {found.places.into_iter().map(|p| {
                            let go = go_place.clone();
                            let label = p.label.clone();
                            view! { <li><button type="button" class="suggestion" data-testid="found-place" on:click=move |_| go(p.clone())>"📍 " {label}</button></li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {(!found.offers.is_empty()).then(|| view! {
                <section data-testid="found-offers">
                    <h2 class="results__title">{i18n.t(Key::SearchOffers)}</h2>
                    <OfferList offers=found.offers />
                </section>
            })}
        </div>
    }
}
