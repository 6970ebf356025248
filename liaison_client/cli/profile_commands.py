"""``liaison init``, ``join``, ``whoami`` and ``recover``."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import asdict
from pathlib import Path

from liaison_client.cli import output, prompts
from liaison_client.crypto.identity import format_fingerprint
from liaison_client.display_text import terminal_field
from liaison_client.enrollment import RelayInvitation, enroll, join
from liaison_client.errors import UsageError
from liaison_client.profile import KeyStorageChoice, open_profile, recover_profile
from liaison_client.provisioning.config import Provisioning, load_provisioning
from liaison_client.provisioning.profile_rules import check_relay_choice
from liaison_client.relay_connection import checked_address
from liaison_client.store.layout import resolve_profile_dir
from liaison_client.store.manifest import KeyStorage

_STORAGE_LABEL = {
    KeyStorage.KEYRING: "OS keyring",
    KeyStorage.PASSPHRASE: "passphrase-wrapped key file",
}


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = subparsers.add_parser("init", help="create this device's profile and identity")
    init.add_argument("--name", required=True, help="the officer's name as colleagues see it")
    init.add_argument("--agency", required=True, help="e.g. 'HM Revenue & Customs, Felixstowe'")
    init.add_argument("--relay", metavar="URL", help="register with this relay (https://...)")
    init.add_argument("--token-file", metavar="FILE", type=Path,
                      help="read the enrollment token from FILE ('-': standard input); "
                      f"or set {TOKEN_ENVIRONMENT}")
    init.add_argument("--token", help="the enrollment token itself: visible to other "
                      "users in 'ps' while init runs; prefer --token-file")
    init.add_argument("--relay-ca", metavar="FILE", type=Path,
                      help="trust only this CA certificate (PEM) for the relay")
    init.add_argument(
        "--key-storage", choices=[c.value for c in KeyStorageChoice], default="auto",
        help="where to keep the database key (default: OS keyring if usable, else passphrase)",
    )
    init.add_argument("--json", action="store_true", help="machine-readable output")
    init.set_defaults(run=run_init)

    joining = subparsers.add_parser(
        "join", help="register a profile created without a relay with one (history kept)")
    joining.add_argument("--relay", metavar="URL",
                         help="the relay to join (https://...; default: the relay IT set)")
    joining.add_argument("--token-file", metavar="FILE", type=Path,
                         help="read the enrollment token from FILE ('-': standard input); "
                         f"or set {TOKEN_ENVIRONMENT}")
    joining.add_argument("--token", help="the enrollment token itself: visible to other "
                         "users in 'ps' while join runs; prefer --token-file")
    joining.add_argument("--relay-ca", metavar="FILE", type=Path,
                         help="trust only this CA certificate (PEM) for the relay "
                         "(default: the CA IT set, else the system's authorities)")
    joining.add_argument("--json", action="store_true", help="machine-readable output")
    joining.set_defaults(run=run_join)

    whoami = subparsers.add_parser("whoami", help="show this device's identity")
    whoami.add_argument("--json", action="store_true", help="machine-readable output")
    whoami.set_defaults(run=run_whoami)

    recover = subparsers.add_parser(
        "recover", help="unlock with the recovery key and store the key anew"
    )
    recover.add_argument(
        "--key-storage", choices=[c.value for c in KeyStorageChoice], default="auto",
        help="where to keep the key from now on (default: OS keyring if usable)",
    )
    recover.set_defaults(run=run_recover)


#: Where ``liaison init`` also finds the enrollment token (not in argv, so not in ``ps``).
TOKEN_ENVIRONMENT = "LIAISON_ENROLLMENT_TOKEN"


def _enrollment_token(args: argparse.Namespace) -> str | None:
    """The token from ``--token-file`` (``-`` = stdin), the environment, or ``--token``.

    Decision (issue 10, item 10): ``--token`` keeps working, because IT scripts
    and their logs use it and a token is single-use and short-lived, but its
    help says why not, and an officer typing it at a terminal is warned: a
    command line is readable by every local user (``ps``, ``/proc/PID/cmdline``)
    while ``init`` registers. A file, standard input or the environment
    (readable only by the same user) are the documented ways; the warning is
    not printed for scripts (stderr not a terminal), whose refusals stay one
    line. Giving two sources is refused rather than guessed.
    """
    given = [source for source, present in (
        ("--token-file", args.token_file is not None),
        (TOKEN_ENVIRONMENT, bool(os.environ.get(TOKEN_ENVIRONMENT))),
        ("--token", bool(args.token))) if present]
    if len(given) > 1:
        raise UsageError(f"give the enrollment token once, not by {' and '.join(given)}")
    if args.token_file is not None:
        try:
            text = (sys.stdin.readline() if str(args.token_file) == "-"
                    else args.token_file.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --token-file {args.token_file}: {exc}") from exc
        return text.strip() or None
    if os.environ.get(TOKEN_ENVIRONMENT):
        return os.environ[TOKEN_ENVIRONMENT].strip()
    if args.token:
        if sys.stderr.isatty():
            print("liaison: warning: --token is visible to other users of this computer while "
                  f"the command runs; use --token-file FILE, --token-file - or {TOKEN_ENVIRONMENT}",
                  file=sys.stderr)
        return str(args.token).strip()
    return None


def _relay_enrollment(args: argparse.Namespace,
                      provisioning: Provisioning) -> RelayInvitation | None:
    """``--relay``/the token/``--relay-ca`` as one enrollment, or None without a relay.

    IT's provisioned ``relay_url``/``relay_ca`` fill in what the officer left out (an
    IT-managed workstation then needs only the token); a different relay or CA than one
    IT locked is refused before anything is created.
    """
    token = _enrollment_token(args)
    check_relay_choice(provisioning, args.relay, args.relay_ca is not None)
    relay = args.relay or provisioning.value("relay_url")
    if not args.relay and not token and not args.relay_ca:
        if relay is not None:
            raise UsageError(f"IT configured the relay {relay}: give the enrollment token "
                             "from its administrator (--token-file FILE)")
        return None
    if not relay or not token:
        raise UsageError("--relay and the enrollment token go together (the token comes "
                         "from the relay's administrator: --token-file FILE)")
    # The one relay-address check (also the wizard's and Settings'), before any
    # connection: plain http only to this computer.
    url = checked_address(relay)
    ca_file: Path | None = args.relay_ca
    ca_option = "--relay-ca"
    if ca_file is None and provisioning.value("relay_ca"):
        ca_file = Path(provisioning.value("relay_ca"))
        ca_option = f"relay_ca ({provisioning.settings['relay_ca'].source})"
    ca_pem = None
    if ca_file is not None:
        try:
            ca_pem = ca_file.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read {ca_option} {ca_file}: {exc}") from exc
        if "-----BEGIN CERTIFICATE-----" not in ca_pem:
            raise UsageError(f"{ca_option} {ca_file} is not a PEM certificate")
    return RelayInvitation(url=url, token=token, ca_pem=ca_pem)


def run_init(args: argparse.Namespace) -> int:
    root = resolve_profile_dir(args.profile)
    provisioning = load_provisioning(root)
    enrollment = _relay_enrollment(args, provisioning)
    try:
        created = enroll(
            root, name=args.name, agency=args.agency, passphrase=prompts.passphrase,
            key_storage=KeyStorageChoice(args.key_storage), relay=enrollment,
            provisioning=provisioning,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    who = created.whoami
    if args.json:
        output.emit_json({
            "device_id": who.device_id,
            "fingerprint": who.fingerprint,
            "profile": str(created.root),
            "key_storage": str(created.key_storage),
            "recovery_key": created.recovery_key.formatted(),
            "relay": enrollment.url if enrollment else None,
        })
        return 0
    print(f"Profile created in {created.root}")
    output.emit_fields([
        ("device id", who.device_id),
        ("fingerprint", format_fingerprint(who.fingerprint)),
        ("key kept in", _STORAGE_LABEL[created.key_storage]),
        ("relay", f"{enrollment.url} (registered, keys published)" if enrollment else "none"),
    ])
    print()
    print("RECOVERY KEY - shown only this once. Write it down and keep it offline;")
    print("it unlocks this profile if the keyring is reset or the passphrase forgotten:")
    print()
    print(f"    {created.recovery_key.formatted()}")
    return 0


def run_join(args: argparse.Namespace) -> int:
    """``liaison join``: the profile's first relay, through the same enrollment as
    ``init --relay`` (:func:`liaison_client.enrollment.join`); messages, channels and
    watch-lists stay. A relay IT provisioned fills in ``--relay``/``--relay-ca`` and,
    where IT locked it, is the only one accepted."""
    root = resolve_profile_dir(args.profile)
    provisioning = load_provisioning(root)
    token = _enrollment_token(args)
    url = args.relay or provisioning.value("relay_url")
    if not url or not token:
        raise UsageError("liaison join needs --relay URL and the enrollment token from the "
                         "relay's administrator (--token-file FILE)")
    ca_file = args.relay_ca
    if ca_file is None and provisioning.value("relay_ca"):
        ca_file = Path(provisioning.value("relay_ca"))
    invitation = RelayInvitation(url=url, token=token, ca_file=ca_file)
    with open_profile(root, passphrase=prompts.passphrase) as profile:
        joined = join(profile, invitation, provisioning=provisioning)
    agency = str(joined.registration.get("agency", ""))
    if args.json:
        output.emit_json({"relay": joined.url, "agency": agency,
                          "pinned_ca": joined.ca_pem is not None})
        return 0
    print(f"Joined the relay at {joined.url}; local history kept.")
    output.emit_fields([
        ("relay", joined.url),
        ("enrolled for", terminal_field(agency)),
        ("trust", "pinned CA certificate" if joined.ca_pem else "system authorities"),
    ])
    return 0


def run_whoami(args: argparse.Namespace) -> int:
    with open_profile(resolve_profile_dir(args.profile), passphrase=prompts.passphrase) as p:
        who = p.whoami()
    if args.json:
        output.emit_json(asdict(who))
    else:
        output.emit_fields([
            ("name", terminal_field(who.name)),
            ("agency", terminal_field(who.agency)),
            ("device id", who.device_id),
            ("fingerprint", format_fingerprint(who.fingerprint)),
        ])
    return 0


def run_recover(args: argparse.Namespace) -> int:
    storage = recover_profile(
        resolve_profile_dir(args.profile), prompts.recovery_key(),
        passphrase=prompts.passphrase, key_storage=KeyStorageChoice(args.key_storage),
    )
    print(f"Profile unlocked with the recovery key; its key is now kept in the "
          f"{_STORAGE_LABEL[storage]}.")
    return 0
