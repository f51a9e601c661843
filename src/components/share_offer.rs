//! Sharing an offer: copy its text or contact, or share it as a text file, a
//! contact file (.vcf) or the QR code picture (.png). On a desktop the shell
//! shows the save dialog; a phone build hands the file to the share sheet.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{OfferDetailDto, ShareKind, ShareRequest};

use crate::api;
use crate::components::qr_code::QrCode;
use crate::i18n::{use_i18n, Key};

/// What the last share or copy did.
#[derive(Clone)]
enum Outcome {
    Copied(bool),
    Saved(String),
    Failed,
}

#[component]
pub fn ShareOffer(offer: OfferDetailDto) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Outcome>);
    let copy = move |text: String| {
        spawn_local(async move { outcome.set(Some(Outcome::Copied(api::copy_text(&text).await))) });
    };
    let id = offer.id.clone();
    let share = move |kind: ShareKind| {
        let request = ShareRequest {
            id: id.clone(),
            kind,
        };
        spawn_local(async move {
            let lang = i18n.lang.get_untracked();
            outcome.set(match api::share_offer(&request, lang).await {
                Ok(Some(file)) => Some(Outcome::Saved(file)),
                Ok(None) => None,
                Err(_) => Some(Outcome::Failed),
            });
        });
    };
    let file_button = move |kind: ShareKind, key: Key, testid: &'static str| {
        let share = share.clone();
        view! { <button type="button" class="button" data-testid=testid on:click=move |_| share(kind)>{move || i18n.t(key)}</button> }
    };
    let (share_text, vcard) = (offer.share_text.clone(), offer.vcard.clone());
    let status = move || {
        outcome.get().map(|o| {
            let text = match o {
                Outcome::Copied(true) => i18n.t(Key::CardCopied),
                Outcome::Copied(false) => i18n.t(Key::CardCopyFailed),
                Outcome::Saved(file) => i18n.t_with(Key::CardShareSaved, &[("file", file.into())]),
                Outcome::Failed => i18n.t(Key::CardShareFailed),
            };
            view! { <p class="state" role="status" data-testid="share-status">{text}</p> }
        })
    };
    view! {
        <section class="card__section card__share" data-testid="card-share">
            <h3>{move || i18n.t(Key::CardShare)}</h3>
            <QrCode qr=offer.qr.clone() label=Signal::derive(move || i18n.t(Key::CardShareQr)) />
            <p class="card__qr-note">{move || i18n.t(Key::CardShareQr)}</p>
            <textarea class="card__share-text" readonly rows="6" data-testid="share-text" aria-label=move || i18n.t(Key::CardShare)>{share_text.clone()}</textarea>
            <div class="card__share-buttons">
                <button type="button" class="button" data-testid="copy-text" on:click={ let t = share_text.clone(); move |_| copy(t.clone()) }>{move || i18n.t(Key::CardCopyText)}</button>
                <button type="button" class="button" data-testid="copy-vcard" on:click={ let v = vcard.clone(); move |_| copy(v.clone()) }>{move || i18n.t(Key::CardCopyVcard)}</button>
                {file_button(ShareKind::Text, Key::CardShareFileText, "share-file-text")}
                {file_button(ShareKind::Vcard, Key::CardShareFileVcard, "share-file-vcard")}
                {file_button(ShareKind::QrPng, Key::CardShareFileQr, "share-file-qr")}
            </div>
            {status}
        </section>
    }
}
