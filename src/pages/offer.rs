//! The offer card: everything needed to decide and to get in touch. Offer text
//! is untrusted: it is rendered as text only, and links pass the contract's
//! scheme check (tel:, mailto:, https:, geo:) or are not links at all.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use lotse_contract::links::is_allowed_href;
use lotse_contract::{DateBasis, LatLon, OfferDetailDto, OfferQuery};

use crate::api;
use crate::components::favourite_note::FavouriteNote;
use crate::components::print_buttons::PrintButtons;
use crate::components::report_form::ReportForm;
use crate::components::share_offer::ShareOffer;
use crate::components::sync_line::NotCurrentLine;
use crate::format::{day, distance, numerals, open_class, open_label, weekday};
use crate::i18n::{use_i18n, I18n, Key};
use crate::state::use_place;

/// A link only when the href passes the scheme check; plain text otherwise.
/// A tap hands the link to the system through the shell: the window never
/// navigates to it (it would leave Lotse with no way back).
#[component]
fn SafeLink(
    href: Option<String>,
    text: String,
    class: &'static str,
    testid: &'static str,
    #[prop(optional)] label: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failed = RwSignal::new(false);
    match href.filter(|h| is_allowed_href(h)) {
        Some(href) => {
            let target = href.clone();
            let open = move |ev: leptos::ev::MouseEvent| {
                ev.prevent_default();
                let target = target.clone();
                spawn_local(async move { failed.set(api::open_link(&target).await.is_err()) });
            };
            view! {
                <a class=class href=href data-testid=testid aria-label=label on:click=open>{text}</a>
                {move || failed.get().then(|| view! {
                    <span class="state state--error" role="alert" data-testid="link-failed">{i18n.t(Key::CardLinkFailed)}</span>
                })}
            }
            .into_any()
        }
        None => view! { <span class="card__plain" data-testid=testid>{text}</span> }.into_any(),
    }
}

#[component]
pub fn OfferPage() -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let params = use_params_map();
    let card = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        let (p, lang) = (place.place.get(), i18n.lang.get());
        async move {
            let query = OfferQuery {
                id,
                from: Some(LatLon {
                    lat: p.lat,
                    lon: p.lon,
                }),
            };
            api::offer_detail(&query, lang).await
        }
    });
    let body = move || match card.get() {
        None => view! { <p class="state">{i18n.t(Key::CardLoading)}</p> }.into_any(),
        Some(Err(e)) if e.code == lotse_contract::ErrorCode::NotFound => {
            view! { <p class="state" role="status">{i18n.t(Key::CardNotFound)}</p> }.into_any()
        }
        Some(Err(e)) => {
            view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any()
        }
        Some(Ok(offer)) => view! { <OfferCard offer=offer /> }.into_any(),
    };
    view! {
        <main class="page page--card">
            <button type="button" class="button button--back" data-testid="card-back" on:click=|_| history_back()>
                "← " {move || i18n.t(Key::CardBack)}
            </button>
            {body}
        </main>
    }
}

fn history_back() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.back();
    }
}

#[component]
fn OfferCard(offer: OfferDetailDto) -> impl IntoView {
    let i18n = use_i18n();
    let o = offer;
    let shared = o.clone();
    let file_name = o.name.clone();
    view! {
        <article class="card" data-testid="offer-card" data-offer-id=o.id.clone() lang=o.content_lang.clone()>
            {card_head(i18n, &o)}
            // Before the phone number: how far the details can be trusted.
            <NotCurrentLine />
            <FavouriteNote offer_id=o.id.clone() />
            {card_actions(i18n, &o)}
            <section class="card__section">
                <h3>{move || i18n.t(Key::CardAddress)}</h3>
                <p data-testid="card-address">{o.address.clone()}</p>
                {o.approximate.then(|| view! { <p class="mark">{move || i18n.t(Key::ApproximatePosition)}</p> })}
            </section>
            <section class="card__section">
                <h3>{move || i18n.t(Key::CardHours)}</h3>
                <HoursTable offer=o.clone() />
            </section>
            {(!o.languages.is_empty()).then(|| view! {
                <section class="card__section">
                    <h3>{move || i18n.t(Key::CardLanguages)}</h3>
                    <ul class="tags" data-testid="card-languages">
                        {o.languages.iter().map(|l| view! { <li lang=l.code.clone()>{l.autonym.clone()}</li> }).collect_view()}
                    </ul>
                </section>
            })}
            <section class="card__section">
                <h3>{move || i18n.t(Key::CardWho)}</h3>
                {o.eligibility.clone().map(|e| view! { <p>{e}</p> })}
                {(!o.target_groups.is_empty()).then(|| view! { <p>{o.target_groups.join(", ")}</p> })}
                {age_range(o.minimum_age, o.maximum_age).map(|r| view! { <p>{move || i18n.t_with(Key::CardAge, &[("range", r.clone().into())])}</p> })}
                {o.service_area.clone().map(|a| view! { <p>{move || i18n.t(Key::CardArea)} ": " {a.clone()}</p> })}
            </section>
            <section class="card__section">
                <h3>{move || i18n.t(Key::CardFees)}</h3>
                <p>{move || i18n.t(match o.free { Some(true) => Key::CardFeesFree, Some(false) => Key::CardFeesPaid, None => Key::CardFeesUnknown })}</p>
                {o.fees_description.clone().map(|f| view! { <p>{f}</p> })}
            </section>
            <section class="card__section">
                <h3>{move || i18n.t(Key::CardProvider)}</h3>
                <p>{o.provider.clone()}</p>
                {(!o.funders.is_empty()).then(|| view! { <p>{move || i18n.t(Key::CardFunders)} ": " {o.funders.join(", ")}</p> })}
            </section>
            {(!o.description.is_empty()).then(|| view! {
                <section class="card__section">
                    <h3>{move || i18n.t(Key::CardAbout)}</h3>
                    <p class="card__description" data-testid="card-description">{o.description.clone()}</p>
                </section>
            })}
            <section class="card__section card__provenance" data-testid="card-provenance">
                <p>{move || i18n.t_with(Key::CardSource, &[("source", o.source.clone().into())])}</p>
                <p data-testid="card-date">{move || dated(i18n, o.date_basis, &o.last_verified)}</p>
            </section>
            <ReportForm offer_id=o.id.clone() />
            <ShareOffer offer=shared />
            <PrintButtons name=file_name.clone() />
        </article>
    }
}

