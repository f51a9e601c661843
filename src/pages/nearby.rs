//! The start screen: where am I, which kind of help, and the nearest offers,
//! as a list and on the map (side by side on a desktop, toggled on a phone).

use leptos::prelude::*;
use lotse_contract::{ApiError, NearbyOfferDto, NearbyQuery, DEFAULT_K};

use crate::api;
use crate::components::category_chips::CategoryChips;
use crate::components::offer_list::OfferList;
use crate::components::place_picker::PlacePicker;
use crate::i18n::{use_i18n, Key, SPOKEN_LANGUAGES};
use crate::state::{use_filters, use_place, Filters, PhoneView};

/// One answer of the nearby query, with what it answered.
#[derive(Clone)]
struct Answer {
    category_label: Option<String>,
    radius_km: Option<u32>,
    result: Result<Vec<NearbyOfferDto>, ApiError>,
}

#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let filters = use_filters();
    let categories = LocalResource::new(move || {
        let lang = i18n.lang.get();
        async move { api::list_categories(lang.tag()).await }
    });
    let offers = LocalResource::new(move || {
        let (p, lang) = (place.place.get(), i18n.lang.get());
        let (category, speaks, radius_km) = (
            filters.category.get(),
            filters.speaks.get(),
            filters.radius_km.get(),
        );
        let category_label = category.clone().map(|id| {
            categories
                .get_untracked()
                .and_then(|r| r.ok())
                .and_then(|list| list.into_iter().find(|c| c.id == id).map(|c| c.label))
                .unwrap_or(id)
        });
        async move {
            let query = NearbyQuery {
                lat: p.lat,
                lon: p.lon,
                category,
                languages: speaks.into_iter().collect(),
                max_distance_m: radius_km.map(|km| f64::from(km) * 1_000.0),
                k: DEFAULT_K,
            };
            let result = api::nearest(&query, lang.tag()).await;
            Answer {
                category_label,
                radius_km,
                result,
            }
        }
    });
    let chips = move || match categories.get() {
        None => view! { <p class="state">"…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any()
        }
        Some(Ok(list)) => {
            view! { <CategoryChips categories=list selected=filters.category /> }.into_any()
        }
    };
    let results = move || match offers.get() {
        None => view! {
            <section class="results" data-testid="results" data-state="loading" aria-busy="true">
                <p class="state">{i18n.t(Key::ResultsLoading)}</p>
            </section>
        }
        .into_any(),
        Some(answer) => results_view(answer, filters, offers).into_any(),
    };
    let view_button = move |which: PhoneView, key: Key, testid: &'static str| {
        view! {
            <button
                type="button"
                class="toggle"
                data-testid=testid
                aria-pressed=move || (filters.view.get() == which).to_string()
                on:click=move |_| filters.view.set(which)
            >
                {move || i18n.t(key)}
            </button>
        }
    };
    view! {
        <div class="nearby" data-view=move || if filters.view.get() == PhoneView::Map { "map" } else { "list" }>
            <div class="nearby__controls">
                <PlacePicker />
                {chips}
                <SpeaksFilter filters=filters />
                <div class="view-toggle" role="group" aria-label=move || i18n.t(Key::ViewLabel)>
                    {view_button(PhoneView::List, Key::ViewList, "view-list")}
                    {view_button(PhoneView::Map, Key::ViewMap, "view-map")}
                </div>
            </div>
            <div class="nearby__list">{results}</div>
            <div class="nearby__map" data-testid="map-panel"></div>
        </div>
    }
}

#[component]
fn SpeaksFilter(filters: Filters) -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        filters.speaks.set((!code.is_empty()).then_some(code));
    };
    view! {
        <label class="speaks">
            <span class="speaks__label">"🗣 " {move || i18n.t(Key::SpeaksLabel)}</span>
            <select data-testid="speaks" on:change=on_change>
                <option value="" selected=move || filters.speaks.get().is_none()>{move || i18n.t(Key::SpeaksAny)}</option>
                {SPOKEN_LANGUAGES.iter().map(|(code, name)| view! {
                    <option value=*code lang=*code selected=move || filters.speaks.get().as_deref() == Some(*code)>{*name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

fn results_view(answer: Answer, filters: Filters, offers: LocalResource<Answer>) -> impl IntoView {
    let i18n = use_i18n();
    let category_attr = filters
        .category
        .get_untracked()
        .unwrap_or_else(|| "all".to_owned());
    match answer.result {
        Err(e) => view! {
            <section class="results" data-testid="results" data-state="error" data-category=category_attr>
                <p class="state state--error" role="alert">
                    {i18n.t_with(Key::ResultsError, &[("reason", e.message.into())])}
                </p>
                <button type="button" class="button" on:click=move |_| offers.refetch()>{i18n.t(Key::Retry)}</button>
            </section>
        }
        .into_any(),
        Ok(list) if list.is_empty() => {
            let km = answer.radius_km;
            let message = match (km, answer.category_label) {
                (Some(km), Some(category)) => i18n.t_with(Key::ResultsEmptyCategory, &[("category", category.into()), ("km", km.into())]),
                (Some(km), None) => i18n.t_with(Key::ResultsEmptyAny, &[("km", km.into())]),
                (None, _) => i18n.t(Key::ResultsEmptyEverywhere),
            };
            let widen = filters.wider().map(|next| {
                let label = match next {
                    Some(km) => i18n.t_with(Key::ResultsWiden, &[("km", km.into())]),
                    None => i18n.t(Key::ResultsWidenAll),
                };
                view! {
                    <button type="button" class="button" data-testid="widen" on:click=move |_| filters.radius_km.set(next)>{label}</button>
                }
            });
            view! {
                <section class="results" data-testid="results" data-state="empty" data-category=category_attr>
                    <p class="state" role="status">{message}</p>
                    {widen}
                </section>
            }
            .into_any()
        }
        Ok(list) => {
            let count = list.len();
            request_animation_frame(api::mark_first_list);
            let any_demo = list.iter().any(|o| o.is_demo);
            view! {
                <section class="results" data-testid="results" data-state="ready" data-category=category_attr aria-live="polite">
                    <h2 class="results__title">{i18n.t_with(Key::ResultsTitle, &[("count", count.into())])}</h2>
                    {any_demo.then(|| view! { <p class="demo-note" data-testid="demo-note">{i18n.t(Key::DemoExplainer)}</p> })}
                    <OfferList offers=list />
                </section>
            }
            .into_any()
        }
    }
}
