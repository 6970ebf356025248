-- Read receipts (issue 11; docs/OPERATIONS.md, "Read receipts"): which member read
-- which of this device's own messages, and when (the reader's signed time).
--
-- Only own messages are kept, as Signal does: "Message details" shows "read by"
-- for what this officer wrote. Receipts naming other members' messages are
-- dropped on arrival, so the table grows with what this officer sent times the
-- members, not with the whole operation's traffic. A row goes with its message
-- (retention, a deleted message).
CREATE TABLE message_reads (
    message_id        TEXT NOT NULL REFERENCES messages (message_id) ON DELETE CASCADE,
    reader_device_id  TEXT NOT NULL,
    read_at_ms        INTEGER NOT NULL,
    PRIMARY KEY (message_id, reader_device_id)
) WITHOUT ROWID;
