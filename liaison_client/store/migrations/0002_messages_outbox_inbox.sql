-- Messages, in local arrival order (seq). `body` is the searchable text;
-- `content` holds kind-specific structured data (attachments, later kinds)
-- as JSON. `signature` is the sender device's Ed25519 signature over the
-- canonical encoding, kept for verifiable transcripts.
CREATE TABLE messages (
    seq               INTEGER PRIMARY KEY,
    message_id        TEXT NOT NULL UNIQUE,
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    sender_device_id  TEXT NOT NULL,
    sent_at_ms        INTEGER NOT NULL,
    received_at_ms    INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    body              TEXT NOT NULL,
    content           TEXT,
    signature         BLOB,
    state             TEXT NOT NULL
        CHECK (state IN ('received', 'queued', 'sent', 'delivered', 'expired')),
    read              INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
);
CREATE INDEX messages_by_channel ON messages (channel_id, seq);

-- Full-text index over `body`. Contentless (the text stays only in
-- `messages`), rowid = messages.seq. Text is pre-segmented by
-- liaison_client/store/search_text.py: every CJK character is its own token,
-- so a Chinese query of any length (查获, 走私) is a phrase of single
-- characters, and Latin words use unicode61 with prefix queries.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    body,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Outbox: everything accepted from the user, written before any network
-- call; a row leaves only when the relay has accepted the envelope.
CREATE TABLE outbox (
    seq               INTEGER PRIMARY KEY,
    envelope_id       TEXT NOT NULL UNIQUE,
    message_id        TEXT,
    recipients        TEXT NOT NULL,
    payload           BLOB NOT NULL,
    created_at_ms     INTEGER NOT NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at_ms INTEGER NOT NULL DEFAULT 0,
    last_error        TEXT
);

-- Inbox: envelopes fetched from the relay, stored before they are
-- acknowledged, removed once processed.
CREATE TABLE inbox (
    envelope_id     TEXT PRIMARY KEY,
    sender_device_id TEXT NOT NULL,
    payload         BLOB NOT NULL,
    received_at_ms  INTEGER NOT NULL
);
