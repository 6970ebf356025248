"""Audit every screen in a process of its own and print what is wrong.

Run by test_accessibility.py as
``python -m tests.ui.screen_audit PROFILE_DIR OUT_DIR [CHANNEL_ID] [--language zh_CN]
[--theme dark]``,
once plainly and once with ``QT_SCALE_FACTOR=2`` (which must be set before Qt
starts, hence the separate process), on an offscreen screen of a real size
(:func:`use_screen_of_real_size`: 1920×1080 logical pixels at both scales, so a
dialog is not squeezed into the offscreen plugin's default 800×600). For each screen it
prints

* ``unnamed <screen> <control>``: a focusable control without an accessible name,
  or a Tab stop a screen reader would announce by its class alone;
* ``clipped <screen> <text>``: a label, button or list row whose text needs more
  room than it got;
* ``unreachable <screen> <control>``: a visible, enabled control Tab never reaches
  (the idle lock once left an open Settings dialog usable over it);
* ``unreadable <screen> <text>``: a push button whose text colour has too little
  contrast with the background it is painted on;
* ``faint <screen> <text>``: an enabled checkbox whose indicator has less than
  WCAG's 3:1 non-text contrast with the background around it (the dark theme's
  unchecked box once hardly showed);
* ``untranslated <screen> <text>``: in Chinese, a button with one of Qt's English
  standard texts;
* ``english <screen> <text>``: in Chinese, any visible text (label, button, check box,
  tab, placeholder, combo box, window title) that still has an English word once the
  names and identifiers the audit's data uses are taken out (issue 11, item 9);

and saves ``<screen>-<scale>.png`` (``<screen>-zh_CN-<scale>.png`` in Chinese,
``<screen>-dark-<scale>.png`` in the dark theme).
With ``CHANNEL_ID`` the main window is audited again with that operation open
(``main-window-channel``: timeline with messages, composer, members and their
actions), then its search bar with hits, a message's context menu and Message details,
the verify dialog and the invite dialog, and its Tab order is printed. Walking
every child widget (``findChildren``) wraps Qt's private internals in Python
objects, which PySide6 6.12 did not always survive at test teardown in a
long-lived test process; a process per audit keeps the rest of the suite clear
of that.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QTabBar,
    QTextEdit,
    QWidget,
)

from liaison_client.demo_workspace import DEMO_PASSPHRASE
from liaison_client.profile import open_profile
from liaison_client.progress import AttachmentProgress, AttachmentStage
from liaison_client.reports import ReportKind
from liaison_client.workspace import TimelineState
from tests.conftest import fixed_passphrase
from ui.appearance import Appearance
from ui.fonts import apply_interface_font
from ui.lock.idle_lock import IdleLock
from ui.main_window.main_window import MainWindow
from ui.members.member_row_delegate import height_to_draw_all
from ui.preferences import Language, Theme
from ui.transcripts.export_offer import ExportOfferDialog
from ui.unlock.recovery_dialog import RecoveryDialog
from ui.unlock.unlock_dialog import UnlockDialog
from ui.wizard.wizard import FirstRunWizard

CONTROLS = (QLineEdit, QComboBox, QAbstractButton, QListView)

#: The English texts of Qt's standard dialog buttons: one of them on a button in a
#: Chinese interface is a standard button Qt left untranslated (Settings' Close,
#: Verify's Close and Invite's Cancel were).
QT_STANDARD_BUTTON_TEXTS = frozenset({
    "OK", "Open", "Save", "Cancel", "Close", "Discard", "Apply", "Reset",
    "Restore Defaults", "Help", "Save All", "Yes", "Yes to All", "No", "No to All",
    "Abort", "Retry", "Ignore"})


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible, focusable controls a screen reader would announce without a name."""
    unnamed = []
    for kind in CONTROLS:
        for widget in root.findChildren(kind):
            if not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
                continue
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            if not (widget.accessibleName() or text.replace("&", "").strip()):
                unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.1 relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance)."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    return (0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF())
            + 0.0722 * linear(colour.blueF()))


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2.1 contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def unreadable_buttons(root: QWidget) -> list[str]:
    """Visible push buttons whose text colour hardly differs from the background they
    are painted with (the wizard's "Create profile" was white on white): the
    background is read from the painted button, just inside its left edge."""
    problems = []
    for button in root.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        image = button.grab().toImage()
        background = image.pixelColor(round(6 * button.devicePixelRatioF()), image.height() // 2)
        text = button.palette().color(button.foregroundRole())
        ratio = contrast_ratio(text, background)
        # WCAG's minimum for large text, and for disabled controls it sets none:
        # well below either is text nobody can read.
        if ratio < (1.5 if not button.isEnabled() else 3.0):
            problems.append(f"{button.text()!r} {text.name()} on {background.name()} "
                            f"{ratio:.1f}:1")
    return problems


def faint_checkboxes(root: QWidget, shot: QImage) -> list[str]:
    """Enabled, visible checkboxes whose indicator hardly stands out from what is
    around it, measured on ``shot`` (``root.grab()``, where the background is painted
    as the officer sees it). The indicator's colour is the one of greatest contrast
    along its middle row, which crosses its border (and its fill when checked); the
    background is read in the gap between the indicator and the text. WCAG 2.1
    non-text contrast (https://www.w3.org/TR/WCAG21/#non-text-contrast) asks 3:1 of
    the parts needed to see a control's state; a disabled control it exempts."""
    problems = []
    ratio_to_device = shot.devicePixelRatioF()
    for box in root.findChildren(QCheckBox):
        if not box.isVisible() or not box.isEnabled():
            continue
        option = QStyleOptionButton()
        option.initFrom(box)
        indicator = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator,
                                               option, box)
        origin = box.mapTo(root, QPoint(0, 0))
        row = round((origin.y() + indicator.center().y()) * ratio_to_device)
        background = shot.pixelColor(
            round((origin.x() + indicator.right() + 3) * ratio_to_device), row)
        left = round((origin.x() + indicator.left()) * ratio_to_device)
        right = round((origin.x() + indicator.right()) * ratio_to_device)
        ratio, colour = max((contrast_ratio(shot.pixelColor(x, row), background),
                             shot.pixelColor(x, row).name()) for x in range(left, right + 1))
        if ratio < 3.0:
            problems.append(f"{box.text()[:40]!r} indicator {colour} on "
                            f"{background.name()} {ratio:.1f}:1")
    return problems


