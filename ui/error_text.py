"""Service errors in the officer's language: a :class:`LiaisonError`'s code → a ``tr()`` sentence.

``liaison_client`` knows nothing of Qt or languages: its errors carry a stable
``code``, the named ``params`` a sentence needs, and a one-line English message
for logs and the CLI. This is the UI's edge where that becomes text: the codes
an officer actually meets (relay unreachable, untrusted certificate, refused
token, wrong passphrase, full disk, not coordinator, changed key, unknown
device...) get a sentence of their own, translated like every other string
(context ``ErrorText`` in ``resources/translations/liaison_*.ts``).

Anything else falls back to the English message: a broad code (``usage``,
``unlock``) covers raise sites too different for one sentence, and an
untranslated but precise English line is better than a vague translated one.
The same fallback catches a raise site that lacks a parameter its sentence needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QCoreApplication

from liaison_client.errors import LiaisonError

_Sentence = Callable[[Mapping[str, str]], str]


def _sentences() -> dict[str, _Sentence]:
    """Built on each call so every sentence is looked up in the language now installed.
    The literal ``translate("ErrorText", ...)`` calls are what lupdate collects."""
    translate = QCoreApplication.translate
    return {
        "relay.unreachable": lambda _p: translate(
            "ErrorText", "The relay cannot be reached. Check your network connection; "
            "messages wait in the outbox and go out when the relay is back."),
        "relay.tls_untrusted": lambda _p: translate(
            "ErrorText", "The relay's certificate is not trusted: the pinned CA certificate "
            "does not match, or something is posing as the relay. Nothing was sent."),
        "relay.token_refused": lambda _p: translate(
            "ErrorText", "The relay refused the enrollment token: it is wrong, already used "
            "or expired. Ask your administrator for a new one."),
        "relay.agency_mismatch": lambda p: translate(
            "ErrorText", "This enrollment token was issued for another agency. Enter the "
            "agency exactly as your relay administrator enrolled it ({detail}). The token "
            "was not used up.").format(detail=p["detail"]),
        "relay.rate_limited": lambda _p: translate(
            "ErrorText", "The relay is receiving too many requests from this device. "
            "Wait a moment and try again."),
        "relay.protocol": lambda _p: translate(
            "ErrorText", "The relay answered in a form this version of Liaison does not "
            "understand. Check the relay address."),
        "relay.forged_key": lambda _p: translate(
            "ErrorText", "The relay offered a key its device did not sign. The key was "
            "refused; tell your administrator."),
        "relay.address_invalid": lambda _p: translate(
            "ErrorText", "The relay address must look like https://relay.example.gov "
            "(http:// only for a relay on this computer)."),
        "relay.ca_invalid": lambda _p: translate(
            "ErrorText", "The CA certificate file cannot be read or is not a PEM certificate."),
        "relay.device_unknown": lambda _p: translate(
            "ErrorText", "This relay does not know this device. Enter the relay you "
            "registered with, or ask your administrator."),
        "unlock.wrong_passphrase": lambda _p: translate(
            "ErrorText", "Wrong passphrase: nothing was unlocked."),
        "unlock.wrong_recovery_key": lambda _p: translate(
            "ErrorText", "That recovery key does not belong to this profile."),
        "storage.full": lambda _p: translate(
            "ErrorText", "The disk is full: nothing was written and nothing was lost. "
            "Free some space and try again."),
        "profile.busy": lambda _p: translate(
            "ErrorText", "This profile is already open in another Liaison window or command."),
        "channel.not_coordinator": lambda _p: translate(
            "ErrorText", "Only the operation's coordinator can change its members."),
        "device.key_changed": lambda p: translate(
            "ErrorText", "The identity key of {name} ({device_id}) has changed. Compare "
            "safety numbers before sending to them.").format(
                name=p["name"], device_id=p["device_id"]),
        "message.too_long": lambda p: translate(
            "ErrorText", "This message is {size} KiB; a message can hold at most {limit} KiB "
            "of text. Send the text as a file instead. Nothing was sent.").format(
                size=p["size_kib"], limit=p["limit_kib"]),
        "device.unknown": lambda p: translate(
            "ErrorText", "No device with the id {device_id} is known. Check the id with "
            "its owner.").format(device_id=p["device_id"]),
        "crypto.payload_rejected": lambda _p: translate(
            "ErrorText",
            "A received message was refused: it failed a security check and was "
            "not kept."),
        "crypto.missing_group_session": lambda _p: translate(
            "ErrorText",
            "The key for a received message has not arrived yet. The message is "
            "kept and shown when its key arrives."),
        "crypto.no_olm_session": lambda p: translate(
            "ErrorText",
            "There is no secure session with the device {device_id} yet. "
            "Synchronise with the relay and try again.").format(device_id=p["device_id"]),
        "crypto.invalid_one_time_key": lambda p: translate(
            "ErrorText",
            "The key offered for the device {device_id} is not signed by it. The "
            "key was refused and no session was started; tell your administrator.").format(
                device_id=p["device_id"]),
        "attachment.verification_failed": lambda _p: translate(
            "ErrorText",
            "The downloaded file is not the one the message describes (damaged or "
            "tampered with). Nothing was saved."),
    }


def error_text(error: LiaisonError) -> str:
    """The sentence shown for ``error``: translated by code, else its English message."""
    sentence = _sentences().get(error.code)
    if sentence is None:
        return str(error)
    try:
        return sentence(error.params)
    except KeyError:
        return str(error)


def translated_codes() -> frozenset[str]:
    """The codes that have a sentence of their own (for tests and documentation)."""
    return frozenset(_sentences())
