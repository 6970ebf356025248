"""``Workspace``: everything channel-related, as one object the CLI and the desktop app call.

It composes the layers below — the channel crypto
(:mod:`liaison_client.channels`), the sync engine (:mod:`liaison_client.sync`),
the store and the relay client — into the verbs an officer uses: list
channels and members, create / invite / remove, send text and attachments,
sync, read and search messages, compare safety numbers and verify. Results
are typed records; failures are one-line :class:`~liaison_client.errors.LiaisonError`\\ s.
No Qt here: the desktop app calls these methods through ``ui/operations.py``
on a worker thread and drives :attr:`Workspace.engine` from its sync thread.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from liaison_client.attachment_names import claimed_destination
from liaison_client.channels.channel_crypto import MissingSessionsError, OutgoingControl
from liaison_client.channels.megolm_channel_crypto import MegolmChannelCrypto
from liaison_client.channels.membership import MembershipState
from liaison_client.channels.payloads import MAX_TEXT_BYTES, AttachmentBody, TextBody
from liaison_client.crypto.attachments import AttachmentSecret, decrypt_attachment
from liaison_client.crypto.device_trust import (
    KeyObservation,
    mark_verified,
    safety_number_with,
)
from liaison_client.crypto.rejection import Rejection, user_text
from liaison_client.errors import (
    KeyChangedError,
    MessageTooLongError,
    NotCoordinatorError,
    UsageError,
)
from liaison_client.net.client import RelayClient
from liaison_client.net.device_profile import sign_profile
from liaison_client.net.errors import RelayError
from liaison_client.profile import Profile, Whoami
from liaison_client.progress import AttachmentProgressCallback, AttachmentStage, for_stage
from liaison_client.protocol.device_profile import MAX_AGENCY_LENGTH, MAX_NAME_LENGTH
from liaison_client.relay_connection import client_for_profile
from liaison_client.store.deliveries import Delivery
from liaison_client.store.envelope_log import ProcessedEnvelope
from liaison_client.store.records import MessageRecord, MessageState, Role, now_ms
from liaison_client.store.store import Store
from liaison_client.sync.crypto_state import CryptoState
from liaison_client.sync.directory import (
    CheckedProfile,
    DirectoryEntry,
    checked_profile,
    directory_member,
    establish_sessions,
    read_directory,
    remember_member,
)
from liaison_client.sync.engine import ConnectionState, SyncEngine, SyncListener, SyncReport
from liaison_client.sync.outbound import OUTGOING_ATTACHMENTS_DIR, Outbound

#: Messages per timeline page: a few screens' worth, read in milliseconds.
TIMELINE_PAGE_SIZE = 200
#: Refusals looked at per page (they are rare; a flood of them is capped, not paged).
_REFUSALS_PER_PAGE = 1_000

#: Settings key listing the channels created by the demo workspace.
DEMO_CHANNELS_SETTING = "ui.demo_channels"

#: A group message held this long for its key is shown as "waiting for key from X".
KEY_WAIT_NOTICE_MS = 30_000
REJECTED_KIND = "rejected"
#: The state of an own message whose envelope the relay refused for good (too
#: large for its cap, ...): set aside in the outbox, never retried by itself.
NOT_SENT_STATE = "not_sent"

#: Issues a membership change with the channel crypto (inside the caller's transaction).
_Issue = Callable[[MegolmChannelCrypto], OutgoingControl]


@dataclass(frozen=True)
class ChannelSummary:
    channel_id: str
    name: str
    #: This device's role: coordinator, member, or "removed" once removed.
    role: str
    members: int
    unread: int
    last_activity_at_ms: int
    closed: bool
    #: A demonstration channel (the embedded demo workspace): the UI marks it "DEMO".
    demo: bool = False


@dataclass(frozen=True)
class MemberSummary:
    device_id: str
    name: str
    agency: str
    role: Role
    verified: bool
    key_changed: bool


@dataclass(frozen=True)
class AttachmentInfo:
    name: str
    media_type: str
    size: int


@dataclass(frozen=True)
class TimelineEntry:
    """A message as the timeline shows it — or a refused envelope, never shown as a message:
    ``kind`` is then ``"rejected"`` and ``text`` says why."""

    message_id: str
    channel_id: str
    sender_device_id: str
    sender_name: str
    sent_at_ms: int
    kind: str
    text: str
    #: received / queued / sent / delivered / expired, "not_sent" (the relay refused
    #: it for good), or "rejected".
    state: str
    attachment: AttachmentInfo | None = None
    rejection: Rejection | None = None
    #: The store's arrival order (None for a refusal): the paging cursor.
    seq: int | None = None
    #: When it reached this device (the refusal's processing time): timeline order.
    received_at_ms: int = 0
    sender_agency: str = ""


@dataclass(frozen=True)
class TimelinePage:
    """A slice of a channel's timeline, oldest first, with refusals in their place."""

    entries: tuple[TimelineEntry, ...]
    #: True when older messages than this page's first exist (scrolling up loads them).
    has_older: bool
    #: True when newer messages than this page's last exist (scrolling down loads them);
    #: only :meth:`Workspace.timeline_page_after` reads pages that can stop short.
    has_newer: bool = False