/// The offer's date as what it is: a check, only the source's date, or none.
fn dated(i18n: I18n, basis: DateBasis, date: &str) -> String {
    match basis {
        DateBasis::Checked => i18n.t_with(Key::CardVerified, &[("date", day(i18n, date).into())]),
        DateBasis::AsOf => i18n.t_with(Key::CardAsOf, &[("date", day(i18n, date).into())]),
        DateBasis::Unknown => i18n.t(Key::CardDateUnknown),
    }
}

/// The card's head: name, category, marks, open now, distance.
fn card_head(i18n: I18n, o: &OfferDetailDto) -> impl IntoView {
    let open = o.open_now.clone();
    view! {
        <header class="card__head">
            <h2 class="card__name" data-testid="card-name">{o.name.clone()}</h2>
            <p class="card__category">{o.category_label.clone()}</p>
            {o.is_demo.then(|| view! {
                <p class="mark mark--demo card__demo" data-testid="demo-mark" role="note">
                    {move || i18n.t(Key::DemoBadge)} " – " {move || i18n.t(Key::CardDemoWarning)}
                </p>
            })}
            {o.content_is_fallback.then(|| view! {
                <p class="mark mark--fallback" data-testid="fallback-mark" role="note">{move || i18n.t(Key::CardFallback)}</p>
            })}
            <p class=open_class(&open)>{ let open = open.clone(); move || open_label(i18n, &open) }</p>
            {o.distance_m.map(|d| view! {
                <p class="card__distance">{move || i18n.t_with(Key::DistanceAway, &[("distance", distance(i18n, d).into())])}</p>
            })}
        </header>
    }
}

/// Call, write, open the website, get directions, see it on the map.
fn card_actions(i18n: I18n, o: &OfferDetailDto) -> impl IntoView {
    let phone = o.phones.first().cloned();
    view! {
        <nav class="card__actions" aria-label=move || i18n.t(Key::CardLabel)>
            {phone.map(|p| view! { <SafeLink href=p.href text=format!("📞 {}", p.number) label=format!("{}: {}", i18n.t(Key::CardCall), p.number) class="action" testid="action-call" /> })}
            {o.email.clone().map(|e| view! { <SafeLink href=o.email_href.clone() text=format!("✉ {e}") label=format!("{}: {e}", i18n.t(Key::CardEmail)) class="action" testid="action-email" /> })}
            {o.website.clone().map(|w| view! { <SafeLink href=o.website_href.clone() text=format!("🌐 {w}") label=format!("{}: {w}", i18n.t(Key::CardWebsite)) class="action" testid="action-website" /> })}
            <SafeLink href=Some(o.geo_href.clone()) text=format!("🧭 {}", i18n.t(Key::CardDirections)) class="action" testid="action-directions" />
            <SafeLink href=Some(o.map_href.clone()) text=format!("🗺 {}", i18n.t(Key::CardOsm)) class="action" testid="action-osm" />
        </nav>
    }
}

fn age_range(min: Option<u32>, max: Option<u32>) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(format!("{a}–{b}")),
        (Some(a), None) => Some(format!("{a}+")),
        (None, Some(b)) => Some(format!("0–{b}")),
    }
}

#[component]
fn HoursTable(offer: OfferDetailDto) -> impl IntoView {
    let i18n = use_i18n();
    if let Some(raw) = offer.hours_text {
        return view! { <p>{move || i18n.t_with(Key::CardHoursRaw, &[("text", raw.clone().into())])}</p> }.into_any();
    }
    if offer.week.is_empty() {
        return view! { <p>{move || i18n.t(Key::HoursUnknown)}</p> }.into_any();
    }
    view! {
        <table class="hours" data-testid="hours-table">
            <tbody>
                {offer.week.into_iter().map(|day| {
                    let times = if day.times.is_empty() { None } else { Some(day.times.join(", ")) };
                    view! {
                        <tr class:hours__today=day.is_today>
                            <th scope="row">{move || weekday(i18n, day.weekday)} {day.is_today.then(|| view! { " (" {move || i18n.t(Key::CardToday)} ")" })}</th>
                            <td dir="ltr">{move || times.as_deref().map(|t| numerals(i18n, t)).unwrap_or_else(|| i18n.t(Key::CardClosedDay))}</td>
                            <td>{day.note.clone()}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
