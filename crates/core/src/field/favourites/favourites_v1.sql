-- Favourites and private notes (crates/core/src/favourites), schema v1 of
-- their own file `favourites.sqlite`: the directory's sync, bundle imports and
-- imports never open it, so nothing they do can touch a note.
CREATE TABLE favourites (
    offer_id   TEXT PRIMARY KEY CHECK (length(offer_id) > 0),
    -- The offer's name when it was saved, shown if the offer leaves the directory.
    name       TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) WITHOUT ROWID;
