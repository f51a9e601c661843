//! The directory's nouns. This is the first slice of the HSDS-aligned model.

use geo::Point;

/// A provider (HSDS organization, "Träger").
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    pub id: String,
    pub name: String,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq)]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
}

impl Address {
    /// "Musterweg 1, 19055 Schwerin"
    pub fn one_line(&self) -> String {
        format!("{}, {} {}", self.street, self.postcode, self.city)
    }
}

/// One offer (HSDS service at a location).
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    pub id: String,
    pub organization_id: String,
    pub name: String,
    pub description: String,
    /// A stable id from [`crate::taxonomy`].
    pub category_id: String,
    pub address: Address,
    /// `Point::new(lon, lat)`, WGS84 degrees.
    pub location: Point<f64>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// Who published this entry.
    pub source: String,
    /// ISO date (YYYY-MM-DD) the entry was last checked.
    pub last_verified: String,
    /// Fictional demo entry; the UI marks it visibly.
    pub is_demo: bool,
}
