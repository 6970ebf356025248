"""``liaison transcript export CHANNEL_ID --out DIR [--from DAY] [--to DAY] [--attachments]
[--json]`` and
``liaison transcript verify DIR [--exporter-key FILE] [--json]`` (docs/TRANSCRIPT.md).

``verify`` opens no profile and talks to no relay: it runs on any machine with
Liaison installed, like the single-file ``verify_transcript.py`` shipped in the
folder. It prints one line per problem and exits 1 when a check fails, 2 when
the folder cannot be read, 0 with a one-line summary when everything holds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_client.cli import output
from liaison_client.cli.channel_commands import _command as command
from liaison_client.cli.channel_commands import _workspace as workspace_for
from liaison_client.display_text import terminal_field
from liaison_client.transcripts import ExportStage, verify_folder
from liaison_client.workspace.transcripts import ExportRequest

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    transcript = subparsers.add_parser(
        "transcript", help="export an operation's signed transcript, or verify one")
    verbs = transcript.add_subparsers(dest="transcript_command", required=True, metavar="VERB")
    export = command(verbs, "export", "write the signed transcript (JSON, PDF, signatures, "
                     "verifier) of a channel into a new folder", run_export, json=True)
    export.add_argument("channel_id", metavar="CHANNEL_ID")
    export.add_argument("--out", metavar="DIR", type=Path, required=True,
                        help="a folder that does not exist yet (or is empty)")
    export.add_argument("--from", dest="from_date", metavar="YYYY-MM-DD", default=None,
                        help="first UTC day exported (default: the operation's start)")
    export.add_argument("--to", dest="to_date", metavar="YYYY-MM-DD", default=None,
                        help="last UTC day exported (default: up to now)")
    export.add_argument("--attachments", action="store_true",
                        help="also download and decrypt every attachment into attachments/ "
                             "(each covered by its SHA-256 in transcript.json)")
    verify = command(verbs, "verify", "check a transcript folder offline (no profile, no "
                     "relay needed)", run_verify, json=True)
    verify.add_argument("folder", metavar="DIR", type=Path)
    verify.add_argument("--exporter-key", metavar="FILE", type=Path, default=None,
                        help="the exporter's minisign public key, obtained separately")


def run_export(args: argparse.Namespace) -> int:
    def progress(stage: ExportStage, done: int, total: int) -> None:
        if not args.json and sys.stderr.isatty():
            print(f"\r{stage}: {done}/{total}", end="", file=sys.stderr, flush=True)

    with workspace_for(args) as workspace:
        exported = workspace.transcripts.export(
            ExportRequest(args.channel_id, args.out, args.from_date, args.to_date,
                          attachments=args.attachments),
            progress=progress)
    if args.json:
        output.emit_json({"folder": str(exported.folder), "messages": exported.message_count,
                          "chain_head": exported.chain_head,
                          "transcript_sha256": exported.json_sha256,
                          "event": {"message_id": exported.event_message_id,
                                    "sent": exported.event_sent,
                                    "problem": exported.event_problem or None}})
    else:
        print(f"exported {exported.message_count} messages to {exported.folder} "
              f"(transcript.json SHA-256 {exported.json_sha256})")
        if exported.event_sent:
            print("recorded in the channel: every member sees this export")
        else:
            print(f"note: export event {terminal_field(exported.event_problem)}",
                  file=sys.stderr)
    return 0


def run_verify(args: argparse.Namespace) -> int:
    result = verify_folder(args.folder, args.exporter_key)
    if args.json:
        output.emit_json({"ok": result.ok, "exit_code": result.exit_code,
                          "summary": result.summary,
                          "problems": [{"check": p.check, "subject": p.subject, "text": p.text}
                                       for p in result.problems]})
    else:
        for problem in result.problems:
            print(problem.line())
        if result.summary:
            print(result.summary)
    return result.exit_code
