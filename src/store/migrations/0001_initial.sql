-- kith store, schema version 1. Released migrations are never edited:
-- change the schema by adding the next numbered file.

-- Facts about this store: its id, its Centre, the clock.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every record of every kind. Links keep what they join in columns, since
-- those never change and are queried by index; all else lives in `field`.
CREATE TABLE record (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'organisation', 'network',
                   'affiliation', 'membership', 'relationship', 'interaction', 'topic')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    source_id  TEXT,
    target_id  TEXT,
    link_type  TEXT,
    -- A cache of the `deleted` field, so that queries can skip tombstones.
    deleted    INTEGER NOT NULL DEFAULT 0,
    -- Set once, forever, when a person is erased.
    erased_at  TEXT,
    -- A cache of the folded name, for exact look-ups by name.
    name_key   TEXT
) WITHOUT ROWID;

CREATE INDEX record_by_kind ON record (kind, deleted);
CREATE INDEX record_by_source ON record (source_id) WHERE source_id IS NOT NULL;
CREATE INDEX record_by_target ON record (target_id) WHERE target_id IS NOT NULL;
CREATE INDEX record_by_name ON record (name_key) WHERE name_key IS NOT NULL;

-- The current value of each field with its provenance: which Centre set it,
-- and when on the hybrid logical clock. A cleared field keeps a JSON null so
-- that the clearing itself wins over older values arriving later.
CREATE TABLE field (
    record_id TEXT NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    centre    TEXT NOT NULL,
    stamp     TEXT NOT NULL,
    PRIMARY KEY (record_id, name)
) WITHOUT ROWID;

-- Who took part in each interaction: a cache of its `parties` field.
CREATE TABLE party (
    interaction_id TEXT NOT NULL REFERENCES record (id) ON DELETE CASCADE,
    record_id      TEXT NOT NULL,
    PRIMARY KEY (interaction_id, record_id)
) WITHOUT ROWID;

CREATE INDEX party_by_record ON party (record_id);

-- Follow-ups not yet done: a cache of interactions' `follow_up` fields.
CREATE TABLE follow_up (
    interaction_id TEXT PRIMARY KEY REFERENCES record (id) ON DELETE CASCADE,
    due            TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX follow_up_by_due ON follow_up (due);
