"""Typed rows of the local store. Times are integer milliseconds since the Unix epoch, UTC."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class IdentityRecord:
    device_id: str
    name: str
    agency: str
    account_pickle: str
    created_at_ms: int


class Role(StrEnum):
    COORDINATOR = "coordinator"
    MEMBER = "member"


@dataclass(frozen=True)
class ChannelRecord:
    channel_id: str
    name: str
    coordinator_device_id: str
    epoch: int
    closed: bool
    created_at_ms: int
    last_activity_at_ms: int


class MessageState(StrEnum):
    """Where a message stands. Incoming messages are ``received``; our own go
    ``queued`` → ``sent`` (relay accepted) → ``delivered`` | ``expired``."""

    RECEIVED = "received"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    EXPIRED = "expired"


@dataclass(frozen=True)
class MessageRecord:
    message_id: str
    channel_id: str
    sender_device_id: str
    sent_at_ms: int
    kind: str
    body: str
    state: MessageState
    received_at_ms: int = 0
    content: str | None = None
    signature: bytes | None = None
    read: bool = False
    seq: int | None = None


@dataclass(frozen=True)
class OutboxItem:
    envelope_id: str
    recipients: tuple[str, ...]
    payload: bytes
    message_id: str | None = None
    attempts: int = 0
    next_attempt_at_ms: int = 0
    last_error: str | None = None
    created_at_ms: int = 0


@dataclass(frozen=True)
class InboxItem:
    envelope_id: str
    sender_device_id: str
    payload: bytes
    received_at_ms: int = 0