def untranslated_buttons(root: QWidget) -> list[str]:
    """Visible buttons that still carry one of Qt's English standard texts."""
    return [f"{button.text()!r} {button.accessibleName()!r}"
            for button in root.findChildren(QAbstractButton)
            if button.isVisible() and button.text().replace("&", "") in QT_STANDARD_BUTTON_TEXTS]


#: What the audited profiles and screens hold that is not interface text: officers'
#: and agencies' names, operation and list names, messages, file names (from
#: tests/ui/test_accessibility.py's data and this script's own), taken out before
#: looking for English words.
AUDIT_DATA = (
    "Container manifest 集装箱舱单 MSKU7654321.pdf", "manifest 舱单 MSKU7654321.csv",
    "广州海关 Guangzhou Customs", "Guangzhou Customs", "Zoll Hamburg", "Anna Schmidt",
    "Li Wei", "Op Jade", "High-risk", "tiles", "tobacco", "Reefer", "arrives Friday at berth",
    "Seal number checked", "SEAL-0042", "MSKU", "CSQU3054383", "CSQU3054384",
    DEMO_PASSPHRASE)
#: Words an interface sentence keeps in any language: the product, keys of the
#: keyboard, acronyms and identifiers of formats and standards.
KEPT_WORDS = frozenset({
    "Liaison", "DEMO", "Enter", "Shift", "Ctrl", "Alt", "Tab", "Esc", "Escape", "QR", "CA",
    "IT", "OS", "PEM", "CSV", "XLSX", "PDF", "JSON", "HTTP", "HTTPS", "http", "https",
    "AWB", "IMO", "USCC", "EORI", "ISO", "HS", "TLS", "UTC", "Olm", "Megolm", "vodozemac",
    "SQLCipher", "Argon2id", "Ed25519", "KiB", "MiB", "GiB", "ID", "TEU",
    # The language menu names each language in itself.
    "English",
    # Watch-list spreadsheet column names: what the file must say, in any language.
    "kind", "value", "note", "tags", "expires", "uscc", "eori", "container", "company",
    "keyword", "awb", "imo", "hs"})
