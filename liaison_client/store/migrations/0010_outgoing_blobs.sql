-- Encrypted files a composed message still has to upload before it is
-- encrypted (docs/SYNC.md, "Crash safety"; docs/REPORTS.md, "Sending"). A
-- seizure report carries several photos, each its own encrypted blob, where
-- `outgoing_messages.blob_sha256` holds one. Written in the transaction that
-- composes the message (before any network call); a row leaves once the relay
-- has its blob, and the message is encrypted only when none is left. The
-- cascade removes them with their outgoing row (a message deleted meanwhile).
CREATE TABLE outgoing_blobs (
    message_id    TEXT NOT NULL REFERENCES outgoing_messages (message_id) ON DELETE CASCADE,
    blob_sha256   TEXT NOT NULL,
    position      INTEGER NOT NULL,
    PRIMARY KEY (message_id, blob_sha256)
) WITHOUT ROWID;
