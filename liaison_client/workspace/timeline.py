"""A channel's timeline: pages up and down, re-reads, search, refusals, unread marks.

Entries are the store's messages and, in their place, the envelopes this device
refused (never shown as messages) and the places where a sender's chain says
messages are missing (issue 10 item 9). A sender's messages are shown in that
sender's own order (its signed chain ``seq``), whatever order the relay
delivered them in; entries of different senders keep their arrival order. Each
entry carries a :class:`TimelineState`, the one vocabulary the CLI and the UI
use for where a message stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from liaison_client.channels.epoch_policy import read_stale_detail
from liaison_client.channels.kinds import MessageKind
from liaison_client.channels.sender_chain import GapKind, SenderGap
from liaison_client.crypto.rejection import Rejection, user_text
from liaison_client.errors import UsageError
from liaison_client.reports import Report
from liaison_client.store.envelope_log import ProcessedEnvelope
from liaison_client.store.records import MessageRecord, MessageState, now_ms
from liaison_client.store.search_text import highlight_spans
from liaison_client.workspace.context import Person, WorkspaceContext
from liaison_client.workspace.local_events import (
    EventAction,
    TimelineEvent,
    local_events,
    membership_event,
)
from liaison_client.workspace.message_details import MessageDetails, message_details
from liaison_client.workspace.read_receipts import ReadMarked, ReadReceiptHandler, ReadReceipts
from liaison_client.workspace.stored_content import (
    stored_attachment,
    stored_reply_to,
    stored_report,
)

#: Messages per timeline page: a few screens' worth, read in milliseconds.
TIMELINE_PAGE_SIZE = 200
#: Refusals looked at per page (they are rare; a flood of them is capped, not paged).
_REFUSALS_PER_PAGE = 1_000

#: A group message held this long for its key is shown as "waiting for key from X".
KEY_WAIT_NOTICE_MS = 30_000


class TimelineState(StrEnum):
    """Where a timeline entry stands: a stored message's
    :class:`~liaison_client.store.records.MessageState`, or one of the two states
    only the timeline knows. A ``StrEnum``, so its value is what the CLI prints."""

    RECEIVED = "received"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    EXPIRED = "expired"
    #: An own message whose envelope the relay refused for good (too large for its
    #: cap, ...): set aside in the outbox, never retried by itself.
    NOT_SENT = "not_sent"
    #: A refused envelope (never a message): also the entry's ``kind``.
    REJECTED = "rejected"
    #: Not a message: the sender's chain says messages are missing here (the
    #: relay dropped them, or this device could not read them); also the ``kind``.
    MISSING = "missing"
    #: A membership change or a local decision (never a message): also the entry's
    #: ``kind``; :attr:`TimelineEntry.event` says what happened.
    EVENT = "event"

    @classmethod
    def of_message(cls, state: MessageState) -> TimelineState:
        return cls(state.value)


@dataclass(frozen=True)
class AttachmentInfo:
    name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class MembershipChangeNotice:
    """The membership change a sender had not seen when its message was refused
    (``stale-epoch``): shown as "X's device had not yet seen the removal of Y"."""

    #: ``remove`` or ``invite`` (the control event's action).
    action: str
    member_device_id: str
    member_name: str
    epoch: int

    def sentence(self, sender_name: str) -> str:
        change = "removal" if self.action == "remove" else "addition"
        return (f"{sender_name}'s device had not yet seen the {change} of {self.member_name}: "
                "the message was refused (that device sends it again once it has seen "
                "the change)")


@dataclass(frozen=True)
class ReplyQuote:
    """What a reply quotes, read from this device's own copy of the original (never
    from the reply itself: docs/CRYPTO.md, "Message bodies")."""

    message_id: str
    #: False: this device does not hold the original (sent before it joined, deleted).
    held: bool
    sender_name: str = ""
    #: The original's text, at most :data:`QUOTE_CHARS` characters (a file's name).
    excerpt: str = ""


#: How much of the original a reply's quote carries.
QUOTE_CHARS = 160


@dataclass(frozen=True)
class TimelineEntry:
    """A message as the timeline shows it — or a refused envelope, never shown as a message:
    ``kind`` and ``state`` are then :attr:`TimelineState.REJECTED` and ``text`` says why."""

    message_id: str
    channel_id: str
    sender_device_id: str
    sender_name: str
    sent_at_ms: int
    kind: str
    text: str
    state: TimelineState
    attachment: AttachmentInfo | None = None
    rejection: Rejection | None = None
    #: The store's arrival order (None for a refusal): the paging cursor.
    seq: int | None = None
    #: When it reached this device (the refusal's processing time): timeline order.
    received_at_ms: int = 0
    sender_agency: str = ""
    #: The structured report a ``warning`` / ``feedback`` / ``seizure`` message
    #: carries (its kind and fields, checked as on receipt); None for other kinds.
    report: Report | None = None
    #: A seizure report's photos (encrypted attachments, saved like any attachment).
    photos: tuple[AttachmentInfo, ...] = ()
    #: A ``stale-epoch`` refusal: the change its sender had not seen.
    membership_change: MembershipChangeNotice | None = None
    #: A ``missing`` entry: how many of the sender's messages are missing here.
    missing: int = 0
    #: A ``stale-epoch`` refusal: the refused message's place in its sender's chain
    #: (the gap it leaves is explained by the refusal, not shown as missing).
    refused_link: int | None = None
    #: For an event entry (``kind`` :attr:`TimelineState.EVENT`): what happened.
    event: TimelineEvent | None = None
    #: For a reply: the message it answers, as this device holds it.
    reply: ReplyQuote | None = None
    #: A received message the officer has not opened yet (the "new messages" line).
    unread: bool = False

    @property
    def answers(self) -> str | None:
        """For a feedback report: the message id of the warning it answers."""
        return None if self.report is None else self.report.value("answers")

    @property
    def is_refusal(self) -> bool:
        """A refused envelope in the message's place, not a message."""
        return self.kind == TimelineState.REJECTED

    @property
    def is_notice(self) -> bool:
        """Not a message: a refusal, or messages missing from a sender's chain."""
        return self.kind in (TimelineState.REJECTED, TimelineState.MISSING)

    @property
    def is_event(self) -> bool:
        """A membership change or a local decision, not a message."""
        return self.kind == TimelineState.EVENT

    @property
    def is_message(self) -> bool:
        """A message someone sent (neither a notice nor an event)."""
        return not (self.is_notice or self.is_event)


