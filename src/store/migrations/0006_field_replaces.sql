-- kith store, schema version 6: what each field's value was set over.
-- Released migrations are never edited: change the schema by adding the
-- next numbered file.

-- The stamp of the value a field's value replaced ('' when it replaced
-- nothing, or arrived from a file written before sync format 1.1). It
-- travels with the value, so that a store receiving a change can tell one
-- made knowing its own value (an update) from one made without it (a
-- conflict). See docs/sync-format.md, "Merging".
ALTER TABLE field ADD COLUMN replaces TEXT NOT NULL DEFAULT '';
