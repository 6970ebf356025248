"""The ``text`` kind: a chat message, shown in the timeline. Body: ``{"text"}``, or
``{"text", "reply_to"}`` for a reply (issue 11, "message actions").

``reply_to`` is the message id of the message answered, and only that: the receiver
shows the quote from *its own copy* of that message (sender, text), never from words
the replier supplies, so a reply cannot put a forged quote in another officer's
mouth; a receiver without the original says so. The key is left out when there is
none, so a plain text's body (and so its signed bytes) is what it always was. Older
clients read a reply as plain text: their decoder takes ``text`` and ignores a key it
does not know (docs/CRYPTO.md, "Message bodies").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject

MAX_TEXT_CHARS = 64 * 1024
#: What a sender may compose: 64 KiB of UTF-8. Megolm's ciphertext is the
#: payload plus a few dozen bytes, sent in base64 (4/3), so the envelope stays far
#: under the relay's default cap of 256 KiB; 64 Ki *characters* of Chinese would
#: not (3 bytes each). Receivers keep accepting up to ``MAX_TEXT_CHARS``.
MAX_TEXT_BYTES = 64 * 1024
#: A message id as this client makes them (``uuid.uuid4()``'s text form), or any
#: short id of letters, digits and hyphens another client might: nothing longer,
#: no spaces or controls, so an id is never a second message in disguise.
REPLY_TO_PATTERN = re.compile(r"[A-Za-z0-9-]{1,64}")


@dataclass(frozen=True)
class TextBody:
    text: str
    #: The message id this one answers (a reply), or None.
    reply_to: str | None = None

    kind = MessageKind.TEXT

    def __post_init__(self) -> None:
        if not self.text:
            raise ValueError("a text message must not be empty")
        if self.reply_to is not None and not REPLY_TO_PATTERN.fullmatch(self.reply_to):
            raise ValueError("reply_to must be a message id")

    def to_wire(self) -> JsonObject:
        if self.reply_to is None:
            return {"text": self.text}
        return {"text": self.text, "reply_to": self.reply_to}

    def searchable_text(self) -> str:
        return self.text

    @classmethod
    def from_wire(cls, body: WireObject) -> TextBody:
        reply_to = body.optional_text("reply_to", max_length=64)
        if reply_to is not None and not REPLY_TO_PATTERN.fullmatch(reply_to):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "text body: 'reply_to' must be a message id")
        return cls(body.text("text", max_length=MAX_TEXT_CHARS), reply_to)


TEXT = KindDefinition(MessageKind.TEXT, Placement.TIMELINE, TextBody.from_wire)
