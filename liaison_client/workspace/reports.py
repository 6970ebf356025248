"""Sending structured reports (warning, feedback, seizure) into a channel.

The rules of a report are the pure domain's (:mod:`liaison_client.reports`); this
service adds what only an open profile knows, then sends like any message
(:class:`~liaison_client.workspace.sending.SendingService`): committed before
any network call, queued when the relay is unreachable.

Checked here, before anything is stored or encrypted:

* a feedback's ``answers`` names a ``warning`` message *of the same channel*
  that this device has (its own or received): otherwise its card would link to
  nothing (:class:`~liaison_client.reports.errors.AnswersNotAWarningError`);
* photos: only for a seizure, at most ``MAX_PHOTOS``, each a readable file
  whose name says it is an image (the receiver refuses a non-image photo).

Photos are encrypted one by one into the outgoing folder
(:meth:`~liaison_client.sync.outbound.Outbound.encrypt_file`) and the message
is composed with all of them listed (``outgoing_blobs``): the sync engine
uploads every blob before the message is encrypted (docs/REPORTS.md, "Sending").
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from liaison_client.channels.kinds import AttachmentBody, MessageKind
from liaison_client.channels.kinds.report_bodies import report_body
from liaison_client.channels.kinds.seizure import MAX_PHOTOS
from liaison_client.protocol.canonical import JsonObject
from liaison_client.reports import Report, ReportKind, parse_pairs, parse_report_kind
from liaison_client.reports.errors import (
    AnswersNotAWarningError,
    PhotoNotImageError,
    PhotosNotAllowedError,
    PhotoUnreadableError,
    TooManyPhotosError,
)
from liaison_client.workspace.context import WorkspaceContext
from liaison_client.workspace.sending import SendingService, SendOutcome
from liaison_client.workspace.stored_content import stored_report


@dataclass(frozen=True)
class SentReport:
    """A report stored (and, if ``outcome.accepted``, on the relay)."""

    outcome: SendOutcome
    report: Report
    #: The photos' file names, in the order given (seizure only).
    photo_names: tuple[str, ...] = ()

    @property
    def message_id(self) -> str:
        assert self.outcome.message_id is not None  # a report always has its message
        return self.outcome.message_id

    @property
    def fields(self) -> JsonObject:
        """The fields as they are signed and as ``messages --json`` shows them."""
        return self.report.to_wire()


@dataclass(frozen=True)
class WarningChoice:
    """A warning of the channel a feedback may answer (the report form's list)."""

    message_id: str
    subject: str
    sender_name: str
    sent_at_ms: int


#: How many of the newest warnings the report form offers to answer.
MAX_WARNING_CHOICES = 500


class ReportsService:
    """Build, check and send reports; photos as encrypted attachments."""

    def __init__(self, context: WorkspaceContext, sending: SendingService) -> None:
        self._context = context
        self._sending = sending

    def send(self, channel_id: str, kind: ReportKind | str, pairs: Sequence[str], *,
             photos: Sequence[Path] = (), deliver: bool = True) -> SentReport:
        """Send a report given as ``NAME=VALUE`` pairs (the CLI's ``--field``).

        Raises a :class:`~liaison_client.reports.errors.ReportError` naming the field
        or the photo that is wrong; then nothing was stored. ``deliver=False``
        only stores it (the next sync sends it).
        """
        report_kind = parse_report_kind(kind) if isinstance(kind, str) else kind
        return self.send_report(channel_id, parse_pairs(report_kind, pairs),
                                photos=photos, deliver=deliver)

    def send_report(self, channel_id: str, report: Report, *,
                    photos: Sequence[Path] = (), deliver: bool = True) -> SentReport:
        """Send an already built :class:`Report` (a form, a prefilled warning)."""
        self._context.membership(channel_id)
        if report.kind is ReportKind.FEEDBACK:
            self._require_warning(channel_id, report)
        media_types = self._check_photos(report.kind, photos)
        encrypted: list[AttachmentBody] = []
        outbound = self._context.outbound
        try:
            for path, media_type in zip(photos, media_types, strict=True):
                encrypted.append(outbound.encrypt_file(path, media_type=media_type))
            message = outbound.compose(channel_id, report_body(report, encrypted),
                                       blob_sha256s=[photo.sha256 for photo in encrypted])
        except BaseException:
            # Nothing composed: the ciphertexts written so far have no message (their
            # keys are gone with ``encrypted``), so they are removed, not left to upload.
            for photo in encrypted:
                outbound.attachment_path(photo.sha256).unlink(missing_ok=True)
            raise
        names = tuple(photo.name for photo in encrypted)
        if not deliver:
            return SentReport(SendOutcome(message.message_id, False,
                                          "stored; the next sync sends it"), report, names)
        return SentReport(self._sending.deliver(message.message_id), report, names)

    def warnings(self, channel_id: str, *,
                 limit: int = MAX_WARNING_CHOICES) -> list[WarningChoice]:
        """The channel's warnings this device holds, newest first: what a feedback's
        ``answers`` may name (the same rule :meth:`send_report` checks)."""
        self._context.membership(channel_id)
        choices = []
        people: dict[str, tuple[str, str]] = {}
        for record in self._context.store.messages.latest_of_kind(
                channel_id, str(MessageKind.WARNING), limit):
            stored = stored_report(record)
            if stored is None:
                continue
            name, _agency = self._context.person(record.sender_device_id, people)
            choices.append(WarningChoice(record.message_id, stored.report.value("subject") or "",
                                         name, record.sent_at_ms))
        return choices

    def _require_warning(self, channel_id: str, report: Report) -> None:
        answers = report.value("answers")
        assert answers is not None  # required by the feedback schema
        record = self._context.store.messages.get(answers)
        if (record is None or record.channel_id != channel_id
                or record.kind != MessageKind.WARNING):
            raise AnswersNotAWarningError(answers)

    @staticmethod
    def _check_photos(kind: ReportKind, photos: Sequence[Path]) -> list[str]:
        """Each photo's media type, after checking them all (before any is encrypted)."""
        if not photos:
            return []
        if kind is not ReportKind.SEIZURE:
            raise PhotosNotAllowedError(str(kind))
        if len(photos) > MAX_PHOTOS:
            raise TooManyPhotosError(MAX_PHOTOS)
        media_types = []
        for path in photos:
            if not path.is_file():
                raise PhotoUnreadableError(str(path))
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if not media_type.startswith("image/"):
                raise PhotoNotImageError(str(path), media_type)
            media_types.append(media_type)
        return media_types
