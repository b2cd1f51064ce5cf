-- kith store, schema version 3: local change numbers, for `kith export --since-last`.
-- Released migrations are never edited: change the schema by adding the next file.

-- The number of the transaction that last changed a record's row or a field in this
-- store, whether the change was made here or received. Never shared: it orders what
-- happened to this store, which stamps (set where a change was made) cannot.
ALTER TABLE record ADD COLUMN changed_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE field ADD COLUMN changed_in INTEGER NOT NULL DEFAULT 0;

-- For each Centre that files are exported for, the last change number its latest
-- file carried.
CREATE TABLE export_mark (
    centre TEXT PRIMARY KEY,
    change INTEGER NOT NULL
) WITHOUT ROWID;

-- The last change number given to a transaction.
INSERT OR IGNORE INTO meta (key, value) VALUES ('change', '0');
