//! Opening hours: OSM `opening_hours` evaluated in Europe/Berlin.
//! (Being built; see issue 3.)
