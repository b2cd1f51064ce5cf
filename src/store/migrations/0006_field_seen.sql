-- kith store, schema version 6: what each field's setter had seen.
-- Released migrations are never edited: change the schema by adding the
-- next numbered file.

-- For each store that had set the field before, the latest of its values
-- the setter knew of: a JSON list of stamps ('' when none, or when the
-- value arrived from a file written before sync format 1.1). It travels
-- with the value, so that a store receiving a change can tell one made
-- knowing its own value (an update) from one made without it (a
-- conflict). See docs/sync-format.md, "Merging".
ALTER TABLE field ADD COLUMN seen TEXT NOT NULL DEFAULT '';
