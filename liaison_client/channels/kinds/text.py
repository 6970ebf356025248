"""The ``text`` kind: a chat message, shown in the timeline. Body: ``{"text"}``."""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject

MAX_TEXT_CHARS = 64 * 1024
#: What a sender may compose: 64 KiB of UTF-8. Megolm's ciphertext is the
#: payload plus a few dozen bytes, sent in base64 (4/3), so the envelope stays far
#: under the relay's default cap of 256 KiB; 64 Ki *characters* of Chinese would
#: not (3 bytes each). Receivers keep accepting up to ``MAX_TEXT_CHARS``.
MAX_TEXT_BYTES = 64 * 1024


@dataclass(frozen=True)
class TextBody:
    text: str

    kind = MessageKind.TEXT

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a text message must not be empty")

    def to_wire(self) -> JsonObject:
        return {"text": self.text}

    def searchable_text(self) -> str:
        return self.text

    @classmethod
    def from_wire(cls, body: WireObject) -> TextBody:
        return cls(body.text("text", max_length=MAX_TEXT_CHARS))


TEXT = KindDefinition(MessageKind.TEXT, Placement.TIMELINE, TextBody.from_wire)
