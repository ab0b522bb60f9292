"""The change history: every kind of change recorded with who, when and each field before →
after, in the same transaction as the change; undo and redo recorded as such; trimming."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core.errors import ValidationError
from lmplanner.core.io.plan_rows import post_uuids
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

DAY = dt.date(2027, 3, 3)


def draft(title: str, role: str = "manager", day: dt.date | None = DAY) -> PostDraft:
    return PostDraft(title=title, role=role, channel="LinkedIn", date=day)


@pytest.fixture
def ana(plan: object) -> PlanService:
    return PlanService(plan, actor="Ana Ruiz")  # type: ignore[arg-type]


def fields_of(service: PlanService, post_id: int | None = None) -> list[list[object]]:
    entry = service.history(post_id)[0]
    return [[c.post_id, c.field, c.before, c.after] for c in entry.changes]


def test_an_edit_is_recorded_with_who_when_and_each_field(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    before = dt.datetime.now(dt.UTC)
    ana.update_post(pid, {"title": "Launch day", "body": "Why we built it"})
    entry = ana.history()[0]
    assert entry.by == "Ana Ruiz"
    assert before - dt.timedelta(seconds=1) <= entry.at <= dt.datetime.now(dt.UTC)
    assert sorted(fields_of(ana)) == [
        [pid, "body", "", "Why we built it"],
        [pid, "title", "Launch", "Launch day"],
    ]


def test_creation_and_names_read_as_names(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    assert [pid, "created", None, "Launch"] in fields_of(ana)
    ana.update_post(pid, {"channel": "Mastodon", "author": "Ben"})
    changes = fields_of(ana)
    assert [pid, "author", None, "Ben"] in changes
    assert [pid, "channel", "LinkedIn", "Mastodon"] in changes
    assert sorted(str(c[1]) for c in changes if c[0] == pid) == ["author", "channel"]


def test_a_move_records_the_dates(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    ana.move_posts([pid], to_date=dt.date(2027, 3, 10))
    assert [pid, "date", "2027-03-03", "2027-03-10"] in fields_of(ana)


def test_a_bulk_change_is_one_entry_with_every_post(ana: PlanService) -> None:
    ids = list(ana.add_posts([draft(f"Post {i}") for i in range(30)]).focus)
    count = len(ana.history())
    ana.set_role(ids, "leader")
    entries = ana.history()
    assert len(entries) == count + 1
    roles = [c for c in entries[0].changes if c.field == "role"]
    assert sorted(c.post_id for c in roles) == sorted(ids)
    assert {(c.before, c.after) for c in roles} == {("manager", "leader")}


def test_an_import_is_one_entry(ana: PlanService) -> None:
    ana.add_posts([draft(f"Post {i}") for i in range(50)], "Import posts.csv")
    entry = ana.history()[0]
    assert entry.label == "Import posts.csv"
    assert sum(1 for c in entry.changes if c.field == "created") == 50


def test_undo_and_redo_are_recorded_as_such(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    edit = ana.update_post(pid, {"title": "Launch day"})
    undone = ana.apply(edit.inverse(), step="undo")
    ana.apply(undone.inverse(), step="redo")
    redo, undo = ana.history()[:2]
    assert undo.title == "Undo: " + edit.label
    assert [[c.field, c.before, c.after] for c in undo.changes] == [
        ["title", "Launch day", "Launch"]
    ]
    assert redo.title == "Redo: " + edit.label
    assert [[c.field, c.before, c.after] for c in redo.changes] == [
        ["title", "Launch", "Launch day"]
    ]


def test_trash_and_restore_read_as_such(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    ana.delete_posts([pid])
    assert fields_of(ana) == [[pid, "trash", False, True]]
    ana.undelete_posts([pid])
    assert fields_of(ana) == [[pid, "trash", True, False]]


def test_a_posts_history_holds_only_its_changes_newest_first(ana: PlanService) -> None:
    a, b = ana.add_posts([draft("A"), draft("B")]).focus
    ana.update_post(a, {"title": "A2"})
    ana.update_post(b, {"title": "B2"})
    history = ana.history(a)
    assert [e.label for e in history] == ["Edit post", "Add posts"]
    assert all(c.post_id == a for e in history for c in e.changes)


def test_comments_are_changes_of_their_post(ana: PlanService, plan_path: Path) -> None:
    a, b = ana.add_posts([draft("A"), draft("B")]).focus
    cid = ana.add_comment(a, "Name the venue").created("comment")[0]
    assert fields_of(ana) == [[a, "comment", None, "Name the venue"]]
    ana.resolve_comment(cid)
    assert fields_of(ana, a) == [[a, "comment_resolved", False, True]]
    ana.reopen_comment(cid)
    deleted = ana.delete_comment(cid)
    assert fields_of(ana) == [[a, "comment", "Name the venue", None]]
    ana.apply(deleted.inverse(), step="undo")
    assert [e.title for e in ana.history(a)] == [
        "Undo: Delete comment",
        "Delete comment",
        "Reopen comment",
        "Resolve comment",
        "Add comment",
        "Add posts",
    ]
    assert [e.label for e in ana.history(b)] == ["Add posts"]  # the other post's is its own
    with sqlite3.connect(plan_path) as conn:  # linked by id and uuid, no day: no sign-off moves
        links = conn.execute(
            "SELECT post_id, post_uuid, day_before, day_after FROM history_post hp "
            "JOIN history h ON h.id = hp.history_id WHERE h.label = 'Add comment'"
        ).fetchall()
    assert links == [(a, post_uuids(ana, [a])[a], None, None)]


def test_filter_by_person_and_day(plan: object) -> None:
    ana = PlanService(plan, actor="Ana Ruiz")  # type: ignore[arg-type]
    ben = PlanService(plan, actor="Ben")  # type: ignore[arg-type]
    pid = ana.add_post(draft("Launch")).focus[0]
    ben.update_post(pid, {"title": "Launch day"})
    assert [e.by for e in ana.history(by="ben")] == ["Ben"]
    assert ana.history_people() == ["Ana Ruiz", "Ben"]
    assert ana.history(since=dt.date.today() + dt.timedelta(days=1)) == []
    assert len(ana.history(since=dt.date.today())) == 2


def test_a_refused_change_records_nothing(ana: PlanService) -> None:
    pid = ana.add_post(draft("Launch")).focus[0]
    count = len(ana.history())
    with pytest.raises(ValidationError):
        ana.update_post(pid, {"title": ""})
    assert len(ana.history()) == count


def test_change_and_entry_are_one_transaction(
    ana: PlanService, plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the entry cannot be written, the change is not saved either."""
    from lmplanner.core.services import journal

    pid = ana.add_post(draft("Launch")).focus[0]

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(journal, "record_history", broken)
    with pytest.raises(OSError, match="disk full"):
        ana.update_post(pid, {"title": "Launch day"})
    with sqlite3.connect(plan_path) as conn:
        assert conn.execute("SELECT title FROM post").fetchall() == [("Launch",)]
        assert conn.execute("SELECT count(*) FROM history").fetchone() == (1,)


