//! A region's data as published: gzip-compressed JSON lines. The first line
//! says what the file is (snapshot or delta, region, versions); each further
//! line is one entry: a service with its provider, locations and offers.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};

use flate2::write::GzEncoder;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::FeedError;
use crate::directory::model::{DirectoryBatch, Location, Organization, Service, ServiceAtLocation};

/// The unit of change: one service and everything shown with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedEntry {
    pub organization: Organization,
    pub service: Service,
    pub locations: Vec<Location>,
    pub offers: Vec<ServiceAtLocation>,
}

impl FeedEntry {
    /// A hash of the entry's content, to tell changed entries apart.
    pub fn content_hash(&self) -> Result<[u8; 32], FeedError> {
        let bytes = serde_json::to_vec(self).map_err(FeedError::Json)?;
        Ok(Sha256::digest(&bytes).into())
    }
}

/// Split a directory into entries, by service id.
pub fn entries_of(batch: DirectoryBatch) -> BTreeMap<String, FeedEntry> {
    let organizations: BTreeMap<&str, &Organization> = batch
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o))
        .collect();
    let locations: BTreeMap<&str, &Location> =
        batch.locations.iter().map(|l| (l.id.as_str(), l)).collect();
    let mut offers: BTreeMap<&str, Vec<&ServiceAtLocation>> = BTreeMap::new();
    for sal in &batch.service_at_locations {
        offers.entry(sal.service_id.as_str()).or_default().push(sal);
    }
    let mut entries = BTreeMap::new();
    for service in &batch.services {
        let Some(organization) = organizations.get(service.organization_id.as_str()) else {
            continue;
        };
        let mut own: Vec<ServiceAtLocation> = offers
            .get(service.id.as_str())
            .map(|v| v.iter().map(|s| (*s).clone()).collect())
            .unwrap_or_default();
        own.sort_by(|a, b| a.id.cmp(&b.id));
        let mut own_locations: Vec<Location> = Vec::new();
        for sal in &own {
            if let Some(l) = locations.get(sal.location_id.as_str()) {
                if !own_locations.iter().any(|x| x.id == l.id) {
                    own_locations.push((*l).clone());
                }
            }
        }
        entries.insert(
            service.id.clone(),
            FeedEntry {
                organization: (*organization).clone(),
                service: service.clone(),
                locations: own_locations,
                offers: own,
            },
        );
    }
    entries
}

/// Put entries back together as one batch (shared providers and locations once).
pub fn batch_of<'a>(entries: impl IntoIterator<Item = &'a FeedEntry>) -> DirectoryBatch {
    let mut batch = DirectoryBatch::default();
    let mut seen_orgs = std::collections::HashSet::new();
    let mut seen_locations = std::collections::HashSet::new();
    for e in entries {
        if seen_orgs.insert(e.organization.id.clone()) {
            batch.organizations.push(e.organization.clone());
        }
        batch.services.push(e.service.clone());
        for l in &e.locations {
            if seen_locations.insert(l.id.clone()) {
                batch.locations.push(l.clone());
            }
        }
        batch.service_at_locations.extend(e.offers.iter().cloned());
    }
    batch
}

/// [`batch_of`], taking the entries instead of copying them. Each entry
/// carries its own copy of a shared provider or location; the batch keeps
/// the first, and the repeats are handed back so that the caller can free
/// them where it suits (sync frees a large batch on another thread: at 100k
/// offers over 2,000 providers, 98,000 repeated providers).
pub fn batch_from(entries: Vec<FeedEntry>) -> (DirectoryBatch, Repeats) {
    let mut organizations = Vec::with_capacity(entries.len());
    let mut locations = Vec::with_capacity(entries.len());
    let mut batch = DirectoryBatch {
        services: Vec::with_capacity(entries.len()),
        service_at_locations: Vec::with_capacity(entries.len()),
        ..DirectoryBatch::default()
    };
    for e in entries {
        organizations.push(e.organization);
        batch.services.push(e.service);
        locations.extend(e.locations);
        batch.service_at_locations.extend(e.offers);
    }
    let (organizations, repeated_organizations) = keep_first(organizations, |o| &o.id);
    let (locations, repeated_locations) = keep_first(locations, |l| &l.id);
    batch.organizations = organizations;
    batch.locations = locations;
    (
        batch,
        Repeats {
            organizations: repeated_organizations,
            locations: repeated_locations,
        },
    )
}

/// The repeated providers and locations [`batch_from`] left out.
#[derive(Debug, Default)]
pub struct Repeats {
    pub organizations: Vec<Organization>,
    pub locations: Vec<Location>,
}

