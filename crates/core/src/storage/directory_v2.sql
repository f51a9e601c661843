-- v2: the HSDS-aligned directory. Organizations provide services, services
-- are delivered at locations; one service_at_location row is one offer.
-- v1's flat `offers` are carried over, then dropped.

ALTER TABLE organizations ADD COLUMN description TEXT;
ALTER TABLE organizations ADD COLUMN website TEXT;
ALTER TABLE organizations ADD COLUMN email TEXT;

CREATE TABLE services (
    row_id              INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    organization_row_id INTEGER NOT NULL REFERENCES organizations(row_id) ON DELETE CASCADE,
    name                TEXT NOT NULL CHECK (length(name) > 0),
    alternate_name      TEXT,
    description         TEXT NOT NULL DEFAULT '',
    url                 TEXT,
    email               TEXT,
    status              TEXT NOT NULL DEFAULT 'active'
                        CHECK (status IN ('active', 'temporarily closed', 'inactive', 'defunct')),
    eligibility         TEXT,
    minimum_age         INTEGER CHECK (minimum_age >= 0),
    maximum_age         INTEGER CHECK (maximum_age >= 0),
    fees_free           INTEGER CHECK (fees_free IN (0, 1)),
    fees_description    TEXT,
    service_area        TEXT,
    source              TEXT NOT NULL CHECK (length(source) > 0),
    last_verified       TEXT NOT NULL CHECK (last_verified GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    is_demo             INTEGER NOT NULL DEFAULT 0 CHECK (is_demo IN (0, 1)),
    -- Bit i set: the service is in taxonomy::CATEGORIES[i]. Derived from
    -- service_categories and copied into the spatial index for fast filters.
    category_mask       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX services_by_organization ON services(organization_row_id);

CREATE TABLE service_categories (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    category_id    TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (service_row_id, category_id)
) WITHOUT ROWID;

CREATE TABLE service_languages (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    code           TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (service_row_id, code)
) WITHOUT ROWID;
CREATE INDEX service_languages_by_code ON service_languages(code, service_row_id);

CREATE TABLE service_target_groups (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    target_group   TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (service_row_id, target_group)
) WITHOUT ROWID;

CREATE TABLE service_funders (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    source         TEXT NOT NULL,
    PRIMARY KEY (service_row_id, position)
) WITHOUT ROWID;

CREATE TABLE phones (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    number         TEXT NOT NULL,
    kind           TEXT,
    description    TEXT,
    PRIMARY KEY (service_row_id, position)
) WITHOUT ROWID;

CREATE TABLE contacts (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    name           TEXT,
    title          TEXT,
    email          TEXT,
    phone          TEXT,
    PRIMARY KEY (service_row_id, position)
) WITHOUT ROWID;

CREATE TABLE service_translations (
    service_row_id INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    lang           TEXT NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT,
    PRIMARY KEY (service_row_id, lang)
) WITHOUT ROWID;

CREATE TABLE locations (
    row_id        INTEGER PRIMARY KEY,
    id            TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    name          TEXT,
    street        TEXT NOT NULL DEFAULT '',
    postcode      TEXT NOT NULL DEFAULT '',
    city          TEXT NOT NULL DEFAULT '',
    state         TEXT,
    lat           REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
    lon           REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
    geo_precision TEXT NOT NULL DEFAULT 'exact' CHECK (geo_precision IN ('exact', 'postcode', 'town'))
);

CREATE TABLE location_languages (
    location_row_id INTEGER NOT NULL REFERENCES locations(row_id) ON DELETE CASCADE,
    code            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (location_row_id, code)
) WITHOUT ROWID;

CREATE TABLE service_at_location (
    row_id          INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE CHECK (length(id) > 0),
    service_row_id  INTEGER NOT NULL REFERENCES services(row_id) ON DELETE CASCADE,
    location_row_id INTEGER NOT NULL REFERENCES locations(row_id) ON DELETE CASCADE,
    opening_hours   TEXT
);
CREATE INDEX sal_by_service ON service_at_location(service_row_id);
CREATE INDEX sal_by_location ON service_at_location(location_row_id);

-- The spatial index: one point per offer, exact coordinates and the category
-- mask in auxiliary columns so nearest queries never touch the other tables
-- until the winners are known.
CREATE VIRTUAL TABLE offers_spatial USING rtree(
    row_id, min_lat, max_lat, min_lon, max_lon, +lat, +lon, +category_mask
);

CREATE TRIGGER sal_spatial_insert AFTER INSERT ON service_at_location BEGIN
    INSERT INTO offers_spatial
    SELECT new.row_id, l.lat, l.lat, l.lon, l.lon, l.lat, l.lon, s.category_mask
    FROM locations l, services s
    WHERE l.row_id = new.location_row_id AND s.row_id = new.service_row_id;
END;
CREATE TRIGGER sal_spatial_move AFTER UPDATE OF service_row_id, location_row_id ON service_at_location BEGIN
    DELETE FROM offers_spatial WHERE row_id = old.row_id;
    INSERT INTO offers_spatial
    SELECT new.row_id, l.lat, l.lat, l.lon, l.lon, l.lat, l.lon, s.category_mask
    FROM locations l, services s
    WHERE l.row_id = new.location_row_id AND s.row_id = new.service_row_id;
END;
CREATE TRIGGER sal_spatial_delete AFTER DELETE ON service_at_location BEGIN
    DELETE FROM offers_spatial WHERE row_id = old.row_id;
END;
CREATE TRIGGER location_spatial_move AFTER UPDATE OF lat, lon ON locations BEGIN
    UPDATE offers_spatial
    SET min_lat = new.lat, max_lat = new.lat, min_lon = new.lon, max_lon = new.lon, lat = new.lat, lon = new.lon
    WHERE row_id IN (SELECT row_id FROM service_at_location WHERE location_row_id = new.row_id);
END;
CREATE TRIGGER service_spatial_mask AFTER UPDATE OF category_mask ON services BEGIN
    UPDATE offers_spatial SET category_mask = new.category_mask
    WHERE row_id IN (SELECT row_id FROM service_at_location WHERE service_row_id = new.row_id);
END;

-- Full-text index over each offer, written by the core after every change
-- (it combines several tables and the translated category labels).
CREATE VIRTUAL TABLE offers_fts USING fts5(
    name, description, provider, address, categories,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- Carry v1's flat offers over: one service, location and offer each.
INSERT INTO services (row_id, id, organization_row_id, name, description, url, email,
                      source, last_verified, is_demo)
SELECT row_id, id, organization_row_id, name, description, website, email, source, last_verified, is_demo
FROM offers;
INSERT INTO service_categories (service_row_id, category_id, position)
SELECT row_id, category_id, 0 FROM offers;
INSERT INTO phones (service_row_id, position, number)
SELECT row_id, 0, phone FROM offers WHERE phone IS NOT NULL;
INSERT INTO locations (row_id, id, street, postcode, city, lat, lon)
SELECT row_id, 'loc-' || id, street, postcode, city, lat, lon FROM offers;
INSERT INTO service_at_location (row_id, id, service_row_id, location_row_id)
SELECT row_id, 'sal-' || id, row_id, row_id FROM offers;

DROP TRIGGER offers_rtree_insert;
DROP TRIGGER offers_rtree_update;
DROP TRIGGER offers_rtree_delete;
DROP TABLE offers_rtree;
DROP TABLE offers;

-- The index's words, for typo-tolerant search.
CREATE VIRTUAL TABLE offers_fts_vocab USING fts5vocab(offers_fts, 'row');
