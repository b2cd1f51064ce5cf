-- kith store, schema version 5: pairs that someone here has said are not
-- duplicates. Released migrations are never edited: change the schema by
-- adding the next numbered file.

-- One row per pair of records `kith duplicates` and the screen's queue
-- should no longer suggest. The smaller id comes first, so a pair has one
-- row whichever way round it was dismissed. Local to this store: a
-- judgement made here, never written to sync files nor printed by `kith
-- dump`.
CREATE TABLE dismissed_pair (
    first TEXT NOT NULL,
    second TEXT NOT NULL,
    dismissed_on TEXT NOT NULL,
    PRIMARY KEY (first, second),
    CHECK (first < second)
) WITHOUT ROWID;
