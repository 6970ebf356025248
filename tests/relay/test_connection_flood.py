"""Half-sent connections from one client cannot starve honest clients (issue 10, item 3).

1,100 half-sent requests used up a relay's 1,024 file descriptors and honest
clients' connections were reset. A real relay runs here under a hard limit of
1,024 descriptors (``prlimit``); an attacker on 127.0.0.2 opens 1,100
connections, each with half a request head, and holds them; meanwhile an
honest device on 127.0.0.1 sends. The relay closes the attacker's
connections beyond the per-peer cap at accept, so every honest send
succeeds over new connections, and the attacker holds at most the cap of
the relay's descriptors (the timing under this attack is a benchmark's, not
this test's).
"""

from __future__ import annotations

import os
import resource
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from liaison_client.net.wire import OutgoingEnvelope
from tests.relay.relay_process import (
    FAST_TEST_ARGS,
    RelayProcess,
    enroll_device,
    reconnect,
    start_relay,
)

ATTACK_CONNECTIONS = 1_100
RELAY_FILE_LIMIT = 1_024
MAX_PER_PEER = 256


def test_honest_sends_succeed_while_one_peer_holds_1100_half_sent_requests(
        tmp_path: Path) -> None:
    relay: RelayProcess = start_relay(
        tmp_path / "relay", *FAST_TEST_ARGS, "--max-connections-per-peer", str(MAX_PER_PEER),
        command=("prlimit", f"--nofile={RELAY_FILE_LIMIT}:{RELAY_FILE_LIMIT}",
                 sys.executable, "-m", "liaison_client.relay"))
    attackers: list[socket.socket] = []
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        # This test process needs > 1,100 descriptors of its own (after the relay started).
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
        honest, colleague = enroll_device(relay, attempts=1), enroll_device(relay, attempts=1)
        parts = urlsplit(relay.url)
        assert parts.hostname is not None
        assert parts.port is not None
        for _ in range(ATTACK_CONNECTIONS):
            attacker = socket.socket()
            attacker.bind(("127.0.0.2", 0))
            attacker.settimeout(5)
            try:
                attacker.connect((parts.hostname, parts.port))
                attacker.sendall(b"POST /v1/envelopes HTTP/1.1\r\nhost: relay\r\ncontent-le")
            except OSError:
                attacker.close()
                continue
            attackers.append(attacker)
        # New connections, opened during the attack (not kept-alive from before it).
        reconnect(honest, relay, attempts=1)
        reconnect(colleague, relay, attempts=1)
        for i in range(20):
            honest.client.send([OutgoingEnvelope(f"e{i}", (colleague.device_id,), b"ct")])
        assert len(colleague.client.fetch().envelopes) == 20
        # The attacker holds at most the per-peer cap of the relay's descriptors.
        held = len(os.listdir(f"/proc/{relay.process.pid}/fd"))
        assert held < MAX_PER_PEER + 100, f"the relay holds {held} descriptors"
    finally:
        for attacker in attackers:
            attacker.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        relay.stop()
