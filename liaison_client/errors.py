"""The exceptions Liaison raises for conditions a user or operator can act on.

Every :class:`LiaisonError` carries a message that is complete on one line, so
the CLI can print ``liaison: <message>`` and the desktop app can show it inline
without a traceback. Programming errors are *not* LiaisonErrors and still crash
loudly.
"""

from __future__ import annotations


class LiaisonError(Exception):
    """Base class: a failure with a one-line, user-facing explanation."""

    #: Process exit status the CLI uses for this kind of failure.
    exit_code: int = 1


class UsageError(LiaisonError):
    """The user asked for something that cannot be done as asked."""

    exit_code = 2


class ProfileNotFoundError(LiaisonError):
    """No profile exists where one was expected."""

    exit_code = 3


class ProfileExistsError(LiaisonError):
    """``init`` was asked to create a profile over an existing one."""

    exit_code = 3


class ProfileBusyError(LiaisonError):
    """Another process has the profile open."""

    exit_code = 3


class StoreCorruptError(LiaisonError):
    """The encrypted database or a key file is missing, damaged or not ours."""

    exit_code = 4


class UnlockError(LiaisonError):
    """The profile's keys could not be unwrapped: wrong passphrase or recovery key."""

    exit_code = 5


class KeyringError(LiaisonError):
    """The OS keyring is unusable, locked, or lacks this profile's entry."""

    exit_code = 5


class WeakPassphraseError(UsageError):
    """A new passphrase does not meet the minimum strength."""


class StorageFullError(LiaisonError):
    """The disk is full: nothing was written, nothing was lost."""

    exit_code = 6
