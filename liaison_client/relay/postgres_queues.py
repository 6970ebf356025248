"""Fan-out on read for the PostgreSQL relay: each envelope stored once, one cursor per device.

The same model as the SQLite relay (``sqlite_queues.py``, docs/RELAY.md): a
send writes one ``envelopes`` row naming an interned recipient set, each
device has one acknowledged position, a fetch reads its sets' envelopes after
it, and delivery states are computed. Before this (migration 3), a
200-recipient send locked and updated 200 ``device_queues`` rows and inserted
200 ``deliveries`` rows. What PostgreSQL needs on top, with several relay
instances writing at once (docs/RELAY_POSTGRES.md, "fan-out on read"):

- **Positions in commit order.** A recipient's cursor must never have a
  smaller one appear behind it, and transactions do not commit in the order
  they took sequence numbers. An envelope's ``queue_position`` is its sending
  transaction's id times :data:`POSITIONS_PER_TRANSACTION` plus its index in
  the send, and a fetch hands out only positions below the transaction-id
  horizon, :data:`HORIZON`: every transaction older than the statement's
  snapshot ``xmin`` has committed or aborted ("All transaction IDs less than
  xmin are either committed and visible, or rolled back and dead",
  PostgreSQL 15 manual, 9.27 System Information Functions, Table 9.80), so
  no row can commit below a position already handed out. This is how event
  stores on PostgreSQL read a global order (Emmett's ``global_position``
  read, Marten's high-water mark). A row visible but above the horizon waits
  (:class:`Page.hidden_from`) until the older transaction ends.
- **No per-envelope counter.** SQLite counts the recipients still waiting in
  ``envelopes.waiting``; here 200 recipients acknowledging one envelope would
  queue on that row's lock, each until its own commit. The ciphertext is
  dropped instead when the acknowledging device finds every other member of
  the set at or past it (:func:`drop_passed_ciphertext`); when two last
  members acknowledge at once and each still sees the other behind, the
  purge's pass over the live envelopes drops it (:func:`drop_all_passed`).
- **Exception rows** (``deliveries``, state ``expired``, ``queue_cursor`` =
  the envelope's position) only for a member that had not reached an
  envelope when it expired (written by the purge, or by the acknowledgement
  that passes it first), as on SQLite; a revoked device's states are
  computed from ``device_queues.revoked``, so a send racing a revocation
  needs no lock.

Rows queued before migration 3 keep their per-recipient ``deliveries`` rows
(``envelopes.set_id`` NULL) and are served, acknowledged and purged beside
the new ones. Their cursors are all below any new position: a recipient's
old counter grew by at most one batch (≤ :data:`POSITIONS_PER_TRANSACTION`)
per transaction, so it is below 1024 × the transaction ids used so far.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import takewhile
from typing import Any

import psycopg
from psycopg.rows import TupleRow

from liaison_client.relay.storage import DeliveryState, QueuedEnvelope

Connection = psycopg.AsyncConnection[TupleRow]

#: Envelopes one transaction may add: the index within a send is the low part
#: of the position (a send holds at most ``MAX_BATCH`` = 100).
POSITIONS_PER_TRANSACTION = 1024
#: The first position no fetch may hand out yet, evaluated in the statement's
#: own snapshot (``xid8`` has no cast to ``bigint``; through ``text`` it is exact).
HORIZON = "(pg_snapshot_xmin(pg_current_snapshot())::text::bigint * 1024)"
#: Greater than any position (``bigint``'s maximum).
_BEYOND = 2**63 - 1


def members_key(recipients: Collection[str]) -> tuple[str, ...]:
    """A recipient list as a set: sorted, each device once."""
    return tuple(sorted(set(recipients)))


def _digest(members: tuple[str, ...]) -> bytes:
    return hashlib.sha256("\n".join(members).encode()).digest()


async def find_sets(conn: Connection,
                    member_lists: Collection[tuple[str, ...]]) -> dict[tuple[str, ...], int]:
    """The ids of those lists (each a :func:`members_key`) already interned."""
    by_digest = {_digest(members): members for members in member_lists}
    rows = await (await conn.execute(
        "SELECT members_sha256, set_id FROM recipient_sets WHERE members_sha256 = ANY(%s)",
        (list(by_digest),))).fetchall()
    return {by_digest[bytes(digest)]: int(set_id) for digest, set_id in rows}


async def unknown_devices(conn: Connection, device_ids: Sequence[str]) -> list[str]:
    rows = await (await conn.execute(
        "SELECT device_id FROM device_queues WHERE device_id = ANY(%s)",
        (list(device_ids),))).fetchall()
    return sorted(set(device_ids) - {str(d) for (d,) in rows})


async def intern_set(conn: Connection, members: tuple[str, ...]) -> int:
    """The set's id, created (members written once) if it is new. Two instances
    interning the same set at once meet on the unique digest: the second's
    insert waits for the first's commit, does nothing, and reads its row."""
    digest = _digest(members)
    created = await (await conn.execute(
        "INSERT INTO recipient_sets (members_sha256) VALUES (%s) ON CONFLICT DO NOTHING"
        " RETURNING set_id", (digest,))).fetchone()
    if created is None:
        found = await (await conn.execute(
            "SELECT set_id FROM recipient_sets WHERE members_sha256 = %s",
            (digest,))).fetchone()
        assert found is not None, "a conflicting set is committed before the insert returns"
        return int(found[0])
    set_id = int(created[0])
    await conn.execute("INSERT INTO set_members (device_id, set_id)"
                       " SELECT unnest(%s::text[]), %s", (list(members), set_id))
    return set_id


