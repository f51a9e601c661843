//! The feed at versions 1 and 2 and a device that holds version 1.

use std::path::Path;

use lotse_core::feed::manifest::MANIFEST_FILE;
use lotse_core::feed::SecretKey;
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::{cache_dir_for, run_sync, SystemClock};
use lotse_core::{Directory, NearestQuery};
use lotse_e2e::HarnessError;

use crate::{fail, synthetic};

/// The app's start place (the example place, Schwerin).
const START: (f64, f64) = (53.6288, 11.4148);
const NEW: &str = " (neu)";
const LISTED: usize = 10;

/// The publisher's feed at version 1, a device synced to it (in
/// `device/`), then version 2 with 1% of the services renamed. Both
/// versions' manifests are kept (`manifest-v1`, `manifest-v2`); the feed's
/// folder keeps the data of both.
pub fn prepare(work: &Path, n: usize, url: &str) -> Result<usize, HarnessError> {
    let mut publisher = Directory::open(&work.join("publisher.sqlite")).map_err(fail)?;
    let batch = synthetic::directory(n, 7);
    publisher.upsert(&batch).map_err(fail)?;
    let key = SecretKey::generate().map_err(fail)?;
    let publish_now = |db: &Directory| {
        publish(
            db,
            &work.join("feed"),
            &key,
            &PublishOptions::default(),
            &SystemClock,
        )
        .map_err(fail)
    };
    publish_now(&publisher)?;
    std::fs::copy(
        work.join("feed").join(MANIFEST_FILE),
        work.join("manifest-v1"),
    )?;

    let device = work.join("device");
    std::fs::create_dir_all(&device)?;
    let db_path = device.join("lotse.sqlite");
    {
        let mut db = Directory::open(&db_path).map_err(fail)?;
        db.follow_feed(url, &key.public().to_base64())
            .map_err(fail)?;
        run_sync(&mut db, cache_dir_for(&db_path), &SystemClock, &mut |_| {}).map_err(fail)?;
    }

    // Version 2: the ten nearest to the start place and every 100th service.
    let nearest = publisher
        .nearest(&NearestQuery {
            origin: geo::Point::new(START.1, START.0),
            k: LISTED,
            max_distance_m: None,
            filter: Default::default(),
            names_in: None,
        })
        .map_err(fail)?;
    let near_services: Vec<String> = nearest.iter().map(|h| h.offer.service_id.clone()).collect();
    let mut changed = lotse_core::model::DirectoryBatch {
        organizations: batch.organizations.clone(),
        ..Default::default()
    };
    for (i, s) in batch.services.iter().enumerate() {
        if i % 100 == 0 || near_services.contains(&s.id) {
            let mut s = s.clone();
            s.name.push_str(NEW);
            changed.services.push(s);
        }
    }
    let count = changed.services.len();
    let by_service: std::collections::HashSet<&str> =
        changed.services.iter().map(|s| s.id.as_str()).collect();
    let locations: std::collections::HashMap<&str, &lotse_core::model::Location> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    for o in &batch.service_at_locations {
        if by_service.contains(o.service_id.as_str()) {
            changed.service_at_locations.push(o.clone());
            if let Some(l) = locations.get(o.location_id.as_str()) {
                changed.locations.push((*l).clone());
            }
        }
    }
    publisher.upsert(&changed).map_err(fail)?;
    publish_now(&publisher)?;
    std::fs::copy(
        work.join("feed").join(MANIFEST_FILE),
        work.join("manifest-v2"),
    )?;
    Ok(count)
}

pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Let the feed offer `version`'s manifest (written beside, then renamed).
pub fn offer_version(work: &Path, version: u32) -> Result<(), HarnessError> {
    let feed = work.join("feed");
    let next = feed.join(format!("{MANIFEST_FILE}.next"));
    std::fs::copy(work.join(format!("manifest-v{version}")), &next)?;
    std::fs::rename(next, feed.join(MANIFEST_FILE))?;
    Ok(())
}
