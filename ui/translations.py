"""Interface translations: Qt Linguist ``.ts`` sources compiled to ``.qm`` on demand.

Decision (see docs/UI.md): the ``.ts`` files in ``resources/translations/``
are the only committed form. ``.qm`` files are build outputs, produced by
``lrelease``, which PySide6-Essentials ships (``PySide6/lrelease``, also on
PATH as ``pyside6-lrelease``), so every install that can run the app can
compile its translations. At start-up the app compiles a catalogue into the
per-user cache directory, named by the hash of its source, so an edited
``.ts`` is picked up on the next start and an unchanged one costs a file
lookup. A frozen build runs ``python -m ui.translations --into DIR`` at build
time and ships the ``.qm`` files; the loader looks there first.

Switching language installs a new ``QTranslator``; Qt then sends every widget
a ``LanguageChange`` event and each screen re-reads its strings.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ui.preferences import Language
from ui.resources import TRANSLATIONS_DIR

#: Catalogue base name: ``resources/translations/liaison_<locale>.ts``.
CATALOGUE = "liaison"
#: Where a frozen build puts precompiled catalogues (beside the sources).
PRECOMPILED_DIR = TRANSLATIONS_DIR / "compiled"
_LRELEASE_TIMEOUT_S = 60


class TranslationError(RuntimeError):
    """A catalogue could not be compiled or loaded: the app stays in English."""


def source_path(language: Language) -> Path:
    return TRANSLATIONS_DIR / f"{CATALOGUE}_{language}.ts"


def lrelease_path() -> Path:
    """PySide6's bundled ``lrelease`` executable."""
    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    return Path(PySide6.__file__).parent / name


def compile_catalogue(source: Path, target: Path) -> Path:
    """Run ``lrelease`` on one ``.ts`` file; raises :class:`TranslationError` on failure."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".qm.partial")
    try:
        # Our own paths and PySide6's bundled lrelease: no untrusted input.
        completed = subprocess.run(  # noqa: S603
            [str(lrelease_path()), "-silent", str(source), "-qm", str(partial)],
            capture_output=True, text=True, timeout=_LRELEASE_TIMEOUT_S, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise TranslationError(f"cannot run lrelease: {exc}") from exc
    if completed.returncode != 0 or not partial.is_file():
        raise TranslationError(
            f"lrelease failed on {source.name}: {completed.stderr.strip() or completed.stdout}"
        )
    partial.replace(target)
    return target


def compiled_catalogue(language: Language, cache_dir: Path | None = None) -> Path:
    """The ``.qm`` for ``language``: precompiled if shipped, else compiled into the cache."""
    source = source_path(language)
    if not source.is_file():
        raise TranslationError(f"no translation source for {language}: {source}")
    precompiled = PRECOMPILED_DIR / f"{CATALOGUE}_{language}.qm"
    if precompiled.is_file() and precompiled.stat().st_mtime >= source.stat().st_mtime:
        return precompiled
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = cache_dir or Path(platformdirs.user_cache_dir("liaison", appauthor=False))
    target = cache / "translations" / f"{CATALOGUE}_{language}-{digest}.qm"
    if target.is_file():
        return target
    return compile_catalogue(source, target)


class LanguageSwitcher:
    """Owns the installed translators and swaps them when the language changes."""

    def __init__(self, app: QCoreApplication, cache_dir: Path | None = None) -> None:
        self._app = app
        self._cache_dir = cache_dir
        self._installed: list[QTranslator] = []
        self.language = Language.ENGLISH

    def switch_to(self, language: Language) -> None:
        """Install ``language``'s catalogues (ours and Qt's own, for standard buttons).

        English is the source language: switching to it leaves only its catalogue of
        plural forms (``liaison_en.ts``). On a :class:`TranslationError` the interface
        stays as it was.
        """
        translators: list[QTranslator] = []
        # English is the source language, but its plural forms ("1 minute", "10
        # minutes") come from a catalogue of numerus messages only.
        ours = QTranslator()
        catalogue = compiled_catalogue(language, self._cache_dir)
        if not ours.load(str(catalogue)):
            raise TranslationError(f"Qt could not load {catalogue}")
        translators.append(ours)
        if language is not Language.ENGLISH:
            qt_own = QTranslator()
            if qt_own.load(QLocale(str(language)), "qt", "_",
                           QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                translators.append(qt_own)
        for translator in self._installed:
            self._app.removeTranslator(translator)
        for translator in translators:
            self._app.installTranslator(translator)
        self._installed = translators
        self.language = language
        QLocale.setDefault(QLocale(str(language)))


def main(argv: Sequence[str] | None = None) -> int:
    """Build step for packagers: compile every catalogue into a directory."""
    parser = argparse.ArgumentParser(description="Compile Liaison's .ts catalogues to .qm")
    parser.add_argument("--into", type=Path, default=PRECOMPILED_DIR)
    args = parser.parse_args(argv)
    for language in Language:
        target = compile_catalogue(source_path(language),
                                   args.into / f"{CATALOGUE}_{language}.qm")
        print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
