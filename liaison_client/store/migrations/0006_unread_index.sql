-- Unread messages, indexed apart from the rest. Counting a channel's unread
-- messages and marking them read used `messages_by_channel` and visited every
-- row of the channel: 0.17-0.18 s each in a 100,000-message operation, paid at
-- start-up and on every channel switch. The partial index holds only the rows
-- those two statements look for (received, not yet read), so both cost what
-- the unread rows cost, usually nothing.
CREATE INDEX messages_unread ON messages (channel_id, seq)
    WHERE read = 0 AND state = 'received';
