//! The start screen: where am I, which kind of help, and the nearest offers.

use leptos::prelude::*;
use lotse_contract::{NearbyQuery, DEFAULT_K, MAX_K};

use crate::api;
use crate::components::category_chips::CategoryChips;
use crate::components::map_view::MapView;
use crate::components::offer_list::OfferList;
use crate::components::place_picker::{PlacePicker, PLACES};

#[component]
pub fn NearbyPage() -> impl IntoView {
    let lang = api::system_language();
    let lang_for_map = lang.clone();
    let place = RwSignal::new(PLACES[0]);
    let category = RwSignal::new(None::<String>);
    // The map: the selected offer, a tapped position (location fallback) and
    // the centre the user panned to (the list follows the map).
    let selected = RwSignal::new(None::<String>);
    let tapped = RwSignal::new(None::<(f64, f64)>);
    let view_center = RwSignal::new(None::<(f64, f64)>);
    Effect::new(move |_| {
        place.track();
        tapped.set(None);
        view_center.set(None);
    });

    let info = LocalResource::new(api::app_info);
    Effect::new(move || {
        if let Some(Ok(info)) = info.get() {
            api::set_document_title(&info.window_title);
        }
    });

    let categories = {
        let lang = lang.clone();
        LocalResource::new(move || api::list_categories(lang.clone()))
    };

    // The result remembers which category it answers, so the list can say so.
    let offers = LocalResource::new(move || {
        let p = place.get();
        let (lat, lon) = view_center.get().or(tapped.get()).unwrap_or((p.lat, p.lon));
        let cat = category.get();
        let lang = lang.clone();
        async move {
            let query = NearbyQuery {
                lat,
                lon,
                category: cat.clone(),
                k: DEFAULT_K,
            };
            (cat, api::nearest(query, lang).await)
        }
    });

    let chips = move || match categories.get() {
        None => view! { <p class="state">"Kategorien werden geladen …"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any()
        }
        Some(Ok(list)) => view! { <CategoryChips categories=list selected=category /> }.into_any(),
    };

    let results = move || {
        let Some((cat, result)) = offers.get() else {
            return view! {
                <section class="results" data-testid="results" data-state="loading" aria-busy="true">
                    <p class="state">"Angebote in der Nähe werden gesucht …"</p>
                </section>
            }
            .into_any();
        };
        let cat_attr = cat.unwrap_or_else(|| "all".to_owned());
        match result {
            Err(e) => view! {
                <section class="results" data-testid="results" data-state="error" data-category=cat_attr>
                    <p class="state state--error" role="alert">"Die Suche ist fehlgeschlagen: " {e.message}</p>
                </section>
            }
            .into_any(),
            Ok(list) if list.is_empty() => view! {
                <section class="results" data-testid="results" data-state="empty" data-category=cat_attr>
                    <p class="state">"Für diese Kategorie gibt es noch keine Angebote im Verzeichnis. Wählen Sie „Alle“ oder eine andere Kategorie."</p>
                </section>
            }
            .into_any(),
            Ok(list) => view! {
                <section class="results" data-testid="results" data-state="ready" data-category=cat_attr aria-live="polite">
                    <h2 class="results__title">{format!("{} Angebote in der Nähe", list.len())}</h2>
                    <OfferList offers=list />
                </section>
            }
            .into_any(),
        }
    };

    // The map shows the listed offers (numbered) and, clustered, more of
    // the same kind around them.
    let more = {
        let lang = lang_for_map.clone();
        LocalResource::new(move || {
            let p = place.get();
            let (lat, lon) = view_center.get().or(tapped.get()).unwrap_or((p.lat, p.lon));
            let query = NearbyQuery {
                lat,
                lon,
                category: category.get(),
                k: MAX_K,
            };
            api::nearest(query, lang.clone())
        })
    };
    let listed = Signal::derive(move || offers.get().and_then(|(_, r)| r.ok()).unwrap_or_default());
    let map_offers = Signal::derive(move || {
        let mut all = listed.get();
        if let Some(Ok(extra)) = more.get() {
            let extra: Vec<_> = extra
                .into_iter()
                .filter(|o| !all.iter().any(|l| l.id == o.id))
                .collect();
            all.extend(extra);
        }
        all
    });
    let numbered = Signal::derive(move || listed.with(Vec::len));
    let user_position = Signal::derive(move || {
        let p = place.get();
        Some(tapped.get().unwrap_or((p.lat, p.lon)))
    });
    // A minimal card for the offer chosen on the map.
    let card = move || {
        let id = selected.get()?;
        let offer = map_offers.with(|list| list.iter().find(|o| o.id == id).cloned())?;
        Some(view! {
            <article class="offer-card" data-testid="offer-card" data-offer-id=offer.id.clone()>
                <h2 class="offer-card__name">{offer.name.clone()}</h2>
                <p>{offer.category_label.clone()} " · " {offer.address.clone()}</p>
            </article>
        })
    };

    let footer = move || match info.get() {
        Some(Ok(i)) => format!(
            "{} {} · {} Angebote offline verfügbar",
            i.product_name, i.version, i.offer_count
        ),
        Some(Err(e)) => e.message,
        None => String::new(),
    };

    view! {
        <header class="topbar">
            <h1 class="topbar__title">"Lotse"</h1>
            <PlacePicker place=place />
        </header>
        <main class="page page--with-map">
            <div class="nearby__list">
                {chips}
                {card}
                {results}
            </div>
            <div class="nearby__map">
                <MapView
                    offers=map_offers
                    numbered=numbered
                    selected=selected
                    user_position=user_position
                    on_map_tap=Callback::new(move |pos| {
                        view_center.set(None);
                        tapped.set(Some(pos));
                    })
                    on_view_change=Callback::new(move |pos| view_center.set(Some(pos)))
                />
            </div>
        </main>
        <footer class="footer" data-testid="app-info">{footer}</footer>
    }
}
