-- v7: a faster bulk write and a smaller file.
--
-- Category ids and language codes are short, validated, space-free codes,
-- and every reader already took them from the summary columns of v3
-- (lists, filters) or could (statistics, export, the full-text document).
-- Their child tables only repeated those lists: three to five B-tree
-- inserts per service and about 6 MB per 100k offers. The summary columns
-- become the only copy (position order, each code once).
UPDATE services SET
    summary_categories = coalesce((SELECT group_concat(category_id, ' ') FROM
        (SELECT category_id FROM service_categories WHERE service_row_id = services.row_id ORDER BY position)), ''),
    summary_languages = coalesce((SELECT group_concat(code, ' ') FROM
        (SELECT code FROM service_languages WHERE service_row_id = services.row_id ORDER BY position)), '');
UPDATE locations SET
    summary_languages = coalesce((SELECT group_concat(code, ' ') FROM
        (SELECT code FROM location_languages WHERE location_row_id = locations.row_id ORDER BY position)), '');
DROP TABLE service_categories;
DROP TABLE service_languages;
DROP TABLE location_languages;

-- The full-text index loses its prefix indexes ('2 3'). Prefix queries
-- still work: FTS5 then reads the range of matching terms from the main
-- index. Measured at 100k offers, two- and three-letter prefixes were no
-- slower without them (ranking every match dominates either way), while
-- they tripled the index writes of every import and took 22 MB per 100k
-- offers. Category membership ("every offer in `kita`") is answered from
-- the `categories` column. The core rebuilds the rows after this migration.
DROP TABLE offers_fts_vocab;
DROP TABLE offers_fts;
CREATE VIRTUAL TABLE offers_fts USING fts5(
    name, description, provider, address, categories,
    tokenize = 'unicode61 remove_diacritics 2',
    content = '',
    contentless_delete = 1
);
CREATE VIRTUAL TABLE offers_fts_vocab USING fts5vocab(offers_fts, 'row');
