//! A directory file opened on the device, before anything is imported: who
//! signed it (a built-in publisher, one this device follows, or an unknown
//! key with its fingerprint to compare), its regions, offers and date.
//! An unknown key is imported only after the user says they trust it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use lotse_contract::{FeedLinkDto, FeedSetupDto, FileTrust, OpenedFileDto};

use crate::api;
use crate::format::day;
use crate::i18n::{use_i18n, Key};
use crate::sync_watch::use_sync;

#[component]
pub fn OpenFilePage() -> impl IntoView {
    let i18n = use_i18n();
    let file = LocalResource::new(api::opened_file);
    let body = move || {
        match file.get() {
        None => view! { <p class="state">{i18n.t(Key::CardLoading)}</p> }.into_any(),
        Some(Ok(None)) => view! { <p class="state" role="status" data-testid="open-file-none">{i18n.t(Key::OpenFileTitle)} " – " {i18n.t(Key::CardNotFound)}</p> }.into_any(),
        Some(Ok(Some(f))) => view! { <Confirmation file=f /> }.into_any(),
        Some(Err(e)) => view! { <p class="state state--error" role="alert" data-testid="open-file-error">{e.message}</p> }.into_any(),
    }
    };
    view! {
        <main class="page page--open-file">
            <h2>{move || i18n.t(Key::OpenFileTitle)}</h2>
            {body}
        </main>
    }
}

#[component]
fn Confirmation(file: OpenedFileDto) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let navigate = use_navigate();
    let unknown = file.trust == FileTrust::Unknown;
    let trusted = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let go_home = move || navigate("/", Default::default());
    let import = {
        let go_home = go_home.clone();
        move |_| {
            let go_home = go_home.clone();
            spawn_local(async move {
                match api::import_opened_file(trusted.get_untracked()).await {
                    Ok(true) => {
                        sync.follow();
                        go_home();
                    }
                    Ok(false) => problem.set(Some(i18n.t(Key::OpenFileBusy))),
                    Err(e) => problem.set(Some(e.message)),
                }
            });
        }
    };
    let cancel = move |_| {
        let go_home = go_home.clone();
        spawn_local(async move {
            let _ = api::dismiss_opened_file().await;
            go_home();
        });
    };
    let trust_note = match file.trust {
        FileTrust::BuiltIn => Key::OpenFileTrustBuiltIn,
        FileTrust::Device => Key::OpenFileTrustDevice,
        FileTrust::Unknown => Key::OpenFileTrustUnknown,
    };
    let (name, date, regions) = (
        file.publisher.clone(),
        file.published_at.clone(),
        file.regions.join(", "),
    );
    view! {
        <section class="card open-file" data-testid="open-file" data-trust=format!("{:?}", file.trust)>
            <p class="open-file__name">{file.file_name.clone()}</p>
            <h3 data-testid="open-file-publisher">{move || i18n.t_with(Key::OpenFilePublisher, &[("name", name.clone().into())])}</h3>
            <p class=if unknown { "mark mark--warning" } else { "mark" } role="note" data-testid="open-file-trust">{move || i18n.t(trust_note)}</p>
            <p>{move || i18n.t(Key::OpenFileFingerprint)} ": "
                <code dir="ltr" data-testid="open-file-fingerprint">{file.fingerprint.clone()}</code>
            </p>
            <p data-testid="open-file-regions">{move || i18n.t_with(Key::OpenFileRegions, &[("regions", regions.clone().into())])}</p>
            <p data-testid="open-file-offers">{move || i18n.t_with(Key::OpenFileOffers, &[("count", file.offers.into())])}</p>
            <p>{move || i18n.t_with(Key::OpenFileDate, &[("date", day(i18n, &date).into())])}</p>
            {unknown.then(|| view! {
                <label class="open-file__trust">
                    <input type="checkbox" data-testid="open-file-trust-key" on:change=move |ev| trusted.set(event_target_checked(&ev)) />
                    {move || i18n.t(Key::OpenFileConfirmKey)}
                </label>
            })}
            <div class="card__share-buttons">
                <button type="button" class="button button--primary" data-testid="open-file-import"
                    disabled=move || unknown && !trusted.get() on:click=import>
                    {move || i18n.t(Key::OpenFileImport)}
                </button>
                <button type="button" class="button" data-testid="open-file-cancel" on:click=cancel>{move || i18n.t(Key::OpenFileCancel)}</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="state state--error" role="alert">{p}</p> })}
        </section>
    }
}

/// A `lotse://feed` link: the office's feed address and key (as its
/// fingerprint); following it sets up updates as the settings' form does.
#[component]
pub fn OpenLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let link = LocalResource::new(api::opened_link);
    let body = move || match link.get() {
        None => ().into_any(),
        Some(Ok(Some(l))) => view! { <FollowLink link=l /> }.into_any(),
        Some(Ok(None)) => {
            view! { <p class="state" role="status">{i18n.t(Key::CardNotFound)}</p> }.into_any()
        }
        Some(Err(e)) => {
            view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any()
        }
    };
    view! {
        <main class="page page--open-file">
            <h2>{move || i18n.t(Key::OpenLinkTitle)}</h2>
            {body}
        </main>
    }
}

#[component]
fn FollowLink(link: FeedLinkDto) -> impl IntoView {
    let (i18n, sync, navigate) = (use_i18n(), use_sync(), use_navigate());
    let problem = RwSignal::new(None::<String>);
    let setup = FeedSetupDto {
        url: link.url.clone(),
        publisher_key: link.publisher_key.clone(),
        reporter_token: None,
    };
    let follow = {
        let navigate = navigate.clone();
        move |_| {
            let (setup, navigate) = (setup.clone(), navigate.clone());
            spawn_local(async move {
                match api::set_feed(&setup).await {
                    Ok(_) => {
                        let _ = api::dismiss_opened_file().await;
                        sync.follow();
                        navigate("/settings", Default::default());
                    }
                    Err(e) => problem.set(Some(e.message)),
                }
            });
        }
    };
    let cancel = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            let _ = api::dismiss_opened_file().await;
            navigate("/", Default::default());
        });
    };
    let url = link.url.clone();
    view! {
        <section class="card open-file" data-testid="open-link">
            <p class="mark mark--warning" role="note">{move || i18n.t(Key::OpenLinkText)}</p>
            <p data-testid="open-link-url">{move || i18n.t_with(Key::OpenLinkAddress, &[("url", url.clone().into())])}</p>
            <p>{move || i18n.t(Key::OpenFileFingerprint)} ": "
                <code dir="ltr" data-testid="open-link-fingerprint">{link.fingerprint.clone()}</code>
            </p>
            <div class="card__share-buttons">
                <button type="button" class="button button--primary" data-testid="open-link-follow" on:click=follow>{move || i18n.t(Key::OpenLinkFollow)}</button>
                <button type="button" class="button" data-testid="open-link-cancel" on:click=cancel>{move || i18n.t(Key::OpenLinkCancel)}</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="state state--error" role="alert">{p}</p> })}
        </section>
    }
}
