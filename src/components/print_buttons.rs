//! Print the page (the system's print dialog) or save it as a PDF, laid out
//! by the print style: A4, addresses, phones, opening hours and a QR code
//! per offer (on a card its own; on a list each offer's, fetched when the
//! user prints); the controls are left out.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{ContactCodeDto, ContactCodesQuery, Lang};

use crate::api;
use crate::i18n::{use_i18n, Key};

/// A printed list's contact codes: the listed offers, and where their codes
/// go once fetched (each list item draws its own, on paper only).
#[derive(Clone)]
pub struct ListCodes {
    pub ids: Vec<String>,
    pub codes: RwSignal<Vec<ContactCodeDto>>,
}

impl ListCodes {
    pub fn new(ids: Vec<String>) -> Self {
        Self {
            ids,
            codes: RwSignal::new(Vec::new()),
        }
    }

    /// The code of offer `id`, once fetched.
    pub fn code_of(&self, id: &str) -> Option<ContactCodeDto> {
        self.codes
            .with(|codes| codes.iter().find(|c| c.id == id).cloned())
    }
}

/// Before printing: the list's codes (one call), drawn by the next frame.
/// A failure is said; the list prints without codes.
async fn prepare(list: Option<ListCodes>, lang: Lang, said: RwSignal<Option<String>>) {
    let Some(list) = list else { return };
    if list.ids.is_empty() || list.codes.with_untracked(|c| !c.is_empty()) {
        return;
    }
    let query = ContactCodesQuery {
        ids: list.ids.clone(),
    };
    match api::contact_codes(&query, lang).await {
        Ok(codes) => list.codes.set(codes),
        Err(e) => said.set(Some(e.message)),
    }
    api::next_frame().await;
}

#[component]
pub fn PrintButtons(
    /// The PDF's suggested file name, without `.pdf`.
    #[prop(into)]
    name: String,
    /// On a list: the offers whose contact codes go on paper.
    #[prop(optional)]
    list: Option<ListCodes>,
) -> impl IntoView {
    let i18n = use_i18n();
    let said = RwSignal::new(None::<String>);
    let print = {
        let list = list.clone();
        move |_| {
            let (list, lang) = (list.clone(), i18n.lang.get_untracked());
            spawn_local(async move {
                prepare(list, lang, said).await;
                api::print_page();
            });
        }
    };
    let save = move |_| {
        let name = format!("{name}.pdf");
        let (list, lang) = (list.clone(), i18n.lang.get_untracked());
        spawn_local(async move {
            prepare(list, lang, said).await;
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
            <button type="button" class="button" data-testid="print" on:click=print>
                "🖨 " {move || i18n.t(Key::PrintPage)}
            </button>
            <button type="button" class="button" data-testid="save-pdf" on:click=save>
                {move || i18n.t(Key::PrintSavePdf)}
            </button>
            {move || said.get().map(|s| view! { <p class="state" role="status" data-testid="pdf-status">{s}</p> })}
        </div>
    }
}
