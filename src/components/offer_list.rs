//! The nearby list. Offer text is untrusted: it is only ever rendered as text.

use leptos::prelude::*;
use lotse_contract::NearbyOfferDto;

use crate::format::{format_distance, tel_uri};

#[component]
pub fn OfferList(offers: Vec<NearbyOfferDto>) -> impl IntoView {
    view! {
        <ol class="offers" data-testid="offer-list">
            {offers.into_iter().enumerate().map(|(i, o)| view! { <OfferItem rank=i + 1 offer=o /> }).collect_view()}
        </ol>
    }
}

#[component]
fn OfferItem(rank: usize, offer: NearbyOfferDto) -> impl IntoView {
    let tel = offer.phone.as_deref().and_then(tel_uri);
    let phone_text = offer.phone.clone().unwrap_or_default();
    view! {
        <li
            class="offer"
            data-testid="offer"
            data-offer-id=offer.id.clone()
            data-category=offer.category_id.clone()
            data-distance-m=offer.distance_m.to_string()
        >
            <div class="offer__head">
                <span class="offer__rank" aria-hidden="true">{rank}</span>
                <h3 class="offer__name" data-testid="offer-name">{offer.name.clone()}</h3>
                <span class="offer__distance" data-testid="offer-distance">{format_distance(offer.distance_m)}</span>
            </div>
            {offer.is_demo.then(|| view! {
                <p class="offer__demo" data-testid="demo-mark">"Demodaten – fiktives Angebot, nicht echt"</p>
            })}
            <p class="offer__meta">{offer.category_label.clone()} " · " {offer.provider.clone()}</p>
            <p class="offer__address">{offer.address.clone()}</p>
            {tel.map(|href| view! { <a class="offer__call" href=href>{"Anrufen: "}{phone_text}</a> })}
            <p class="offer__source">
                "Quelle: " {offer.source.clone()} " · geprüft am " {offer.last_verified.clone()}
            </p>
        </li>
    }
}
