"""``liaison watchlist add|list|retire|lock|unlock|history|import|export|match|snapshots|status``
(issue 14, item 6).

A thin layer over :class:`~liaison_client.workspace.watchlists.WatchlistsService`.
The JSON shapes are the issue's contract (extra keys may be added, none removed
or renamed). A value, file or edit the watch-list rules refuse exits 1 with
one line on stderr (``liaison: <reason>``); an import with invalid rows prints
every one as ``line N: reason`` and stores nothing. Member-supplied text
(values, notes, tags, list names, manifest cells) is printed through
:func:`~liaison_client.display_text.terminal_field`: shown, never obeyed.
``liaison sync`` applies received watch-list operations like messages (the
workspace registers the ``watchlist.op`` handler), and a late joiner's snapshot
of the lists (``watchlist.snapshot``); ``watchlist snapshots`` shows the snapshot
parts received and every forwarded operation refused, with why; ``watchlist
status`` says whether this device's op log matched the last digest heard from each
member (anti-entropy, ``watchlist.digest``) and how many operations anti-entropy
filled in (``--announce`` asks the members to compare now).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liaison_client.cli import output, prompts
from liaison_client.display_text import terminal_field
from liaison_client.profile import open_profile
from liaison_client.store.layout import resolve_profile_dir
from liaison_client.watchlists.errors import WatchlistError
from liaison_client.watchlists.kinds.value import Flag
from liaison_client.workspace import Workspace
from liaison_client.workspace.watchlists import Entry, HistoryRecord, WatchlistEdit

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]

#: Exit status of a refused value, file or edit (the issue's contract: 1, not usage's 2).
REFUSED = 1


def add_parsers(subparsers: Subparsers) -> None:
    watchlist = subparsers.add_parser("watchlist", help="a channel's shared watch-lists")
    commands = watchlist.add_subparsers(dest="watchlist_command", required=True,
                                        metavar="ACTION")

    add = _command(commands, "add", "add an entry (creates the list if needed)", run_add,
                   json=True)
    add.add_argument("channel_id", metavar="CHANNEL_ID")
    add.add_argument("--list", dest="list_name", metavar="NAME", required=True)
    add.add_argument("--kind", metavar="KIND", required=True,
                     help="container, hs, imo, awb, company or keyword")
    add.add_argument("--value", metavar="VALUE", required=True)
    add.add_argument("--uscc", metavar="CODE", help="a company's Unified Social Credit Code")
    add.add_argument("--eori", metavar="CODE", help="a company's EORI number")
    add.add_argument("--note", metavar="TEXT", default="")
    add.add_argument("--tag", metavar="TAG", action="append", default=[])
    add.add_argument("--expires", metavar="YYYY-MM-DD")

    listing = _command(commands, "list", "a channel's entries (active ones unless --all)",
                       run_list, json=True)
    listing.add_argument("channel_id", metavar="CHANNEL_ID")
    listing.add_argument("--list", dest="list_name", metavar="NAME")
    listing.add_argument("--all", action="store_true", help="retired and expired entries too")

    retire = _command(commands, "retire", "retire an entry (it no longer matches)", run_retire)
    retire.add_argument("channel_id", metavar="CHANNEL_ID")
    retire.add_argument("entry_id", metavar="ENTRY_ID")

    for name, run, text in (("lock", run_lock, "make a list read-only (coordinator only)"),
                            ("unlock", run_unlock, "make a list editable (coordinator only)")):
        parser = _command(commands, name, text, run)
        parser.add_argument("channel_id", metavar="CHANNEL_ID")
        parser.add_argument("--list", dest="list_name", metavar="NAME", required=True)

    history = _command(commands, "history", "who changed an entry, what and when", run_history,
                       json=True)
    history.add_argument("channel_id", metavar="CHANNEL_ID")
    history.add_argument("entry_id", metavar="ENTRY_ID")

    imported = _command(commands, "import", "import entries from CSV or XLSX (all or nothing)",
                        run_import, json=True)
    imported.add_argument("channel_id", metavar="CHANNEL_ID")
    imported.add_argument("--list", dest="list_name", metavar="NAME", required=True)
    imported.add_argument("file", metavar="FILE", type=Path)
    imported.add_argument("--dry-run", action="store_true", help="check only; store nothing")

    export = _command(commands, "export", "export a list's active entries (.csv or .xlsx)",
                      run_export)
    export.add_argument("channel_id", metavar="CHANNEL_ID")
    export.add_argument("--list", dest="list_name", metavar="NAME", required=True)
    export.add_argument("file", metavar="FILE", type=Path)

    snapshots = _command(commands, "snapshots", "snapshots of the lists received from "
                         "members, and the operations in them refused", run_snapshots, json=True)
    snapshots.add_argument("channel_id", metavar="CHANNEL_ID")

    status = _command(commands, "status", "whether this device's watch-list operations "
                      "match the other members' (anti-entropy digests)", run_status, json=True)
    status.add_argument("channel_id", metavar="CHANNEL_ID")
    status.add_argument("--announce", action="store_true",
                        help="also send a digest now: members forward what this device lacks")

    match = _command(commands, "match", "match a manifest (CSV or XLSX) against a list",
                     run_match, json=True)
    match.add_argument("channel_id", metavar="CHANNEL_ID")
    match.add_argument("--list", dest="list_name", metavar="NAME", required=True)
    match.add_argument("manifest", metavar="MANIFEST", type=Path)
    match.add_argument("--map", dest="mapping", metavar="COLUMN=TARGET", action="append",
                       default=[], type=_column_target,
                       help="map a manifest column to container, hs, imo, awb, company or "
                            "keyword (repeatable; default: guessed from the header)")
    match.add_argument("--out", metavar="FILE", type=Path, help="also write the hits as CSV")


def _command(subparsers: Subparsers, name: str, help_text: str, run: Any, *,
             json: bool = False) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(name, help=help_text)
    parser.add_argument("--profile", metavar="DIR", default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)
    if json:
        parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(run=_refusals_exit_1(run))
    return parser


def _refusals_exit_1(run: Any) -> Any:
    """A watch-list refusal is one stderr line and exit 1 (the issue's contract)."""

    def guarded(args: argparse.Namespace) -> int:
        try:
            return int(run(args))
        except WatchlistError as refused:
            print(f"liaison: {terminal_field(str(refused))}", file=sys.stderr)
            return REFUSED

    return guarded


def _column_target(text: str) -> tuple[str, str]:
    column, separator, target = text.rpartition("=")
    if not separator or not column.strip() or not target.strip():
        raise argparse.ArgumentTypeError(f"expected COLUMN=TARGET, got {text!r}")
    return column.strip(), target.strip()


@contextmanager
def _workspace(args: argparse.Namespace) -> Iterator[Workspace]:
    with open_profile(resolve_profile_dir(args.profile), passphrase=prompts.passphrase) \
            as profile, Workspace.for_profile(profile) as workspace:
        yield workspace


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds") \
        .replace("+00:00", "Z")


def entry_json(entry: Entry, status: str) -> dict[str, Any]:
    """One entry as ``watchlist list --json`` and ``add --json`` print it."""
    return {"entry_id": entry.entry_id, "list": entry.list_name, "kind": str(entry.kind),
            "value": entry.value, "display": entry.display,
            "identifiers": dict(entry.identifiers), "flags": [str(f) for f in entry.flags],
            "note": entry.note, "tags": list(entry.tags), "added_by": entry.author_device,
            "updated_at": _iso(entry.updated_at_ms),
            "expires": entry.expires.isoformat() if entry.expires else None,
            "status": status}


def _history_json(record: HistoryRecord) -> dict[str, Any]:
    return {"op_id": record.op_id, "action": record.action, "device_id": record.device_id,
            "lamport": record.lamport, "at": _iso(record.at_ms),
            "changes": [{"field": c.field, "before": c.before, "after": c.after}
                        for c in record.changes]}


def _not_yet_sent(edit_accepted: bool, problem: str) -> None:
    if not edit_accepted:
        print(f"note: stored; not yet on the relay ({terminal_field(problem)})", file=sys.stderr)


# -- verbs -------------------------------------------------------------------------------

def run_add(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        service = workspace.watchlists
        edit: WatchlistEdit = service.add(
            args.channel_id, args.list_name, args.kind, args.value, uscc=args.uscc,
            eori=args.eori, note=args.note, tags=args.tag, expires=args.expires)
        assert edit.entry is not None
        status = str(edit.entry.status_on(service.today()))
    if Flag.USCC_CHECK_FAILED in edit.flags:
        print("warning: the USCC's check character does not match (GB 32100); stored with "
              "the flag uscc-check-failed", file=sys.stderr)
    _not_yet_sent(edit.accepted, edit.problem)
    if args.json:
        output.emit_json(entry_json(edit.entry, status))
    else:
        print(edit.entry.entry_id)
    return 0


def run_list(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        service = workspace.watchlists
        entries = service.entries(args.channel_id, args.list_name, include_inactive=args.all)
        today = service.today()
        shown = [(entry, str(entry.status_on(today))) for entry in entries]
    if args.json:
        output.emit_json([entry_json(entry, status) for entry, status in shown])
        return 0
    for entry, status in shown:
        note = f"  {terminal_field(entry.note)}" if entry.note else ""
        print(f"{entry.entry_id}  {terminal_field(entry.list_name)}  {entry.kind}  "
              f"{terminal_field(entry.display)}  {status}{note}")
    return 0


def run_retire(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        edit = workspace.watchlists.retire(args.channel_id, args.entry_id)
    _not_yet_sent(edit.accepted, edit.problem)
    return 0


def run_lock(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        edit = workspace.watchlists.lock(args.channel_id, args.list_name)
    _not_yet_sent(edit.accepted, edit.problem)
    return 0


def run_unlock(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        edit = workspace.watchlists.unlock(args.channel_id, args.list_name)
    _not_yet_sent(edit.accepted, edit.problem)
    return 0


def run_history(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        records = workspace.watchlists.history(args.channel_id, args.entry_id)
    if args.json:
        output.emit_json([_history_json(record) for record in records])
        return 0
    for record in records:
        changed = ", ".join(
            f"{c.field}: {terminal_field(c.before or '-')} → {terminal_field(c.after or '-')}"
            for c in record.changes)
        print(f"{_iso(record.at_ms)}  {record.action}  by {record.device_id}"
              + (f"  {changed}" if changed else ""))
    return 0


def run_snapshots(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        service = workspace.watchlists
        workspace.channels.get(args.channel_id)  # an unknown channel is a usage error
        parts = service.snapshot_parts(args.channel_id)
        refusals = service.snapshot_refusals(args.channel_id)
    if args.json:
        output.emit_json({
            "parts": [{"message_id": p.message_id, "from": p.sender_device_id,
                       "snapshot_id": p.snapshot_id, "part": p.part, "parts": p.parts,
                       "operations": p.operations, "added": p.added, "refused": p.refused,
                       "received_at": _iso(p.received_at_ms)} for p in parts],
            "refused": [{"message_id": r.message_id, "position": r.position,
                         "from": r.sender_device_id, "op_id": r.op_id, "reason": r.reason,
                         "detail": r.detail} for r in refusals]})
        return 0
    for p in parts:
        print(f"{_iso(p.received_at_ms)}  from {p.sender_device_id}  part {p.part + 1}/"
              f"{p.parts}  {p.operations} operation(s): {p.added} new, {p.refused} refused")
    for r in refusals:
        print(f"refused: operation {terminal_field(r.op_id or '?')} from "
              f"{r.sender_device_id}'s snapshot: {r.reason} ({terminal_field(r.detail)})")
    return 0


def run_status(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        service = workspace.watchlists
        workspace.channels.get(args.channel_id)  # an unknown channel is a usage error
        if args.announce:
            service.announce_digest(args.channel_id)
        status = service.anti_entropy(args.channel_id)
    if args.json:
        output.emit_json({
            "channel_id": status.channel_id, "operations": status.op_count,
            "hash": status.ids_hash, "filled": status.filled,
            "in_agreement": status.in_agreement, "unforwardable": status.unforwardable,
            "heard": [{"from": h.record.sender_device_id, "digest_id": h.record.digest_id,
                       "reply_to": h.record.reply_to, "heard_at": _iso(h.record.recorded_at_ms),
                       "operations": h.record.op_count, "hash": h.record.ids_hash,
                       "matched": h.record.matched, "matches_now": h.matches_now,
                       "they_lacked": h.record.they_lack, "forwarded": h.record.forwarded,
                       "unforwardable": h.record.unforwardable,
                       "we_lacked": h.record.we_lack} for h in status.heard],
            "sent": [{"digest_id": r.digest_id, "reply_to": r.reply_to,
                      "sent_at": _iso(r.recorded_at_ms), "operations": r.op_count,
                      "hash": r.ids_hash} for r in status.sent]})
        return 0
    agreement = {None: "no digest heard yet", True: "yes", False: "no"}[status.in_agreement]
    print(f"operations here: {status.op_count} (digest {status.ids_hash[:16]})")
    print(f"matches every member's last digest: {agreement}")
    print(f"filled in by anti-entropy: {status.filled} operation(s)")
    if status.unforwardable:
        print(f"held here but not forwardable (no signed copy): {status.unforwardable}")
    for h in status.heard:
        r = h.record
        print(f"{_iso(r.recorded_at_ms)}  from {r.sender_device_id}  {r.op_count} operation(s)"
              f"  matched then: {'yes' if r.matched else 'no'}"
              f"  matches now: {'yes' if h.matches_now else 'no'}"
              f"  they lacked {r.they_lack} (forwarded {r.forwarded},"
              f" unforwardable {r.unforwardable}), we lacked {r.we_lack}")
    for r in status.sent:
        what = "reply" if r.reply_to else "digest"
        print(f"{_iso(r.recorded_at_ms)}  sent {what} of {r.op_count} operation(s)")
    if args.announce:
        print("digest queued: members answer after the next `liaison sync`")
    return 0


def run_import(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        service = workspace.watchlists
        checked = service.check_import(args.channel_id, args.list_name, args.file)
        if checked.problems:
            for problem in checked.problems:
                print(terminal_field(str(problem)), file=sys.stderr)
            return REFUSED
        imported = service.import_file(args.channel_id, args.list_name, args.file,
                                       dry_run=args.dry_run)
        today = service.today()
        added = [entry_json(entry, str(entry.status_on(today))) for entry in imported.entries]
    for column in checked.ignored_columns:
        print(f"note: column {terminal_field(column)} ignored", file=sys.stderr)
    if not args.dry_run:
        _not_yet_sent(imported.accepted, imported.problem)
    if args.json:
        output.emit_json({"dry_run": args.dry_run, "rows": len(checked.rows),
                          "entries": added})
    elif args.dry_run:
        print(f"{len(checked.rows)} row(s) valid; nothing stored (dry run)")
    else:
        print(f"{len(added)} entr{'y' if len(added) == 1 else 'ies'} added")
    return 0


def run_export(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        count = workspace.watchlists.export_file(args.channel_id, args.list_name, args.file)
    print(f"{count} entr{'y' if count == 1 else 'ies'} written to {terminal_field(str(args.file))}")
    return 0


def run_match(args: argparse.Namespace) -> int:
    with _workspace(args) as workspace:
        matched = workspace.watchlists.match(args.channel_id, args.list_name, args.manifest,
                                             mapping=args.mapping, out=args.out)
    if matched.guessed:
        mapping = ", ".join(f"{terminal_field(column)}={target}"
                            for column, target in matched.manifest.describe_mapping())
        print(f"mapping (guessed): {mapping or 'no column recognised'}", file=sys.stderr)
    if args.json:
        output.emit_json([hit.to_dict() for hit in matched.hits])
        return 0
    for hit in matched.hits:
        print(f"line {hit.row}  {terminal_field(hit.column)}: {terminal_field(hit.matched)}"
              f" → {hit.kind} {terminal_field(hit.value)} ({hit.reason}, {hit.score:.2f})")
    print(f"{len(matched.hits)} hit(s)")
    return 0
