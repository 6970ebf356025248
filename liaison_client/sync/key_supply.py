"""Keeping this device reachable: one-time keys on the relay, and a fresh fallback key.

Every pairwise session a peer starts with this device consumes one of its
one-time keys on the relay (each is handed out once); when none is left,
peers get the fallback key, which is reused until replaced. As Matrix clients
do (https://spec.matrix.org/v1.11/client-server-api/#one-time-and-fallback-keys),
the engine tops the supply up when it runs low and replaces the fallback key
periodically, so a fallback key is not reused indefinitely.
"""

from __future__ import annotations

from dataclasses import dataclass

from liaison_client.net.client import RelayClient
from liaison_client.store.records import now_ms
from liaison_client.sync.crypto_state import CryptoState

#: vodozemac keeps at most 50 unpublished private halves; aim for a full supply.
TARGET_ONE_TIME_KEYS = 50
LOW_WATER_ONE_TIME_KEYS = 25
CHECK_INTERVAL_MS = 10 * 60_000
FALLBACK_ROTATION_MS = 7 * 24 * 3600_000

KEYS_CHECKED_AT = "sync.keys_checked_at_ms"
FALLBACK_ROTATED_AT = "sync.fallback_rotated_at_ms"


@dataclass(frozen=True)
class KeySupplyReport:
    checked: bool
    published: int = 0
    fallback_rotated: bool = False


def maintain_key_supply(state: CryptoState, client: RelayClient, *,
                        force: bool = False) -> KeySupplyReport:
    """Top up one-time keys and rotate the fallback key when due.

    Keys are marked published only after the relay stored them; a crash in
    between re-uploads the same key ids, which the relay ignores.
    """
    settings = state.store.settings
    now = now_ms()
    if not force and now - int(settings.get(KEYS_CHECKED_AT, 0)) < CHECK_INTERVAL_MS:
        return KeySupplyReport(checked=False)
    olm = state.crypto.olm
    published = 0
    remaining = client.publish_keys([])
    if remaining < LOW_WATER_ONE_TIME_KEYS:
        keys = olm.generate_one_time_keys(TARGET_ONE_TIME_KEYS - remaining)
        client.publish_keys([(k.key_id, k.key, k.signature) for k in keys])
        olm.mark_one_time_keys_published()
        published = len(keys)
    rotated = False
    last_rotation = settings.get(FALLBACK_ROTATED_AT)
    if last_rotation is None:
        settings.set(FALLBACK_ROTATED_AT, now)  # registration published the first one
    elif now - int(last_rotation) >= FALLBACK_ROTATION_MS:
        fallback = olm.generate_fallback_key()
        client.publish_keys([], (fallback.key_id, fallback.key, fallback.signature))
        settings.set(FALLBACK_ROTATED_AT, now)
        rotated = True
    settings.set(KEYS_CHECKED_AT, now)
    return KeySupplyReport(checked=True, published=published, fallback_rotated=rotated)
