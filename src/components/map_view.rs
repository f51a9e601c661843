//! The offline map: Leaflet with protomaps-leaflet (vector tiles drawn on
//! canvas) over the shell's `tiles://` protocol, offer markers (category
//! colour and icon, the listed offers numbered as in the list, the rest
//! clustered), the user's position, and callbacks for taps and pans.
//!
//! The JavaScript side is `public/map.js` (global `LotseMap`) with its parts
//! `map-style.js` and `map-markers.js`, loaded by `index.html` after the
//! vendored scripts in `public/vendor/`; this module is its typed wrapper.
//! Offer text is handed over as data and rendered as text only.

use leptos::html::Div;
use leptos::prelude::*;
use lotse_contract::{Lang, NearbyOfferDto};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::i18n::{use_i18n, I18n, Key};

#[wasm_bindgen]
extern "C" {
    /// A map created by `LotseMap.create`.
    type JsMap;

    #[wasm_bindgen(catch, js_namespace = LotseMap, js_name = create)]
    fn js_create(
        el: &web_sys::HtmlElement,
        options: JsValue,
        on_select: &Closure<dyn Fn(String)>,
        on_map_tap: &Closure<dyn Fn(f64, f64)>,
        on_view_change: &Closure<dyn Fn(f64, f64)>,
    ) -> Result<JsMap, JsValue>;

    #[wasm_bindgen(method, js_name = setOffers)]
    fn set_offers(this: &JsMap, offers: JsValue, fit: bool);

    #[wasm_bindgen(method)]
    fn select(this: &JsMap, id: Option<String>);

    #[wasm_bindgen(method, js_name = setUserPosition)]
    fn set_user_position(this: &JsMap, lat: f64, lon: f64);

    #[wasm_bindgen(method, js_name = clearUserPosition)]
    fn clear_user_position(this: &JsMap);

    #[wasm_bindgen(method, js_name = setLabels)]
    fn set_labels(this: &JsMap, labels: JsValue);

    #[wasm_bindgen(method)]
    fn destroy(this: &JsMap);
}

/// One marker as `map-markers.js` wants it.
#[derive(Serialize)]
struct Marker<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    lat: f64,
    lon: f64,
    color: &'static str,
    glyph: &'static str,
    /// 1-based place in the list for the numbered (nearest) offers.
    rank: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Options {
    /// `tiles://localhost` or `http://tiles.localhost`.
    tile_base: &'static str,
    lang: Lang,
    rtl: bool,
    labels: Labels,
}

/// The map's own texts, in the UI language.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Labels {
    zoom_in: String,
    zoom_out: String,
    attribution: String,
    pack_attribution: String,
}

impl Labels {
    fn new(i18n: I18n) -> Self {
        Labels {
            zoom_in: i18n.t(Key::MapZoomIn),
            zoom_out: i18n.t(Key::MapZoomOut),
            attribution: i18n.t(Key::MapAttribution),
            pack_attribution: i18n.t(Key::MapPackAttribution),
        }
    }
}

/// Where the shell's `tiles` scheme is reached: WebView2 (Windows) and
/// Android's WebView serve custom schemes as `http://<scheme>.localhost`,
/// WebKit (Linux, macOS, iOS) as `<scheme>://localhost`.
pub fn tile_base(user_agent: &str) -> &'static str {
    if user_agent.contains("Windows") || user_agent.contains("Android") {
        "http://tiles.localhost"
    } else {
        "tiles://localhost"
    }
}

