//! The offer card, translated names and the "find anything" box, on the demo
//! directory in a real SQLite file.

use chrono::{TimeZone, Utc};
use geo::Point;
use lotse_contract::{
    links, ContactCodesQuery, LatLon, NearbyQuery, OfferQuery, OpenNow, SearchRequest, MAX_K,
};
use lotse_core::gazetteer::Gazetteer;
use lotse_core::taxonomy::Lang;
use lotse_core::Directory;

fn demo() -> (tempfile::TempDir, Directory) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut db = Directory::open(&dir.path().join("card.sqlite")).expect("open");
    assert!(db.seed_demo_if_empty().expect("seed"));
    (dir, db)
}

/// Monday 2026-11-23, 10:00 in Berlin (09:00 UTC).
fn monday_morning() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
        .single()
        .expect("time")
}

#[test]
fn the_card_has_safe_links_hours_languages_and_a_scannable_contact() {
    let (_dir, db) = demo();
    let schwerin = Point::new(11.4, 53.63);
    let card = db
        .offer_detail("demo-sn-01", Lang::De, Some(schwerin), monday_morning())
        .expect("read")
        .expect("the demo Kita exists");
    assert_eq!(card.name, "Demo-Kita Sonnenblume");
    assert!(!card.content_is_fallback);
    assert!(card.is_demo);
    assert_eq!(card.category_id, "kita");
    assert_eq!(card.phones[0].href.as_deref(), Some("tel:+493023125000"));
    assert_eq!(
        card.email_href.as_deref(),
        Some("mailto:demo-sn-01@example.org")
    );
    assert_eq!(
        card.website_href.as_deref(),
        Some("https://example.org/lotse-demo")
    );
    assert!(card.geo_href.starts_with("geo:53.63210,11.41020"));
    for href in card.phones.iter().filter_map(|p| p.href.as_deref()) {
        assert!(links::is_allowed_href(href));
    }
    // Mo-Fr 07:00-17:00: open on Monday at 10:00, closing at 17:00 today.
    match &card.open_now {
        OpenNow::Open { closes: Some(c) } => {
            assert_eq!((c.time.as_str(), c.weekday, c.today), ("17:00", 0, true));
        }
        other => panic!("expected open, got {other:?}"),
    }
    assert_eq!(card.week.len(), 7);
    assert!(card.week[0].is_today);
    assert_eq!(card.week[0].times, vec!["07:00–17:00".to_owned()]);
    assert!(card
        .week
        .iter()
        .any(|d| d.weekday == 6 && d.times.is_empty()));
    let distance = card.distance_m.expect("a distance from the given point");
    assert!((500.0..2_000.0).contains(&distance), "{distance}");
    assert!(card
        .languages
        .iter()
        .any(|l| l.code == "en" && l.autonym == "English"));
    assert!(card.vcard.contains("FN:Demo-Kita Sonnenblume"));
    assert!(card.share_text.contains("DEMO"));
    assert!(card.qr.size >= 21);
    assert_eq!(
        card.qr.modules.len(),
        (card.qr.size * card.qr.size) as usize
    );
}

#[test]
fn content_comes_in_the_users_language_or_is_marked_as_german() {
    let (_dir, db) = demo();
    let now = monday_morning();
    let arabic = db
        .offer_detail("demo-sn-01", Lang::Ar, None, now)
        .expect("read")
        .expect("offer");
    assert_eq!(arabic.content_lang, "ar");
    assert!(!arabic.content_is_fallback);
    assert!(arabic.name.contains("روضة"));
    let kita = lotse_core::taxonomy::category("kita").expect("kita");
    assert_eq!(arabic.category_label, kita.label(Lang::Ar));
    assert_ne!(arabic.category_label, kita.label(Lang::De));
    let farsi = db
        .offer_detail("demo-sn-01", Lang::Fa, None, now)
        .expect("read")
        .expect("offer");
    assert_eq!(farsi.content_lang, "de");
    assert!(farsi.content_is_fallback);
    assert_eq!(farsi.name, "Demo-Kita Sonnenblume");
    assert!(db
        .offer_detail("no-such-offer", Lang::De, None, now)
        .expect("read")
        .is_none());
}

