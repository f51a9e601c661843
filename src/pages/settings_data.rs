//! Settings sections about the data on this device: the directory as a file,
//! sizes and "delete all", and privacy and about.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::format::size;
use crate::i18n::{use_i18n, Key};
use crate::sync_watch::use_sync;

#[component]
pub fn BundleSection() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let message = RwSignal::new(None::<(bool, String)>);
    let navigate = use_navigate();
    let import = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            match api::import_bundle_file().await {
                Ok(true) => {
                    message.set(None);
                    navigate("/open-file", Default::default());
                }
                Ok(false) => {}
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    let export = move |_| {
        spawn_local(async move {
            match api::export_bundle_file().await {
                Ok(Some(file)) => message.set(Some((
                    true,
                    i18n.t_with(Key::SettingsSaved, &[("file", file.into())]),
                ))),
                Ok(None) => {}
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    view! {
        <section class="settings__section" data-testid="settings-bundles">
            <h3>{move || i18n.t(Key::SettingsBundles)}</h3>
            <p class="state">{move || i18n.t(Key::SettingsBundlesHelp)}</p>
            <div class="settings__actions">
                <button type="button" class="button" data-testid="bundle-import" disabled=move || sync.running() on:click=import>
                    {move || i18n.t(Key::SettingsBundleImport)}
                </button>
                <button type="button" class="button" data-testid="bundle-export" on:click=export>
                    {move || i18n.t(Key::SettingsBundleExport)}
                </button>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "state" } else { "state state--error" } role="status" data-testid="bundle-message">{text}</p>
            })}
        </section>
    }
}

#[component]
pub fn StorageSection() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    let sizes = LocalResource::new(move || {
        sync.revision.get();
        api::storage_info()
    });
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, String)>);
    let delete = move |_| {
        spawn_local(async move {
            match api::delete_all_data().await {
                Ok(()) => {
                    confirming.set(false);
                    message.set(Some((true, i18n.t(Key::SettingsDeleted))));
                    sizes.refetch();
                    sync.revision.update(|r| *r += 1);
                    sync.refresh();
                }
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    let line = move || {
        sizes.get().and_then(Result::ok).map(|s| {
            i18n.t_with(
                Key::SettingsStorageSizes,
                &[
                    ("db", size(i18n, s.database_bytes).into()),
                    ("cache", size(i18n, s.cache_bytes).into()),
                    ("packs", size(i18n, s.map_pack_bytes).into()),
                    ("favourites", size(i18n, s.favourites_bytes).into()),
                ],
            )
        })
    };
    view! {
        <section class="settings__section" data-testid="settings-storage">
            <h3>{move || i18n.t(Key::SettingsStorage)}</h3>
            <p data-testid="storage-sizes">{line}</p>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="button button--danger" data-testid="delete-all" on:click=move |_| confirming.set(true)>
                    {move || i18n.t(Key::SettingsDeleteAll)}
                </button>
            }>
                <p role="alert">{move || i18n.t(Key::SettingsDeleteConfirm)}</p>
                <div class="settings__actions">
                    <button type="button" class="button button--danger" data-testid="delete-all-yes" on:click=delete>
                        {move || i18n.t(Key::SettingsDeleteYes)}
                    </button>
                    <button type="button" class="button" data-testid="delete-all-no" on:click=move |_| confirming.set(false)>
                        {move || i18n.t(Key::SettingsDeleteNo)}
                    </button>
                </div>
            </Show>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "state" } else { "state state--error" } role="status" data-testid="delete-message">{text}</p>
            })}
        </section>
    }
}

/// The publishers this build trusts from the start, with their fingerprints.
#[component]
pub fn PublishersSection() -> impl IntoView {
    let i18n = use_i18n();
    let publishers = LocalResource::new(api::built_in_publishers);
    let list = move || match publishers.get() {
        Some(Ok(list)) if !list.is_empty() => list
            .into_iter()
            .map(|p| {
                view! {
                    <li data-testid="publisher">
                        <strong>{p.name}</strong> " · " <code dir="ltr">{p.fingerprint}</code>
                        {p.feed.map(|f| view! { " · " <span dir="ltr">{f}</span> })}
                    </li>
                }
            })
            .collect_view()
            .into_any(),
        Some(Ok(_)) => view! { <li>{i18n.t(Key::SettingsPublishersNone)}</li> }.into_any(),
        Some(Err(e)) => view! { <li role="alert">{e.message}</li> }.into_any(),
        None => ().into_any(),
    };
    view! {
        <section class="settings__section" data-testid="settings-publishers">
            <h3>{move || i18n.t(Key::SettingsPublishers)}</h3>
            <ul class="settings__list">{list}</ul>
        </section>
    }
}

#[component]
pub fn AboutSection() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="settings__section" data-testid="settings-privacy">
            <h3>{move || i18n.t(Key::SettingsPrivacy)}</h3>
            <p>{move || i18n.t(Key::SettingsPrivacyText)}</p>
        </section>
        <section class="settings__section" data-testid="settings-about">
            <h3>{move || i18n.t(Key::SettingsAbout)}</h3>
            <p>{move || i18n.t(Key::SettingsAboutText)}</p>
            <h4>{move || i18n.t(Key::SettingsSources)}</h4>
            <ul class="settings__sources">
                <li>{move || i18n.t(Key::AboutMap)}</li>
                <li>{move || i18n.t(Key::AboutPlaces)}</li>
                <li>{move || i18n.t(Key::AboutSoftware)}</li>
            </ul>
        </section>
    }
}
