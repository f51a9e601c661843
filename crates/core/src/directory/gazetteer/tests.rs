use super::fold::fold;
use super::{Gazetteer, GazetteerError, Place, PlaceKind};

fn embedded() -> &'static Gazetteer {
    match Gazetteer::embedded() {
        Ok(g) => g,
        Err(err) => panic!("the embedded gazetteer does not load: {err}"),
    }
}

fn first(query: &str) -> Place {
    match embedded().lookup(query, 10).into_iter().next() {
        Some(place) => place,
        None => panic!("nothing found for {query:?}"),
    }
}

fn assert_near(place: &Place, lat: f64, lon: f64, within_deg: f64) {
    assert!(
        (place.lat - lat).abs() < within_deg && (place.lon - lon).abs() < within_deg,
        "{} at {}, {} is not near {lat}, {lon}",
        place.name,
        place.lat,
        place.lon
    );
}

const SMALL: &str = "lotse-gazetteer\t1\t5\t3
S\t02\tBayern
S\t12\tMecklenburg-Vorpommern
T\tMünchen\t48.1374\t11.5755\t1505005\t02\tMunich|Мюнхен|Muenchen
T\tMünchberg\t50.1899\t11.7881\t10543\t02\t
T\tSchwerin\t53.6294\t11.4132\t96641\t12\tШверин
T\tMünchen\t49.0\t11.0\t\t\t
T\tMünch\t49.5\t11.5\t100\t02\t
P\t19053\t53.6200\t11.4000\t2
P\t19055\t53.6429\t11.4083\t2
P\t80331\t48.1360\t11.5730\t0,3
";

fn small() -> Gazetteer {
    match Gazetteer::from_text(SMALL) {
        Ok(g) => g,
        Err(err) => panic!("the small gazetteer does not load: {err}"),
    }
}

#[test]
fn folding_ignores_case_accents_and_umlaut_spellings() {
    assert_eq!(fold("München"), "munchen");
    assert_eq!(fold("muenchen"), "munchen");
    assert_eq!(fold("MUNCHEN"), "munchen");
    assert_eq!(fold("  Frankfurt/Main "), "frankfurt main");
    assert_eq!(fold("Halle (Saale)"), "halle saale");
    assert_eq!(fold("Gießen"), "giessen");
    assert_eq!(fold("Kraków"), "krakow");
    assert_eq!(fold("Мюнхен"), "мюнхен");
    assert_eq!(fold("Ёлкино"), "елкино");
    // Arabic vowel signs and Persian letter forms
    assert_eq!(fold("كُولُونِيا"), fold("كولونيا"));
    assert_eq!(fold("کلن"), fold("كلن"));
}

#[test]
fn folding_a_prefix_gives_a_prefix() {
    for name in ["Muenster", "Bad Oeynhausen", "Quedlinburg", "Neuenkirchen"] {
        let whole = fold(name);
        for end in (1..=name.len()).filter(|&e| name.is_char_boundary(e)) {
            let part = fold(&name[..end]);
            assert!(
                whole.starts_with(&part),
                "{part:?} is no prefix of {whole:?}"
            );
        }
    }
}

#[test]
fn small_file_exact_before_prefix_then_population() {
    let g = small();
    let hits = g.lookup("Münche", 10);
    let names: Vec<(&str, Option<u64>)> = hits
        .iter()
        .map(|p| (p.name.as_str(), p.population))
        .collect();
    assert_eq!(names, [("München", Some(1_505_005)), ("München", None)]);
    let hits = g.lookup("munch", 10);
    let names: Vec<&str> = hits.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["Münch", "München", "Münchberg", "München"],
        "the exact match first, then by population"
    );
    assert_eq!(
        g.lookup("Мюнхен", 10)[0].matched_alias.as_deref(),
        Some("Мюнхен")
    );
}

#[test]
fn small_file_links_postcodes_and_towns() {
    let g = small();
    let schwerin = &g.lookup("Schwerin", 1)[0];
    assert_eq!(schwerin.postcodes, ["19053", "19055"]);
    assert_eq!(schwerin.postcode, None);
    assert_eq!(schwerin.state.as_deref(), Some("Mecklenburg-Vorpommern"));
    let area = &g.lookup("80331", 5)[0];
    assert_eq!(area.municipalities, ["München", "München"]);
    assert_eq!(area.state.as_deref(), Some("Bayern"));
    assert_eq!(g.lookup("1905", 5).len(), 2);
}

