//! HSDS 3.0 schedule ↔ OSM conversion tests.

use chrono::{NaiveDate, NaiveTime};

use super::{osm_to_schedules, schedules_to_osm, HoursError, HsdsSchedule, OpeningHours};

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn weekly(byday: &str, opens: (u32, u32), closes: (u32, u32)) -> HsdsSchedule {
    HsdsSchedule {
        freq: Some("WEEKLY".into()),
        byday: Some(byday.into()),
        opens_at: Some(time(opens.0, opens.1)),
        closes_at: Some(time(closes.0, closes.1)),
        ..HsdsSchedule::default()
    }
}

fn to_osm(schedules: &[HsdsSchedule]) -> String {
    schedules_to_osm(schedules)
        .expect("convertible")
        .expect("something to convert")
}

fn back(osm: &str) -> Option<Vec<HsdsSchedule>> {
    osm_to_schedules(&OpeningHours::parse(osm).expect("valid opening_hours"))
}

#[test]
fn simple_weekly_schedule_round_trips() {
    let schedules = vec![
        weekly("MO,TU,WE,TH,FR", (9, 0), (12, 0)),
        weekly("MO,TU,WE,TH,FR", (13, 0), (16, 0)),
        HsdsSchedule {
            description: Some("nur Beratung".into()),
            ..weekly("SA", (10, 0), (12, 0))
        },
    ];
    let osm = to_osm(&schedules);
    assert_eq!(
        osm,
        "Mo-Fr 09:00-12:00,13:00-16:00; Sa 10:00-12:00 \"nur Beratung\""
    );
    assert_eq!(back(&osm), Some(schedules));
}

#[test]
fn validity_periods_round_trip() {
    let both = HsdsSchedule {
        valid_from: Some(date(2026, 1, 5)),
        valid_to: Some(date(2026, 3, 31)),
        ..weekly("MO,WE,FR", (8, 30), (12, 0))
    };
    let osm = to_osm(std::slice::from_ref(&both));
    assert_eq!(osm, "2026 Jan 05-2026 Mar 31 Mo,We,Fr 08:30-12:00");
    assert_eq!(back(&osm), Some(vec![both]));

    let from_only = HsdsSchedule {
        valid_from: Some(date(2026, 1, 5)),
        ..weekly("TU", (14, 0), (18, 0))
    };
    let osm = to_osm(std::slice::from_ref(&from_only));
    assert_eq!(osm, "2026 Jan 05+ Tu 14:00-18:00");
    assert_eq!(back(&osm), Some(vec![from_only]));

    let to_only = HsdsSchedule {
        valid_to: Some(date(2026, 6, 30)),
        ..weekly("TU", (14, 0), (18, 0))
    };
    assert_eq!(
        back(&to_osm(std::slice::from_ref(&to_only))),
        Some(vec![to_only])
    );

    // dtstart/until narrow the validity period.
    let ical = HsdsSchedule {
        dtstart: Some(date(2026, 2, 2)),
        until: Some(date(2026, 2, 27)),
        ..weekly("MO", (9, 0), (10, 0))
    };
    assert_eq!(to_osm(&[ical]), "2026 Feb 02-2026 Feb 27 Mo 09:00-10:00");
}

#[test]
fn midnight_and_overnight_hours() {
    let all_day = weekly("MO,TU,WE,TH,FR,SA,SU", (0, 0), (0, 0));
    assert_eq!(to_osm(std::slice::from_ref(&all_day)), "Mo-Su 00:00-24:00");
    assert_eq!(back("Mo-Su 00:00-24:00"), Some(vec![all_day]));

    let night = weekly("FR", (22, 0), (2, 0));
    let osm = to_osm(&[night, weekly("SA", (10, 0), (12, 0))]);
    // Additional rules keep the Friday night running into Saturday.
    assert_eq!(osm, "Fr 22:00-02:00, Sa 10:00-12:00");
    assert_eq!(
        back(&osm),
        Some(vec![
            weekly("FR", (22, 0), (0, 0)),
            weekly("SA", (0, 0), (2, 0)),
            weekly("SA", (10, 0), (12, 0)),
        ])
    );
}

