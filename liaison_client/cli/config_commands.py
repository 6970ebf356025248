"""``liaison config show [--json]``: the effective provisioning and where each value came from.

IT runs it on a workstation to check what the app will use (docs/INSTALL.md,
"Provisioning"); it needs no profile to exist, only the path it would use. The ``--json``
shape (``system_file``, ``user_file``, ``settings: {key: {value, source, locked}}``) is a
contract for IT scripts: keys may be added, none renamed.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from liaison_client.cli import output
from liaison_client.profile import resolve_profile_dir
from liaison_client.provisioning.config import load_provisioning

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_parsers(subparsers: Subparsers) -> None:
    config = subparsers.add_parser("config", help="the provisioning IT set for this machine")
    commands = config.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    show = commands.add_parser(
        "show", help="print the effective configuration and where each value came from",
        description="Defaults, then /etc/liaison/config.toml ($LIAISON_SYSTEM_CONFIG), then "
                    "config.toml beside the profile for the keys IT lets the officer change.")
    show.add_argument("--json", action="store_true", help="print the result as JSON")
    show.set_defaults(run=run_show)


def run_show(args: argparse.Namespace) -> int:
    provisioning = load_provisioning(resolve_profile_dir(args.profile))
    if args.json:
        output.emit_json({
            "system_file": str(provisioning.system_file),
            "user_file": str(provisioning.user_file),
            "settings": {key: {"value": s.value, "source": s.source, "locked": s.locked}
                         for key, s in provisioning.settings.items()},
        })
        return 0
    print(f"system file: {provisioning.system_file}")
    print(f"user file:   {provisioning.user_file}")
    for key, setting in provisioning.settings.items():
        lock = ", locked" if setting.locked else ""
        print(f"{key} = {json.dumps(setting.value)}  ({setting.source}{lock})")
    return 0
