//! HSDS 3.0 `schedule` rows ↔ OSM `opening_hours`, for simple weekly hours.
//!
//! Convertible: `freq` WEEKLY (or empty), `interval` 1 (or empty), `byday`
//! with plain weekday codes, `opens_at`/`closes_at` (closing at or before
//! opening means over midnight; `00:00` closing means until midnight),
//! `description` (becomes the OSM comment), and one validity period shared
//! by all rows (`valid_from`/`dtstart`, `valid_to`/`until`).
//! Not convertible: MONTHLY or other `freq`, `interval` > 1, `count`,
//! `byweekno`, `bymonthday`, `byyearday`, ordinal `byday` (`2MO`), time zones
//! other than UTC+1/UTC+2 (Berlin), rows without `byday` or without times
//! (a row without any time, day or recurrence field is skipped), and rows
//! whose validity periods differ.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::eval::{comment_text, mentions_appointment};
use super::{HoursError, OpeningHours};

/// One row of the HSDS 3.0 `schedule` table (the fields that carry time
/// rules; ids, links and notes are left to the caller). Times and dates are
/// Berlin local.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HsdsSchedule {
    /// iCal frequency: `WEEKLY` or `MONTHLY`.
    pub freq: Option<String>,
    /// iCal interval: 2 with WEEKLY is fortnightly.
    pub interval: Option<u32>,
    /// Comma separated weekdays, e.g. `MO,TU` (`2MO` = second Monday).
    pub byday: Option<String>,
    /// Comma separated week numbers (WEEKLY).
    pub byweekno: Option<String>,
    /// Comma separated days of the month (MONTHLY).
    pub bymonthday: Option<String>,
    /// Comma separated days of the year.
    pub byyearday: Option<String>,
    /// iCal number of occurrences.
    pub count: Option<u32>,
    /// iCal first occurrence.
    pub dtstart: Option<NaiveDate>,
    /// iCal last occurrence.
    pub until: Option<NaiveDate>,
    /// iCal week start (`MO`…); irrelevant for weekly rules with interval 1.
    pub wkst: Option<String>,
    /// UTC offset in hours that times are given in.
    pub timezone: Option<f64>,
    /// Opening time.
    pub opens_at: Option<NaiveTime>,
    /// Closing time.
    pub closes_at: Option<NaiveTime>,
    /// First day the schedule is valid.
    pub valid_from: Option<NaiveDate>,
    /// Last day the schedule is valid.
    pub valid_to: Option<NaiveDate>,
    /// Free text description of the availability.
    pub description: Option<String>,
}

pub(super) const DAY_CODES: [(&str, &str); 7] = [
    ("MO", "Mo"),
    ("TU", "Tu"),
    ("WE", "We"),
    ("TH", "Th"),
    ("FR", "Fr"),
    ("SA", "Sa"),
    ("SU", "Su"),
];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Bounds the OSM parser uses for open-ended date ranges.
pub(super) const OSM_FIRST_DAY: (i32, u32, u32) = (1900, 1, 1);
pub(super) const OSM_LAST_DAY: (i32, u32, u32) = (9999, 12, 31);

pub(super) type Validity = (Option<NaiveDate>, Option<NaiveDate>);
/// Start minute, end minute (may exceed 1440: over midnight), comment.
type Span = (u32, u32, Option<String>);

fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    a.max(b)
}

