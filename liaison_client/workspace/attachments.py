"""Received (and sent) attachments: download, verify against the signed hash, decrypt.

Sending a file is :meth:`~liaison_client.workspace.sending.SendingService.send_attachment`;
this service only reads what a message describes.
"""

from __future__ import annotations

import base64
import binascii
import tempfile
from pathlib import Path

from liaison_client.attachment_names import claimed_destination
from liaison_client.crypto.attachments import AttachmentSecret, decrypt_attachment
from liaison_client.errors import UsageError
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.stored_content import stored_attachment


class AttachmentsService:
    """Saving a message's attachment to a file of the officer's choosing."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def save(self, message_id: str, destination: Path, *, overwrite: bool = False) -> Path:
        """Download, verify and decrypt an attachment to ``destination`` (a file, or a
        directory to put it in under the sender's name made safe), never over an existing
        file unless ``overwrite`` (liaison_client/attachment_names.py)."""
        record = self._context.store.messages.get(message_id)
        body = None if record is None else stored_attachment(record)
        if body is None:
            raise UsageError(f"message {message_id} carries no attachment")
        try:
            key = base64.b64decode(body.key, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UsageError(f"message {message_id} has a malformed attachment key") from exc
        client = self._context.require_client("downloading an attachment")
        with claimed_destination(destination.expanduser(), body.name,
                                 overwrite=overwrite) as destination, \
                tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
            encrypted = Path(scratch) / "download.lsa"
            client.download_blob(body.sha256, encrypted)
            with encrypted.open("rb") as source:
                decrypt_attachment(source, destination,
                                   AttachmentSecret(key, body.sha256, body.size))
        return destination
