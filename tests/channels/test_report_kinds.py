"""The report kinds (warning, feedback, seizure) on the wire: encoded and decoded to the same
body, refused with the reason when their fields break a rule, and sent between officers
end-to-end encrypted, stored as timeline rows that search finds."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from liaison_client.channels.channel_crypto import MessageReceived, Rejected
from liaison_client.channels.kinds import (
    KINDS,
    AttachmentBody,
    FeedbackBody,
    MessageBody,
    MessageKind,
    Placement,
    SeizureBody,
    WarningBody,
    decode_body,
    decode_stored_body,
)
from liaison_client.channels.kinds.report_bodies import report_body
from liaison_client.channels.kinds.seizure import MAX_PHOTOS
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.attachments import (
    AttachmentSecret,
    decrypt_attachment,
    encrypt_attachment,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.reports import parse_pairs
from tests.channels.conftest import OfficerFactory, deliver, open_operation

WARNING = WarningBody(parse_pairs("warning", [
    "subject=Cigarettes declared as ceramic tiles", "indicators=新收货人",
    "containers=CSQU3054383", "hs_codes=2402.20", "vessels=IMO 9074729",
    "consignee=ACME Trading Ltd", "valid_until=2027-01-31",
]))
PHOTO = AttachmentBody("hold.jpg", "image/jpeg", 1234, "ab" * 32, "k" * 43, "ab" * 32)
SEIZURE = SeizureBody(parse_pairs("seizure", [
    "date=2026-11-30", "place=蛇口港", "commodity=Cigarettes", "hs_code=2402.20",
    "quantity=1250.5", "unit=kg", "container=CSQU3054383", "agencies=GACC",
]), (PHOTO,))


def feedback_to(warning_id: str) -> FeedbackBody:
    return FeedbackBody(parse_pairs("feedback", [f"answers={warning_id}", "outcome=found",
                                                 "details=2 cartons under the tiles"]))


def on_the_wire(wire: JsonObject) -> WireObject:
    return WireObject.parse(canonical_json(wire), "body")


def test_the_report_kinds_are_registered_as_timeline_kinds() -> None:
    for kind in (MessageKind.WARNING, MessageKind.FEEDBACK, MessageKind.SEIZURE):
        assert KINDS[kind].placement is Placement.TIMELINE


@pytest.mark.parametrize("body", [
    WARNING, feedback_to("1b4e28ba-2fa1-11d2-883f-0016d3cca427"), SEIZURE,
    SeizureBody(SEIZURE.report)])
def test_a_report_body_round_trips_to_the_same_bytes(body: MessageBody) -> None:
    encoded = canonical_json(body.to_wire())
    decoded = decode_body(str(body.kind), WireObject.parse(encoded, "body"))
    assert decoded == body
    assert canonical_json(decoded.to_wire()) == encoded
    assert decode_stored_body(str(body.kind), encoded.decode()) == body


def test_the_body_json_is_fields_and_for_a_seizure_its_photos() -> None:
    assert WARNING.to_wire() == {"fields": WARNING.report.to_wire()}
    assert SEIZURE.to_wire() == {"fields": SEIZURE.report.to_wire(),
                                 "photos": [PHOTO.to_wire()]}
    assert SeizureBody(SEIZURE.report).to_wire()["photos"] == []


def refused(kind: str, wire: JsonObject) -> PayloadRejectedError:
    with pytest.raises(PayloadRejectedError) as caught:
        decode_body(kind, on_the_wire(wire))
    assert caught.value.reason is Rejection.MALFORMED
    return caught.value


def test_a_received_report_with_an_invalid_field_is_refused_with_the_reason() -> None:
    wire = WARNING.to_wire()
    wire["fields"] = {**WARNING.report.to_wire(), "hs_codes": ["3999"]}
    assert refused("warning", wire).detail == (
        "warning report: field hs_codes: HS heading 3999 does not exist in HS 2022")


@pytest.mark.parametrize(("kind", "wire", "detail"), [
    ("warning", {"fields": {}}, "warning report: field subject: required"),
    ("feedback", {"fields": {"answers": "x", "outcome": "found"}},
     "feedback report: field answers: 'x' is not a message id (a UUID such as "
     "1b4e28ba-2fa1-11d2-883f-0016d3cca427)"),
    ("warning", {"fields": {"subject": "x"}, "text": "hi"},
     "warning report: unknown body key(s) text"),
    ("seizure", {"fields": SEIZURE.report.to_wire()},
     "body: missing field 'photos'"),
    ("seizure", {"fields": SEIZURE.report.to_wire(),
                 "photos": [{**PHOTO.to_wire(), "media_type": "application/pdf"}]},
     "seizure photo 'hold.jpg' is application/pdf, not an image"),
    ("seizure", {"fields": SEIZURE.report.to_wire(),
                 "photos": [{**PHOTO.to_wire(), "caption": "x"}]},
     "seizure photo 'hold.jpg' has unknown keys"),
    ("seizure", {"fields": SEIZURE.report.to_wire(),
                 "photos": [PHOTO.to_wire()] * (MAX_PHOTOS + 1)},
     f"body: 'photos' must be a list of at most {MAX_PHOTOS} objects"),
    ("seizure", {"fields": {**SEIZURE.report.to_wire(), "unit": "kilo"}},
     "seizure report: field unit: 'kilo' is not a unit; use one of g, kg, t, l, m3, pcs, "
     "pairs, cartons, packages, TEU"),
])
def test_a_malformed_report_body_is_refused_naming_what_is_wrong(
        kind: str, wire: JsonObject, detail: str) -> None:
    assert refused(kind, wire).detail == detail


def test_a_body_class_holds_only_its_own_kind_of_report() -> None:
    with pytest.raises(ValueError, match="cannot carry"):
        WarningBody(SEIZURE.report)
    with pytest.raises(ValueError, match="image"):
        SeizureBody(SEIZURE.report, (AttachmentBody("a.pdf", "application/pdf", 1, "ab" * 32,
                                                    "k", "b"),))


def test_the_service_gets_the_body_for_a_report_of_any_kind() -> None:
    assert report_body(WARNING.report) == WARNING
    assert report_body(SEIZURE.report, [PHOTO]) == SEIZURE
    feedback = feedback_to("1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    assert report_body(feedback.report) == feedback
    with pytest.raises(ValueError, match="no photos"):
        report_body(WARNING.report, [PHOTO])


# -- between officers, end-to-end encrypted ---------------------------------------------


def encrypted_photo(tmp_path: Path, content: bytes) -> tuple[AttachmentBody, Path]:
    """A photo encrypted as attachments are; the ciphertext file stands in for the relay's blob."""
    blob = tmp_path / "blob.lsa"
    with blob.open("wb") as out:
        secret = encrypt_attachment(io.BytesIO(content), out)
    body = AttachmentBody("hold.jpg", "image/jpeg", secret.size, secret.sha256,
                          base64.b64encode(secret.key).decode("ascii"), secret.sha256)
    return body, blob


