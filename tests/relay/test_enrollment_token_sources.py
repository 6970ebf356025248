"""``liaison init`` reads the enrollment token from a file, stdin or the
environment, so it need not be in the command line that ``ps`` shows to
every local user (issue 10, item 10). ``--token`` still works (scripts).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.fixtures import cli
from tests.relay.relay_process import RelayProcess

# SQLite only: where ``init`` reads its token is the client's side; the relay's storage
# plays no part (registration runs on both backends in tests/relay/test_enrollment.py).
pytestmark = pytest.mark.sqlite_only


def init(profile: Path, relay: RelayProcess, *extra: str, stdin: str | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return cli.liaison("--profile", str(profile), "init", "--name", "Li Wei", "--agency",
                       "HM Revenue & Customs", "--key-storage", "passphrase", "--relay",
                       relay.url, "--json", *extra, stdin=stdin or "", env=env)


def _registered(result: subprocess.CompletedProcess[str], relay: RelayProcess) -> None:
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["relay"] == relay.url


def test_the_token_from_a_file(relay: RelayProcess, tmp_path: Path) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_text(relay.enroll() + "\n")
    token_file.chmod(0o600)
    _registered(init(tmp_path / "p", relay, "--token-file", str(token_file)), relay)


def test_the_token_from_standard_input(relay: RelayProcess, tmp_path: Path) -> None:
    _registered(init(tmp_path / "p", relay, "--token-file", "-", stdin=relay.enroll() + "\n"),
                relay)


def test_the_token_from_the_environment(relay: RelayProcess, tmp_path: Path) -> None:
    _registered(init(tmp_path / "p", relay,
                     env={"LIAISON_ENROLLMENT_TOKEN": relay.enroll()}), relay)


def test_the_token_in_argv_still_works_for_scripts(relay: RelayProcess, tmp_path: Path) -> None:
    _registered(init(tmp_path / "p", relay, "--token", relay.enroll()), relay)


@pytest.mark.parametrize("sources", ["file+env", "argv+env"])
def test_two_sources_are_refused_not_guessed(relay: RelayProcess, tmp_path: Path,
                                             sources: str) -> None:
    token_file = tmp_path / "token.txt"
    token_file.write_text("lrt_a")
    extra = ("--token-file", str(token_file)) if sources == "file+env" else ("--token", "lrt_a")
    result = init(tmp_path / "p", relay, *extra, env={"LIAISON_ENROLLMENT_TOKEN": "lrt_b"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "give the enrollment token once" in result.stderr
    assert not (tmp_path / "p").exists()


def test_an_unreadable_token_file_is_one_line(relay: RelayProcess, tmp_path: Path) -> None:
    result = init(tmp_path / "p", relay, "--token-file", str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr.startswith("liaison: cannot read --token-file")
    assert len(result.stderr.strip().splitlines()) == 1