@dataclass(frozen=True)
class SendOutcome:
    message_id: str | None
    #: True once the relay accepted it; False: stored and queued for a later sync.
    accepted: bool
    #: Why it is still queued (the relay is unreachable, ...); empty when accepted.
    problem: str


@dataclass(frozen=True)
class KeyWait:
    sender_device_id: str
    sender_name: str
    messages: int
    since_ms: int

    @property
    def text(self) -> str:
        return f"waiting for key from {self.sender_name}"


@dataclass(frozen=True)
class SafetyNumberView:
    device_id: str
    name: str
    agency: str
    fingerprint: str
    safety_number: str
    verified: bool
    key_changed: bool


class Workspace:
    def __init__(self, profile: Profile, client: RelayClient | None, *,
                 listener: SyncListener | None = None) -> None:
        self._profile = profile
        self._store = profile.store
        self._client = client
        self._state = CryptoState(profile)
        self._outbound = Outbound(self._state, profile.layout.root / OUTGOING_ATTACHMENTS_DIR)
        self.engine = SyncEngine(self._state, self._outbound, client, listener=listener)

    @classmethod
    def for_profile(cls, profile: Profile, *,
                    listener: SyncListener | None = None) -> Workspace:
        """The workspace over the profile's own relay (none if it was created without one)."""
        return cls(profile, client_for_profile(profile), listener=listener)

    def reload_relay(self) -> None:
        """Use the relay now saved in the profile (after
        :func:`~liaison_client.relay_connection.change_relay`) without reopening:
        the engine gets a client for the new address and trust, the old one is closed.
        Call it on the thread that runs sync rounds, between rounds."""
        old, self._client = self._client, client_for_profile(self._profile)
        self.engine.use_client(self._client)
        if old is not None:
            old.close()

    def close(self) -> None:
        self.engine.stop()
        if self._client is not None:
            self._client.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def _crypto(self) -> MegolmChannelCrypto:
        return self._state.crypto

    # -- identity and state ------------------------------------------------------

    def whoami(self) -> Whoami:
        return self._profile.whoami()

    @property
    def connection(self) -> ConnectionState:
        return self.engine.connection

    def outbox_count(self) -> int:
        """Envelopes and composed messages not yet accepted by the relay."""
        return self._store.outbox.count() + self._store.outgoing.count()

    # -- channels -------------------------------------------------------------

    def channels(self) -> list[ChannelSummary]:
        """Every channel this device knows, most recently active first."""
        own = self._profile.device_id
        demo = set(self._store.settings.get(DEMO_CHANNELS_SETTING, []))
        summaries = []
        for record in self._store.channels.all():
            members = dict(self._store.channels.members(record.channel_id))
            role = members.get(own)
            summaries.append(ChannelSummary(
                record.channel_id, record.name, str(role) if role else "removed", len(members),
                self._store.messages.unread_count(record.channel_id),
                record.last_activity_at_ms, record.closed, record.channel_id in demo))
        return summaries

    def channel(self, channel_id: str) -> ChannelSummary:
        for summary in self.channels():
            if summary.channel_id == channel_id:
                return summary
        raise UsageError(f"unknown channel {channel_id}")

    def mark_demo(self, channel_id: str) -> None:
        """Flag a channel as demonstration content, so no officer mistakes it for real."""
        self._membership(channel_id)
        flag_demo_channel(self._store, channel_id)

    def members(self, channel_id: str) -> list[MemberSummary]:
        state = self._membership(channel_id)
        own = self._profile.whoami()
        result = []
        for member in state.members:
            role = Role.COORDINATOR if member.device_id == state.coordinator.device_id \
                else Role.MEMBER
            if member.device_id == own.device_id:
                result.append(MemberSummary(own.device_id, own.name, own.agency, role, True,
                                            False))
                continue
            known = self._store.devices.get(member.device_id)
            result.append(MemberSummary(
                member.device_id, known.name if known else member.name,
                known.agency if known else member.agency, role,
                bool(known and known.verified), bool(known and known.key_changed)))
        return result

    def create_channel(self, name: str) -> ChannelSummary:
        """A new channel with this device as its coordinator (no network needed)."""
        with self._state.transaction() as crypto:
            out = crypto.create_channel(name)
        return self.channel(out.state.channel_id)

    def directory(self, query: str | None = None,
                  agency: str | None = None) -> list[DirectoryEntry]:
        """The officers enrolled on the relay, for choosing whom to invite.

        ``query`` matches names (case-insensitively) and device ids, ``agency``
        the enrollment agency exactly. Names are shown only when the device's
        signed profile verifies; each entry says which channels the device is
        already in.
        """
        client = self._require_client("the officer directory")
        query = (query or "").strip() or None
        agency = (agency or "").strip() or None
        if query is not None and len(query) > MAX_NAME_LENGTH:
            raise UsageError(f"a directory search is at most {MAX_NAME_LENGTH} characters")
        if agency is not None and len(agency) > MAX_AGENCY_LENGTH:
            raise UsageError(f"an agency is at most {MAX_AGENCY_LENGTH} characters")
        return read_directory(client, self._store, self._profile.device_id, query=query,
                              agency=agency)

    def publish_profile(self) -> CheckedProfile:
        """Sign this profile's name and agency anew and publish them in the relay directory.

        For a device registered before profiles existed (the directory lists it
        by its id) or whose officer's name changed since. Refused with the
        relay's answer if the agency is not the one the device was enrolled for.
        Returns the profile as the relay now serves it, checked.
        """
        client = self._require_client("publishing your name")
        own = self._profile.whoami()
        info = client.replace_profile(sign_profile(
            self._profile.identity, own.device_id, name=own.name, agency=own.agency,
            issued_at_ms=now_ms()))
        return checked_profile(info)

    def invite(self, channel_id: str, device_id: str, *, name: str | None = None) -> SendOutcome:
        """Add a device from the relay's directory (coordinator only).

        ``name`` is how the officer is shown to members; without it, the name
        the device signed in its directory profile is used (verified against
        its key), else one already known here, else the id.
        """
        self._require_coordinator(channel_id)
        client = self._require_client("inviting")
        member = directory_member(client, self._store, device_id, name)
        if remember_member(self._store, member) is KeyObservation.KEY_CHANGED:
            raise KeyChangedError(f"the relay presents a different key for {device_id} than "
                                  "this profile recorded: compare safety numbers before inviting",
                                  name=member.name, device_id=device_id)
        return self._membership_change(lambda c: c.invite(channel_id, member))

    def remove(self, channel_id: str, device_id: str) -> SendOutcome:
        """Remove a member (coordinator only); the next message rotates the group key."""
        self._require_coordinator(channel_id)
        return self._membership_change(lambda c: c.remove(channel_id, device_id))

    def _membership_change(self, issue: _Issue) -> SendOutcome:
        for _ in range(2):
            try:
                with self._state.transaction() as crypto:
                    self._outbound.queue_control(issue(crypto))
                return self._deliver(None)
            except MissingSessionsError as missing:
                establish_sessions(self._state, self._require_client("this change"),
                                   missing.device_ids)
        raise AssertionError("sessions were established; the change must go through")

    def mark_read(self, channel_id: str) -> int:
        return self._store.messages.mark_read(channel_id)

    # -- sending --------------------------------------------------------------

    def send_text(self, channel_id: str, text: str, *, deliver: bool = True) -> SendOutcome:
        """Store the message, then try the relay once; queued if it is unreachable.

        ``deliver=False`` only stores it (the next sync sends it): for a UI
        that must not wait on the network, or for many messages at once.
        """
        if not text.strip():
            raise UsageError("a message needs some text")
        size = len(text.encode("utf-8"))
        if size > MAX_TEXT_BYTES:
            raise MessageTooLongError(
                f"a message is at most {MAX_TEXT_BYTES // 1024} KiB of text (this one is "
                f"{-(-size // 1024)} KiB): send longer text as a file",
                limit_kib=str(MAX_TEXT_BYTES // 1024), size_kib=str(-(-size // 1024)))
        message = self._outbound.compose(channel_id, TextBody(text))
        if not deliver:
            return SendOutcome(message.message_id, False, "stored; the next sync sends it")
        return self._deliver(message.message_id)

    def send_attachment(self, channel_id: str, path: Path, *,
                        progress: AttachmentProgressCallback | None = None) -> SendOutcome:
        """Encrypt ``path`` into the outgoing folder, upload it, then send its message.

        ``progress`` hears the bytes encrypted, then the bytes uploaded (on this
        thread, counts only). With no relay reachable the message stays queued
        with its encrypted file, like any send, and the next sync uploads it.
        """
        encrypting = None if progress is None else for_stage(AttachmentStage.ENCRYPTING,
                                                             progress)
        message = self._outbound.compose_attachment(channel_id, path, progress=encrypting)
        if self._client is not None and isinstance(message.body, AttachmentBody):
            uploading = None if progress is None else for_stage(AttachmentStage.UPLOADING,
                                                                progress)
            # On failure it is still queued with its file: the round below says why.
            with contextlib.suppress(RelayError):
                self._outbound.upload_attachment(self._client, message.message_id,
                                                 message.body.sha256, progress=uploading)
        return self._deliver(message.message_id)

    def _deliver(self, message_id: str | None) -> SendOutcome:
        report = self.engine.send_pending()
        if message_id is None:
            accepted = report.outbox == 0
        else:
            record = self._store.messages.get(message_id)
            accepted = record is not None and record.state in (MessageState.SENT,
                                                               MessageState.DELIVERED)
        return SendOutcome(message_id, accepted, "" if accepted else
                           report.problem or "waiting in the outbox for the next sync")

    def sync(self, wait: float = 0.0) -> SyncReport:
        """Send what is queued and process everything pending (long-poll up to ``wait`` s)."""
        return self.engine.run_once(wait, ignore_backoff=True)

    def delivery(self, message_id: str) -> list[Delivery]:
        return self._store.deliveries.for_message(message_id)

    # -- reading --------------------------------------------------------------

    def messages(self, channel_id: str, *, limit: int | None = None,
                 search: str | None = None) -> list[TimelineEntry]:
        """Oldest first: the channel's messages and, in their place, refused envelopes.

        With ``search``, the newest matches (up to ``limit``, default 100),
        oldest first; refusals are never search results.
        """
        self._membership(channel_id)
        if limit is not None and limit < 1:
            raise UsageError("--limit must be at least 1")
        if search is not None:
            found = self._store.messages.search(search, channel_id=channel_id,
                                                limit=limit or 100)
            return [self._entry(m) for m in reversed(found)]
        records = (self._store.messages.latest(channel_id, limit) if limit is not None
                   else self._store.messages.in_channel(channel_id))
        refused = self._store.envelope_log.rejected(limit or 10_000, channel_id=channel_id)
        timeline = [(m.received_at_ms, self._entry(m)) for m in records]
        timeline += [(r.processed_at_ms, self._refusal(r, channel_id)) for r in refused]
        timeline.sort(key=lambda pair: pair[0])
        entries = [entry for _, entry in timeline]
        return entries[-limit:] if limit is not None else entries

    def timeline_page(self, channel_id: str, *, before: TimelineEntry | None = None,
                      limit: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Newest-first paging for a chat view: the ``limit`` messages before ``before``
        (the oldest entry already shown; None for the newest page), oldest first.

        Memory then grows with what the officer scrolls through, never with the
        channel's length. Refusals whose processing time falls in the page's span
        are merged in, so each one appears on exactly one page.
        """
        self._membership(channel_id)
        if limit < 1:
            raise UsageError("a page holds at least one message")
        # One row more than asked says whether an older page exists, without count(*).
        rows = self._store.messages.latest(
            channel_id, limit + 1, before_seq=None if before is None else before.seq)
        has_older = len(rows) > limit
        records = rows[1:] if has_older else rows
        lower = records[0].received_at_ms if has_older and records else None
        upper = None if before is None else before.received_at_ms
        return TimelinePage(self._merge_refusals(channel_id, records, lower, upper), has_older)

    def timeline_page_after(self, channel_id: str, after: TimelineEntry, *,
                            limit: int = TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Oldest-first paging downwards: the ``limit`` messages after ``after`` (the newest
        entry shown), for a timeline that let go of newer pages while the officer read far
        back and now scrolls down again.

        Refusals processed after ``after`` and no later than this page's last message
        are merged in (all of them when it is the newest page), so each one appears
        on exactly one page going down, and never again on the page before it.
        """
        self._membership(channel_id)
        if limit < 1:
            raise UsageError("a page holds at least one message")
        if after.seq is None:
            raise UsageError("only a stored message can be a paging cursor")
        rows = self._store.messages.in_channel(channel_id, after_seq=after.seq, limit=limit + 1)
        has_newer = len(rows) > limit
        records = rows[:limit]
        upper = records[-1].received_at_ms + 1 if has_newer else None
        entries = self._merge_refusals(channel_id, records, after.received_at_ms + 1, upper)
        return TimelinePage(entries, has_older=True, has_newer=has_newer)

    def search(self, channel_id: str, query: str, *, limit: int = 100) -> list[TimelineEntry]:
        """The channel's messages matching every term of ``query`` (the store's FTS, CJK
        and Latin), newest first; refusals are never results."""
        self._membership(channel_id)
        if not query.strip():
            return []
        return [self._entry(m) for m in
                self._store.messages.search(query, channel_id=channel_id, limit=limit)]

    def timeline_since(self, channel_id: str, after: TimelineEntry | None,
                       *, limit: int = 10 * TIMELINE_PAGE_SIZE) -> TimelinePage:
        """Entries from ``after`` (inclusive) on: what a shown timeline re-reads when
        messages arrive or delivery states change. Starting *at* ``after`` lets
        the caller refresh the state of a message it shows and append what is new
        in one read. More than ``limit`` new messages at once: the caller reloads
        the newest page instead (``has_older`` is then True)."""
        if after is None or after.seq is None:
            return self.timeline_page(channel_id, limit=limit)
        self._membership(channel_id)
        records = self._store.messages.in_channel(channel_id, after_seq=after.seq - 1,
                                                  limit=limit + 1)
        if len(records) > limit:
            return TimelinePage((), True)
        return TimelinePage(
            self._merge_refusals(channel_id, records, after.received_at_ms, None), False)

    def _merge_refusals(self, channel_id: str, records: list[MessageRecord],
                        lower_ms: int | None, upper_ms: int | None) -> tuple[TimelineEntry, ...]:
        refused = [r for r in self._store.envelope_log.rejected(_REFUSALS_PER_PAGE,
                                                                 channel_id=channel_id)
                   if (lower_ms is None or r.processed_at_ms >= lower_ms)
                   and (upper_ms is None or r.processed_at_ms < upper_ms)]
        people: dict[str, tuple[str, str]] = {}
        timeline = [self._entry(m, people) for m in records]
        timeline += [self._refusal(r, channel_id, people) for r in refused]
        timeline.sort(key=lambda entry: (entry.received_at_ms, entry.seq or 0))
        return tuple(timeline)

    def rejected(self, *, channel_id: str | None = None,
                 limit: int = 100) -> list[TimelineEntry]:
        """Refused envelopes, newest first (all channels, or one)."""
        return [self._refusal(r, r.channel_id or "")
                for r in self._store.envelope_log.rejected(limit, channel_id=channel_id)]

    def waiting_for_keys(self, *, older_than_ms: int = KEY_WAIT_NOTICE_MS) -> list[KeyWait]:
        """Group messages held for their key longer than ``older_than_ms``, per sender."""
        cutoff = now_ms() - older_than_ms
        return [KeyWait(sender, self._name_of(sender), count, since)
                for sender, count, since in self._store.group_sessions.pending_senders()
                if since <= cutoff]

    def save_attachment(self, message_id: str, destination: Path, *,
                        overwrite: bool = False) -> Path:
        """Download, verify and decrypt an attachment to ``destination``: in a directory
        under the sender's name made safe, never over an existing file unless
        ``overwrite`` (liaison_client/attachment_names.py)."""
        record = self._store.messages.get(message_id)
        if record is None or record.kind != "attachment" or record.content is None:
            raise UsageError(f"message {message_id} carries no attachment")
        body = json.loads(record.content)
        try:
            key = base64.b64decode(body["key"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise UsageError(f"message {message_id} has a malformed attachment key") from exc
        client = self._require_client("downloading an attachment")
        with claimed_destination(destination.expanduser(), str(body["name"]),
                                 overwrite=overwrite) as destination, \
                tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
            encrypted = Path(scratch) / "download.lsa"
            client.download_blob(body["sha256"], encrypted)
            with encrypted.open("rb") as source:
                decrypt_attachment(source, destination,
                                   AttachmentSecret(key, body["sha256"], int(body["size"])))
        return destination

    # -- trust --------------------------------------------------------------------

    def safety_number(self, device_id: str) -> SafetyNumberView:
        number, known = safety_number_with(self._store, self._crypto.olm.own_keys, device_id)
        return SafetyNumberView(device_id, known.name, known.agency, known.ed25519_key,
                                number.grouped(), known.verified, known.key_changed)

    def verify(self, device_id: str, *, compared: str | None = None) -> SafetyNumberView:
        """Trust the device's current key; ``compared`` (the digits read out) must match."""
        view = self.safety_number(device_id)
        if compared is not None and "".join(compared.split()) != "".join(
                view.safety_number.split()):
            raise UsageError("the safety numbers differ: do not verify; the key may have been "
                             "substituted")
        mark_verified(self._store, device_id, view.fingerprint, now_ms())
        return self.safety_number(device_id)

    # -- helpers ------------------------------------------------------------------

    def _membership(self, channel_id: str) -> MembershipState:
        state = self._crypto.membership.state(channel_id)
        if state is None:
            raise UsageError(f"unknown channel {channel_id}")
        return state

    def _require_coordinator(self, channel_id: str) -> None:
        if self._membership(channel_id).coordinator.device_id != self._profile.device_id:
            raise NotCoordinatorError("only the channel's coordinator can change its membership")

    def _require_client(self, what: str) -> RelayClient:
        if self._client is None:
            raise UsageError(f"{what} needs a relay, and this profile has none "
                             "(create it with 'liaison init --relay URL --token TOKEN')")
        return self._client

    def _name_of(self, device_id: str) -> str:
        return self._person(device_id)[0]

    def _person(self, device_id: str,
                cache: dict[str, tuple[str, str]] | None = None) -> tuple[str, str]:
        """(name, agency) of a device; ``cache`` spares repeated look-ups within a page."""
        if cache is not None and device_id in cache:
            return cache[device_id]
        own = self._profile.whoami()
        if device_id == own.device_id:
            person = (own.name, own.agency)
        else:
            known = self._store.devices.get(device_id)
            person = (known.name, known.agency) if known is not None else (device_id, "")
        if cache is not None:
            cache[device_id] = person
        return person

    def _entry(self, record: MessageRecord,
               people: dict[str, tuple[str, str]] | None = None) -> TimelineEntry:
        attachment = None
        if record.kind == "attachment" and record.content is not None:
            body = json.loads(record.content)
            attachment = AttachmentInfo(str(body["name"]), str(body["media_type"]),
                                        int(body["size"]))
        name, agency = self._person(record.sender_device_id, people)
        state = str(record.state)
        if (record.state is MessageState.QUEUED
                and self._store.outbox.set_aside_reason(record.message_id) is not None):
            state = NOT_SENT_STATE
        return TimelineEntry(record.message_id, record.channel_id, record.sender_device_id,
                             name, record.sent_at_ms, record.kind, record.body,
                             state, attachment, seq=record.seq,
                             received_at_ms=record.received_at_ms, sender_agency=agency)

    def _refusal(self, entry: ProcessedEnvelope, channel_id: str,
                 people: dict[str, tuple[str, str]] | None = None) -> TimelineEntry:
        reason = Rejection(entry.reason) if entry.reason else Rejection.MALFORMED
        name, agency = self._person(entry.sender_device_id, people)
        return TimelineEntry(entry.envelope_id, channel_id, entry.sender_device_id,
                             name, entry.processed_at_ms,
                             REJECTED_KIND, f"rejected: {user_text(reason)}", REJECTED_KIND,
                             rejection=reason, received_at_ms=entry.processed_at_ms,
                             sender_agency=agency)


def flag_demo_channel(store: Store, channel_id: str) -> None:
    """Flag ``channel_id`` as demonstration content in ``store``, also before the
    channel has arrived: the newcomer learns of the demo operation by sync, and
    it must carry its DEMO badge from the first moment it is listed."""
    demo = set(store.settings.get(DEMO_CHANNELS_SETTING, []))
    store.settings.set(DEMO_CHANNELS_SETTING, sorted(demo | {channel_id}))