async def insert_envelope(conn: Connection, sender: str, envelope_id: str, ciphertext: bytes,
                          now_ms: int, expires_at_ms: int, set_id: int,
                          index: int) -> int | None:
    """The new envelope's sequence number; None for an id this sender used before.
    ``index``: its place in the send (0 ≤ index < :data:`POSITIONS_PER_TRANSACTION`)."""
    if not 0 <= index < POSITIONS_PER_TRANSACTION:
        raise ValueError(f"a send holds at most {POSITIONS_PER_TRANSACTION} envelopes")
    row = await (await conn.execute(
        "INSERT INTO envelopes (sender_device_id, envelope_id, ciphertext, sent_at_ms,"
        " expires_at_ms, set_id, queue_position) VALUES (%s, %s, %s, %s, %s, %s,"
        f" pg_current_xact_id()::text::bigint * {POSITIONS_PER_TRANSACTION} + %s)"
        " ON CONFLICT DO NOTHING RETURNING envelope_seq",
        (sender, envelope_id, ciphertext, now_ms, expires_at_ms, set_id, index))).fetchone()
    return None if row is None else int(row[0])


@dataclass(frozen=True)
class Waiting:
    """What waits in one recipient's queue (expired envelopes until the purge,
    as on SQLite), and how much of it is one sender's."""

    depth: int
    share: int


@dataclass(frozen=True)
class Recipient:
    """A member of the sets a send names, as the send needs it."""

    revoked: bool
    #: An upper bound of its queue depth, and so of any sender's share of it.
    depth_bound: int


async def recipients_of(conn: Connection, set_ids: Sequence[int]) -> dict[str, Recipient]:
    """Every member of ``set_ids``, read by set (the send does not pass its
    recipient list again: a set's members were all registered when it was
    made, and devices are never deleted). The depth bound is the envelopes
    still held of every set the member belongs to, counted once per set, not
    once per member: a send to a 200-member channel counts the channel's
    live envelopes once (an index range) instead of 200 queues after 200
    cursors; only a member whose bound could break a limit is counted
    exactly (:func:`waiting_for`)."""
    rows = await (await conn.execute(
        "WITH r AS (SELECT DISTINCT device_id FROM set_members WHERE set_id = ANY(%s)),"
        " q AS (SELECT q.device_id, q.pending, q.revoked FROM device_queues q"
        "       JOIN r USING (device_id)),"
        " ms AS (SELECT m.device_id, m.set_id FROM set_members m JOIN q USING (device_id)"
        "        WHERE NOT q.revoked),"
        # One index range per set (a correlated count: a join here let the planner
        # pick a scan of the whole table, retained rows included, when its
        # statistics still counted them as live).
        " live AS (SELECT s.set_id, (SELECT count(*) FROM envelopes e WHERE e.set_id = s.set_id"
        "          AND e.ciphertext IS NOT NULL) AS n FROM (SELECT DISTINCT set_id FROM ms) s)"
        " SELECT q.device_id, q.revoked, q.pending + coalesce(sum(live.n), 0) FROM q"
        " LEFT JOIN ms USING (device_id) LEFT JOIN live USING (set_id)"
        " GROUP BY q.device_id, q.revoked, q.pending", (list(set_ids),))).fetchall()
    return {str(d): Recipient(bool(revoked), int(bound)) for d, revoked, bound in rows}


