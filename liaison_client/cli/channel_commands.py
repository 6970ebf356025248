"""``liaison channel …``, ``directory``, ``send``, ``sync``, ``messages``, ``safety-number``,
``verify``, ``unverify``.

A thin layer over :class:`~liaison_client.workspace.Workspace`: parse, call,
print. The JSON shapes are a contract IT scripts and the acceptance tests
depend on (issue #4); extra keys may be added, none removed or renamed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_client.channels.kinds import MessageKind
from liaison_client.cli import output, prompts
from liaison_client.cli.report_output import report_json, report_text
from liaison_client.crypto.identity import format_fingerprint
from liaison_client.display_text import terminal_block, terminal_field
from liaison_client.errors import UsageError
from liaison_client.net.errors import RelayError
from liaison_client.profile import open_profile
from liaison_client.store.layout import resolve_profile_dir
from liaison_client.sync.engine import SyncReport
from liaison_client.workspace import (
    KEY_WAIT_NOTICE_MS,
    ComparedBy,
    EventAction,
    MemberSummary,
    SafetyNumberView,
    SendOutcome,
    TimelineEntry,
    TimelineEvent,
    TimelineState,
    Workspace,
)

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    channel = subparsers.add_parser("channel", help="create, list and manage channels")
    commands = channel.add_subparsers(dest="channel_command", required=True, metavar="ACTION")

    create = _command(commands, "create", "create a channel; you are its coordinator",
                      run_create, json=True)
    create.add_argument("name", metavar="NAME")
    _command(commands, "list", "the channels of this device", run_list, json=True)
    invite = _command(commands, "invite", "add a device from the relay directory "
                      "(coordinator only)", run_invite)
    invite.add_argument("channel_id", metavar="CHANNEL_ID")
    invite.add_argument("device_id", metavar="DEVICE_ID")
    invite.add_argument("--name", help="the officer's name as members will see it "
                        "(default: the name the officer signed in the relay directory)")
    remove = _command(commands, "remove", "remove a member (coordinator only)", run_remove)
    remove.add_argument("channel_id", metavar="CHANNEL_ID")
    remove.add_argument("device_id", metavar="DEVICE_ID")
    members = _command(commands, "members", "who is in a channel", run_members, json=True)
    members.add_argument("channel_id", metavar="CHANNEL_ID")
    close = _command(commands, "close", "end the operation: no member can send to it any "
                     "more (coordinator only)", run_close)
    close.add_argument("channel_id", metavar="CHANNEL_ID")
    retention = _command(commands, "retention", "delete every member's local history N days "
                         "after the close (coordinator only)", run_retention)
    retention.add_argument("channel_id", metavar="CHANNEL_ID")
    retention.add_argument("--days", metavar="N", type=int, required=True)
    receipts = _command(commands, "read-receipts", "turn the operation's read receipts on or "
                        "off for every member (coordinator only; off by default)",
                        run_read_receipts)
    receipts.add_argument("channel_id", metavar="CHANNEL_ID")
    receipts.add_argument("setting", choices=("on", "off"))
    info = _command(commands, "info", "the operation's state, times, retention and members",
                    run_info, json=True)
    info.add_argument("channel_id", metavar="CHANNEL_ID")

    directory = _command(subparsers, "directory", "the officers enrolled on the relay "
                         "(whom a coordinator can invite)", run_directory, json=True)
    directory.add_argument("--agency", metavar="AGENCY", help="only this enrollment agency")
    directory.add_argument("--search", metavar="QUERY",
                           help="only names (any case) or device ids containing QUERY")

    send = _command(subparsers, "send", "send a message (queued if the relay is unreachable)",
                    run_send, json=True)
    send.add_argument("channel_id", metavar="CHANNEL_ID")
    send.add_argument("text", metavar="TEXT", help="the message text ('' to send only files)")
    send.add_argument("--attach", metavar="FILE", type=Path, action="append", default=[],
                      help="attach a file (repeatable)")
    send.add_argument("--reply-to", metavar="MESSAGE_ID", default=None,
                      help="send the text as a reply to that message of the channel")

    sync = _command(subparsers, "sync", "send what is queued and receive what is pending",
                    run_sync, json=True)
    sync.add_argument("--wait", metavar="SECONDS", type=_seconds, default=0.0,
                      help="long-poll up to SECONDS for new envelopes")
    # A monitoring script may want the alarm sooner (or later) than the desktop's 30 s.
    sync.add_argument("--waiting-after", metavar="SECONDS", type=_seconds,
                      default=KEY_WAIT_NOTICE_MS / 1000,
                      help="name the senders whose messages have waited longer than SECONDS "
                           f"for their key (default {KEY_WAIT_NOTICE_MS // 1000})")

    messages = _command(subparsers, "messages", "a channel's messages, oldest first",
                        run_messages, json=True)
    messages.add_argument("channel_id", metavar="CHANNEL_ID")
    messages.add_argument("--search", metavar="QUERY", help="only messages matching QUERY")
    messages.add_argument("--limit", metavar="N", type=int, help="only the last N")
    messages.add_argument("--events", action="store_true",
                          help="also list membership changes (created, invited, removed, "
                               "renamed, closed) and this device's verifications")

    safety = _command(subparsers, "safety-number", "the number to compare with another "
                      "officer", run_safety_number, json=True)
    safety.add_argument("device_id", metavar="DEVICE_ID")
    verify = _command(subparsers, "verify", "trust a device's key after comparing safety "
                      "numbers", run_verify, description=VERIFY_DESCRIPTION)
    verify.add_argument("device_id", metavar="DEVICE_ID")
    how = verify.add_mutually_exclusive_group()
    how.add_argument("--safety-number", metavar="DIGITS",
                     help="the digits the other officer read out; must match")
    how.add_argument("--yes", action="store_true",
                     help="the digits were compared elsewhere: verify without asking")
    unverify = _command(subparsers, "unverify", "withdraw a verification (the key is trusted "
                        "on first use again)", run_unverify)
    unverify.add_argument("device_id", metavar="DEVICE_ID")

    save = _command(subparsers, "save-attachment", "download and decrypt an attachment",
                    run_save_attachment)
    save.add_argument("message_id", metavar="MESSAGE_ID")
    save.add_argument("destination", metavar="PATH", type=Path)
    save.add_argument("--force", action="store_true",
                      help="overwrite a file of the same name (default: save as 'NAME (1).EXT')")


def _command(subparsers: Subparsers, name: str, help_text: str, run: Any, *,
             json: bool = False, description: str | None = None) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text, description=description)
    # Also accepted after the command; the global option before it still works.
    parser.add_argument("--profile", metavar="DIR", default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)
    if json:
        parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=run)
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from exc
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return value


@contextmanager
def _workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    with open_profile(resolve_profile_dir(args.profile), passphrase=prompts.passphrase) \
            as profile, Workspace.for_profile(profile) as workspace:
        yield workspace


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds") \
        .replace("+00:00", "Z")


# -- channel ----------------------------------------------------------------------

def run_create(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        created = workspace.channels.create(args.name)
    if args.json:
        output.emit_json({"channel_id": created.channel_id, "name": created.name})
    else:
        print(f"Channel '{terminal_field(created.name)}' created: {created.channel_id}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        channels = workspace.channels.all()
    rows = [{"channel_id": c.channel_id, "name": c.name, "role": c.role, "members": c.members,
             "unread": c.unread, "closed": c.closed,
             "last_activity_at": _iso(c.last_activity_at_ms)} for c in channels]
    if args.json:
        output.emit_json(rows)
    elif not rows:
        print("No channels yet: 'liaison channel create NAME', or wait for an invitation.")
    for c in [] if args.json else channels:
        unread = f", {c.unread} unread" if c.unread else ""
        print(f"{c.channel_id}  {terminal_field(c.name)}  ({c.role}, {c.members} members{unread})")
    return 0


def run_invite(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        outcome = workspace.channels.invite(args.channel_id, args.device_id, name=args.name)
        invited = next((m for m in workspace.channels.members(args.channel_id)
                        if m.device_id == args.device_id), None)
    who = args.device_id if invited is None else \
        f"{terminal_field(invited.name)} ({terminal_field(invited.agency)}, {args.device_id})"
    _print_delivery(outcome, f"{who} invited")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        outcome = workspace.channels.remove(args.channel_id, args.device_id)
    _print_delivery(outcome, f"{args.device_id} removed")
    return 0


def run_members(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        members = workspace.channels.members(args.channel_id)
        # Revocations by the relay's administrator (issue 10, item 5): asked of
        # the relay; offline, the list is still shown, without the marks.
        try:
            revoked = workspace.directory.revoked_devices(m.device_id for m in members)
            revocations_known = True
        except RelayError:
            revoked, revocations_known = {}, False
    if args.json:
        output.emit_json([{"device_id": m.device_id, "name": m.name, "agency": m.agency,
                           "role": str(m.role), "verified": m.verified,
                           "key_changed": m.key_changed,
                           "revoked_at_ms": revoked.get(m.device_id)} for m in members])
        return 0
    for m in members:
        trust = "KEY CHANGED" if m.key_changed else "verified" if m.verified else "unverified"
        mark = ", REVOKED by the relay's administrator: ask the coordinator to remove " \
            "this device" if m.device_id in revoked else ""
        print(f"{m.device_id}  {terminal_field(m.name)} ({terminal_field(m.agency)})  "
              f"{m.role}, {trust}{mark}")
    if not revocations_known:
        print("(the relay could not be reached: revoked devices are not marked)")
    return 0


def run_close(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        outcome = workspace.lifecycle.close(args.channel_id)
    _print_delivery(outcome, f"channel {args.channel_id} closed")
    return 0


def run_retention(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        outcome = workspace.lifecycle.set_retention(args.channel_id, args.days)
    _print_delivery(outcome, f"local history deleted {args.days} day(s) after the close")
    return 0


def run_read_receipts(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        outcome = workspace.lifecycle.set_read_receipts(args.channel_id, args.setting == "on")
    _print_delivery(outcome, f"read receipts {args.setting}")
    return 0


def run_info(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        info = workspace.lifecycle.info(args.channel_id)
    if args.json:
        # Shape documented in docs/OPERATIONS.md.
        output.emit_json({
            "channel_id": info.channel_id, "name": info.name, "state": str(info.state),
            "opened_at": _iso(info.opened_at_ms),
            "closed_at": None if info.closed_at_ms is None else _iso(info.closed_at_ms),
            "retention_days": info.retention_days,
            "read_receipts": info.read_receipts,
            "history_deleted_at": None if info.purge_at_ms is None else _iso(info.purge_at_ms),
            "coordinator": _member_json(info.coordinator),
            "members": [_member_json(m) for m in info.members]})
        return 0
    print(f"{info.channel_id}  {terminal_field(info.name)}  {info.state}")
    print(f"opened {_iso(info.opened_at_ms)}")
    if info.closed_at_ms is not None:
        print(f"closed {_iso(info.closed_at_ms)}")
    if info.retention_days is not None:
        when = "" if info.purge_at_ms is None else f": local history deleted " \
            f"{_iso(info.purge_at_ms)}"
        print(f"retention {info.retention_days} day(s) after the close{when}")
    print(f"read receipts {'on' if info.read_receipts else 'off'}")
    for m in info.members:
        print(f"{m.device_id}  {terminal_field(m.name)} ({terminal_field(m.agency)})  {m.role}")
    return 0


def _member_json(member: MemberSummary) -> dict[str, Any]:
    return {"device_id": member.device_id, "name": member.name, "agency": member.agency,
            "role": str(member.role)}


def run_directory(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        entries = workspace.directory.search(args.search, args.agency)
    for entry in entries:
        if entry.profile_problem is not None:
            print(f"liaison: warning: {entry.device_id}: {terminal_field(entry.profile_problem)}; "
                  "showing its device id instead of a name", file=sys.stderr)
    if args.json:
        output.emit_json([{"device_id": e.device_id, "name": e.name, "agency": e.agency,
                           "fingerprint": e.fingerprint} for e in entries])
        return 0
    if not entries:
        print("No enrolled officer matches." if args.search or args.agency
              else "No officer is enrolled on the relay yet.")
    for e in entries:
        notes = [note for flag, note in ((e.own, "this device"),
                                         (e.key_changed, "KEY CHANGED")) if flag]
        suffix = f"  [{', '.join(notes)}]" if notes else ""
        print(f"{e.device_id}  {terminal_field(e.name)} ({terminal_field(e.agency)})  "
              f"{format_fingerprint(e.fingerprint)}"
              f"{suffix}")
    return 0


# -- messages ------------------------------------------------------------------------

def run_send(args: argparse.Namespace) -> int:
    if not args.text.strip() and not args.attach:
        raise UsageError("nothing to send: give a text or --attach FILE")
    outcomes: list[SendOutcome] = []
    with _workspace(args) as workspace:
        if args.text.strip():
            outcomes.append(workspace.sending.send_text(args.channel_id, args.text,
                                                        reply_to=args.reply_to))
        outcomes.extend(workspace.sending.send_attachment(args.channel_id, path)
                        for path in args.attach)
    if args.json:
        output.emit_json([{"message_id": o.message_id,
                           "state": TimelineState.SENT if o.accepted else TimelineState.QUEUED,
                           "problem": o.problem or None} for o in outcomes])
        return 0
    for outcome in outcomes:
        _print_delivery(outcome, f"sent {outcome.message_id}")
    return 0


def _print_delivery(outcome: SendOutcome, done: str) -> None:
    if outcome.accepted:
        print(done)
    else:
        print(f"queued ({terminal_field(outcome.problem)}); a later 'liaison sync' delivers it")


def run_sync(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        report = workspace.sync(args.wait)
        waits = workspace.timeline.waiting_for_keys(
            older_than_ms=round(args.waiting_after * 1000))
    if args.json:
        output.emit_json(_report_json(report) | {
            "waiting": [{"sender_device_id": w.sender_device_id, "text": w.text,
                         "messages": w.messages} for w in waits]})
        return 0
    print(f"sent {report.sent}, received {report.received}, rejected {report.rejected}, "
          f"waiting for key {report.waiting_for_key}; outbox {report.outbox}; "
          f"relay {report.connection}")
    for rejection in report.rejections:
        reason = terminal_field(str(rejection.reason))
        print(f"rejected from {rejection.sender_device_id}: {reason}")
    for wait in waits:
        print(f"{terminal_field(wait.text)} ({wait.messages} message(s))")
    for removal in report.revoked_removals:
        print(f"removed {terminal_field(removal.name)} ({removal.device_id}) from "
              f"{removal.channel_id}: the relay's administrator revoked the device")
    if report.problem:
        print(f"note: {terminal_field(report.problem)}", file=sys.stderr)
    return 0


def _report_json(report: SyncReport) -> dict[str, Any]:
    return {"sent": report.sent, "received": report.received, "rejected": report.rejected,
            "held": report.held, "waiting_for_key": report.waiting_for_key,
            "expired": report.expired, "outbox": report.outbox,
            "connection": str(report.connection), "problem": report.problem or None,
            "revoked_removals": [{"channel_id": r.channel_id, "device_id": r.device_id,
                                  "name": r.name, "revoked_at_ms": r.revoked_at_ms}
                                 for r in report.revoked_removals]}


def run_messages(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        entries = workspace.timeline.messages(args.channel_id, limit=args.limit,
                                              search=args.search, events=args.events)
        workspace.timeline.mark_read(args.channel_id)
    if args.json:
        output.emit_json([_entry_json(e) for e in entries])
        return 0
    for e in entries:
        if e.event is not None:
            print(f"[{_iso(e.sent_at_ms)}] -- {_event_sentence(e.event)}")
            continue
        marker = "!! " if e.is_notice else ""
        # A report: its kind, then one "Label: value" line per field, indented.
        text = report_text(e) or e.text
        # Member-supplied: controls shown, continuation lines indented (display_text).
        # An export record reads as a sentence: "Li Wei exported the transcript ...".
        said = " " if e.kind == MessageKind.TRANSCRIPT_EXPORT else ": "
        print(f"[{_iso(e.sent_at_ms)}] {marker}{terminal_field(e.sender_name)}{said}"
              f"{terminal_block(text)}"
              + (f"  ({e.state})"
                 if e.state not in (TimelineState.RECEIVED, TimelineState.REJECTED,
                                    TimelineState.MISSING) else ""))
    return 0


def _event_sentence(event: TimelineEvent) -> str:
    """A membership change or a decision in the CLI's English (the desktop words it in the
    officer's language, with "you" forms: ui/timeline/timeline_text.py)."""
    actor, subject = terminal_field(event.actor_name), terminal_field(event.subject_name)
    detail = terminal_field(event.detail)
    return {
        EventAction.CREATED: f"{actor} created this operation",
        EventAction.INVITED: f"{actor} invited {subject}",
        EventAction.REMOVED: f"{actor} removed {subject}",
        EventAction.RENAMED: f"{actor} renamed this operation \"{detail}\"",
        EventAction.CLOSED: f"{actor} closed this operation",
        EventAction.RETENTION: f"{actor} set the history to be deleted {detail} days "
                               "after the close",
        EventAction.READ_RECEIPTS: f"{actor} turned read receipts "
                                   + ("on" if event.detail == "on" else "off"),
        EventAction.VERIFIED: f"{actor} verified {subject}'s key by "
                              + ("scanning their code" if event.detail == ComparedBy.QR_CODE
                                 else "comparing the 60 digits"),
        EventAction.UNVERIFIED: f"{actor} marked {subject} as not verified",
    }[event.action]


