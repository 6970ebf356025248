"""Entry point of ``liaison``: parse, dispatch, and turn failures into one line.

A :class:`~liaison_client.errors.LiaisonError` is the user's to fix: print it
as ``liaison: <message>`` on stderr and exit with its code, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from liaison_client.cli import (
    channel_commands,
    config_commands,
    profile_commands,
    report_commands,
    transcript_commands,
    update_commands,
    verify_build_command,
    watchlist_commands,
)
from liaison_client.display_text import terminal_field
from liaison_client.errors import LiaisonError
from liaison_client.version import build_info


class _PrintVersion(argparse.Action):
    """``--version``: :meth:`BuildInfo.describe` verbatim, one fact a line.

    Why not ``action="version"``: argparse re-wraps that text to the terminal width and
    joins its lines, which splits the bundle's manifest digest that IT compares with
    ``sha256sum MANIFEST.sha256`` and Help → About (docs/INSTALL.md).
    """

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(build_info().describe())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="liaison",
        description="Liaison: end-to-end encrypted channels for customs liaison officers.",
    )
    parser.add_argument(
        "--profile", metavar="DIR",
        help="profile directory (default: $LIAISON_PROFILE, else the user data directory)",
    )
    parser.add_argument("--version", action=_PrintVersion, nargs=0,
                        help="show the version (and in a bundle its manifest SHA-256) and exit")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    profile_commands.add_parsers(subparsers)
    channel_commands.add_parsers(subparsers)
    verify_build_command.add_parsers(subparsers)
    config_commands.add_parsers(subparsers)
    update_commands.add_parsers(subparsers)
    watchlist_commands.add_parsers(subparsers)
    report_commands.add_parsers(subparsers)
    transcript_commands.add_parsers(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except LiaisonError as exc:
        # A message may quote a member-chosen name: controls shown, never obeyed.
        print(f"liaison: {terminal_field(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        # Permissions, read-only media, a path that is a file: the user's to fix.
        where = f": {terminal_field(str(exc.filename))}" if exc.filename else ""
        print(f"liaison: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("liaison: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
