//! Keep an offer as a favourite, with a private note that stays on this device.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn FavouriteNote(offer_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let offer_id = StoredValue::new(offer_id);
    let kept = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(list) = api::list_favourites().await {
            if let Some(f) = list
                .into_iter()
                .find(|f| f.offer_id == offer_id.get_value())
            {
                note.set(f.note);
                kept.set(true);
            }
        }
    });
    let save = move || {
        spawn_local(async move {
            match api::save_favourite(&offer_id.get_value(), &note.get_untracked()).await {
                Ok(()) => {
                    kept.set(true);
                    saved.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let toggle = move |_| {
        if kept.get_untracked() {
            spawn_local(async move {
                match api::remove_favourite(&offer_id.get_value()).await {
                    Ok(_) => {
                        kept.set(false);
                        note.set(String::new());
                    }
                    Err(e) => error.set(Some(e.message)),
                }
            });
        } else {
            save();
        }
    };
    view! {
        <section class="card__section favourite" data-testid="favourite" data-kept=move || kept.get().to_string()>
            <button type="button" class="button" data-testid="favourite-toggle" aria-pressed=move || kept.get().to_string() on:click=toggle>
                {move || i18n.t(if kept.get() { Key::FavRemove } else { Key::FavAdd })}
            </button>
            <Show when=move || kept.get()>
                <label class="favourite__note">
                    <span>{move || i18n.t(Key::FavNoteLabel)}</span>
                    <textarea data-testid="favourite-note" rows="3" maxlength="10000"
                        prop:value=move || note.get()
                        on:input=move |ev| { note.set(event_target_value(&ev)); saved.set(false); }></textarea>
                </label>
                <button type="button" class="button" data-testid="favourite-save" on:click=move |_| save()>{move || i18n.t(Key::FavSaveNote)}</button>
                {move || saved.get().then(|| view! { <p class="state" role="status" data-testid="favourite-saved">{i18n.t(Key::FavSaved)}</p> })}
            </Show>
            {move || error.get().map(|e| view! { <p class="state state--error" role="alert">{e}</p> })}
        </section>
    }
}
