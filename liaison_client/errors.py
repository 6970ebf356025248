"""The exceptions Liaison raises for conditions a user or operator can act on.

Every :class:`LiaisonError` carries a message that is complete on one line, so
the CLI can print ``liaison: <message>`` and the desktop app can show it inline
without a traceback. Programming errors are *not* LiaisonErrors and still crash
loudly.

Every error also has a stable machine :attr:`~LiaisonError.code` and, where a
sentence needs them, named :attr:`~LiaisonError.params`. The English message is
for logs and the CLI; a front end in another language translates by code
(``ui/error_text.py``) and falls back to the message for a code it does not
know. Codes are part of the service layer's contract: rename one only together
with its translations. Broad base classes (``usage``, ``unlock``...) have codes
too, but their instances vary too much for one sentence: they say so with
``broad=True`` in their class statement, and front ends show their message as it
is. Every other code has a sentence in every language the desktop app speaks
(``tests/ui/test_error_text.py`` walks every subclass to check it).

One exception module per layer, every error under :class:`LiaisonError`: this
module for the service layer and what any layer may raise (usage, profile, store,
unlock, keyring, disk, the embedded relay, the demo), ``net/errors.py`` for the
relay connection, ``crypto/errors.py`` for the crypto layer. The relay *server*'s
internal exceptions are not client errors and stay apart (``liaison_client/relay/``).
"""

from __future__ import annotations

from typing import Any, ClassVar


