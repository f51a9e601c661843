//! [`OpeningHours`]: parsing, appointment detection and evaluation in
//! Europe/Berlin.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use chrono_tz::{Europe::Berlin, Tz};
use opening_hours::localization::{Country, TzLocation};
use opening_hours::{Context, ContextHolidays, RuleKind};
use opening_hours_syntax::ExtendedTime;

use super::syntax::syntax_error;
use super::{HoursError, OpenState, SEARCH_HORIZON_DAYS};

/// The evaluation engine: an `opening-hours` expression in Berlin time.
pub(super) type Engine = opening_hours::OpeningHours<TzLocation<Tz>>;

/// Words that mark a comment or value as "by appointment" (lower case).
const APPOINTMENT_MARKERS: &[&str] = &[
    "appointment",
    "vereinbarung",
    "absprache",
    "by arrangement",
    "mit termin",
    "auf anfrage",
    "on request",
];

/// How holidays of only some Länder are treated by `PH` rules.
///
/// The holiday calendar knows which dates are holidays in *some* Land but not
/// in which one, and a directory entry's hours do not say their Land.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegionalHolidays {
    /// A `PH` rule on such a day evaluates to [`OpenState::Unknown`] (the
    /// default: it may or may not be a holiday where the place is).
    #[default]
    Unknown,
    /// Such days are ordinary days: only nationwide holidays match `PH`.
    Ignore,
}

/// Parsed opening hours of one place, evaluated in Europe/Berlin.
#[derive(Clone)]
pub struct OpeningHours {
    raw: String,
    engine: Engine,
    appointment_only: bool,
    regional: RegionalHolidays,
}

impl PartialEq for OpeningHours {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw && self.regional == other.regional
    }
}

impl Eq for OpeningHours {}

impl fmt::Debug for OpeningHours {
    // The engine's context holds the whole holiday calendar: leave it out.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpeningHours")
            .field("osm", &self.raw)
            .field("appointment_only", &self.appointment_only)
            .field("regional", &self.regional)
            .finish()
    }
}

/// What an interval of a [`DayHours`] means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalState {
    /// Open.
    Open,
    /// Only by appointment.
    ByAppointment,
    /// State unknown.
    Unknown,
    /// Closed; only listed when the hours attach a comment to it.
    Closed,
}

/// One interval of a day in Berlin local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interval {
    /// Start (inclusive).
    pub opens: NaiveTime,
    /// End (exclusive). `00:00` means midnight at the end of the day.
    pub closes: NaiveTime,
    /// What the interval means.
    pub state: IntervalState,
    /// The OSM comment in force, if any (e.g. `"nach Vereinbarung"`).
    pub comment: Option<String>,
}

impl Interval {
    /// `true` when the interval runs until midnight at the end of the day.
    pub fn closes_at_midnight(&self) -> bool {
        self.closes == NaiveTime::MIN
    }
}

impl fmt::Display for Interval {
    /// `09:00–17:00`; an interval up to midnight ends in `24:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–", self.opens.format("%H:%M"))?;
        if self.closes_at_midnight() {
            write!(f, "24:00")
        } else {
            write!(f, "{}", self.closes.format("%H:%M"))
        }
    }
}

/// One day of a week table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayHours {
    /// The local date.
    pub date: NaiveDate,
    /// Intervals that are not plainly closed, in order. Empty: closed all day.
    pub intervals: Vec<Interval>,
}

impl DayHours {
    /// The intervals as text, e.g. `09:00–12:00, 13:00–16:00` (empty if none).
    pub fn times_label(&self) -> String {
        let parts: Vec<String> = self.intervals.iter().map(Interval::to_string).collect();
        parts.join(", ")
    }
}

/// Internal classification of a (kind, comment) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Open,
    Closed,
    ByAppointment,
    Unknown,
}

fn classify(kind: RuleKind, comment: &str) -> Class {
    if mentions_appointment(comment) {
        return Class::ByAppointment;
    }
    match kind {
        RuleKind::Open => Class::Open,
        RuleKind::Closed => Class::Closed,
        RuleKind::Unknown => Class::Unknown,
    }
}

/// Whether a text says "by appointment" (English or German wording).
pub(super) fn mentions_appointment(text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let lower = text.to_lowercase().replace('_', " ");
    APPOINTMENT_MARKERS.iter().any(|m| lower.contains(m))
}

