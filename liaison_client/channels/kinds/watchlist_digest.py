"""The ``watchlist.digest`` kind: a member's summary of the watch-list operations it
holds (issue 14, anti-entropy), folded like ``watchlist.op``.

Body: :meth:`~liaison_client.watchlists.digest.DigestBody.to_dict`
(docs/WATCHLISTS.md, "Anti-entropy: finding what a snapshot left out";
docs/CRYPTO.md, "Message kinds"). Signed by the announcing member's device like
any channel message and accepted only from a current member. The decoder refuses
a body that is malformed or does not add up (ids unsorted, a hash that is not
the ids', bucket counts that are not the count), so a peer compares only a
consistent summary; the handler is in ``workspace/watchlist_digests.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.channels.kinds.kind import KindDefinition, MessageKind, Placement
from liaison_client.crypto.errors import PayloadRejectedError
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.watchlists.digest import DigestBody
from liaison_client.watchlists.errors import DigestMalformedError


@dataclass(frozen=True)
class WatchlistDigestBody:
    digest: DigestBody

    kind = MessageKind.WATCHLIST_DIGEST

    def to_wire(self) -> JsonObject:
        wire: JsonObject = self.digest.to_dict()
        return wire

    def searchable_text(self) -> str:
        return ""  # folded: never in the timeline's search

    @classmethod
    def from_wire(cls, body: WireObject) -> WatchlistDigestBody:
        try:
            digest = DigestBody.from_dict(body.fields)
        except DigestMalformedError as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, str(exc)) from exc
        if canonical_json(digest.to_dict()) != canonical_json(body.fields):
            raise PayloadRejectedError(Rejection.MALFORMED,
                                       "watch-list digest is not in its canonical form")
        return cls(digest)


WATCHLIST_DIGEST = KindDefinition(MessageKind.WATCHLIST_DIGEST, Placement.FOLDED,
                                  WatchlistDigestBody.from_wire)
