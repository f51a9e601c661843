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
    let mut publisher = lotse_core::Directory::open(&dir.join("publisher.sqlite")).map_err(fail)?;
    let mut batch = lotse_core::demo::demo_directory().map_err(fail)?;
    let template = batch.service_at_locations[0].clone();
    let (service, location) = (batch.services[0].clone(), batch.locations[0].clone());
    batch = lotse_core::model::DirectoryBatch {
        organizations: batch.organizations,
        ..Default::default()
    };
    for i in 0..n {
        let mut s = service.clone();
        s.id = format!("e2e-svc-{i}");
        s.name = format!("Testangebot {i}");
        s.description = format!("Beschreibung des Testangebots {i}, nur für den Test.");
        s.is_demo = false;
        s.source = "E2E-Testfeed".into();
        let mut l = location.clone();
        l.id = format!("e2e-loc-{i}");
        l.point = geo::Point::new(
            11.40 + (i % 50) as f64 * 0.002,
            53.60 + (i / 50) as f64 * 0.002,
        );
        let mut o = template.clone();
        o.id = format!("e2e-{i}");
        o.service_id = s.id.clone();
        o.location_id = l.id.clone();
        batch.services.push(s);
        batch.locations.push(l);
        batch.service_at_locations.push(o);
    }
    publisher.upsert(&batch).map_err(fail)?;
    let key = SecretKey::generate().map_err(fail)?;
    publish(&publisher, &dir.join("feed"), &key, options, &SystemClock).map_err(fail)?;
    Ok(key)
}
