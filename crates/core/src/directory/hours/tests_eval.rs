//! Evaluation tests: Berlin time, DST, holidays, appointments, errors, week table.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Berlin;

use super::{HoursError, IntervalState, OpenState, OpeningHours, RegionalHolidays};

/// A Berlin wall-clock time as a UTC instant.
fn berlin(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Berlin
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("unambiguous Berlin time")
        .with_timezone(&Utc)
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid UTC time")
}

fn hours(osm: &str) -> OpeningHours {
    OpeningHours::parse(osm).expect("valid opening_hours")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

#[test]
fn weekdays_open_on_wednesday_morning_and_closed_in_the_evening() {
    let oh = hours("Mo-Fr 09:00-17:00");
    // 2026-03-11 is a Wednesday (CET, UTC+1).
    let morning = berlin(2026, 3, 11, 10, 0);
    assert!(oh.is_open_at(morning));
    assert_eq!(
        oh.state_at(morning),
        OpenState::Open {
            closes_at: Some(utc(2026, 3, 11, 16, 0))
        }
    );
    let evening = berlin(2026, 3, 11, 18, 0);
    assert!(!oh.is_open_at(evening));
    assert_eq!(
        oh.state_at(evening),
        OpenState::Closed {
            opens_at: Some(berlin(2026, 3, 12, 9, 0))
        }
    );
}

#[test]
fn next_change_is_the_next_opening_or_closing() {
    let oh = hours("Mo-Fr 09:00-17:00");
    assert_eq!(
        oh.next_change(berlin(2026, 3, 11, 10, 0)),
        Some(berlin(2026, 3, 11, 17, 0))
    );
    // Friday evening: next change is Monday morning.
    assert_eq!(
        oh.next_change(berlin(2026, 3, 13, 18, 0)),
        Some(berlin(2026, 3, 16, 9, 0))
    );
    // Split hours: the lunch break is a change.
    let split = hours("Mo-Fr 09:00-12:00,13:00-16:00");
    assert_eq!(
        split.next_change(berlin(2026, 3, 11, 12, 30)),
        Some(berlin(2026, 3, 11, 13, 0))
    );
    // Never changes.
    assert_eq!(hours("24/7").next_change(berlin(2026, 3, 11, 12, 0)), None);
    assert_eq!(
        hours("24/7").state_at(berlin(2026, 3, 11, 12, 0)),
        OpenState::Open { closes_at: None }
    );
}

#[test]
fn spring_dst_switch_gives_the_right_utc_instants() {
    // Clocks go from 02:00 CET to 03:00 CEST on Sunday 2026-03-29.
    let oh = hours("Mo-Fr 09:00-17:00");
    assert_eq!(
        oh.state_at(berlin(2026, 3, 27, 10, 0)),
        OpenState::Open {
            closes_at: Some(utc(2026, 3, 27, 16, 0))
        }
    );
    assert_eq!(
        oh.state_at(berlin(2026, 3, 27, 18, 0)),
        OpenState::Closed {
            opens_at: Some(utc(2026, 3, 30, 7, 0))
        }
    );
    // Open through the switch night: 20:00 CET until 04:00 CEST, 7 real hours.
    let night = hours("Sa 20:00-04:00");
    assert_eq!(
        night.state_at(berlin(2026, 3, 28, 21, 0)),
        OpenState::Open {
            closes_at: Some(utc(2026, 3, 29, 2, 0))
        }
    );
    assert!(night.is_open_at(utc(2026, 3, 29, 1, 30))); // 03:30 CEST
    assert!(!night.is_open_at(utc(2026, 3, 29, 2, 0)));
}

#[test]
fn autumn_dst_switch_gives_the_right_utc_instants() {
    // Clocks go from 03:00 CEST back to 02:00 CET on Sunday 2026-10-25.
    let oh = hours("Mo-Fr 09:00-17:00");
    assert_eq!(
        oh.state_at(berlin(2026, 10, 23, 10, 0)),
        OpenState::Open {
            closes_at: Some(utc(2026, 10, 23, 15, 0))
        }
    );
    assert_eq!(
        oh.next_change(berlin(2026, 10, 23, 18, 0)),
        Some(utc(2026, 10, 26, 8, 0))
    );
    let night = hours("Sa 20:00-04:00");
    assert_eq!(
        night.state_at(berlin(2026, 10, 24, 21, 0)),
        OpenState::Open {
            closes_at: Some(utc(2026, 10, 25, 3, 0))
        }
    );
}

#[test]
fn german_public_holidays_close_ph_off_hours() {
    let oh = hours("Mo-Fr 09:00-17:00; PH off");
    // Christmas Eve is no public holiday; Christmas (Friday) is.
    assert!(oh.is_open_at(berlin(2026, 12, 24, 10, 0)));
    assert_eq!(
        oh.state_at(berlin(2026, 12, 25, 10, 0)),
        OpenState::Closed {
            opens_at: Some(berlin(2026, 12, 28, 9, 0))
        }
    );
    // Tag der Deutschen Einheit 2025 was a Friday.
    assert!(!oh.is_open_at(berlin(2025, 10, 3, 10, 0)));
    assert!(oh.is_open_at(berlin(2025, 10, 2, 10, 0)));
    // Without `PH off` a holiday is an ordinary day.
    assert!(hours("Mo-Fr 09:00-17:00").is_open_at(berlin(2026, 12, 25, 10, 0)));
    // Holiday-only opening.
    assert!(hours("PH 10:00-12:00").is_open_at(berlin(2026, 10, 3, 11, 0)));
}

#[test]
fn regional_holidays_are_unknown_unless_ignored() {
    // Heilige Drei Könige (Tuesday 2026-01-06) is a holiday in BW, BY, ST only.
    let oh = hours("Mo-Fr 09:00-17:00; PH off");
    assert_eq!(oh.state_at(berlin(2026, 1, 6, 10, 0)), OpenState::Unknown);
    let ignoring = oh.with_regional_holidays(RegionalHolidays::Ignore);
    assert!(ignoring.is_open_at(berlin(2026, 1, 6, 10, 0)));
    assert!(!ignoring.is_open_at(berlin(2026, 12, 25, 10, 0)));
}

#[test]
fn by_appointment_values_are_recognised() {
    for value in [
        "by appointment",
        "By appointment only",
        "on appointment",
        "by_appointment",
        "nach Vereinbarung",
        "Termine nach Vereinbarung",
        "nach telefonischer Absprache",
        "\"nach Vereinbarung\"",
        "  \"by appointment\"  ",
    ] {
        let oh = hours(value);
        assert!(oh.is_appointment_only(), "{value}");
        assert_eq!(oh.as_osm(), value.trim());
        let at = berlin(2026, 3, 11, 10, 0);
        assert_eq!(oh.state_at(at), OpenState::ByAppointment, "{value}");
        assert!(!oh.is_open_at(at));
        assert_eq!(oh.next_change(at), None);
    }
}

#[test]
fn appointment_comments_inside_hours() {
    let oh =
        hours("Mo-Fr 09:00-12:00, Tu 14:00-18:00 \"nach Vereinbarung\"; Sa off \"by appointment\"");
    assert!(!oh.is_appointment_only());
    // Tuesday 2026-03-10.
    assert_eq!(
        oh.state_at(berlin(2026, 3, 10, 10, 0)),
        OpenState::Open {
            closes_at: Some(berlin(2026, 3, 10, 12, 0))
        }
    );
    assert_eq!(
        oh.state_at(berlin(2026, 3, 10, 15, 0)),
        OpenState::ByAppointment
    );
    assert_eq!(
        oh.next_change(berlin(2026, 3, 10, 12, 30)),
        Some(berlin(2026, 3, 10, 14, 0))
    );
    assert_eq!(
        oh.state_at(berlin(2026, 3, 14, 10, 0)),
        OpenState::ByAppointment
    );
    // Monday afternoon: closed, next opening Tuesday 09:00 (not the appointment slot).
    assert_eq!(
        oh.state_at(berlin(2026, 3, 9, 15, 0)),
        OpenState::Closed {
            opens_at: Some(berlin(2026, 3, 10, 9, 0))
        }
    );
    assert_eq!(
        hours("Mo-Fr 09:00-17:00 unknown").state_at(berlin(2026, 3, 11, 10, 0)),
        OpenState::Unknown
    );
}

#[test]
fn invalid_values_say_what_is_wrong() {
    let err = OpeningHours::parse("Mo-Fr 9-17").expect_err("not OSM syntax");
    let HoursError::Syntax {
        input,
        column,
        problem,
    } = &err
    else {
        panic!("expected a syntax error, got {err:?}");
    };
    assert_eq!(input, "Mo-Fr 9-17");
    assert_eq!(*column, Some(7));
    assert!(problem.contains("\"9-17\""), "{problem}");
    assert!(
        problem.contains("a time range like 09:00-17:00"),
        "{problem}"
    );
    assert!(err.to_string().contains("column 7"), "{err}");

    let err = OpeningHours::parse("Mo-Fr 09:00-17:00; PH of").expect_err("typo");
    assert!(
        matches!(
            err,
            HoursError::Syntax {
                column: Some(23),
                ..
            }
        ),
        "{err}"
    );
    let err = OpeningHours::parse("Mo-Fr 09:00-17:00,").expect_err("dangling comma");
    assert!(err.to_string().contains("unexpected end of text"), "{err}");

    assert_eq!(OpeningHours::parse("   "), Err(HoursError::Empty));
    // Appointment words next to unparsable hours are not silently accepted.
    assert!(OpeningHours::parse("Mo-Fr 9-12 und nach Vereinbarung").is_err());
    assert!(OpeningHours::parse("sometimes").is_err());
}

#[test]
fn week_table_lists_intervals_per_day() {
    let oh = hours("Mo-Fr 09:00-12:00,13:00-16:00; Sa 10:00-12:00 \"nur Beratung\"");
    let week = oh.week_intervals(date(2026, 3, 9)); // a Monday
    assert_eq!(week.len(), 7);
    assert_eq!(week[0].date, date(2026, 3, 9));
    assert_eq!(week[0].times_label(), "09:00–12:00, 13:00–16:00");
    assert_eq!(week[0].intervals[0].opens, time(9, 0));
    assert_eq!(week[0].intervals[0].closes, time(12, 0));
    assert_eq!(week[0].intervals[0].state, IntervalState::Open);
    assert_eq!(week[4].times_label(), "09:00–12:00, 13:00–16:00");
    assert_eq!(week[5].times_label(), "10:00–12:00");
    assert_eq!(
        week[5].intervals[0].comment.as_deref(),
        Some("nur Beratung")
    );
    assert!(week[6].intervals.is_empty());

    // Holidays show as closed days; midnight ends read 24:00.
    let christmas = hours("Mo-Su 08:00-24:00; PH off").week_intervals(date(2026, 12, 21));
    assert_eq!(christmas[0].times_label(), "08:00–24:00");
    assert!(christmas[0].intervals[0].closes_at_midnight());
    assert!(christmas[4].intervals.is_empty()); // 25th
    assert!(christmas[5].intervals.is_empty()); // 26th

    let appointment = hours("nach Vereinbarung").week_intervals(date(2026, 3, 9));
    assert_eq!(
        appointment[2].intervals[0].state,
        IntervalState::ByAppointment
    );
}
