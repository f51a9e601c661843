//! OSM `opening_hours` → HSDS 3.0 schedule rows, for simple weekly hours.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use opening_hours_syntax::rules::day::{Date, DateOffset, MonthdayRange, WeekDayRange};
use opening_hours_syntax::rules::time::Time;
use opening_hours_syntax::rules::{RuleKind, RuleSequence};

use super::eval::wall_time;
use super::hsds::{HsdsSchedule, Validity, DAY_CODES, OSM_FIRST_DAY, OSM_LAST_DAY};
use super::OpeningHours;

/// A Monday, used to evaluate weekly rules.
const REFERENCE_MONDAY: (i32, u32, u32) = (2001, 1, 1);

/// Reads simple weekly OSM hours back as HSDS schedule rows, one per distinct
/// (opens, closes, comment) with the weekdays it applies to.
///
/// `None` when the hours are more than plain weekly times: holidays (`PH`,
/// `SH`), months, weeks or years (other than one validity period shared by
/// all rules), nth weekdays, sunrise/sunset, open ends (`+`), repeats,
/// `unknown` rules, commented closed times, or appointment-only values.
/// Hours over midnight come back split at midnight.
pub fn osm_to_schedules(hours: &OpeningHours) -> Option<Vec<HsdsSchedule>> {
    if hours.is_appointment_only() {
        return None;
    }
    let expr = hours.engine().get_expression();
    let first = expr.rules.first()?;
    let monthday = &first.day_selector.monthday;
    if expr
        .rules
        .iter()
        .any(|r| &r.day_selector.monthday != monthday)
    {
        return None;
    }
    let (valid_from, valid_to) = read_validity(monthday)?;
    if !expr.rules.iter().all(is_plain_weekly) {
        return None;
    }
    let mut plain = expr.as_ref().clone();
    for rule in &mut plain.rules {
        rule.day_selector.monthday.clear();
    }
    let plain: opening_hours::OpeningHours = plain.to_string().parse().ok()?;

    let (y, m, d) = REFERENCE_MONDAY;
    let monday = NaiveDate::from_ymd_opt(y, m, d)?;
    let mut groups: BTreeMap<(NaiveTime, NaiveTime, Option<String>), Vec<usize>> = BTreeMap::new();
    for (day, date) in monday.iter_days().take(7).enumerate() {
        for range in plain.schedule_at(date) {
            let comment = (!range.comment.is_empty()).then(|| range.comment.to_string());
            match (range.kind, &comment) {
                (RuleKind::Closed, None) => continue,
                (RuleKind::Open, _) => {}
                _ => return None,
            }
            let key = (
                wall_time(range.range.start),
                wall_time(range.range.end),
                comment,
            );
            groups.entry(key).or_default().push(day);
        }
    }
    let mut rows: Vec<(usize, HsdsSchedule)> = groups
        .into_iter()
        .map(|((opens, closes, comment), days)| {
            let first_day = days.first().copied().unwrap_or(0);
            let byday: Vec<&str> = days.iter().map(|d| DAY_CODES[*d].0).collect();
            let row = HsdsSchedule {
                freq: Some("WEEKLY".into()),
                byday: Some(byday.join(",")),
                opens_at: Some(opens),
                closes_at: Some(closes),
                description: comment,
                valid_from,
                valid_to,
                ..HsdsSchedule::default()
            };
            (first_day, row)
        })
        .collect();
    rows.sort_by_key(|(first_day, row)| (*first_day, row.opens_at, row.closes_at));
    Some(rows.into_iter().map(|(_, row)| row).collect())
}

/// Weekday selectors only (no holidays, nth or offsets), fixed times only.
fn is_plain_weekly(rule: &RuleSequence) -> bool {
    let days = &rule.day_selector;
    let weekdays_plain = days.weekday.iter().all(|w| match w {
        WeekDayRange::Fixed {
            offset,
            nth_from_start,
            nth_from_end,
            ..
        } => *offset == 0 && (*nth_from_start == [true; 5] || *nth_from_end == [true; 5]),
        WeekDayRange::Holiday { .. } => false,
    });
    let times_plain = rule.time_selector.spans.iter().all(|span| {
        matches!(span.range.start, Time::Fixed(_))
            && matches!(span.range.end, Time::Fixed(_))
            && !span.open_end
            && span.repeats.is_none()
    });
    days.year.is_empty()
        && days.week.is_empty()
        && weekdays_plain
        && times_plain
        && rule.kind != RuleKind::Unknown
}

/// The validity period of a monthday selector `YYYY Mon DD-YYYY Mon DD`
/// (or `YYYY Mon DD+`); `Some((None, None))` when there is none.
fn read_validity(monthday: &[MonthdayRange]) -> Option<Validity> {
    let range = match monthday {
        [] => return Some((None, None)),
        [range] => range,
        _ => return None,
    };
    let MonthdayRange::Date {
        start: (start, start_offset),
        end: (end, end_offset),
    } = range
    else {
        return None;
    };
    if *start_offset != DateOffset::default() || *end_offset != DateOffset::default() {
        return None;
    }
    let from = fixed_date(start)?;
    let to = fixed_date(end)?;
    let bound = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    Some((
        (Some(from) != bound(OSM_FIRST_DAY)).then_some(from),
        (Some(to) != bound(OSM_LAST_DAY)).then_some(to),
    ))
}

fn fixed_date(date: &Date) -> Option<NaiveDate> {
    match date {
        Date::Fixed {
            year: Some(year),
            month,
            day,
        } => NaiveDate::from_ymd_opt(**year, *month as u32, u32::from(*day)),
        _ => None,
    }
}
