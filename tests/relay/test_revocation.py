"""Device and token revocation by IT (issue 10, item 5), against a real relay.

``liaison-relay revoke`` runs as its own process on the data directory of a
serving relay, as IT would run it: the device's next request is refused
(403 ``device_revoked``), its pending queue is purged (senders see
``expired``), its one-time keys are withdrawn (a claim is 410), the directory
shows it revoked, and senders to a channel that still lists it go on
working. Before this, ``liaison-relay`` had only ``serve`` and ``enroll``.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

from liaison_client.net.errors import RelayRefusedError
from liaison_client.net.wire import OutgoingEnvelope
from liaison_client.protocol.delivery import DeliveryState
from tests.cli.test_channel_commands import as_json, officer, ok
from tests.relay.relay_process import RelayProcess, enroll_device, run_relay_command
from tests.relay.test_key_directory import _publish


def relay_command(relay: RelayProcess, *args: str) -> subprocess.CompletedProcess[str]:
    return run_relay_command(*args, *relay.storage_args)


def _envelope(envelope_id: str, *recipients: str) -> OutgoingEnvelope:
    return OutgoingEnvelope(envelope_id, recipients, f"ciphertext {envelope_id}".encode())


def test_a_revoked_device_is_refused_at_once_its_queue_purged_and_its_keys_withdrawn(
        relay: RelayProcess) -> None:
    lost, colleague, other = (enroll_device(relay) for _ in range(3))
    assert _publish(lost, 5) == 5
    colleague.client.send([_envelope(f"e{i}", lost.device_id, other.device_id)
                           for i in range(3)])

    # A long-poll of the lost laptop is waiting when IT revokes it.
    polled: list[object] = []
    poll = threading.Thread(target=lambda: polled.append(_fetch_or_error(lost, wait=25)))
    lost.client.fetch()  # the queue has 3: the poll below waits after acknowledging
    lost.client.acknowledge(lost.client.fetch().cursor)
    colleague.client.send([_envelope("e3", lost.device_id, other.device_id)])
    poll.start()

    revoked = relay_command(relay, "revoke", lost.device_id, "--reason", "laptop lost")
    assert revoked.returncode == 0, revoked.stderr
    assert "1 pending envelopes purged" in revoked.stdout
    assert "6 keys withdrawn" in revoked.stdout  # 5 one-time + the fallback key

    with pytest.raises(RelayRefusedError) as refused:
        lost.client.fetch()
    assert (refused.value.status, refused.value.error) == (403, "device_revoked")
    with pytest.raises(RelayRefusedError) as refused:
        lost.client.send([_envelope("from-thief", colleague.device_id)])
    assert refused.value.error == "device_revoked"
    poll.join(30)
    assert not poll.is_alive()

    with pytest.raises(RelayRefusedError) as gone:
        colleague.client.claim_key(lost.device_id, lost.identity.ed25519_key)
    assert (gone.value.status, gone.value.error) == (410, "device_revoked")
    listed = colleague.client.device(lost.device_id)
    assert listed.revoked_at_ms is not None
    assert colleague.client.device(other.device_id).revoked_at_ms is None
    states = colleague.client.delivery_states(["e3"])["e3"]
    assert states[lost.device_id] is DeliveryState.EXPIRED
    assert states[other.device_id] is DeliveryState.PENDING

    # A channel that still lists the revoked device keeps working for the others.
    colleague.client.send([_envelope("after", lost.device_id, other.device_id)])
    assert colleague.client.delivery_states(["after"])["after"] == {
        lost.device_id: DeliveryState.EXPIRED, other.device_id: DeliveryState.PENDING}
    assert [e.envelope_id for e in other.client.fetch().envelopes][-1] == "after"

    again = relay_command(relay, "revoke", lost.device_id)
    assert again.returncode == 0
    assert "already revoked" in again.stdout
    listing = json.loads(relay_command(relay, "devices", "--json").stdout)
    by_id = {row["device_id"]: row for row in listing}
    assert by_id[lost.device_id]["revoked_reason"] == "laptop lost"
    assert by_id[lost.device_id]["revoked_at"] is not None
    assert by_id[other.device_id]["revoked_at"] is None


def _fetch_or_error(device: object, *, wait: float) -> object:
    started = time.monotonic()
    try:
        device.client.fetch(wait=wait)  # type: ignore[attr-defined]
    except RelayRefusedError as exc:
        return exc
    return time.monotonic() - started


def test_revoking_an_unknown_device_says_so(relay: RelayProcess) -> None:
    result = relay_command(relay, "revoke", "no-such-device")
    assert result.returncode == 1
    assert result.stderr.strip() == "liaison-relay: no device no-such-device on this relay"


def test_devices_lists_by_agency(relay: RelayProcess) -> None:
    hamburg = enroll_device(relay, agency="Zoll Hamburg")
    enroll_device(relay, agency="Guangzhou Customs")
    rows = json.loads(relay_command(relay, "devices", "--agency", "Zoll Hamburg",
                                    "--json").stdout)
    assert [r["device_id"] for r in rows] == [hamburg.device_id]
    text = relay_command(relay, "devices").stdout
    assert hamburg.device_id in text
    assert "in service" in text


def test_a_revoked_token_registers_nothing_and_tokens_never_shows_the_token(
        relay: RelayProcess) -> None:
    token = relay.enroll("Zoll Hamburg", uses=3)
    listed = json.loads(relay_command(relay, "tokens", "--json").stdout)
    assert len(listed) == 1
    assert listed[0]["state"] == "usable"
    assert listed[0]["uses_left"] == 3
    token_id = listed[0]["token_id"]
    assert token_id not in token
    assert token.removeprefix("lrt_") not in json.dumps(listed)

    revoked = relay_command(relay, "tokens", "revoke", token_id)
    assert revoked.returncode == 0, revoked.stderr
    with pytest.raises(RelayRefusedError) as refused:
        enroll_device(relay, token=token)
    assert refused.value.status == 403
    assert json.loads(relay_command(relay, "tokens", "--json").stdout)[0]["state"] == "revoked"
    unknown = relay_command(relay, "tokens", "revoke", "0123456789abcdef")
    assert unknown.returncode == 1


def test_channel_members_marks_a_device_it_revoked(relay: RelayProcess, tmp_path: Path) -> None:
    li, anna = tmp_path / "li", tmp_path / "anna"
    officer(relay, li, "Li Wei", "Guangzhou Customs")
    anna_id = officer(relay, anna, "Anna Schmidt", "Zoll Hamburg")
    channel_id = as_json(li, "channel", "create", "Op Jade")["channel_id"]
    ok(li, "channel", "invite", channel_id, anna_id, "--name", "Anna Schmidt")
    assert "REVOKED" not in ok(li, "channel", "members", channel_id)

    assert relay_command(relay, "revoke", anna_id, "--reason", "stolen").returncode == 0
    shown = ok(li, "channel", "members", channel_id)
    [anna_line] = [line for line in shown.splitlines() if line.startswith(anna_id)]
    assert "REVOKED by the relay's administrator" in anna_line
    rows = {m["device_id"]: m for m in as_json(li, "channel", "members", channel_id)}
    assert rows[anna_id]["revoked_at_ms"] is not None
    assert [r["revoked_at_ms"] for k, r in rows.items() if k != anna_id] == [None]

    # The coordinator's next sync removes the device by itself, once.
    synced = ok(li, "sync")
    assert (f"removed Anna Schmidt ({anna_id}) from {channel_id}: the relay's administrator "
            "revoked the device") in synced.splitlines()
    assert anna_id not in ok(li, "channel", "members", channel_id)
    assert as_json(li, "sync", "--json")["revoked_removals"] == []
