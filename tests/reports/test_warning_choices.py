"""The warnings a feedback may answer, as the report form lists them: the operation's
warnings this device holds (its own and received), newest first, with subject and
sender; nothing of another operation, nothing that is not a warning."""

from __future__ import annotations

import pytest

from liaison_client.errors import LiaisonError
from tests.sync.conftest import OfficerFactory, make_officer, relay, start_relay_process

__all__ = ["make_officer", "relay", "start_relay_process"]


@pytest.mark.shared_relay
def test_the_operations_warnings_newest_first_own_and_received(
        make_officer: OfficerFactory) -> None:
    li = make_officer("Li Wei", "Guangzhou Customs")
    anna = make_officer("Anna Schmidt", "Zoll Hamburg")
    channel = li.workspace.channels.create("Op Jade").channel_id
    other = li.workspace.channels.create("Op Pearl").channel_id
    assert li.workspace.channels.invite(channel, anna.device_id, name=anna.name).accepted
    anna.sync()
    first = li.workspace.reports.send(channel, "warning", ["subject=Tyres 轮胎"]).message_id
    assert anna.workspace.sending.send_text(channel, "not a warning").accepted
    anna.sync()
    second = anna.workspace.reports.send(channel, "warning",
                                         ["subject=Cigarettes as tiles"]).message_id
    li.workspace.reports.send(other, "warning", ["subject=Another operation"])
    li.sync(2)
    choices = li.workspace.reports.warnings(channel)
    assert [(c.message_id, c.subject, c.sender_name) for c in choices] == [
        (second, "Cigarettes as tiles", "Anna Schmidt"), (first, "Tyres 轮胎", "Li Wei")]
    assert choices[0].sent_at_ms >= choices[1].sent_at_ms
    assert [c.subject for c in li.workspace.reports.warnings(channel, limit=1)] == [
        "Cigarettes as tiles"]
    with pytest.raises(LiaisonError):
        li.workspace.reports.warnings("no-such-channel")