def test_reports_travel_between_officers_and_are_stored_found_and_decoded(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    operation = open_operation(li, anna)
    channel = operation.channel_id
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    photo, blob = encrypted_photo(tmp_path, jpeg)
    seizure = SeizureBody(SEIZURE.report, (photo,))

    sent_warning = li.crypto.send(channel, WARNING)
    results = deliver(li, [*sent_warning.key_shares, sent_warning.group], operation.everyone)
    (received,) = [r for r in results[anna.device_id] if isinstance(r, MessageReceived)]
    assert received.message.body == WARNING
    warning_id = received.message.message_id

    sent = [anna.crypto.send(channel, body) for body in (feedback_to(warning_id), seizure)]
    for out in sent:
        results = deliver(anna, [*out.key_shares, out.group], operation.everyone)
        (got,) = [r for r in results[li.device_id] if isinstance(r, MessageReceived)]
        assert got.message.body == out.message.body
    feedback = cast(FeedbackBody, sent[0].message.body)
    assert feedback.answers == warning_id

    store = li.profile.store
    rows = store.messages.in_channel(channel)
    assert [row.kind for row in rows] == ["warning", "feedback", "seizure"]
    for row, body in zip(rows, (WARNING, feedback, seizure), strict=True):
        assert row.content is not None
        assert decode_stored_body(row.kind, row.content) == body
        assert row.body == body.searchable_text()
    # Search finds reports by field values and by labels in either language.
    for query, kinds in [("CSQU3054383", {"warning", "seizure"}), ("查获", {"seizure", "feedback"}),
                         ("Risk indicators", {"warning"}), ("391510", set()),
                         ("240220", {"warning", "seizure"}), ("蛇口港", {"seizure"}),
                         ("hold.jpg", {"seizure"}), ("有查获", {"feedback"})]:
        assert {row.kind for row in store.messages.search(query, channel_id=channel)} == kinds

    # The photo reference is an attachment's: the receiver decrypts and checks the blob.
    (stored_photo,) = cast(SeizureBody, decode_stored_body("seizure", rows[2].content or "")
                           ).photos
    secret = AttachmentSecret(base64.b64decode(stored_photo.key), stored_photo.sha256,
                              stored_photo.size)
    saved = tmp_path / "saved.jpg"
    with blob.open("rb") as source:
        decrypt_attachment(source, saved, secret)
    assert saved.read_bytes() == jpeg


@dataclass(frozen=True)
class ForgedWarning:
    """What a modified client could send: a warning whose fields no validator saw."""

    fields: JsonObject

    kind = MessageKind.WARNING

    def to_wire(self) -> JsonObject:
        return {"fields": self.fields}

    def searchable_text(self) -> str:
        return ""


def test_a_report_with_an_invalid_field_is_refused_by_the_receiver_with_the_reason(
        make_officer: OfficerFactory) -> None:
    li, anna = make_officer("Li Wei"), make_officer("Anna Berg")
    operation = open_operation(li, anna)
    forged = ForgedWarning({"subject": "x", "containers": ["CSQU3054384"]})
    out = li.crypto.send(operation.channel_id, cast(MessageBody, forged))
    results = deliver(li, [*out.key_shares, out.group], operation.everyone)
    (rejected,) = [r for r in results[anna.device_id] if isinstance(r, Rejected)]
    assert rejected.reason is Rejection.MALFORMED
    assert rejected.detail == ("warning report: field containers: container CSQU3054384: "
                               "check digit should be 3")
    assert anna.profile.store.messages.in_channel(operation.channel_id) == []


def test_a_channel_message_carrying_a_report_encodes_and_decodes_whole() -> None:
    message = ChannelMessage("chan", 3, "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "dev", 1700,
                             SEIZURE, "sig")
    assert ChannelMessage.decode(message.encode()) == message
