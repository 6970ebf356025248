"""Where a received attachment may be written: the sender's file name made safe, and
never over a file that is already there (issue 10, item 8).

The name of an attachment is chosen by whoever sent it. Written as it is, a member
could drop ``.bashrc`` (or ``.ssh/authorized_keys`` through a separator) into the
directory an officer saves to, replace a file of the same name, name a Windows
device (``CON``, ``NUL``, ``COM1``) that hangs or fails the write, or hide
controls that mislead whoever lists the directory. So:

* :func:`safe_file_name` keeps only the last path component, drops controls and
  invisible format characters, characters Windows forbids and leading dots and
  spaces, renames reserved Windows device names (``CON.txt`` → ``_CON.txt``; see
  https://learn.microsoft.com/windows/win32/fileio/naming-a-file), and caps the
  name at :data:`MAX_NAME_BYTES` UTF-8 bytes, keeping the extension: room is left
  under the usual 255-byte limit for `` (99)`` and the temporary ``.partial`` name
  the decryption writes first.
* :func:`claimed_destination` reserves the name with ``O_CREAT | O_EXCL`` (atomic:
  no other process can create the file between the check and the write) and,
  where the name is taken, tries ``report (1).pdf``, ``report (2).pdf``… Only
  ``overwrite=True`` (``--force``) writes over an existing file.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from liaison_client.errors import UsageError

#: Cap on a saved name in UTF-8 bytes. Linux and macOS allow 255 per component;
#: the decryption's ``.<name>.XXXXXXXX.partial`` and a `` (99)`` suffix need the rest.
MAX_NAME_BYTES = 200

#: How many numbered alternatives are tried before giving up (bounds the loop).
MAX_NUMBERED = 99

#: The name used when nothing of the sender's name survives.
FALLBACK_NAME = "attachment"

#: Windows device names, reserved with any extension (``nul.txt`` too).
_WINDOWS_DEVICES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]})

#: Characters Windows refuses in a file name, besides controls; ``/`` and ``\\`` are
#: the separators.
_FORBIDDEN = frozenset('<>:"/\\|?*')

#: Longest extension kept whole when a name is shortened (``.docx``, ``.tar.gz`` part).
_MAX_EXTENSION_BYTES = 16


def safe_file_name(sender_name: str) -> str:
    """The sender's attachment name as one safe file name in the current directory."""
    # The last component only, whatever separator the sender's system uses.
    name = sender_name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        "_" if char in _FORBIDDEN else char for char in name
        if unicodedata.category(char) not in {"Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"})
    # No hidden files, no "." or "..", and Windows drops trailing dots and spaces.
    name = name.lstrip(". ").rstrip(". ")
    if not name:
        return FALLBACK_NAME
    stem = name.split(".", 1)[0].rstrip(" ")
    if stem.upper() in _WINDOWS_DEVICES:
        name = f"_{name}"
    return _capped(name, MAX_NAME_BYTES)


def _capped(name: str, limit: int) -> str:
    """``name`` cut to ``limit`` UTF-8 bytes on a character boundary, keeping its
    extension when the extension is short enough to be one."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension.encode("utf-8")) + 1 > _MAX_EXTENSION_BYTES:
        stem, extension = name, ""
    suffix = f".{extension}" if extension else ""
    room = limit - len(suffix.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(". ")
    return f"{cut or FALLBACK_NAME}{suffix}"


def numbered_name(name: str, number: int) -> str:
    """``report.pdf`` → ``report (1).pdf``: the extension stays last so the file
    still opens with the right program."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({number})"
    return f"{stem} ({number}).{extension}"


@contextmanager
def claimed_destination(destination: Path, sender_name: str, *,
                        overwrite: bool) -> Iterator[Path]:
    """The path to write an attachment to, reserved for the duration of the block.

    ``destination`` is a directory (the sender's name, made safe, is used in it)
    or a file path the officer chose. Unless ``overwrite``, an existing file is
    never replaced: the first free numbered name is created with ``O_EXCL`` and
    yielded; the caller replaces that empty placeholder atomically with the
    decrypted file. If the block fails, the placeholder is removed again.
    """
    base = destination / safe_file_name(sender_name) if destination.is_dir() else destination
    if overwrite:
        yield base
        return
    claimed = _claim(base)
    try:
        yield claimed
    except BaseException:
        claimed.unlink(missing_ok=True)
        raise


def _claim(base: Path) -> Path:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for number in range(MAX_NUMBERED + 1):
        candidate = base if number == 0 else base.with_name(numbered_name(base.name, number))
        try:
            os.close(os.open(candidate, flags, 0o600))
        except FileExistsError:
            continue
        return candidate
    raise UsageError(
        f"{base.name} and {MAX_NUMBERED} numbered names are already taken in {base.parent}: "
        "choose another directory, or --force to overwrite")