async def waiting_for(conn: Connection, recipients: Sequence[str],
                      sender: str) -> dict[str, Waiting]:
    """Depth and ``sender``'s share of each non-revoked recipient's queue, read
    without a lock or a write per recipient: each of a recipient's sets is one
    index range after its cursor. Two sends at once to one device may both
    pass the limit check (docs/RELAY_POSTGRES.md: the limit holds to within
    the concurrent batches)."""
    rows = await (await conn.execute(
        "SELECT q.device_id, q.pending, coalesce(sum(s.depth), 0), coalesce(sum(s.share), 0)"
        " FROM device_queues q LEFT JOIN set_members m ON m.device_id = q.device_id"
        # Per (member, set), one index range after the member's position.
        " LEFT JOIN LATERAL (SELECT count(*) AS depth,"
        "   count(*) FILTER (WHERE e.sender_device_id = %s) AS share FROM envelopes e"
        "   WHERE e.set_id = m.set_id AND e.queue_position > q.acked_position"
        "   AND e.ciphertext IS NOT NULL) s ON true"
        " WHERE q.device_id = ANY(%s) AND NOT q.revoked GROUP BY q.device_id, q.pending",
        (sender, list(recipients)),
    )).fetchall()
    legacy_share: dict[str, int] = {}
    with_legacy = [str(d) for d, pending, _depth, _share in rows if pending]
    if with_legacy:  # only rows queued before migration 3
        legacy_share = {str(d): int(n) for d, n in await (await conn.execute(
            "SELECT d.recipient_device_id, count(*) FROM deliveries d JOIN envelopes e"
            " ON e.envelope_seq = d.envelope_seq WHERE d.recipient_device_id = ANY(%s)"
            " AND d.state = 'pending' AND e.sender_device_id = %s"
            " GROUP BY d.recipient_device_id", (with_legacy, sender))).fetchall()}
    return {str(d): Waiting(int(pending) + int(depth), int(share) + legacy_share.get(str(d), 0))
            for d, pending, depth, share in rows}


@dataclass(frozen=True)
class Page:
    """A fetch: what may be handed out now, and the position of the first
    envelope that is committed but above the horizon (None: nothing waits)."""

    envelopes: list[QueuedEnvelope]
    hidden_from: int | None


async def queued_after(conn: Connection, device_id: str, after: int, limit: int,
                       now_ms: int) -> Page:
    """The device's queue after ``after`` (or its acknowledged position, if
    later): rows queued before migration 3 first (their cursors are lower),
    then its sets' envelopes, each set read as one index range (``LATERAL``,
    at most ``limit`` per set) and merged in position order."""
    rows = await (await conn.execute(
        "SELECT page.*, " + HORIZON + " FROM ("
        " SELECT d.queue_cursor AS cursor, e.envelope_id, e.sender_device_id, e.ciphertext,"
        " e.sent_at_ms, e.expires_at_ms FROM deliveries d"
        " JOIN envelopes e ON e.envelope_seq = d.envelope_seq"
        " WHERE d.recipient_device_id = %(d)s AND d.state = 'pending' AND d.queue_cursor > %(a)s"
        " AND e.expires_at_ms > %(now)s AND e.ciphertext IS NOT NULL"
        " UNION ALL"
        " SELECT s.* FROM device_queues q JOIN set_members m ON m.device_id = q.device_id"
        " CROSS JOIN LATERAL (SELECT e.queue_position, e.envelope_id, e.sender_device_id,"
        "   e.ciphertext, e.sent_at_ms, e.expires_at_ms FROM envelopes e"
        "   WHERE e.set_id = m.set_id AND e.queue_position > greatest(%(a)s, q.acked_position)"
        "   AND e.ciphertext IS NOT NULL AND e.expires_at_ms > %(now)s"
        "   ORDER BY e.queue_position LIMIT %(limit)s) s"
        " WHERE q.device_id = %(d)s AND NOT q.revoked"
        " ORDER BY 1 LIMIT %(limit)s) page",
        {"d": device_id, "a": after, "now": now_ms, "limit": limit})).fetchall()
    envelopes = [QueuedEnvelope(int(c), i, s, bytes(ct), int(sent), int(exp))
                 for c, i, s, ct, sent, exp, _h in rows]
    if not rows:
        return Page([], None)
    horizon = int(rows[0][-1])
    visible = list(takewhile(lambda e: e.cursor < horizon, envelopes))
    hidden = envelopes[len(visible)].cursor if len(visible) < len(envelopes) else None
    return Page(visible, hidden)


