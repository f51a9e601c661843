//! Opening hours: OSM `opening_hours` evaluated in Europe/Berlin.
//!
//! Parsing and evaluation are done by the `opening-hours` crate; this module
//! wraps it in a small typed API for the directory:
//!
//! - [`OpeningHours::parse`] reads an OSM `opening_hours` value. Values that
//!   are not OSM syntax but only say "by appointment" (`by appointment`,
//!   `nach Vereinbarung`, …) are accepted as appointment-only hours.
//! - [`OpeningHours::state_at`], [`OpeningHours::is_open_at`] and
//!   [`OpeningHours::next_change`] evaluate at a UTC instant, in Berlin local
//!   time (DST handled by `chrono-tz`).
//! - [`OpeningHours::week_intervals`] gives a week table for display.
//! - [`schedules_to_osm`] and [`osm_to_schedules`] convert between simple
//!   weekly HSDS 3.0 `schedule` rows and OSM syntax.
//!
//! Public holidays (`PH`): the nationwide German holidays from the embedded
//! calendar of `opening-hours` (years 2000–2076) count as holidays. Holidays
//! of only some Länder (Heilige Drei Könige, Fronleichnam, Reformationstag,
//! Frauentag, …) cannot be told apart per Land by that calendar: by default
//! they make a `PH` rule evaluate to [`OpenState::Unknown`] on that day, see
//! [`RegionalHolidays`].

mod eval;
mod hsds;
mod hsds_read;
mod syntax;

#[cfg(test)]
mod tests_eval;
#[cfg(test)]
mod tests_hsds;

use chrono::{DateTime, Utc};

pub use eval::{DayHours, Interval, IntervalState, OpeningHours, RegionalHolidays};
pub use hsds::{schedules_to_osm, HsdsSchedule};
pub use hsds_read::osm_to_schedules;

/// How far ahead [`OpeningHours::state_at`] and [`OpeningHours::next_change`]
/// look for the next change of state. Beyond that they answer `None`.
pub const SEARCH_HORIZON_DAYS: i64 = 732;

/// What went wrong with opening hours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    /// The value is empty or only whitespace.
    #[error("opening_hours is empty")]
    Empty,
    /// The value is not valid OSM `opening_hours` syntax.
    #[error("invalid opening_hours {input:?}: {problem}")]
    Syntax {
        /// The value as given (trimmed).
        input: String,
        /// 1-based character column where parsing stopped, when known.
        column: Option<usize>,
        /// What is wrong, in words (what was found and what was expected).
        problem: String,
    },
    /// An HSDS schedule row that has no OSM equivalent here.
    #[error("HSDS schedule #{index} cannot be written as OSM opening_hours: {reason}")]
    NotConvertible {
        /// Position of the schedule in the slice given to [`schedules_to_osm`].
        index: usize,
        /// Which field or value is the problem.
        reason: String,
    },
}

/// The state of a place at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenState {
    /// Open now; `closes_at` is when it stops being open (within
    /// [`SEARCH_HORIZON_DAYS`]; `None` if not within it, e.g. `24/7`).
    Open {
        /// The instant the open period ends.
        closes_at: Option<DateTime<Utc>>,
    },
    /// Closed now; `opens_at` is the start of the next open period (within
    /// [`SEARCH_HORIZON_DAYS`]; `None` if none).
    Closed {
        /// The instant the next open period starts.
        opens_at: Option<DateTime<Utc>>,
    },
    /// Only by appointment now: the rule in force carries a comment such as
    /// "by appointment" / "nach Vereinbarung", or the whole value says so.
    ByAppointment,
    /// The hours say the state is unknown (`unknown` rules), or it depends on
    /// a holiday of only some Länder (see [`RegionalHolidays`]).
    Unknown,
}

impl OpenState {
    /// `true` for [`OpenState::Open`].
    pub fn is_open(&self) -> bool {
        matches!(self, OpenState::Open { .. })
    }
}
