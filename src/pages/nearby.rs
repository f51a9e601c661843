//! The start screen: where am I, which kind of help, and the nearest offers,
//! as a list and on the map (side by side on a desktop, toggled on a phone).

use leptos::prelude::*;
use leptos_router::components::A;
use lotse_contract::{
    ApiError, CategoryDto, NearbyAnswerDto, NearbyOfferDto, NearbyQuery, DEFAULT_K, MAX_K,
};

use crate::api;
use crate::components::filter_bar::FilterBar;
use crate::components::map_view::MapView;
use crate::components::offer_list::OfferList;
use crate::components::place_picker::PlacePicker;
use crate::components::print_buttons::{ListCodes, PrintButtons};
use crate::components::sync_line::NotCurrentLine;
use crate::format::{distance, open_class, open_label};
use crate::i18n::{use_i18n, Key};
use crate::state::{use_filters, use_place, ChosenPlace, Filters, PhoneView, PlaceSource};
use crate::sync_watch::use_sync;

/// One answer of the nearby query, with what it answered.
#[derive(Clone)]
struct Answer {
    category_label: Option<String>,
    radius_km: Option<u32>,
    result: Result<NearbyAnswerDto, ApiError>,
}

#[component]
pub fn NearbyPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let filters = use_filters();
    let categories = LocalResource::new(move || {
        let lang = i18n.lang.get();
        async move { api::list_categories(lang).await }
    });
    // The map: the offer tapped on it, and the centre the user panned to
    // (the list then answers that centre until another place is chosen).
    let selected = RwSignal::new(None::<String>);
    let view_center = RwSignal::new(None::<(f64, f64)>);
    Effect::new(move |_| {
        place.place.track();
        view_center.set(None);
        selected.set(None);
    });
    let origin = Signal::derive(move || {
        let p = place.place.get();
        view_center.get().unwrap_or((p.lat, p.lon))
    });
    let offers = nearby_answers(categories, origin, filters);
    let results = move || match offers.get() {
        None => view! {
            <section class="results" data-testid="results" data-state="loading" aria-busy="true">
                <p class="state">{i18n.t(Key::ResultsLoading)}</p>
            </section>
        }
        .into_any(),
        Some(answer) => results_view(answer, filters, offers).into_any(),
    };
    // The map shows the listed offers (numbered) and, clustered, more of
    // the same kind around them.
    let map_offers = Signal::derive(move || {
        offers
            .get()
            .and_then(|a| a.result.ok())
            .map(|a| a.listed.into_iter().chain(a.around).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let numbered = Signal::derive(move || {
        offers
            .with(|a| {
                a.as_ref()
                    .and_then(|a| a.result.as_ref().ok())
                    .map(|a| a.listed.len())
            })
            .unwrap_or_default()
    });
    let preview = move || {
        let id = selected.get()?;
        let offer = map_offers.with(|list| list.iter().find(|o| o.id == id).cloned())?;
        Some(view! { <MapPreview offer=offer /> })
    };
    view! {
        <div class="nearby" data-view=move || if filters.view.get() == PhoneView::Map { "map" } else { "list" }>
            <div class="nearby__controls">
                <PlacePicker />
                <FilterBar categories=categories filters=filters />
            </div>
            <div class="nearby__list">{preview}{results}</div>
            <NearbyMap offers=map_offers numbered=numbered selected=selected view_center=view_center />
        </div>
    }
}

/// The one question the page asks per change of place, filter, language or
/// directory revision: the list and the map's wider set in one call.
fn nearby_answers(
    categories: LocalResource<Result<Vec<CategoryDto>, ApiError>>,
    origin: Signal<(f64, f64)>,
    filters: Filters,
) -> LocalResource<Answer> {
    let i18n = use_i18n();
    let sync = use_sync();
    LocalResource::new(move || {
        // A finished update or bundle import may have changed the answer.
        sync.revision.get();
        let ((lat, lon), lang) = (origin.get(), i18n.lang.get());
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
                lat,
                lon,
                category,
                languages: speaks.into_iter().collect(),
                max_distance_m: radius_km.map(|km| f64::from(km) * 1_000.0),
                k: DEFAULT_K,
                around_k: MAX_K,
            };
            let result = api::nearest(&query, lang).await;
            Answer {
                category_label,
                radius_km,
                result,
            }
        }
    })
}

/// The map panel: the offers, the user's position, and taps that choose a
/// place or pan the list's centre.
#[component]
fn NearbyMap(
    offers: Signal<Vec<NearbyOfferDto>>,
    numbered: Signal<usize>,
    selected: RwSignal<Option<String>>,
    view_center: RwSignal<Option<(f64, f64)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let user_position = Signal::derive(move || {
        let p = place.place.get();
        (p.source != PlaceSource::Example).then_some((p.lat, p.lon))
    });
    let on_map_tap = Callback::new(move |(lat, lon): (f64, f64)| {
        place.choose(ChosenPlace {
            label: i18n.t(Key::PlaceMapPoint),
            lat,
            lon,
            source: PlaceSource::Map,
            approximate: false,
        });
    });
    let on_view_change = Callback::new(move |center: (f64, f64)| view_center.set(Some(center)));
    view! {
        <div class="nearby__map" data-testid="map-panel">
            <MapView
                offers=offers
                selected=selected
                user_position=user_position
                numbered=numbered
                on_map_tap=on_map_tap
                on_view_change=on_view_change
            />
        </div>
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
        Ok(found) if found.listed.is_empty() => {
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
        Ok(NearbyAnswerDto { listed: list, .. }) => {
            let count = list.len();
            request_animation_frame(api::mark_first_list);
            let any_demo = list.iter().any(|o| o.is_demo);
            let codes = ListCodes::new(list.iter().map(|o| o.id.clone()).collect());
            view! {
                <section class="results" data-testid="results" data-state="ready" data-category=category_attr aria-live="polite">
                    <h2 class="results__title">{i18n.t_with(Key::ResultsTitle, &[("count", count.into())])}</h2>
                    <OfferList offers=list codes=codes.clone() />
                    // After the list, so a phone shows help first; every
                    // demo offer carries its own demo mark.
                    <NotCurrentLine />
                    {any_demo.then(|| view! { <p class="demo-note" data-testid="demo-note">{i18n.t(Key::DemoExplainer)}</p> })}
                    <PrintButtons name="lotse-list" list=codes />
                </section>
            }
            .into_any()
        }
    }
}

/// The offer tapped on the map: the essentials, and the way to its full card.
#[component]
fn MapPreview(offer: NearbyOfferDto) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/offer/{}", offer.id);
    let open = offer.open_now.clone();
    let distance_m = offer.distance_m;
    view! {
        <article class="offer preview" data-testid="offer-card" data-offer-id=offer.id.clone() aria-live="polite">
            <div class="offer__body">
                <h3 class="offer__name">
                    <A href=href attr:class="offer__link" attr:data-testid="preview-open">{offer.name.clone()}</A>
                </h3>
                <p class="offer__meta">
                    {offer.category_label.clone()} " · "
                    {move || i18n.t_with(Key::DistanceAway, &[("distance", distance(i18n, distance_m).into())])}
                </p>
                <p class=open_class(&open)>{ let open = open.clone(); move || open_label(i18n, &open) }</p>
                <p class="offer__provider">{offer.address.clone()}</p>
                {offer.is_demo.then(|| view! { <span class="mark mark--demo" data-testid="demo-mark">{move || i18n.t(Key::DemoBadge)}</span> })}
            </div>
        </article>
    }
}
