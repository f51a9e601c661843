//! Settings: the app's language, updates (status, "update now"), the
//! regions kept offline, the directory as a file, map detail packs, the
//! feed an office runs, the data on this device, privacy and about.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{FeedSetupDto, RegionDto};

use crate::api;
use crate::components::sync_line::SyncLine;
use crate::components::topbar::LanguageSelect;
use crate::format::size;
use crate::i18n::{use_i18n, Key};
use crate::pages::settings_data::{AboutSection, BundleSection, PublishersSection, StorageSection};
use crate::pages::settings_packs::MapPackSection;
use crate::sync_watch::use_sync;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <main class="page settings">
            <h2>{move || i18n.t(Key::SettingsTitle)}</h2>
            <section class="settings__section">
                <h3>{move || i18n.t(Key::SettingsLanguage)}</h3>
                <LanguageSelect testid="settings-language" />
            </section>
            <UpdateSection />
            <RegionSection />
            <BundleSection />
            <PublishersSection />
            <MapPackSection />
            <FeedSection />
            <StorageSection />
            <AboutSection />
        </main>
    }
}

#[component]
fn UpdateSection() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let error = RwSignal::new(None::<String>);
    let update_now = move |_| {
        spawn_local(async move {
            match api::start_sync().await {
                Ok(_) => sync.follow(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let last = move || {
        sync.status.get().map(|s| match s.last_success_at {
            Some(at) => i18n.t_with(
                Key::SyncLastSuccess,
                &[("date", at.replace('T', " ").replace('Z', " UTC").into())],
            ),
            None => i18n.t(Key::SyncNever),
        })
    };
    view! {
        <section class="settings__section" data-testid="settings-updates">
            <h3>{move || i18n.t(Key::SettingsUpdates)}</h3>
            <SyncLine detailed=true />
            <p data-testid="sync-last">{last}</p>
            <button type="button" class="button" data-testid="sync-now"
                disabled=move || sync.running() on:click=update_now>
                {move || i18n.t(Key::SyncNow)}
            </button>
            {move || error.get().map(|e| view! { <p class="state state--error" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
fn RegionSection() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let regions = move || sync.status.get().map(|s| s.regions).unwrap_or_default();
    view! {
        <section class="settings__section" data-testid="settings-regions">
            <h3>{move || i18n.t(Key::SettingsRegions)}</h3>
            {move || {
                let list = regions();
                if list.is_empty() {
                    view! { <p class="state">{i18n.t(Key::SettingsRegionsEmpty)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="settings__list">
                            {
                                let kept = list.iter().filter(|r| r.kept).count();
                                list.into_iter()
                                    .map(|r| {
                                        let last = r.kept && kept == 1;
                                        view! { <RegionItem region=r last=last /> }
                                    })
                                    .collect_view()
                            }
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn RegionItem(region: RegionDto, last: bool) -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let id = region.id.clone();
    let toggle = move |ev: leptos::ev::Event| {
        let (id, keep) = (id.clone(), event_target_checked(&ev));
        spawn_local(async move {
            if api::keep_region(&id, keep).await.is_ok() {
                sync.follow();
            }
        });
    };
    let name = if region.name.is_empty() {
        region.id.clone()
    } else {
        region.name.clone()
    };
    let details = {
        let name = name.clone();
        move || {
            (
                i18n.t_with(Key::SettingsRegionKeep, &[("region", name.clone().into())]),
                i18n.t_with(
                    Key::SettingsRegionSize,
                    &[
                        ("offers", region.offers.into()),
                        ("size", size(i18n, region.download_bytes).into()),
                    ],
                ),
            )
        }
    };
    view! {
        <li class="settings__item" data-testid="region" data-region=region.id.clone()>
            <label class="settings__check">
                // The last kept region stays: with none kept, the next
                // update would fetch every region.
                <input type="checkbox" checked=region.kept disabled=last on:change=toggle />
                <span>{let d = details.clone(); move || d().0}</span>
            </label>
            <span class="settings__meta">{move || details().1}</span>
            {last.then(|| view! {
                <span class="settings__meta" data-testid="region-last">
                    {move || i18n.t(Key::SettingsRegionLast)}
                </span>
            })}
        </li>
    }
}

#[component]
fn FeedSection() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let (url, key, token) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let error = RwSignal::new(None::<String>);
    // Fill the form once with what is set up.
    Effect::new(move || {
        if let Some(s) = sync.status.get() {
            if url.get_untracked().is_empty() && !s.feed_url.is_empty() {
                url.set(s.feed_url.clone());
                key.set(s.publisher_keys.first().cloned().unwrap_or_default());
            }
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let token = token.get_untracked();
        let setup = FeedSetupDto {
            url: url.get_untracked(),
            publisher_key: key.get_untracked(),
            reporter_token: (!token.trim().is_empty()).then_some(token),
        };
        spawn_local(async move {
            match api::set_feed(&setup).await {
                Ok(_) => {
                    error.set(None);
                    sync.follow();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let current = move || {
        sync.status
            .get()
            .filter(|s| !s.feed_url.is_empty())
            .map(|s| i18n.t_with(Key::SettingsFeedCurrent, &[("url", s.feed_url.into())]))
    };
    view! {
        <section class="settings__section" data-testid="settings-feed">
            <h3>{move || i18n.t(Key::SettingsFeed)}</h3>
            <p class="state">{move || i18n.t(Key::SettingsFeedHelp)}</p>
            <p data-testid="feed-current">{current}</p>
            <form class="settings__form" on:submit=save>
                <label>{move || i18n.t(Key::SettingsFeedUrl)}
                    <input type="url" dir="ltr" data-testid="feed-url" inputmode="url" autocomplete="off"
                        prop:value=url on:input=move |ev| url.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t(Key::SettingsFeedKey)}
                    <input type="text" dir="ltr" data-testid="feed-key" autocomplete="off" spellcheck="false"
                        prop:value=key on:input=move |ev| key.set(event_target_value(&ev)) />
                </label>
                <label>{move || i18n.t(Key::SettingsFeedToken)}
                    <input type="password" dir="ltr" data-testid="feed-token" autocomplete="off"
                        prop:value=token on:input=move |ev| token.set(event_target_value(&ev)) />
                </label>
                <button type="submit" class="button" data-testid="feed-save">{move || i18n.t(Key::SettingsFeedSave)}</button>
            </form>
            {move || error.get().map(|e| view! { <p class="state state--error" role="alert" data-testid="feed-error">{e}</p> })}
        </section>
    }
}