fn nearby_query(category: Option<&str>, max_distance_m: Option<f64>, around_k: u32) -> NearbyQuery {
    NearbyQuery {
        lat: 53.63,
        lon: 11.41,
        category: category.map(str::to_owned),
        languages: Vec::new(),
        max_distance_m,
        k: 3,
        around_k,
    }
}

#[test]
fn list_names_are_translated_where_possible_and_marked_otherwise() {
    let (_dir, db) = demo();
    let answer = db
        .nearby(
            &nearby_query(Some("kita"), None, 0),
            Lang::Uk,
            monday_morning(),
        )
        .expect("nearby");
    let list = answer.listed;
    assert!(answer.around.is_empty());
    let first = list
        .iter()
        .find(|o| o.id == "demo-sn-01")
        .expect("the Sonnenblume Kita is near");
    assert_eq!(first.name, "Демо-дитсадок «Соняшник»");
    assert!(!first.name_is_fallback);
    assert!(list
        .iter()
        .filter(|o| o.id != "demo-sn-01")
        .all(|o| o.name_is_fallback));
    // German is the original: never a fallback.
    let german = db
        .nearby(
            &nearby_query(Some("kita"), None, 0),
            Lang::De,
            monday_morning(),
        )
        .expect("nearby");
    assert!(german.listed.iter().all(|o| !o.name_is_fallback));
    assert_eq!(german.listed[0].name, "Demo-Kita Sonnenblume");
}

/// The list and the map's wider set from one call are what two separate
/// queries (k within the radius, and the most without it) return.
#[test]
fn one_nearby_call_answers_the_list_and_the_map() {
    let (_dir, db) = demo();
    let now = monday_morning();
    for (category, radius_m) in [
        (None, Some(5_000.0)),
        (Some("kita"), Some(2_000.0)),
        (None, None),
    ] {
        let one = db
            .nearby(&nearby_query(category, radius_m, MAX_K), Lang::Uk, now)
            .expect("nearby");
        let listed = db
            .nearby(&nearby_query(category, radius_m, 0), Lang::Uk, now)
            .expect("list");
        let mut wide = nearby_query(category, None, 0);
        wide.k = MAX_K;
        let wide = db.nearby(&wide, Lang::Uk, now).expect("wide");
        assert_eq!(one.listed, listed.listed, "{category:?} {radius_m:?}");
        let rest: Vec<_> = wide
            .listed
            .into_iter()
            .filter(|o| !one.listed.iter().any(|l| l.id == o.id))
            .collect();
        assert_eq!(one.around, rest, "{category:?} {radius_m:?}");
        assert!(!one.listed.is_empty());
        if let Some(max) = radius_m {
            assert!(one.listed.iter().all(|o| o.distance_m <= max));
        }
    }
    let bad = db.nearby(&nearby_query(None, None, 2), Lang::De, now);
    assert!(bad.unwrap_err().to_string().contains("around_k"));
}

#[test]
fn a_missing_offer_is_named() {
    let (_dir, db) = demo();
    let query = OfferQuery {
        id: "no-such-offer".into(),
        from: None,
    };
    let err = db
        .offer_card(&query, Lang::De, monday_morning())
        .unwrap_err();
    assert_eq!(err.to_string(), "no offer `no-such-offer` in the directory");
    assert_eq!(
        lotse_contract::ApiError::from(err).code,
        lotse_contract::ErrorCode::NotFound
    );
}

#[test]
fn a_printed_list_gets_each_offers_contact_as_a_qr_code() {
    let (_dir, db) = demo();
    let ids = vec![
        "demo-sn-01".to_owned(),
        "gone".to_owned(),
        "demo-sn-02".to_owned(),
    ];
    let codes = db
        .contact_codes(&ContactCodesQuery { ids: ids.clone() }, Lang::Uk)
        .expect("codes");
    // The offer no longer in the directory is left out; the order is kept.
    let got: Vec<&str> = codes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(got, ["demo-sn-01", "demo-sn-02"]);
    for code in &codes {
        let card = db
            .offer_detail(&code.id, Lang::Uk, None, monday_morning())
            .expect("read")
            .expect("card");
        // A smaller code than the card's full contact, for 3 cm on paper.
        assert!(
            code.qr.size >= 21 && code.qr.size < card.qr.size,
            "{}",
            code.id
        );
        assert_eq!(
            code.qr.modules.len(),
            (code.qr.size * code.qr.size) as usize
        );
    }
    assert_ne!(codes[0].qr, codes[1].qr);
    let too_many = ContactCodesQuery {
        ids: vec!["demo-sn-01".to_owned(); MAX_K as usize + 1],
    };
    let err = db.contact_codes(&too_many, Lang::De).unwrap_err();
    assert_eq!(
        lotse_contract::ApiError::from(err).code,
        lotse_contract::ErrorCode::InvalidInput
    );
}

