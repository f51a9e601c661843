//! The bar on every screen: the name, the main places and the language.
//! On a desktop the places sit in the top bar; on a phone (the CSS in
//! public/style.css, below 760 px) the same `<nav>` becomes a bottom bar
//! with icons, and the language hides behind a globe button.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::disclosure::DisclosureButton;
use crate::components::icons::{Icon, NavIcon};
use crate::i18n::{use_i18n, Key, Lang};

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    let lang_open = RwSignal::new(false);
    let link = move |href: &'static str, testid: &'static str, icon: Icon, key: Key| {
        view! {
            <A href=href attr:class="navlink" attr:data-testid=testid>
                <NavIcon icon=icon />
                <span class="navlink__label">{move || i18n.t(key)}</span>
            </A>
        }
    };
    view! {
        <header class="topbar">
            <div class="topbar__brand">
                <span class="topbar__title">{move || i18n.t(Key::AppName)}</span>
                <span class="topbar__tagline">{move || i18n.t(Key::AppTagline)}</span>
            </div>
            <nav class="topbar__nav" data-testid="nav-bar" aria-label=move || i18n.t(Key::NavLabel)>
                {link("/", "nav-nearby", Icon::Nearby, Key::NavNearby)}
                {link("/search", "nav-search", Icon::Search, Key::NavSearch)}
                {link("/favourites", "nav-favourites", Icon::Favourites, Key::NavFavourites)}
                {link("/reports", "nav-reports", Icon::Reports, Key::NavReports)}
                {link("/settings", "nav-settings", Icon::Settings, Key::NavSettings)}
            </nav>
            <DisclosureButton
                class="topbar__globe"
                testid="language-open"
                controls="lang-picker"
                open=lang_open
                toggles=true
                label=Signal::derive(move || i18n.t(Key::LanguageLabel))
            >
                <NavIcon icon=Icon::Globe />
            </DisclosureButton>
            <label id="lang-picker" class="lang-picker" class:lang-picker--open=move || lang_open.get()>
                <span class="lang-picker__label">{move || i18n.t(Key::LanguageLabel)}</span>
                <LanguageSelect testid="language" />
            </label>
        </header>
    }
}

/// The UI language, each by its own name; the choice is kept on the device.
#[component]
pub fn LanguageSelect(testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let on_language = move |ev: leptos::ev::Event| {
        if let Ok(lang) = event_target_value(&ev).parse::<Lang>() {
            i18n.lang.set(lang);
        }
    };
    view! {
        <select data-testid=testid on:change=on_language aria-label=move || i18n.t(Key::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <option value=lang.tag() lang=lang.tag() selected=move || i18n.lang.get() == lang>
                            {lang.autonym()}
                        </option>
                    }
                })
                .collect_view()}
        </select>
    }
}