#: Identifiers: addresses, paths, ids, fingerprints, numbers with letters.
_IDENTIFIERS = re.compile(
    r"(“liaison [^”]*”|‘liaison [^’]*’|'liaison [^']*'"  # a command to type, quoted
    r"|(?<!\S)[A-Za-z0-9+/=]{4}(?: [A-Za-z0-9+/=]{1,4}){7,}"  # a fingerprint, in groups
    r"|\b[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b"  # a snake_case code (relay errors)
    r"|https?://\S+|\S+@\S+|[~/]\S*/\S*|\b[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*\b"
    r"|\b[A-Z0-9]{2,}(?:[ -][A-Z0-9]{2,})+\b|\S*\.(?:csv|xlsx|pdf|pem|json|ini|png|txt|jpg|jpeg)\b"
    # A device id: 13 base32 characters, all letters one time in 15 (ZNDQIQEVEEXQE).
    r"|\b[A-Z2-7]{13}\b)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def visible_texts(root: QWidget) -> list[str]:
    """Every text a sighted officer reads on ``root``: labels, buttons, check boxes, tab
    titles, placeholders, combo box entries and the window title."""
    texts = [root.windowTitle()] if root.isWindow() else []
    for label in root.findChildren(QLabel):
        if label.isVisible():
            texts.append(label.text())
    for button in root.findChildren(QAbstractButton):
        if button.isVisible():
            texts.append(button.text())
    for edit in root.findChildren(QLineEdit):
        if edit.isVisible() and not edit.text():
            texts.append(edit.placeholderText())
    for rich in root.findChildren(QTextEdit):
        if rich.isVisible() and not rich.toPlainText():
            texts.append(rich.placeholderText())
    for plain in root.findChildren(QPlainTextEdit):
        if plain.isVisible() and not plain.toPlainText():
            texts.append(plain.placeholderText())
    for box in root.findChildren(QGroupBox):
        if box.isVisible():
            texts.append(box.title())
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            texts.extend(bar.tabText(i) for i in range(bar.count()))
    for combo in root.findChildren(QComboBox):
        if combo.isVisible() and not combo.isEditable():
            texts.extend(combo.itemText(i) for i in range(combo.count()))
    return [text for text in texts if text]


def english_words(text: str) -> list[str]:
    """The English words of ``text`` once markup, names and identifiers are out."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")
    for data in AUDIT_DATA:
        plain = plain.replace(data, " ")
    plain = _IDENTIFIERS.sub(" ", plain)
    return [word for word in _ENGLISH_WORD.findall(plain) if word not in KEPT_WORDS]


def english_texts(root: QWidget) -> list[str]:
    """Visible texts of a Chinese screen that still carry English words."""
    return [f"{text[:60]!r} {english_words(text)[:3]}" for text in visible_texts(root)
            if english_words(text)]


def unreachable_controls(root: QWidget) -> list[str]:
    """Visible, enabled controls that take focus but that Tab never reaches: a
    keyboard user cannot use them. A control that takes no focus at all (a line
    edit's clear button) is a mouse shortcut by design and is not counted."""
    stops = set(tab_stops(root))
    unreachable = []
    for kind in CONTROLS:
        for widget in root.findChildren(kind):
            if widget.isVisible() and widget.isEnabled() and widget not in stops \
                    and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
                unreachable.append(f"{type(widget).__name__} "
                                   f"{widget.accessibleName() or widget.objectName()!r}")
    return unreachable


def unnamed_tab_stops(root: QWidget) -> list[str]:
    """Tab stops without an accessible name of their own: the audit's Tab chain, and
    a screen reader on a platform that does not fall back to the text, would call
    them by their class ("QPushButton"), as the wizard's own buttons once were."""
    return [f"tab stop {type(widget).__name__} {widget.objectName()!r}"
            for widget in tab_stops(root) if not widget.accessibleName()]


def clipped_labels(root: QWidget) -> list[str]:
    """Visible labels, buttons and list rows whose text needs more room than it got."""
    problems = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap():
            clipped = label.heightForWidth(label.width()) > label.height() + 1
        else:
            hint = label.sizeHint()
            clipped = hint.width() > label.width() + 1 or hint.height() > label.height() + 1
        if clipped:
            problems.append(f"{label.text()[:40]!r} {label.size().toTuple()}")
    for button in root.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and (
                button.sizeHint().width() > button.width() + 1
                or button.sizeHint().height() > button.height() + 1):
            problems.append(f"{button.text()[:40]!r} {button.size().toTuple()}")
    # A field squeezed below its own height (the Settings "Join a relay" CA row once
    # was, at 200 %, its text and Browse button cut through the middle).
    for edit in root.findChildren(QLineEdit):
        if edit.isVisible() and edit.sizeHint().height() > edit.height() + 1:
            problems.append(f"field {edit.accessibleName()[:40]!r} {edit.size().toTuple()}")
    for view in root.findChildren(QListView):
        if view.isVisible():
            problems.extend(clipped_rows(view))
    problems.extend(overlapping_controls(root))
    return problems


def overlapping_controls(root: QWidget) -> list[str]:
    """Labels, buttons and fields of one layout drawn over each other: a window made
    smaller than its layout's minimum (Settings at 200 % once put "Join a relay"'s
    token label across its CA field)."""
    kinds = (QLabel, QAbstractButton, QLineEdit)
    problems = []
    parents: dict[int, QWidget] = {root_id: root for root_id in [id(root)]}
    for widget in root.findChildren(QWidget):
        owner = widget.parentWidget()
        if owner is not None:
            parents[id(owner)] = owner
    for parent in parents.values():
        if parent.layout() is None:
            continue
        controls = [child for child in parent.children()
                    if isinstance(child, kinds) and child.isVisible() and not child.isWindow()]
        for i, first in enumerate(controls):
            for second in controls[i + 1:]:
                overlap = first.geometry().intersected(second.geometry())
                if overlap.width() > 1 and overlap.height() > 1:
                    problems.append(f"overlap {_control_name(first)!r} / "
                                    f"{_control_name(second)!r}")
    return problems


def _control_name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    return (widget.accessibleName() or text or type(widget).__name__)[:40]


def clipped_rows(view: QListView) -> list[str]:
    """Rows painted by Qt's own item painting whose lines do not fit the row, in
    width or height: Qt elides them ("广州海关 Guangzhou Customs · coordinat…"), or
    drops the lines after a Chinese one, taller in the CJK fallback font, as
    ui/members/member_row_delegate.py explains. Lists that paint their rows themselves (the
    timeline, the operations) lay out their text themselves."""
    delegate = view.itemDelegate()
    if not isinstance(delegate, QStyledItemDelegate) or view.model() is None \
            or type(delegate).paint is not QStyledItemDelegate.paint:
        return []
    model, metrics = view.model(), view.fontMetrics()
    # The delegate's text margin on each side (QCommonStyle: PM_FocusFrameHMargin + 1).
    room_margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin,
                                                None, view) + 1)
    problems = []
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        rect = view.visualRect(index)
        lines = str(model.data(index) or "").splitlines()
        for line in lines:
            if metrics.horizontalAdvance(line) > rect.width() - room_margin:
                problems.append(f"row {line[:40]!r} {metrics.horizontalAdvance(line)} wide "
                                f"in {rect.width() - room_margin}")
        # Qt drops the lines after one whose height, once more, no longer fits.
        needed = height_to_draw_all(lines, view.font())
        if needed > rect.height():
            problems.append(f"row {lines[0][:40]!r} needs {needed:.0f} px, has {rect.height()}")
    return problems


