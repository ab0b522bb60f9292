"""Rolling daily backups, restore with a safety copy, and the trash."""

from __future__ import annotations

import datetime as dt
import os
import shutil
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


def test_leftover_partials_are_removed_on_the_next_start(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        uuid = plan.uuid
    folder = backups.paths.backups_dir(uuid)
    folder.mkdir(parents=True, exist_ok=True)
    stale = [folder / "daily-2026-11-01.lmplan.partial", folder / "pre-restore-1.lmplan.partial"]
    for path in stale:
        path.write_bytes(b"half a copy")
        old = (dt.datetime.now() - dt.timedelta(hours=2)).timestamp()
        os.utime(path, (old, old))
    fresh = folder / "daily-2026-11-02.lmplan.partial"  # maybe another window copying right now
    fresh.write_bytes(b"being written")
    open_plan(plan_path).close()
    assert [p.name for p in folder.glob("*.partial")] == [fresh.name]


def test_a_failed_daily_backup_leaves_no_partial(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_plan(plan_path) as plan:
        uuid = plan.uuid
    target = backups.paths.backups_dir(uuid) / "daily-2030-01-01.lmplan"

    monkeypatch.setattr(backups, "today", lambda: dt.date(2030, 1, 1))
    with monkeypatch.context() as patch:
        patch.setattr(backups.sqlite_file, "connect_readonly", _failing_source)
        with pytest.raises(sqlite3.OperationalError):
            backups.ensure_daily_backup(plan_path, uuid, 7)
    assert not target.exists()
    assert not list(target.parent.glob("*.partial"))


class _FailingSource:
    def backup(self, target: sqlite3.Connection) -> None:
        target.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("database or disk is full")

    def close(self) -> None:
        pass


def _failing_source(*_args: object, **_kwargs: object) -> _FailingSource:
    return _FailingSource()


def test_safety_copies_are_pruned_but_the_newest_is_always_kept(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_plan(plan_path) as plan:
        PlanService(plan).update_settings(backup_keep=3)
        uuid = plan.uuid
    folder = backups.paths.backups_dir(uuid)
    now = dt.datetime.now()
    for n in range(8):  # eight restores over the last eight hours
        path = folder / f"pre-restore-2026120{n}-000000.lmplan"
        shutil.copy(plan_path, path)
        stamp = (now - dt.timedelta(hours=8 - n)).timestamp()
        os.utime(path, (stamp, stamp))
    ancient = folder / "pre-upgrade-0001-20200101-000000.lmplan"
    shutil.copy(plan_path, ancient)
    os.utime(ancient, (0, 0))  # the only copy from before an upgrade, however old
    safety = restore_backup(plan_path, folder / "pre-restore-20261200-000000.lmplan")
    kept = [b for b in list_backups(uuid) if b.kind == "pre-restore"]
    assert len(kept) == backups.SAFETY_COPIES
    assert kept[0].path == safety
    assert ancient.exists()
    # Older than the daily window (3 days): gone, except the newest of its kind.
    old = folder / "pre-restore-20200101-000000.lmplan"
    shutil.copy(plan_path, old)
    os.utime(old, (0, 0))
    monkeypatch.setattr(backups, "today", lambda: dt.date.today() + dt.timedelta(days=10))
    backups.prune(uuid, 3)
    assert [b.path for b in list_backups(uuid) if b.kind == "pre-restore"] == [safety]
    assert ancient.exists()


def test_two_restores_in_one_second_keep_both_safety_copies(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        add(service, "Before")  # first write of the day: backup of the empty plan
        add(service, "After")
        uuid = plan.uuid
    backup = find_backup(uuid, "1")
    moment = dt.datetime(2026, 12, 5, 9, 30, 15)
    monkeypatch.setattr(backups, "now", lambda: moment)  # both restores in the same second
    first = restore_backup(plan_path, backup)
    second = restore_backup(plan_path, backup)
    assert first != second
    assert titles(first) == ["Before", "After"]  # the plan before any restore is still there
    assert titles(second) == []
    assert {first.name, second.name} == {
        "pre-restore-20261205-093015.lmplan",
        "pre-restore-20261205-093015-2.lmplan",
    }
    assert {b.path for b in list_backups(uuid) if b.kind == "pre-restore"} == {first, second}