#[test]
fn malformed_files_are_errors_not_panics() {
    let cases = [
        "",
        "something else\n",
        "lotse-gazetteer\t2\t0\t0\n",
        "lotse-gazetteer\t1\tx\t0\n",
        "lotse-gazetteer\t1\t1\t0\nT\tA\t91\t0\t\t\t\n",
        "lotse-gazetteer\t1\t1\t0\nT\tA\t50\t10\t-3\t\t\n",
        "lotse-gazetteer\t1\t1\t0\nT\tA\t50\t10\t\t99\t\n",
        "lotse-gazetteer\t1\t0\t1\nP\t1234\t50\t10\t\n",
        "lotse-gazetteer\t1\t0\t1\nP\t12345\t50\t10\t0\n",
        "lotse-gazetteer\t1\t1\t0\nT\tA\t50\n",
        "lotse-gazetteer\t1\t2\t0\nT\tA\t50\t10\t\t\t\n",
        "lotse-gazetteer\t1\t0\t2\nP\t12345\t50\t10\t\nP\t12345\t50\t10\t\n",
    ];
    for case in cases {
        assert!(Gazetteer::from_text(case).is_err(), "accepted {case:?}");
    }
    assert!(matches!(
        Gazetteer::from_gzip(b"not gzip"),
        Err(GazetteerError::Unpack(_))
    ));
}

#[test]
fn embedded_postcode_19055_is_schwerin() {
    let place = first("19055");
    assert_eq!(place.kind, PlaceKind::Postcode);
    assert_eq!(place.postcode.as_deref(), Some("19055"));
    assert_eq!(place.name, "Schwerin");
    assert_eq!(place.state.as_deref(), Some("Mecklenburg-Vorpommern"));
    assert!(place.approximate);
    assert_near(&place, 53.6, 11.4, 0.15);
    assert_eq!(embedded().lookup("19055 Schwerin", 3).len(), 1);
}

#[test]
fn embedded_postcode_prefix() {
    let hits = embedded().lookup("190", 100);
    assert!(
        hits.len() >= 5,
        "only {} postcodes start with 190",
        hits.len()
    );
    assert!(hits.iter().all(|p| p.kind == PlaceKind::Postcode
        && p.postcode.as_deref().is_some_and(|c| c.starts_with("190"))));
    let codes: Vec<&str> = hits.iter().filter_map(|p| p.postcode.as_deref()).collect();
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "ascending: {codes:?}"
    );
    assert!(hits.iter().all(|p| p.lat > 53.0 && p.lat < 54.5));
}

#[test]
fn embedded_names_in_other_scripts() {
    let munich = first("Мюнхен");
    assert_eq!(munich.name, "München");
    assert_eq!(munich.state.as_deref(), Some("Bayern"));
    assert_near(&munich, 48.14, 11.58, 0.1);
    assert!(munich.postcodes.len() > 50);

    let cologne = first("كولونيا");
    assert_eq!(cologne.name, "Köln");
    assert_near(&cologne, 50.94, 6.96, 0.1);

    let berlin = first("Берлин");
    assert_eq!(berlin.name, "Berlin");
    assert_near(&berlin, 52.52, 13.40, 0.1);
}

#[test]
fn embedded_diacritics_and_case_insensitive() {
    for query in ["muenchen", "münchen", "Munchen", "MÜNCHEN", "Munich"] {
        let place = first(query);
        assert_eq!(place.name, "München", "for {query:?}");
        assert_eq!(place.kind, PlaceKind::Town);
    }
    assert_eq!(first("koeln").name, "Köln");
    assert_eq!(first("Dusseldorf").name, "Düsseldorf");
    assert_eq!(first("St. Ingbert").name, "Sankt Ingbert");
    assert_eq!(first("Wangen im Allgau").name, "Wangen im Allgäu");
}

#[test]
fn embedded_prefix_ranks_by_population() {
    let hits = embedded().lookup("Frankf", 5);
    assert_eq!(hits[0].name, "Frankfurt am Main");
    assert!(hits.iter().any(|p| p.name.starts_with("Frankfurt (Oder)")));
}

#[test]
fn embedded_unknown_is_empty() {
    let g = embedded();
    assert!(g.lookup("Xyzzyqwrt", 10).is_empty());
    assert!(g.lookup("00000", 10).is_empty());
    assert!(g.lookup("123456", 10).is_empty());
    assert!(g.lookup("   ", 10).is_empty());
    assert!(g.lookup("?!", 10).is_empty());
}

#[test]
fn embedded_limit_is_respected() {
    let g = embedded();
    assert_eq!(g.lookup("B", 7).len(), 7);
    assert_eq!(g.lookup("1", 3).len(), 3);
    assert!(g.lookup("Berlin", 0).is_empty());
    let (towns, postcodes) = g.counts();
    assert!(
        towns > 10_000 && postcodes > 8_000,
        "{towns} towns, {postcodes} postcodes"
    );
}
