"""The reports service against real profiles and a real relay process: reports reach the
other officer with their fields and photos, and what cannot be sent is refused before
anything is stored — or, with the relay down, stored and sent once it is back."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from liaison_client.channels.kinds import SeizureBody, decode_stored_body
from liaison_client.channels.kinds.report_bodies import report_body
from liaison_client.crypto.attachments import AttachmentSecret, decrypt_attachment
from liaison_client.errors import LiaisonError
from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.profile import Profile
from liaison_client.relay_connection import client_for_profile
from liaison_client.reports import parse_pairs
from liaison_client.reports.errors import (
    AnswersNotAWarningError,
    FieldMissingError,
    IdentifierInvalidError,
    PhotoNotImageError,
    PhotosNotAllowedError,
    PhotoUnreadableError,
)
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR, Outbound
from liaison_client.workspace import TimelineState, Workspace
from tests.relay.relay_process import RelayProcess, restart
from tests.sync.conftest import OfficerFactory, make_officer, relay, start_relay_process

__all__ = ["make_officer", "relay", "start_relay_process"]

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 64
WARNING = ["subject=Cigarettes declared as tiles 瓷砖", "containers=CSQU3054383",
           "hs_codes=2402.20"]
SEIZURE = ["date=2026-11-30", "place=蛇口港", "commodity=Cigarettes", "quantity=1250.5",
           "unit=kg"]


def workspace_at(profile: Profile, url: str) -> Workspace:
    return Workspace(profile, RelayClient(url, device_id=profile.device_id,
                                          signer=identity_signer(profile.identity)))


def photo(tmp_path: Path, name: str, content: bytes = JPEG) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


@pytest.mark.shared_relay
def test_a_warning_a_feedback_and_a_seizure_with_two_photos_reach_the_other_officer(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()

    warning = li.workspace.reports.send(channel, "warning", WARNING)
    assert warning.outcome.accepted
    assert warning.fields == {"subject": "Cigarettes declared as tiles 瓷砖",
                              "containers": ["CSQU3054383"], "hs_codes": ["240220"]}
    anna.sync(2)
    feedback = anna.workspace.reports.send(channel, "feedback", [
        f"answers={warning.message_id}", "outcome=found", "details=12 pallets 十二托"])
    assert feedback.outcome.accepted
    photos = [photo(tmp_path, "hold.jpg"), photo(tmp_path, "pallet.png", JPEG[::-1])]
    seizure = anna.workspace.reports.send(channel, "seizure", SEIZURE, photos=photos)
    assert seizure.outcome.accepted
    assert seizure.photo_names == ("hold.jpg", "pallet.png")
    # Uploaded, then removed from the outgoing folder; nothing left to send.
    assert list((anna.root / OUTGOING_ATTACHMENTS_DIR).glob("*.lsa")) == []
    assert anna.profile.store.outgoing.count() == 0
    li.sync(2)

    entries = {e.message_id: e for e in li.workspace.timeline.messages(channel)}
    received_warning = entries[warning.message_id]
    assert received_warning.kind == "warning"
    assert received_warning.report is not None
    assert received_warning.report.to_wire() == warning.fields
    received_feedback = entries[feedback.message_id]
    assert received_feedback.answers == warning.message_id
    assert received_feedback.report is not None
    assert received_feedback.report.value("outcome") == "found"
    received_seizure = entries[seizure.message_id]
    assert received_seizure.report is not None
    assert received_seizure.report.value("place") == "蛇口港"
    assert [(p.name, p.media_type) for p in received_seizure.photos] == [
        ("hold.jpg", "image/jpeg"), ("pallet.png", "image/png")]
    # Search finds a report by a field value and by a label in either language.
    assert [e.message_id for e in li.workspace.timeline.search(channel, "十二托")] == [
        feedback.message_id]


@pytest.mark.shared_relay
def test_what_cannot_be_sent_is_refused_with_the_field_and_nothing_is_stored(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    channel = li.workspace.channels.create("Op Jade").channel_id
    other = li.workspace.channels.create("Op Amber").channel_id
    text = li.workspace.sending.send_text(channel, "not a warning")
    elsewhere = li.workspace.reports.send(other, "warning", WARNING)
    before = len(li.workspace.timeline.messages(channel))

    def refused(error: type[LiaisonError], *args: object, **kwargs: object) -> LiaisonError:
        with pytest.raises(error) as caught:
            li.workspace.reports.send(channel, *args, **kwargs)  # type: ignore[arg-type]
        assert caught.value.exit_code == 1
        return caught.value

    nowhere = "1b4e28ba-2fa1-11d2-883f-0016d3cca427"
    for answers in (nowhere, text.message_id, elsewhere.message_id):
        error = refused(AnswersNotAWarningError, "feedback",
                        [f"answers={answers}", "outcome=found"])
        assert str(error) == f"field answers: no warning message {answers} in this channel"
        assert error.params == {"field": "answers", "value": answers}
    assert str(refused(FieldMissingError, "warning", ["containers=CSQU3054383"])) == \
        "field subject: required"
    assert str(refused(IdentifierInvalidError, "warning",
                       ["subject=x", "containers=CSQU3054384"])).startswith(
        "field containers: ")
    missing = tmp_path / "gone.jpg"
    assert str(refused(PhotoUnreadableError, "seizure", SEIZURE, photos=[
        photo(tmp_path, "ok.jpg"), missing])) == f"photo {missing}: not a readable file"
    refused(PhotoNotImageError, "seizure", SEIZURE, photos=[photo(tmp_path, "notes.txt")])
    refused(PhotosNotAllowedError, "warning", WARNING, photos=[photo(tmp_path, "w.jpg")])

    assert len(li.workspace.timeline.messages(channel)) == before
    assert li.profile.store.outgoing.count() == 0
    assert not (li.root / OUTGOING_ATTACHMENTS_DIR).exists() or \
        list((li.root / OUTGOING_ATTACHMENTS_DIR).glob("*")) == []


def test_a_seizure_sent_while_the_relay_is_down_is_queued_with_its_photos_and_sent_later(
        make_officer: OfficerFactory, relay: RelayProcess, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()
    relay.kill()

    photos = [photo(tmp_path, "hold.jpg"), photo(tmp_path, "seal.jpg", JPEG + b"seal")]
    queued = li.workspace.reports.send(channel, "seizure", SEIZURE, photos=photos)
    assert not queued.outcome.accepted
    assert queued.outcome.problem
    [entry] = [e for e in li.workspace.timeline.messages(channel) if e.kind == "seizure"]
    assert entry.state is TimelineState.QUEUED
    assert len(entry.photos) == 2
    # Committed before any network call: the message, its two blobs, their ciphertexts.
    assert len(li.profile.store.outgoing.blobs(queued.message_id)) == 2
    assert len(list((li.root / OUTGOING_ATTACHMENTS_DIR).glob("*.lsa"))) == 2

    revived = restart(relay)
    try:
        with workspace_at(li.profile, revived.url) as li_back, \
                workspace_at(anna.profile, revived.url) as anna_back:
            assert li_back.sync().sent >= 1
            assert li.profile.store.outgoing.count() == 0
            assert list((li.root / OUTGOING_ATTACHMENTS_DIR).glob("*.lsa")) == []
            anna_back.sync(2.0)
            [arrived] = [e for e in anna_back.timeline.messages(channel)
                         if e.kind == "seizure"]
            assert arrived.message_id == queued.message_id
            assert [p.name for p in arrived.photos] == ["hold.jpg", "seal.jpg"]
            assert arrived.report is not None
            assert arrived.report.to_wire() == queued.fields
            # Each photo is on the relay: downloaded, checked and decrypted as attachments are.
            record = anna.profile.store.messages.get(queued.message_id)
            assert record is not None
            assert record.content is not None
            body = decode_stored_body(record.kind, record.content)
            assert isinstance(body, SeizureBody)
            client = RelayClient(revived.url, device_id=anna.device_id,
                                 signer=identity_signer(anna.profile.identity))
            try:
                for stored, original in zip(body.photos, photos, strict=True):
                    encrypted, clear = tmp_path / "download.lsa", tmp_path / "clear.bin"
                    client.download_blob(stored.blob_id, encrypted)
                    with encrypted.open("rb") as source:
                        decrypt_attachment(source, clear, AttachmentSecret(
                            base64.b64decode(stored.key), stored.sha256, stored.size))
                    assert clear.read_bytes() == original.read_bytes()
                    clear.unlink()
            finally:
                client.close()
    finally:
        revived.stop()


@pytest.mark.shared_relay
def test_a_restart_between_two_photo_uploads_uploads_only_the_rest_then_sends(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()
    outbound = Outbound(CryptoState(li.profile), li.root / OUTGOING_ATTACHMENTS_DIR)
    first, second = (outbound.encrypt_file(photo(tmp_path, name, content))
                     for name, content in (("hold.jpg", JPEG), ("seal.jpg", JPEG + b"2")))
    message = outbound.compose(channel, report_body(parse_pairs("seizure", SEIZURE),
                                                    [first, second]),
                               blob_sha256s=[first.sha256, second.sha256])
    client = client_for_profile(li.profile)
    assert client is not None
    try:
        outbound.upload_blob(client, message.message_id, first.sha256)
    finally:
        client.close()

    li.reopen()  # as a new process after a crash: only what was committed is left
    assert li.profile.store.outgoing.blobs(message.message_id) == [second.sha256]
    assert [p.name for p in (li.root / OUTGOING_ATTACHMENTS_DIR).glob("*.lsa")] == [
        f"{second.sha256}.lsa"]
    li.sync()
    assert li.profile.store.outgoing.count() == 0
    anna.sync(2)
    [arrived] = [e for e in anna.workspace.timeline.messages(channel) if e.kind == "seizure"]
    assert arrived.message_id == message.message_id
    assert [p.name for p in arrived.photos] == ["hold.jpg", "seal.jpg"]
