"""Transcripts: export an operation's record to a folder anyone can verify offline,
and verify such a folder (docs/TRANSCRIPT.md).

Export reads the channel from the store page by page (500 rows at a time), so
memory stays flat however long the operation was, and hands the domain writer
(:mod:`liaison_client.transcripts.folder`) a stream of messages carrying the
exact bytes each sender signed: the canonical body kept in ``messages.content``
plus the chain fields kept in ``message_chain``, re-assembled by the same
:class:`~liaison_client.crypto.message_signature.SignedMessageFields` that made
them. Only messages with a signature are exported: this device's own messages
still queued were never signed or sent.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from liaison_client.attachment_names import safe_file_name
from liaison_client.channels.errors import NotSendableError
from liaison_client.channels.kinds import AttachmentBody, TranscriptExportBody
from liaison_client.channels.membership import ControlAction, ControlEvent
from liaison_client.crypto.attachments import AttachmentSecret, decrypt_attachment
from liaison_client.crypto.identity import format_fingerprint
from liaison_client.crypto.message_signature import ChainFields, SignedMessageFields
from liaison_client.errors import UsageError
from liaison_client.net.client import RelayClient
from liaison_client.provenance.minisign import account_signer
from liaison_client.store.records import MessageRecord, now_ms
from liaison_client.transcripts.cjk_font import find_cjk_font
from liaison_client.transcripts.folder import (
    ExportCancelled,
    ExportCancelledError,
    ExportedFolder,
    ExportProgress,
    ExportStage,
    write_folder,
)
from liaison_client.transcripts.record import (
    ATTACHMENTS_DIR,
    Period,
    TranscriptAttachment,
    TranscriptHeader,
    TranscriptMember,
    TranscriptMessage,
)
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.sending import SendingService
from liaison_client.workspace.stored_content import stored_attachment, stored_report

_PAGE = 500
_DAY_MS = 86_400_000

__all__ = [
    "ExportCancelledError",
    "ExportRequest",
    "ExportStage",
    "ExportedFolder",
    "TranscriptFolderNotEmptyError",
    "TranscriptFontMissingError",
    "TranscriptPeriodError",
    "TranscriptTargetNotFolderError",
    "TranscriptsService",
]


# The export's refusals an officer meets in the desktop dialog, typed so the UI can say
# them in the officer's language (ui/error_text.py). They stay ``UsageError``s (exit 2 in
# the CLI, one line, nothing written). Kept here, in the service, rather than in the
# transcripts domain: the domain raises plain exceptions and the service says what they
# mean to a user.


class TranscriptFolderNotEmptyError(UsageError):
    """The chosen export folder already holds files: a transcript goes into a new folder."""

    code = "transcript.folder_not_empty"

    def __init__(self, folder: Path) -> None:
        super().__init__(f"{folder} is not empty: export into a new folder", folder=str(folder))


class TranscriptTargetNotFolderError(UsageError):
    """The export target exists and is a file."""

    code = "transcript.not_a_folder"

    def __init__(self, folder: Path) -> None:
        super().__init__(f"{folder} exists and is not a folder", folder=str(folder))


class TranscriptFontMissingError(UsageError):
    """The PDF needs a Simplified Chinese font (fonts-noto-cjk) that is not installed."""

    code = "transcript.font_missing"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class TranscriptPeriodError(UsageError):
    """The period's end is before its start."""

    code = "transcript.period_reversed"

    def __init__(self) -> None:
        super().__init__("--to is before --from")


@dataclass(frozen=True)
class ExportRequest:
    channel_id: str
    out: Path
    #: Inclusive UTC days ``YYYY-MM-DD`` (None: from the start / to the end).
    from_date: str | None = None
    to_date: str | None = None
    #: Also write each attachment (and seizure photo), downloaded from the relay and
    #: decrypted, into ``attachments/``, with its SHA-256 in transcript.json.
    attachments: bool = False


def _day_ms(text: str | None, what: str) -> int | None:
    if text is None:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"{what} must be a date YYYY-MM-DD, not {text!r}") from exc
    if len(text) != 10:
        raise UsageError(f"{what} must be a date YYYY-MM-DD, not {text!r}")
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp() * 1000)


