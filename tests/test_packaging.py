"""The wheel carries the app's resources, and an installed ``ui`` finds them there.

Builds the real wheel (``pip wheel . --no-deps``, PEP 517 in an isolated build
environment, so the first run downloads setuptools into pip's cache), then
checks its contents against ``resources/`` and runs the packaged ``ui``
from the unpacked wheel in a fresh interpreter, away from the checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources"
#: Generous: an isolated build may fetch setuptools on its first run.
BUILD_TIMEOUT_SECONDS = 600


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--quiet",
         "--wheel-dir", str(out)],
        capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert build.returncode == 0, build.stderr
    (built,) = out.glob("liaison-*.whl")
    return built


def shipped_resources() -> set[str]:
    return {p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*")
            if p.is_file() and "compiled" not in p.parts and p.suffix != ".qm"}


@pytest.mark.slow
def test_every_resource_is_inside_the_wheel_under_the_ui_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    packaged = {name.removeprefix("ui/_resources/") for name in names
                if name.startswith("ui/_resources/")}
    assert packaged == shipped_resources()
    assert {"styles/liaison.qss", "styles/light.json", "styles/dark.json",
            "translations/liaison_zh_CN.ts", "icons/liaison.svg"} <= packaged
    assert not any(name.startswith("resources/") for name in names)  # no stray top level


@pytest.mark.slow
def test_the_installed_ui_uses_its_packaged_resources_and_compiles_its_translation(
        wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from ui.resources import RESOURCES_DIR\n"
        "from ui.preferences import Language\n"
        "from ui.preferences import Theme\n"
        "from ui.theme import load_colours, render_stylesheet\n"
        "from ui.translations import compiled_catalogue\n"
        "qm = compiled_catalogue(Language.SIMPLIFIED_CHINESE, Path(sys.argv[1]))\n"
        "print(json.dumps({'resources': str(RESOURCES_DIR), 'qm': str(qm),\n"
        "                  'qss': len(render_stylesheet(load_colours(Theme.DARK)))}))\n"
    )
    # -I: isolated mode, so neither the checkout nor the editable install is on sys.path;
    # the venv's site-packages give PySide6, the unpacked wheel gives ui and liaison_client.
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); "
         f"exec({probe!r})", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.splitlines()[-1])
    assert Path(found["resources"]) == site / "ui" / "_resources"
    assert Path(found["qm"]).is_file()
    assert Path(found["qm"]).is_relative_to(tmp_path / "cache")
    assert found["qss"] > 1000


@pytest.mark.slow
def test_the_installed_core_reads_the_hs_table_from_its_own_package_data(
        wheel: Path, tmp_path: Path) -> None:
    """The watch-lists' HS 2022 table is package data of liaison_client (docs/WATCHLISTS.md,
    "HS table"): an install without the checkout, and without ui, validates HS codes."""
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    probe = (
        "import json, sys\n"
        "import liaison_client.watchlists.kinds.hs_nomenclature as hs\n"
        "from liaison_client.watchlists.kinds.registry import normalise\n"
        "table = hs.hs2022()\n"
        "print(json.dumps({'module': hs.__file__, 'headings': len(table.headings),\n"
        "                  'ui': 'ui' in sys.modules,\n"
        "                  'display': normalise('hs', '391510').display}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); "
         f"exec({probe!r})"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout.splitlines()[-1])
    assert Path(found["module"]).is_relative_to(site)
    assert found["headings"] == 1228
    assert found["display"] == "3915.10"
    assert found["ui"] is False
