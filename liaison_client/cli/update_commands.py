"""``liaison update check [--json]``: is a verified update published? Nothing is downloaded.

Reads ``update_source`` and ``update_publisher_key`` from the provisioning
(``liaison config show``), verifies the signed manifest with the pinned key and compares
versions (:mod:`liaison_client.updates.update_check`). Exit status 0 with an answer
(available or up to date); 1 when the manifest is missing, does not verify or is a rollback;
2 when IT configured no update source. ``--json``: ``available, installed, offered,
source, key_id, artefacts[name, sha256]``.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from liaison_client.cli import output
from liaison_client.profile import resolve_profile_dir
from liaison_client.provisioning.config import load_provisioning
from liaison_client.updates.update_check import check_for_update
from liaison_client.version import app_version

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    update = subparsers.add_parser("update", help="check IT's signed update manifest")
    commands = update.add_subparsers(dest="update_command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check", help="say whether a verified newer version is published (downloads nothing)")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    provisioning = load_provisioning(resolve_profile_dir(args.profile))
    status = check_for_update(provisioning.value("update_source"),
                              provisioning.value("update_publisher_key"), app_version())
    if args.json:
        output.emit_json({
            "available": status.available, "installed": status.installed,
            "offered": status.offered, "source": status.source, "key_id": status.key_id,
            "artefacts": [{"name": a.name, "sha256": a.sha256} for a in status.artefacts],
        })
    elif status.available:
        print(f"verified update available: liaison {status.offered} (installed "
              f"{status.installed}), signed by key {status.key_id}")
        for artefact in status.artefacts:
            print(f"  {artefact.sha256}  {artefact.name}")
    else:
        print(f"up to date: liaison {status.installed} (published: {status.offered})")
    return 0