def tab_stops(start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start`` round to it again: Qt's focus chain,
    skipping what takes no Tab focus or is hidden (as focusNextPrevChild does)."""
    stops: list[QWidget] = []
    widget = start
    while len(stops) < 200:
        following = widget.nextInFocusChain()
        if following is None or following is start:
            break
        widget = following
        if widget.isVisible() and widget.isEnabled() and (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            stops.append(widget)
    return stops


def tab_chain(start: QWidget, steps: int) -> list[str]:
    """Accessible names (else class names) of the first ``steps`` Tab stops after ``start``."""
    return [widget.accessibleName() or type(widget).__name__
            for widget in tab_stops(start)[:steps]]


def wait_until(condition: Callable[[], bool], seconds: float = 20.0) -> bool:
    """Run the event loop until ``condition`` holds (service calls report back through it)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        QApplication.processEvents()
        time.sleep(0.005)
    return True


def open_channel(window: MainWindow, channel_id: str) -> None:
    """Select the operation and wait until its messages and members are shown."""
    wait_until(lambda: window.operations_screen.model.row_of(channel_id) is not None)
    window.operations_screen.select(channel_id)
    members = window.identity_panel.members_panel
    wait_until(lambda: window.timeline_screen.timeline is not None
               and window.timeline_screen.timeline.rowCount() > 0
               and not window.timeline_screen.timeline.busy
               and members.list_view.model() is not None
               and members.list_view.model().rowCount() > 1)
    members.list_view.setCurrentIndex(members.list_view.model().index(1, 0))
    # An attachment being uploaded, as the composer shows it (its label wraps, never clips).
    composer = window.timeline_screen.composer
    composer.begin_upload("Container manifest 集装箱舱单 MSKU7654321.pdf")
    composer.show_upload_progress("Container manifest 集装箱舱单 MSKU7654321.pdf",
                                  AttachmentProgress(AttachmentStage.UPLOADING, 42, 100))
    QApplication.processEvents()


class ScreenAudit:
    """Shows, photographs and checks screens at one scale in one language."""

    def __init__(self, out: Path, scale: str, language: Language, theme: Theme) -> None:
        self._out = out
        self._language = language
        words = ([] if language is Language.ENGLISH else [str(language)]) \
            + ([] if theme is Theme.LIGHT else [str(theme)]) + [scale]
        self._suffix = "-".join(words)

    @property
    def out(self) -> Path:
        """Where the screenshots go (and files a screen needs, such as an attachment)."""
        return self._out

    def __call__(self, name: str, screen: QWidget) -> None:
        screen.show()
        QApplication.processEvents()
        shot = screen.grab()
        shot.save(str(self._out / f"{name}-{self._suffix}.png"))
        for problem in unnamed_controls(screen) + unnamed_tab_stops(screen):
            print(f"unnamed {name} {problem}")
        for problem in clipped_labels(screen):
            print(f"clipped {name} {problem}")
        for problem in unreachable_controls(screen):
            print(f"unreachable {name} {problem}")
        for problem in unreadable_buttons(screen):
            print(f"unreadable {name} {problem}")
        for problem in faint_checkboxes(screen, shot.toImage()):
            print(f"faint {name} {problem}")
        if self._language is not Language.ENGLISH:
            for problem in untranslated_buttons(screen):
                print(f"untranslated {name} {problem}")
            for problem in english_texts(screen):
                print(f"english {name} {problem}")


def use_screen_of_real_size(scale: float, config_dir: Path) -> None:
    """Before Qt starts: an offscreen screen of 1920×1080 logical pixels at ``scale``
    (at 2, a 4K monitor at 200 %), through the offscreen plugin's screen
    configuration file (Qt 6.5+). The plugin's default 800×600 squeezed dialogs at
    200 % into 400 logical pixels, which no officer's screen does."""
    config = config_dir / f"screen-{scale:g}.json"
    config.write_text(json.dumps({"screens": [{
        "name": "audit", "x": 0, "y": 0, "width": round(1920 * scale),
        "height": round(1080 * scale), "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def open_search_hits(window: MainWindow, query: str) -> None:
    """Open the search bar on the open operation and wait for its hits."""
    window.timeline_screen.open_search()
    bar = window.timeline_screen.search_bar
    bar.query_edit.setText(query)
    window.timeline_screen.search(query)
    wait_until(lambda: bool(bar.hits))


def open_dialogs(window: MainWindow, audit: ScreenAudit) -> None:
    """The open operation's search, Verify for the second member, and Invite."""
    open_search_hits(window, "MSKU")
    audit("search", window)
    print(f"tab search {tab_chain(window.timeline_screen.search_bar.query_edit, 3)}")
    # Ctrl+Shift+F: every operation, rows naming their operation (issue 11, item 5).
    screen = window.timeline_screen
    screen.open_search(all_operations=True)
    screen.search_bar.set_hits(None)
    screen.search(screen.search_bar.query_edit.text().strip(), True)
    wait_until(lambda: bool(screen.search_bar.hits))
    audit("search-all", window)
    window.timeline_screen.search_bar.hide()
    open_message_actions(window, audit)
    members = window.members_screen
    member = window.identity_panel.members_panel.current_member
    assert member is not None
    members.open_verify_dialog(member)
    wait_until(lambda: members.verify_dialog is not None and members.verify_dialog.isVisible())
    if members.verify_dialog is not None:
        audit("verify", members.verify_dialog)
        members.verify_dialog.reject()
    removal = members.removal_box(member)
    if removal is not None:
        audit("remove-member", removal)
        removal.reject()
    members.open_invite_dialog()
    if members.invite_dialog is not None:
        QApplication.processEvents()
        audit("invite", members.invite_dialog)
        members.invite_dialog.reject()


def open_message_actions(window: MainWindow, audit: ScreenAudit) -> None:
    """The context menu on Li's first message of the open operation, its Message
    details (delivery per member: Anna's row) and the reply banner, issue 11's
    message actions."""
    screen = window.timeline_screen
    timeline, view = screen.timeline, screen.list_view
    if timeline is None:
        return
    own_states = (TimelineState.SENT, TimelineState.DELIVERED)  # Li's: a delivery list
    rows = [row for row in range(timeline.rowCount()) if timeline.entry_at(row).is_message
            and timeline.entry_at(row).state in own_states]
    if not rows:
        return
    view.setCurrentIndex(timeline.index(rows[0]))
    view.setFocus()
    view.open_context_menu()
    wait_until(lambda: view.context_menu is not None and view.context_menu.isVisible())
    if view.context_menu is not None:
        audit("message-menu", view.context_menu)
        view.context_menu.close()
        QApplication.processEvents()
    view.details_action.trigger()
    wait_until(lambda: screen.details_dialog is not None and screen.details_dialog.isVisible())
    if screen.details_dialog is not None:
        audit("message-details", screen.details_dialog)
        print(f"tab message-details {tab_chain(screen.details_dialog.delivery_list, 3)}")
        screen.details_dialog.reject()
        QApplication.processEvents()
    # Attaching asks first (issue 11): the confirmation with its name, size and caption.
    attachment = audit.out / "封条照片_4471.txt"
    attachment.write_text("seal 4471 photographed at berth 4", encoding="utf-8")
    screen.composer.offer_files([attachment])
    wait_until(lambda: screen.composer.confirm_dialog is not None
               and screen.composer.confirm_dialog.isVisible())
    if screen.composer.confirm_dialog is not None:
        audit("attachment-confirm", screen.composer.confirm_dialog)
        screen.composer.confirm_dialog.reject()
        QApplication.processEvents()
    view.reply_action.trigger()  # the reply banner over the composer, then cancelled
    QApplication.processEvents()
    if screen.reply_banner.isVisible():
        audit("main-window-reply", window)
        screen.reply_banner.cancel()
        QApplication.processEvents()


def open_watchlists(window: MainWindow, audit: ScreenAudit) -> None:
    """The Watch-lists tab of the open operation, its add dialog showing why a value is
    invalid, the import wizard and the match wizard's first page; then back to Messages."""
    screen = window.watchlists_screen
    window.operation_tabs.setCurrentWidget(screen)
    screen.reload()
    wait_until(lambda: not screen.loading and screen.model.rowCount() > 0)
    audit("watchlists", window)
    print(f"tab watchlists {tab_chain(screen.list_combo, 12)}")
    dialog = screen.open_add_dialog()
    if dialog is not None:
        dialog.value_edit.setText("CSQU3054384")
        audit("watchlists-add", dialog)
        print(f"tab watchlists-add {tab_chain(dialog.list_edit, 10)}")
        dialog.reject()
    importer = screen.open_import_wizard()
    if importer is not None:
        audit("watchlists-import", importer)
        importer.reject()
    matcher = screen.open_match_wizard()
    if matcher is not None:
        audit("watchlists-match", matcher)
        matcher.reject()
    window.operation_tabs.setCurrentWidget(window.timeline_screen)
    QApplication.processEvents()


def open_reports_and_transcripts(window: MainWindow, audit: ScreenAudit) -> None:
    """The report form (a warning with an invalid container, then the seizure page with
    its photo list), the transcript export dialog and the offer made at close."""
    dialog = window.open_report_dialog()
    if dialog is not None:
        dialog.editor("containers").set_texts(["CSQU3054384"])
        audit("report-form", dialog)
        print(f"tab report-form {tab_chain(dialog.kind_combo, 14)}")
        dialog.set_kind(ReportKind.SEIZURE)
        dialog.editor("quantity").set_texts(["1,5"])
        audit("report-form-seizure", dialog)
        dialog.reject()
    exporter = window.open_export_dialog()
    if exporter is not None:
        audit("transcript-export", exporter)
        print(f"tab transcript-export {tab_chain(exporter.parent_edit, 8)}")
        exporter.reject()
    channel = window.timeline_screen.channel
    if channel is not None:
        offer = ExportOfferDialog(channel, window)
        audit("transcript-export-offer", offer)
        offer.reject()


def main(profile_dir: str, out_dir: str, channel_id: str | None, language: Language,
         theme: Theme) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    factor = float(os.environ.get("QT_SCALE_FACTOR", "1"))
    use_screen_of_real_size(factor, out)
    app = QApplication(sys.argv[:1])
    apply_interface_font(app)
    scale = f"{round(factor * 100)}pct"
    appearance_settings = QSettings(str(out / f"audit-ui-{language}.ini"),
                                    QSettings.Format.IniFormat)
    appearance = Appearance(app, appearance_settings)
    appearance.apply_saved()  # the theme's stylesheet, as the app starts with it
    appearance.set_language(language)
    appearance.set_theme(theme)
    audit = ScreenAudit(out, scale, language, theme)
    root = Path(profile_dir)

    with open_profile(root, passphrase=fixed_passphrase()) as profile:
        window = MainWindow(profile, appearance)
        audit("main-window", window)
        device = window.identity_panel.device_field.value_label
        print(f"tab main-window {tab_chain(device, 3)}")
        if channel_id:
            open_channel(window, channel_id)
            audit("main-window-channel", window)
            operations = window.operations_screen.list_view
            print(f"tab main-window-channel {tab_chain(operations, 15)}")
            open_dialogs(window, audit)
            open_watchlists(window, audit)
            open_reports_and_transcripts(window, audit)
        about = window.about_box()
        audit("about", about)
        about.reject()
        new_operation = window.operations_screen.new_operation_dialog()
        audit("new-operation", new_operation)
        new_operation.reject()
        settings = window.open_settings()
        wait_until(lambda: settings.relay.loaded)  # the relay address and its trust note
        audit("settings", settings)
        # Settings → Relay → "Join a relay" (a profile made without a relay): its fields,
        # its Tab order, and a refusal shown in place (plain http to another computer is
        # refused before any network call), in both languages and themes.
        join = settings.relay.join
        shown = join is not None and join.isVisible()
        print(f"join-section {'shown' if shown else 'absent'}")
        if join is not None and shown:
            print(f"tab settings-join {tab_chain(join.url_edit, 4)}")
            join.url_edit.setText("http://relay.example.gov")
            join.token_edit.setText("enroll-123")
            join.join_relay()
            audit("settings-join", settings)
            join.url_edit.clear()
            join.token_edit.clear()
            join.message.clear_message()
        idle_lock = IdleLock(window, profile, appearance_settings)
        idle_lock.lock()
        audit("idle-lock", window)
        print(f"tab idle-lock {tab_chain(idle_lock.screen.passphrase_edit, 2)}")
        idle_lock.stop()
        idle_lock.screen.hide()
        demo_lock = IdleLock(window, profile, appearance_settings,
                             demo_passphrase=DEMO_PASSPHRASE)
        demo_lock.lock()
        audit("idle-lock-demo", window)
        demo_lock.stop()
        print(f"device-pixel-ratio {window.devicePixelRatioF()}")
        print(f"screen {window.screen().geometry().size().toTuple()}")
    audit("unlock", UnlockDialog(root))
    audit("unlock-recovery", RecoveryDialog(root))  # "Forgotten it?" (issue 11, item 14)
    wizard = FirstRunWizard(root.parent / "audit-unused", "no OS keyring is available")
    wizard.identity_page.name_edit.setText("Li Wei")
    wizard.identity_page.agency_edit.setText("Guangzhou Customs")
    # Relay first (issue 11, item 3): with no relay address, Next goes to the identity page.
    starts = {"relay": wizard.relay_page.url_edit, "identity": wizard.identity_page.name_edit,
              "passphrase": wizard.security_page.passphrase_edit}
    for page, start in starts.items():
        audit(f"wizard-{page}", wizard)
        print(f"tab wizard-{page} {tab_chain(start, 4 if page == 'relay' else 3)}")
        wizard.next()
    # The recovery page needs a created profile to be reached by Next: start there.
    recovery = FirstRunWizard(root.parent / "audit-unused", None)
    recovery.setStartId(FirstRunWizard.RECOVERY)
    recovery.restart()
    recovery.recovery_page.show_key("ABCD EFGH JKLM NPQR STUV WXYZ 2345 6789")
    audit("wizard-recovery", recovery)
    sys.stdout.flush()
    return 0


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile_dir")
    parser.add_argument("out_dir")
    parser.add_argument("channel_id", nargs="?")
    parser.add_argument("--language", type=Language, default=Language.ENGLISH)
    parser.add_argument("--theme", type=Theme, default=Theme.LIGHT)
    return parser.parse_args()


if __name__ == "__main__":
    args = arguments()
    status = main(args.profile_dir, args.out_dir, args.channel_id, args.language, args.theme)
    sys.stdout.flush()
    sys.stderr.flush()
    # The report is complete. PySide6 6.11 can crash while the interpreter tears
    # down this script's many top-level widgets after QApplication is gone; the
    # app itself shuts down in order (the launcher) and exits cleanly. Skip the
    # teardown here so the audit's status is the audit's, not the shutdown's.
    os._exit(status)
