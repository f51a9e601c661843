//! The bar on every screen: the name, the two main places and the language.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{use_i18n, Key, UiLang};

#[component]
pub fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="topbar">
            <div class="topbar__brand">
                <span class="topbar__title">{move || i18n.t(Key::AppName)}</span>
                <span class="topbar__tagline">{move || i18n.t(Key::AppTagline)}</span>
            </div>
            <nav class="topbar__nav" aria-label=move || i18n.t(Key::NavLabel)>
                <A href="/" attr:class="navlink" attr:data-testid="nav-nearby">
                    {move || i18n.t(Key::NavNearby)}
                </A>
                <A href="/search" attr:class="navlink" attr:data-testid="nav-search">
                    {move || i18n.t(Key::NavSearch)}
                </A>
                <A href="/favourites" attr:class="navlink" attr:data-testid="nav-favourites">
                    {move || i18n.t(Key::NavFavourites)}
                </A>
                <A href="/reports" attr:class="navlink" attr:data-testid="nav-reports">
                    {move || i18n.t(Key::NavReports)}
                </A>
                <A href="/settings" attr:class="navlink" attr:data-testid="nav-settings">
                    {move || i18n.t(Key::NavSettings)}
                </A>
            </nav>
            <label class="lang-picker">
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
        if let Some(lang) = UiLang::from_tag(&event_target_value(&ev)) {
            i18n.lang.set(lang);
        }
    };
    view! {
        <select data-testid=testid on:change=on_language aria-label=move || i18n.t(Key::LanguageLabel)>
            {UiLang::ALL
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
