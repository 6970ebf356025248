"""``python -m liaison_client.relay enroll`` as its own process, beside a running relay.

The fixtures issue tokens by calling the command's ``main`` in the test process
(tests/relay/relay_process.py, to spare an interpreter start per officer); this
keeps the real command, run the way an administrator runs it, under test.
"""

from __future__ import annotations

import subprocess
import sys

from liaison_client.relay.cli import TOKEN_PREFIX
from tests.relay.relay_process import RelayProcess, enroll_device


def test_a_token_printed_by_the_enroll_command_registers_a_device(relay: RelayProcess) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "liaison_client.relay", "enroll", "--agency", "Zoll Hamburg",
         "--uses", "1", *relay.storage_args],
        capture_output=True, text=True, timeout=30, check=True,
    )
    token = result.stdout.strip()
    assert token.startswith(TOKEN_PREFIX)
    device = enroll_device(relay, token=token)
    try:
        assert device.client.device(device.device_id).agency == "Zoll Hamburg"
    finally:
        device.client.close()
