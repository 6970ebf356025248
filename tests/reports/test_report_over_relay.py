"""A seizure report with a photo, sent between two profiles through a real relay process.

The report is composed through the sync layer's ``Outbound`` (the step the
reports service will call) and its photo uploaded as an encrypted blob; the
workspaces' own sync engines then encrypt, post, fetch and decrypt as for any
message. The receiver finds it in its timeline, decodes the stored body,
downloads the photo from the relay and decrypts it to the original bytes.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

from liaison_client.channels.kinds import SeizureBody, decode_stored_body
from liaison_client.channels.kinds.attachment import AttachmentBody
from liaison_client.channels.kinds.report_bodies import report_body
from liaison_client.crypto.attachments import (
    AttachmentSecret,
    decrypt_attachment,
    encrypt_attachment,
)
from liaison_client.relay_connection import client_for_profile
from liaison_client.reports import parse_pairs
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.outbound import Outbound
from tests.sync.conftest import OfficerFactory, make_officer, relay, start_relay_process

__all__ = ["make_officer", "relay", "start_relay_process"]


def test_a_seizure_with_a_photo_goes_through_the_relay(
        make_officer: OfficerFactory, tmp_path: Path) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel_id = li.workspace.channels.create("Op Jade").channel_id
    assert li.workspace.channels.invite(channel_id, anna.device_id, name=anna.name).accepted
    anna.sync()

    # The photo: encrypted as attachments are, uploaded under its SHA-256.
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 64
    blob = tmp_path / "photo.lsa"
    with blob.open("wb") as out:
        secret = encrypt_attachment(io.BytesIO(jpeg), out)
    sender_client = client_for_profile(li.profile)
    assert sender_client is not None
    sender_client.upload_blob(blob)
    photo = AttachmentBody("hold.jpg", "image/jpeg", secret.size, secret.sha256,
                           base64.b64encode(secret.key).decode("ascii"), secret.sha256)

    report = parse_pairs("seizure", [
        "date=2026-11-30", "place=蛇口港", "commodity=香烟 cigarettes", "hs_code=2402.20",
        "quantity=1250.5", "unit=kg", "container=CSQU3054383", "agencies=GACC",
        "agencies=Zoll Hamburg"])
    body = report_body(report, [photo])
    message = Outbound(CryptoState(li.profile), tmp_path / "outgoing").compose(channel_id, body)
    li.sync()
    anna.sync(2)

    (entry,) = [e for e in anna.workspace.timeline.messages(channel_id) if e.kind == "seizure"]
    assert entry.message_id == message.message_id
    record = anna.profile.store.messages.get(message.message_id)
    assert record is not None
    assert record.content is not None
    received = decode_stored_body(record.kind, record.content)
    assert isinstance(received, SeizureBody)
    assert received == body
    assert received.report.values("agencies") == ("GACC", "Zoll Hamburg")
    found = anna.profile.store.messages.search("香烟", channel_id=channel_id)
    assert [r.message_id for r in found] == [message.message_id]

    (stored_photo,) = received.photos
    receiver_client = client_for_profile(anna.profile)
    assert receiver_client is not None
    downloaded = tmp_path / "downloaded.lsa"
    receiver_client.download_blob(stored_photo.blob_id, downloaded)
    saved = tmp_path / "hold.jpg"
    with downloaded.open("rb") as source:
        decrypt_attachment(source, saved, AttachmentSecret(
            base64.b64decode(stored_photo.key), stored_photo.sha256, stored_photo.size))
    assert saved.read_bytes() == jpeg
    sender_client.close()
    receiver_client.close()
