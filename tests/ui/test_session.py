"""The plan session and the post operations, without a main window: a parent widget, the session
(or just a document) and the ids are all they need."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_support import ScriptedPrompter, close_message_boxes
from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from lmplanner.core.domain import Role
from lmplanner.core.services import PostDraft
from lmplanner.ui.operations import posts as ops
from lmplanner.ui.session import PlanSession


@pytest.fixture
def session(qtbot: QtBot, tmp_path: Path) -> Iterator[PlanSession]:
    parent = QWidget()
    qtbot.addWidget(parent)
    settings = QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat)
    opened = PlanSession(
        parent, prompter=ScriptedPrompter(), settings=settings, undo_group=QUndoGroup(parent)
    )
    yield opened
    opened.set_document(None)
    close_message_boxes()


def test_opening_and_switching_plans_tells_every_part(session: PlanSession, tmp_path: Path) -> None:
    seen: list[object] = []
    session.documentChanged.connect(seen.append)
    assert session.service is None and session.readonly
    assert session.open_plan_at(tmp_path / "first.lmplan", create=True)
    first = session.document
    assert first is not None and seen == [first]
    assert session.service is first.service and not session.readonly
    assert session.undo_group.activeStack() is first.undo_stack

    assert session.open_plan_at(tmp_path / "second.lmplan", create=True)
    assert seen[-1] is session.document and session.document is not first
    assert session.undo_group.stacks() == [session.document.undo_stack]  # the first is closed
    session.set_document(None)
    assert seen[-1] is None and session.service is None


def test_a_file_that_is_not_a_plan_gets_the_reason_and_stays_untouched(
    session: PlanSession, tmp_path: Path
) -> None:
    foreign = tmp_path / "notes.lmplan"
    foreign.write_bytes(b"not a plan at all" * 100)
    prompter = session.prompter
    assert isinstance(prompter, ScriptedPrompter)
    assert not session.open_plan_at(foreign)
    assert [title for title, _ in prompter.errors] == ["Cannot open this plan"]
    assert prompter.recoveries == []  # nothing to recover from: no read-only, no backups
    assert session.document is None
    assert foreign.read_bytes() == b"not a plan at all" * 100


def test_operations_take_the_document_and_the_ids(session: PlanSession, tmp_path: Path) -> None:
    assert session.open_plan_at(tmp_path / "plan.lmplan", create=True)
    document = session.document
    assert document is not None
    day = dt.date(2026, 3, 11)
    added = document.service.add_post(
        PostDraft(title="Why we plan", role=Role.MANAGER, channel="Blog", date=day)
    )
    post_id = next(iter(added.post_ids))

    ops.move_by(document, [post_id], 7)
    assert document.service.post(post_id).date == day + dt.timedelta(days=7)
    ops.set_role(document, [post_id], Role.LEADER)
    assert document.service.post(post_id).role is Role.LEADER
    assert ops.duplicate_posts(document, []) is None  # nothing selected: nothing done
    messages: list[tuple[str, int]] = []
    ops.delete_posts(document, [post_id], lambda text, ms: messages.append((text, ms)))
    assert document.service.count_posts() == 0
    assert len(messages) == 1 and "trash" in messages[0][0] and messages[0][1] == 8000
    assert messages[0][0].startswith("Moved 1 post to the trash")  # no "post(s)"
    assert document.undo_stack.count() == 3  # one step each
    ops.move_posts(None, [post_id], day)  # no plan: nothing to do, no error