def _entry_json(entry: TimelineEntry) -> dict[str, Any]:
    row: dict[str, Any] = {
        "message_id": entry.message_id, "channel_id": entry.channel_id,
        "sender_device_id": entry.sender_device_id, "sender_name": entry.sender_name,
        "sent_at": _iso(entry.sent_at_ms), "text": entry.text, "kind": entry.kind,
        "state": entry.state,
    }
    if entry.attachment is not None:
        row["attachment"] = {"name": entry.attachment.name, "size": entry.attachment.size,
                             "media_type": entry.attachment.media_type}
    if entry.rejection is not None:
        row["reason"] = str(entry.rejection)
    if entry.membership_change is not None:
        change = entry.membership_change
        row["membership_change"] = {"action": change.action, "epoch": change.epoch,
                                    "member_device_id": change.member_device_id,
                                    "member_name": change.member_name}
    if entry.kind == TimelineState.MISSING:
        row["missing"] = entry.missing
    if entry.reply is not None:  # a reply: the message it answers, as this device holds it
        row["reply_to"] = {"message_id": entry.reply.message_id, "held": entry.reply.held,
                           "sender_name": entry.reply.sender_name or None,
                           "excerpt": entry.reply.excerpt or None}
    if entry.event is not None:
        event = entry.event
        row["text"] = _event_sentence(event)
        row["event"] = {"action": str(event.action), "actor_device_id": event.actor_device_id,
                        "actor_name": event.actor_name,
                        "subject_device_id": event.subject_device_id or None,
                        "subject_name": event.subject_name or None,
                        "detail": event.detail or None}
    if entry.report is not None:  # the English rendering, not the bilingual search text
        row["text"] = report_text(entry)
    return row | report_json(entry)


