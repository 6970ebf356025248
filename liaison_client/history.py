"""The local history, read for display: the operations list and a channel's messages.

The desktop timeline must cope with channels of any length, so it never asks
for a whole channel: it reads :class:`MessagePage` after :class:`MessagePage`,
by local sequence number (``MessageRecord.seq``, the store's arrival order),
oldest first. Memory then grows with what the officer scrolls through, not
with the size of the channel.

This module only reads; sending, syncing and membership belong to the channel
engine.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.profile import Profile
from liaison_client.store.records import ChannelRecord, MessageRecord

#: Messages per page: a few screens' worth, small enough to read in milliseconds.
PAGE_SIZE = 200


@dataclass(frozen=True)
class MessagePage:
    messages: tuple[MessageRecord, ...]
    #: True when messages after the last one of this page exist.
    has_more: bool

    @property
    def last_seq(self) -> int | None:
        """Where the next page starts (pass as ``after_seq``); None for an empty page."""
        if not self.messages:
            return None
        return self.messages[-1].seq


def operations(profile: Profile) -> list[ChannelRecord]:
    """The channels (operations) this device belongs to, most recently active first."""
    return profile.store.channels.all()


def message_page(
    profile: Profile, channel_id: str, *, after_seq: int = 0, limit: int = PAGE_SIZE
) -> MessagePage:
    """Up to ``limit`` messages of ``channel_id`` after ``after_seq``, oldest first."""
    if limit < 1:
        raise ValueError("a page holds at least one message")
    # One row more than asked tells whether another page exists without a count(*).
    rows = profile.store.messages.in_channel(channel_id, after_seq=after_seq, limit=limit + 1)
    return MessagePage(messages=tuple(rows[:limit]), has_more=len(rows) > limit)


def message_count(profile: Profile, channel_id: str) -> int:
    return profile.store.messages.count(channel_id)


def search(
    profile: Profile, query: str, *, channel_id: str | None = None, limit: int = 100
) -> list[MessageRecord]:
    """Messages matching every term of ``query`` (CJK and Latin), newest first."""
    return profile.store.messages.search(query, channel_id=channel_id, limit=limit)
