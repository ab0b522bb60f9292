"""Team plans in the window: a member's change shows in another member's open window within
about two seconds, own changes refresh once, and a read-only member sees why editing is off."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from lmplanner.core.changes import ChangeSet
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.ui.document import OutsideChange, PlanDocument

NOTICE_MS = 2000
DAY = dt.date(2026, 3, 11)


def draft(title: str) -> PostDraft:
    return PostDraft(title=title, role="manager", channel="LinkedIn", date=DAY)


@pytest.fixture
def documents(team_url: str, member_url: str) -> Iterator[tuple[PlanDocument, PlanDocument]]:
    owner, member = PlanDocument(open_plan(team_url)), PlanDocument(open_plan(member_url))
    try:
        yield owner, member
    finally:
        owner.close()
        member.close()


def record(document: PlanDocument) -> list[ChangeSet]:
    seen: list[ChangeSet] = []
    document.changed.connect(seen.append)
    return seen


def test_a_members_change_reaches_the_other_window(
    qtbot: QtBot, documents: tuple[PlanDocument, PlanDocument]
) -> None:
    owner, member = documents
    seen_owner, seen_member = record(owner), record(member)
    service = member.service
    assert member.perform("Add", lambda: service.add_post(draft("By a member")))
    qtbot.waitUntil(lambda: len(seen_owner) == 1, timeout=NOTICE_MS)
    assert isinstance(seen_owner[0], OutsideChange)
    assert [p.title for p in owner.service.posts()] == ["By a member"]
    # Its own commit is announced back to the member too, and absorbed: one refresh only.
    qtbot.waitUntil(member.watcher.settled, timeout=NOTICE_MS)
    assert [type(c) for c in seen_member] == [ChangeSet]
    assert len(seen_owner) == 1


def test_a_burst_of_own_writes_and_one_outside_write(
    qtbot: QtBot, documents: tuple[PlanDocument, PlanDocument], team_url: str
) -> None:
    owner, member = documents
    seen, seen_owner = record(member), record(owner)
    service = member.service
    for i in range(5):
        member.perform("Add", lambda i=i: service.add_post(draft(f"Mine {i}")))
    qtbot.waitUntil(member.watcher.settled, timeout=NOTICE_MS)  # all five heard back
    assert all(type(c) is ChangeSet for c in seen) and len(seen) == 5
    with open_plan(team_url) as other:  # the CLI, say
        PlanService(other).add_post(draft("From the CLI"))
    qtbot.waitUntil(lambda: any(isinstance(c, OutsideChange) for c in seen), timeout=NOTICE_MS)
    assert seen_owner and all(isinstance(c, OutsideChange) for c in seen_owner)


def test_a_read_only_member_sees_why_and_changes_still_arrive(
    qtbot: QtBot, team_url: str, reader_url: str
) -> None:
    from lmplanner.ui.window.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_plan_at(reader_url)
    window.show()
    document = window.document
    assert document is not None and document.readonly
    assert window.plan_banner.isVisible()
    assert window.plan_banner.text() == document.plan.readonly_reason
    assert "not change it" in window.plan_banner.text()
    assert not window.commands.new_post.isEnabled()
    seen = record(document)
    with open_plan(team_url) as other:
        PlanService(other).add_post(draft("Shared with readers"))
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=NOTICE_MS)
    assert isinstance(seen[0], OutsideChange)
    window.close()
