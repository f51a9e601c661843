//! Print the page (the system's print dialog) or save it as a PDF, laid out
//! by the print style: A4, addresses, phones, opening hours and, on an offer
//! card, its QR code; the controls are left out.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn PrintButtons(
    /// The PDF's suggested file name, without `.pdf`.
    #[prop(into)]
    name: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let said = RwSignal::new(None::<String>);
    let save = move |_| {
        let name = format!("{name}.pdf");
        spawn_local(async move {
            match api::save_pdf(&name).await {
                Ok(Some(file)) => said.set(Some(
                    i18n.t_with(Key::CardShareSaved, &[("file", file.into())]),
                )),
                Ok(None) => {}
                Err(e) => said.set(Some(e.message)),
            }
        });
    };
    view! {
        <div class="print-buttons no-print">
            <button type="button" class="button" data-testid="print" on:click=|_| api::print_page()>
                "🖨 " {move || i18n.t(Key::PrintPage)}
            </button>
            <button type="button" class="button" data-testid="save-pdf" on:click=save>
                {move || i18n.t(Key::PrintSavePdf)}
            </button>
            {move || said.get().map(|s| view! { <p class="state" role="status" data-testid="pdf-status">{s}</p> })}
        </div>
    }
}
