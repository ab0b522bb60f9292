"""An open window notices what other windows, processes and the CLI commit to its plan, and
refreshes once; its own writes never cause a second refresh. A read-only plan says why."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import TODAY, ScriptedPrompter, close_message_boxes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import Role
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.document import OutsideChange, PlanDocument
from lmplanner.ui.window.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
NOTICE_MS = 2000  # the promise: outside changes show within about two seconds


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path) -> Iterator[MainWindow]:
    with open_plan(plan_path) as plan:  # a few posts so the month is not the welcome panel
        service = PlanService(plan)
        for title in ("Why we plan in public", "Five planning shortcuts"):
            service.add_post(draft(title))
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path)
    win.show()
    qtbot.waitExposed(win)
    yield win
    close_message_boxes()


def draft(title: str, role: Role = Role.MANAGER, day: dt.date = TODAY) -> PostDraft:
    return PostDraft(title=title, role=role, channel="LinkedIn", date=day)


def record(document: PlanDocument) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    document.changed.connect(seen.append)
    return seen


def titles(win: MainWindow) -> set[str]:
    return {p.title for p in win.current_view().posts_on(TODAY)}


def test_a_write_from_another_connection_shows_within_two_seconds(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    win = window
    assert win.document is not None
    seen = record(win.document)
    total = win.meter.report().total  # type: ignore[union-attr]
    with open_plan(plan_path) as other:  # another window or process on the same file
        PlanService(other).add_post(draft("Added by the CLI", Role.LEADER))
    qtbot.waitUntil(lambda: "Added by the CLI" in titles(win), timeout=NOTICE_MS)
    assert win.meter.report().total == total + 1  # type: ignore[union-attr]
    assert len(seen) == 1 and isinstance(seen[0], OutsideChange)
    assert win.statusBar().currentMessage() == "Updated with changes made elsewhere"
    for _ in range(3):  # the poll rounds that follow find nothing new
        win.document.watcher.poll()
    assert len(seen) == 1  # one change, one refresh


def test_a_write_by_another_process_shows_too(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    command = [sys.executable, "-m", "lmplanner", "--db", str(plan_path), "add"]
    command += ["--title", "From a terminal", "--role", "leader", "--channel", "Blog"]
    command += ["--date", TODAY.isoformat()]
    subprocess.run(command, check=True, capture_output=True, env=os.environ.copy(), timeout=60)
    qtbot.waitUntil(lambda: "From a terminal" in titles(window), timeout=NOTICE_MS)


def test_own_writes_refresh_once(qtbot: QtBot, window: MainWindow) -> None:
    win = window
    document = win.document
    assert document is not None
    seen = record(document)
    refreshes: list[int] = []
    win.refreshed.connect(lambda: refreshes.append(1))
    service = document.service
    document.perform("Add", lambda: service.add_post(draft("Ours")))
    post_id = next(p.id for p in service.posts() if p.title == "Ours")
    document.perform("Edit", lambda: service.update_post(post_id, {"title": "Ours, edited"}))
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)  # an undo is an own write too
    for _ in range(3):  # three poll rounds: our own writes are not taken for outside ones
        document.watcher.poll()
    assert [type(c) for c in seen] == [ChangeSet, ChangeSet, ChangeSet]
    assert len(refreshes) == 3
    assert "Ours" in titles(win)


def test_two_documents_on_one_file_see_each_other_but_not_themselves(
    qtbot: QtBot, plan_path: Path
) -> None:
    first = PlanDocument(open_plan(plan_path))
    second = PlanDocument(open_plan(plan_path))
    try:
        seen_first, seen_second = record(first), record(second)
        service = first.service
        first.perform("Add", lambda: service.add_post(draft("From the first window")))
        qtbot.waitUntil(lambda: len(seen_second) == 1, timeout=NOTICE_MS)
        assert isinstance(seen_second[0], OutsideChange)
        assert seen_second[0].tables() >= {"post", "plan", "channel"}  # reload everything
        other = second.service
        second.perform("Add", lambda: other.add_post(draft("From the second window")))
        qtbot.waitUntil(lambda: len(seen_first) == 2, timeout=NOTICE_MS)
        for _ in range(2):  # later poll rounds find nothing new on either side
            first.watcher.poll()
            second.watcher.poll()
        assert [type(c) for c in seen_first] == [ChangeSet, OutsideChange]
        assert [type(c) for c in seen_second] == [OutsideChange, ChangeSet]
    finally:
        first.close()
        second.close()


def test_outside_changes_keep_the_undo_history(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    win = window
    assert win.document is not None
    service = win.document.service
    win.document.perform("Add", lambda: service.add_post(draft("Undo me")))
    with open_plan(plan_path) as other:
        PlanService(other).add_post(draft("Somebody else's"))
    qtbot.waitUntil(lambda: "Somebody else's" in titles(win), timeout=NOTICE_MS)
    assert win.undo_group.canUndo()
    win.current_view().setFocus()
    qtbot.keyClick(win.current_view(), Qt.Key.Key_Z, CTRL)
    assert "Undo me" not in titles(win) and "Somebody else's" in titles(win)


def test_a_hidden_window_waits_and_catches_up_when_shown(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    win = window
    assert win.document is not None
    seen = record(win.document)
    win.hide()
    with open_plan(plan_path) as other:
        PlanService(other).add_post(draft("While you were away"))
    qtbot.wait(1200)
    assert seen == []  # nobody would see a refresh
    win.show()
    qtbot.waitUntil(lambda: "While you were away" in titles(win), timeout=NOTICE_MS)
    assert len(seen) == 1


def test_a_read_only_plan_says_why_above_the_calendar(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    win = window
    assert not win.plan_banner.isVisible()
    win.set_document(PlanDocument(open_plan(plan_path, readonly=True), win))
    assert win.plan_banner.isVisible() and win.plan_banner.text() == "Opened read-only."
    banner_bottom = win.plan_banner.mapTo(win, win.plan_banner.rect().bottomLeft()).y()
    assert banner_bottom <= win.current_view().mapTo(win, win.current_view().pos()).y()
    assert not win.commands.new_post.isEnabled()
    assert win.windowTitle().endswith("(read-only) — LM Planner")
    # Outside changes still show in a read-only window.
    with open_plan(plan_path) as other:
        PlanService(other).add_post(draft("Seen, not editable"))
    qtbot.waitUntil(lambda: "Seen, not editable" in titles(win), timeout=NOTICE_MS)
    assert not win.commands.new_post.isEnabled()
    win.set_document(PlanDocument(open_plan(plan_path), win))
    assert not win.plan_banner.isVisible() and win.commands.new_post.isEnabled()


def test_a_read_only_file_opens_read_only_with_the_reason(
    qtbot: QtBot, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_plan(plan_path).close()
    # Tests run as root, for whom permissions do not bite: ask as an unprivileged user would.
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    win = MainWindow(prompter=ScriptedPrompter(), today=TODAY)
    qtbot.addWidget(win)
    assert win.open_plan_at(plan_path)
    win.show()
    assert win.document is not None and win.document.readonly
    assert "read-only" in win.plan_banner.text()
    assert win.plan_banner.text() == win.document.plan.readonly_reason
    assert QApplication.activeModalWidget() is None  # an explanation, not a stream of errors


def test_settings_changed_from_the_cli_show_by_themselves(
    qtbot: QtBot, window: MainWindow, plan_path: Path
) -> None:
    from tests.cli.cli_support import run_cli

    done = run_cli("--db", str(plan_path), "settings", "--band", "40-70")
    assert done.returncode == 0, done.stderr

    def band() -> tuple[float, float]:
        settings = window.meter.report().settings  # type: ignore[union-attr]
        return settings.band_low, settings.band_high

    qtbot.waitUntil(lambda: band() == (0.4, 0.7), timeout=NOTICE_MS)
