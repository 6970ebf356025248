"""The ``watchlist.snapshot`` kind: other members' signed watch-list operations,
forwarded to a member who joined late (issue 14), folded like ``watchlist.op``.

Body: :meth:`~liaison_client.watchlists.snapshot.SnapshotBody.to_dict`
(docs/WATCHLISTS.md, "Late joiners: the snapshot"; docs/CRYPTO.md, "Message
kinds"). The message carrying it is signed by the forwarding member's device,
like any channel message, and accepted only from a current member; each
operation inside is a complete signed message of its own author, checked by the
receiver one by one (the handler in ``workspace/watchlist_snapshots.py``). The
decoder here is strict about the part's shape and refuses the whole part when
that is wrong; it leaves the forwarded messages opaque, so that one damaged
operation is refused alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.watchlists.errors import SnapshotMalformedError
from liaison_client.watchlists.snapshot import SnapshotBody


@dataclass(frozen=True)
class WatchlistSnapshotBody:
    snapshot: SnapshotBody

    kind = MessageKind.WATCHLIST_SNAPSHOT

    def to_wire(self) -> JsonObject:
        wire: JsonObject = self.snapshot.to_dict()
        return wire

    def searchable_text(self) -> str:
        return ""  # folded: never in the timeline's search

    @classmethod
    def from_wire(cls, body: WireObject) -> WatchlistSnapshotBody:
        try:
            snapshot = SnapshotBody.from_dict(body.fields)
        except SnapshotMalformedError as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, str(exc)) from exc
        if canonical_json(snapshot.to_dict()) != canonical_json(body.fields):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "watch-list snapshot is not in its canonical form")
        return cls(snapshot)


WATCHLIST_SNAPSHOT = KindDefinition(MessageKind.WATCHLIST_SNAPSHOT, Placement.FOLDED,
                                    WatchlistSnapshotBody.from_wire)
