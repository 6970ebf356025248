"""The ``attachment`` kind: an encrypted file on the relay, shown in the timeline.

Body: ``{"name", "media_type", "size", "sha256", "key", "blob_id"}``; the file
format and its key are :mod:`liaison_client.crypto.attachments`'.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject


@dataclass(frozen=True, repr=False)
class AttachmentBody:
    """An encrypted file on the relay: where it is, its key, and how to check it."""

    name: str
    media_type: str
    size: int
    sha256: str
    key: str
    blob_id: str

    kind = MessageKind.ATTACHMENT

    def __repr__(self) -> str:
        return f"AttachmentBody({self.name!r}, {self.size} bytes)"

    def to_wire(self) -> JsonObject:
        return {"name": self.name, "media_type": self.media_type, "size": self.size,
                "sha256": self.sha256, "key": self.key, "blob_id": self.blob_id}

    def searchable_text(self) -> str:
        return self.name

    @classmethod
    def from_wire(cls, body: WireObject) -> AttachmentBody:
        sha256 = body.text("sha256", max_length=64)
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise PayloadRejectedError(Rejection.MALFORMED, "attachment sha256 must be hex")
        return cls(
            name=body.text("name", max_length=255),
            media_type=body.text("media_type", max_length=255),
            size=body.integer("size"), sha256=sha256,
            key=body.text("key", max_length=64), blob_id=body.text("blob_id", max_length=128),
        )


ATTACHMENT = KindDefinition(MessageKind.ATTACHMENT, Placement.TIMELINE, AttachmentBody.from_wire)
