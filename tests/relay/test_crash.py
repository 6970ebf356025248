"""kill -9 the relay while an officer sends 1,000 messages: every message the relay
answered 2xx is delivered, exactly once, and none is lost.

Everything is real: two officers' profiles (SQLCipher, vodozemac) registered
on a relay process, the sync engine behind :class:`~liaison_client.workspace.Workspace`
sending each message as the CLI and the app do (stored, encrypted, posted,
marked ``sent`` only on the relay's 2xx), and a ``SIGKILL`` while the sender
is mid-stream. The relay comes back on the same data directory; the
receiver's store must then hold every message once.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from liaison_client.net.client import RelayClient, identity_signer
from liaison_client.profile import Profile, open_profile
from liaison_client.workspace import SendOutcome, Workspace
from tests.conftest import fixed_passphrase
from tests.fixtures.profiles import ProfileTemplates
from tests.relay.relay_process import RelayProcess, restart
from tests.sync.conftest import register_profile

MESSAGES = 1000
#: The relay is killed once this many messages were answered 2xx.
KILL_AFTER = 300


def _officer(templates: ProfileTemplates, relay: RelayProcess, root: Path, name: str,
             agency: str) -> Profile:
    register_profile(templates, relay, root, name, agency)
    return open_profile(root, passphrase=fixed_passphrase())


def _workspace_at(profile: Profile, relay: RelayProcess) -> Workspace:
    """The profile's workspace on ``relay`` (after a restart it listens on a new port)."""
    return Workspace(profile, RelayClient(relay.url, device_id=profile.device_id,
                                          signer=identity_signer(profile.identity)))


@pytest.mark.slow
def test_kill_9_while_sending_loses_and_duplicates_nothing(
        relay: RelayProcess, tmp_path: Path, profile_templates: ProfileTemplates) -> None:
    sender = _officer(profile_templates, relay, tmp_path / "anna", "Anna Kowalska",
                      "Polish Customs")
    receiver = _officer(profile_templates, relay, tmp_path / "li", "Li Wei", "Guangzhou Customs")
    texts = [f"message {i:04d}" for i in range(MESSAGES)]
    try:
        with _workspace_at(sender, relay) as anna, _workspace_at(receiver, relay) as li:
            channel_id = anna.channels.create("Op Amber").channel_id
            assert anna.channels.invite(channel_id, receiver.device_id, name="Li Wei").accepted
            li.sync()  # the invitation and the first key share

            outcomes: list[SendOutcome] = []
            failures: list[BaseException] = []

            def send_every_message() -> None:
                """One at a time as an officer would; once the relay is gone the rest
                are only stored (they wait for the next sync)."""
                try:
                    for text in texts:
                        relay_up = not outcomes or outcomes[-1].accepted
                        outcomes.append(anna.sending.send_text(channel_id, text, deliver=relay_up))
                except BaseException as exc:
                    failures.append(exc)

            sending = threading.Thread(target=send_every_message)
            sending.start()
            deadline = time.monotonic() + 120
            while sum(o.accepted for o in outcomes) < KILL_AFTER \
                    and time.monotonic() < deadline:
                time.sleep(0.01)
            relay.kill()
            sending.join(timeout=120)
            assert not sending.is_alive()
            assert failures == []
            assert len(outcomes) == MESSAGES

        answered_2xx = Counter(e.text for e in anna.timeline.messages(channel_id)
                               if e.state in ("sent", "delivered"))
        assert KILL_AFTER <= sum(answered_2xx.values()) < MESSAGES, \
            "the kill must land mid-stream"
        first_refused = next(o for o in outcomes if not o.accepted)
        assert first_refused.problem.startswith("relay unreachable")

        restarted = restart(relay)
        try:
            with _workspace_at(receiver, restarted) as li:
                li.sync()
                before_resend = Counter(e.text for e in li.timeline.messages(channel_id))
            assert answered_2xx - before_resend == Counter()  # nothing answered 2xx was lost
            assert max(before_resend.values()) == 1

            with _workspace_at(sender, restarted) as anna:
                assert anna.sync().outbox == 0
            with _workspace_at(receiver, restarted) as li:
                li.sync()
                again = li.sync()
                assert (again.received, again.rejected) == (0, 0)
                delivered = li.timeline.messages(channel_id)
        finally:
            restarted.stop()
        assert [e.text for e in delivered] == texts  # each exactly once, in order
        assert {e.kind for e in delivered} == {"text"}  # no refusals among them
    finally:
        sender.close()
        receiver.close()
