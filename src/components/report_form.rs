//! "Report a change" on the offer card: which detail is wrong, the right
//! value and a comment. It goes into the outbox at once, and is sent with
//! the next sync.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::{ApiError, ReportDraft, REPORT_FIELDS};

use crate::api;
use crate::i18n::{use_i18n, I18n, Key};

/// The form's label for a report field.
pub fn field_label(i18n: I18n, field: &str) -> String {
    let key = match field {
        "name" => Key::FieldName,
        "phone" => Key::FieldPhone,
        "email" => Key::FieldEmail,
        "website" => Key::FieldWebsite,
        "street" => Key::FieldStreet,
        "postcode" => Key::FieldPostcode,
        "city" => Key::FieldCity,
        "opening_hours" => Key::FieldOpeningHours,
        "description" => Key::FieldDescription,
        "languages" => Key::FieldLanguages,
        "status" => Key::FieldStatus,
        _ => Key::FieldOther,
    };
    i18n.t(key)
}

#[component]
pub fn ReportForm(offer_id: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let field = RwSignal::new(REPORT_FIELDS[1].to_owned());
    let new_value = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let offer_id = StoredValue::new(offer_id);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = ReportDraft {
            offer_id: offer_id.get_value(),
            field: field.get_untracked(),
            new_value: new_value.get_untracked(),
            comment: comment.get_untracked(),
        };
        spawn_local(async move {
            match api::report_change(&draft).await {
                Ok(_) => {
                    outcome.set(Some(Ok(())));
                    open.set(false);
                    new_value.set(String::new());
                    comment.set(String::new());
                }
                Err(e) => outcome.set(Some(Err(e))),
            }
        });
    };
    view! {
        <section class="card__section report" data-testid="report">
            <button type="button" class="button" data-testid="report-open" aria-expanded=move || open.get().to_string()
                on:click=move |_| { open.update(|o| *o = !*o); outcome.set(None); }>
                "✎ " {move || i18n.t(Key::ReportOpen)}
            </button>
            {move || outcome.get().map(|r| match r {
                Ok(()) => view! { <p class="state" role="status" data-testid="report-saved">{i18n.t(Key::ReportSaved)}</p> }.into_any(),
                Err(e) => view! { <p class="state state--error" role="alert">{i18n.t_with(Key::ReportFailed, &[("reason", e.message.into())])}</p> }.into_any(),
            })}
            <Show when=move || open.get()>
                <form class="report__form" data-testid="report-form" on:submit=on_submit>
                    <label>
                        <span>{move || i18n.t(Key::ReportField)}</span>
                        <select data-testid="report-field" on:change=move |ev| field.set(event_target_value(&ev))>
                            {REPORT_FIELDS.iter().map(|f| view! {
                                <option value=*f selected=move || field.get() == *f>{move || field_label(i18n, f)}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{move || i18n.t(Key::ReportNewValue)}</span>
                        <input type="text" data-testid="report-new-value" maxlength="2000"
                            prop:value=move || new_value.get() on:input=move |ev| new_value.set(event_target_value(&ev)) />
                    </label>
                    <label>
                        <span>{move || i18n.t(Key::ReportComment)}</span>
                        <textarea data-testid="report-comment" rows="3" maxlength="2000"
                            prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="report__buttons">
                        <button type="submit" class="button" data-testid="report-submit">{move || i18n.t(Key::ReportSubmit)}</button>
                        <button type="button" class="button" on:click=move |_| open.set(false)>{move || i18n.t(Key::ReportCancel)}</button>
                    </div>
                </form>
            </Show>
        </section>
    }
}