fn earlier(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Writes HSDS schedule rows as one OSM `opening_hours` value.
///
/// `Ok(None)`: nothing to convert (no rows, or rows without any time, day or
/// recurrence field), except that description-only rows saying "by
/// appointment" become a comment-only value such as `"nach Vereinbarung"`.
/// Rows without times are ignored when other rows have times.
pub fn schedules_to_osm(schedules: &[HsdsSchedule]) -> Result<Option<String>, HoursError> {
    let mut days: [Vec<Span>; 7] = Default::default();
    let mut shared: Option<Validity> = None;
    let mut appointment_note = None;
    for (index, s) in schedules.iter().enumerate() {
        let timeless = s.opens_at.is_none()
            && s.closes_at.is_none()
            && given(&s.byday).is_none()
            && given(&s.freq).is_none();
        if timeless {
            let note = s.description.as_deref().filter(|d| mentions_appointment(d));
            appointment_note = appointment_note.or(note.and_then(comment_text));
            continue;
        }
        let row = weekly(index, s)?;
        match shared {
            None => shared = Some(row.validity),
            Some(v) if v != row.validity => {
                return Err(not(
                    index,
                    "its validity period differs from the other rows; one shared period is needed"
                        .into(),
                ))
            }
            Some(_) => {}
        }
        let comment = s.description.as_deref().and_then(comment_text);
        for day in row.weekdays {
            days[day].push((row.start, row.end, comment.clone()));
        }
    }
    let Some(validity) = shared else {
        return Ok(appointment_note.map(|note| format!("\"{note}\"")));
    };
    let osm = render(days, validity);
    // Guard: what is written must read back.
    OpeningHours::parse(&osm)?;
    Ok(Some(osm))
}

/// A row that converts: its weekdays, its minutes and its validity period.
struct WeeklyRow {
    weekdays: Vec<usize>,
    start: u32,
    end: u32,
    validity: Validity,
}

/// A row with times as a weekly rule, or why it cannot be one.
fn weekly(index: usize, s: &HsdsSchedule) -> Result<WeeklyRow, HoursError> {
    every_week(index, s)?;
    let byday = given(&s.byday).ok_or_else(|| not(index, "byday is missing".into()))?;
    let weekdays = parse_byday(byday).map_err(|BadDayCode(code)| {
        not(
            index,
            format!("byday {code:?}: only plain weekday codes (MO…SU) can be converted"),
        )
    })?;
    let (start, end) = minutes(index, s)?;
    let validity = validity(index, s)?;
    Ok(WeeklyRow {
        weekdays,
        start,
        end,
        validity,
    })
}

/// Row `index` cannot be converted, for `reason`.
fn not(index: usize, reason: String) -> HoursError {
    HoursError::NotConvertible { index, reason }
}

/// Refuses a recurrence other than every week, in Berlin time.
fn every_week(index: usize, s: &HsdsSchedule) -> Result<(), HoursError> {
    if let Some(freq) = given(&s.freq).filter(|f| !f.eq_ignore_ascii_case("WEEKLY")) {
        let reason = format!("freq {freq:?}: only WEEKLY schedules can be converted");
        return Err(not(index, reason));
    }
    if let Some(n) = s.interval.filter(|n| *n != 1) {
        let reason = format!("interval {n}: only every week (interval 1) can be converted");
        return Err(not(index, reason));
    }
    if let Some(count) = s.count {
        let reason = format!("count {count}: a number of occurrences has no OSM form");
        return Err(not(index, reason));
    }
    for (field, value) in [
        ("byweekno", &s.byweekno),
        ("bymonthday", &s.bymonthday),
        ("byyearday", &s.byyearday),
    ] {
        if let Some(v) = given(value) {
            return Err(not(index, format!("{field} {v:?} is not supported")));
        }
    }
    if let Some(tz) = s.timezone.filter(|tz| *tz != 1.0 && *tz != 2.0) {
        let reason = format!("timezone {tz}: only Berlin local time (UTC+1/UTC+2) is supported");
        return Err(not(index, reason));
    }
    Ok(())
}

/// Opening and closing minute; closing at or before opening is over
/// midnight (the end then exceeds 1440).
fn minutes(index: usize, s: &HsdsSchedule) -> Result<(u32, u32), HoursError> {
    let (Some(opens), Some(closes)) = (s.opens_at, s.closes_at) else {
        return Err(not(index, "opens_at and closes_at are both needed".into()));
    };
    let start = opens.hour() * 60 + opens.minute();
    let mut end = closes.hour() * 60 + closes.minute();
    if end <= start {
        if end != 0 && end == start {
            return Err(not(
                index,
                format!("opens_at and closes_at are both {opens}"),
            ));
        }
        end += 24 * 60;
    }
    Ok((start, end))
}

/// The row's validity period (`valid_from`/`dtstart`, `valid_to`/`until`).
fn validity(index: usize, s: &HsdsSchedule) -> Result<Validity, HoursError> {
    let validity = (later(s.valid_from, s.dtstart), earlier(s.valid_to, s.until));
    if let (Some(from), Some(to)) = validity {
        if from > to {
            return Err(not(
                index,
                format!("valid from {from} is after valid to {to}"),
            ));
        }
    }
    Ok(validity)
}

/// A `byday` code that is not a plain weekday (e.g. `1MO`, `XX`).
struct BadDayCode(String);

/// Weekday indices (Monday = 0) of a `byday` value such as `MO,TU`.
fn parse_byday(byday: &str) -> Result<Vec<usize>, BadDayCode> {
    byday
        .split(',')
        .map(str::trim)
        .filter(|code| !code.is_empty())
        .map(|code| {
            DAY_CODES
                .iter()
                .position(|(ical, _)| code.eq_ignore_ascii_case(ical))
                .ok_or_else(|| BadDayCode(code.to_owned()))
        })
        .collect()
}

fn render(mut days: [Vec<Span>; 7], validity: Validity) -> String {
    for spans in &mut days {
        spans.sort();
        spans.dedup();
    }
    let overnight = days.iter().flatten().any(|(_, end, _)| *end > 24 * 60);
    let prefix = validity_prefix(validity);
    let mut groups: Vec<([bool; 7], &Vec<Span>)> = Vec::new();
    for (day, spans) in days.iter().enumerate().filter(|(_, s)| !s.is_empty()) {
        match groups.iter_mut().find(|(_, other)| *other == spans) {
            Some((set, _)) => set[day] = true,
            None => {
                let mut set = [false; 7];
                set[day] = true;
                groups.push((set, spans));
            }
        }
    }
    let mut rules = Vec::new();
    for (set, spans) in groups {
        let day_selector = day_selector(set);
        let mut by_comment: Vec<(&Option<String>, Vec<String>)> = Vec::new();
        for (start, end, comment) in spans {
            let time = format!("{}-{}", hhmm(*start), hhmm(*end));
            match by_comment.iter_mut().find(|(c, _)| *c == comment) {
                Some((_, times)) => times.push(time),
                None => by_comment.push((comment, vec![time])),
            }
        }
        for (comment, times) in by_comment {
            let mut rule = format!("{prefix}{day_selector} {}", times.join(","));
            if let Some(comment) = comment {
                rule.push_str(&format!(" \"{comment}\""));
            }
            rules.push(rule);
        }
    }
    // A later normal rule (`;`) for a day would drop the hours that spill
    // over midnight from the day before; additional rules (`,`) keep them.
    rules.join(if overnight { ", " } else { "; " })
}

fn hhmm(minutes: u32) -> String {
    let minutes = if minutes > 24 * 60 {
        minutes - 24 * 60
    } else {
        minutes
    };
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

fn day_selector(set: [bool; 7]) -> String {
    let mut parts = Vec::new();
    let mut day = 0;
    while day < 7 {
        if !set[day] {
            day += 1;
            continue;
        }
        let mut last = day;
        while last + 1 < 7 && set[last + 1] {
            last += 1;
        }
        match last - day {
            0 => parts.push(DAY_CODES[day].1.to_owned()),
            1 => parts.push(format!("{},{}", DAY_CODES[day].1, DAY_CODES[last].1)),
            _ => parts.push(format!("{}-{}", DAY_CODES[day].1, DAY_CODES[last].1)),
        }
        day = last + 1;
    }
    parts.join(",")
}

fn osm_date(date: NaiveDate) -> String {
    let month = MONTHS[date.month0() as usize];
    format!("{} {month} {:02}", date.year(), date.day())
}

fn validity_prefix(validity: Validity) -> String {
    match validity {
        (None, None) => String::new(),
        (Some(from), None) => format!("{}+ ", osm_date(from)),
        (from, Some(to)) => {
            let (y, m, d) = OSM_FIRST_DAY;
            let first = NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
            format!("{}-{} ", osm_date(from.unwrap_or(first)), osm_date(to))
        }
    }
}
