//! Settings: street-level map detail packs. The feed's offer (known offline
//! from the last update) with a download button each, and the installed packs
//! with their size and a delete button.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{ApiError, MapPackDto, OfferedPackDto};

use crate::api;
use crate::format::size;
use crate::i18n::{use_i18n, Key};
use crate::sync_watch::use_sync;

type Installed = LocalResource<Result<Vec<MapPackDto>, ApiError>>;
type Offered = LocalResource<Result<Vec<OfferedPackDto>, ApiError>>;

#[component]
pub fn MapPackSection() -> impl IntoView {
    let i18n = use_i18n();
    let packs: Installed = LocalResource::new(api::list_map_packs);
    // An update may bring a new offer.
    let sync = use_sync();
    let offered: Offered = LocalResource::new(move || {
        sync.revision.get();
        api::offered_map_packs()
    });
    let body = move || {
        match packs.get() {
        None => view! { <p class="state">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="state" data-testid="packs-empty">{i18n.t(Key::SettingsPacksEmpty)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="settings__list">
                {list.into_iter().map(|p| view! { <PackItem pack=p packs=packs offered=offered /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    let offer = move || {
        let list: Vec<OfferedPackDto> = offered
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !p.installed)
            .collect();
        (!list.is_empty()).then(|| view! {
            <h4>{move || i18n.t(Key::SettingsPacksOffered)}</h4>
            <ul class="settings__list">
                {list.into_iter().map(|p| view! { <OfferedItem pack=p packs=packs offered=offered /> }).collect_view()}
            </ul>
        })
    };
    view! {
        <section class="settings__section" data-testid="settings-packs">
            <h3>{move || i18n.t(Key::SettingsPacks)}</h3>
            {body}
            {offer}
        </section>
    }
}

#[component]
fn OfferedItem(pack: OfferedPackDto, packs: Installed, offered: Offered) -> impl IntoView {
    let i18n = use_i18n();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = pack.id.clone();
    let download = move |_| {
        let id = id.clone();
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(e) = api::download_map_pack(&id).await {
                error.set(Some(e.message));
            }
            busy.set(false);
            packs.refetch();
            offered.refetch();
        });
    };
    let (label, bytes) = (pack.label.clone(), pack.bytes);
    let button_label = move || {
        let key = if busy.get() {
            Key::SettingsPackDownloading
        } else {
            Key::SettingsPackDownload
        };
        i18n.t_with(
            key,
            &[
                ("pack", label.clone().into()),
                ("size", size(i18n, bytes).into()),
            ],
        )
    };
    view! {
        <li class="settings__item" data-testid="pack-offer" data-pack=pack.id.clone()>
            <button type="button" class="button" data-testid="pack-download"
                aria-busy=move || busy.get().to_string() disabled=move || busy.get() on:click=download>
                {button_label}
            </button>
            {move || error.get().map(|e| view! { <p class="state state--error" role="alert" data-testid="pack-error">{e}</p> })}
        </li>
    }
}

#[component]
fn PackItem(pack: MapPackDto, packs: Installed, offered: Offered) -> impl IntoView {
    let i18n = use_i18n();
    let id = pack.id.clone();
    let delete = move |_| {
        let id = id.clone();
        spawn_local(async move {
            let _ = api::delete_map_pack(&id).await;
            packs.refetch();
            offered.refetch();
        });
    };
    let (label, bytes, zoom) = (pack.label.clone(), pack.bytes, pack.max_zoom);
    let delete_label = label.clone();
    view! {
        <li class="settings__item" data-testid="pack" data-pack=pack.id.clone()>
            <span>{label}</span>
            <span class="settings__meta" data-testid="pack-size">
                {move || i18n.t_with(Key::SettingsPackSize, &[("size", size(i18n, bytes).into()), ("zoom", zoom.into())])}
            </span>
            <button type="button" class="button" data-testid="pack-delete" on:click=delete>
                {move || i18n.t_with(Key::SettingsPackDelete, &[("pack", delete_label.clone().into())])}
            </button>
        </li>
    }
}
