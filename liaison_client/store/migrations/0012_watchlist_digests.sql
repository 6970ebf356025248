-- Anti-entropy of the watch-list op log (issue 14; docs/WATCHLISTS.md,
-- "Anti-entropy: finding what a snapshot left out").
--
-- Each `watchlist.digest` this device sent (`own` = 1) or received and compared
-- with its op log (`own` = 0): what it summarised, whether the two logs matched
-- then, and for a received one what this device forwarded because of it. A
-- replayed message id is refused (the primary key). `matched`, `they_lack`,
-- `forwarded`, `unforwardable` and `we_lack` are NULL for an own digest.
CREATE TABLE watchlist_digests (
    message_id        TEXT PRIMARY KEY,
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    sender_device_id  TEXT NOT NULL,
    own               INTEGER NOT NULL CHECK (own IN (0, 1)),
    digest_id         TEXT NOT NULL,
    reply_to          TEXT,
    op_count          INTEGER NOT NULL,
    ids_hash          TEXT NOT NULL,
    matched           INTEGER,
    they_lack         INTEGER,
    forwarded         INTEGER,
    unforwardable     INTEGER,
    we_lack           INTEGER,
    recorded_at_ms    INTEGER NOT NULL
);
CREATE INDEX watchlist_digests_by_channel
    ON watchlist_digests (channel_id, own, recorded_at_ms);

-- Which operation this device forwarded to which member because of a digest: the
-- same operation is not forwarded to the same member again within a day however
-- many digests ask (docs/WATCHLISTS.md says why a day).
CREATE TABLE watchlist_digest_forwards (
    channel_id        TEXT NOT NULL REFERENCES channels (channel_id) ON DELETE CASCADE,
    to_device_id      TEXT NOT NULL,
    op_id             TEXT NOT NULL,
    forwarded_at_ms   INTEGER NOT NULL,
    PRIMARY KEY (channel_id, to_device_id, op_id)
) WITHOUT ROWID;
