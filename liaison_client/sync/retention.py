"""The retention job: delete a closed channel's local history once its
coordinator's retention period has run out (docs/OPERATIONS.md, "Retention").

Run when a workspace opens and at the start of every sync round, so a device
that was off on the day catches up the next time it is used. It is
idempotent: a message that arrives late for a purged channel (written before
the close, delivered after the purge) is deleted by the next round.

What goes: the channel's ``messages`` rows with their full-text rows, the
outbox envelopes and composed rows of those messages, and the encrypted
attachment files still waiting in the outgoing folder. What stays, on
purpose: the channel row and its members, the signed membership log (the
operation's record of who was in it, which a later transcript or an audit
needs), the per-sender chain rows (hashes and sequence numbers only, no
content: they explain later why messages are absent), the envelope log's
refusals (reasons, no content) and the Megolm sessions (other channels'
keys are untouched; the channel's own are useless without its ciphertext).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liaison_client.channels.membership import MembershipLog
from liaison_client.store.store import Store


@dataclass(frozen=True)
class PurgedChannel:
    channel_id: str
    messages: int
    files: int


def delete_expired_history(store: Store, membership: MembershipLog,
                           attachment_path: Callable[[str], Path],
                           at_ms: int) -> list[PurgedChannel]:
    """Delete the local history of every channel whose retention ran out by ``at_ms``."""
    purged: list[PurgedChannel] = []
    for channel_id in store.membership_log.channel_ids():
        state = membership.state(channel_id)
        if state is None or state.purge_at_ms is None or state.purge_at_ms > at_ms:
            continue
        files: list[Path] = []
        with store.transaction():
            for row in store.outgoing.in_channel(channel_id):
                if row.blob_sha256 is not None:
                    files.append(attachment_path(row.blob_sha256))
            store.outgoing.remove_channel(channel_id)
            store.outbox.remove_channel_messages(channel_id)
            deleted = store.messages.delete_channel(channel_id)
        removed = 0
        for path in files:  # after the commit: a crash leaves a file, never a dangling row
            if path.exists():
                path.unlink()
                removed += 1
        if deleted or removed:
            purged.append(PurgedChannel(channel_id, deleted, removed))
    return purged