/// The first item of each id, in order, and the later ones (ids are looked
/// up by reference: no copy of every id).
fn keep_first<T>(items: Vec<T>, id: impl Fn(&T) -> &String) -> (Vec<T>, Vec<T>) {
    let first: Vec<bool> = {
        let mut seen = std::collections::HashSet::with_capacity_and_hasher(
            items.len(),
            foldhash::fast::RandomState::default(),
        );
        items.iter().map(|item| seen.insert(id(item))).collect()
    };
    let repeats = first.iter().filter(|first| !**first).count();
    let mut kept = Vec::with_capacity(items.len() - repeats);
    let mut repeated = Vec::with_capacity(repeats);
    for (item, first) in items.into_iter().zip(first) {
        if first {
            kept.push(item);
        } else {
            repeated.push(item);
        }
    }
    (kept, repeated)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataHeader {
    Snapshot {
        region: String,
        version: u64,
        entries: u64,
    },
    Delta {
        region: String,
        from: u64,
        to: u64,
        upserts: u64,
        deletes: u64,
    },
}

impl DataHeader {
    /// The region's version once this file is applied.
    pub fn version_after(&self) -> u64 {
        match self {
            Self::Snapshot { version, .. } => *version,
            Self::Delta { to, .. } => *to,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum DeltaLine {
    Upsert(Box<FeedEntry>),
    Delete(String),
}

/// A decoded snapshot or delta.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionData {
    pub header: DataHeader,
    pub upserts: Vec<FeedEntry>,
    /// Service ids to remove from the region.
    pub deletes: Vec<String>,
}

impl RegionData {
    /// Compress to the published form.
    pub fn encode(&self) -> Result<Vec<u8>, FeedError> {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        let io = FeedError::io(std::path::Path::new("(memory)"));
        let line =
            |value: &dyn erased::Line, gz: &mut GzEncoder<Vec<u8>>| -> Result<(), FeedError> {
                value.write_line(gz).map_err(FeedError::Json)?;
                gz.write_all(b"\n").map_err(io)
            };
        line(&self.header, &mut gz)?;
        match self.header {
            DataHeader::Snapshot { .. } => {
                for e in &self.upserts {
                    line(e, &mut gz)?;
                }
            }
            DataHeader::Delta { .. } => {
                for e in &self.upserts {
                    line(&DeltaLine::Upsert(Box::new(e.clone())), &mut gz)?;
                }
                for id in &self.deletes {
                    line(&DeltaLine::Delete(id.clone()), &mut gz)?;
                }
            }
        }
        gz.finish().map_err(io)
    }

    /// Decompress and parse; `name` is used in error messages.
    pub fn decode(bytes: &[u8], name: &str) -> Result<Self, FeedError> {
        let reader = BufReader::new(super::gunzip(bytes));
        let bad = |line: usize, why: String| FeedError::BadData {
            file: name.to_owned(),
            line,
            reason: why,
        };
        let mut lines = reader.lines();
        let first = lines
            .next()
            .ok_or_else(|| bad(1, "empty file".into()))?
            .map_err(read_error(name, 1))?;
        let header: DataHeader =
            serde_json::from_str(&first).map_err(|source| FeedError::DataHeader {
                file: name.to_owned(),
                source,
            })?;
        let mut data = RegionData {
            header,
            upserts: Vec::new(),
            deletes: Vec::new(),
        };
        for (i, line) in lines.enumerate() {
            let n = i + 2;
            let line = line.map_err(read_error(name, n))?;
            match data.header {
                DataHeader::Snapshot { .. } => data
                    .upserts
                    .push(serde_json::from_str(&line).map_err(json_error(name, n))?),
                DataHeader::Delta { .. } => {
                    match serde_json::from_str(&line).map_err(json_error(name, n))? {
                        DeltaLine::Upsert(e) => data.upserts.push(*e),
                        DeltaLine::Delete(id) => data.deletes.push(id),
                    }
                }
            }
        }
        let (want_upserts, want_deletes) = match data.header {
            DataHeader::Snapshot { entries, .. } => (entries, 0),
            DataHeader::Delta {
                upserts, deletes, ..
            } => (upserts, deletes),
        };
        if data.upserts.len() as u64 != want_upserts || data.deletes.len() as u64 != want_deletes {
            return Err(bad(
                1,
                format!(
                    "the header announces {want_upserts} entries and {want_deletes} deletions, \
                     the file has {} and {}",
                    data.upserts.len(),
                    data.deletes.len()
                ),
            ));
        }
        Ok(data)
    }
}

/// Hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash a reader's bytes as they stream by.
pub fn sha256_hex_of(mut reader: impl Read) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = reader.read(&mut buf)?;
        if n == 0 {
            return Ok(hex(&hasher.finalize()));
        }
        hasher.update(&buf[..n]);
    }
}

mod erased {
    /// Anything that serialises as one JSON line.
    pub trait Line {
        fn write_line(&self, out: &mut dyn std::io::Write) -> Result<(), serde_json::Error>;
    }
    impl<T: serde::Serialize> Line for T {
        fn write_line(&self, out: &mut dyn std::io::Write) -> Result<(), serde_json::Error> {
            serde_json::to_writer(out, self)
        }
    }
}

/// `map_err` for reading line `line` of the data file `name`.
pub(crate) fn read_error(name: &str, line: usize) -> impl Fn(std::io::Error) -> FeedError + '_ {
    move |source| FeedError::DataRead {
        file: name.to_owned(),
        line,
        source,
    }
}

/// `map_err` for the JSON on line `line` of the data file `name`.
fn json_error(name: &str, line: usize) -> impl Fn(serde_json::Error) -> FeedError + '_ {
    move |source| FeedError::DataJson {
        file: name.to_owned(),
        line,
        source,
    }
}
