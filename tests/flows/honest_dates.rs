//! An offer's date says what it is (issue 17, part 4), in the real window:
//! three Kitas imported through the real GeoJSON importer, one with OSM's
//! `check_date` (a check), one with Lotse's `lotse:as_of` (the source's
//! date) and one with no date. Each card says so in its own words; none
//! claims a check that nobody made.

use std::path::Path;

use lotse_core::import::{parse_file, ImportFormat};
use lotse_core::Directory;
use lotse_e2e::{check, AppSession, HarnessError, LaunchOptions};

const KITAS: &str = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "id": "node/1", "geometry": {"type": "Point", "coordinates": [11.4150, 53.6290]},
   "properties": {"amenity": "kindergarten", "name": "Kita Geprüft (Test)", "check_date": "2026-05-04"}},
  {"type": "Feature", "id": "node/2", "geometry": {"type": "Point", "coordinates": [11.4160, 53.6295]},
   "properties": {"amenity": "kindergarten", "name": "Kita Stand (Test)", "lotse:as_of": "2026-11-20"}},
  {"type": "Feature", "id": "node/3", "geometry": {"type": "Point", "coordinates": [11.4170, 53.6300]},
   "properties": {"amenity": "kindergarten", "name": "Kita Ohne Datum (Test)"}}
]}"#;

fn import_kitas(data_dir: &Path) -> Result<(), HarnessError> {
    let fail = |e: String| HarnessError::Assertion(format!("preparing the database: {e}"));
    let file = data_dir.join("kitas.geojson");
    std::fs::write(&file, KITAS).map_err(|e| fail(e.to_string()))?;
    let parsed = parse_file(&file, ImportFormat::GeoJson, None).map_err(|e| fail(e.to_string()))?;
    check(
        parsed.rejected.is_empty(),
        format!("the importer rejected: {:?}", parsed.rejected),
    )?;
    let mut db =
        Directory::open(&data_dir.join("lotse.sqlite")).map_err(|e| fail(e.to_string()))?;
    db.import(ImportFormat::GeoJson, parsed)
        .map_err(|e| fail(e.to_string()))?;
    Ok(())
}

/// Open the card of `offer` from the list and give its date line.
async fn date_line(s: &AppSession, offer: &str) -> Result<String, HarnessError> {
    s.wait_for("[data-testid=nav-nearby]")
        .await?
        .click()
        .await?;
    s.wait_for(&format!(
        "[data-testid=results][data-state=ready] [data-offer-id={offer}] [data-testid=offer-name]"
    ))
    .await?
    .click()
    .await?;
    s.wait_for(&format!("[data-testid=offer-card][data-offer-id={offer}]"))
        .await?;
    Ok(s.wait_for("[data-testid=card-date]").await?.text().await?)
}

#[tokio::test]
async fn each_card_says_whether_its_date_is_a_check_the_sources_date_or_unknown(
) -> Result<(), HarnessError> {
    let s = AppSession::launch_with(LaunchOptions::named("honest-dates"), import_kitas).await?;
    let checked = date_line(&s, "osm-node-1").await?;
    check(
        checked.starts_with("Zuletzt geprüft am") && checked.contains("2026"),
        format!("a checked offer: {checked:?}"),
    )?;
    let as_of = date_line(&s, "osm-node-2").await?;
    check(
        as_of.starts_with("Stand der Quelle vom")
            && as_of.contains("nicht eigens geprüft")
            && !as_of.contains("Zuletzt geprüft"),
        format!("an offer with only the source's date: {as_of:?}"),
    )?;
    let unknown = date_line(&s, "osm-node-3").await?;
    check(
        unknown == "Wann dieser Eintrag zuletzt geprüft wurde, ist nicht bekannt",
        format!("an offer without a date: {unknown:?}"),
    )?;
    s.finish().await
}
