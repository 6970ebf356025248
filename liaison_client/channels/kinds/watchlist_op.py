"""The ``watchlist.op`` kind: one watch-list edit (issue 14), folded into the lists.

Body: the canonical operation dict of
:meth:`~liaison_client.watchlists.operations.Operation.to_dict`
(docs/WATCHLISTS.md, "Entries and operations"; docs/CRYPTO.md, "Message kinds").
The operation is signed because the channel message carrying it is signed by
the sender's device (content version 2); the handler checks that the
operation names that sender and that channel. The decoder is strict: the body
must be exactly what :meth:`Operation.to_dict` gives back for the operation it
decodes to (no extra key, no un-normalised value), since the signature covers
the exact bytes and every member must fold the same operation.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.watchlists.errors import OperationMalformedError
from liaison_client.watchlists.operations import Operation


@dataclass(frozen=True)
class WatchlistOpBody:
    operation: Operation

    kind = MessageKind.WATCHLIST_OP

    def to_wire(self) -> JsonObject:
        wire: JsonObject = self.operation.to_dict()
        return wire

    def searchable_text(self) -> str:
        return ""  # folded: never in the timeline's search

    @classmethod
    def from_wire(cls, body: WireObject) -> WatchlistOpBody:
        try:
            operation = Operation.from_dict(body.fields)
        except OperationMalformedError as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, f"watch-list operation: {exc}") \
                from exc
        if canonical_json(operation.to_dict()) != canonical_json(body.fields):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "watch-list operation is not in its canonical form")
        return cls(operation)


WATCHLIST_OP = KindDefinition(MessageKind.WATCHLIST_OP, Placement.FOLDED,
                              WatchlistOpBody.from_wire)
