"""Sending: stored before any network call, out of the outbox only once the relay has it.

Three steps, each its own committed transaction, so ``kill -9`` between any
two loses nothing and sends nothing twice (docs/SYNC.md):

1. :meth:`Outbound.compose` commits the message (``messages`` row, state
   ``queued``, not yet signed) with an ``outgoing_messages`` row. An attachment is
   encrypted first into the profile's ``outgoing-attachments/`` folder
   (ciphertext only; its key stays in the message, inside SQLCipher). A
   message carrying several files (a seizure's photos) has each encrypted by
   :meth:`Outbound.encrypt_file` first, then lists them all with its outgoing
   row (``outgoing_blobs``, migration 0010).
2. :meth:`Outbound.encrypt_pending` uploads a pending attachment, signs the
   message as the next link of this device's chain in the channel, encrypts
   it (and any key shares) and commits the outbox envelopes, the advanced
   ratchets, the signature, the chain head and the removal of the outgoing row
   together — the persistence rule "ratchet state is committed before a
   ciphertext leaves"; so exactly the messages that reach the outbox are links
   (docs/CRYPTO.md, "Per-sender chain").
3. :meth:`Outbound.post` hands due outbox envelopes to the relay in batches
   and removes them, marking their messages ``sent``, only after a 2xx. The
   relay deduplicates by envelope id, so a batch re-posted after a crash
   between its 2xx and the removal is stored once. The per-recipient delivery
   rows are written in that same transaction, once (one statement per
   envelope): nothing else a send does on this device grows with the channel.
"""

from __future__ import annotations

import base64
import mimetypes
import os
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

from liaison_client.channels.channel_crypto import (
    DirectEnvelope,
    OutgoingControl,
)
from liaison_client.channels.errors import MissingSessionsError, NotSendableError
from liaison_client.channels.kinds import Placement, decode_stored_body, kind_definition
from liaison_client.channels.megolm_channel_crypto import composed_message
from liaison_client.channels.payloads import AttachmentBody, ChannelMessage, MessageBody
from liaison_client.crypto.attachments import encrypt_attachment
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.errors import UsageError
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RelayRefusedError, RelayUnavailableError
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.progress import ByteProgress, ProgressReader
from liaison_client.protocol.canonical import canonical_json
from liaison_client.store.outgoing import OutgoingMessage
from liaison_client.store.outgoing_folded import OutgoingFolded
from liaison_client.store.records import MessageRecord, MessageState, OutboxItem, now_ms
from liaison_client.sync.crash_points import CrashPoint, crash_point
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.directory import establish_sessions
from liaison_client.sync.retry_policy import retry_delay_ms

OUTGOING_ATTACHMENTS_DIR = "outgoing-attachments"
POST_BATCH = 100


@dataclass(frozen=True)
class EncryptReport:
    encrypted: int
    #: Still stored, waiting for the relay (a session or an upload needs it).
    waiting: int
    #: Could no longer be sent (the channel closed, or this device was removed).
    expired: int


@dataclass(frozen=True)
class PostReport:
    sent: int
    kept: int
    unreachable: bool = False
    #: One line for the officer; empty when everything went out.
    problem: str = ""


def new_envelope_id() -> str:
    return uuid.uuid4().hex


