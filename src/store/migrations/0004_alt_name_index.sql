-- kith store, schema version 4. Released migrations are never edited:
-- change the schema by adding the next numbered file.

-- Looking a record up by its alternative name (`kith show "Llywodraeth
-- Cymru"`, `kith add person --org ...`) read every field of the store,
-- about 100 ms at 100,000 people; only alternative names are indexed here.
CREATE INDEX field_by_alt_name ON field (value) WHERE name = 'alt_name';