#[test]
fn one_box_finds_categories_places_and_offers() {
    let (_dir, db) = demo();
    let gazetteer = Gazetteer::embedded().expect("gazetteer");
    let near = Some(LatLon {
        lat: 53.63,
        lon: 11.41,
    });
    let find = |text: &str| {
        db.find_everything(
            &SearchRequest {
                text: text.into(),
                near,
                limit: 20,
            },
            Some(gazetteer),
            Lang::De,
            monday_morning(),
        )
        .expect("find")
    };
    let kita = find("كيتا");
    assert!(
        kita.categories.iter().any(|c| c.id == "kita"),
        "{:?}",
        kita.categories
    );
    assert!(!kita.offers.is_empty() && kita.offers.iter().all(|o| o.category_id == "kita"));
    let beratung = find("Beratung");
    assert!(!beratung.offers.is_empty());
    let place = find("19055");
    assert!(place
        .places
        .iter()
        .any(|p| p.label.starts_with("19055") && p.approximate));
    let moscow_munich = find("Мюнхен");
    assert!(moscow_munich.places.iter().any(|p| p.label == "München"));
    assert!(find("").offers.is_empty());
}

#[test]
fn the_card_says_whether_its_date_is_a_check_the_sources_date_or_unknown() {
    use lotse_contract::DateBasis;
    use lotse_core::import::{parse_file_with, ImportFormat, SourceFacts};
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("kitas.geojson");
    std::fs::write(
        &file,
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [13.4, 52.5]},
           "properties": {"amenity": "kindergarten", "name": "Kita Geprüft", "check_date": "2026-05-04"}},
          {"type": "Feature", "id": "node/2", "geometry": {"type": "Point", "coordinates": [13.41, 52.5]},
           "properties": {"amenity": "kindergarten", "name": "Kita Ohne"}}]}"#,
    )
    .expect("write");
    let mut db = Directory::open(&dir.path().join("card.sqlite")).expect("open");
    let cards = |db: &Directory| {
        ["osm-node-1", "osm-node-2"].map(|id| {
            db.offer_detail(id, Lang::En, None, monday_morning())
                .expect("read")
                .expect("the offer exists")
        })
    };
    let parsed = parse_file_with(&file, ImportFormat::GeoJson, None, &SourceFacts::default())
        .expect("parse");
    db.import(ImportFormat::GeoJson, parsed).expect("import");
    let [checked, unknown] = cards(&db);
    assert_eq!(
        (checked.last_verified.as_str(), checked.date_basis),
        ("2026-05-04", DateBasis::Checked)
    );
    assert_eq!(
        (unknown.last_verified.as_str(), unknown.date_basis),
        ("", DateBasis::Unknown)
    );
    // The shared text gives no date where none is known.
    assert!(unknown
        .share_text
        .ends_with("© OpenStreetMap contributors (ODbL)"));
    // Imported again with the export's date, the gap becomes the source's date.
    let facts = SourceFacts {
        as_of: Some("2026-11-20".into()),
    };
    let parsed = parse_file_with(&file, ImportFormat::GeoJson, None, &facts).expect("parse");
    db.import(ImportFormat::GeoJson, parsed).expect("import");
    let [checked, as_of] = cards(&db);
    assert_eq!(checked.date_basis, DateBasis::Checked);
    assert_eq!(
        (as_of.last_verified.as_str(), as_of.date_basis),
        ("2026-11-20", DateBasis::AsOf)
    );
    assert!(
        as_of.share_text.contains("as of 2026-11-20"),
        "{}",
        as_of.share_text
    );
}
