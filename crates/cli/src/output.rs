//! Printing offers: a readable table by default, JSON for machines.

use std::io::Write;

use chrono::{DateTime, Utc};
use lotse_contract::display::format_distance;
use lotse_contract::{DateBasis, Lang};
use lotse_core::hours::{OpenState, OpeningHours};
use lotse_core::taxonomy;
use lotse_core::OfferSummary;
use serde_json::{json, Value};

use crate::CliError;

/// What the offer's date is, in words: a check, the source's date, or none.
fn dated(o: &OfferSummary) -> String {
    match o.date_basis {
        DateBasis::Checked => format!("checked {}", o.last_verified),
        DateBasis::AsOf => format!("as the source had it on {} (not checked)", o.last_verified),
        DateBasis::Unknown => "date unknown".to_owned(),
    }
}

/// `println!` that returns a `CliError` instead of panicking when standard
/// output fails: a closed pipe (`lotse … --json | head`) becomes
/// `CliError::StdoutClosed`, which `main` ends quietly.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write_line(::std::format_args!($($arg)*))
    };
}
pub(crate) use outln;

pub fn write_line(args: std::fmt::Arguments<'_>) -> Result<(), CliError> {
    writeln!(std::io::stdout().lock(), "{args}").map_err(stdout_error)
}

/// Standard output for a writer that reports its own error type (the
/// export): remembers whether the reader closed the pipe.
pub struct Stdout {
    inner: std::io::StdoutLock<'static>,
    pub closed: bool,
}

impl Stdout {
    pub fn lock() -> Self {
        Self {
            inner: std::io::stdout().lock(),
            closed: false,
        }
    }

    fn note(&mut self, e: std::io::Error) -> std::io::Error {
        self.closed |= e.kind() == std::io::ErrorKind::BrokenPipe;
        e
    }
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.inner.write(buf).map_err(|e| self.note(e))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush().map_err(|e| self.note(e))
    }
}

/// A failed write to standard output: `StdoutClosed` if the reader is gone.
pub fn stdout_error(source: std::io::Error) -> CliError {
    if source.kind() == std::io::ErrorKind::BrokenPipe {
        CliError::StdoutClosed
    } else {
        CliError::Write {
            path: "standard output".into(),
            source,
        }
    }
}

/// The offer's opening state now, in Europe/Berlin: (`open`, `closed`,
/// `by_appointment`, `unknown`; next change as RFC 3339; a short text).
pub fn opening_now(o: &OfferSummary, now: DateTime<Utc>) -> (&'static str, Option<String>, String) {
    let Some(hours) = o
        .opening_hours
        .as_deref()
        .and_then(|h| OpeningHours::parse(h).ok())
    else {
        return ("unknown", None, "hours unknown".to_owned());
    };
    let local = |t: DateTime<Utc>| {
        t.with_timezone(&chrono_tz::Europe::Berlin)
            .format("%a %H:%M")
            .to_string()
    };
    match hours.state_at(now) {
        OpenState::Open { closes_at } => (
            "open",
            closes_at.map(|t| t.to_rfc3339()),
            closes_at.map_or("open now".to_owned(), |t| {
                format!("open now, closes {}", local(t))
            }),
        ),
        OpenState::Closed { opens_at } => (
            "closed",
            opens_at.map(|t| t.to_rfc3339()),
            opens_at.map_or("closed".to_owned(), |t| {
                format!("closed, opens {}", local(t))
            }),
        ),
        OpenState::ByAppointment => ("by_appointment", None, "by appointment".to_owned()),
        OpenState::Unknown => ("unknown", None, "hours unknown today".to_owned()),
    }
}

/// One offer as a JSON object (stable keys; scripts rely on them).
pub fn offer_json(o: &OfferSummary, distance_m: Option<f64>, now: DateTime<Utc>) -> Value {
    let (open_state, next_change, _) = opening_now(o, now);
    json!({
        "open_state": open_state,
        "next_change": next_change,
        "id": o.id,
        "name": o.name,
        "category": o.categories.first(),
        "categories": o.categories,
        "provider": o.provider,
        "address": o.address.one_line(),
        "lat": o.point.y(),
        "lon": o.point.x(),
        "approximate_position": o.precision.is_approximate(),
        "distance_m": distance_m,
        "phone": o.phone,
        "email": o.email,
        "website": o.url,
        "languages": o.languages,
        "opening_hours": o.opening_hours,
        "free": o.free,
        "status": o.status.as_hsds(),
        "source": o.source,
        "last_verified": o.last_verified,
        "date_basis": o.date_basis.name(),
        "is_demo": o.is_demo,
    })
}

pub fn print_json(values: &[Value]) -> Result<(), CliError> {
    outln!("{}", serde_json::to_string_pretty(values)?)?;
    Ok(())
}

/// A numbered, readable list. A closed pipe (`lotse … | head`) ends it quietly.
pub fn print_table(
    rows: &[(&OfferSummary, Option<f64>)],
    now: DateTime<Utc>,
    lang: Lang,
) -> Result<(), CliError> {
    write_table(&mut std::io::stdout().lock(), rows, now, lang).map_err(stdout_error)
}

fn write_table(
    out: &mut impl Write,
    rows: &[(&OfferSummary, Option<f64>)],
    now: DateTime<Utc>,
    lang: Lang,
) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No offers found.");
    }
    for (rank, (o, distance_m)) in rows.iter().enumerate() {
        let demo = if o.is_demo { " [DEMO, fictional]" } else { "" };
        let approx = if o.precision.is_approximate() {
            " (approximate position)"
        } else {
            ""
        };
        let category = o
            .categories
            .first()
            .and_then(|c| taxonomy::category(c))
            .map_or("", |c| c.label(lang));
        let distance = distance_m.map(format_distance).unwrap_or_default();
        writeln!(out, "{:>2}. {distance:>9}  {}{demo}", rank + 1, o.name)?;
        let address = o.address.one_line();
        let address = if address.is_empty() {
            "no address".to_owned()
        } else {
            address
        };
        writeln!(out, "    {category} · {} · {address}{approx}", o.provider)?;
        let languages = if o.languages.is_empty() {
            "-".to_owned()
        } else {
            o.languages.join(", ")
        };
        writeln!(
            out,
            "    {} · languages: {languages} · hours: {} ({})",
            o.phone.as_deref().unwrap_or("no phone"),
            o.opening_hours.as_deref().unwrap_or("unknown"),
            opening_now(o, now).2
        )?;
        writeln!(out, "    source: {} · {}", o.source, dated(o))?;
    }
    Ok(())
}
