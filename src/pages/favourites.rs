//! "My favourites": kept offers with their private notes, also those a sync
//! has since removed from the directory (marked, note kept).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn FavouritesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::list_favourites);
    let body = move || {
        match list.get() {
        None => view! { <p class="state">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any(),
        Some(Ok(items)) if items.is_empty() => view! { <p class="state" data-testid="favourites-empty">{i18n.t(Key::FavouritesEmpty)}</p> }.into_any(),
        Some(Ok(items)) => view! {
            <ul class="reports" data-testid="favourites">
                {items.into_iter().map(|f| {
                    let href = format!("/offer/{}", f.offer_id);
                    view! {
                        <li class="report-item" data-testid="favourite-item" data-offer-id=f.offer_id.clone()>
                            {if f.in_directory {
                                view! { <A href=href attr:class="offer__link">{f.name.clone()}</A> }.into_any()
                            } else {
                                view! { <p class="report-item__offer">{f.name.clone()} " " <span class="mark">{i18n.t(Key::FavGone)}</span></p> }.into_any()
                            }}
                            {(!f.note.is_empty()).then(|| view! { <p class="report-item__comment" data-testid="favourite-item-note">{f.note.clone()}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    // The list as a file, to keep or to move to another device.
    let message = RwSignal::new(None::<(bool, String)>);
    let export = move |_| {
        spawn_local(async move {
            match api::export_favourites().await {
                Ok(Some(file)) => message.set(Some((
                    true,
                    i18n.t_with(Key::SettingsSaved, &[("file", file.into())]),
                ))),
                Ok(None) => {}
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    let import = move |_| {
        spawn_local(async move {
            match api::import_favourites().await {
                Ok(Some(count)) => {
                    message.set(Some((
                        true,
                        i18n.t_with(Key::FavouritesImported, &[("count", count.into())]),
                    )));
                    list.refetch();
                }
                Ok(None) => {}
                Err(e) => message.set(Some((false, e.message))),
            }
        });
    };
    view! {
        <main class="page">
            <h2>{move || i18n.t(Key::FavouritesTitle)}</h2>
            {body}
            <div class="settings__actions">
                <button type="button" class="button" data-testid="favourites-export" on:click=export>{move || i18n.t(Key::FavouritesExport)}</button>
                <button type="button" class="button" data-testid="favourites-import" on:click=import>{move || i18n.t(Key::FavouritesImport)}</button>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "state" } else { "state state--error" } role="status" data-testid="favourites-message">{text}</p>
            })}
        </main>
    }
}
