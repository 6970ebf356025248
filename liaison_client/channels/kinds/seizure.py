"""The ``seizure`` kind: a seizure report with its photos, shown in the timeline as a card.

Body: ``{"fields": {...}, "photos": [<attachment>, ...]}``. ``fields`` are
those of :mod:`liaison_client.reports.seizure`; each photo is exactly an
``attachment`` body (:class:`~.attachment.AttachmentBody`: name, media type,
size, SHA-256, key, blob id — an encrypted blob on the relay, the format of
:mod:`liaison_client.crypto.attachments`), so photos are fetched, checked and
saved by the same code as attachments. ``photos`` is always present (possibly
empty), holds at most :data:`MAX_PHOTOS` and only ``image/*`` media types.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.attachment import AttachmentBody
from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.channels.kinds.report_body import decode_report, require_kind
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject
from liaison_client.reports import Report, ReportKind, search_text

MAX_PHOTOS = 20
_KEYS = frozenset({"fields", "photos"})


@dataclass(frozen=True)
class SeizureBody:
    report: Report
    photos: tuple[AttachmentBody, ...] = ()

    kind = MessageKind.SEIZURE

    def __post_init__(self) -> None:
        require_kind(self.report, ReportKind.SEIZURE)
        if len(self.photos) > MAX_PHOTOS:
            raise ValueError(f"at most {MAX_PHOTOS} photos")
        if any(not _is_image(photo) for photo in self.photos):
            raise ValueError("a seizure photo must have an image/* media type")

    def to_wire(self) -> JsonObject:
        return {"fields": self.report.to_wire(),
                "photos": [photo.to_wire() for photo in self.photos]}

    def searchable_text(self) -> str:
        return search_text(self.report, photo_names=[photo.name for photo in self.photos])

    @classmethod
    def from_wire(cls, body: WireObject) -> SeizureBody:
        report = decode_report(ReportKind.SEIZURE, body, keys=_KEYS)
        photos = []
        for item in body.objects("photos", max_items=MAX_PHOTOS):
            photo = AttachmentBody.from_wire(item)
            if set(item.fields) != set(photo.to_wire()):
                raise PayloadRejectedError(Rejection.MALFORMED,
                                           f"seizure photo {photo.name!r} has unknown keys")
            if not _is_image(photo):
                raise PayloadRejectedError(
                    Rejection.MALFORMED, f"seizure photo {photo.name!r} is {photo.media_type}, "
                    "not an image")
            photos.append(photo)
        return cls(report, tuple(photos))


def _is_image(photo: AttachmentBody) -> bool:
    return photo.media_type.startswith("image/")


SEIZURE = KindDefinition(MessageKind.SEIZURE, Placement.TIMELINE, SeizureBody.from_wire)
