//! "My reports": every reported change and where it is (queued, sent,
//! accepted, rejected); a queued one can be withdrawn.

use leptos::prelude::*;
use leptos::task::spawn_local;
use lotse_contract::ReportDto;

use crate::api;
use crate::components::report_form::field_label;
use crate::i18n::{use_i18n, Key};

fn state_key(state: &str) -> Key {
    match state {
        "sent" => Key::ReportStateSent,
        "accepted" => Key::ReportStateAccepted,
        "rejected" => Key::ReportStateRejected,
        "withdrawn" => Key::ReportStateWithdrawn,
        _ => Key::ReportStateQueued,
    }
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let reports = LocalResource::new(api::list_reports);
    let body = move || {
        match reports.get() {
        None => view! { <p class="state">"…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="state state--error" role="alert">{e.message}</p> }.into_any(),
        Some(Ok(list)) if list.is_empty() => view! { <p class="state" data-testid="reports-empty">{i18n.t(Key::ReportsEmpty)}</p> }.into_any(),
        Some(Ok(list)) => view! {
            <ul class="reports" data-testid="reports">
                {list.into_iter().map(|r| view! { <ReportItem report=r reports=reports /> }).collect_view()}
            </ul>
        }
        .into_any(),
    }
    };
    view! {
        <main class="page">
            <h2>{move || i18n.t(Key::ReportsTitle)}</h2>
            {body}
        </main>
    }
}

#[component]
fn ReportItem(
    report: ReportDto,
    reports: LocalResource<Result<Vec<ReportDto>, lotse_contract::ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = report.id;
    let queued = report.state == "queued";
    let withdraw = move |_| {
        spawn_local(async move {
            let _ = api::withdraw_report(id).await;
            reports.refetch();
        });
    };
    let state = report.state.clone();
    view! {
        <li class="report-item" data-testid="report-item" data-state=report.state.clone() data-report-id=id.to_string()>
            <p class="report-item__offer">{report.offer_name.clone().unwrap_or_else(|| report.offer_id.clone())}</p>
            <p>{ let f = report.field.clone(); move || field_label(i18n, &f) } ": "
               {report.old_value.clone().map(|v| view! { <span class="report-item__old">{ let v = v.clone(); move || i18n.t_with(Key::ReportWas, &[("value", v.clone().into())]) }</span> " → " })}
               <span class="report-item__new">{ let v = report.new_value.clone(); move || i18n.t_with(Key::ReportNow, &[("value", v.clone().into())]) }</span>
            </p>
            {(!report.comment.is_empty()).then(|| view! { <p class="report-item__comment">{report.comment.clone()}</p> })}
            <p class="report-item__state" data-testid="report-state">{move || i18n.t(state_key(&state))} " · " {report.created_at.clone()}</p>
            {queued.then(|| view! { <button type="button" class="button" data-testid="report-withdraw" on:click=withdraw>{move || i18n.t(Key::ReportWithdraw)}</button> })}
        </li>
    }
}
