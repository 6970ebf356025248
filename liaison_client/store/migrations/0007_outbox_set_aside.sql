-- An envelope the relay refused for good (413 too large, 422 malformed or
-- unknown recipients: sending it again gets the same answer) is set aside
-- instead of being retried at the head of the outbox, where it held back every
-- envelope queued after it. It stays here with the relay's reason in
-- `last_error`, so nothing is lost, and its message shows as not sent.
ALTER TABLE outbox ADD COLUMN set_aside_at_ms INTEGER;
