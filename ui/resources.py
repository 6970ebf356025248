"""Where the app's non-code files live: stylesheets, translations, icons.

In the repository they sit in the top-level ``resources/`` directory, beside the
``ui`` package, so designers and translators find them without reading code;
that directory is the one source of truth. A wheel carries a copy of it inside
the package as ``ui/_resources`` (made at build time by ``setup.py``), because an
installed package has no repository beside it. The packaged copy wins when it
exists; a checkout, an editable install and a frozen build that copies
``resources/`` next to the ``ui`` package use the top-level directory.
Nothing else needs to know the path.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
#: Inside an installed wheel.
PACKAGED_RESOURCES_DIR = _PACKAGE / "_resources"
#: A checkout (or editable install), or a frozen build laid out like one.
CHECKOUT_RESOURCES_DIR = _PACKAGE.parent / "resources"

RESOURCES_DIR = (PACKAGED_RESOURCES_DIR if PACKAGED_RESOURCES_DIR.is_dir()
                 else CHECKOUT_RESOURCES_DIR)
STYLES_DIR = RESOURCES_DIR / "styles"
TRANSLATIONS_DIR = RESOURCES_DIR / "translations"
ICONS_DIR = RESOURCES_DIR / "icons"