def run_save_attachment(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        saved = workspace.attachments.save(args.message_id, args.destination,
                                           overwrite=args.force)
    print(f"saved {terminal_field(str(saved))}")
    return 0


# -- trust ----------------------------------------------------------------------------

def run_safety_number(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        view = workspace.trust.safety_number(args.device_id)
    if args.json:
        output.emit_json({"device_id": view.device_id, "name": view.name,
                          "agency": view.agency, "fingerprint": view.fingerprint,
                          "safety_number": view.safety_number, "verified": view.verified,
                          "key_changed": view.key_changed})
        return 0
    output.emit_fields([
        ("device", f"{terminal_field(view.name)} ({terminal_field(view.agency)}), "
                    f"{view.device_id}"),
        ("fingerprint", format_fingerprint(view.fingerprint)),
        ("safety number", view.safety_number),
        ("status", "KEY CHANGED" if view.key_changed
         else "verified" if view.verified else "not verified"),
    ])
    return 0


VERIFY_DESCRIPTION = """\
Mark a device's identity key as verified once its safety number was compared with
what its officer sees. On a terminal, without --safety-number or --yes, it shows
the officer, agency, fingerprint and safety number and asks; only "y" verifies.
--safety-number DIGITS verifies only if the digits match. --yes verifies without
asking (the digits were compared elsewhere). Without a terminal and without either
option it verifies as it always has, with a note on stderr (docs/CRYPTO.md)."""


#: Exit status when the officer did not confirm the digits (nothing was changed).
NOT_VERIFIED_EXIT = 1


def run_verify(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        compared = args.safety_number
        if compared is None and not args.yes:
            if prompts.interactive():
                compared = _compare_on_terminal(workspace.trust.safety_number(args.device_id))
                if compared is None:
                    return NOT_VERIFIED_EXIT
            else:
                print("note: verified without comparing safety numbers here; scripts should "
                      "pass --safety-number DIGITS, or --yes once they were compared "
                      "elsewhere", file=sys.stderr)
        view = workspace.trust.verify(args.device_id, compared=compared)
    print(f"{terminal_field(view.name)} ({view.device_id}) is verified: safety number "
          f"{view.safety_number}")
    return 0


def run_unverify(args: argparse.Namespace) -> int:
    """Undo ``liaison verify``; logged in the shared operations' timelines like it."""
    with _workspace(args) as workspace:
        before = workspace.trust.safety_number(args.device_id)
        view = workspace.trust.unverify(args.device_id)
    state = "is no longer verified" if before.verified else "was not verified"
    print(f"{terminal_field(view.name)} ({view.device_id}) {state}")
    return 0


def _compare_on_terminal(view: SafetyNumberView) -> str | None:
    """Show what to compare and ask: the digits shown if the officer says they match,
    else None (said so on stderr).

    Verifying with the digits shown, not simply "the current key", means a key
    that changed while the officer was reading is refused, not trusted.
    """
    groups = view.safety_number.split()
    name = terminal_field(view.name)
    output.emit_fields([
        ("officer", name),
        ("agency", terminal_field(view.agency) or "(unknown)"),
        ("device", view.device_id),
        ("fingerprint", format_fingerprint(view.fingerprint)),
        ("safety number", " ".join(groups[:4])),
        ("", " ".join(groups[4:8])),
        ("", " ".join(groups[8:])),
    ])
    if view.key_changed:
        print(f"WARNING: {name}'s key CHANGED since this device first saw it: compare "
              "in person, or on a call you placed yourself.")
    if prompts.confirm(f"Do these digits match what {name} sees? [y/N] "):
        return view.safety_number
    print(f"liaison: {name} ({view.device_id}) was NOT verified: compare the safety "
          "numbers again; if they differ, do not trust this device", file=sys.stderr)
    return None