/// Marker colour and icon by category (the icon matches the category chips).
pub fn category_style(category_id: &str) -> (&'static str, &'static str) {
    match category_id {
        "kita" => ("#c2410c", "🧸"),
        "hort" => ("#b45309", "☀"),
        "schule" => ("#a16207", "🏫"),
        "migrationsberatung" => ("#0b6e4f", "🧭"),
        "integrationsmanagement" => ("#047857", "🗺"),
        "lotsen" => ("#0f766e", "🪧"),
        "integrationsbeauftragte" => ("#115e59", "🏛"),
        "sprachmittler" => ("#1d4ed8", "💬"),
        "sprachkurs" => ("#4338ca", "📖"),
        "psychosozial" => ("#be123c", "💚"),
        "gesundheit" => ("#b91c1c", "⚕"),
        "arbeit" => ("#6d28d9", "💼"),
        "foerderung" => ("#7e22ce", "💶"),
        "jugendamt" => ("#374151", "🛡"),
        "jugend" => ("#db2777", "✨"),
        "ehrenamt" => ("#0e7490", "🤝"),
        "migrantenorganisation" => ("#0369a1", "👥"),
        "wohnen" => ("#57534e", "🏠"),
        _ => ("#4a524e", "•"),
    }
}

fn document_dir_is_rtl() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("dir"))
        .is_some_and(|d| d.eq_ignore_ascii_case("rtl"))
}

/// A value as the JavaScript side reads it (plain JSON objects).
fn to_js(value: &impl Serialize) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

fn markers(offers: &[NearbyOfferDto], numbered: usize) -> JsValue {
    let list: Vec<Marker<'_>> = offers
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let (color, glyph) = category_style(&o.category_id);
            Marker {
                id: &o.id,
                name: &o.name,
                category: &o.category_id,
                lat: o.lat,
                lon: o.lon,
                color,
                glyph,
                rank: (i < numbered).then_some(i + 1),
            }
        })
        .collect();
    to_js(&list)
}

/// The options `LotseMap.create` starts with.
fn options(i18n: I18n) -> JsValue {
    let user_agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    to_js(&Options {
        tile_base: tile_base(&user_agent),
        lang: i18n.lang.get_untracked(),
        rtl: document_dir_is_rtl(),
        labels: untrack(|| Labels::new(i18n)),
    })
}

/// The map's element and, once it is in the document, the map in it.
#[derive(Clone, Copy)]
struct MapHandle {
    node: NodeRef<Div>,
    map: StoredValue<Option<JsMap>, LocalStorage>,
}

impl MapHandle {
    /// Calls `f` with the map if there is one.
    fn with_map(self, f: impl FnOnce(&JsMap)) {
        self.map.with_value(|m| {
            if let Some(m) = m {
                f(m);
            }
        });
    }
}

/// What the map calls back: a marker tap, a tap on the empty map, a move.
type Callbacks = (
    Closure<dyn Fn(String)>,
    Closure<dyn Fn(f64, f64)>,
    Closure<dyn Fn(f64, f64)>,
);

fn callbacks(
    selected: RwSignal<Option<String>>,
    user_moved: StoredValue<bool>,
    on_map_tap: Option<Callback<(f64, f64)>>,
    on_view_change: Option<Callback<(f64, f64)>>,
) -> Callbacks {
    let on_select = Closure::<dyn Fn(String)>::new(move |id: String| selected.set(Some(id)));
    let on_tap = Closure::<dyn Fn(f64, f64)>::new(move |lat, lon| {
        if let Some(cb) = on_map_tap {
            cb.run((lat, lon));
        }
    });
    let on_view = Closure::<dyn Fn(f64, f64)>::new(move |lat, lon| {
        user_moved.set_value(true);
        if let Some(cb) = on_view_change {
            cb.run((lat, lon));
        }
    });
    (on_select, on_tap, on_view)
}

/// Create the map once the element is in the document.
fn create_when_mounted(
    i18n: I18n,
    handle: MapHandle,
    closures: StoredValue<Option<Callbacks>, LocalStorage>,
    failed: RwSignal<Option<String>>,
) {
    Effect::new(move |_| {
        let Some(el) = handle.node.get() else {
            return;
        };
        if handle.map.with_value(Option::is_some) {
            return;
        }
        let options = options(i18n);
        let created =
            closures.with_value(|c| c.as_ref().map(|(s, t, v)| js_create(&el, options, s, t, v)));
        match created {
            Some(Ok(m)) => handle.map.set_value(Some(m)),
            Some(Err(e)) => failed.set(Some(
                e.as_string()
                    .unwrap_or_else(|| untrack(|| i18n.t(Key::MapFailed))),
            )),
            None => {}
        }
    });
}