def test_old_entries_go_at_the_first_write_of_a_day(plan_path: Path) -> None:
    plan = open_plan(plan_path)
    service = PlanService(plan, actor="Ana")
    service.update_settings(history_days=30)
    pid = service.add_post(draft("Launch")).focus[0]
    service.update_post(pid, {"title": "Recent"})
    plan.close()
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    with sqlite3.connect(plan_path) as conn:
        conn.execute("UPDATE history SET at = ? WHERE label LIKE 'Add%'", (old.isoformat(" "),))
    plan = open_plan(plan_path)  # a new session: its first write is the day's first
    try:
        service = PlanService(plan, actor="Ana")
        assert len(service.history()) == 3  # reading never trims
        service.update_post(pid, {"title": "Today"})
        labels = [e.label for e in service.history()]
        assert labels == ["Edit post", "Edit post", "Change plan settings"]
        assert service.history(pid)[-1].changes[0].before == "Launch"
    finally:
        plan.close()
    with sqlite3.connect(plan_path) as conn:
        orphans = conn.execute(
            "SELECT count(*) FROM history_post WHERE history_id NOT IN (SELECT id FROM history)"
        ).fetchone()
    assert orphans == (0,)


def test_every_public_write_of_the_service_is_recorded() -> None:
    """A method that writes (`self.plan.write()`) and returns a ChangeSet is journalled; one
    that forgot its annotation would write without history."""
    import inspect

    unrecorded = []
    for name, member in inspect.getmembers(PlanService, inspect.isfunction):
        if name.startswith("_"):
            continue
        source = inspect.getsource(inspect.unwrap(member))
        if "self.plan.write()" in source and not hasattr(member, "__wrapped__"):
            unrecorded.append(name)
    assert unrecorded == ["add_history", "purge_trash"]  # history itself; the trash's end
