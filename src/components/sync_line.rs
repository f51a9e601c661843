//! The update status in plain words: where the offline directory is from,
//! what an update is doing, and what went wrong with what to do.

use leptos::prelude::*;
use lotse_contract::{SyncProblemCode, SyncStatusDto, SyncStep};

use crate::format::{day, size};
use crate::i18n::{use_i18n, I18n, Key};
use crate::sync_watch::use_sync;

fn progress_words(i18n: I18n, s: &SyncStatusDto) -> String {
    let Some(p) = &s.progress else {
        return i18n.t(Key::SyncRunning);
    };
    match p.step {
        SyncStep::Reports => i18n.t(Key::SyncStepReports),
        SyncStep::Manifest => i18n.t(Key::SyncStepManifest),
        SyncStep::Download => i18n.t_with(
            Key::SyncStepDownload,
            &[
                ("done", size(i18n, p.done).into()),
                ("total", size(i18n, p.total).into()),
            ],
        ),
        SyncStep::Apply => i18n.t_with(
            Key::SyncStepApply,
            &[("done", p.done.into()), ("total", p.total.into())],
        ),
    }
}

fn problem_words(i18n: I18n, s: &SyncStatusDto, code: SyncProblemCode) -> String {
    let from = s.last_success_at.as_deref().map(|at| day(i18n, at));
    match (code, from) {
        (SyncProblemCode::NoFeed, _) => i18n.t(Key::SyncProblemNoFeed),
        (SyncProblemCode::NoKey, _) => i18n.t(Key::SyncProblemNoKey),
        (SyncProblemCode::NoConnection, Some(date)) => {
            i18n.t_with(Key::SyncProblemNoConnection, &[("date", date.into())])
        }
        (SyncProblemCode::NoConnection, None) => i18n.t(Key::SyncProblemNoConnectionDemo),
        (SyncProblemCode::ServerTrouble, _) => i18n.t(Key::SyncProblemServer),
        (SyncProblemCode::Rejected, _) => i18n.t(Key::SyncProblemRejected),
        (SyncProblemCode::NotCurrent, _) => not_current_words(i18n, s),
        (SyncProblemCode::Storage, _) => i18n.t(Key::SyncProblemStorage),
        (SyncProblemCode::BadFile, _) => i18n.t(Key::SyncProblemBadFile),
        (SyncProblemCode::Other, _) => i18n.t(Key::SyncProblemOther),
    }
}

/// "Not confirmed as current since …", with the expiry of the last manifest.
fn not_current_words(i18n: I18n, s: &SyncStatusDto) -> String {
    let date = s.current_until.as_deref().map(|at| day(i18n, at));
    i18n.t_with(
        Key::SyncNotCurrent,
        &[("date", date.unwrap_or_default().into())],
    )
}

/// Whether the last manifest applied is past its expiry by this device's clock.
fn past_expiry(s: &SyncStatusDto) -> bool {
    s.current_until
        .as_deref()
        .map(js_sys::Date::parse)
        .is_some_and(|at| at.is_finite() && at < js_sys::Date::now())
}

/// Under a list or a card: a line when the directory is past its expiry
/// (a feed not signed anew: frozen, or out of reach for long). The offers
/// stay usable; the line says how far to trust them.
#[component]
pub fn NotCurrentLine() -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    move || {
        sync.status.with(|s| {
            s.as_ref().filter(|s| past_expiry(s)).map(|s| {
                view! {
                    <p class="not-current" data-testid="not-current" role="note">
                        {not_current_words(i18n, s)}
                    </p>
                }
            })
        })
    }
}

/// Where the directory is from, or the running update, or the problem.
#[component]
pub fn SyncLine(#[prop(optional)] detailed: bool) -> impl IntoView {
    let (i18n, sync) = (use_i18n(), use_sync());
    move || {
        let Some(s) = sync.status.get() else {
            return ().into_any();
        };
        let origin = match s.last_success_at.as_deref() {
            Some(at) => i18n.t_with(Key::SyncFrom, &[("date", day(i18n, at).into())]),
            None => i18n.t(Key::SyncDemoOnly),
        };
        if s.running {
            let (done, total) = s.progress.as_ref().map_or((0, 0), |p| (p.done, p.total));
            return view! {
                <p class="sync-line sync-line--running" data-testid="sync-running" role="status"
                    data-step=s.progress.as_ref().map(|p| format!("{:?}", p.step).to_lowercase())>
                    {progress_words(i18n, &s)}
                    {(total > 0).then(|| view! {
                        <progress class="sync-line__bar" data-testid="sync-progress"
                            max=total.to_string() value=done.to_string()></progress>
                    })}
                </p>
            }
            .into_any();
        }
        let problem = s
            .problem
            .clone()
            .filter(|p| detailed || p.code != SyncProblemCode::NoFeed);
        let outcome = s.last_changes.as_ref().map(|c| {
            let mut words = if c.unchanged {
                i18n.t(Key::SyncUnchanged)
            } else {
                i18n.t_with(
                    Key::SyncDone,
                    &[("updated", c.updated.into()), ("removed", c.removed.into())],
                )
            };
            if c.reports_sent > 0 {
                words.push(' ');
                words.push_str(&i18n.t_with(Key::SyncSent, &[("count", c.reports_sent.into())]));
            }
            words
        });
        view! {
            <div class="sync-line" data-testid="sync-line">
                {match problem {
                    Some(p) => view! {
                        <p class="sync-line__problem" role="alert" data-testid="sync-problem"
                            data-code=format!("{:?}", p.code)>
                            {problem_words(i18n, &s, p.code)}
                        </p>
                        {detailed.then(|| view! {
                            <p class="sync-line__detail">{i18n.t_with(Key::SyncDetail, &[("detail", p.detail.clone().into())])}</p>
                        })}
                    }
                    .into_any(),
                    None => view! { <p data-testid="sync-from">{origin}</p> }.into_any(),
                }}
                {detailed.then(|| outcome.map(|o| view! { <p data-testid="sync-outcome">{o}</p> }))}
            </div>
        }
        .into_any()
    }
}