/// Offers → markers. The view fits the numbered offers when they change,
/// unless the change answers the user's own move of the map (the list
/// follows the map then, and the map stays where the user put it).
fn follow_offers(
    handle: MapHandle,
    offers: Signal<Vec<NearbyOfferDto>>,
    numbered: Option<Signal<usize>>,
    user_moved: StoredValue<bool>,
) {
    let fitted = StoredValue::new(Vec::<String>::new());
    Effect::new(move |_| {
        let list = offers.get();
        let numbered = numbered.map_or(list.len(), |n| n.get()).min(list.len());
        if handle.node.get().is_none() {
            return;
        }
        let ids: Vec<String> = list[..numbered].iter().map(|o| o.id.clone()).collect();
        let changed = fitted.with_value(|f| *f != ids);
        let fit = changed && !user_moved.get_value();
        if changed {
            fitted.set_value(ids);
            user_moved.set_value(false);
        }
        handle.with_map(|m| m.set_offers(markers(&list, numbered), fit));
    });
}

/// The selected marker and the user's position follow their signals.
fn follow_selection_and_position(
    handle: MapHandle,
    selected: RwSignal<Option<String>>,
    user_position: Signal<Option<(f64, f64)>>,
) {
    Effect::new(move |_| {
        let id = selected.get();
        let _ = handle.node.get();
        handle.with_map(|m| m.select(id));
    });

    Effect::new(move |_| {
        let pos = user_position.get();
        let _ = handle.node.get();
        handle.with_map(|m| match pos {
            Some((lat, lon)) => m.set_user_position(lat, lon),
            None => m.clear_user_position(),
        });
    });
}

/// The map. `offers` in list order: the first `numbered` (all, by default)
/// are numbered and highlighted like the list, any further ones clustered.
#[component]
pub fn MapView(
    offers: Signal<Vec<NearbyOfferDto>>,
    /// The selected offer's id: a marker tap sets it; setting it pans to
    /// and highlights the marker.
    selected: RwSignal<Option<String>>,
    /// (lat, lon)
    user_position: Signal<Option<(f64, f64)>>,
    /// A tap on the empty map: (lat, lon).
    #[prop(optional)]
    on_map_tap: Option<Callback<(f64, f64)>>,
    /// The map's centre after the user panned or zoomed: (lat, lon).
    #[prop(optional)]
    on_view_change: Option<Callback<(f64, f64)>>,
    /// How many of `offers` are numbered; by default all.
    #[prop(optional, into)]
    numbered: Option<Signal<usize>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let handle = MapHandle {
        node: NodeRef::<Div>::new(),
        map: StoredValue::new_local(None::<JsMap>),
    };
    let failed = RwSignal::new(None::<String>);
    // Set when the user moved the map: the next new list keeps the view.
    let user_moved = StoredValue::new(false);
    let closures = StoredValue::new_local(Some(callbacks(
        selected,
        user_moved,
        on_map_tap,
        on_view_change,
    )));

    create_when_mounted(i18n, handle, closures, failed);
    // The controls follow the UI language.
    Effect::new(move |_| {
        let labels = to_js(&Labels::new(i18n));
        handle.with_map(|m| m.set_labels(labels));
    });
    follow_offers(handle, offers, numbered, user_moved);
    follow_selection_and_position(handle, selected, user_position);

    on_cleanup(move || {
        handle.map.try_update_value(|m| {
            if let Some(m) = m.take() {
                m.destroy();
            }
        });
        closures.try_update_value(|c| c.take());
    });

    view! {
        <div class="map-view" data-testid="map-view">
            <div class="map-view__map" dir="ltr" node_ref=handle.node role="region" aria-label="Karte der Angebote"></div>
            {move || failed.get().map(|msg| view! { <p class="map-view__error" role="alert">{msg}</p> })}
        </div>
    }
}
