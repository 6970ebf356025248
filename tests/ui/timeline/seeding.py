"""Channels with many messages, written straight into a real (SQLCipher) store.

Sending 100,000 messages through the relay would test the relay, not the
timeline: the timeline reads the store, so the store is filled directly,
the way the sync engine commits received pages.
"""

from __future__ import annotations

from liaison_client.profile import Profile
from liaison_client.store.records import MessageRecord, MessageState
from liaison_client.workspace import Workspace

OTHER_OFFICER = "DEVICE-OTHER-OFFICER"
BASE_MS = 1_780_000_000_000


def message_text(n: int) -> str:
    """Mixed CJK and Latin, of varying length, so rows wrap differently."""
    tail = " 集装箱 MSKU 查验 and inspection notes" * (n % 4)
    return f"Message {n}: 货物申报 cargo declaration {n}{tail}"


def seed_channel(profile: Profile, workspace: Workspace, count: int, *,
                 name: str = "Op Jade 翡翠行动", texts: dict[int, str] | None = None) -> str:
    """A channel with ``count`` messages, alternately sent by this device and received;
    ``texts`` replaces the text of chosen message numbers."""
    texts = texts or {}
    channel_id = workspace.channels.create(name).channel_id
    own = profile.device_id
    with profile.store.transaction() as store:
        store.messages.add_many(
            MessageRecord(
                message_id=f"m-{n:06d}", channel_id=channel_id,
                sender_device_id=own if n % 2 else OTHER_OFFICER,
                sent_at_ms=BASE_MS + n * 1000, kind="text", body=texts.get(n, message_text(n)),
                state=MessageState.DELIVERED if n % 2 else MessageState.RECEIVED,
                received_at_ms=BASE_MS + n * 1000 + 10, read=True)
            for n in range(count))
    return channel_id
