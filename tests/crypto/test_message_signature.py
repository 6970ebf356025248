"""Per-message signatures cover exactly the RFC 8785 encoding of the signed fields."""

from __future__ import annotations

import dataclasses
import hashlib

from hypothesis import given
from hypothesis import strategies as st

from liaison_client.crypto.identity import DeviceIdentity
from liaison_client.crypto.message_signature import (
    CHAINED_SIGNATURE_CONTEXT,
    SIGNATURE_CONTEXT,
    ChainFields,
    SignedMessageFields,
    message_hash,
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


# -- content version 2: the per-sender chain -------------------------------------------

_hashes = st.text("0123456789abcdef", min_size=64, max_size=64)
_chains = st.builds(ChainFields, st.integers(0, MAX_SAFE_INTEGER), _hashes,
                    st.none() | _hashes, st.integers(0, MAX_SAFE_INTEGER))


@given(_fields, _chains)
def test_version_2_signs_the_rfc_8785_encoding_of_the_chain_too(
        fields: SignedMessageFields, chain: ChainFields) -> None:
    chained = dataclasses.replace(fields, chain=chain)
    whole = canonical_json({
        "context": CHAINED_SIGNATURE_CONTEXT, "channel_id": fields.channel_id,
        "message_id": fields.message_id, "sender_device_id": fields.sender_device_id,
        "sent_at_ms": fields.sent_at_ms, "kind": fields.kind, "body": fields.body,
        "epoch": chain.epoch, "membership_head": chain.membership_head,
        "prev": chain.prev, "seq": chain.seq,
    })
    assert chained.content_version == 2
    assert chained.canonical() == whole
    assert chained.canonical(canonical_json(fields.body)) == whole
    assert message_hash(whole) == hashlib.sha256(whole).hexdigest()


_IDENTITY = DeviceIdentity.generate()


@given(_chains, st.sampled_from(["epoch", "membership_head", "prev", "seq", "version"]),
       st.data())
def test_any_change_to_the_chain_breaks_a_version_2_signature(
        chain: ChainFields, field: str, data: st.DataObject) -> None:
    fields = dataclasses.replace(_fields_of({"text": "查获 berth 4"}), chain=chain)
    signature = sign_message(_IDENTITY, fields)
    assert verify_message(_IDENTITY.ed25519_key, fields, signature)
    changed: ChainFields | None = None  # "version": the same message read as version 1
    if field == "epoch":
        changed = dataclasses.replace(chain, epoch=data.draw(
            st.integers(0, MAX_SAFE_INTEGER).filter(lambda v: v != chain.epoch)))
    elif field == "seq":
        changed = dataclasses.replace(chain, seq=data.draw(
            st.integers(0, MAX_SAFE_INTEGER).filter(lambda v: v != chain.seq)))
    elif field == "membership_head":
        changed = dataclasses.replace(chain, membership_head=data.draw(
            _hashes.filter(lambda h: h != chain.membership_head)))
    elif field == "prev":
        changed = dataclasses.replace(chain, prev=data.draw(
            (st.none() | _hashes).filter(lambda h: h != chain.prev)))
    tampered = dataclasses.replace(fields, chain=changed)
    assert not verify_message(_IDENTITY.ed25519_key, tampered, signature)
