"""``liaison verify-build DIR --pubkey FILE [--json]``: check a release folder offline.

Needs no profile and no network: IT runs it on the download before installing
(docs/INSTALL.md, "Verifying a release"). Each problem is printed on a line of
its own, naming the file; the last line is the verdict. Exit status 0 only when
the signature and every hash hold; 1 otherwise. The ``--json`` shape
(``ok, directory, key_id, trusted_comment, verified, failures[file, problem,
detail]``) is a contract for IT scripts: keys may be added, none renamed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from liaison_client.cli import output
from liaison_client.errors import UsageError
from liaison_client.provenance.build_verification import verify_build
from liaison_client.provenance.minisign import PublicKey

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    command = subparsers.add_parser(
        "verify-build", help="check a release folder's signature and checksums",
        description="Check SHA256SUMS.minisig against the publisher's minisign public key, "
                    "then every file in DIR against SHA256SUMS. Works offline; the minisign "
                    "tool is not needed.")
    command.add_argument("directory", metavar="DIR", type=Path,
                         help="the folder holding the artefacts, SHA256SUMS and its .minisig")
    command.add_argument("--pubkey", metavar="FILE", type=Path, required=True,
                         help="the publisher's minisign public key (liaison-release.pub)")
    command.add_argument("--json", action="store_true", help="print the result as JSON")
    command.set_defaults(run=run_verify_build)


def run_verify_build(args: argparse.Namespace) -> int:
    directory: Path = args.directory
    if not directory.is_dir():
        raise UsageError(f"{directory} is not a folder")
    result = verify_build(directory, PublicKey.load(args.pubkey), args.pubkey)
    if args.json:
        output.emit_json({
            "ok": result.ok,
            "directory": str(result.directory),
            "key_id": result.key_id,
            "trusted_comment": result.trusted_comment,
            "verified": list(result.verified),
            "failures": [{"file": failure.file, "problem": str(failure.problem),
                          "detail": failure.detail} for failure in result.failures],
        })
    else:
        for failure in result.failures:
            print(failure.line())
        print(result.summary())
    return 0 if result.ok else 1
