"""``packaging/build`` end to end: signed and summed artefacts, a .deb that starts (also
into the demo, on the bundled relay), a bundled CLI that works on a fresh profile, a bundled
``liaison-relay`` that serves on loopback, and tampering that ``liaison verify-build`` names.

Slow (one full build, about a minute, shared by the whole module). Keys are throwaway
pairs made with ``minisign -G -W`` in the test.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import requests

from liaison_client.cli.main import main as cli_main
from liaison_client.demo_workspace import NEWCOMER_NAME
from liaison_client.local_relay import PORT_FILE, LocalRelay
from tests.packaging.release_build import Release
from tests.provenance.conftest import MinisignKeyPair, run_minisign

pytestmark = pytest.mark.slow

PASSPHRASE = "packaging test passphrase, long enough"


def test_the_build_writes_every_artefact(release: Release) -> None:
    names = sorted(p.name for p in release.out.iterdir())
    v = release.version
    assert names == sorted([
        "SHA256SUMS", "SHA256SUMS.minisig", f"liaison-{v}-py3-none-any.whl",
        f"liaison-desktop-{v}-linux-x86_64.tar.gz", f"liaison_{v}_amd64.deb",
        "liaison-relay.service", "liaison-relay-hardened.service", "sbom.cdx.json",
        "liaison-update.json", "liaison-update.json.minisig",
    ])


def test_minisign_and_sha256sum_accept_the_release(release: Release,
                                                   release_key: MinisignKeyPair) -> None:
    verified = run_minisign("-Vm", release.out / "SHA256SUMS", "-p", release_key.public)
    assert verified.returncode == 0, verified.stderr
    assert f"liaison {release.version} commit " in verified.stdout
    summed = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=release.out,
                            capture_output=True, text=True, timeout=120, check=False)
    assert summed.returncode == 0, summed.stdout + summed.stderr
    listed = {line.split("  ", 1)[1] for line in
              (release.out / "SHA256SUMS").read_text().splitlines()}
    # Signatures are not listed: each one signs a file that is (SHA256SUMS, the update manifest).
    assert listed == {p.name for p in release.out.iterdir()} - {
        "SHA256SUMS", "SHA256SUMS.minisig", "liaison-update.json.minisig"}


def _bundled_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIAISON_", "PYTHON"))}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               QT_QPA_PLATFORM="offscreen")
    return env


def test_the_unpacked_deb_starts_the_app_to_its_first_window(unpacked_deb: Path,
                                                              tmp_path: Path) -> None:
    desktop = unpacked_deb / "opt" / "liaison" / "liaison-desktop"
    started = subprocess.run([str(desktop), "--profile", str(tmp_path / "profile"),
                              "--smoke-test"], capture_output=True, text=True, timeout=120,
                             env=_bundled_env(tmp_path), check=False, cwd=tmp_path)
    assert started.returncode == 0, started.stderr[-3000:]
    # A fresh profile opens the first-run wizard.
    assert started.stdout.strip() == "first window: Set up Liaison"


def test_the_unpacked_deb_starts_the_demo_on_its_bundled_relay(unpacked_deb: Path,
                                                                tmp_path: Path) -> None:
    """``liaison-desktop --demo``: the embedded relay is the bundle's ``liaison-relay``
    (local_relay.relay_command), which enrolls both demo profiles and serves them."""
    desktop = unpacked_deb / "opt" / "liaison" / "liaison-desktop"
    demo = tmp_path / "demo"
    started = subprocess.run([str(desktop), "--demo", "--profile", str(demo), "--smoke-test"],
                             capture_output=True, text=True, timeout=180,
                             env=_bundled_env(tmp_path), check=False, cwd=tmp_path)
    assert started.returncode == 0, started.stderr[-3000:]
    # The main window of the demo's newcomer, not the first-run wizard or a failure dialog.
    assert started.stdout.strip() == f"first window: Liaison — {NEWCOMER_NAME}"
    assert (demo / "you").is_dir()
    assert (demo / "demo-officer").is_dir()
    # The relay ran and the app stopped it on exit: its port no longer answers.
    port = int((demo / "relay" / PORT_FILE).read_text().strip())
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_the_bundled_relay_answers_help(unpacked_deb: Path, tmp_path: Path) -> None:
    relay = unpacked_deb / "opt" / "liaison" / "liaison-relay"
    helped = subprocess.run([str(relay), "--help"], capture_output=True, text=True,
                            timeout=60, env=_bundled_env(tmp_path), check=False)
    assert helped.returncode == 0, helped.stderr
    assert "serve" in helped.stdout
    assert "enroll" in helped.stdout


def test_the_bundled_cli_runs_its_own_program(unpacked_deb: Path, tmp_path: Path) -> None:
    """``liaison`` shares one analysis with ``liaison-desktop`` (packaging/liaison.spec): it
    must run the CLI's entry script, not the desktop's as well."""
    cli = unpacked_deb / "opt" / "liaison" / "liaison"
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True,
                             timeout=60, env=_bundled_env(tmp_path), check=False)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("liaison ")
    refused = subprocess.run([str(cli), "--profile", str(tmp_path / "none"), "whoami"],
                             capture_output=True, text=True, timeout=60,
                             env=_bundled_env(tmp_path), check=False)
    assert (refused.returncode, refused.stdout) == (3, "")
    assert refused.stderr.startswith("liaison: no Liaison profile in ")


def test_the_bundled_relay_serves_on_loopback_and_stops_on_sigterm(
        unpacked_deb: Path, tmp_path: Path) -> None:
    relay = unpacked_deb / "opt" / "liaison" / "liaison-relay"
    process = subprocess.Popen([str(relay), "serve", "--host", "127.0.0.1", "--port", "0",
                                "--data", str(tmp_path / "relay")], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                               env=_bundled_env(tmp_path))
    try:
        assert process.stdout is not None
        line = process.stdout.readline()  # the relay flushes it once it is bound
        assert line.startswith("listening on http://127.0.0.1:"), line
        url = line.removeprefix("listening on ").strip()
        assert requests.get(f"{url}/openapi.json", timeout=10).status_code == 200
        process.send_signal(signal.SIGTERM)
        _, log = process.communicate(timeout=30)
        # uvicorn shuts down gracefully, then re-raises the signal (as tests/relay/test_shutdown).
        assert process.returncode in (0, -signal.SIGTERM)
        assert '"event": "relay stopped"' in log
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_the_bundled_relay_refuses_postgresql_in_one_line(unpacked_deb: Path,
                                                          tmp_path: Path) -> None:
    """psycopg is not bundled (packaging/README.md); nothing is contacted (no driver)."""
    relay = unpacked_deb / "opt" / "liaison" / "liaison-relay"
    refused = subprocess.run([str(relay), "tokens", "--data", str(tmp_path / "relay"),
                              "--database", "postgresql://127.0.0.1:9/liaison"],
                             capture_output=True, text=True, timeout=60,
                             env=_bundled_env(tmp_path), check=False)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert refused.stderr.startswith("liaison-relay: this liaison-relay cannot use PostgreSQL")
    assert len(refused.stderr.strip().splitlines()) == 1
    assert "[relay] extra" in refused.stderr


def test_the_app_in_the_bundle_runs_the_bundled_relay_for_its_embedded_relay(
        unpacked_deb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """LocalRelay as the frozen app runs it (sys.executable is the bundle's program)."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(unpacked_deb / "opt/liaison/liaison-desktop"))
    with LocalRelay.start(tmp_path / "relay") as relay:
        assert requests.get(f"{relay.url}/openapi.json", timeout=10).status_code == 200
        assert relay.enroll("Demo agency")
    assert not relay.running


def test_the_bundled_cli_answers_version_and_whoami_on_a_fresh_profile(
        release: Release, unpacked_deb: Path, tmp_path: Path) -> None:
    cli = unpacked_deb / "opt" / "liaison" / "liaison"
    env = _bundled_env(tmp_path)
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True,
                             timeout=60, env=env, check=True)
    assert version.stdout.startswith(f"liaison {release.version} (commit ")
    # The digest About shows, computed by the running bundle from its own manifest file.
    manifest = unpacked_deb / "opt" / "liaison" / "MANIFEST.sha256"
    assert (f"bundle manifest SHA-256 {hashlib.sha256(manifest.read_bytes()).hexdigest()}"
            in version.stdout.splitlines())
    profile = str(tmp_path / "profile")
    env["LIAISON_PASSPHRASE"] = PASSPHRASE
    subprocess.run([str(cli), "--profile", profile, "init", "--name", "Ada Officer",
                    "--agency", "Test Customs", "--key-storage", "passphrase"],
                   capture_output=True, text=True, timeout=120, env=env, check=True)
    whoami = subprocess.run([str(cli), "--profile", profile, "whoami"], capture_output=True,
                            text=True, timeout=60, env=env, check=False)
    assert whoami.returncode == 0, whoami.stderr
    assert "Ada Officer" in whoami.stdout
    assert "Test Customs" in whoami.stdout


