"""Enrollment: create a profile, register it with its relay, open it — one service.

The CLI (``liaison init``), the first-run wizard and the demo workspace all
create profiles through here, so there is one path from "what the officer
typed" to a registered, open profile. Creation is atomic in
:func:`liaison_client.profile.create_profile` (staging directory, rename last);
registration runs in its ``before_commit`` hook, so a refused or spent token, an
unreachable relay or a TLS failure leaves no profile behind.

A profile created without a relay joins one later through here too
(:func:`join`: ``liaison join`` and Settings → Join a relay), with the same
invitation, the same CA check and the same registration.

This module is the only one the UI needs for that: it imports the relay client
(:mod:`liaison_client.net`) so that ``ui/`` does not (issue 9: ``ui`` calls
services only). The relay failures the wizard shows on its relay page are
classified here (:func:`concerns_relay`, :func:`relay_unreachable`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from liaison_client.errors import ProvisionedRelayError, UsageError
from liaison_client.net.client import RelayClient
from liaison_client.net.errors import (
    AgencyMismatchError,
    EnrollmentRefusedError,
    RelayCertificateError,
    RelayError,
    RelayUnavailableError,
)
from liaison_client.net.relay_address import read_ca_file
from liaison_client.profile import (
    KeyStorageChoice,
    NewProfile,
    PassphraseSource,
    Profile,
    create_profile,
    open_profile,
)
from liaison_client.provisioning.config import Provisioning
from liaison_client.provisioning.profile_rules import profile_rules
from liaison_client.relay_connection import (
    RelayEnrollment,
    RelaySettings,
    checked_address,
    join_relay,
)


@dataclass(frozen=True)
class RelayInvitation:
    """The relay an officer was told to join: its URL, optionally a pinned CA, and the
    one-time enrollment token from the relay's administrator.

    The CA comes either as a file the officer chose (``ca_file``: read and checked
    by :func:`enroll`, on the caller's thread — the wizard's service thread) or as
    PEM text already read (``ca_pem``: the CLI reads and checks its ``--relay-ca``
    itself, with its own messages). At most one of the two.
    """

    url: str
    token: str
    ca_file: Path | None = None
    ca_pem: str | None = None

    def __post_init__(self) -> None:
        if self.ca_file is not None and self.ca_pem is not None:
            raise ValueError("a relay invitation names its CA once: a file or its PEM text")


@dataclass(frozen=True)
class ProfileRequest:
    """A new profile as the wizard (and the demo) ask for it: a fixed passphrase,
    or ``None`` to keep the key in the OS keyring."""

    root: Path
    name: str
    agency: str
    relay: RelayInvitation | None = None
    #: Set when no OS keyring is usable; ``None`` lets the service use the keyring.
    passphrase: str | None = field(default=None, repr=False)
    #: IT's provisioning, whose profile rules :func:`enroll` applies (None: no rules).
    provisioning: Provisioning | None = None


@dataclass(frozen=True)
class CreatedProfile:
    """The new profile's one-time facts (recovery key, ...) and the profile, open."""

    new: NewProfile
    profile: Profile


def enroll(root: Path, *, name: str, agency: str, passphrase: PassphraseSource,
           key_storage: KeyStorageChoice = KeyStorageChoice.AUTO,
           relay: RelayInvitation | None = None,
           provisioning: Provisioning | None = None) -> NewProfile:
    """Create the profile in ``root``, registered with ``relay`` when one is given.

    With ``provisioning``, IT's profile rules apply before anything is created
    (:mod:`liaison_client.provisioning.profile_rules`: allowed agencies, keyring only,
    passphrase floor); the CLI and the wizard pass it, the demo does not (its
    throwaway profile is no officer's).

    A CA file is read and checked first (:func:`~liaison_client.net.relay_address.read_ca_file`:
    a PEM that OpenSSL loads, the same check Settings → Relay uses); a bad one
    raises :class:`~liaison_client.net.errors.RelayCertificateError` and
    nothing is created.
    """
    if provisioning is not None:
        rules = profile_rules(provisioning)
        rules.check_agency(agency)
        key_storage = rules.key_storage(key_storage)
        passphrase = rules.passphrase_source(passphrase)
    hook = None if relay is None else _registration(relay)
    return create_profile(root, name=name, agency=agency, passphrase=passphrase,
                          key_storage=key_storage, before_commit=hook)


