"""Where the CLI gets secrets from: the environment for scripts, else the terminal.

Secrets are never accepted as command-line arguments, which other local users
can read from the process list.
"""

from __future__ import annotations

import getpass
import os
import sys

from liaison_client.errors import UnlockError, UsageError

PASSPHRASE_ENV = "LIAISON_PASSPHRASE"
RECOVERY_KEY_ENV = "LIAISON_RECOVERY_KEY"


def _interactive() -> bool:
    return sys.stdin.isatty()


def passphrase(confirm: bool) -> str:
    """The profile passphrase: ``LIAISON_PASSPHRASE``, else asked on the terminal."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env
    if not _interactive():
        raise UsageError(
            f"no OS keyring is usable and no terminal to ask for a passphrase: set {PASSPHRASE_ENV}"
        )
    if not confirm:
        return getpass.getpass("Passphrase: ")
    first = getpass.getpass("Choose a passphrase (12+ characters): ")
    if getpass.getpass("Repeat the passphrase: ") != first:
        raise UnlockError("the two passphrases differ: nothing was created")
    return first


def recovery_key() -> str:
    from_env = os.environ.get(RECOVERY_KEY_ENV)
    if from_env is not None:
        return from_env
    if not _interactive():
        raise UsageError(f"no terminal to ask for the recovery key: set {RECOVERY_KEY_ENV}")
    return getpass.getpass("Recovery key (groups of four, dashes optional): ")
