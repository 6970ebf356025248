"""Build hook only (all metadata is in pyproject.toml): put ``resources/`` into the wheel.

The stylesheets, palettes, icons and translation sources live at the repository's
top level, where designers and translators find them without reading code
(docs/UI.md). An installed ``ui`` package has no repository beside it, so the
build copies that directory into the built package as ``ui/_resources``;
:mod:`ui.resources` looks there first and falls back to the checkout's
``resources/``. The copy is made from the one source of truth at build time,
never committed. ``.qm`` catalogues are not built here: the isolated build
environment has no Qt, and the app compiles a ``.ts`` into the user's cache on
first use with the ``lrelease`` that PySide6-Essentials (a runtime dependency)
ships (ui/translations.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent / "resources"
#: Inside the built ``ui`` package; the name ``ui.resources`` belongs to the module.
PACKAGED = Path("ui") / "_resources"
#: Build outputs a packager may have left in the source tree (gitignored).
NOT_SHIPPED = shutil.ignore_patterns("compiled", "__pycache__", "*.qm")


class BuildPyWithResources(build_py):
    """The standard ``build_py``, then a copy of ``resources/`` into the built ``ui``."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:  # an editable install reads the checkout's resources/
            shutil.copytree(SOURCE, Path(self.build_lib) / PACKAGED, ignore=NOT_SHIPPED,
                            dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithResources})
