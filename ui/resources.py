"""Where the app's non-code files live: stylesheets, translations, icons.

They sit in the repository's top-level ``resources/`` directory, beside the
``ui`` package, so designers and translators find them without reading code.
A frozen build (PyInstaller) copies that directory next to the ``ui`` package
the same way; nothing else needs to know the path.
"""

from __future__ import annotations

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"
STYLES_DIR = RESOURCES_DIR / "styles"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
ICONS_DIR = RESOURCES_DIR / "icons"