def create_and_open(request: ProfileRequest) -> CreatedProfile:
    """Create the profile (registered with its relay, if one was given) and open it;
    the wizard runs it on the service thread."""
    passphrase = request.passphrase
    storage = KeyStorageChoice.AUTO if passphrase is None else KeyStorageChoice.PASSPHRASE

    def ask(_confirm: bool) -> str:
        if passphrase is None:
            raise UsageError("a passphrase is needed: no usable OS keyring was found")
        return passphrase

    created = enroll(request.root, name=request.name, agency=request.agency,
                     passphrase=ask, key_storage=storage, relay=request.relay,
                     provisioning=request.provisioning)
    return CreatedProfile(new=created, profile=open_profile(request.root, passphrase=ask))


def join(profile: Profile, relay: RelayInvitation, *,
         provisioning: Provisioning | None = None) -> RelaySettings:
    """Register the open ``profile``, created without a relay, with ``relay`` and keep
    it, history and all (:func:`~liaison_client.relay_connection.join_relay`).

    A relay IT provisioned and locked (``relay_url``, ``relay_ca`` not in
    ``officer_may_change``) is the only one a profile may join, trusted through IT's
    CA: another address or CA raises :class:`ProvisionedRelayError` before any
    connection. Network I/O: the caller's thread (the desktop app's service thread).
    """
    url = checked_address(relay.url)
    if provisioning is not None:
        _check_provisioned(url, relay, provisioning)
    enrollment = _registration(RelayInvitation(url=url, token=relay.token,
                                               ca_file=relay.ca_file, ca_pem=relay.ca_pem))
    if not enrollment.token:
        raise UsageError("the enrollment token is empty: it comes from the relay's "
                         "administrator")
    return join_relay(profile, enrollment)


def token_agency(relay: RelayInvitation) -> str | None:
    """The agency ``relay`` would enroll this officer for with the invitation's token,
    asked without spending it, or None from a relay that cannot tell before registering.

    The first-run wizard asks this right after the relay page (issue 11, item 3: the
    token fixes the agency, so the officer is shown it instead of typing it). Same
    checks as registration: the address, the CA file (read and loaded), an unknown,
    spent or expired token (:class:`~liaison_client.net.errors.EnrollmentRefusedError`),
    an unreachable relay. Network I/O: the caller's thread (the wizard's service thread).
    """
    url = checked_address(relay.url)
    enrollment = _registration(relay)
    if not enrollment.token:
        raise UsageError("the enrollment token is empty: it comes from the relay's "
                         "administrator")
    with RelayClient(url, ca_pem=enrollment.ca_pem, attempts=1) as client:
        return client.enrollment_token_agency(enrollment.token)


def _check_provisioned(url: str, relay: RelayInvitation, provisioning: Provisioning) -> None:
    provisioned_url = provisioning.value("relay_url")
    if provisioning.locked("relay_url") and provisioned_url \
            and url != checked_address(provisioned_url):
        raise ProvisionedRelayError(
            f"your IT department set the relay to {provisioned_url}; this profile can join "
            "only that one", url=provisioned_url)
    provisioned_ca = provisioning.value("relay_ca")
    if provisioning.locked("relay_ca") and provisioned_ca:
        chosen = relay.ca_file
        if relay.ca_pem is not None or chosen is None \
                or chosen.expanduser().resolve() != Path(provisioned_ca).expanduser().resolve():
            raise ProvisionedRelayError(
                f"your IT department set the relay's CA certificate ({provisioned_ca}); "
                "this profile can trust only that one", url=provisioned_url or url)


def concerns_relay(exc: Exception) -> bool:
    """A failure of :func:`enroll` that concerns the relay fields: refused or spent
    token, relay unreachable, TLS/pin failure, unreadable CA file."""
    return isinstance(exc, (RelayError, RelayCertificateError))


def agency_refused(exc: Exception) -> bool:
    """The relay refused the profile's agency as not the token's (a relay that could not
    say the token's agency before registering: the officer typed it)."""
    return isinstance(exc, AgencyMismatchError)


def token_refused(exc: Exception) -> bool:
    """The relay refused the enrollment token (unknown, spent, expired or revoked)."""
    return isinstance(exc, EnrollmentRefusedError)


def relay_unreachable(exc: Exception) -> bool:
    """The relay did not answer at all (as opposed to answering with a refusal)."""
    return isinstance(exc, RelayUnavailableError)


def _registration(relay: RelayInvitation) -> RelayEnrollment:
    """The registration hook for ``create_profile``, with the CA file read."""
    ca_pem = read_ca_file(relay.ca_file) if relay.ca_file is not None else relay.ca_pem
    return RelayEnrollment(url=relay.url, token=relay.token.strip(), ca_pem=ca_pem)