async def horizon(conn: Connection) -> int:
    row = await (await conn.execute(f"SELECT {HORIZON}")).fetchone()
    assert row is not None
    return int(row[0])


#: Per set: the lowest acknowledged position of its members not revoked (no
#: such member: nobody waits, every envelope of the set is done).
_FLOORS = (
    "SELECT m.set_id, coalesce(min(q.acked_position) FILTER (WHERE NOT q.revoked), "
    f"{_BEYOND}) AS floor FROM set_members m JOIN device_queues q ON q.device_id = m.device_id")


@dataclass(frozen=True)
class Cursor:
    """A device's acknowledged position before and after an acknowledgement."""

    old: int
    new: int
    #: Its envelopes still queued the way of migration 1 (``deliveries`` rows).
    legacy_pending: int


async def move_cursor(conn: Connection, device_id: str, up_to: int) -> Cursor:
    """Advance the device's acknowledged position to ``up_to``, never past the
    horizon (a cursor from the future must not swallow what is sent later: any
    transaction not yet committed has an id at or above it). One statement: the
    row is locked first, so two acknowledgements of one device see each other's
    position. An unknown device gets ``Cursor(0, 0, 0)``."""
    row = await (await conn.execute(
        "WITH before AS (SELECT acked_position, pending FROM device_queues"
        "                WHERE device_id = %(d)s FOR UPDATE)"
        " UPDATE device_queues q SET acked_position = greatest(q.acked_position,"
        f" least(%(up)s, {HORIZON} - 1)) FROM before WHERE q.device_id = %(d)s"
        " RETURNING before.acked_position, q.acked_position, before.pending",
        {"d": device_id, "up": up_to})).fetchone()
    return Cursor(0, 0, 0) if row is None else Cursor(int(row[0]), int(row[1]), int(row[2]))


@dataclass(frozen=True)
class Passed:
    """Envelopes an acknowledgement moved a device's cursor past."""

    #: Senders of every envelope passed (their states changed).
    senders: frozenset[str]
    #: How many (the acknowledged count).
    count: int


