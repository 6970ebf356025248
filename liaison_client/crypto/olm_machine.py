"""Pairwise Olm sessions between devices, and the ``m.olm.v1``-style inner payload.

Olm (Matrix's Double Ratchet with a triple-Diffie-Hellman set-up,
https://gitlab.matrix.org/matrix-org/olm/-/blob/master/docs/olm.md) comes from
vodozemac. This module adds what the Matrix client-server spec adds around it
(§ "m.olm.v1.curve25519-aes-sha2",
https://spec.matrix.org/v1.11/client-server-api/#molmv1curve25519-aes-sha2):

* One-time and fallback keys are signed by the owner's Ed25519 key, and a
  claimed key is used only if that signature verifies.
* Every plaintext is a JSON object naming sender and recipient by device id
  and Ed25519 key; on receipt both are checked against what the Olm session
  proves (the sender's Curve25519 key) and against this device. Olm alone
  authenticates only Curve25519 keys, so without this check a device could
  forward a message from another session as if it were its own.

Session state is written to the store (pickled with the profile's pickle key)
in the caller's transaction, right after each encryption or decryption. The
store is any :class:`~.stores.OlmMachineStore` (the profile's SQLCipher store,
or an in-memory one in tests), and session times come from the injected
:data:`~.clock.Clock`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum

import vodozemac

from liaison_client.crypto.clock import Clock, system_clock_ms
from liaison_client.crypto.device_keys import DeviceKeys
from liaison_client.crypto.errors import (
    InvalidOneTimeKeyError,
    NoOlmSessionError,
    PayloadRejectedError,
)
from liaison_client.crypto.identity import DeviceIdentity, verify_signature
from liaison_client.crypto.rejection import Rejection
from liaison_client.crypto.stores import OlmMachineStore, OlmSessionRow
from liaison_client.crypto.wire import WireObject
from liaison_client.protocol.canonical import JsonObject, canonical_json
from liaison_client.protocol.signed_payloads import key_payload

OLM_PAYLOAD_VERSION = 1


class OlmMessageType(IntEnum):
    """vodozemac's message types: a pre-key message sets up the session."""

    PRE_KEY = 0
    NORMAL = 1


@dataclass(frozen=True)
class SignedOneTimeKey:
    """A Curve25519 one-time (or fallback) key with its owner's Ed25519 signature."""

    device_id: str
    key_id: str
    key: str
    fallback: bool
    signature: str

    def signed_bytes(self) -> bytes:
        return one_time_key_signed_bytes(self.device_id, self.key_id, self.key, self.fallback)


def one_time_key_signed_bytes(device_id: str, key_id: str, key: str, fallback: bool) -> bytes:
    """The statement a device signs for each one-time or fallback key: defined once,
    in :func:`liaison_client.protocol.signed_payloads.key_payload`, which the relay
    checks on upload, so a key published at registration is usable for a session here."""
    return key_payload(device_id=device_id, key_id=key_id, key=key, fallback=fallback)


@dataclass(frozen=True)
class OlmCiphertext:
    message_type: OlmMessageType
    body: bytes


@dataclass(frozen=True)
class OlmPlaintext:
    """A decrypted, sender-checked Olm payload: its type and its content object."""

    sender: DeviceKeys
    payload_type: str
    content: WireObject