def test_the_deb_installs_links_a_desktop_entry_and_declares_system_libraries(
        release: Release, unpacked_deb: Path) -> None:
    for program in ("liaison", "liaison-desktop"):
        link = unpacked_deb / "usr" / "bin" / program
        assert os.readlink(link) == f"/opt/liaison/{program}"
    # The bundled relay is the app's own (packaging/README.md): in /opt/liaison, not on PATH,
    # where a relay host's wheel-installed liaison-relay would be shadowed.
    assert (unpacked_deb / "opt" / "liaison" / "liaison-relay").is_file()
    assert not (unpacked_deb / "usr" / "bin" / "liaison-relay").exists()
    entry = (unpacked_deb / "usr/share/applications/liaison-desktop.desktop").read_text()
    assert "Exec=liaison-desktop" in entry
    assert (unpacked_deb / "usr/share/icons/hicolor/scalable/apps/liaison-desktop.svg").is_file()
    deb = release.artefact("liaison_*_amd64.deb")
    depends = subprocess.run(["dpkg-deb", "-f", str(deb), "Depends"], capture_output=True,
                             text=True, check=True, timeout=60).stdout.strip()
    packages = [p.strip() for p in depends.split(",")]
    # The C library and the GL stack are never bundled (PyInstaller's exclusions); Qt is.
    assert "libc6" in packages
    assert "libegl1" in packages
    assert "fonts-noto-cjk" in packages  # the transcript PDF's CJK face, read from the system
    assert not any(p.startswith(("libqt", "python3")) for p in packages)
    assert "no installed Debian package provides" not in release.log


