"""``liaison report CHANNEL_ID --kind KIND --field NAME=VALUE... [--attach FILE]... [--json]``.

A thin layer over :class:`~liaison_client.workspace.reports.ReportsService`
(issue 15, item 1). An invalid field is a
:class:`~liaison_client.reports.errors.ReportError`: ``cli/main.py`` prints it
as one line naming the field and the reason and exits 1; nothing was stored.
How ``liaison messages`` shows a report is :mod:`liaison_client.cli.report_output`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_client.cli import output
from liaison_client.cli.channel_commands import _command as command
from liaison_client.cli.channel_commands import _print_delivery as print_delivery
from liaison_client.cli.channel_commands import _workspace as workspace_for
from liaison_client.reports import ReportKind
from liaison_client.workspace import TimelineState

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    report = command(subparsers, "report", "send a structured report (warning, feedback, "
                     "seizure); queued if the relay is unreachable", run_report, json=True)
    report.add_argument("channel_id", metavar="CHANNEL_ID")
    report.add_argument("--kind", required=True, choices=[str(k) for k in ReportKind],
                        help="the report kind")
    report.add_argument("--field", metavar="NAME=VALUE", action="append", default=[],
                        dest="fields", help="a field (repeat the name for each value of a "
                        "list field); docs/REPORTS.md lists each kind's fields")
    report.add_argument("--attach", metavar="FILE", type=Path, action="append", default=[],
                        help="a photo, sent as an encrypted attachment (seizure only; "
                        "repeatable)")


def run_report(args: argparse.Namespace) -> int:
    with workspace_for(args) as workspace:
        sent = workspace.reports.send(args.channel_id, args.kind, args.fields,
                                      photos=args.attach)
    if args.json:
        output.emit_json({
            "message_id": sent.message_id, "kind": str(sent.report.kind),
            "state": TimelineState.SENT if sent.outcome.accepted else TimelineState.QUEUED,
            "problem": sent.outcome.problem or None, "fields": sent.fields,
            "photos": list(sent.photo_names)})
        return 0
    print_delivery(sent.outcome, f"sent {sent.report.kind} report {sent.message_id}")
    return 0
