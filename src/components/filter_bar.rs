//! The nearby filters in one compact row: the category chips (a row that
//! scrolls sideways), the list/map switch and a "filters" button that opens
//! the rest (the language spoken). A desktop shows everything at once
//! (the CSS in public/style.css decides; the markup is the same).

use leptos::prelude::*;
use lotse_contract::{ApiError, CategoryDto};

use crate::components::category_chips::CategoryChips;
use crate::components::icons::{Icon, NavIcon};
use crate::i18n::{spoken_language_name, use_i18n, Key, SPOKEN_LANGUAGES};
use crate::state::{Filters, PhoneView};

#[component]
pub fn FilterBar(
    categories: LocalResource<Result<Vec<CategoryDto>, ApiError>>,
    filters: Filters,
) -> impl IntoView {
    let i18n = use_i18n();
    let more_open = RwSignal::new(false);
    let chips = move || match categories.get() {
        None => view! { <p class="state">"…"</p> }.into_any(),
        Some(Err(e)) => {
            view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any()
        }
        Some(Ok(list)) => {
            view! { <CategoryChips categories=list selected=filters.category /> }.into_any()
        }
    };
    // On a phone only the way to the other view is shown (the pressed
    // button is hidden), so the switch takes the room of one button.
    let view_button = move |which: PhoneView, icon: Icon, key: Key, testid: &'static str| {
        view! {
            <button
                type="button"
                class="toggle"
                data-testid=testid
                aria-pressed=move || (filters.view.get() == which).to_string()
                on:click=move |_| filters.view.set(which)
            >
                <NavIcon icon=icon />
                <span>{move || i18n.t(key)}</span>
            </button>
        }
    };
    view! {
        <div class="filter-bar">
            {chips}
            <div class="view-toggle" role="group" aria-label=move || i18n.t(Key::ViewLabel)>
                {view_button(PhoneView::List, Icon::List, Key::ViewList, "view-list")}
                {view_button(PhoneView::Map, Icon::Map, Key::ViewMap, "view-map")}
            </div>
            <button
                type="button"
                class="toggle filter-bar__more"
                class:filter-bar__more--active=move || filters.speaks.with(Option::is_some)
                data-testid="filters-open"
                aria-controls="more-filters"
                aria-expanded=move || more_open.get().to_string()
                on:click=move |_| more_open.update(|o| *o = !*o)
            >
                <NavIcon icon=Icon::Filters />
                <span>{move || i18n.t(Key::FiltersButton)}</span>
            </button>
        </div>
        <div id="more-filters" class="more-filters" class:more-filters--open=move || more_open.get()>
            <SpeaksFilter filters=filters />
        </div>
    }
}

#[component]
fn SpeaksFilter(filters: Filters) -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        filters.speaks.set((!code.is_empty()).then_some(code));
    };
    view! {
        <label class="speaks">
            <span class="speaks__label">"🗣 " {move || i18n.t(Key::SpeaksLabel)}</span>
            <select data-testid="speaks" on:change=on_change>
                <option value="" selected=move || filters.speaks.get().is_none()>{move || i18n.t(Key::SpeaksAny)}</option>
                {SPOKEN_LANGUAGES.iter().map(|code| view! {
                    <option value=*code lang=*code selected=move || filters.speaks.get().as_deref() == Some(*code)>{spoken_language_name(code)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
