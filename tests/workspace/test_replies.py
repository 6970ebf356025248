"""Replies (issue 11, "message actions"): a text carrying ``reply_to``, validated on
both sides, quoted from the receiver's own copy of the original. Real profiles on a
real relay process; the wire checks on the decoder itself."""

from __future__ import annotations

import pytest

from liaison_client.channels.kinds import TextBody, decode_body
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.errors import UsageError
from tests.fixtures.relay_officers import Operation


def wire(data: bytes) -> WireObject:
    return WireObject.parse(data, "text body")


@pytest.mark.shared_relay
def test_a_reply_is_quoted_from_each_receivers_own_copy(trio: Operation) -> None:
    li, anna, tomas = trio.everyone
    original = li.workspace.sending.send_text(trio.channel_id, "Reefer MSKU 7654321 at berth 4")
    assert original.message_id is not None
    anna.sync()
    reply = anna.workspace.sending.send_text(trio.channel_id, "收到, inspecting now",
                                             reply_to=original.message_id)
    assert reply.accepted
    trio.sync_all()
    for officer in (li, anna, tomas):
        [entry] = [e for e in officer.workspace.timeline.messages(trio.channel_id)
                   if e.text == "收到, inspecting now"]
        assert entry.reply is not None
        assert entry.reply.held
        assert entry.reply.message_id == original.message_id
        assert entry.reply.sender_name == "Li Wei"
        assert entry.reply.excerpt == "Reefer MSKU 7654321 at berth 4"
    plain = [e for e in li.workspace.timeline.messages(trio.channel_id)
             if e.text == "Reefer MSKU 7654321 at berth 4"]
    assert plain[0].reply is None


@pytest.mark.shared_relay
def test_a_reply_to_a_message_of_no_operation_here_is_refused(trio: Operation) -> None:
    li = trio.coordinator
    other = li.workspace.channels.create("Op Pearl").channel_id
    elsewhere = li.workspace.sending.send_text(other, "elsewhere", deliver=False)
    assert elsewhere.message_id is not None
    with pytest.raises(UsageError, match="to reply to"):
        li.workspace.sending.send_text(trio.channel_id, "x", reply_to=elsewhere.message_id)
    with pytest.raises(UsageError, match="to reply to"):
        li.workspace.sending.send_text(trio.channel_id, "x", reply_to="no-such-message")
    assert "x" not in li.texts(trio.channel_id)


def test_a_plain_text_body_is_unchanged_on_the_wire() -> None:
    """No ``reply_to`` key unless it is a reply: a plain text signs the same bytes."""
    assert TextBody("hello").to_wire() == {"text": "hello"}
    reply = TextBody("ok", "0b6f4a52-9f0e-4c8e-9d55-1c2d3e4f5a6b")
    assert reply.to_wire() == {"text": "ok", "reply_to": "0b6f4a52-9f0e-4c8e-9d55-1c2d3e4f5a6b"}


def test_a_reply_decodes_and_a_decoder_ignoring_the_key_still_reads_its_text() -> None:
    body = wire(b'{"text":"ok","reply_to":"0b6f4a52-9f0e-4c8e-9d55-1c2d3e4f5a6b"}')
    decoded = decode_body("text", body)
    assert decoded == TextBody("ok", "0b6f4a52-9f0e-4c8e-9d55-1c2d3e4f5a6b")
    # What an older client does with it: read "text", ignore a key it does not know
    # (its decoder is this one without the reply_to line; a future key shows the same).
    assert decode_body("text", wire(b'{"text":"ok","some_future_key":[1]}')) == TextBody("ok")


@pytest.mark.parametrize("bad", [b'""', b'"has space"', b'"a\\u202eb"', b'7',
                                 b'"' + b"a" * 65 + b'"'])
def test_a_malformed_reply_to_is_refused_as_malformed(bad: bytes) -> None:
    with pytest.raises(PayloadRejectedError) as refused:
        decode_body("text", wire(b'{"text":"ok","reply_to":' + bad + b"}"))
    assert refused.value.reason is Rejection.MALFORMED


def test_a_reply_to_that_is_not_an_id_cannot_be_composed() -> None:
    with pytest.raises(ValueError, match="message id"):
        TextBody("ok", "not an id")
