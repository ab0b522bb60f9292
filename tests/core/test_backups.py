"""Rolling daily backups, restore with a safety copy, and the trash."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core.errors import NotFoundError, PlanFileError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import backups, open_plan
from lmplanner.core.store.backups import find_backup, list_backups, restore_backup


def titles(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT title FROM post ORDER BY id")]
    finally:
        conn.close()


def add(service: PlanService, title: str) -> int:
    return service.add_post(PostDraft(title=title, role="leader", channel="Blog")).created()[0]


def test_one_backup_per_day_the_plan_changed_keeping_the_last_n(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = {"value": dt.date(2026, 11, 1)}
    monkeypatch.setattr(backups, "today", lambda: day["value"])
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        service.update_settings(backup_keep=3)
        for n in range(6):
            day["value"] = dt.date(2026, 11, 1) + dt.timedelta(days=n)
            # A fresh window each day, as after a restart.
            plan._maintained_on = None
            add(service, f"Post of day {n}")
            add(service, f"Second post of day {n}")  # same day: no second backup
        uuid = plan.uuid
    found = [b for b in list_backups(uuid) if b.kind == "daily"]
    assert [b.path.name for b in sorted(found, key=lambda b: b.path.name)] == [
        "daily-2026-11-04.lmplan",
        "daily-2026-11-05.lmplan",
        "daily-2026-11-06.lmplan",
    ]
    assert not list(plan_path.parent.glob("daily-*"))  # backups live in the data folder
    # Each backup holds the plan as it was before that day's first change.
    newest = next(b for b in found if b.path.name == "daily-2026-11-06.lmplan")
    assert titles(newest.path)[-1] == "Second post of day 4"
    conn = sqlite3.connect(newest.path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_restore_keeps_a_safety_copy_and_survives_an_open_reader(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        add(service, "Before")  # first write of the day: backup of the empty plan
        add(service, "After")
        uuid = plan.uuid
    backup = find_backup(uuid, "1")
    assert titles(backup) == []
    with open_plan(plan_path) as reader:
        safety = restore_backup(plan_path, backup)
        assert PlanService(reader).count_posts() == 0  # an open window sees the restored plan
    assert titles(plan_path) == []
    assert titles(safety) == ["Before", "After"]
    assert list_backups(uuid)[0].kind == "pre-restore"


def test_restore_refuses_a_backup_of_another_plan(tmp_path: Path) -> None:
    first = tmp_path / "one.lmplan"
    second = tmp_path / "two.lmplan"
    open_plan(first).close()
    open_plan(second).close()
    before = first.read_bytes()
    with pytest.raises(PlanFileError, match="backup of another plan"):
        restore_backup(first, second)
    assert first.read_bytes() == before


def test_unknown_backup_is_a_clear_error(plan: object) -> None:
    with pytest.raises(NotFoundError, match="no backup"):
        find_backup("0000", "42")


def test_trash_is_emptied_after_the_configured_days(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        old = add(service, "Old")
        recent = add(service, "Recent")
        service.delete_posts([old, recent])
    conn = sqlite3.connect(plan_path)
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=31)).strftime("%Y-%m-%d %H:%M:%S")
    conn.execute("UPDATE post SET deleted_at = ? WHERE id = ?", (long_ago, old))
    conn.commit()
    conn.close()
    monkeypatch.setattr(backups, "today", lambda: dt.date.today() + dt.timedelta(days=1))
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        add(service, "Tomorrow's first change")  # runs the daily clean-up
        assert [p.title for p in service.posts(trash=True)] == ["Recent"]
