"""A real operation exported once per module: three officers of two agencies on a
real relay process (127.0.0.1), English and Chinese messages, a seizure report
with a photo, a member removed mid-way, a message after the removal.

Module scope: building the operation takes a few seconds and every tamper test
starts from a copy of the same export folder.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from liaison_client.profile import open_profile
from liaison_client.transcripts import ExportedFolder
from liaison_client.workspace import Workspace
from liaison_client.workspace.transcripts import ExportRequest
from tests.fixtures.passphrases import fixed_passphrase
from tests.fixtures.profiles import ProfileTemplates
from tests.fixtures.relay_officers import Officer, register_profile
from tests.relay.relay_process import FAST_TEST_ARGS, RelayProcess, start_relay

#: The photo of the seizure (a JPEG header and some bytes: the content is not shown).
PHOTO = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 16
ENGLISH = "Container CSQU3054383 arrives Hamburg Tuesday, please hold for inspection."
CHINESE = "蛇口港已查获集装箱，香烟一千二百五十公斤。"
AFTER_REMOVAL = "Chen has left the operation; Anna and I continue. 继续行动。"


@dataclass
class ExportedOperation:
    channel_id: str
    li: Officer
    chen: Officer
    anna: Officer
    export: ExportedFolder
    root: Path

    def copy(self, into: Path) -> Path:
        """A fresh copy of the export folder to tamper with."""
        target = into / "copy"
        shutil.copytree(self.export.folder, target)
        return target


def _officer(templates: ProfileTemplates, relay: RelayProcess, root: Path, name: str,
             agency: str) -> Officer:
    register_profile(templates, relay, root, name, agency)
    profile = open_profile(root, passphrase=fixed_passphrase())
    return Officer(name, agency, root, profile, Workspace.for_profile(profile))


@pytest.fixture(scope="module")
def operation(tmp_path_factory: pytest.TempPathFactory, profile_templates: ProfileTemplates,
              ) -> Iterator[ExportedOperation]:
    root = tmp_path_factory.mktemp("transcript-operation")
    relay = start_relay(root / "relay", *FAST_TEST_ARGS)
    officers: list[Officer] = []
    try:
        li = _officer(profile_templates, relay, root / "li", "Li Wei", "Guangzhou Customs")
        chen = _officer(profile_templates, relay, root / "chen", "Chen Jing", "Guangzhou Customs")
        anna = _officer(profile_templates, relay, root / "anna", "Anna Schmidt", "Zoll Hamburg")
        officers += [li, chen, anna]
        channel_id = li.workspace.channels.create("Op Jade 翡翠行动").channel_id
        for member in (chen, anna):
            assert li.workspace.channels.invite(channel_id, member.device_id,
                                                name=member.name).accepted
        for officer in officers:
            officer.sync()
        assert anna.workspace.sending.send_text(channel_id, ENGLISH).accepted
        assert chen.workspace.sending.send_text(channel_id, CHINESE).accepted
        photo = root / "hold.jpg"
        photo.write_bytes(PHOTO)
        sent = chen.workspace.reports.send(channel_id, "seizure", [
            "date=2026-11-30", "place=蛇口港 Shekou", "commodity=香烟 cigarettes",
            "hs_code=2402.20", "quantity=1250.5", "unit=kg", "container=CSQU3054383",
            "agencies=GACC", "agencies=Zoll Hamburg"], photos=[photo])
        assert sent.outcome.accepted
        assert li.workspace.sending.send_text(channel_id, "Good work, 谢谢。").accepted
        for _ in range(2):
            for officer in officers:
                officer.sync()
        assert li.workspace.channels.remove(channel_id, chen.device_id).accepted
        for officer in officers:
            officer.sync()
        assert anna.workspace.sending.send_text(channel_id, AFTER_REMOVAL).accepted
        for _ in range(2):
            for officer in (li, anna):
                officer.sync()
        # Li works in Guangzhou: the PDF shows each time in UTC and in China Standard Time.
        export = li.workspace.transcripts.export(
            ExportRequest(channel_id, root / "export"), local_zone=ZoneInfo("Asia/Shanghai"))
        yield ExportedOperation(channel_id, li, chen, anna, export, root)
    finally:
        for officer in officers:
            officer.workspace.close()
            officer.profile.close()
        relay.stop()
