//! The first start, on a device that holds only the demo: what Lotse is,
//! the language, where to look, and how to get the office's real directory
//! (a built-in publisher's nearest region, or a file, a QR code or a link).
//! Every step may be skipped; the demo stays available and marked.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use lotse_contract::{FeedRegionDto, PublisherDto};

use crate::api;
use crate::components::place_picker::PlacePicker;
use crate::components::topbar::LanguageSelect;
use crate::format::{distance, size};
use crate::i18n::{use_i18n, Key};
use crate::state::{use_place, PlaceSource};
use crate::sync_watch::use_sync;

/// Set once the welcome was finished or skipped on this device (deleting
/// all data clears it, and the welcome comes back).
const WELCOME_DONE: &str = "lotse.welcome-done";

/// Whether the welcome should open at start: not yet done, and nothing but
/// the demo (or nothing) in the directory.
pub fn welcome_due(offers: u64, demo_offers: u64) -> bool {
    api::storage_get(WELCOME_DONE).is_none() && offers == demo_offers
}

fn finish_welcome() {
    api::storage_set(WELCOME_DONE, "1");
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let done = move |_| {
        finish_welcome();
        navigate("/", Default::default());
    };
    view! {
        <main class="page page--welcome" data-testid="welcome">
            <h2>{move || i18n.t(Key::WelcomeTitle)}</h2>
            <p class="welcome__intro">{move || i18n.t(Key::WelcomeIntro)}</p>
            <p class="welcome__privacy">"🔒 " {move || i18n.t(Key::PrivacyNote)}</p>
            <section class="welcome__step" aria-labelledby="welcome-language">
                <h3 id="welcome-language">{move || i18n.t(Key::LanguageLabel)}</h3>
                <LanguageSelect testid="welcome-language" />
            </section>
            <section class="welcome__step welcome__place">
                <PlacePicker />
            </section>
            <GetTheDirectory />
            <div class="welcome__actions">
                <button type="button" class="button" data-testid="welcome-demo" on:click=done.clone()>
                    {move || i18n.t(Key::WelcomeDemo)}
                </button>
                <button type="button" class="button button--quiet" data-testid="welcome-skip" on:click=done>
                    {move || i18n.t(Key::WelcomeSkip)}
                </button>
            </div>
        </main>
    }
}

/// The built-in publishers that name a feed, each with its nearest regions;
/// without one, the three ways an office hands its directory on.
#[component]
fn GetTheDirectory() -> impl IntoView {
    let i18n = use_i18n();
    let publishers = LocalResource::new(api::built_in_publishers);
    let with_feed = move || {
        publishers
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.feed.is_some())
            .collect::<Vec<_>>()
    };
    view! {
        <section class="welcome__step" aria-labelledby="welcome-get">
            <h3 id="welcome-get">{move || i18n.t(Key::WelcomeGetTitle)}</h3>
            <For each=with_feed key=|p| p.key.clone() let:publisher>
                <PublisherOffer publisher=publisher />
            </For>
            <ul class="welcome__ways" data-testid="welcome-ways">
                <li>{move || i18n.t(Key::WelcomeWayFile)}</li>
                <li>{move || i18n.t(Key::WelcomeWayLink)}</li>
                <li>
                    {move || i18n.t(Key::WelcomeWaySettings)} " "
                    <a href="/settings" data-testid="welcome-settings" on:click=move |_| finish_welcome()>
                        {move || i18n.t(Key::NavSettings)}
                    </a>
                </li>
            </ul>
        </section>
    }
}

#[component]
fn PublisherOffer(publisher: PublisherDto) -> impl IntoView {
    let i18n = use_i18n();
    let place = use_place();
    let key = publisher.key.clone();
    // Asked again whenever the place changes, so the nearest region is first.
    let regions = LocalResource::new(move || {
        let key = key.clone();
        let p = place.place.get();
        let near = (p.source != PlaceSource::Example).then_some((p.lat, p.lon));
        async move { api::preview_publisher_feed(&key, near).await }
    });
    let name = publisher.name.clone();
    let body = move || match regions.get() {
        None => view! { <p class="state">{i18n.t(Key::CardLoading)}</p> }.into_any(),
        Some(Err(e)) => view! {
            <p class="state state--warning" role="status" data-testid="welcome-feed-error">
                {i18n.t(Key::WelcomeFeedUnavailable)} " (" {e.message} ")"
            </p>
        }
        .into_any(),
        Some(Ok(list)) => {
            let key = publisher.key.clone();
            view! { <RegionChoice publisher_key=key regions=list /> }.into_any()
        }
    };
    view! {
        <div class="welcome__publisher" data-testid="welcome-publisher">
            <p>{move || i18n.t_with(Key::WelcomeFromPublisher, &[("publisher", name.clone().into())])}</p>
            {body}
        </div>
    }
}

/// The nearest region as the main button, the others below it.
#[component]
fn RegionChoice(publisher_key: String, regions: Vec<FeedRegionDto>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let navigate = use_navigate();
    let problem = RwSignal::new(None::<String>);
    let items = regions
        .into_iter()
        .enumerate()
        .map(|(i, region)| {
            let (key, id, navigate) = (publisher_key.clone(), region.id.clone(), navigate.clone());
            let follow = move |_| {
                let (key, id, navigate) = (key.clone(), id.clone(), navigate.clone());
                spawn_local(async move {
                    match api::follow_publisher(&key, &id).await {
                        Ok(_) => {
                            finish_welcome();
                            sync.follow();
                            navigate("/", Default::default());
                        }
                        Err(e) => problem.set(Some(e.message)),
                    }
                });
            };
            let label = move || {
                let mut text = i18n.t_with(
                    Key::WelcomeDownloadRegion,
                    &[
                        ("region", region.name.clone().into()),
                        ("size", size(i18n, region.download_bytes).into()),
                        ("offers", region.offers.into()),
                    ],
                );
                if let Some(d) = region.distance_m.filter(|d| *d > 0.0) {
                    text.push_str(&format!(" · {}", distance(i18n, d)));
                }
                text
            };
            let class = if i == 0 { "button button--primary" } else { "button" };
            view! {
                <li>
                    <button type="button" class=class data-testid="welcome-region" data-region=region.id.clone() on:click=follow>
                        {label}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <ul class="welcome__regions">{items}</ul>
        {move || problem.get().map(|m| view! { <p class="state state--error" role="alert">{m}</p> })}
    }
}
