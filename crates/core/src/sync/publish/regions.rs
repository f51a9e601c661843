//! Regions a publisher defines (`regions.toml`): a Landkreis, a city, a
//! Land. A service belongs to every region one of its locations lies in.

use std::path::Path;

use serde::Deserialize;

use crate::sync::feed::{FeedEntry, FeedError};

/// A mistake in `regions.toml`, naming the region and value at fault.
#[derive(Debug, thiserror::Error)]
pub enum RegionsError {
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    #[error("region id `{0}`: use lowercase letters, digits and `-`")]
    BadId(String),
    #[error("region id `{0}` appears twice")]
    Twice(String),
    #[error(
        "region `{id}`: bbox {bbox:?} must be [min_lon, min_lat, max_lon, max_lat] with min < max"
    )]
    BadBbox { id: String, bbox: [f64; 4] },
    #[error("no [[region]] defined")]
    NoRegion,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionSpec {
    pub id: String,
    pub name: String,
    /// `[min_lon, min_lat, max_lon, max_lat]`, WGS84.
    #[serde(default)]
    pub bbox: Option<[f64; 4]>,
    /// Postcode prefixes, e.g. `["190", "191"]`.
    #[serde(default)]
    pub postcodes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsConfig {
    #[serde(rename = "region")]
    pub regions: Vec<RegionSpec>,
}

impl Default for RegionsConfig {
    /// One region with everything.
    fn default() -> Self {
        Self {
            regions: vec![RegionSpec {
                id: "de".into(),
                name: "Deutschland".into(),
                bbox: None,
                postcodes: Vec::new(),
            }],
        }
    }
}

impl RegionsConfig {
    pub fn read(path: &Path) -> Result<Self, FeedError> {
        let text = std::fs::read_to_string(path).map_err(FeedError::io(path))?;
        Self::parse(&text).map_err(|source| FeedError::Regions {
            path: path.display().to_string(),
            source,
        })
    }

    pub fn parse(text: &str) -> Result<Self, RegionsError> {
        let config: Self = toml::from_str(text)?;
        let mut seen = std::collections::HashSet::new();
        for r in &config.regions {
            let ok_id = !r.id.is_empty()
                && r.id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !ok_id {
                return Err(RegionsError::BadId(r.id.clone()));
            }
            if !seen.insert(r.id.as_str()) {
                return Err(RegionsError::Twice(r.id.clone()));
            }
            if let Some([w, s, e, n]) = r.bbox {
                if !(w < e
                    && s < n
                    && (-180.0..=180.0).contains(&w)
                    && (-180.0..=180.0).contains(&e)
                    && (-90.0..=90.0).contains(&s)
                    && (-90.0..=90.0).contains(&n))
                {
                    return Err(RegionsError::BadBbox {
                        id: r.id.clone(),
                        bbox: [w, s, e, n],
                    });
                }
            }
        }
        if config.regions.is_empty() {
            return Err(RegionsError::NoRegion);
        }
        Ok(config)
    }
}

impl RegionSpec {
    /// Whether any of the entry's locations lies in the region.
    pub fn contains(&self, entry: &FeedEntry) -> bool {
        if self.bbox.is_none() && self.postcodes.is_empty() {
            return true;
        }
        entry.locations.iter().any(|l| {
            let in_box = self.bbox.is_some_and(|[w, s, e, n]| {
                let (x, y) = (l.point.x(), l.point.y());
                (w..=e).contains(&x) && (s..=n).contains(&y)
            });
            in_box
                || self.postcodes.iter().any(|p| {
                    !l.address.postcode.is_empty() && l.address.postcode.starts_with(p.as_str())
                })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_region_files_are_refused_with_the_reason() {
        let twice = "[[region]]\nid = \"a\"\nname = \"A\"\n[[region]]\nid = \"a\"\nname = \"B\"\n";
        let refused = |text: &str| RegionsConfig::parse(text).expect_err("refused").to_string();
        assert!(refused(twice).contains("twice"));
        let bbox = "[[region]]\nid = \"a\"\nname = \"A\"\nbbox = [12, 50, 11, 51]\n";
        assert!(refused(bbox).contains("bbox [12.0, 50.0, 11.0, 51.0]"));
        let id = "[[region]]\nid = \"Nord West\"\nname = \"A\"\n";
        assert!(refused(id).contains("lowercase"));
        assert!(refused("").contains("region"));
    }
}
