"""``sbom.cdx.json``: a CycloneDX 1.5 SBOM of exactly what the bundle contains.

Why generated here rather than by cyclonedx-bom: cyclonedx-bom describes an environment
or a requirements file, which is more than the bundle (the build tools, modules
PyInstaller left out). The bundle's own table of contents (every module, binary and data
file, written by packaging/liaison.spec) is mapped to the Python distributions that
provide it (importlib.metadata, in the build environment the bundle was frozen from);
files no distribution provides (the CPython runtime and the system libraries PyInstaller
copied) are listed as ``file`` components with their SHA-256. Format:
https://cyclonedx.org/docs/1.5/json/ (bomFormat, specVersion, components, purl).
"""

from __future__ import annotations

import hashlib
import json
import platform
import uuid
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any


def _top(entry: str, dotted: bool) -> str:
    return entry.split(".")[0] if dotted else entry.replace("\\", "/").split("/")[0]


def _distribution_components(toc: dict[str, list[str]]) -> list[dict[str, Any]]:
    by_top = metadata.packages_distributions()
    tops = {_top(e, True) for e in toc["pure"]}
    tops |= {_top(e, False) for e in toc["binaries"] + toc["datas"]}
    tops |= {_top(e, False).split(".")[0] for e in toc["binaries"] + toc["datas"]}
    names: set[str] = set()
    for top in tops:
        names.update(by_top.get(top, []))
    components = []
    for name in sorted(names, key=str.lower):
        dist = metadata.distribution(name)
        dist_name, version = dist.metadata["Name"], dist.version
        purl = f"pkg:pypi/{dist_name.lower().replace('_', '-')}@{version}"
        component: dict[str, Any] = {"type": "library", "bom-ref": purl, "name": dist_name,
                                     "version": version, "purl": purl}
        expression = dist.metadata["License-Expression"]
        licence = expression or dist.metadata["License"]
        if licence and len(licence) < 100:
            component["licenses"] = [{"expression": licence} if expression
                                     else {"license": {"name": licence}}]
        components.append(component)
    return components


def _unowned_binaries(bundle: Path, toc: dict[str, list[str]]) -> list[dict[str, Any]]:
    by_top = metadata.packages_distributions()
    components = []
    for entry in toc["binaries"]:
        top = _top(entry, False)
        if top in by_top or top.split(".")[0] in by_top:
            continue
        path = bundle / "_internal" / entry
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        components.append({"type": "file", "bom-ref": f"file:{entry}", "name": entry,
                           "hashes": [{"alg": "SHA-256", "content": digest}]})
    return components


def write_sbom(toc: dict[str, list[str]], bundle: Path, version: str, epoch: int,
               target: Path) -> None:
    python = platform.python_version()
    components = [{"type": "platform", "bom-ref": f"pkg:generic/cpython@{python}",
                   "name": "CPython", "version": python,
                   "purl": f"pkg:generic/cpython@{python}"}]
    components += _distribution_components(toc)
    components += _unowned_binaries(bundle, toc)
    manifest = hashlib.sha256((bundle / "MANIFEST.sha256").read_bytes()).hexdigest()
    body: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "version": 1,
        "metadata": {
            "timestamp": datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "component": {"type": "application", "bom-ref": f"liaison-desktop@{version}",
                          "name": "liaison-desktop", "version": version,
                          "hashes": [{"alg": "SHA-256", "content": manifest}],
                          "description": "hash: SHA-256 of the bundle's MANIFEST.sha256"},
        },
        "components": components,
    }
    # A serial number derived from the content, so two builds of one commit are identical.
    canonical = json.dumps(body, sort_keys=True).encode()
    body["serialNumber"] = "urn:uuid:" + str(uuid.UUID(bytes=hashlib.sha256(canonical)
                                                       .digest()[:16], version=4))
    target.write_text(json.dumps(body, indent=1, sort_keys=True) + "\n", encoding="utf-8")
