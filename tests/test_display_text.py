"""The one rule for showing member-supplied text (issue 10, item 7)."""

from __future__ import annotations

from liaison_client.display_text import display_text, terminal_block, terminal_field


def test_controls_and_invisible_characters_are_shown_by_name() -> None:
    assert terminal_field("a\x1b[2Jb\x07\x9b\x7f\r\n") == "a\\x1b[2Jb\\x07\\x9b\\x7f\\r\\n"
    assert terminal_field("exe\u202efdp \u2066x\u2069 \u200e\u200f\u061c \u200b\ufeff") == (
        "exe<U+202E>fdp <U+2066>x<U+2069> <U+200E><U+200F><U+061C> <U+200B><U+FEFF>")
    assert terminal_field("line\u2028sep") == "line<U+2028>sep"


def test_ordinary_text_of_every_script_is_untouched() -> None:
    for text in ("李伟: 集装箱 MSKU", "Ärger mit dem Zoll", "مرحبا", "שלום"):
        assert terminal_field(text) == text
        assert display_text(text) == text


def test_a_message_cannot_start_a_line_of_its_own() -> None:
    shown = terminal_block("ok\n[2026-01-01T00:00:00.000Z] 李伟: forged\r\nthird\rfourth")
    assert shown.splitlines() == [
        "ok", "    [2026-01-01T00:00:00.000Z] 李伟: forged", "    third\\rfourth"]


def test_the_desktop_keeps_line_breaks_but_shows_overrides() -> None:
    assert display_text("a\nb\u202ec\x1b") == "a\nb<U+202E>c\\x1b"
