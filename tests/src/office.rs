//! An office's signed feed for the sync flows: test offers around Schwerin,
//! published with a fresh key.

use std::path::Path;

use lotse_core::feed::SecretKey;
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::SystemClock;

use crate::HarnessError;

fn fail(e: impl std::fmt::Display) -> HarnessError {
    HarnessError::Assertion(e.to_string())
}

/// Publish `n` test offers around Schwerin into `dir/feed` (with `options`,
/// e.g. map packs), from a publisher database in `dir`; the signing key.
pub fn office_feed(
    dir: &Path,
    n: usize,
    options: &PublishOptions,
) -> Result<SecretKey, HarnessError> {
    let key = SecretKey::generate().map_err(fail)?;
    office_feed_signed(dir, &[("e2e", n, (11.40, 53.60))], options, &key)?;
    Ok(key)
}

/// Publish test offers into `dir/feed`, signed with `key`: for each
/// `(prefix, n, (lon, lat))`, `n` offers named "Testangebot …" in a grid
/// from that corner.
pub fn office_feed_signed(
    dir: &Path,
    groups: &[(&str, usize, (f64, f64))],
    options: &PublishOptions,
    key: &SecretKey,
) -> Result<(), HarnessError> {
    let mut publisher = lotse_core::Directory::open(&dir.join("publisher.sqlite")).map_err(fail)?;
    let mut batch = lotse_core::demo::demo_directory().map_err(fail)?;
    let template = batch.service_at_locations[0].clone();
    let (service, location) = (batch.services[0].clone(), batch.locations[0].clone());
    batch = lotse_core::model::DirectoryBatch {
        organizations: batch.organizations,
        ..Default::default()
    };
    for &(prefix, n, (lon, lat)) in groups {
        for i in 0..n {
            let mut s = service.clone();
            s.id = format!("{prefix}-svc-{i}");
            s.name = format!("Testangebot {i}");
            s.description = format!("Beschreibung des Testangebots {i}, nur für den Test.");
            s.is_demo = false;
            s.source = "E2E-Testfeed".into();
            let mut l = location.clone();
            l.id = format!("{prefix}-loc-{i}");
            l.point = geo::Point::new(lon + (i % 50) as f64 * 0.002, lat + (i / 50) as f64 * 0.002);
            let mut o = template.clone();
            o.id = format!("{prefix}-{i}");
            o.service_id = s.id.clone();
            o.location_id = l.id.clone();
            batch.services.push(s);
            batch.locations.push(l);
            batch.service_at_locations.push(o);
        }
    }
    publisher.upsert(&batch).map_err(fail)?;
    publish(&publisher, &dir.join("feed"), key, options, &SystemClock).map_err(fail)?;
    Ok(())
}
