"""Message kinds: the registry decodes each kind and sends it to the timeline or to its handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, cast

import pytest

from liaison_client.channels.channel_crypto import (
    MessageReceived,
    OperationFolded,
    Rejected,
)
from liaison_client.channels.kinds import (
    KINDS,
    AttachmentBody,
    KindDefinition,
    MessageBody,
    MessageKind,
    Placement,
    TextBody,
    WatchlistOpBody,
    decode_body,
    decode_stored_body,
    kind_definition,
)
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.payloads import ChannelMessage
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.watchlists.operations import Action, EntryFields
from liaison_client.watchlists.operations import Operation as WatchlistOp
from tests.channels.conftest import OfficerFactory, Operation, deliver, open_operation

ATTACHMENT = AttachmentBody("manifest.pdf", "application/pdf", 1234, "ab" * 32, "k" * 43,
                            "blob-1")


def test_every_known_kind_has_one_definition_and_goes_to_the_timeline_today() -> None:
    assert set(KINDS) == set(MessageKind)
    for name, definition in KINDS.items():
        assert definition.kind == name
    assert kind_definition("text").placement is Placement.TIMELINE
    assert kind_definition("attachment").placement is Placement.TIMELINE


def test_an_unknown_kind_is_refused_as_unsupported() -> None:
    with pytest.raises(PayloadRejectedError) as refused:
        kind_definition("watchlist.edit")
    assert refused.value.reason is Rejection.UNSUPPORTED_KIND


@pytest.mark.parametrize("body", [TextBody("Container MSKU 123 at berth 4"), ATTACHMENT])
def test_a_stored_body_decodes_to_what_was_signed(body: MessageBody) -> None:
    stored = canonical_json(body.to_wire()).decode()
    assert decode_stored_body(str(body.kind), stored) == body


def test_a_damaged_stored_body_is_refused_not_guessed_at() -> None:
    with pytest.raises(PayloadRejectedError) as refused:
        decode_stored_body("attachment", '{"name":"x.pdf"}')
    assert refused.value.reason is Rejection.MALFORMED


# -- a folded kind ---------------------------------------------------------------------

#: A kind this version does not ship, registered only for these tests: the shape a
#: watch-list edit will have.
WATCH_EDIT = cast(MessageKind, "test.watch_edit")


@dataclass(frozen=True)
class WatchEdit:
    entry: str

    kind = WATCH_EDIT

    def to_wire(self) -> JsonObject:
        return {"entry": self.entry}

    def searchable_text(self) -> str:
        return ""

    @classmethod
    def from_wire(cls, body: WireObject) -> WatchEdit:
        return cls(body.text("entry", max_length=64))


@dataclass
class WatchList:
    """The folded state: what a real handler (a watch-list service) would keep."""

    entries: list[str] = field(default_factory=list)
    folded: list[ChannelMessage] = field(default_factory=list)

    def fold(self, message: ChannelMessage, at_ms: int) -> None:
        if any(m.message_id == message.message_id for m in self.folded):
            raise PayloadRejectedError(Rejection.REPLAYED, message.message_id)
        self.folded.append(message)
        self.entries.append(cast(WatchEdit, message.body).entry)


@pytest.fixture
def folded_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    definition = KindDefinition(WATCH_EDIT, Placement.FOLDED, WatchEdit.from_wire)
    monkeypatch.setitem(cast(dict[str, object], KINDS), WATCH_EDIT, definition)


@pytest.mark.usefixtures("folded_kind")
def test_a_folded_kind_reaches_its_handler_and_never_the_timeline(
        make_officer: OfficerFactory) -> None:
    li, anna, tomas = make_officer("Li Wei"), make_officer("Anna Berg"), make_officer("Tomás")
    operation: Operation = open_operation(li, anna, tomas)
    watch_list = WatchList()
    # Anna's device has the watch-list service; Tomás's (an older version) has none.
    anna.crypto = MegolmChannelCrypto.for_profile(anna.profile,
                                                  folded={WATCH_EDIT: watch_list})
    outgoing = li.crypto.send(operation.channel_id, cast(MessageBody, WatchEdit("MSKU 123")))
    results = deliver(li, [*outgoing.key_shares, outgoing.group], operation.everyone)

    (opened,) = [r for r in results[anna.device_id] if isinstance(r, OperationFolded)]
    assert opened.message.message_id == outgoing.message.message_id
    assert watch_list.entries == ["MSKU 123"]
    assert not any(isinstance(r, MessageReceived) for r in results[anna.device_id])
    assert anna.profile.store.messages.in_channel(operation.channel_id) == []

    (refused,) = [r for r in results[tomas.device_id] if isinstance(r, Rejected)]
    assert refused.reason is Rejection.UNSUPPORTED_KIND
    assert tomas.profile.store.messages.in_channel(operation.channel_id) == []


# -- watchlist.op (issue 14) --------------------------------------------------------------

def _watchlist_op() -> WatchlistOp:
    return WatchlistOp(op_id="op-1", channel_id="chan-1", action=Action.ADD,
                       list_name="Solid waste", lamport=3, device_id="DEV1", epoch=0,
                       at_ms=1_700_000_000_000, entry_id="entry-1",
                       fields=EntryFields("container", "CSQU3054383", note="tip"))


def test_a_watchlist_op_is_folded_and_its_body_is_the_canonical_operation() -> None:
    definition = kind_definition("watchlist.op")
    assert definition.placement is Placement.FOLDED
    op = _watchlist_op()
    wire = WatchlistOpBody(op).to_wire()
    assert canonical_json(wire) == op.canonical_bytes()
    assert decode_body("watchlist.op", WireObject.parse(op.canonical_bytes(), "body")) \
        == WatchlistOpBody(op)


@pytest.mark.parametrize("tamper", [
    lambda d: d | {"extra": 1},                      # an unknown key
    lambda d: d | {"action": "delete"},              # an unknown action
    lambda d: {k: v for k, v in d.items() if k != "lamport"},
])
def test_a_watchlist_op_body_that_is_not_exactly_an_operation_is_refused(
        tamper: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
    body = tamper(_watchlist_op().to_dict())
    with pytest.raises(PayloadRejectedError) as refused:
        decode_body("watchlist.op", WireObject.parse(canonical_json(body), "body"))
    assert refused.value.reason is Rejection.MALFORMED
