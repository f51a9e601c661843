//! One chip per category, plus "all". The pressed chip filters the list.

use leptos::prelude::*;
use lotse_contract::CategoryDto;

use crate::format::icon_glyph;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn CategoryChips(
    categories: Vec<CategoryDto>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let chip = move |id: Option<String>, glyph: &'static str, label: Signal<String>| {
        let testid = format!("chip-{}", id.as_deref().unwrap_or("all"));
        let pressed = {
            let id = id.clone();
            move || selected.with(|s| *s == id)
        };
        let pressed_attr = {
            let pressed = pressed.clone();
            move || pressed().to_string()
        };
        view! {
            <li>
                <button
                    type="button"
                    class="chip"
                    class:chip--active=pressed
                    aria-pressed=pressed_attr
                    data-testid=testid
                    on:click=move |_| selected.set(id.clone())
                >
                    <span class="chip__icon" aria-hidden="true">{glyph}</span>
                    <span class="chip__label">{label}</span>
                </button>
            </li>
        }
    };
    view! {
        <nav class="chips" aria-label=move || i18n.t(Key::CategoriesLabel)>
            <ul class="chips__list">
                {chip(None, "★", Signal::derive(move || i18n.t(Key::CategoryAll)))}
                {categories
                    .into_iter()
                    .map(|c| chip(Some(c.id), icon_glyph(&c.icon), Signal::stored(c.label)))
                    .collect_view()}
            </ul>
        </nav>
    }
}
