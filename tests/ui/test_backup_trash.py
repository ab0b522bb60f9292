"""File > Restore from backup…, the choices for a plan that will not open, and the Trash view."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from screenshot_support import assert_painted, region, save_screenshot

from lmplanner.core import paths
from lmplanner.core.domain import Role
from lmplanner.core.errors import NotAPlanError, PlanFileError
from lmplanner.core.services import PostDraft
from lmplanner.core.store import open_plan, sqlite_file
from lmplanner.core.store.backups import list_backups
from lmplanner.core.store.recovery import plan_uuid_for
from lmplanner.ui.dialogs.backup_dialog import (
    CANCEL,
    READ_ONLY,
    RESTORE,
    RecoveryDialog,
    RestoreBackupDialog,
    offer_recovery,
    open_restore_dialog,
    open_restore_dialog_for_file,
    recovery_options,
)
from lmplanner.ui.dialogs.trash_dialog import DELETED, TITLE, TrashDialog, open_trash_dialog
from lmplanner.ui.document import PlanDocument


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM post WHERE deleted_at IS NULL")]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def close_boxes() -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.done(0)


class Window:
    """What the main window supplies: a parent, and reopen(location) that opens a new document."""

    def __init__(self, qtbot: QtBot, plan_path: Path) -> None:
        self.widget = QWidget()
        qtbot.addWidget(self.widget)
        self.widget.show()
        self.reopened: list[str] = []
        self.document: PlanDocument | None = PlanDocument(open_plan(plan_path, create=True))

    def reopen(self, location: str) -> None:
        self.reopened.append(location)
        if self.document is not None:
            self.document.close()
        self.document = PlanDocument(open_plan(location, create=False))

    def close(self) -> None:
        if self.document is not None:
            self.document.close()


@pytest.fixture
def window(qtbot: QtBot, plan_path: Path) -> Iterator[Window]:
    win = Window(qtbot, plan_path)
    yield win
    close_boxes()
    win.close()


def add(document: PlanDocument, title: str, day: dt.date | None = None) -> int:
    draft = PostDraft(title, Role.LEADER, "LinkedIn", day)
    return document.service.add_post(draft).created()[0]


def make_backup(plan_path: Path, uuid: str, name: str = "daily-2026-03-10.lmplan") -> Path:
    target = paths.backups_dir(uuid) / name
    sqlite_file.backup_to(plan_path, target)
    return target


# ---------------------------------------------------------------------- restore from backup
def test_restore_from_a_backup_through_the_dialog(
    qtbot: QtBot, window: Window, plan_path: Path
) -> None:
    document = window.document
    assert document is not None
    add(document, "In the backup")
    uuid = document.plan.uuid
    make_backup(plan_path, uuid)
    add(document, "Written after the backup")
    assert sorted(titles(plan_path)) == ["In the backup", "Written after the backup"]

    dialog = open_restore_dialog(window.widget, document, window.reopen)
    assert isinstance(dialog, RestoreBackupDialog) and dialog.isVisible()
    names = [b.path.name for b in dialog.backups]
    assert "daily-2026-03-10.lmplan" in names
    row = names.index("daily-2026-03-10.lmplan")
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
    assert dialog.tree.topLevelItem(row).text(1) == "Daily backup"
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    box = dialog.confirm_box
    assert box is not None and box.isVisible()
    assert "safety copy" in box.informativeText()
    with qtbot.waitSignal(dialog.restored, timeout=10_000):
        restore = next(b for b in box.buttons() if b.text() == "&Restore")
        qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)

    # The plan was closed, restored and reopened: it holds the backup's content.
    assert window.reopened == [str(plan_path)]
    assert window.document is not document
    assert [p.title for p in window.document.service.posts()] == ["In the backup"]
    safety = [b for b in list_backups(uuid) if b.kind == "pre-restore"]
    assert len(safety) == 1
    assert sorted(titles(safety[0].path)) == ["In the backup", "Written after the backup"]
    assert dialog.result_box is not None and str(safety[0].path) in dialog.result_box.text()


def test_the_confirmation_can_be_declined(qtbot: QtBot, window: Window, plan_path: Path) -> None:
    document = window.document
    assert document is not None
    add(document, "Kept")
    make_backup(plan_path, document.plan.uuid)
    add(document, "Also kept")
    dialog = open_restore_dialog(window.widget, document, window.reopen)
    assert dialog is not None
    box = dialog.ask_restore()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert window.reopened == [] and len(titles(plan_path)) == 2
    dialog.reject()


def test_no_backups_and_read_only_plans_cannot_restore(
    qtbot: QtBot, window: Window, plan_path: Path
) -> None:
    document = window.document
    assert document is not None
    dialog = RestoreBackupDialog(None, plan_path, "no-such-uuid", reopen=window.reopen)
    qtbot.addWidget(dialog)
    assert not dialog.restore_button.isEnabled()
    assert "no backups" in dialog.message.text()

    make_backup(plan_path, document.plan.uuid)
    readonly = RestoreBackupDialog(
        None,
        plan_path,
        document.plan.uuid,
        reopen=window.reopen,
        readonly_reason="The plan is read-only.",
    )
    qtbot.addWidget(readonly)
    assert readonly.backups and not readonly.restore_button.isEnabled()
    assert readonly.ask_restore() is None


def test_a_failed_restore_still_reopens_the_plan(
    qtbot: QtBot, window: Window, plan_path: Path
) -> None:
    document = window.document
    assert document is not None
    backup = make_backup(plan_path, document.plan.uuid)
    backup.write_bytes(b"not a plan any more" * 20)
    dialog = RestoreBackupDialog(window.widget, plan_path, document.plan.uuid, reopen=window.reopen)
    qtbot.addWidget(dialog)
    assert not dialog.restore(dialog.backups[0])
    assert window.reopened == [str(plan_path)]
    boxes = [w for w in dialog.findChildren(QMessageBox) if w.isVisible()]
    assert boxes and boxes[0].windowTitle() == "The backup was not restored"


# ---------------------------------------------------------------------- a plan that will not open
def answer(qtbot: QtBot, choice: str) -> list[list[str]]:
    """Pick a choice in the recovery dialog once it runs; returns the buttons it offered."""
    offered: list[list[str]] = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RecoveryDialog), dialog
        offered.append(sorted(dialog.choice_buttons))
        qtbot.mouseClick(dialog.choice_buttons[choice], Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
    return offered


def damage(plan_path: Path) -> None:
    data = plan_path.read_bytes()
    plan_path.write_bytes(data[: len(data) // 3])


def test_a_damaged_plan_offers_its_backups_and_is_restored(qtbot: QtBot, plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        document = PlanDocument(plan)
        add(document, "Safe in the backup")
        uuid = plan.uuid
    make_backup(plan_path, uuid)
    damage(plan_path)
    before = digest(plan_path)
    with pytest.raises(NotAPlanError) as caught:
        open_plan(plan_path, create=False)
    assert plan_uuid_for(plan_path) == uuid  # read from the damaged bytes

    offered = answer(qtbot, RESTORE)
    assert offer_recovery(None, plan_path, caught.value) == RESTORE
    assert offered == [[CANCEL, RESTORE]]  # not readable: no "open read-only"
    assert digest(plan_path) == before  # asking changed nothing

    reopened: list[str] = []
    dialog = open_restore_dialog_for_file(None, plan_path, reopened.append)
    assert dialog is not None and dialog.damaged  # deletes itself when closed
    assert dialog.restore(dialog.backups[0])
    assert reopened == [str(plan_path)]
    assert titles(plan_path) == ["Safe in the backup"]
    open_plan(plan_path, create=False).close()
    kept = list(paths.backups_dir(uuid).glob("damaged-*.lmplan"))
    assert len(kept) == 1 and digest(kept[0]) == before
    close_boxes()


def test_a_read_only_plan_offers_to_open_read_only(qtbot: QtBot, plan_path: Path) -> None:
    open_plan(plan_path).close()
    error = PlanFileError("pretend the plan could not be written")
    options = recovery_options(plan_path, error)
    assert options.can_read and not options.backups
    offered = answer(qtbot, READ_ONLY)
    assert offer_recovery(None, plan_path, error) == READ_ONLY
    assert offered == [[CANCEL, READ_ONLY]]


def test_a_foreign_file_offers_only_cancel(qtbot: QtBot, tmp_path: Path) -> None:
    noise = tmp_path / "notes.lmplan"
    noise.write_bytes(b"Remember: plan the launch week.\n" * 40)
    with pytest.raises(NotAPlanError) as caught:
        open_plan(noise, create=False)
    offered = answer(qtbot, CANCEL)
    assert offer_recovery(None, noise, caught.value) == CANCEL
    assert offered == [[CANCEL]]
    assert open_restore_dialog_for_file(None, noise, lambda _l: None) is None


# ---------------------------------------------------------------------- trash
@pytest.fixture
def trash_document(plan: object) -> Iterator[PlanDocument]:
    document = PlanDocument(plan)  # type: ignore[arg-type]
    yield document
    close_boxes()


def click_row(qtbot: QtBot, view: TrashDialog, row: int) -> None:
    rect = view.table.visualRect(view.model.index(row, TITLE))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_trash_restores_a_post_and_undo_deletes_it_again(
    qtbot: QtBot, trash_document: PlanDocument, screenshots: Path
) -> None:
    document = trash_document
    keep = add(document, "Launch week recap", dt.date(2026, 3, 3))
    first = add(document, "Why we plan in public", dt.date(2026, 3, 2))
    second = add(document, "Five planning shortcuts")
    document.perform("Delete", lambda: document.service.delete_posts([first, second]))
    assert document.service.count_posts(trash=True) == 2

    view = open_trash_dialog(None, document)
    qtbot.addWidget(view)
    qtbot.waitExposed(view)
    assert view.model.rowCount() == 2
    assert view.count_label.text() == "2 posts in the trash."
    assert "30 days" in view.keep_label.text()
    deleted = document.service.post(first, include_deleted=True).deleted_at
    assert deleted is not None
    shown = view.model.data(view.model.index(view.model.row_of(first), DELETED))
    assert f"{deleted.astimezone():%H:%M}" in shown  # local time
    assert not view.restore_button.isEnabled()

    click_row(qtbot, view, view.model.row_of(first))
    assert view.selected_ids() == [first]
    image = save_screenshot(view, screenshots, "trash-view.png")
    assert_painted(image, region(view, view.count_label))

    # Search narrows the list.
    qtbot.keyClicks(view.search_edit, "shortcut")
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert view.model.post(0).id == second
    assert "1 of 2" in view.count_label.text()
    view.search_edit.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)

    click_row(qtbot, view, view.model.row_of(first))
    qtbot.mouseClick(view.restore_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in document.service.posts()] == [first, keep]
    assert view.model.rowCount() == 1  # refreshed on document.changed
    assert view.count_label.text() == "1 post in the trash."

    document.undo_stack.undo()
    assert [p.id for p in document.service.posts()] == [keep]
    assert view.model.row_of(first) >= 0  # back in the trash, and in the view
    document.undo_stack.redo()
    assert first in [p.id for p in document.service.posts()]


def test_enter_restores_the_selection_and_read_only_plans_cannot(
    qtbot: QtBot, trash_document: PlanDocument, plan_path: Path
) -> None:
    document = trash_document
    post = add(document, "Back with Enter")
    document.service.delete_posts([post])
    view = TrashDialog(None, document)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert document.service.post(post).deleted_at is None
    assert view.model.rowCount() == 0 and view.empty_label.isVisible()

    document.service.delete_posts([post])
    readonly = PlanDocument(open_plan(plan_path, create=False, readonly=True))
    try:
        ro_view = TrashDialog(None, readonly)
        qtbot.addWidget(ro_view)
        ro_view.table.selectRow(0)
        assert ro_view.selected_ids() == [post]
        assert not ro_view.restore_button.isEnabled()
        assert ro_view.restore_selected() is None
    finally:
        readonly.close()


def test_one_trash_view_per_window(qtbot: QtBot, trash_document: PlanDocument) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    first = open_trash_dialog(parent, trash_document)
    again = open_trash_dialog(parent, trash_document)
    assert again is first
    restore = first.findChild(QPushButton, "restoreButton")
    assert restore is first.restore_button
    first.close()


def test_a_damaged_backup_is_not_put_over_an_unreadable_plan(plan_path: Path) -> None:
    from lmplanner.core.errors import DamagedPlanError
    from lmplanner.core.store.recovery import restore_over_damaged
    from tests.reliability_helpers import damage_btree, integrity

    with open_plan(plan_path) as plan:
        document = PlanDocument(plan)
        for n in range(400):  # enough posts for the post table's root to be an interior page
            add(document, f"Post {n} " + "words " * 20)
        uuid = plan.uuid
    backup = plan_path.with_name("copy.lmplan")
    backup.write_bytes(plan_path.read_bytes())
    damage_btree(backup)
    assert integrity(backup) != "ok"
    damage(plan_path)
    before = digest(plan_path)
    with pytest.raises(DamagedPlanError, match="the plan file is damaged"):
        restore_over_damaged(plan_path, backup, uuid)
    assert digest(plan_path) == before