def members_from_log(events: list[ControlEvent]) -> list[TranscriptMember]:
    """Every device the log ever listed, with the epochs it joined and left."""
    found: dict[str, TranscriptMember] = {}
    for event in events:
        if event.action is ControlAction.CREATE:
            device, role = event.coordinator, "coordinator"
        elif event.action in (ControlAction.INVITE, ControlAction.REMOVE) and event.subject:
            device, role = event.subject, "member"
        else:
            continue
        if event.action is ControlAction.REMOVE:
            held = found.get(device.device_id)
            if held is not None:
                found[device.device_id] = TranscriptMember(**{**held.__dict__,
                                                              "removed_epoch": event.epoch})
            continue
        found[device.device_id] = TranscriptMember(
            device.device_id, device.name, device.agency, role, device.ed25519,
            device.curve25519, format_fingerprint(device.ed25519), event.epoch, None)
    return list(found.values())


class TranscriptsService:
    """Export a channel's transcript (verification needs no profile:
    :func:`liaison_client.transcripts.verifier.verify_folder`)."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context

    def export(self, request: ExportRequest, *, progress: ExportProgress | None = None,
               cancelled: ExportCancelled | None = None,
               local_zone: dt.tzinfo | None = None,
               record_in_channel: bool = True, deliver: bool = True) -> ExportedFolder:
        """Write the folder, then record the export in the channel.

        The record is a ``transcript.export`` message (docs/TRANSCRIPT.md, "The
        export event"): signed by this device, in its chain, shown in every
        member's timeline and contained by the next export; a closed channel
        takes it. It is composed only once the folder is in place (it names the
        file's SHA-256), then sent like a message: ``deliver`` tries the relay
        once, otherwise the next sync sends it. ``record_in_channel=False``
        writes the folder only (a benchmark, a test of the writer).
        """
        exported = self._write(request, progress, cancelled, local_zone)
        if not record_in_channel:
            return exported
        return self._record(request, exported, deliver=deliver)

    def _record(self, request: ExportRequest, exported: ExportedFolder, *,
                deliver: bool) -> ExportedFolder:
        body = TranscriptExportBody(request.from_date, request.to_date,
                                    exported.exported_at_ms, exported.message_count,
                                    exported.chain_head, exported.json_sha256)
        try:
            message = self._context.outbound.compose(request.channel_id, body)
        except NotSendableError as exc:
            # A removed member may still export the history it holds; the channel
            # just cannot hear of it.
            return replace(exported, event_problem=f"not recorded in the channel: {exc}")
        if not deliver:
            return replace(exported, event_message_id=message.message_id,
                           event_problem="stored; the next sync sends it")
        outcome = SendingService(self._context).deliver(message.message_id)
        return replace(exported, event_message_id=message.message_id,
                       event_sent=outcome.accepted, event_problem=outcome.problem)

    def _write(self, request: ExportRequest, progress: ExportProgress | None,
               cancelled: ExportCancelled | None,
               local_zone: dt.tzinfo | None) -> ExportedFolder:
        context = self._context
        state = context.membership(request.channel_id)
        start = _day_ms(request.from_date, "--from")
        end = _day_ms(request.to_date, "--to")
        if start is not None and end is not None and end < start:
            raise TranscriptPeriodError()
        events = context.crypto.membership.chain(request.channel_id)
        members = members_from_log(events)
        own = context.profile.device_id
        exporter = next((m for m in members if m.device_id == own), None)
        if exporter is None:
            raise UsageError("this device is not in the operation's membership log")
        header = TranscriptHeader(
            channel_id=state.channel_id, name=state.name,
            state="closed" if state.closed else "open", opened_at_ms=state.opened_at_ms,
            closed_at_ms=state.closed_at_ms, period=Period(request.from_date, request.to_date),
            exported_at_ms=now_ms(), exporter=exporter, members=tuple(members),
            membership_log=tuple(e.encode().decode("utf-8") for e in events),
            watchlist_snapshot=self._watchlists(request.channel_id))
        identity = context.profile.identity
        public_key = _raw_key(identity.ed25519_key)
        total = context.store.messages.count(request.channel_id)
        if request.out.exists() and not request.out.is_dir():
            raise TranscriptTargetNotFolderError(request.out)
        if request.out.exists() and any(request.out.iterdir()):
            raise TranscriptFolderNotEmptyError(request.out)
        try:
            # Checked before anything is written: the PDF is the last file made, and an
            # officer should not wait through the JSON to learn the font is missing.
            find_cjk_font()
        except UsageError as exc:
            raise TranscriptFontMissingError(str(exc)) from exc
        files = None
        if request.attachments:
            files = _AttachmentFiles(context.require_client("exporting attachments"))
        messages = self._messages(request.channel_id, start,
                                  None if end is None else end + _DAY_MS, files)
        return write_folder(request.out, header, messages, total=total,
                            signer=account_signer(identity.account), public_key=public_key,
                            progress=progress, cancelled=cancelled, local_zone=local_zone,
                            attachments=None if files is None else files.into)

    def _messages(self, channel_id: str, start: int | None, end: int | None,
                  files: _AttachmentFiles | None) -> Iterator[TranscriptMessage]:
        store = self._context.store
        after = 0
        while True:
            page = store.messages.in_channel(channel_id, after_seq=after, limit=_PAGE)
            if not page:
                return
            for record in page:
                if start is not None and record.sent_at_ms < start:
                    continue
                if end is not None and record.sent_at_ms >= end:
                    continue
                message = self._message(record, files)
                if message is not None:
                    yield message
            after = page[-1].seq or after

    def _message(self, record: MessageRecord,
                 files: _AttachmentFiles | None = None) -> TranscriptMessage | None:
        if record.signature is None or record.content is None:
            return None
        link = self._context.store.message_chain.get(record.message_id)
        chain = None if link is None else ChainFields(link.epoch, link.membership_head,
                                                      link.prev_hash, link.seq)
        fields = SignedMessageFields(record.channel_id, record.message_id,
                                     record.sender_device_id, record.sent_at_ms, record.kind,
                                     {}, chain)
        signed = fields.canonical(record.content.encode("utf-8"))
        bodies: list[AttachmentBody] = []
        report = None
        stored = stored_report(record)
        if stored is not None:
            report = [[f.name, "; ".join(v.value for v in f.values)] for f in stored.report]
            bodies = list(stored.photos)
        attachment = stored_attachment(record)
        if attachment is not None:
            bodies.append(attachment)
        attachments = [TranscriptAttachment(b.name, b.size, b.sha256) if files is None
                       else files.write(record.message_id, number, b)
                       for number, b in enumerate(bodies, 1)]
        return TranscriptMessage(
            record.message_id, record.sender_device_id, record.sent_at_ms, record.kind,
            signed.decode("utf-8"), base64.b64encode(record.signature).decode("ascii"),
            record.body, report, tuple(attachments))

    def _watchlists(self, channel_id: str) -> dict[str, object]:
        from liaison_client.workspace.watchlists import WatchlistsService

        entries = WatchlistsService(self._context).entries(channel_id, include_inactive=True)
        return {"entries": [json.loads(json.dumps({
            "entry_id": e.entry_id, "list": e.list_name, "kind": str(e.kind),
            "value": e.value, "display": e.display, "note": e.note, "tags": list(e.tags),
            "status": str(e.status), "expires": None if e.expires is None else
            e.expires.isoformat(), "author_device": e.author_device,
            "updated_at_ms": e.updated_at_ms}, default=str)) for e in entries]}


class _AttachmentFiles:
    """Writes the decrypted attachments into the export's ``attachments/`` folder as
    the messages stream past (the folder is the writer's staging folder, handed
    over by :func:`write_folder`'s ``attachments`` hook before the first message).

    Each file is downloaded from the relay into a temporary file and decrypted
    chunk by chunk (:func:`~liaison_client.crypto.attachments.decrypt_attachment`:
    every chunk authenticated, the blob's signed SHA-256 and the size checked,
    nothing left behind on failure), then hashed in pieces: no file is ever
    held in memory. A download that fails fails the export (nothing is left).
    """

    def __init__(self, client: RelayClient) -> None:
        self._client = client
        self._folder: Path | None = None

    def into(self, staging: Path) -> None:
        self._folder = staging / ATTACHMENTS_DIR
        self._folder.mkdir()

    def write(self, message_id: str, number: int, body: AttachmentBody) -> TranscriptAttachment:
        assert self._folder is not None, "the writer names the folder first"
        name = f"{message_id[:8]}-{number}-{safe_file_name(body.name)}"
        target = self._folder / name
        try:
            key = base64.b64decode(body.key, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UsageError(f"message {message_id} has a malformed attachment key") from exc
        with tempfile.TemporaryDirectory(dir=self._folder) as scratch:
            encrypted = Path(scratch) / "download.lsa"
            self._client.download_blob(body.sha256, encrypted)
            with encrypted.open("rb") as source:
                decrypt_attachment(source, target, AttachmentSecret(key, body.sha256,
                                                                    body.size))
        digest = hashlib.sha256()
        with target.open("rb") as written:
            for piece in iter(lambda: written.read(1 << 20), b""):
                digest.update(piece)
        return TranscriptAttachment(body.name, body.size, body.sha256,
                                    f"{ATTACHMENTS_DIR}/{name}", digest.hexdigest())


def _raw_key(unpadded: str) -> bytes:
    return base64.b64decode(unpadded + "=" * (-len(unpadded) % 4))