async def pass_envelopes(conn: Connection, device_id: str, cursor: Cursor,
                         now_ms: int) -> Passed:
    """What the cursor moved past, in one statement (an acknowledgement is on
    every delivery's path; each round trip counts under load):

    - the device's sets' envelopes in (old, new] still held;
    - an exception row for each that has expired, since a cursor at or past it
      would otherwise read as "delivered" (those the purge expired have
      theirs, :func:`expire_undelivered`);
    - the ciphertext of those every member not revoked has now passed is
      dropped, as :func:`drop_passed_ciphertext` does."""
    if cursor.new <= cursor.old:
        return Passed(frozenset(), 0)
    rows = await (await conn.execute(
        "WITH passed AS (SELECT e.envelope_seq, e.queue_position, e.sender_device_id,"
        "   e.set_id, e.expires_at_ms <= %(now)s AS expired"
        "   FROM set_members m JOIN envelopes e ON e.set_id = m.set_id"
        "   WHERE m.device_id = %(d)s AND e.queue_position > %(old)s"
        "   AND e.queue_position <= %(new)s AND e.ciphertext IS NOT NULL),"
        " lost AS (INSERT INTO deliveries (recipient_device_id, queue_cursor, envelope_seq,"
        "   state) SELECT %(d)s, queue_position, envelope_seq, 'expired' FROM passed"
        "   WHERE expired ON CONFLICT DO NOTHING),"
        f" floors AS ({_FLOORS} WHERE m.set_id IN (SELECT set_id FROM passed)"
        "   GROUP BY m.set_id),"
        " dropped AS (UPDATE envelopes e SET ciphertext = NULL,"
        "   expires_at_ms = least(e.expires_at_ms, %(now)s) FROM floors f"
        "   WHERE e.set_id = f.set_id AND e.queue_position > %(old)s"
        "   AND e.queue_position <= f.floor AND e.ciphertext IS NOT NULL)"
        " SELECT sender_device_id, count(*) FROM passed GROUP BY sender_device_id",
        {"d": device_id, "old": cursor.old, "new": cursor.new, "now": now_ms})).fetchall()
    return Passed(frozenset(str(sender) for sender, _n in rows), sum(int(n) for _s, n in rows))


async def drop_passed_ciphertext(conn: Connection, set_ids: Sequence[int], after: int,
                                 now_ms: int) -> int:
    """Envelopes of ``set_ids`` above ``after`` that every member not revoked has
    passed lose their ciphertext now, and their metadata's life ends now (kept
    only for the status retention from here, issue 10, item 10). Reads other
    members' cursors without locking them: one still seen behind only delays
    the drop to the purge (:func:`drop_all_passed`), never drops early, since
    cursors only advance."""
    if not set_ids:
        return 0
    return (await conn.execute(
        f"WITH floors AS ({_FLOORS} WHERE m.set_id = ANY(%s) GROUP BY m.set_id)"
        " UPDATE envelopes e SET ciphertext = NULL, expires_at_ms = least(e.expires_at_ms, %s)"
        " FROM floors f WHERE e.set_id = f.set_id AND e.queue_position > %s"
        " AND e.queue_position <= f.floor AND e.ciphertext IS NOT NULL",
        (list(set_ids), now_ms, after))).rowcount


async def drop_all_passed(conn: Connection, now_ms: int) -> int:
    """The purge's pass: every live envelope all its members have passed."""
    return (await conn.execute(
        "WITH live AS (SELECT DISTINCT set_id FROM envelopes"
        "              WHERE set_id IS NOT NULL AND ciphertext IS NOT NULL),"
        f" floors AS ({_FLOORS} JOIN live ON live.set_id = m.set_id GROUP BY m.set_id)"
        " UPDATE envelopes e SET ciphertext = NULL, expires_at_ms = least(e.expires_at_ms, %s)"
        " FROM floors f WHERE e.set_id = f.set_id AND e.set_id IS NOT NULL"
        " AND e.ciphertext IS NOT NULL AND e.queue_position <= f.floor",
        (now_ms,))).rowcount


async def waiting_count(conn: Connection, device_id: str) -> tuple[int, tuple[int, ...]]:
    """Envelopes of the device's sets it has not reached (held ciphertext), and
    their sets: what a revocation gives up on."""
    rows = await (await conn.execute(
        "SELECT e.set_id, count(*) FROM device_queues q JOIN set_members m"
        " ON m.device_id = q.device_id JOIN envelopes e ON e.set_id = m.set_id"
        " WHERE q.device_id = %s AND e.queue_position > q.acked_position"
        " AND e.ciphertext IS NOT NULL GROUP BY e.set_id", (device_id,))).fetchall()
    return (sum(int(n) for _s, n in rows), tuple(sorted(int(s) for s, _n in rows)))