#[test]
fn later_rules_override_earlier_days_when_read_back() {
    assert_eq!(
        back("Mo-Fr 09:00-17:00; We 09:00-12:00"),
        Some(vec![
            weekly("MO,TU,TH,FR", (9, 0), (17, 0)),
            weekly("WE", (9, 0), (12, 0)),
        ])
    );
    assert_eq!(
        back("Mo-Sa 10:00-18:00; Sa off"),
        Some(vec![weekly("MO,TU,WE,TH,FR", (10, 0), (18, 0))])
    );
}

#[test]
fn complex_osm_hours_have_no_schedule_form() {
    for osm in [
        "Mo-Fr 09:00-17:00; PH off",
        "Mo[1] 09:00-12:00",
        "Mo-Fr sunrise-sunset",
        "Mo-Fr 09:00+",
        "Jan-Mar Mo 09:00-12:00",
        "week 01-10 Mo 09:00-12:00",
        "Mo-Fr 09:00-17:00 unknown",
        "Sa off \"nach Vereinbarung\"",
        "by appointment",
        "\"nach Vereinbarung\"",
    ] {
        assert_eq!(back(osm), None, "{osm}");
    }
}

#[test]
fn unconvertible_schedules_name_the_problem() {
    let base = weekly("MO", (9, 0), (12, 0));
    let cases: Vec<(HsdsSchedule, &str)> = vec![
        (
            HsdsSchedule {
                freq: Some("MONTHLY".into()),
                ..base.clone()
            },
            "freq",
        ),
        (
            HsdsSchedule {
                interval: Some(2),
                ..base.clone()
            },
            "interval 2",
        ),
        (
            HsdsSchedule {
                byday: Some("2MO".into()),
                ..base.clone()
            },
            "byday \"2MO\"",
        ),
        (
            HsdsSchedule {
                byday: None,
                ..base.clone()
            },
            "byday is missing",
        ),
        (
            HsdsSchedule {
                closes_at: None,
                ..base.clone()
            },
            "closes_at",
        ),
        (
            HsdsSchedule {
                byweekno: Some("41,42".into()),
                ..base.clone()
            },
            "byweekno",
        ),
        (
            HsdsSchedule {
                count: Some(3),
                ..base.clone()
            },
            "count",
        ),
        (
            HsdsSchedule {
                timezone: Some(-5.0),
                ..base.clone()
            },
            "timezone",
        ),
        (
            HsdsSchedule {
                valid_from: Some(date(2026, 5, 1)),
                valid_to: Some(date(2026, 4, 1)),
                ..base.clone()
            },
            "after",
        ),
    ];
    for (schedule, needle) in cases {
        let err = schedules_to_osm(&[base.clone(), schedule]).expect_err(needle);
        let HoursError::NotConvertible { index, reason } = &err else {
            panic!("expected NotConvertible, got {err:?}");
        };
        assert_eq!(*index, 1);
        assert!(reason.contains(needle), "{reason} / {needle}");
    }
    // Rows with different validity periods cannot share one OSM value.
    let later = HsdsSchedule {
        valid_from: Some(date(2026, 5, 1)),
        ..base.clone()
    };
    let err = schedules_to_osm(&[base.clone(), later]).expect_err("mixed validity");
    assert!(err.to_string().contains("validity"), "{err}");
    // Berlin offsets are fine.
    let cet = HsdsSchedule {
        timezone: Some(1.0),
        ..base
    };
    assert_eq!(to_osm(&[cet]), "Mo 09:00-12:00");
}

#[test]
fn rows_without_times() {
    assert_eq!(schedules_to_osm(&[]), Ok(None));
    let note = HsdsSchedule {
        description: Some("Bitte vorher anrufen".into()),
        ..HsdsSchedule::default()
    };
    assert_eq!(schedules_to_osm(std::slice::from_ref(&note)), Ok(None));
    let appointment = HsdsSchedule {
        description: Some("Termine nach \"Vereinbarung\"".into()),
        ..HsdsSchedule::default()
    };
    let osm = to_osm(std::slice::from_ref(&appointment));
    assert_eq!(osm, "\"Termine nach 'Vereinbarung'\"");
    assert!(OpeningHours::parse(&osm)
        .expect("valid")
        .is_appointment_only());
    // Next to timed rows, a time-less row adds nothing.
    assert_eq!(
        to_osm(&[note, weekly("MO", (9, 0), (12, 0))]),
        "Mo 09:00-12:00"
    );
}