class OlmMachine:
    """This device's Olm state: its Account's one-time keys and its pairwise sessions."""

    def __init__(self, store: OlmMachineStore, identity: DeviceIdentity, device_id: str,
                 pickle_key: bytes, *, clock: Clock = system_clock_ms) -> None:
        self._store = store
        self._identity = identity
        self._device_id = device_id
        self._pickle_key = pickle_key
        self._clock = clock

    @property
    def own_keys(self) -> DeviceKeys:
        return DeviceKeys(self._device_id, self._identity.ed25519_key,
                          self._identity.curve25519_key)

    # -- one-time keys ----------------------------------------------------

    def generate_one_time_keys(self, count: int) -> list[SignedOneTimeKey]:
        """Make ``count`` more one-time keys; returns every key not yet published."""
        if count < 0:
            raise ValueError("count must not be negative")
        with self._store.transaction():
            self._identity.account.generate_one_time_keys(count)
            self._save_account()
        return self.unpublished_one_time_keys()

    def unpublished_one_time_keys(self) -> list[SignedOneTimeKey]:
        keys = self._identity.account.one_time_keys
        return [self._signed_key(key_id, key.to_base64(), fallback=False)
                for key_id, key in sorted(keys.items())]

    def generate_fallback_key(self) -> SignedOneTimeKey:
        """A new fallback key, used by peers when the one-time keys run out.

        vodozemac 0.10's type stub omits ``generate_fallback_key``/``fallback_key``,
        though the binding has both.
        """
        account = self._identity.account
        with self._store.transaction():
            account.generate_fallback_key()  # type: ignore[attr-defined]
            self._save_account()
        fallback: dict[str, vodozemac.Curve25519PublicKey] = (
            account.fallback_key  # type: ignore[attr-defined]
        )
        key_id, key = next(iter(fallback.items()))
        return self._signed_key(key_id, key.to_base64(), fallback=True)

    def mark_one_time_keys_published(self) -> None:
        """Call once the relay has stored the keys, so they are not offered twice."""
        with self._store.transaction():
            self._identity.account.mark_keys_as_published()
            self._save_account()

    def _signed_key(self, key_id: str, key: str, *, fallback: bool) -> SignedOneTimeKey:
        signature = self._identity.sign(
            one_time_key_signed_bytes(self._device_id, key_id, key, fallback)
        )
        return SignedOneTimeKey(self._device_id, key_id, key, fallback, signature)

    # -- sessions ---------------------------------------------------------

    def has_session(self, peer: DeviceKeys) -> bool:
        return bool(self._store.olm_sessions.for_peer(peer.curve25519))

    def create_outbound_session(self, peer: DeviceKeys, one_time_key: SignedOneTimeKey) -> str:
        """Start a session with ``peer`` from a key claimed from the directory.

        The key must be signed by ``peer``'s Ed25519 key over its own device id,
        so the relay cannot substitute a key of its own.
        """
        if one_time_key.device_id != peer.device_id or not verify_signature(
            peer.ed25519, one_time_key.signed_bytes(), one_time_key.signature
        ):
            raise InvalidOneTimeKeyError(
                f"the one-time key offered for device {peer.device_id} is not signed by it:"
                " no session was created", device_id=peer.device_id,
            )
        try:
            session = self._identity.account.create_outbound_session(
                vodozemac.Curve25519PublicKey.from_base64(peer.curve25519),
                vodozemac.Curve25519PublicKey.from_base64(one_time_key.key),
            )
        except (vodozemac.KeyException, vodozemac.SessionCreationException) as exc:
            raise InvalidOneTimeKeyError(
                f"cannot start a session with device {peer.device_id}: {exc}",
                device_id=peer.device_id,
            ) from exc
        self._save_session(peer, session)
        return str(session.session_id)

    def encrypt(self, peer: DeviceKeys, payload_type: str, content: JsonObject) -> OlmCiphertext:
        """Encrypt a typed payload to ``peer`` over its most recently used session."""
        rows = self._store.olm_sessions.for_peer(peer.curve25519)
        if not rows:
            raise NoOlmSessionError(
                f"no Olm session with device {peer.device_id}: claim a key first",
                device_id=peer.device_id,
            )
        session = vodozemac.Session.from_pickle(rows[0].pickle, self._pickle_key)
        plaintext = canonical_json({
            "v": OLM_PAYLOAD_VERSION,
            "type": payload_type,
            "content": content,
            "sender_device_id": self._device_id,
            "sender_ed25519": self._identity.ed25519_key,
            "recipient_device_id": peer.device_id,
            "recipient_ed25519": peer.ed25519,
        })
        message_type, body = session.encrypt(plaintext).to_parts()
        # Commit the advanced ratchet before the ciphertext can leave (caller's transaction).
        self._store.olm_sessions.save(replace(
            rows[0], pickle=session.pickle(self._pickle_key), last_used_at_ms=self._clock()
        ))
        return OlmCiphertext(OlmMessageType(message_type), bytes(body))

    def decrypt(self, sender: DeviceKeys, ciphertext: OlmCiphertext) -> OlmPlaintext:
        """Decrypt from ``sender`` (keys as this device knows them) and check the payload.

        Raises :class:`PayloadRejectedError` for anything that is not a valid payload
        from exactly ``sender`` to exactly this device.
        """
        plaintext = self._decrypt_bytes(sender, ciphertext)
        payload = WireObject.parse(plaintext, "olm payload")
        payload.require_version(OLM_PAYLOAD_VERSION)
        if (payload.text("sender_device_id") != sender.device_id
                or payload.text("sender_ed25519") != sender.ed25519):
            raise PayloadRejectedError(
                Rejection.WRONG_SENDER,
                f"Olm payload from {sender.device_id} names "
                f"{payload.text('sender_device_id')} as its sender",
            )
        if (payload.text("recipient_device_id") != self._device_id
                or payload.text("recipient_ed25519") != self._identity.ed25519_key):
            raise PayloadRejectedError(Rejection.WRONG_RECIPIENT,
                                  f"addressed to {payload.text('recipient_device_id')}")
        return OlmPlaintext(sender, payload.text("type", max_length=128), payload.obj("content"))

    def _decrypt_bytes(self, sender: DeviceKeys, ciphertext: OlmCiphertext) -> bytes:
        try:
            message = vodozemac.AnyOlmMessage.from_parts(int(ciphertext.message_type),
                                                         ciphertext.body)
        except (vodozemac.DecodeException, ValueError) as exc:
            raise PayloadRejectedError(Rejection.MALFORMED, f"Olm message: {exc}") from exc
        pre_key = message.to_pre_key() if ciphertext.message_type is OlmMessageType.PRE_KEY \
            else None
        for row in self._store.olm_sessions.for_peer(sender.curve25519):
            session = vodozemac.Session.from_pickle(row.pickle, self._pickle_key)
            if pre_key is not None and not session.session_matches(pre_key):
                continue
            try:
                plaintext = session.decrypt(message)
            except vodozemac.OlmDecryptionException:
                continue
            self._store.olm_sessions.save(replace(
                row, pickle=session.pickle(self._pickle_key), last_used_at_ms=self._clock()
            ))
            return bytes(plaintext)
        if pre_key is None:
            raise PayloadRejectedError(Rejection.DECRYPTION_FAILED,
                                  f"no Olm session with {sender.device_id} decrypts it")
        try:
            session, plaintext = self._identity.account.create_inbound_session(
                vodozemac.Curve25519PublicKey.from_base64(sender.curve25519), pre_key
            )
        except (vodozemac.SessionCreationException, vodozemac.KeyException,
                vodozemac.OlmDecryptionException) as exc:
            raise PayloadRejectedError(Rejection.DECRYPTION_FAILED,
                                  f"Olm pre-key message from {sender.device_id}: {exc}") from exc
        # The one-time key is now spent: persist the Account with the session.
        self._save_account()
        self._save_session(sender, session)
        return bytes(plaintext)

    def _save_session(self, peer: DeviceKeys, session: vodozemac.Session) -> None:
        at = self._clock()
        self._store.olm_sessions.save(OlmSessionRow(
            session_id=str(session.session_id), peer_device_id=peer.device_id,
            peer_curve25519=peer.curve25519, pickle=session.pickle(self._pickle_key),
            created_at_ms=at, last_used_at_ms=at,
        ))

    def _save_account(self) -> None:
        self._store.identity.save_account_pickle(self._identity.pickle(self._pickle_key))
