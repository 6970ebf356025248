"""The relay server installs and runs without the desktop client's dependencies.

``liaison_client.relay`` imports only :mod:`liaison_client.protocol` and the
crypto primitives (vodozemac, PyNaCl) of the client, so a relay host needs
neither Qt nor SQLCipher nor ``requests`` to run it, and ``pip install
'.[relay]'`` installs no Qt at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import venv
from pathlib import Path

import pytest

from tests.relay.relay_process import STARTUP_TIMEOUT_SECONDS, start_relay

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "requirements" / "constraints.txt"
#: Desktop-only (or client-only) modules the relay server must never load.
CLIENT_ONLY_MODULES = ("PySide6", "shiboken6", "sqlcipher3", "requests")
#: Generous: a clean install builds the wheel and may download from PyPI.
INSTALL_TIMEOUT_SECONDS = 900

_PROBE = (
    "import json, sys\n"
    "import liaison_client.relay.app, liaison_client.relay.cli\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def test_importing_the_relay_server_loads_no_qt_sqlcipher_or_http_client() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         timeout=120, check=True)
    loaded = set(json.loads(run.stdout))
    assert {m.split(".")[0] for m in loaded} & set(CLIENT_ONLY_MODULES) == set()
    assert "liaison_client.relay.app" in loaded
    # A relay on SQLite (the default) never loads the PostgreSQL driver.
    assert not {m for m in loaded if m.split(".")[0] in ("psycopg", "psycopg_pool")}
    client_modules = {m for m in loaded if m.startswith("liaison_client.")
                      and not m.startswith(("liaison_client.relay", "liaison_client.protocol"))}
    assert client_modules == set(), "the relay imports client code beyond the protocol"


@pytest.mark.slow
def test_a_clean_relay_install_has_no_qt_and_serves_healthz(tmp_path: Path) -> None:
    env_dir = tmp_path / "relay-venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(CONSTRAINTS), f"{ROOT}[relay]"],
        capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False,
        cwd=tmp_path, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert install.returncode == 0, install.stderr[-3000:]
    listed = subprocess.run([str(python), "-m", "pip", "list", "--format=json"],
                            capture_output=True, text=True, timeout=120, check=True)
    installed = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert {"liaison", "fastapi", "uvicorn"} <= installed
    assert not {name for name in installed if name.startswith(("pyside6", "shiboken6"))}

    relay = start_relay(tmp_path / "data", "--purge-interval", "1",
                        command=(str(env_dir / "bin" / "liaison-relay"),),
                        timeout=STARTUP_TIMEOUT_SECONDS * 2)
    try:
        assert relay.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{relay.url}/healthz", timeout=10) as response:
            assert response.status == 200
            assert json.loads(response.read()) == {"status": "ok"}
    finally:
        relay.stop()
