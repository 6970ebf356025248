"""The protocol package is pure: importing it loads nothing but the standard library and rfc8785.

Run in a fresh interpreter, so modules the test process has loaded already
cannot hide an import.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import liaison_client.protocol

PROTOCOL_MODULES = sorted(
    f"liaison_client.protocol.{info.name}"
    for info in pkgutil.iter_modules(liaison_client.protocol.__path__))

_PROBE = (
    "import importlib, json, sys\n"
    "for name in sys.argv[1:]:\n"
    "    importlib.import_module(name)\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def _modules_loaded_by_importing(*names: str) -> set[str]:
    run = subprocess.run([sys.executable, "-c", _PROBE, *names], capture_output=True,
                         text=True, timeout=60, check=True)
    return set(json.loads(run.stdout))


def test_the_package_has_the_modules_client_and_relay_share() -> None:
    assert {"liaison_client.protocol.canonical", "liaison_client.protocol.http_signatures",
            "liaison_client.protocol.signed_payloads", "liaison_client.protocol.device_profile",
            "liaison_client.protocol.limits", "liaison_client.protocol.delivery"} <= set(
        PROTOCOL_MODULES)


def test_importing_the_protocol_loads_only_the_standard_library_and_rfc8785() -> None:
    loaded = _modules_loaded_by_importing(*PROTOCOL_MODULES)
    project = {m for m in loaded if m == "liaison_client" or m.startswith("liaison_client.")}
    assert project == {"liaison_client", "liaison_client.protocol", *PROTOCOL_MODULES}
    third_party = {m.split(".")[0] for m in loaded} - set(sys.stdlib_module_names) - {
        "liaison_client", "rfc8785", "__main__"}
    # An editable install adds its path finder (and setuptools its distutils shim):
    # import machinery, not code the protocol uses.
    assert {m for m in third_party
            if not m.startswith(("__editable__", "_distutils_hack"))} == set()
