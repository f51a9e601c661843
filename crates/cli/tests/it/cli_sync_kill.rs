//! `lotse sync` SIGKILLed at random points, 50 times, while the publisher
//! keeps publishing. After every kill the database passes
//! `PRAGMA integrity_check`, its region is at exactly one published version
//! with exactly that version's content, and the outbox is intact; the next
//! sync succeeds.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::time::{Duration, Instant};

use geo::Point;
use lotse_core::feed::SecretKey;
use lotse_core::model::DirectoryBatch;
use lotse_core::publish::{publish, PublishOptions};
use lotse_core::sync::SystemClock;
use lotse_core::Directory;

use crate::support::offers::{directory, numbered};
use crate::support::{lotse, ok};

const OFFERS: usize = 1500;
const KILLS: usize = 50;

fn generation(round: usize) -> DirectoryBatch {
    // Every round renames half of the offers and drops a few.
    let kept = (0..OFFERS).filter(|i| !(i + round).is_multiple_of(97));
    directory(kept.map(|i| {
        let renamed = if (i + round).is_multiple_of(2) {
            round
        } else {
            0
        };
        let point = Point::new(
            11.0 + (i % 100) as f64 * 0.01,
            53.0 + (i / 100) as f64 * 0.01,
        );
        let (mut service, location, offer) = numbered(i, point);
        service.name = format!("Beratung {i} Runde {renamed}");
        service.description = "Beratung für Zugewanderte".into();
        (service, location, offer)
    }))
}

fn fingerprint(db: &Directory) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{:?}", db.export_batch().expect("export")).hash(&mut h);
    h.finish()
}

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn sync_args<'a>(db: &'a str, feed: &'a str, key: &'a str) -> [&'a str; 7] {
    ["--db", db, "sync", "--feed", feed, "--pubkey", key]
}

fn check(db_path: &Path, versions: &HashMap<u64, u64>, outbox: &[String]) -> u64 {
    let conn = rusqlite::Connection::open(db_path).expect("raw open");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(integrity, "ok");
    drop(conn);
    let db = Directory::open(db_path).expect("open");
    let status = db.sync_status().expect("status");
    assert_eq!(status.regions.len(), 1);
    let version = status.regions[0].version;
    let expected = versions
        .get(&version)
        .unwrap_or_else(|| panic!("unpublished version {version}"));
    assert_eq!(
        fingerprint(&db),
        *expected,
        "content is not exactly version {version}"
    );
    let keys: Vec<String> = db
        .outbox()
        .expect("outbox")
        .into_iter()
        .map(|i| i.idempotency_key)
        .collect();
    assert_eq!(keys, outbox, "the outbox changed");
    version
}

#[test]
fn killing_sync_at_random_points_never_leaves_a_mixed_or_broken_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (feed, client) = (dir.path().join("feed"), dir.path().join("client.sqlite"));
    let (feed_s, client_s) = (feed.display().to_string(), client.display().to_string());
    let key = SecretKey::generate().expect("key");
    let pubkey = key.public().to_base64();
    let mut publisher = Directory::open(&dir.path().join("publisher.sqlite")).expect("publisher");
    let mut versions = HashMap::from([(
        0u64,
        fingerprint(&Directory::open_in_memory().expect("empty")),
    )]);
    let publish_round =
        |publisher: &mut Directory, round: usize, versions: &mut HashMap<u64, u64>| {
            // Replace the publisher's content with this generation.
            let path = dir.path().join(format!("publisher-{round}.sqlite"));
            let mut next = Directory::open(&path).expect("next");
            next.upsert(&generation(round)).expect("write");
            *publisher = next;
            let report = publish(
                publisher,
                &feed,
                &key,
                &PublishOptions::default(),
                &SystemClock,
            )
            .expect("publish");
            versions.insert(report.regions[0].version, fingerprint(publisher));
        };
    publish_round(&mut publisher, 1, &mut versions);
    // A first, complete sync; then three corrections in the outbox.
    let started = Instant::now();
    ok(lotse(dir.path())
        .args(sync_args(&client_s, &feed_s, &pubkey))
        .output()
        .expect("sync"));
    let full = started.elapsed();
    for i in 0..3 {
        let offer = format!("o{}", i + 1);
        let args = [
            "--db",
            &client_s,
            "suggest",
            "--offer",
            &offer,
            "--field",
            "phone",
            "--new",
            "+49 30 23125 900",
        ];
        ok(lotse(dir.path()).args(args).output().expect("suggest"));
    }
    let outbox: Vec<String> = Directory::open(&client)
        .expect("open")
        .outbox()
        .expect("outbox")
        .into_iter()
        .map(|i| i.idempotency_key)
        .collect();
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("seed {seed}; a full sync takes {full:?}");
    let mut rng = Rng(seed);
    let window_ms = (full.as_millis() as u64 * 3 / 2).max(50);
    let mut killed_mid_way = 0;
    for round in 0..KILLS {
        publish_round(&mut publisher, round + 2, &mut versions);
        let mut child = lotse(dir.path())
            .args(sync_args(&client_s, &feed_s, &pubkey))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.below(window_ms)));
        let finished = child.try_wait().expect("wait").is_some();
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if !finished {
            killed_mid_way += 1;
        }
        check(&client, &versions, &outbox);
    }
    assert!(
        killed_mid_way >= KILLS / 2,
        "only {killed_mid_way} of {KILLS} kills hit a running sync"
    );
    ok(lotse(dir.path())
        .args(sync_args(&client_s, &feed_s, &pubkey))
        .output()
        .expect("final sync"));
    let last = check(&client, &versions, &outbox);
    assert_eq!(last, versions.keys().copied().max().expect("versions"));
}
