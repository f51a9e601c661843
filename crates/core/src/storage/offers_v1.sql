-- v1: providers and their offers, with an R*Tree over offer locations.
CREATE TABLE organizations (
    row_id INTEGER PRIMARY KEY,
    id     TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL CHECK (length(name) > 0)
);

CREATE TABLE offers (
    row_id              INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    organization_row_id INTEGER NOT NULL REFERENCES organizations(row_id) ON DELETE CASCADE,
    name                TEXT NOT NULL CHECK (length(name) > 0),
    description         TEXT NOT NULL DEFAULT '',
    category_id         TEXT NOT NULL,
    street              TEXT NOT NULL,
    postcode            TEXT NOT NULL,
    city                TEXT NOT NULL,
    lat                 REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon                 REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    phone               TEXT,
    email               TEXT,
    website             TEXT,
    source              TEXT NOT NULL CHECK (length(source) > 0),
    last_verified       TEXT NOT NULL CHECK (last_verified GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    is_demo             INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1))
);
CREATE INDEX offers_by_category ON offers(category_id);
CREATE INDEX offers_by_organization ON offers(organization_row_id);

-- Spatial index: one degenerate box per offer, kept in step by triggers.
CREATE VIRTUAL TABLE offers_rtree USING rtree(row_id, min_lat, max_lat, min_lon, max_lon);

CREATE TRIGGER offers_rtree_insert AFTER INSERT ON offers BEGIN
    INSERT INTO offers_rtree VALUES (new.row_id, new.lat, new.lat, new.lon, new.lon);
END;
CREATE TRIGGER offers_rtree_update AFTER UPDATE OF lat, lon ON offers BEGIN
    UPDATE offers_rtree SET min_lat = new.lat, max_lat = new.lat, min_lon = new.lon, max_lon = new.lon
    WHERE row_id = new.row_id;
END;
CREATE TRIGGER offers_rtree_delete AFTER DELETE ON offers BEGIN
    DELETE FROM offers_rtree WHERE row_id = old.row_id;
END;
