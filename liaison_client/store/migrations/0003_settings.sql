-- Per-profile settings (relay URL and pinned CA, UI preferences, ...), as
-- JSON values. Kept inside SQLCipher: even which relay an officer uses is
-- nobody's business who holds only the profile directory.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