@dataclass(frozen=True)
class TimelinePage:
    """A slice of a channel's timeline, oldest first, with refusals in their place."""

    entries: tuple[TimelineEntry, ...]
    #: True when older messages than this page's first exist (scrolling up loads them).
    has_older: bool
    #: True when newer messages than this page's last exist (scrolling down loads them);
    #: only :meth:`TimelineService.page_after` reads pages that can stop short.
    has_newer: bool = False


@dataclass(frozen=True)
class KeyWait:
    sender_device_id: str
    sender_name: str
    messages: int
    since_ms: int

    @property
    def text(self) -> str:
        return f"waiting for key from {self.sender_name}"


class TimelineService:
    """Reads of a channel's messages and refusals, the unread mark and its receipts."""

    def __init__(self, context: WorkspaceContext) -> None:
        self._context = context
        membership = context.membership_state
        own_device = context.own_device_id
        self._receipts = ReadReceipts(context.store, context.outbound, membership, own_device)
        context.state.register_folded(MessageKind.READ_RECEIPT,
                                      ReadReceiptHandler(context.store, membership, own_device))

    def messages(self, channel_id: str, *, limit: int | None = None,
                 search: str | None = None, events: bool = False) -> list[TimelineEntry]:
        """Oldest first: the channel's messages and, in their place, refused envelopes
        (and, with ``events``, membership changes and this device's verifications).

        With ``search``, the newest matches (up to ``limit``, default 100),
        oldest first; refusals and events are never search results.
        """
        self._context.membership(channel_id)
        store = self._context.store
        if limit is not None and limit < 1:
            raise UsageError("--limit must be at least 1")
        if search is not None:
            found = store.messages.search(search, channel_id=channel_id, limit=limit or 100)
            return [self._entry(m) for m in reversed(found)]
        records = (store.messages.latest(channel_id, limit) if limit is not None
                   else store.messages.in_channel(channel_id))
        refused = store.envelope_log.rejected(limit or 10_000, channel_id=channel_id)
        people: dict[str, Person] = {}
        timeline = [(m.received_at_ms, self._entry(m, people)) for m in records]
        timeline += [(r.processed_at_ms, self._refusal(r, channel_id, people))
                     for r in refused]
        if events:
            timeline += [(e.received_at_ms, e) for e in self.events(channel_id, people)]
        timeline.sort(key=lambda pair: pair[0])
        entries = self._in_sender_order(channel_id, [entry for _, entry in timeline], people)
        return entries[-limit:] if limit is not None else entries

    def page(self, channel_id: str, *, before: TimelineEntry | None = None,
             limit: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Newest-first paging for a chat view: the ``limit`` messages before ``before``
        (the oldest entry already shown; None for the newest page), oldest first.

        Memory then grows with what the officer scrolls through, never with the
        channel's length. Refusals whose processing time falls in the page's span
        are merged in, so each one appears on exactly one page.
        """
        self._context.membership(channel_id)
        if limit < 1:
            raise UsageError("a page holds at least one message")
        # One row more than asked says whether an older page exists, without count(*).
        rows = self._context.store.messages.latest(
            channel_id, limit + 1, before_seq=None if before is None else before.seq)
        has_older = len(rows) > limit
        records = rows[1:] if has_older else rows
        lower = records[0].received_at_ms if has_older and records else None
        upper = None if before is None else before.received_at_ms
        return TimelinePage(self._merge_refusals(channel_id, records, lower, upper), has_older)

    def page_after(self, channel_id: str, after: TimelineEntry, *,
                   limit: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Oldest-first paging downwards: the ``limit`` messages after ``after`` (the newest
        entry shown), for a timeline that let go of newer pages while the officer read far
        back and now scrolls down again.

        Refusals processed after ``after`` and no later than this page's last message
        are merged in (all of them when it is the newest page), so each one appears
        on exactly one page going down, and never again on the page before it.
        """
        self._context.membership(channel_id)
        if limit < 1:
            raise UsageError("a page holds at least one message")
        if after.seq is None:
            raise UsageError("only a stored message can be a paging cursor")
        rows = self._context.store.messages.in_channel(channel_id, after_seq=after.seq,
                                                       limit=limit + 1)
        has_newer = len(rows) > limit
        records = rows[:limit]
        upper = records[-1].received_at_ms + 1 if has_newer else None
        entries = self._merge_refusals(channel_id, records, after.received_at_ms + 1, upper)
        return TimelinePage(entries, has_older=True, has_newer=has_newer)

    def search(self, channel_id: str, query: str, *, limit: int = 100) -> list[TimelineEntry]:
        """The channel's messages matching every term of ``query`` (the store's FTS, CJK
        and Latin), newest first; refusals are never results."""
        self._context.membership(channel_id)
        if not query.strip():
            return []
        return [self._entry(m) for m in
                self._context.store.messages.search(query, channel_id=channel_id,
                                                    limit=limit)]

    def search_all(self, query: str, *, limit: int = 100) -> list[TimelineEntry]:
        """Messages of every operation on this device matching every term of ``query``,
        newest first (Ctrl+Shift+F in the desktop app): one FTS query, not one per
        operation. Only channels this device has a membership for are answered."""
        if not query.strip():
            return []
        known: dict[str, bool] = {}
        entries = []
        for record in self._context.store.messages.search(query, limit=limit):
            channel = record.channel_id
            if channel not in known:
                known[channel] = self._context.crypto.membership.state(channel) is not None
            if known[channel]:
                entries.append(self._entry(record))
        return entries

    @staticmethod
    def highlights(text: str, query: str) -> list[tuple[int, int]]:
        """Where ``query``'s terms are in ``text`` (``(start, end)`` offsets), by the
        rules the search matched with: what a result list highlights."""
        return highlight_spans(text, query)

    def since(self, channel_id: str, after: TimelineEntry | None,
              *, limit: int = 10 * TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Entries from ``after`` (inclusive) on: what a shown timeline re-reads when
        messages arrive or delivery states change. Starting *at* ``after`` lets
        the caller refresh the state of a message it shows and append what is new
        in one read. More than ``limit`` new messages at once: the caller reloads
        the newest page instead (``has_older`` is then True)."""
        if after is None or after.seq is None:
            return self.page(channel_id, limit=limit)
        self._context.membership(channel_id)
        records = self._context.store.messages.in_channel(channel_id, after_seq=after.seq - 1,
                                                          limit=limit + 1)
        if len(records) > limit:
            return TimelinePage((), True)
        return TimelinePage(
            self._merge_refusals(channel_id, records, after.received_at_ms, None), False)

    def entry(self, channel_id: str, message_id: str) -> TimelineEntry | None:
        """One message of the channel by id (a feedback card's warning, to jump to it);
        None if this device has no such message in that channel."""
        self._context.membership(channel_id)
        record = self._context.store.messages.get(message_id)
        if record is None or record.channel_id != channel_id:
            return None
        return self._entry(record)

    def rejected(self, *, channel_id: str | None = None,
                 limit: int = 100) -> list[TimelineEntry]:
        """Refused envelopes, newest first (all channels, or one)."""
        return [self._refusal(r, r.channel_id or "")
                for r in self._context.store.envelope_log.rejected(limit, channel_id=channel_id)]

    def waiting_for_keys(self, *, older_than_ms: int = KEY_WAIT_NOTICE_MS) -> list[KeyWait]:
        """Group messages held for their key longer than ``older_than_ms``, per sender."""
        cutoff = now_ms() - older_than_ms
        return [KeyWait(sender, self._context.person(sender)[0], count, since)
                for sender, count, since in self._context.store.group_sessions.pending_senders()
                if since <= cutoff]

    def mark_read(self, channel_id: str) -> ReadMarked:
        """Mark the channel's messages read, and queue a read receipt for the members
        if the operation has them on (the next sync round sends it)."""
        return self._receipts.mark_read(channel_id)

    def details(self, message_id: str) -> MessageDetails | None:
        """Sent and received times, the sender's verification and, for an own message,
        where each member's copy stands (the desktop's "Message details")."""
        return message_details(self._context, message_id)

    def _merge_refusals(self, channel_id: str, records: list[MessageRecord],
                        lower_ms: int | None, upper_ms: int | None) -> tuple[TimelineEntry, ...]:
        refused = [r for r in self._context.store.envelope_log.rejected(
                       _REFUSALS_PER_PAGE, channel_id=channel_id)
                   if (lower_ms is None or r.processed_at_ms >= lower_ms)
                   and (upper_ms is None or r.processed_at_ms < upper_ms)]
        people: dict[str, Person] = {}
        timeline = [self._entry(m, people) for m in records]
        timeline += [self._refusal(r, channel_id, people) for r in refused]
        timeline += [event for event in self.events(channel_id, people)
                     if (lower_ms is None or event.received_at_ms >= lower_ms)
                     and (upper_ms is None or event.received_at_ms < upper_ms)]
        timeline.sort(key=lambda entry: (entry.received_at_ms, entry.seq or 0))
        return tuple(self._in_sender_order(channel_id, timeline, people))

    def _in_sender_order(self, channel_id: str, entries: list[TimelineEntry],
                         people: dict[str, Person]) -> list[TimelineEntry]:
        """Each sender's chained messages in its own ``seq`` order (the places its
        messages hold stay; only which of them goes where changes), and a ``missing``
        entry before a message whose predecessors in the sender's chain never
        arrived (issue 10 item 9)."""
        chain = self._context.store.message_chain
        seqs: dict[str, int] = {}
        for sender in {e.sender_device_id for e in entries if e.is_message}:
            seqs.update((link.message_id, link.seq)
                        for link in chain.of_sender(channel_id, sender))
        slots: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            if entry.is_message and entry.message_id in seqs:
                slots.setdefault(entry.sender_device_id, []).append(position)
        ordered = list(entries)
        for positions in slots.values():
            chained = sorted((entries[p] for p in positions), key=lambda e: seqs[e.message_id])
            for position, entry in zip(positions, chained, strict=True):
                ordered[position] = entry
        gaps = self._unexplained_gaps(channel_id, entries)
        if not gaps:
            return ordered
        shown: list[TimelineEntry] = []
        for entry in ordered:
            gap = gaps.get(entry.message_id)
            if gap is not None:
                shown.append(self._missing(gap, entry, people))
            shown.append(entry)
        return shown

    def _unexplained_gaps(self, channel_id: str,
                          entries: list[TimelineEntry]) -> dict[str, SenderGap]:
        """Missing links per later message id, less those a refusal already explains
        (a message refused for its old epoch, sent again under the new one)."""
        explained: dict[str, set[int]] = {}
        for entry in entries:
            if entry.rejection is Rejection.STALE_EPOCH and entry.refused_link is not None:
                explained.setdefault(entry.sender_device_id, set()).add(entry.refused_link)
        gaps = {}
        for gap in self._context.crypto.sender_chain.gaps(channel_id):
            if gap.kind is not GapKind.MISSING:
                continue
            lost = set(range(gap.after_seq + 1, gap.before_seq))
            if lost <= explained.get(gap.sender_device_id, set()):
                continue
            gaps[gap.before_message_id] = gap
        return gaps

    def _missing(self, gap: SenderGap, later: TimelineEntry,
                 people: dict[str, Person]) -> TimelineEntry:
        name, agency = self._context.person(gap.sender_device_id, people)
        count = gap.missing
        text = (f"a message from {name} is missing" if count == 1
                else f"{count} messages from {name} are missing")
        return TimelineEntry(f"missing:{gap.after_message_id}:{gap.before_message_id}",
                             gap.channel_id, gap.sender_device_id, name, later.sent_at_ms,
                             TimelineState.MISSING, text, TimelineState.MISSING,
                             received_at_ms=later.received_at_ms, sender_agency=agency,
                             missing=count)

    def events(self, channel_id: str,
               people: dict[str, Person] | None = None) -> list[TimelineEntry]:
        """The operation's membership changes (from its signed log, at their issue time)
        and this device's own decisions about its members (verified, not verified),
        oldest first; the pages merge them in their place like refusals."""
        context = self._context
        own = context.profile.device_id
        people = {} if people is None else people
        found: list[TimelineEntry] = []
        for control in context.crypto.membership.chain(channel_id):
            shown = membership_event(control)
            if shown is None:
                continue
            actor = context.person(shown.actor_device_id, people)[0] \
                if shown.actor_device_id else shown.actor_name
            subject = shown.subject_name
            if shown.subject_device_id:
                known = context.person(shown.subject_device_id, people)[0]
                subject = known if known != shown.subject_device_id else subject
            found.append(self._event_entry(
                f"event-{channel_id}-{control.epoch}", channel_id, control.issued_at_ms,
                TimelineEvent(shown.action, shown.actor_device_id, actor,
                              shown.subject_device_id, subject, shown.detail,
                              shown.actor_device_id == own, shown.subject_device_id == own)))
        for local in local_events(context.store, channel_id):
            try:
                action = EventAction(local.action)
            except ValueError:
                continue
            actor = context.person(local.actor_device_id, people)[0]
            found.append(self._event_entry(
                local.event_id, channel_id, local.at_ms,
                TimelineEvent(action, local.actor_device_id, actor, local.subject_device_id,
                              context.person(local.subject_device_id, people)[0]
                              if context.store.devices.get(local.subject_device_id)
                              else local.subject_name,
                              local.detail, local.actor_device_id == own,
                              local.subject_device_id == own)))
        found.sort(key=lambda entry: entry.received_at_ms)
        return found

    @staticmethod
    def _event_entry(entry_id: str, channel_id: str, at_ms: int,
                     event: TimelineEvent) -> TimelineEntry:
        return TimelineEntry(entry_id, channel_id, event.actor_device_id, event.actor_name,
                             at_ms, TimelineState.EVENT, "", TimelineState.EVENT,
                             received_at_ms=at_ms, event=event)

    def _entry(self, record: MessageRecord,
               people: dict[str, Person] | None = None) -> TimelineEntry:
        body = stored_attachment(record)
        attachment = None if body is None else AttachmentInfo(body.name, body.media_type,
                                                              body.size)
        name, agency = self._context.person(record.sender_device_id, people)
        state = TimelineState.of_message(record.state)
        if (record.state is MessageState.QUEUED
                and self._context.store.outbox.set_aside_reason(record.message_id) is not None):
            state = TimelineState.NOT_SENT
        carried = stored_report(record)
        photos = () if carried is None else tuple(
            AttachmentInfo(photo.name, photo.media_type, photo.size) for photo in carried.photos)
        reply_to = stored_reply_to(record)
        return TimelineEntry(record.message_id, record.channel_id, record.sender_device_id,
                             name, record.sent_at_ms, record.kind, record.body,
                             state, attachment, seq=record.seq,
                             received_at_ms=record.received_at_ms, sender_agency=agency,
                             report=None if carried is None else carried.report,
                             photos=photos,
                             reply=None if reply_to is None else self._quote(
                                 record.channel_id, reply_to, people),
                             unread=record.state is MessageState.RECEIVED and not record.read)

    def _quote(self, channel_id: str, message_id: str,
               people: dict[str, Person] | None) -> ReplyQuote:
        original = self._context.store.messages.get(message_id)
        if original is None or original.channel_id != channel_id:
            return ReplyQuote(message_id, held=False)
        body = stored_attachment(original)
        text = body.name if body is not None else original.body
        excerpt = " ".join(text.split())
        if len(excerpt) > QUOTE_CHARS:
            excerpt = excerpt[:QUOTE_CHARS - 1] + "…"
        return ReplyQuote(message_id, True,
                          self._context.person(original.sender_device_id, people)[0], excerpt)

    def _refusal(self, entry: ProcessedEnvelope, channel_id: str,
                 people: dict[str, Person] | None = None) -> TimelineEntry:
        reason = Rejection(entry.reason) if entry.reason else Rejection.MALFORMED
        name, agency = self._context.person(entry.sender_device_id, people)
        change = refused_link = None
        text = user_text(reason)
        stale = read_stale_detail(entry.detail) if reason is Rejection.STALE_EPOCH else None
        if stale is not None:
            change = self._membership_change(channel_id, stale.change_epoch)
            refused_link = stale.seq
            if change is not None:
                text = change.sentence(name)
        return TimelineEntry(entry.envelope_id, channel_id, entry.sender_device_id,
                             name, entry.processed_at_ms,
                             TimelineState.REJECTED, f"rejected: {text}",
                             TimelineState.REJECTED, rejection=reason,
                             received_at_ms=entry.processed_at_ms, sender_agency=agency,
                             membership_change=change, refused_link=refused_link)

    def _membership_change(self, channel_id: str,
                           epoch: int) -> MembershipChangeNotice | None:
        chain = self._context.crypto.membership.chain(channel_id)
        if epoch >= len(chain) or chain[epoch].subject is None:
            return None
        event = chain[epoch]
        subject = event.subject
        assert subject is not None
        known = self._context.store.devices.get(subject.device_id)
        name = known.name if known is not None else subject.name
        return MembershipChangeNotice(str(event.action), subject.device_id, name, epoch)
