//! A fresh device and a publisher built into this build: what its feed
//! offers (the regions, verified against the publisher's key, nearest to the
//! chosen place first, with their download size), and following one region.
//! Looking stores nothing; only following changes the device.

use geo::Point;
use lotse_contract::FeedRegionDto;

use super::download::{open_file, Downloader};
use super::engine::fetch_manifest;
use super::publishers::BuiltInPublisher;
use super::{RetryPolicy, SystemClock};
use crate::directory::geodesy::distance_m;
use crate::sync::feed::{FeedError, RegionManifest, SignedManifest};
use crate::Directory;

/// The regions of `publisher`'s feed, fetched now; the nearest to `near`
/// first when the feed says where its regions are, else by name.
pub fn preview_feed(
    publisher: &BuiltInPublisher,
    near: Option<Point<f64>>,
) -> Result<Vec<FeedRegionDto>, FeedError> {
    let url = feed_of(publisher)?;
    let transport = crate::sync::packs::transport_for(url)?;
    // Only the manifest is fetched, which never touches the cache folder.
    let no_cache = std::env::temp_dir();
    let mut dl = Downloader {
        transport: transport.as_ref(),
        clock: &SystemClock,
        retry: RetryPolicy::default(),
        cache_dir: &no_cache,
        open_sink: &open_file,
        requests: 0,
        bytes: 0,
    };
    let (bytes, _) = dl
        .with_retry(|d| fetch_manifest(d, None))?
        .ok_or_else(|| FeedError::BadManifest(format!("{url} sent no manifest")))?;
    let (manifest, _) = SignedManifest::parse(&bytes)?.verify(&[publisher.key])?;
    let mut regions: Vec<FeedRegionDto> = manifest
        .regions
        .iter()
        .filter(|r| publisher.regions.is_empty() || publisher.regions.contains(&r.id))
        .map(|r| region_dto(r, near))
        .collect();
    regions.sort_by(|a, b| {
        let far = |d: Option<f64>| d.unwrap_or(f64::INFINITY);
        far(a.distance_m)
            .total_cmp(&far(b.distance_m))
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(regions)
}

fn feed_of(publisher: &BuiltInPublisher) -> Result<&str, FeedError> {
    publisher
        .feed
        .as_deref()
        .ok_or_else(|| FeedError::NoPublisherFeed {
            publisher: publisher.name.clone(),
        })
}

fn region_dto(region: &RegionManifest, near: Option<Point<f64>>) -> FeedRegionDto {
    FeedRegionDto {
        id: region.id.clone(),
        name: region.name.clone(),
        offers: region.entries,
        download_bytes: region.snapshot.bytes,
        distance_m: near.zip(region.bbox).map(|(p, b)| distance_to_box_m(p, b)),
    }
}

/// How far `p` is from the box `[min_lon, min_lat, max_lon, max_lat]`: 0
/// inside, else the distance to the box's nearest point.
fn distance_to_box_m(p: Point<f64>, [w, s, e, n]: [f64; 4]) -> f64 {
    let nearest = Point::new(p.x().clamp(w, e), p.y().clamp(s, n));
    distance_m(p, nearest)
}

/// The built-in publisher whose public key (base64) is `key`.
pub fn built_in<'a>(
    publishers: &'a [BuiltInPublisher],
    key: &str,
) -> Result<&'a BuiltInPublisher, FeedError> {
    publishers
        .iter()
        .find(|p| p.key.to_base64() == key.trim())
        .ok_or_else(|| FeedError::UnknownPublisher {
            key: key.to_owned(),
        })
}

impl Directory {
    /// Follow `publisher`'s feed and keep `region` offline (the next update
    /// fetches it). The publisher must name a feed.
    pub fn follow_publisher_region(
        &mut self,
        publisher: &BuiltInPublisher,
        region: &str,
    ) -> Result<(), FeedError> {
        let url = feed_of(publisher)?;
        self.follow_feed(url, &publisher.key.to_base64())?;
        self.subscribe_regions(&[region.to_owned()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::feed::SecretKey;
    use crate::sync::publish::{publish, PublishOptions, RegionSpec, RegionsConfig};

    /// The demo directory published as two regions into `dir/feed`.
    fn two_region_feed(dir: &std::path::Path, key: &SecretKey) -> String {
        let mut db = Directory::open(&dir.join("office.sqlite")).expect("open");
        db.upsert(&crate::directory::demo::demo_directory().expect("demo"))
            .expect("upsert");
        let region = |id: &str, bbox: [f64; 4]| RegionSpec {
            id: id.into(),
            name: id.to_uppercase(),
            bbox: Some(bbox),
            postcodes: Vec::new(),
        };
        let options = PublishOptions {
            regions: RegionsConfig {
                regions: vec![
                    region("north", [5.0, 52.0, 15.0, 55.5]),
                    region("south", [5.0, 47.0, 15.0, 50.0]),
                ],
            },
            ..PublishOptions::default()
        };
        let feed = dir.join("feed");
        publish(&db, &feed, key, &options, &SystemClock).expect("publish");
        feed.display().to_string()
    }

    #[test]
    fn a_feed_preview_lists_the_regions_nearest_first_and_changes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let key = SecretKey::generate().expect("key");
        let publisher = BuiltInPublisher {
            name: "Amt".into(),
            key: key.public(),
            feed: Some(two_region_feed(dir.path(), &key)),
            regions: Vec::new(),
        };
        let schwerin = Point::new(11.41, 53.63);
        let north_first = preview_feed(&publisher, Some(schwerin)).expect("preview");
        let ids: Vec<&str> = north_first.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids[0], "north", "{north_first:?}");
        assert!(north_first.iter().all(|r| r.download_bytes > 0));
        let munich = Point::new(11.58, 48.14);
        let south = preview_feed(&publisher, Some(munich)).expect("preview");
        assert_eq!(south[0].id, "south", "{south:?}");
        assert!(south[0].offers > 0 && south[1].distance_m > Some(400_000.0));
        // Another key's feed is refused.
        let stranger = BuiltInPublisher {
            key: SecretKey::generate().expect("key").public(),
            ..publisher.clone()
        };
        assert!(preview_feed(&stranger, None).is_err());
        // Following one region pins the key and keeps only that region.
        let mut device = Directory::open(&dir.path().join("device.sqlite")).expect("open");
        let online = BuiltInPublisher {
            feed: Some("https://amt.example/lotse/".into()),
            ..publisher
        };
        device
            .follow_publisher_region(&online, "north")
            .expect("follow");
        let status = device.sync_status().expect("status");
        assert_eq!(status.feed.trusted_keys, vec![key.public()]);
        assert_eq!(status.feed.url, "https://amt.example/lotse/");
        let kept: Vec<String> = status.regions.iter().map(|r| r.id.clone()).collect();
        assert_eq!(kept, ["north"]);
    }

    #[test]
    fn a_place_inside_a_region_is_at_distance_zero_and_outside_is_not() {
        let schwerin = [11.3, 53.5, 11.6, 53.7];
        let inside = Point::new(11.41, 53.63);
        assert_eq!(distance_to_box_m(inside, schwerin), 0.0);
        // Munich is roughly 600 km south of Schwerin's box.
        let munich = Point::new(11.58, 48.14);
        let d = distance_to_box_m(munich, schwerin);
        assert!((580_000.0..620_000.0).contains(&d), "{d}");
    }
}
