-- kith store, schema version 2: the search index (see src/store/search_index.rs).
-- Released migrations are never edited: change the schema by adding the next file.
CREATE TABLE search_value (
    id INTEGER PRIMARY KEY,
    slot INTEGER NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (slot, text)
);
CREATE TABLE search_doc (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    alt_name TEXT NOT NULL,
    emails TEXT NOT NULL,
    networks TEXT NOT NULL,
    place_code TEXT NOT NULL,
    value_refs BLOB NOT NULL
);
CREATE TABLE search_scan (
    doc INTEGER PRIMARY KEY,
    packed BLOB NOT NULL
);
