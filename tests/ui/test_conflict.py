"""Keep mine / take theirs / cancel for an edit that lost a race with another window or process."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role, Status
from lmplanner.core.errors import ConflictError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.dialogs.conflict import (
    CANCEL,
    MINE,
    THEIRS,
    ConflictDialog,
    differences,
    handle_conflict,
    resolve_conflict,
    value_text,
)
from lmplanner.ui.document import PlanDocument


@pytest.fixture
def document(plan: object) -> Iterator[PlanDocument]:
    yield PlanDocument(plan)  # type: ignore[arg-type]
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.done(0)


@pytest.fixture
def race(document: PlanDocument, plan_path: Path) -> Iterator[dict[str, Any]]:
    """A post opened at version 1, then changed by another process (a second connection)."""
    post_id = document.service.add_post(
        PostDraft("Planning in public", Role.LEADER, "LinkedIn", dt.date(2026, 3, 2))
    ).created()[0]
    other = open_plan(plan_path, create=False)
    try:
        PlanService(other).update_post(
            post_id, {"title": "Planning out loud", "channel": "Blog"}, expected_version=1
        )
    finally:
        other.close()
    mine = {
        "title": "Why we plan in public",
        "body": "A point of view.",
        "status": Status.SCHEDULED,
    }
    with pytest.raises(ConflictError) as caught:
        document.service.update_post(post_id, mine, expected_version=1)
    yield {"id": post_id, "mine": mine, "error": caught.value}


def answer(qtbot: QtBot, pick: Callable[[ConflictDialog], Any]) -> None:
    """Click a button of the conflict dialog once its modal loop runs."""

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ConflictDialog), dialog
        target = pick(dialog)
        if isinstance(target, Qt.Key):
            qtbot.keyClick(dialog, target)
        else:
            qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)


def test_the_dialog_shows_what_differs(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any]
) -> None:
    theirs = document.service.post(race["id"])
    assert theirs.version == 2
    rows = differences(race["mine"], theirs)
    assert [name for name, _mine, _theirs in rows] == ["title", "body", "status"]
    dialog = ConflictDialog(None, race["error"], race["mine"], theirs)
    qtbot.addWidget(dialog)
    items = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    texts = [[item.text(c) for c in range(3)] for item in items]
    assert texts[0] == ["Title", "Why we plan in public", "Planning out loud"]
    assert texts[1] == ["Text", "A point of view.", "(empty)"]
    assert texts[2] == ["Status", "Scheduled", "Draft"]
    assert "changed elsewhere" in dialog.findChildren(type(dialog.same_label))[0].text()
    assert not dialog.same_label.isVisible()
    assert value_text("x" * 400).endswith("…") and len(value_text("x" * 400)) == 160
    assert value_text(dt.time(9, 5)) == "09:05" and value_text(None) == "(empty)"


@pytest.mark.parametrize(
    ("pick", "expected"),
    [
        (lambda d: d.mine_button, MINE),
        (lambda d: d.theirs_button, THEIRS),
        (lambda d: d.cancel_button, CANCEL),
        (lambda d: Qt.Key.Key_Escape, CANCEL),
    ],
)
def test_each_choice_is_returned(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any], pick: Any, expected: str
) -> None:
    theirs = document.service.post(race["id"])
    answer(qtbot, pick)
    assert resolve_conflict(None, race["error"], race["mine"], theirs) == expected
    # Asking writes nothing by itself.
    assert document.service.post(race["id"]).version == 2


def test_keep_mine_overwrites_on_the_fresh_version_and_undoes(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any]
) -> None:
    answer(qtbot, lambda d: d.mine_button)
    choice, applied = handle_conflict(None, document, race["error"], race["mine"])
    assert choice == MINE and applied is not None
    post = document.service.post(race["id"])
    assert post.title == "Why we plan in public" and post.body == "A point of view."
    assert post.status is Status.SCHEDULED
    assert post.channel == "Blog"  # their change to a field I did not touch stays
    assert post.version == 3
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    back = document.service.post(race["id"])
    assert (back.title, back.channel) == ("Planning out loud", "Blog")


def test_take_theirs_and_cancel_write_nothing(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any]
) -> None:
    for pick, expected in (
        (lambda d: d.theirs_button, THEIRS),
        (lambda d: d.cancel_button, CANCEL),
    ):
        answer(qtbot, pick)
        assert handle_conflict(None, document, race["error"], race["mine"]) == (expected, None)
    post = document.service.post(race["id"])
    assert (post.title, post.version) == ("Planning out loud", 2)
    assert document.undo_stack.count() == 0


def test_keep_mine_still_refuses_a_third_change(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any], plan_path: Path
) -> None:
    """If the post changes again while the dialog is open, "mine" does not overwrite that."""
    failures: list[tuple[str, str]] = []
    document.failed.connect(lambda title, text: failures.append((title, text)))

    def change_again_then_keep_mine(dialog: ConflictDialog) -> Any:
        other = open_plan(plan_path, create=False)
        try:
            PlanService(other).update_post(race["id"], {"title": "Third title"})
        finally:
            other.close()
        return dialog.mine_button

    answer(qtbot, change_again_then_keep_mine)
    choice, applied = handle_conflict(None, document, race["error"], race["mine"])
    assert choice == MINE and applied is None
    assert failures and failures[0][0] == "Changed elsewhere"
    assert document.service.post(race["id"]).title == "Third title"


def test_a_post_deleted_elsewhere_is_said_and_cancels(
    qtbot: QtBot, document: PlanDocument, race: dict[str, Any]
) -> None:
    document.service.delete_posts([race["id"]])
    assert handle_conflict(None, document, race["error"], race["mine"]) == (CANCEL, None)
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    assert any(box.isVisible() and "no post" in box.text() for box in boxes)


def test_same_changes_say_so(qtbot: QtBot, document: PlanDocument, race: dict[str, Any]) -> None:
    theirs = document.service.post(race["id"])
    dialog = ConflictDialog(None, race["error"], {"title": theirs.title}, theirs)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.same_label.isVisible() and not dialog.tree.isVisible()
