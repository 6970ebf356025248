"""Where the Attach and Save dialogs open: the officer's Documents / Downloads, then the
folder they last used.

Issue 11, item 11: both dialogs opened in the program's working directory (the
install or launcher directory: meaningless to an officer, and a place to write
nothing). Like every desktop messenger, Attach starts in Documents and Save in
Downloads (``QStandardPaths``; the home folder when that does not exist), and each
then remembers the folder last chosen, separately: the place files are taken from
is rarely where received files go. Kept in ``QSettings`` beside language and theme:
a folder path says nothing about operations or contacts (docs/UI.md, "Preferences
in QSettings").
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

_ATTACH_KEY = "files/attach_folder"
_SAVE_KEY = "files/save_folder"


def _standard(location: QStandardPaths.StandardLocation) -> Path:
    found = QStandardPaths.writableLocation(location)
    if found and Path(found).is_dir():
        return Path(found)
    return Path.home()


class RememberedFolders:
    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings if settings is not None else QSettings()

    def _folder(self, key: str, default: QStandardPaths.StandardLocation) -> Path:
        remembered = self._settings.value(key, "")
        if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
            return Path(remembered)
        return _standard(default)

    def attach_folder(self) -> Path:
        """Where Attach opens: the last folder files were attached from, else Documents."""
        return self._folder(_ATTACH_KEY, QStandardPaths.StandardLocation.DocumentsLocation)

    def save_folder(self) -> Path:
        """Where Save opens: the last folder an attachment was saved to, else Downloads."""
        return self._folder(_SAVE_KEY, QStandardPaths.StandardLocation.DownloadLocation)

    def attached_from(self, path: Path) -> None:
        self._settings.setValue(_ATTACH_KEY, str(path.parent))

    def saved_to(self, path: Path) -> None:
        self._settings.setValue(_SAVE_KEY, str(path.parent))
