"""Run as a script on any Qt platform: the main window's shortcuts clash nowhere, and Ctrl+D
and Del really duplicate and delete (Qt runs neither key when two actions claim it)."""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

WIDE_CONTEXTS = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def shortcut_clashes(window: QWidget) -> dict[str, list[str]]:
    """Key sequences claimed by more than one action of the window, enabled or not."""
    claims: dict[str, set[str]] = defaultdict(set)
    actions = set(window.findChildren(QAction)) | set(window.actions())
    for action in actions:
        if action.shortcutContext() not in WIDE_CONTEXTS:
            continue
        for sequence in action.shortcuts():
            name = action.objectName() or action.text()
            claims[sequence.toString()].add(name)
    return {keys: sorted(names) for keys, names in claims.items() if len(names) > 1}


def main() -> int:
    from lmplanner.core.services import PostDraft
    from lmplanner.ui.window.main_window import MONTH, MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    folder = Path(tempfile.mkdtemp())
    win = MainWindow(today=dt.date(2026, 3, 11))
    assert win.open_plan_at(folder / "keys.lmplan", create=True)
    win.show()
    QTest.qWaitForWindowExposed(win)
    win.activateWindow()
    QTest.qWaitForWindowActive(win)
    if win.welcome_visible():
        win.start_empty()
    document = win.document
    assert document is not None
    post = PostDraft(title="One", role="manager", channel="LinkedIn", date=dt.date(2026, 3, 10))
    applied = document.perform("Add", lambda: document.service.add_posts([post]))
    assert applied is not None
    view = win.views[MONTH]
    view.select_posts(applied.created())  # type: ignore[attr-defined]
    view.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    QTest.keyClick(view, Qt.Key.Key_D, ctrl)
    after_duplicate = document.service.count_posts()
    view.select_posts(applied.created())  # type: ignore[attr-defined]
    QTest.keyClick(view, Qt.Key.Key_Delete)
    after_delete = document.service.count_posts()
    result = {
        "platform": app.platformName(),
        "clashes": shortcut_clashes(win),
        "after_ctrl_d": after_duplicate,
        "after_del": after_delete,
    }
    print(json.dumps(result))
    win.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
