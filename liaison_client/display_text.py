"""Member-supplied text made safe to show: on a terminal and in the desktop timeline.

Names, agencies, message bodies, attachment and channel names come from other
members (or a hostile relay replaying them) and may carry characters that act
instead of showing (issue 10, item 7):

* C0/C1 controls and DEL drive the terminal: ESC sequences clear the screen,
  recolour it or set the window title, BEL rings, and CR returns to the start of
  the line so a fake ``[ts] 李伟: …`` can be written over the real header;
* bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
  marks U+200E/U+200F/U+061C and other invisible format characters (category
  ``Cf``: zero-width spaces and joiners, U+FEFF, soft hyphen...) reorder or hide
  text, so ``exe.pdf`` can read as ``fdp.exe`` and two names that look the same
  can differ ("Trojan Source", CVE-2021-42574, https://trojansource.codes/;
  Unicode UAX #9 for the bidi controls);
* line and paragraph separators (U+2028/U+2029) break lines like a newline.

Every such character is shown as what it is instead of being obeyed: C0, C1
and DEL as a Python-style escape (``\\x1b``, ``\\r``), everything else as
``<U+202E>``. Ordinary letters of every script, including right-to-left ones,
are untouched: only the invisible *controls* are made visible.

A newline inside a message body is kept, but every continuation line is
indented under its header (:func:`terminal_block`), so no line a member sends
can start where a header starts. Single-line fields (a name, an agency) show
a newline as ``\\n``.

JSON output does not go through here: it must stay exact, and the JSON encoder
already escapes control characters.

Kept Qt-free so the CLI and the desktop timeline share one rule.
"""

from __future__ import annotations

import unicodedata

#: Short escapes for the controls everyone reads; other C0/C1 show as ``\\xNN``.
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}

#: Unicode categories that never show as themselves: controls (Cc), format
#: characters (Cf, which holds every bidi control), lone surrogates (Cs), and
#: the line/paragraph separators (Zl, Zp).
_ACTING_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})

#: Indent of a message's continuation lines on a terminal: deeper than a header
#: starts, so a forged header line is always visibly part of the message above.
CONTINUATION_INDENT = "    "


def is_acting_character(char: str) -> bool:
    """True for a character that acts on the display instead of showing."""
    return unicodedata.category(char) in _ACTING_CATEGORIES


def visible_marker(char: str) -> str:
    """How an acting character is shown: ``\\x1b``, ``\\r``, ``<U+202E>``."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return _NAMED_ESCAPES.get(char, f"\\x{code:02x}")
    return f"<U+{code:04X}>"


def terminal_field(text: str) -> str:
    """A one-line field (name, agency, channel or file name) safe for a terminal:
    every acting character, newlines included, shown as its marker."""
    if not any(is_acting_character(c) for c in text):
        return text
    return "".join(visible_marker(c) if is_acting_character(c) else c for c in text)


def terminal_block(text: str, indent: str = CONTINUATION_INDENT) -> str:
    """A multi-line text (a message body) safe for a terminal: lines split only at
    ``\\n`` (a CRLF counts as one), each continuation line prefixed by ``indent``,
    every other acting character (a lone CR included) shown as its marker."""
    lines = text.replace("\r\n", "\n").split("\n")
    return ("\n" + indent).join(terminal_field(line) for line in lines)


def display_text(text: str) -> str:
    """Text for the desktop: newlines and tabs kept (the timeline wraps and lays
    them out itself, and draws every line of a message inside its bubble), every
    other acting character shown as its marker, so no override can reorder what
    follows and no invisible character can hide in a name."""
    if not any(is_acting_character(c) for c in text):
        return text
    return "".join(visible_marker(c) if is_acting_character(c) and c not in "\n\t" else c
                   for c in text.replace("\r\n", "\n"))
