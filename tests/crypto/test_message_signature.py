"""Per-message signatures cover exactly the RFC 8785 encoding of the signed fields."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.message_signature import (
    SIGNATURE_CONTEXT,
    SignedMessageFields,
    sign_message,
    verify_message,
)
from liaison_client.protocol.canonical import MAX_SAFE_INTEGER, JsonObject, canonical_json

_text = st.text(st.characters(codec="utf-8"), max_size=12)
_bodies: st.SearchStrategy[JsonObject] = st.dictionaries(
    _text, st.none() | st.booleans() | _text
    | st.integers(-MAX_SAFE_INTEGER, MAX_SAFE_INTEGER), max_size=5)
_fields = st.builds(SignedMessageFields, _text, _text, _text,
                    st.integers(0, MAX_SAFE_INTEGER), _text, _bodies)


@given(_fields)
def test_the_signed_bytes_are_the_rfc_8785_encoding_of_every_field(
        fields: SignedMessageFields) -> None:
    whole = canonical_json({
        "context": SIGNATURE_CONTEXT, "channel_id": fields.channel_id,
        "message_id": fields.message_id, "sender_device_id": fields.sender_device_id,
        "sent_at_ms": fields.sent_at_ms, "kind": fields.kind, "body": fields.body,
    })
    assert fields.canonical() == whole
    assert fields.canonical(canonical_json(fields.body)) == whole


def _fields_of(body: JsonObject) -> SignedMessageFields:
    return SignedMessageFields("op", "m1", "dev-a", 1, "text", body)


def test_a_signature_verifies_with_the_receivers_encoding_of_the_body() -> None:
    identity = DeviceIdentity.generate()
    fields = _fields_of({"text": "走私 香烟"})
    signature = sign_message(identity, fields)
    assert verify_message(identity.ed25519_key, fields, signature,
                          canonical_body=canonical_json(fields.body))


def test_a_signature_fails_when_the_body_it_is_checked_with_differs() -> None:
    identity = DeviceIdentity.generate()
    fields = _fields_of({"text": "berth 4"})
    signature = sign_message(identity, fields)
    assert not verify_message(identity.ed25519_key, fields, signature,
                              canonical_body=canonical_json({"text": "berth 5"}))
