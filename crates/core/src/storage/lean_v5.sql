-- v5: a faster import and a smaller file.
--
-- The SQLite R*Tree `offers_spatial` goes: no query has read it since
-- nearest moved to the in-memory R*-trees (src/spatial.rs), yet its trigger
-- and R*Tree insert took about a fifth of every import and 8 MB per 100k
-- offers. Bounding-box queries for a map can be answered from the in-memory
-- index (or from locations' lat/lon) when they come.
DROP TRIGGER sal_spatial_insert;
DROP TRIGGER sal_spatial_move;
DROP TRIGGER sal_spatial_delete;
DROP TRIGGER location_spatial_move;
DROP TRIGGER service_spatial_mask;
DROP TABLE offers_spatial;

-- No query looks services up by language code (filters read the summary
-- columns, statistics scan the whole table).
DROP INDEX service_languages_by_code;

-- The full-text index keeps no copy of its documents (they are derived from
-- the tables, and nothing reads them back from the index): contentless, with
-- rows deletable by rowid. The core rebuilds its rows after this migration.
DROP TABLE offers_fts_vocab;
DROP TABLE offers_fts;
CREATE VIRTUAL TABLE offers_fts USING fts5(
    name, description, provider, address, categories,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3',
    content = '',
    contentless_delete = 1
);
CREATE VIRTUAL TABLE offers_fts_vocab USING fts5vocab(offers_fts, 'row');
