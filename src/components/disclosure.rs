//! A button that shows or hides the panel it names (`aria-controls`), its
//! state in `aria-expanded`: the language picker's globe, the place line's
//! "change".

use leptos::prelude::*;

#[component]
pub fn DisclosureButton(
    class: &'static str,
    testid: &'static str,
    /// The id of the panel it opens.
    controls: &'static str,
    open: RwSignal<bool>,
    /// Whether a click toggles `open` (not when an ancestor's click does).
    #[prop(optional)]
    toggles: bool,
    /// The accessible name, when the content is only an icon.
    #[prop(optional, into)]
    label: Option<Signal<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            data-testid=testid
            aria-controls=controls
            aria-expanded=move || open.get().to_string()
            aria-label=move || label.map(|l| l.get())
            on:click=move |_| {
                if toggles {
                    open.update(|o| *o = !*o);
                }
            }
        >
            {children()}
        </button>
    }
}
