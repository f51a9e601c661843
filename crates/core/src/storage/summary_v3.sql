-- v3: list summaries without joins. Each service and location keeps its
-- child lists as space-separated text, written with the children, so one
-- offer's summary is a single indexed join.
ALTER TABLE services ADD COLUMN summary_categories TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN summary_languages TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN summary_target_groups TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN summary_phone TEXT;
ALTER TABLE locations ADD COLUMN summary_languages TEXT NOT NULL DEFAULT '';

UPDATE services SET
    summary_categories = coalesce((SELECT group_concat(category_id, ' ') FROM
        (SELECT category_id FROM service_categories WHERE service_row_id = services.row_id ORDER BY position)), ''),
    summary_languages = coalesce((SELECT group_concat(code, ' ') FROM
        (SELECT code FROM service_languages WHERE service_row_id = services.row_id ORDER BY position)), ''),
    summary_target_groups = coalesce((SELECT group_concat(target_group, ' ') FROM
        (SELECT target_group FROM service_target_groups WHERE service_row_id = services.row_id ORDER BY position)), ''),
    summary_phone = (SELECT number FROM phones WHERE service_row_id = services.row_id ORDER BY position LIMIT 1);
UPDATE locations SET
    summary_languages = coalesce((SELECT group_concat(code, ' ') FROM
        (SELECT code FROM location_languages WHERE location_row_id = locations.row_id ORDER BY position)), '');
