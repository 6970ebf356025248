"""The update check: a manifest signed by the pinned publisher key, from a shared folder or a
loopback HTTP server; rollbacks, tampering, other keys and missing files are refused."""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest

from liaison_client.cli.main import main as cli_main
from liaison_client.updates.errors import UpdateCheckError, UpdateRollbackError
from liaison_client.updates.update_check import MANIFEST_NAME, SIGNATURE_NAME, check_for_update
from tests.provenance.conftest import MinisignKeyPair, make_key_pair, run_minisign

INSTALLED = version("liaison")


def _key_line(pair: MinisignKeyPair) -> str:
    return pair.public.read_text().splitlines()[1].strip()


def publish(folder: Path, pair: MinisignKeyPair, offered: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    deb = f"liaison_{offered}_amd64.deb"
    manifest = {"version": offered, "artefacts": [
        {"name": deb, "sha256": hashlib.sha256(b"deb bytes").hexdigest()}]}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    signed = run_minisign("-S", "-s", pair.secret, "-m", folder / MANIFEST_NAME,
                          "-t", f"liaison {offered}")
    assert signed.returncode == 0, signed.stderr


@pytest.fixture
def publisher(tmp_path: Path) -> MinisignKeyPair:
    return make_key_pair(tmp_path / "publisher")


def _newer() -> str:
    major, minor, *_ = INSTALLED.split(".")
    return f"{major}.{int(minor) + 1}.0"


def test_a_newer_signed_manifest_in_a_folder_is_a_verified_update(
        tmp_path: Path, publisher: MinisignKeyPair) -> None:
    publish(tmp_path / "share", publisher, _newer())
    status = check_for_update(str(tmp_path / "share"), _key_line(publisher), INSTALLED)
    assert status.available
    assert status.offered == _newer()
    assert status.artefacts[0].name == f"liaison_{_newer()}_amd64.deb"


def test_the_same_version_is_up_to_date(tmp_path: Path, publisher: MinisignKeyPair) -> None:
    publish(tmp_path / "share", publisher, INSTALLED)
    assert not check_for_update(str(tmp_path / "share"), _key_line(publisher),
                                INSTALLED).available


def test_an_older_version_is_refused_as_a_rollback(tmp_path: Path,
                                                   publisher: MinisignKeyPair) -> None:
    publish(tmp_path / "share", publisher, "0.0.1")
    with pytest.raises(UpdateRollbackError, match=r"refused as a rollback: the manifest "
                                                  r"offers 0\.0\.1, older than the installed"):
        check_for_update(str(tmp_path / "share"), _key_line(publisher), "0.1.0")


def test_a_changed_manifest_does_not_verify(tmp_path: Path, publisher: MinisignKeyPair) -> None:
    share = tmp_path / "share"
    publish(share, publisher, _newer())
    text = (share / MANIFEST_NAME).read_text().replace(_newer(), "99.0.0")
    (share / MANIFEST_NAME).write_text(text)
    with pytest.raises(UpdateCheckError, match="does not verify with the pinned publisher key"):
        check_for_update(str(share), _key_line(publisher), INSTALLED)


def test_a_manifest_signed_by_another_key_is_refused(tmp_path: Path,
                                                     publisher: MinisignKeyPair) -> None:
    publish(tmp_path / "share", make_key_pair(tmp_path / "intruder"), _newer())
    with pytest.raises(UpdateCheckError, match="does not verify with the pinned publisher key"):
        check_for_update(str(tmp_path / "share"), _key_line(publisher), INSTALLED)


def test_a_missing_signature_is_refused(tmp_path: Path, publisher: MinisignKeyPair) -> None:
    publish(tmp_path / "share", publisher, _newer())
    (tmp_path / "share" / SIGNATURE_NAME).unlink()
    with pytest.raises(UpdateCheckError, match=f"{SIGNATURE_NAME}: cannot be read"):
        check_for_update(str(tmp_path / "share"), _key_line(publisher), INSTALLED)


def test_plain_http_beyond_loopback_is_refused_before_any_request(
        publisher: MinisignKeyPair) -> None:
    with pytest.raises(UpdateCheckError, match="plain http:// is allowed only on loopback"):
        check_for_update("http://updates.example/liaison", _key_line(publisher), INSTALLED)


@pytest.fixture
def http_share(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "web"
    folder.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", folder
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def test_a_manifest_from_a_loopback_server_verifies(http_share: tuple[str, Path],
                                                    publisher: MinisignKeyPair) -> None:
    url, folder = http_share
    publish(folder, publisher, _newer())
    assert check_for_update(url, _key_line(publisher), INSTALLED).available


def test_a_missing_manifest_on_the_server_is_named(http_share: tuple[str, Path],
                                                   publisher: MinisignKeyPair) -> None:
    url, _ = http_share
    with pytest.raises(UpdateCheckError, match=f"{MANIFEST_NAME}: HTTP 404"):
        check_for_update(url, _key_line(publisher), INSTALLED)


def _provision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str,
               key: str) -> Path:
    config = tmp_path / "etc-config.toml"
    config.write_text(f'update_source = "{source}"\nupdate_publisher_key = "{key}"\n')
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(config))
    return tmp_path / "home" / "profile"


def test_update_check_cli_says_a_verified_update_is_available(
        tmp_path: Path, publisher: MinisignKeyPair, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    publish(tmp_path / "share", publisher, _newer())
    profile = _provision(tmp_path, monkeypatch, str(tmp_path / "share"), _key_line(publisher))
    assert cli_main(["--profile", str(profile), "update", "check", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["available"] is True
    assert shown["offered"] == _newer()
    assert cli_main(["--profile", str(profile), "update", "check"]) == 0
    assert capsys.readouterr().out.startswith(f"verified update available: liaison {_newer()}")


def test_update_check_cli_refuses_a_rollback(tmp_path: Path, publisher: MinisignKeyPair,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    publish(tmp_path / "share", publisher, "0.0.1")
    profile = _provision(tmp_path, monkeypatch, str(tmp_path / "share"), _key_line(publisher))
    assert cli_main(["--profile", str(profile), "update", "check"]) == 1
    assert "refused as a rollback" in capsys.readouterr().err


def test_update_check_without_configuration_exits_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LIAISON_SYSTEM_CONFIG", str(tmp_path / "none.toml"))
    assert cli_main(["--profile", str(tmp_path / "p"), "update", "check"]) == 2
    assert "IT has not set update_source" in capsys.readouterr().err
