"""``SyncEngine``: one bounded round of sync — send, receive, keep keys and states fresh.

:meth:`SyncEngine.run_once` is what both drivers call: the CLI (``liaison
sync``, ``liaison send``) and, from a worker thread, the desktop app, which
maps :class:`SyncListener` calls to Qt signals. Every network loop is bounded
(pages per run, batches per run, long-poll slices), and :meth:`SyncEngine.stop`
makes a long-poll return within one slice.

The relay being down is a normal state: the round reports
:attr:`ConnectionState.OFFLINE`, everything stays stored, and the next round
continues where this one stopped.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from liaison_client.channels.channel_crypto import (
    HeldForKey,
    IncomingResult,
    KeyShareReceived,
    MembershipChanged,
    MessageReceived,
    OperationFolded,
    Rejected,
)
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import RelayUnavailableError
from liaison_client.store.records import now_ms

# Re-exported: callers that read a round's report import the state from here too.
from liaison_client.sync.connection import ConnectionState as ConnectionState
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.delivery import refresh_delivery_states
from liaison_client.sync.inbound import Inbound, InboundReport
from liaison_client.sync.key_supply import maintain_key_supply
from liaison_client.sync.outbound import EncryptReport, Outbound, PostReport
from liaison_client.sync.retention import PurgedChannel, delete_expired_history
from liaison_client.sync.revoked_members import RevokedMemberRemoval, remove_revoked_members

#: Long-poll slice: the longest :meth:`SyncEngine.stop` waits for a fetch to return.
POLL_SLICE_SECONDS = 2.0
#: The relay's longest possible envelope TTL (protocol ceiling, 365 days) plus a
#: day: envelope ids are remembered at least that long, so a replay of anything
#: the relay could still hold is caught as a duplicate.
ENVELOPE_MEMORY_MS = 366 * 24 * 3600_000
PRUNE_INTERVAL_MS = 24 * 3600_000
ENVELOPE_LOG_PRUNED_AT = "sync.envelope_log_pruned_at_ms"
DELIVERY_REFRESH_MS = 30_000
DELIVERY_REFRESHED_AT = "sync.delivery_refreshed_at_ms"


@dataclass(frozen=True)
class SyncReport:
    sent: int
    received: int
    rejected: int
    #: Group messages of this round that wait for their key.
    held: int
    #: Own messages that could no longer be sent (channel closed, removed).
    expired: int
    #: Envelopes and messages still waiting to go out.
    outbox: int
    #: Group messages waiting for a key, in total.
    waiting_for_key: int
    connection: ConnectionState
    #: One line for the officer when something needs attention; else empty.
    problem: str
    messages: tuple[MessageReceived, ...]
    rejections: tuple[Rejected, ...]
    #: Delivery states were asked of the relay this round (they may have changed).
    delivery_checked: bool = False
    #: Channels whose folded state (watch-lists, ...) took an operation this round: not a
    #: timeline message, but a screen showing that state must reload.
    folded_channels: tuple[str, ...] = ()
    #: Members this coordinator removed this round because the relay's
    #: administrator revoked their device (``sync/revoked_members.py``).
    revoked_removals: tuple[RevokedMemberRemoval, ...] = ()


class SyncListener(Protocol):
    """Callbacks from the thread running the engine (the UI re-emits them as signals)."""

    def incoming(self, result: IncomingResult) -> None: ...

    def connection_changed(self, state: ConnectionState) -> None: ...


class SyncEngine:
    def __init__(self, state: CryptoState, outbound: Outbound, client: RelayClient | None, *,
                 listener: SyncListener | None = None,
                 poll_slice: float = POLL_SLICE_SECONDS) -> None:
        self._state = state
        self._outbound = outbound
        self._inbound = Inbound(state)
        self._client = client
        self._listener = listener
        self._poll_slice = poll_slice
        self._stop = threading.Event()
        self._connection = (ConnectionState.CONNECTING if client is not None
                            else ConnectionState.NO_RELAY)

    @property
    def connection(self) -> ConnectionState:
        return self._connection

    def use_client(self, client: RelayClient | None) -> None:
        """Talk to the relay through ``client`` from the next round on (the profile's
        relay address or pinned CA changed). Call it between rounds, on the thread
        that runs them; the caller closes the old client."""
        self._client = client
        self._set_connection(ConnectionState.CONNECTING if client is not None
                             else ConnectionState.NO_RELAY)

    def stop(self) -> None:
        """Make the running (or next) :meth:`run_once` return within one poll slice."""
        self._stop.set()

    def run_once(self, wait: float = 0.0, *, ignore_backoff: bool = False,
                 refresh_states: bool = False) -> SyncReport:
        """Send what is queued, receive everything pending (long-polling up to
        ``wait`` s when nothing is), refresh keys and delivery states: now when
        ``refresh_states`` (the relay said a recipient acknowledged), when the
        round is explicit or a fetch says so, else at most every 30 s."""
        try:
            return self._round(wait, receive=True, ignore_backoff=ignore_backoff,
                               refresh_states=refresh_states)
        finally:
            self._stop.clear()

    def send_pending(self) -> SyncReport:
        """Only the sending half: encrypt composed messages and post the outbox."""
        return self._round(0.0, receive=False, ignore_backoff=True)

    def _round(self, wait: float, *, receive: bool, ignore_backoff: bool,
               refresh_states: bool = False) -> SyncReport:
        client = self._client
        encrypted = EncryptReport(0, 0, 0)
        posted = PostReport(0, 0)
        inbound = InboundReport()
        problem = ""
        delivery_checked = False
        revoked_removals: list[RevokedMemberRemoval] = []
        self.apply_retention(now_ms())
        if client is None:
            encrypted = self._outbound.encrypt_pending(None)
            return self._report(encrypted, posted, inbound, "this profile has no relay")
        try:
            encrypted = self._outbound.encrypt_pending(client)
            posted = self._outbound.post(client, ignore_backoff=ignore_backoff)
            if posted.unreachable:
                raise RelayUnavailableError(posted.problem)
            problem = posted.problem
            if receive:
                maintain_key_supply(self._state, client)
                inbound = self._inbound.run(client, wait=wait, stop=self._stop,
                                            poll_slice=self._poll_slice)
                # Members the relay keeps behind get the coordinator's events again.
                self._outbound.queue_control_resends()
                # Devices IT revoked leave the operations this device coordinates.
                revoked_removals = remove_revoked_members(
                    self._state, self._outbound, client, force=ignore_backoff)
                if self._outbound_waiting():
                    # Receiving may have completed what sending needed (a new member's keys).
                    encrypted = _added(encrypted, self._outbound.encrypt_pending(client))
                    posted = _posted(posted, self._outbound.post(client, ignore_backoff=True))
                delivery_checked = self._refresh_delivery_states(
                    client, force=ignore_backoff or refresh_states or inbound.states_changed)
                self._prune_envelope_log()
            self._set_connection(ConnectionState.ONLINE)
        except RelayUnavailableError as exc:
            self._set_connection(ConnectionState.OFFLINE)
            problem = str(exc)
        finally:
            if self._listener is not None:
                for result in flatten(inbound.results):
                    self._listener.incoming(result)
        return self._report(encrypted, posted, inbound, problem,
                            delivery_checked=delivery_checked,
                            revoked_removals=tuple(revoked_removals))

    def apply_retention(self, at_ms: int) -> list[PurgedChannel]:
        """Delete the history of closed channels whose retention ran out by ``at_ms``
        (every round; the workspace also runs it when it opens)."""
        return delete_expired_history(self._state.store, self._state.crypto.membership,
                                      self._outbound.attachment_path, at_ms)

    def _outbound_waiting(self) -> bool:
        store = self._state.store
        return store.outgoing.count() > 0 or store.outgoing_folded.count() > 0 \
            or store.outbox.count() > 0

    def _report(self, encrypted: EncryptReport, posted: PostReport, inbound: InboundReport,
                problem: str, *, delivery_checked: bool = False,
                revoked_removals: tuple[RevokedMemberRemoval, ...] = ()) -> SyncReport:
        store = self._state.store
        flat = list(flatten(inbound.results))
        messages = tuple(r for r in flat if isinstance(r, MessageReceived))
        rejections = tuple(r for r in flat if isinstance(r, Rejected))
        folded = sorted({r.message.channel_id for r in flat if isinstance(r, OperationFolded)})
        return SyncReport(
            sent=posted.sent, received=len(messages), rejected=len(rejections),
            held=sum(isinstance(r, HeldForKey) for r in flat), expired=encrypted.expired,
            outbox=store.outbox.count() + store.outgoing.count() + store.outgoing_folded.count(),
            waiting_for_key=store.group_sessions.pending_count(),
            connection=self._connection, problem=problem,
            messages=messages, rejections=rejections, delivery_checked=delivery_checked,
            folded_channels=tuple(folded), revoked_removals=revoked_removals,
        )

    def _set_connection(self, state: ConnectionState) -> None:
        if state is not self._connection:
            self._connection = state
            if self._listener is not None:
                self._listener.connection_changed(state)

    def _refresh_delivery_states(self, client: RelayClient, *, force: bool) -> bool:
        """Ask the relay for delivery states: every explicit sync, else every 30 s
        (a large channel's answer covers every recipient of every pending message).
        True when it asked."""
        settings = self._state.store.settings
        now = now_ms()
        if force or now - int(settings.get(DELIVERY_REFRESHED_AT, 0)) >= DELIVERY_REFRESH_MS:
            refresh_delivery_states(self._state.store, client)
            settings.set(DELIVERY_REFRESHED_AT, now)
            return True
        return False

    def _prune_envelope_log(self) -> None:
        settings = self._state.store.settings
        now = now_ms()
        if now - int(settings.get(ENVELOPE_LOG_PRUNED_AT, 0)) < PRUNE_INTERVAL_MS:
            return
        with self._state.store.transaction():
            self._state.store.envelope_log.forget_before(now - ENVELOPE_MEMORY_MS)
            settings.set(ENVELOPE_LOG_PRUNED_AT, now)


def flatten(results: Iterable[IncomingResult]) -> Iterator[IncomingResult]:
    """Each result, followed by the held messages it released."""
    for result in results:
        yield result
        if isinstance(result, KeyShareReceived | MembershipChanged):
            yield from result.released


def _added(a: EncryptReport, b: EncryptReport) -> EncryptReport:
    return EncryptReport(a.encrypted + b.encrypted, b.waiting, a.expired + b.expired)


def _posted(a: PostReport, b: PostReport) -> PostReport:
    return PostReport(a.sent + b.sent, b.kept, b.unreachable, b.problem)
