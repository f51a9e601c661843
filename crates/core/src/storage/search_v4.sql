-- v4: find a category's offers without scanning (search fills results from
-- category membership when every query word names a category).
CREATE INDEX service_categories_by_category ON service_categories(category_id, service_row_id);
