"""Where the CLI gets secrets and confirmations from: the environment for scripts, else
the terminal.

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


def interactive() -> bool:
    """True when a person can answer on the terminal (stdin is one)."""
    return sys.stdin.isatty()


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; only "y" or "yes" is a yes. End of
    input (Ctrl-D, a closed stdin) is a no: nothing is agreed to by default."""
    try:
        answer = input(question)
    except EOFError:
        print()
        return False
    return answer.strip().lower() in ("y", "yes")


def passphrase(confirm: bool) -> str:
    """The profile passphrase: ``LIAISON_PASSPHRASE``, else asked on the terminal."""
    from_env = os.environ.get(PASSPHRASE_ENV)
    if from_env is not None:
        return from_env
    if not interactive():
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
    if not interactive():
        raise UsageError(f"no terminal to ask for the recovery key: set {RECOVERY_KEY_ENV}")
    return getpass.getpass("Recovery key (groups of four, dashes optional): ")
