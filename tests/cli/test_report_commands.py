"""``liaison report`` and the reports in ``liaison messages``, as IT scripts use them: the
``liaison`` command (tests/fixtures/cli.py), a real relay process on 127.0.0.1, two officers
of two agencies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli.test_channel_commands import (
    as_json,
    assert_one_line_error,
    liaison,
    ok,
    relay,
    start_relay_process,
    two_officers,
)

__all__ = ["relay", "start_relay_process", "two_officers"]

# The session's relay (tests/fixtures/relay.py): these tests enroll officers of their own
# and never stop, flood or list the whole relay.
pytestmark = pytest.mark.shared_relay

Officers = tuple[Path, str, Path, str, str]
JPEG = b"\xff\xd8\xff\xe0 hold photo" * 200


def test_a_warning_a_feedback_answering_it_and_a_seizure_with_a_photo(
        two_officers: Officers, tmp_path: Path) -> None:
    li, li_id, anna, anna_id, channel = two_officers
    ok(anna, "sync")
    warning = as_json(li, "report", channel, "--kind", "warning",
                      "--field", "subject=Cigarettes declared as ceramic tiles 瓷砖",
                      "--field", "containers=csqu 305438-3", "--field", "containers=MSKU1234565",
                      "--field", "hs_codes=2402.20", "--field", "valid_until=2027-01-31")
    assert warning["state"] == "sent"
    assert warning["kind"] == "warning"
    assert warning["fields"] == {
        "subject": "Cigarettes declared as ceramic tiles 瓷砖",
        "containers": ["CSQU3054383", "MSKU1234565"], "hs_codes": ["240220"],
        "valid_until": "2027-01-31"}
    ok(anna, "sync", "--wait", "1")
    feedback = as_json(anna, "report", channel, "--kind", "feedback",
                       "--field", f"answers={warning['message_id']}",
                       "--field", "outcome=found", "--field", "details=12 pallets, 十二托")
    assert feedback["state"] == "sent"
    photo = tmp_path / "hold.jpg"
    photo.write_bytes(JPEG)
    sent = ok(anna, "report", channel, "--kind", "seizure", "--field", "date=2026-11-30",
              "--field", "place=Hamburg, Burchardkai", "--field", "commodity=Cigarettes",
              "--field", "quantity=1250.5", "--field", "unit=kg", "--attach", str(photo))
    assert sent.startswith("sent seizure report ")
    ok(li, "sync", "--wait", "1")

    messages = as_json(li, "messages", channel)
    assert [(m["kind"], m["sender_device_id"]) for m in messages] == [
        ("warning", li_id), ("feedback", anna_id), ("seizure", anna_id)]
    assert messages[0]["fields"] == warning["fields"]
    assert messages[1]["fields"] == {"answers": warning["message_id"], "outcome": "found",
                                     "details": "12 pallets, 十二托"}
    assert messages[2]["fields"] == {"date": "2026-11-30", "place": "Hamburg, Burchardkai",
                                     "commodity": "Cigarettes", "quantity": "1250.5",
                                     "unit": "kg"}
    assert messages[2]["photos"] == [{"name": "hold.jpg", "size": len(JPEG),
                                      "media_type": "image/jpeg"}]
    assert messages[1]["text"].splitlines()[0] == "Feedback"
    # Search finds a report by a value and by its Chinese label.
    assert [m["kind"] for m in as_json(li, "messages", channel, "--search", "十二托")] == [
        "feedback"]

    human = ok(li, "messages", channel).splitlines()
    header = next(i for i, line in enumerate(human) if line.endswith("Li Wei: Warning"))
    assert human[header + 1] == "    Subject: Cigarettes declared as ceramic tiles 瓷砖"
    assert human[header + 2] == "    Containers: CSQU3054383; MSKU1234565"
    assert human[header + 3] == "    HS codes: 2402.20"
    assert f"    In answer to: {warning['message_id']}" in human
    assert "    Outcome: Found" in human
    assert "    Photos: hold.jpg" in human


@pytest.mark.parametrize(("fields", "line"), [
    (["subject=x", "containers=CSQU3054384"], "liaison: field containers: "),
    (["containers=CSQU3054383"], "liaison: field subject: required"),
    (["subject=x", "valid_until=2027-02-30"], "liaison: field valid_until: "),
    (["subject=x", "colour=red"], "liaison: field colour: a warning report has no such field"),
    (["subject"], "liaison: 'subject' is not NAME=VALUE"),
])
def test_an_invalid_field_exits_1_with_one_line_naming_it(
        two_officers: Officers, fields: list[str], line: str) -> None:
    li, _, _, _, channel = two_officers
    result = liaison(li, "report", channel, "--kind", "warning",
                     *[arg for field in fields for arg in ("--field", field)])
    assert_refused(result, line)
    assert as_json(li, "messages", channel) == []


def test_a_feedback_must_answer_a_warning_of_the_channel_and_photos_must_exist(
        two_officers: Officers, tmp_path: Path) -> None:
    li, _, _, _, channel = two_officers
    text_id = as_json(li, "send", channel, "not a warning")[0]["message_id"]
    result = liaison(li, "report", channel, "--kind", "feedback", "--field",
                     f"answers={text_id}", "--field", "outcome=nothing found")
    assert_refused(result, f"liaison: field answers: no warning message {text_id} "
                   "in this channel")
    missing = tmp_path / "gone.jpg"
    result = liaison(li, "report", channel, "--kind", "seizure", "--field", "date=2026-11-30",
                     "--field", "place=Shekou", "--field", "commodity=Cigarettes",
                     "--attach", str(missing))
    assert_refused(result, f"liaison: photo {missing}: not a readable file")
    assert [m["kind"] for m in as_json(li, "messages", channel)] == ["text"]


def assert_refused(result: subprocess.CompletedProcess[str], line: str) -> None:
    assert_one_line_error(result)
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(line), result.stderr
