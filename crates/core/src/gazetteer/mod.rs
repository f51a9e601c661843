//! Offline gazetteer: postcode or town name (any script) → coordinates.
//! (Being built; see issue 3.)
