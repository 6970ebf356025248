"""``net/`` sits below the services: it imports the protocol, the error and progress
modules and the crypto primitives, never the store or the profile.

Checked in a fresh interpreter, so modules this test process has loaded already
cannot hide an import.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import liaison_client.net

NET_MODULES = sorted(f"liaison_client.net.{info.name}"
                     for info in pkgutil.iter_modules(liaison_client.net.__path__))
#: What net/ may load of the project besides itself and the protocol.
ALLOWED = {"liaison_client", "liaison_client.errors", "liaison_client.progress",
           "liaison_client.crypto", "liaison_client.crypto.identity"}

_PROBE = (
    "import importlib, json, sys\n"
    "for name in sys.argv[1:]:\n"
    "    importlib.import_module(name)\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def test_importing_net_loads_no_store_profile_or_service_module() -> None:
    run = subprocess.run([sys.executable, "-c", _PROBE, *NET_MODULES], capture_output=True,
                         text=True, timeout=60, check=True)
    loaded = set(json.loads(run.stdout))
    project = {m for m in loaded if m == "liaison_client" or m.startswith("liaison_client.")}
    assert set(NET_MODULES) <= project
    outside = {m for m in project - ALLOWED
               if not m.startswith(("liaison_client.net", "liaison_client.protocol"))}
    assert outside == set()
    assert "sqlcipher3" not in {m.split(".")[0] for m in loaded}