def test_the_relay_wheel_needs_qt_only_with_the_desktop_extra(release: Release) -> None:
    wheel = release.artefact("liaison-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        (meta,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        requires = [line for line in archive.read(meta).decode().splitlines()
                    if line.startswith("Requires-Dist:")]
    qt = [r for r in requires if "pyside6" in r.lower()]
    assert qt
    assert all('extra == "desktop"' in r for r in qt)
    assert any("fastapi" in r and 'extra == "relay"' in r for r in requires)


def test_the_sbom_lists_what_the_bundle_contains(release: Release) -> None:
    sbom = json.loads((release.out / "sbom.cdx.json").read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    assert sbom["specVersion"] == "1.5"
    names = {re.sub(r"[-_.]+", "-", c["name"]).lower() for c in sbom["components"]}
    for shipped in ("liaison", "pyside6-essentials", "shiboken6", "pynacl", "sqlcipher3",
                    "vodozemac", "keyring", "cpython",
                    # the bundled liaison-relay's server stack
                    "fastapi", "starlette", "uvicorn", "uvloop", "httptools", "pydantic",
                    "prometheus-client"):
        assert shipped in names
    # Build tools and the relay's PostgreSQL driver are not in the bundle.
    for absent in ("pyinstaller", "setuptools", "pip", "psycopg", "psycopg-pool"):
        assert absent not in names


def test_the_bundle_manifest_lists_all_three_programs(unpacked_deb: Path) -> None:
    bundle = unpacked_deb / "opt" / "liaison"
    listed = {line.split("  ", 1)[1]
              for line in (bundle / "MANIFEST.sha256").read_text().splitlines()}
    for program in ("liaison", "liaison-desktop", "liaison-relay"):
        assert program in listed
        assert os.access(bundle / program, os.X_OK)
    # uvicorn's loop and parser: native modules PyInstaller only finds through the spec.
    assert any(name.startswith("_internal/uvloop/") for name in listed)
    assert any(name.startswith("_internal/httptools/") for name in listed)


def _verify(directory: Path, public: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = cli_main(["verify-build", str(directory), "--pubkey", str(public), "--json"])
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    assert (code == 0) == bool(report["ok"])
    return report


def _flip_a_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(("target", "offset", "named", "problem"), [
    ("liaison_*_amd64.deb", 5000, "liaison_*_amd64.deb", "changed"),
    ("sbom.cdx.json", 10, "sbom.cdx.json", "changed"),
    ("SHA256SUMS", 3, "SHA256SUMS.minisig", "signature"),
    ("SHA256SUMS.minisig", 120, "SHA256SUMS.minisig", "signature"),
])
def test_a_changed_byte_makes_verify_build_fail_naming_it(
        release: Release, release_key: MinisignKeyPair, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], target: str, offset: int, named: str,
        problem: str) -> None:
    copy = tmp_path / "dist"
    shutil.copytree(release.out, copy)
    assert _verify(copy, release_key.public, capsys)["ok"] is True
    (victim,) = copy.glob(target)
    (expected_name,) = [p.name for p in copy.glob(named)]
    _flip_a_byte(victim, offset)
    report = _verify(copy, release_key.public, capsys)
    assert report["ok"] is False
    failures = report["failures"]
    assert isinstance(failures, list)
    assert {"file": expected_name, "problem": problem} in [
        {"file": f["file"], "problem": f["problem"]} for f in failures]