class LiaisonError(Exception):
    """Base class: a failure with a one-line, user-facing explanation."""

    #: Process exit status the CLI uses for this kind of failure.
    exit_code: int = 1
    #: Stable, dotted machine code of this kind of failure (never shown as such).
    code: str = "liaison.error"
    #: A family base whose instances say too many different things for one sentence:
    #: front ends show its message as it is. Set per class (``class X(Base, broad=True)``),
    #: never inherited, so every subclass of a broad family needs a sentence again.
    broad: ClassVar[bool] = True

    def __init_subclass__(cls, *, broad: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.broad = broad

    def __init__(self, message: str = "", **params: str) -> None:
        """``params`` name the parts of the message a translation needs (a URL,
        a device id, a name), as plain strings."""
        super().__init__(message)
        self.params: dict[str, str] = dict(params)


class UsageError(LiaisonError, broad=True):
    """The user asked for something that cannot be done as asked."""

    exit_code = 2
    code = "usage"


class ProfileNotFoundError(LiaisonError):
    """No profile exists where one was expected."""

    exit_code = 3
    code = "profile.not_found"


class ProfileExistsError(LiaisonError):
    """``init`` was asked to create a profile over an existing one."""

    exit_code = 3
    code = "profile.exists"


class ProfileBusyError(LiaisonError):
    """Another process has the profile open."""

    exit_code = 3
    code = "profile.busy"


class StoreCorruptError(LiaisonError):
    """The encrypted database or a key file is missing, damaged or not ours."""

    exit_code = 4
    code = "store.corrupt"


class StoreTruncatedError(StoreCorruptError):
    """The encrypted database is shorter than it was written (a copy cut short, a
    crash of the disk): its pages authenticate, but some are missing. Never reported
    as a wrong passphrase (issue 10); nothing is modified."""

    code = "store.truncated"


class StorePageDamagedError(StoreCorruptError):
    """A page of the encrypted database fails its SQLCipher HMAC while others pass: the
    file was altered or the disk damaged it. Reported at open, before anything reads
    or writes the damaged page; nothing is modified."""

    code = "store.page_damaged"


class UnlockError(LiaisonError, broad=True):
    """The profile's keys could not be unwrapped: wrong passphrase or recovery key."""

    exit_code = 5
    code = "unlock"


class WrongPassphraseError(UnlockError):
    """The passphrase does not unwrap this profile's keys (authentication failed)."""

    code = "unlock.wrong_passphrase"


class WrongRecoveryKeyError(UnlockError):
    """The recovery key is well formed but does not unwrap this profile's keys."""

    code = "unlock.wrong_recovery_key"


class RecoveryKeyMistypedError(UnlockError):
    """The text typed is not a recovery key: wrong letters, a group missing, or a group
    mistyped (its checksum does not match). Nothing was tried against the profile."""

    code = "unlock.recovery_key_mistyped"


class KeyringError(LiaisonError, broad=True):
    """The OS keyring is unusable, locked, or lacks this profile's entry."""

    exit_code = 5
    code = "keyring"


class WeakPassphraseError(UsageError):
    """A new passphrase does not meet the minimum strength."""

    code = "passphrase.weak"


class PassphraseTooShortError(WeakPassphraseError):
    """A new passphrase is shorter than the minimum (``min_chars``)."""

    code = "passphrase.too_short"


class PassphraseRepetitiveError(WeakPassphraseError):
    """A new passphrase uses too few different characters."""

    code = "passphrase.repetitive"


class KeyringLockedError(KeyringError):
    """The OS keyring is locked (the officer's login keyring was not unlocked)."""

    code = "keyring.locked"


class ForeignKeysError(UnlockError):
    """The keys that were unwrapped belong to another profile than the open one."""

    code = "unlock.other_profile"


class NoRelayError(UsageError):
    """Something needs the relay and this profile was created without one."""

    code = "relay.none"


class PassphraseMissingError(UnlockError):
    """A passphrase profile was asked to unlock with no passphrase typed."""

    code = "unlock.passphrase_missing"


class StorageFullError(LiaisonError):
    """The disk is full: nothing was written, nothing was lost."""

    exit_code = 6
    code = "storage.full"


class StorageFullAtOpenError(StorageFullError):
    """The disk is too full for SQLite to open the database (its write-ahead log
    and shared-memory files need room even to read): not a wrong passphrase."""

    code = "storage.full_at_open"


class NotCoordinatorError(UsageError):
    """Only an operation's coordinator may change its membership."""

    code = "channel.not_coordinator"


class KeyChangedError(UsageError):
    """A device's identity key differs from the one recorded before: nothing is
    sent to it until the officer compares safety numbers (params: ``name``,
    ``device_id``)."""

    code = "device.key_changed"


class MessageTooLongError(UsageError):
    """A text too long to send as a message (params: ``limit_kib``, ``size_kib``):
    refused before anything is stored, so it can never sit in the outbox as an
    envelope the relay will refuse."""

    code = "message.too_long"


class MessageAlreadySentError(UsageError):
    """Retry or delete was asked for a message that is not this device's own unsent
    one (it has left, or another officer sent it): nothing was changed."""

    code = "message.already_sent"


class AttachmentCancelledError(LiaisonError):
    """The officer cancelled an attachment while it was encrypted or uploaded: it
    stopped at the next chunk and nothing of it was kept or sent."""

    code = "attachment.cancelled"


class DeviceUnknownError(UsageError):
    """The device id is unknown here or on the relay (param: ``device_id``)."""

    code = "device.unknown"


class LocalRelayError(LiaisonError):
    """The embedded relay (``liaison_client.local_relay``) could not be started; the
    message says why."""

    code = "local_relay.failed"


class DemoError(LiaisonError):
    """The demo workspace (``liaison_client.demo_workspace``) could not be prepared;
    the message says why."""

    code = "demo.unavailable"


class RelayAlreadyJoinedError(UsageError):
    """``liaison join`` / Settings → Join a relay on a profile that already has one:
    moving the same registration elsewhere is a change of address (Settings → Relay),
    and a second registration would give the device two identities' worth of state."""

    code = "join.has_relay"


class JoinAgencyMismatchError(UsageError):
    """The relay enrolled the device for another agency than the profile's own.

    A profile's agency is signed into everything its officer sends and cannot be
    changed by joining; the officer needs a token issued for their agency. Params:
    ``agency`` (the profile's), ``detail`` (what the relay said, or the agency it
    enrolled)."""

    code = "join.agency_mismatch"


class ProvisionedRelayError(UsageError):
    """IT provisioned (and locked) the relay: joining another one, or trusting
    another CA, is refused. Params: ``url`` (IT's relay)."""

    code = "join.relay_provisioned"
