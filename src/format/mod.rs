//! UI-only presentation helpers: distances, opening states, languages, icons,
//! sizes and dates (numbers through the webview's `Intl`, see [`intl`]).

mod intl;

use fluent_bundle::FluentValue;
use lotse_contract::display::format_distance;
use lotse_contract::{ChangeAt, OpenNow};

use leptos::prelude::*;

use crate::i18n::{I18n, Key};

/// "1,4 km", "1.4 km" or "١٫٤ كم", as the UI language writes it.
pub fn distance(i18n: I18n, distance_m: f64) -> String {
    let tag = i18n.lang.get().tag();
    let written = if distance_m < 1_000.0 {
        intl::unit(tag, distance_m.round(), "meter", 0)
    } else {
        intl::unit(tag, distance_m / 1_000.0, "kilometer", 1)
    };
    written.unwrap_or_else(|| format_distance(distance_m))
}

/// `text` (a time such as `09:00–17:00`) in the UI language's digits.
pub fn numerals(i18n: I18n, text: &str) -> String {
    match intl::digits(i18n.lang.get().tag()) {
        Some(digits) => intl::with_digits(text, &digits),
        None => text.to_owned(),
    }
}

/// The weekday's name (0 = Monday) in the UI language.
pub fn weekday(i18n: I18n, day: u8) -> String {
    let key = match day {
        0 => Key::Day0,
        1 => Key::Day1,
        2 => Key::Day2,
        3 => Key::Day3,
        4 => Key::Day4,
        5 => Key::Day5,
        _ => Key::Day6,
    };
    i18n.t(key)
}

fn time_arg(i18n: I18n, change: &ChangeAt) -> FluentValue<'static> {
    FluentValue::from(numerals(i18n, &change.time))
}

/// "Geöffnet bis 17:00", "Geschlossen · öffnet Montag um 09:00", …
pub fn open_label(i18n: I18n, open: &OpenNow) -> String {
    match open {
        OpenNow::Open { closes: Some(c) } => {
            i18n.t_with(Key::OpenUntil, &[("time", time_arg(i18n, c))])
        }
        OpenNow::Open { closes: None } => i18n.t(Key::OpenNow),
        OpenNow::Closed { opens: Some(c) } if c.today => {
            i18n.t_with(Key::ClosedOpensToday, &[("time", time_arg(i18n, c))])
        }
        OpenNow::Closed { opens: Some(c) } => i18n.t_with(
            Key::ClosedOpensDay,
            &[
                ("day", FluentValue::from(weekday(i18n, c.weekday))),
                ("time", time_arg(i18n, c)),
            ],
        ),
        OpenNow::Closed { opens: None } => i18n.t(Key::ClosedNow),
        OpenNow::ByAppointment => i18n.t(Key::ByAppointment),
        OpenNow::TemporarilyClosed => i18n.t(Key::TemporarilyClosed),
        OpenNow::Unknown => i18n.t(Key::HoursUnknown),
    }
}

/// A CSS modifier for the opening state.
pub fn open_class(open: &OpenNow) -> &'static str {
    match open {
        OpenNow::Open { .. } => "open open--yes",
        OpenNow::Closed { .. } | OpenNow::TemporarilyClosed => "open open--no",
        OpenNow::ByAppointment => "open open--appointment",
        OpenNow::Unknown => "open open--unknown",
    }
}

/// The languages an offer lists, by their own names where known.
pub fn language_names(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| crate::i18n::spoken_language_name(c))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// A glyph for a category's icon name (decorative; the label carries meaning).
pub fn icon_glyph(icon: &str) -> &'static str {
    match icon {
        "child" => "🧸",
        "compass" => "🧭",
        "speech" => "💬",
        "heart" => "💚",
        "book" => "📖",
        "briefcase" => "💼",
        "shield" => "🛡",
        "school" => "🏫",
        "sun" => "☀",
        "route" => "🗺",
        "signpost" => "🪧",
        "badge" => "🏛",
        "spark" => "✨",
        "hands" => "🤝",
        "people" => "👥",
        "house" => "🏠",
        "cross" => "⚕",
        "coins" => "💶",
        _ => "•",
    }
}

/// The day of an RFC 3339 time (or a plain `2026-11-21`) as the UI
/// language writes dates; the ISO day itself where that fails.
pub fn day(i18n: I18n, rfc3339: &str) -> String {
    intl::date(i18n.lang.get().tag(), rfc3339).unwrap_or_else(|| rfc3339.chars().take(10).collect())
}

/// A size in bytes as kB/MB/GB with one decimal, in the UI language.
pub fn size(i18n: I18n, bytes: u64) -> String {
    const UNITS: [(&str, &str); 4] = [
        ("byte", "B"),
        ("kilobyte", "kB"),
        ("megabyte", "MB"),
        ("gigabyte", "GB"),
    ];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    let fraction = if unit == 0 { 0 } else { 1 };
    intl::unit(i18n.lang.get().tag(), value, UNITS[unit].0, fraction)
        .unwrap_or_else(|| format!("{value:.*} {}", fraction as usize, UNITS[unit].1))
}