class Outbound:
    def __init__(self, state: CryptoState, attachments_dir: Path) -> None:
        self._state = state
        self._attachments_dir = attachments_dir

    # -- 1. compose ---------------------------------------------------------------

    def compose(self, channel_id: str, body: MessageBody, *,
                blob_sha256: str | None = None,
                blob_sha256s: Sequence[str] = ()) -> ChannelMessage:
        """Commit ``body`` as a queued message of ``channel_id`` (no network).

        ``blob_sha256`` (one file, an attachment) or ``blob_sha256s`` (several, a
        seizure's photos) name encrypted files of the outgoing folder that
        :meth:`encrypt_pending` uploads before it encrypts the message.
        """
        store = self._state.store
        with self._state.transaction() as crypto:
            message = crypto.compose(channel_id, body)
            store.outgoing.add(OutgoingMessage(message.message_id, channel_id, blob_sha256,
                                               now_ms()))
            if blob_sha256s:
                store.outgoing.add_blobs(message.message_id, blob_sha256s)
        crash_point(CrashPoint.AFTER_STORE)
        return message

    def compose_folded(self, channel_id: str, body: MessageBody) -> ChannelMessage:
        """Queue a message of a ``FOLDED`` kind: no ``messages`` (timeline) row, only
        an ``outgoing_folded`` row. Call it inside the transaction that stores the
        state the message changes (a watch-list op-log row), so both commit together;
        :meth:`encrypt_pending` signs and encrypts it like a composed timeline message.
        """
        if kind_definition(body.kind).placement is not Placement.FOLDED:
            raise ValueError(f"{body.kind} is a timeline kind: compose it with compose()")
        at = now_ms()
        message = ChannelMessage(channel_id, 0, str(uuid.uuid4()), self._state.crypto.device_id,
                                 at, body, signature="")
        with self._state.store.transaction() as store:
            store.outgoing_folded.add(OutgoingFolded(
                message.message_id, channel_id, str(body.kind),
                canonical_json(body.to_wire()).decode(), at))
        return message

    def compose_attachment(self, channel_id: str, path: Path, *,
                           progress: ByteProgress | None = None) -> ChannelMessage:
        """Encrypt ``path`` under a fresh key into the outgoing folder, then compose.
        ``progress`` hears the plaintext bytes encrypted so far."""
        body = self.encrypt_file(path, progress=progress)
        return self.compose(channel_id, body, blob_sha256=body.sha256)

    def encrypt_file(self, path: Path, *, media_type: str | None = None,
                     progress: ByteProgress | None = None) -> AttachmentBody:
        """Encrypt ``path`` under a fresh key into the outgoing folder and describe it,
        without composing a message: for a body that carries several files (a
        seizure's photos), composed afterwards with ``blob_sha256s``.

        Only ciphertext is written (the key stays in the returned body, which is
        stored inside SQLCipher with its message). A file encrypted for a message
        that is then never composed is a stray ciphertext whose key is gone.
        """
        if not path.is_file():
            raise UsageError(f"cannot attach {path}: not a readable file")
        with path.open("rb") as file:
            return self.encrypt_stream(file, os.fstat(file.fileno()).st_size, path.name,
                                       media_type=media_type, progress=progress)

    def encrypt_stream(self, file: BinaryIO, size: int, name: str, *,
                       media_type: str | None = None,
                       progress: ByteProgress | None = None) -> AttachmentBody:
        """:meth:`encrypt_file` for bytes that are not in a file (an image pasted from the
        clipboard, held in memory): ``size`` bytes read from ``file``, attached as ``name``.
        The plaintext never touches the disk; only the ciphertext is written."""
        self._attachments_dir.mkdir(mode=0o700, exist_ok=True)
        fd, partial_name = tempfile.mkstemp(prefix=".encrypting-", dir=self._attachments_dir)
        partial = Path(partial_name)
        try:
            with os.fdopen(fd, "wb") as out:
                source = file if progress is None else cast(
                    BinaryIO, ProgressReader(file, size, progress))
                secret = encrypt_attachment(source, out)
                out.flush()
                os.fsync(out.fileno())
            partial.replace(self.attachment_path(secret.sha256))
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        media_type = (media_type or mimetypes.guess_type(name)[0]
                      or "application/octet-stream")
        return AttachmentBody(name=name, media_type=media_type, size=secret.size,
                              sha256=secret.sha256,
                              key=base64.b64encode(secret.key).decode("ascii"),
                              blob_id=secret.sha256)

    def attachment_path(self, sha256: str) -> Path:
        return self._attachments_dir / f"{sha256}.lsa"

    # -- 2. encrypt ---------------------------------------------------------------

    def encrypt_pending(self, client: RelayClient | None) -> EncryptReport:
        """Encrypt every composed message into outbox envelopes, oldest first.

        Stops (the rest waits) at the first message that needs the relay
        while there is none; a relay failure propagates to the caller.
        """
        store = self._state.store
        pending = store.outgoing.all()
        encrypted = expired = 0
        for position, row in enumerate(pending):
            waiting = len(pending) - position
            record = store.messages.get(row.message_id)
            if record is None:  # deleted by the officer meanwhile
                store.outgoing.remove(row.message_id)
                continue
            if row.blob_sha256 is not None:
                if client is None:
                    return EncryptReport(encrypted, waiting, expired)
                self._upload(client, row)
            blobs = store.outgoing.blobs(row.message_id)
            if blobs:
                if client is None:
                    return EncryptReport(encrypted, waiting, expired)
                for blob_sha256 in blobs:
                    self.upload_blob(client, row.message_id, blob_sha256)
            try:
                try:
                    self._encrypt(record)
                except MissingSessionsError as missing:
                    if client is None:
                        return EncryptReport(encrypted, waiting, expired)
                    establish_sessions(self._state, client, missing.device_ids)
                    self._encrypt(record)
            except NotSendableError:
                with store.transaction():
                    store.messages.set_state(row.message_id, MessageState.EXPIRED)
                    store.outgoing.remove(row.message_id)
                expired += 1
                continue
            encrypted += 1
        return self._encrypt_folded(client, EncryptReport(encrypted, 0, expired))

    def _encrypt_folded(self, client: RelayClient | None, so_far: EncryptReport) -> EncryptReport:
        """The composed messages of folded kinds, after the timeline ones, oldest first."""
        store = self._state.store
        pending = store.outgoing_folded.all()
        encrypted, expired = so_far.encrypted, so_far.expired
        for position, row in enumerate(pending):
            try:
                body = decode_stored_body(row.kind, row.content)
            except PayloadRejectedError:
                # Stored by an older version or damaged: it can never be sent, and left
                # here it would stop every later round at this row. Dropped and counted
                # like an expired one (its state change, if any, stays local).
                with store.transaction():
                    store.outgoing_folded.remove(row.message_id)
                expired += 1
                continue
            message = ChannelMessage(row.channel_id, 0, row.message_id,
                                     self._state.crypto.device_id, row.composed_at_ms,
                                     body, signature="")
            try:
                try:
                    self._encrypt_message(message, row.message_id, timeline=False)
                except MissingSessionsError as missing:
                    if client is None:
                        return EncryptReport(encrypted, len(pending) - position, expired)
                    establish_sessions(self._state, client, missing.device_ids)
                    self._encrypt_message(message, row.message_id, timeline=False)
            except NotSendableError:
                with store.transaction():
                    store.outgoing_folded.remove(row.message_id)
                expired += 1
                continue
            encrypted += 1
        return EncryptReport(encrypted, 0, expired)

    def _upload(self, client: RelayClient, row: OutgoingMessage) -> None:
        assert row.blob_sha256 is not None
        self.upload_attachment(client, row.message_id, row.blob_sha256)

    def upload_attachment(self, client: RelayClient, message_id: str, blob_sha256: str, *,
                          progress: ByteProgress | None = None) -> None:
        """Upload a composed message's encrypted attachment now (an officer watching
        ``progress``: ciphertext bytes sent); :meth:`encrypt_pending` then only
        encrypts the message. A failure leaves the file and the row for the next try."""
        path = self.attachment_path(blob_sha256)
        if path.exists():
            client.upload_blob(path, progress=progress)
        with self._state.store.transaction():
            self._state.store.outgoing.clear_blob(message_id)
        path.unlink(missing_ok=True)

    def upload_blob(self, client: RelayClient, message_id: str, blob_sha256: str) -> None:
        """Upload one of a composed message's several encrypted files (``blob_sha256s``);
        a failure leaves the file and its row for the next try."""
        path = self.attachment_path(blob_sha256)
        if path.exists():
            client.upload_blob(path)
        with self._state.store.transaction():
            self._state.store.outgoing.clear_one_blob(message_id, blob_sha256)
        path.unlink(missing_ok=True)

    def _encrypt(self, record: MessageRecord) -> None:
        self._encrypt_message(composed_message(record), record.message_id, timeline=True)

    def _encrypt_message(self, message: ChannelMessage, message_id: str, *,
                         timeline: bool) -> None:
        """Sign, encrypt and queue one composed message; a folded one (``timeline``
        False) has no ``messages`` row, so no state or delivery rows follow it."""
        store = self._state.store
        at = now_ms()
        with self._state.transaction() as crypto:
            out = crypto.encrypt_composed(message)
            for share in out.key_shares:
                store.outbox.put(OutboxItem(new_envelope_id(), (share.recipient_device_id,),
                                            share.payload, created_at_ms=at))
            recipients = out.group.recipient_device_ids
            if recipients:
                envelope_id = new_envelope_id()
                # The outbox row carries the recipient list; their delivery rows
                # are written once the relay has the envelope (post).
                store.outbox.put(OutboxItem(envelope_id, recipients, out.group.payload,
                                            message_id=message_id if timeline else None,
                                            created_at_ms=at))
            elif timeline:  # the only member: nobody to deliver to
                store.messages.set_state(message_id, MessageState.SENT)
            if timeline:
                store.outgoing.remove(message_id)
            else:
                store.outgoing_folded.remove(message_id)
                # A watch-list operation keeps the signed message it left in, so it can
                # be forwarded to a later member (docs/WATCHLISTS.md, "Late joiners";
                # a message of another folded kind matches no op-log row).
                store.watchlist_ops.set_signed(message_id, out.message.encode().decode(), at)

    def queue_control(self, out: OutgoingControl) -> None:
        """Put a membership change's envelopes in the outbox (call inside the
        transaction that issued it, so both commit together)."""
        at = now_ms()
        for envelope in out.envelopes:
            self._state.store.outbox.put(OutboxItem(
                new_envelope_id(), (envelope.recipient_device_id,), envelope.payload,
                created_at_ms=at))

    def queue_direct(self, envelopes: Sequence[DirectEnvelope]) -> None:
        """Put pairwise envelopes (acknowledgements of control events) in the outbox;
        call inside the transaction that committed what they answer."""
        at = now_ms()
        for envelope in envelopes:
            self._state.store.outbox.put(OutboxItem(
                new_envelope_id(), (envelope.recipient_device_id,), envelope.payload,
                created_at_ms=at))

    def queue_control_resends(self) -> int:
        """The coordinator's control events again, to each device that has not
        acknowledged them when due (docs/CRYPTO.md, "Membership epochs")."""
        with self._state.transaction() as crypto:
            envelopes = crypto.resend_control()
            self.queue_direct(envelopes)
        return len(envelopes)

    # -- 3. post ----------------------------------------------------------------

    def post(self, client: RelayClient, *, ignore_backoff: bool = False,
             max_batches: int = 1000) -> PostReport:
        """Send every due outbox envelope, in order; stop at the first failure
        that may pass (relay down, 429, 507).

        ``ignore_backoff`` (an officer's explicit "sync now") also sends rows
        whose next attempt is not due yet. A batch the relay refuses for good is
        sent again one envelope at a time, so the envelope it will never take is
        found and set aside (:meth:`OutboxRepository.set_aside`) instead of
        holding back everything queued after it.
        """
        store = self._state.store
        sent = 0
        set_aside: list[str] = []
        due_at = (1 << 62) if ignore_backoff else None
        for _ in range(max_batches):
            items = store.outbox.due(limit=POST_BATCH, at_ms=due_at)
            if not items:
                break
            try:
                self._deliver(client, items)
            except RelayUnavailableError as exc:
                return self._keep(items, sent, str(exc), unreachable=True, set_aside=set_aside)
            except RelayRefusedError as exc:
                if not refused_for_good(exc):
                    return self._keep(items, sent, str(exc), unreachable=False,
                                      set_aside=set_aside)
                for item in items:
                    try:
                        self._deliver(client, [item])
                    except RelayUnavailableError as single:
                        return self._keep([item], sent, str(single), unreachable=True,
                                          set_aside=set_aside)
                    except RelayRefusedError as single:
                        if not refused_for_good(single):
                            return self._keep([item], sent, str(single), unreachable=False,
                                              set_aside=set_aside)
                        with store.transaction():
                            store.outbox.set_aside(item.envelope_id, str(single)[:500],
                                                   now_ms())
                        set_aside.append(str(single))
                    else:
                        sent += 1
                continue
            sent += len(items)
        return PostReport(sent=sent, kept=store.outbox.count(),
                          problem=_set_aside_problem(set_aside))

    def _deliver(self, client: RelayClient, items: list[OutboxItem]) -> None:
        """Post ``items``; once the relay has accepted them, they leave the outbox."""
        store = self._state.store
        client.send([OutgoingEnvelope(i.envelope_id, i.recipients, i.payload) for i in items])
        crash_point(CrashPoint.AFTER_POST)
        ids = [i.envelope_id for i in items]
        at = now_ms()
        with store.transaction():
            store.outbox.remove(ids)
            for item in items:
                if item.message_id is not None:
                    store.messages.set_state(item.message_id, MessageState.SENT)
                    store.deliveries.add_sent(item.message_id, item.envelope_id,
                                              item.recipients, at)

    def _keep(self, items: list[OutboxItem], sent: int, reason: str, *,
              unreachable: bool, set_aside: list[str]) -> PostReport:
        """Leave the batch in the outbox, its next attempt pushed back (exponential)."""
        store = self._state.store
        now = now_ms()
        with store.transaction():
            for item in items:
                store.outbox.record_failure(item.envelope_id, reason[:500],
                                            now + retry_delay_ms(item.attempts))
        kept = store.outbox.count()
        what = "relay unreachable" if unreachable else f"relay refused a batch ({reason[:120]})"
        problem = f"{what}: {kept} envelope(s) kept in the outbox"
        also = _set_aside_problem(set_aside)
        return PostReport(sent=sent, kept=kept, unreachable=unreachable,
                          problem=f"{problem}; {also}" if also else problem)


#: Answers that may pass: the relay is throttling (429), its queue for a
#: recipient is full (507), or it timed out (408). Every other refusal (413 too
#: large, 422 malformed or unknown recipients, 400, 403...) would be given again
#: to the same envelope however often it is sent.
_REFUSALS_THAT_PASS = frozenset({408, 425, 429, 507})


def refused_for_good(refusal: RelayRefusedError) -> bool:
    """Whether sending the same envelope again can only be refused again.

    401 is not "for good" either: it says the relay does not know this device
    (or its clock), which no envelope fixes and a later round may.
    """
    return refusal.status not in _REFUSALS_THAT_PASS and refusal.status != 401 \
        and 400 <= refusal.status < 500


def _set_aside_problem(reasons: list[str]) -> str:
    if not reasons:
        return ""
    return (f"the relay refused {len(reasons)} envelope(s) for good and they were set "
            f"aside, not retried ({reasons[0][:160]})")
