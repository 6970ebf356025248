"""The versioned wire format: round trips, and refusal of anything malformed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liaison_client.channels.payloads import (
    AttachmentBody,
    ChannelMessage,
    MegolmEnvelope,
    TextBody,
    decode_envelope,
)
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.protocol.canonical import canonical_json

_ids = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
_text_bodies = st.builds(TextBody, st.text(st.characters(codec="utf-8"),
                                           min_size=1, max_size=200))
_attachments = st.builds(
    AttachmentBody, name=_ids, media_type=_ids, size=st.integers(0, 2**40),
    sha256=st.text("0123456789abcdef", min_size=64, max_size=64), key=_ids, blob_id=_ids,
)


@given(channel_id=_ids, epoch=st.integers(0, 10_000), message_id=_ids, sender=_ids,
       sent_at_ms=st.integers(0, 2**50), body=_text_bodies | _attachments, signature=_ids)
def test_channel_messages_round_trip(channel_id: str, epoch: int, message_id: str, sender: str,
                                     sent_at_ms: int, body: TextBody | AttachmentBody,
                                     signature: str) -> None:
    message = ChannelMessage(channel_id, epoch, message_id, sender, sent_at_ms, body, signature)
    assert ChannelMessage.decode(message.encode()) == message
    assert message.signed_fields().canonical() == ChannelMessage.decode(
        message.encode()).signed_fields().canonical()


@given(st.binary(min_size=1, max_size=200), _ids, _ids)
def test_envelopes_round_trip(body: bytes, sender: str, session_id: str) -> None:
    envelope = MegolmEnvelope(sender, session_id, body)
    assert decode_envelope(envelope.encode()) == envelope


def _message_fields(**changes: object) -> bytes:
    fields: dict[str, object] = {
        "v": 1, "type": "liaison.message", "channel_id": "c", "epoch": 0, "message_id": "m",
        "sender_device_id": "d", "sent_at_ms": 1, "kind": "text", "body": {"text": "hi"},
        "signature": "s",
    }
    fields.update(changes)
    return canonical_json({k: v for k, v in fields.items() if v is not ...})  # type: ignore[misc]


@pytest.mark.parametrize(("changes", "reason"), [
    ({"v": 3}, Rejection.UNSUPPORTED_VERSION),
    ({"v": 0}, Rejection.UNSUPPORTED_VERSION),
    ({"v": True}, Rejection.UNSUPPORTED_VERSION),
    ({"kind": "watch-list-entry"}, Rejection.UNSUPPORTED_KIND),
    ({"epoch": -1}, Rejection.MALFORMED),
    ({"epoch": True}, Rejection.MALFORMED),
    ({"body": {"text": 5}}, Rejection.MALFORMED),
    ({"message_id": ...}, Rejection.MALFORMED),
    ({"kind": "attachment", "body": {"name": "a", "media_type": "b", "size": 1,
                                     "sha256": "XYZ", "key": "k", "blob_id": "b"}},
     Rejection.MALFORMED),
    ({"type": "liaison.other"}, Rejection.MALFORMED),
])
def test_malformed_messages_are_refused_with_a_reason(changes: dict[str, object],
                                                      reason: Rejection) -> None:
    with pytest.raises(PayloadRejectedError) as raised:
        ChannelMessage.decode(_message_fields(**changes))
    assert raised.value.reason is reason


def test_an_empty_text_message_cannot_be_made() -> None:
    with pytest.raises(ValueError, match="empty"):
        TextBody("")


def test_unknown_algorithm_is_refused() -> None:
    data = canonical_json({"v": 1, "alg": "m.megolm.v2", "sender_device_id": "d"})
    with pytest.raises(PayloadRejectedError) as raised:
        decode_envelope(data)
    assert raised.value.reason is Rejection.UNSUPPORTED_VERSION