async def expire_undelivered(conn: Connection, now_ms: int) -> int:
    """The purge's part: expired envelopes lose their ciphertext, and each member
    not at one yet (nor revoked: computed) gets its exception row. Returns how
    many. A member acknowledging past the envelope in the same instant may be
    read as still behind and be reported expired: the TTL had run out."""
    row = await (await conn.execute(
        "WITH gone AS (UPDATE envelopes SET ciphertext = NULL WHERE set_id IS NOT NULL"
        "              AND ciphertext IS NOT NULL AND expires_at_ms <= %s"
        "              RETURNING envelope_seq, set_id, queue_position),"
        " lost AS (INSERT INTO deliveries (recipient_device_id, queue_cursor, envelope_seq,"
        "          state) SELECT m.device_id, g.queue_position, g.envelope_seq, 'expired'"
        "          FROM gone g JOIN set_members m ON m.set_id = g.set_id"
        "          JOIN device_queues q ON q.device_id = m.device_id"
        "          WHERE q.acked_position < g.queue_position AND NOT q.revoked"
        "          ON CONFLICT DO NOTHING RETURNING 1)"
        " SELECT count(*) FROM lost", (now_ms,))).fetchone()
    return int(row[0]) if row else 0


async def drop_unused_sets(conn: Connection) -> int:
    """Forget sets no retained envelope uses (their members were who-sent-to-whom).

    In a savepoint: a send that picked one of these sets just before may
    commit an envelope naming it first; the foreign key then refuses this
    delete, which is rolled back alone and tried again at the next purge."""
    # Two questions, one per partial index (held, and kept for the status retention).
    unused = ("SELECT set_id FROM recipient_sets r WHERE NOT EXISTS"
              " (SELECT 1 FROM envelopes e WHERE e.set_id = r.set_id"
              "  AND e.ciphertext IS NOT NULL) AND NOT EXISTS"
              " (SELECT 1 FROM envelopes e WHERE e.set_id = r.set_id AND e.ciphertext IS NULL)")
    try:
        async with conn.transaction():
            await conn.execute(f"DELETE FROM set_members WHERE set_id IN ({unused})")
            return (await conn.execute(
                f"DELETE FROM recipient_sets WHERE set_id IN ({unused})")).rowcount
    except psycopg.errors.ForeignKeyViolation:
        return 0


async def states_of(conn: Connection, sender: str, envelope_ids: Sequence[str],
                    now_ms: int) -> dict[str, dict[str, DeliveryState]]:
    """Each member's state per envelope of ``sender``: an exception row says
    expired; a cursor at or past the envelope, delivered; a revoked member, or
    an expired envelope, expired; otherwise pending. Rows queued before
    migration 3 have their stored states."""
    rows = await (await conn.execute(
        "SELECT e.envelope_id, m.device_id, x.state, q.acked_position >= e.queue_position,"
        " q.revoked, e.expires_at_ms"
        " FROM envelopes e JOIN set_members m ON m.set_id = e.set_id"
        " JOIN device_queues q ON q.device_id = m.device_id"
        " LEFT JOIN deliveries x ON x.recipient_device_id = m.device_id"
        "   AND x.queue_cursor = e.queue_position"
        " WHERE e.sender_device_id = %(s)s AND e.envelope_id = ANY(%(ids)s)"
        " AND e.set_id IS NOT NULL"
        " UNION ALL"
        " SELECT e.envelope_id, d.recipient_device_id, d.state, false, false, e.expires_at_ms"
        " FROM envelopes e JOIN deliveries d ON d.envelope_seq = e.envelope_seq"
        " WHERE e.sender_device_id = %(s)s AND e.envelope_id = ANY(%(ids)s)"
        " AND e.set_id IS NULL",
        {"s": sender, "ids": list(dict.fromkeys(envelope_ids))})).fetchall()
    states: dict[str, dict[str, DeliveryState]] = {}
    for envelope_id, recipient, stored, reached, revoked, expires in rows:
        states.setdefault(envelope_id, {})[recipient] = _state(
            stored, bool(reached), bool(revoked), int(expires) <= now_ms)
    return states


def _state(stored: Any, reached: bool, revoked: bool, expired: bool) -> DeliveryState:
    if stored is not None and stored != "pending":
        return DeliveryState(stored)
    if reached:
        return DeliveryState.DELIVERED
    if revoked or expired:  # expired but not yet purged is already expired
        return DeliveryState.EXPIRED
    return DeliveryState.PENDING
