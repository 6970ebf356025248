"""Sending: compose a text or a file into the outbox, then try the relay once.

A send never waits for more than one round: what the relay does not accept now
stays queued (encrypted, with its file) for the next sync, and the
:class:`SendOutcome` says why. Membership changes (:mod:`.channels`) go out
through :meth:`SendingService.deliver` the same way.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liaison_client.channels.errors import ChannelClosedError
from liaison_client.channels.payloads import MAX_TEXT_BYTES, AttachmentBody, TextBody
from liaison_client.errors import (
    AttachmentCancelledError,
    MessageAlreadySentError,
    MessageTooLongError,
    UsageError,
)
from liaison_client.net.errors import RelayError
from liaison_client.progress import (
    AttachmentProgress,
    AttachmentProgressCallback,
    AttachmentStage,
    ByteProgress,
)
from liaison_client.store.deliveries import Delivery
from liaison_client.store.records import MessageRecord, MessageState, now_ms
from liaison_client.workspace.context import WorkspaceContext


@dataclass(frozen=True)
class SendOutcome:
    message_id: str | None
    #: True once the relay accepted it; False: stored and queued for a later sync.
    accepted: bool
    #: Why it is still queued (the relay is unreachable, ...); empty when accepted.
    problem: str


class SendingService:
    """Text and attachments into a channel, and what became of them."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def send_text(self, channel_id: str, text: str, *, deliver: bool = True,
                  reply_to: str | None = None) -> SendOutcome:
        """Store the message, then try the relay once; queued if it is unreachable.

        ``deliver=False`` only stores it (the next sync sends it): for a UI
        that must not wait on the network, or for many messages at once.
        ``reply_to`` makes it a reply to that message of the same channel (held here).
        """
        if not text.strip():
            raise UsageError("a message needs some text")
        _check_length(text)
        if reply_to is not None:
            original = self._context.store.messages.get(reply_to)
            if original is None or original.channel_id != channel_id:
                raise UsageError(f"no message {reply_to} in this operation to reply to")
        message = self._context.outbound.compose(channel_id, TextBody(text, reply_to))
        if not deliver:
            return SendOutcome(message.message_id, False, "stored; the next sync sends it")
        return self.deliver(message.message_id)

    def send_attachment(self, channel_id: str, path: Path, *,
                        progress: AttachmentProgressCallback | None = None,
                        caption: str | None = None,
                        cancelled: Callable[[], bool] | None = None) -> SendOutcome:
        """Encrypt ``path`` into the outgoing folder, upload it, then send its message.

        ``progress`` hears the bytes encrypted, then the bytes uploaded (on this
        thread, counts only). With no relay reachable the message stays queued
        with its encrypted file, like any send, and the next sync uploads it.

        ``caption`` (optional) follows as a text message replying to the attachment,
        in the same round: the attachment's wire body has no caption field.
        ``cancelled`` is asked before every chunk encrypted or uploaded; once it says
        True the send stops there and raises :class:`AttachmentCancelledError`,
        leaving nothing behind (no composed message, no ciphertext file, no caption).
        """
        if not path.is_file():
            raise UsageError(f"cannot attach {path}: not a readable file")
        outbound = self._context.outbound
        return self._send_encrypted(
            channel_id, lambda encrypting: outbound.encrypt_file(path, progress=encrypting),
            progress=progress, caption=caption, cancelled=cancelled)

    def send_attachment_data(self, channel_id: str, name: str, data: bytes, *,
                             media_type: str | None = None,
                             progress: AttachmentProgressCallback | None = None,
                             caption: str | None = None,
                             cancelled: Callable[[], bool] | None = None) -> SendOutcome:
        """:meth:`send_attachment` for bytes held in memory (an image pasted from the
        clipboard), attached as ``name``: encrypted straight from memory, so the
        plaintext is never written to disk."""
        if not data:
            raise UsageError(f"cannot attach {name}: it is empty")
        outbound = self._context.outbound

        def encrypt(encrypting: ByteProgress | None) -> AttachmentBody:
            return outbound.encrypt_stream(io.BytesIO(data), len(data), name,
                                           media_type=media_type, progress=encrypting)

        return self._send_encrypted(channel_id, encrypt, progress=progress, caption=caption,
                                    cancelled=cancelled)

    def _send_encrypted(self, channel_id: str,
                        encrypt: Callable[[ByteProgress | None], AttachmentBody], *,
                        progress: AttachmentProgressCallback | None,
                        caption: str | None,
                        cancelled: Callable[[], bool] | None) -> SendOutcome:
        caption = (caption or "").strip() or None
        if caption is not None:
            _check_length(caption)  # before any work: a caption too long sends nothing

        def stage(name: AttachmentStage) -> ByteProgress | None:
            if progress is None and cancelled is None:
                return None

            def report(done: int, total: int) -> None:
                _stop_if(cancelled)
                if progress is not None:
                    progress(AttachmentProgress(name, done, total))

            return report

        outbound = self._context.outbound
        _stop_if(cancelled)
        body = encrypt(stage(AttachmentStage.ENCRYPTING))
        try:
            _stop_if(cancelled)
            message = outbound.compose(channel_id, body, blob_sha256=body.sha256)
        except BaseException:  # never composed: its ciphertext is of no use to anyone
            outbound.attachment_path(body.sha256).unlink(missing_ok=True)
            raise
        client = self._context.client
        try:
            _stop_if(cancelled)
            if client is not None:
                # On failure it is still queued with its file: the round below says why.
                with contextlib.suppress(RelayError):
                    outbound.upload_attachment(client, message.message_id, body.sha256,
                                               progress=stage(AttachmentStage.UPLOADING))
        except AttachmentCancelledError:
            # Composed, not yet signed nor in the outbox: withdrawn without a chain gap.
            self.delete_unsent(message.message_id)
            raise
        if caption is not None:
            outbound.compose(channel_id, TextBody(caption, message.message_id))
        return self.deliver(message.message_id)

    def deliver(self, message_id: str | None) -> SendOutcome:
        """Send what is pending now; the outcome for ``message_id`` (None: for a
        membership change, accepted once the outbox is empty)."""
        report = self._context.engine.send_pending()
        if message_id is None:
            accepted = report.outbox == 0
        else:
            record = self._context.store.messages.get(message_id)
            accepted = record is not None and record.state in (MessageState.SENT,
                                                               MessageState.DELIVERED)
        return SendOutcome(message_id, accepted, "" if accepted else
                           report.problem or "waiting in the outbox for the next sync")

    def delivery(self, message_id: str) -> list[Delivery]:
        """Per recipient device, where one of this device's messages stands."""
        return self._context.store.deliveries.for_message(message_id)

    # -- the officer's own unsent messages (issue 11, "message actions") -----------------

    def retry(self, message_id: str) -> SendOutcome:
        """Send one of this device's unsent messages again at the next round: an
        envelope the relay refused for good (set aside, shown "not sent") goes back
        into the outbox queue, one waiting out a back-off is due at once. The caller
        asks for that round (the desktop's sync loop; the CLI's ``send_pending``).

        A message of a closed operation stays set aside (nothing is sent to it any
        more); one already sent, or another officer's, is refused. Nothing is
        re-encrypted: the same envelope, the same chain link, goes out.
        """
        record = self._own_unsent(message_id)
        if self._context.membership(record.channel_id).closed:
            name = self._context.store.channels.get(record.channel_id)
            raise ChannelClosedError(record.channel_id if name is None else name.name)
        with self._context.store.transaction() as store:
            store.outbox.retry_message(message_id, now_ms())
        return SendOutcome(message_id, False, "queued again; the next sync sends it")

    def delete_unsent(self, message_id: str) -> None:
        """Delete one of this device's messages that never left it (queued, or refused
        for good and set aside): its envelope, its composed row and the encrypted
        copies of its files go, and the message with them; nothing reaches anyone.

        A message already encrypted into the outbox was signed as a link of this
        device's chain in the channel (docs/CRYPTO.md, "Per-sender chain"): the
        members see one message of this officer missing once a later one arrives.
        That gap is the truth (a message was written and withdrawn), so it is not
        papered over; the desktop says so before deleting.
        """
        record = self._own_unsent(message_id)
        store = self._context.store
        outgoing = next((row for row in store.outgoing.in_channel(record.channel_id)
                         if row.message_id == message_id), None)
        blobs = [] if outgoing is None else store.outgoing.blobs(message_id)
        if outgoing is not None and outgoing.blob_sha256 is not None:
            blobs.append(outgoing.blob_sha256)
        with store.transaction() as tx:
            tx.outbox.remove_message(message_id)
            tx.outgoing.remove(message_id)
            tx.messages.delete(message_id)
        for sha256 in blobs:  # ciphertext only; dropped once nothing refers to it
            self._context.outbound.attachment_path(sha256).unlink(missing_ok=True)

    def is_link(self, message_id: str) -> bool:
        """Whether ``message_id`` was already encrypted as a link of this device's chain
        (deleting it then leaves a gap the members see)."""
        return self._context.store.message_chain.get(message_id) is not None

    def _own_unsent(self, message_id: str) -> MessageRecord:
        record = self._context.store.messages.get(message_id)
        if (record is None or record.sender_device_id != self._context.profile.device_id
                or record.state is not MessageState.QUEUED):
            raise MessageAlreadySentError(
                f"message {message_id} is not one of this device's unsent messages: "
                "nothing was changed", message_id=message_id)
        return record


def _check_length(text: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise MessageTooLongError(
            f"a message is at most {MAX_TEXT_BYTES // 1024} KiB of text (this one is "
            f"{-(-size // 1024)} KiB): send longer text as a file",
            limit_kib=str(MAX_TEXT_BYTES // 1024), size_kib=str(-(-size // 1024)))


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    """Raise :class:`AttachmentCancelledError` once the officer cancelled."""
    if cancelled is not None and cancelled():
        raise AttachmentCancelledError("the attachment was cancelled before it was sent: "
                                       "nothing was sent")
