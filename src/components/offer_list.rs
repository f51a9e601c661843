//! The nearby list. Offer text is untrusted: it is only ever rendered as text.

use leptos::prelude::*;
use leptos_router::components::A;
use lotse_contract::NearbyOfferDto;

use crate::components::print_buttons::ListCodes;
use crate::components::qr_code::QrCode;
use crate::format::{distance, language_names, open_class, open_label};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn OfferList(
    offers: Vec<NearbyOfferDto>,
    /// A printable list: each offer's contact code, on paper only.
    #[prop(optional)]
    codes: Option<ListCodes>,
) -> impl IntoView {
    view! {
        <ol class="offers" data-testid="offer-list">
            {offers
                .into_iter()
                .enumerate()
                .map(|(i, o)| view! { <OfferItem rank=i + 1 offer=o codes=codes.clone() /> })
                .collect_view()}
        </ol>
    }
}

#[component]
pub fn OfferItem(rank: usize, offer: NearbyOfferDto, codes: Option<ListCodes>) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/offer/{}", offer.id);
    let open = offer.open_now.clone();
    let distance_m = offer.distance_m;
    let languages = language_names(&offer.languages);
    view! {
        <li
            class="offer"
            data-testid="offer"
            data-offer-id=offer.id.clone()
            data-category=offer.category_id.clone()
            data-distance-m=offer.distance_m.to_string()
        >
            <span class="offer__rank" aria-hidden="true">{rank}</span>
            <div class="offer__body">
                <h3 class="offer__name">
                    <A href=href attr:class="offer__link" attr:data-testid="offer-name">
                        {offer.name.clone()}
                    </A>
                    {offer.name_is_fallback.then(|| view! {
                        <span class="mark mark--fallback" lang="de">{move || i18n.t(Key::InGerman)}</span>
                    })}
                </h3>
                <p class="offer__meta">
                    <span class="offer__category">{offer.category_label.clone()}</span>
                    " · "
                    <span class="offer__distance" data-testid="offer-distance">
                        {move || i18n.t_with(Key::DistanceAway, &[("distance", distance(i18n, distance_m).into())])}
                    </span>
                    {offer.approximate.then(|| view! {
                        <span class="mark">{move || i18n.t(Key::ApproximatePosition)}</span>
                    })}
                </p>
                <p class=open_class(&open) data-testid="offer-open">{
                    let open = open.clone();
                    move || open_label(i18n, &open)
                }</p>
                {(!languages.is_empty()).then(|| view! {
                    <p class="offer__languages" data-testid="offer-languages">"🗣 " {languages}</p>
                })}
                <p class="offer__provider">{offer.provider.clone()} " · " {offer.address.clone()}</p>
                // On paper only (public/print.css): a printed list is handed to
                // someone who then calls.
                {offer.phone.clone().map(|phone| view! {
                    <p class="offer__phone" data-testid="offer-phone">"📞 " {phone}</p>
                })}
                {codes.map(|codes| {
                    let id = offer.id.clone();
                    move || codes.code_of(&id).map(|code| view! {
                        <div class="offer__qr print-only" data-testid="offer-qr">
                            <QrCode qr=code.qr label=Signal::derive(move || i18n.t(Key::CardShareQr)) />
                        </div>
                    })
                })}
                {(offer.free == Some(true)).then(|| view! {
                    <span class="mark mark--free">{move || i18n.t(Key::FreeOfCharge)}</span>
                })}
                {offer.is_demo.then(|| view! {
                    <span class="mark mark--demo" data-testid="demo-mark">{move || i18n.t(Key::DemoBadge)}</span>
                })}
            </div>
        </li>
    }
}