/// Makes free text usable inside an OSM comment (`"…"`): no double quotes,
/// whitespace runs collapsed. `None` when nothing is left.
pub(super) fn comment_text(text: &str) -> Option<String> {
    let cleaned = text.replace('"', "'");
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

fn berlin_context(regional: RegionalHolidays) -> Context<TzLocation<Tz>> {
    let unknown = match regional {
        RegionalHolidays::Unknown => Country::DE.holidays_regional(),
        RegionalHolidays::Ignore => ContextHolidays::default(),
    };
    Context::default()
        .with_holidays(Country::DE.holidays())
        .with_holidays_unknown(unknown)
        .with_locale(TzLocation::new(Berlin))
}

/// Converts a schedule time (`00:00`–`24:00`) to a wall-clock time; `24:00`
/// becomes `00:00`.
pub(super) fn wall_time(t: ExtendedTime) -> NaiveTime {
    NaiveTime::from_hms_opt(u32::from(t.hour() % 24), u32::from(t.minute()), 0)
        .unwrap_or(NaiveTime::MIN)
}

impl OpeningHours {
    /// Parses an OSM `opening_hours` value.
    ///
    /// A value that is not OSM syntax but says "by appointment" (and holds no
    /// digits, so no hours are lost) is accepted as appointment-only hours.
    pub fn parse(osm: &str) -> Result<Self, HoursError> {
        let trimmed = osm.trim();
        if trimmed.is_empty() {
            return Err(HoursError::Empty);
        }
        match trimmed.parse::<opening_hours::OpeningHours>() {
            Ok(parsed) => {
                let expr = parsed.get_expression();
                let appointment_only = !expr.rules.is_empty()
                    && expr
                        .rules
                        .iter()
                        .all(|r| r.is_constant() && mentions_appointment(&r.comment));
                Ok(Self::assemble(trimmed, parsed, appointment_only))
            }
            Err(err) => {
                let no_digits = !trimmed.chars().any(|c| c.is_ascii_digit());
                let rescued = (no_digits && mentions_appointment(trimmed))
                    .then(|| comment_text(trimmed))
                    .flatten()
                    .and_then(|c| {
                        format!("\"{c}\"")
                            .parse::<opening_hours::OpeningHours>()
                            .ok()
                    });
                match rescued {
                    Some(parsed) => Ok(Self::assemble(trimmed, parsed, true)),
                    None => Err(syntax_error(trimmed, &err)),
                }
            }
        }
    }

    fn assemble(raw: &str, parsed: opening_hours::OpeningHours, appointment_only: bool) -> Self {
        let regional = RegionalHolidays::default();
        Self {
            raw: raw.to_owned(),
            engine: parsed.with_context(berlin_context(regional)),
            appointment_only,
            regional,
        }
    }

    /// The same hours with another treatment of regional holidays.
    pub fn with_regional_holidays(self, regional: RegionalHolidays) -> Self {
        let Self {
            raw,
            engine,
            appointment_only,
            ..
        } = self;
        Self {
            raw,
            engine: engine.with_context(berlin_context(regional)),
            appointment_only,
            regional,
        }
    }

    /// The value as given to [`OpeningHours::parse`] (trimmed).
    pub fn as_osm(&self) -> &str {
        &self.raw
    }

    /// `true` when the value only says "by appointment", with no hours.
    pub fn is_appointment_only(&self) -> bool {
        self.appointment_only
    }

    pub(super) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The state at an instant, with the next closing or opening time.
    pub fn state_at(&self, at: DateTime<Utc>) -> OpenState {
        match self.class_at(at) {
            Class::Open => OpenState::Open {
                closes_at: self.first_start(at, |c| c != Class::Open),
            },
            Class::Closed => OpenState::Closed {
                opens_at: self.first_start(at, |c| c == Class::Open),
            },
            Class::ByAppointment => OpenState::ByAppointment,
            Class::Unknown => OpenState::Unknown,
        }
    }

    /// `true` when [`OpeningHours::state_at`] is [`OpenState::Open`].
    pub fn is_open_at(&self, at: DateTime<Utc>) -> bool {
        self.class_at(at) == Class::Open
    }

    /// The next instant after `at` where the state (open, closed, by
    /// appointment, unknown) changes, within [`SEARCH_HORIZON_DAYS`].
    pub fn next_change(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let now = self.class_at(at);
        self.first_start(at, |c| c != now)
    }

    /// Seven days from `week_starting` (any weekday), each with its intervals
    /// in Berlin local time. Holidays are taken into account.
    pub fn week_intervals(&self, week_starting: NaiveDate) -> Vec<DayHours> {
        week_starting
            .iter_days()
            .take(7)
            .map(|date| DayHours {
                date,
                intervals: self.day_intervals(date),
            })
            .collect()
    }

    fn day_intervals(&self, date: NaiveDate) -> Vec<Interval> {
        self.engine
            .schedule_at(date)
            .into_iter()
            .filter_map(|range| {
                let state = match classify(range.kind, &range.comment) {
                    Class::Open => IntervalState::Open,
                    Class::ByAppointment => IntervalState::ByAppointment,
                    Class::Unknown => IntervalState::Unknown,
                    Class::Closed if range.comment.is_empty() => return None,
                    Class::Closed => IntervalState::Closed,
                };
                Some(Interval {
                    opens: wall_time(range.range.start),
                    closes: wall_time(range.range.end),
                    state,
                    comment: (!range.comment.is_empty()).then(|| range.comment.to_string()),
                })
            })
            .collect()
    }

    fn class_at(&self, at: DateTime<Utc>) -> Class {
        let (kind, comment) = self.engine.state(at.with_timezone(&Berlin));
        classify(kind, &comment)
    }

    /// Start of the first period after `at` whose class satisfies `wanted`.
    fn first_start(
        &self,
        at: DateTime<Utc>,
        wanted: impl Fn(Class) -> bool,
    ) -> Option<DateTime<Utc>> {
        let from = at.with_timezone(&Berlin);
        let to = from + Duration::days(SEARCH_HORIZON_DAYS);
        self.engine
            .iter_range(from, to)
            .skip(1)
            .find(|range| wanted(classify(range.kind, &range.comment)))
            .map(|range| range.range.start.with_timezone(&Utc))
    }
}

impl fmt::Display for OpeningHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}
