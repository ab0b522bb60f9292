"""File > Import… of a file naming pillars the plan lacks: the dialog's "Add missing pillars"."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.core.io import ExportFormat, export_plan
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.dialogs.import_dialog import ImportDialog
from lmplanner.ui.document import PlanDocument

PILLARS = ("Point of view", "How-to")


def exported_plan(tmp_path: Path) -> tuple[Path, set[str]]:
    """A plan with pillars and posts on them, exported as CSV: the tester's first step."""
    source = open_plan(tmp_path / "source.lmplan")
    try:
        service = PlanService(source)
        for name in PILLARS:
            service.add_pillar(name)
        titles = set()
        for day in range(1, 7):
            title = f"Post {day}"
            pillar = PILLARS[day % 2] if day < 6 else None
            service.add_post(
                PostDraft(
                    title=title,
                    channel="LinkedIn",
                    role=Role.LEADER,
                    date=dt.date(2026, 3, day),
                    pillar=pillar,
                )
            )
            titles.add(title)
        target = tmp_path / "plan.csv"
        export_plan(service, target, ExportFormat.CSV)
    finally:
        source.close()
    return target, titles


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def test_round_trip_with_pillars_adds_them_in_one_undo_step(
    qtbot: QtBot, document: PlanDocument, tmp_path: Path
) -> None:
    source, titles = exported_plan(tmp_path)
    dialog = ImportDialog(None, document, path=source)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert dialog.preview is not None
    assert len(dialog.preview.rejected) == 5 and len(dialog.preview.ready) == 1
    problems = " ".join(p.message for r in dialog.preview.rejected for p in r.problems)
    assert "there is no pillar called 'Point of view'" in problems
    # The app names its own box, never the CLI's flag.
    assert "tick “Add missing pillars”" in problems
    assert "--create-pillars" not in problems
    assert not dialog.import_button.isEnabled()
    # the problems quote the file's cells: shown as text, whatever markup they hold
    assert dialog.message_label.textFormat() == Qt.TextFormat.PlainText

    box = dialog.pillars_box
    assert box.isVisible() and box.isEnabled() and not box.isChecked()
    assert box.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert QKeySequence.mnemonic(box.text()).toString() == "Alt+A"
    tick(qtbot, box)
    assert box.isChecked()
    qtbot.waitUntil(lambda: not dialog.is_parsing(), timeout=20_000)
    assert dialog.preview is not None and not dialog.preview.rejected
    assert len(dialog.preview.ready) == len(titles)
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=20_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].imported == len(titles)
    service = document.service
    assert {p.title for p in service.posts()} == titles
    assert sorted(p.name for p in service.pillars()) == sorted(PILLARS)
    by_title = {p.title: p.pillar for p in service.posts()}
    assert by_title["Post 1"] == "How-to" and by_title["Post 2"] == "Point of view"
    assert by_title["Post 6"] is None
    assert document.undo_stack.count() == 1

    # One Ctrl+Z removes the posts and the pillars the import made.
    document.undo_stack.undo()
    assert service.count_posts() == 0 and service.backlog_count() == 0
    assert service.pillars() == []


def test_without_the_box_the_cli_keeps_its_hint(tmp_path: Path) -> None:
    from lmplanner.core.io import ImportOptions, preview_import

    source, _titles = exported_plan(tmp_path)
    plan = open_plan(tmp_path / "empty.lmplan")
    try:
        preview = preview_import(PlanService(plan), source, ImportOptions())
    finally:
        plan.close()
    message = preview.rejected[0].problems[0].message
    assert message.endswith("(pillars: none yet; --create-pillars adds it)")
