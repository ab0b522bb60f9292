"""The start-up snapshot returns exactly what the services return, or None when it cannot."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path

from lmplanner.core.demo import create_demo
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.core.store.snapshot import read_snapshot


def test_snapshot_equals_the_services_view(plan_path: Path) -> None:
    start, end = dt.date(2026, 10, 26), dt.date(2026, 12, 6)
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        create_demo(service, 2026, 11)
        pid = service.add_post(
            PostDraft(
                title='<b>Q4 & "growth"</b> 🚀',
                role="leader",
                channel="Podcast",
                date=dt.date(2026, 11, 3),
            )
        ).created()[0]
        service.delete_posts([service.posts(start=start, end=end)[0].id])
        service.update_settings(band_low=0.25, first_weekday=6, name="Snapshot plan")
        expected = service.posts(start=start, end=end)
        backlog = service.backlog_count()
        settings = service.settings()
        colors = {c.name: c.color for c in service.channels()}
        snapshot = read_snapshot(plan_path, start, end)  # while the plan is open (WAL)
    assert snapshot is not None
    assert snapshot.posts == expected
    assert any(p.id == pid for p in snapshot.posts)
    assert snapshot.backlog == backlog == 4
    assert snapshot.settings == settings
    assert snapshot.channel_colors == colors


def test_snapshot_declines_what_it_cannot_read(tmp_path: Path, plan_path: Path) -> None:
    assert (
        read_snapshot(tmp_path / "missing.lmplan", dt.date(2026, 1, 1), dt.date(2026, 1, 31))
        is None
    )
    foreign = tmp_path / "foreign.lmplan"
    foreign.write_bytes(b"not a plan")
    assert read_snapshot(foreign, dt.date(2026, 1, 1), dt.date(2026, 1, 31)) is None
    open_plan(plan_path).close()
    conn = sqlite3.connect(plan_path)
    conn.execute("UPDATE alembic_version SET version_num = '0000'")
    conn.commit()
    conn.close()
    assert read_snapshot(plan_path, dt.date(2026, 1, 1), dt.date(2026, 1, 31)) is None


def test_snapshot_module_does_not_load_sqlalchemy() -> None:
    import subprocess

    code = (
        "import sys, lmplanner.core.store.snapshot, lmplanner.core.balance;"
        "print('sqlalchemy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_snapshot_of_a_plan_nobody_has_open_leaves_nothing_beside_it(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        create_demo(PlanService(plan), 2026, 11)
    before = sorted(p.name for p in plan_path.parent.iterdir())
    snapshot = read_snapshot(plan_path, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert snapshot is not None and len(snapshot.posts) > 20
    assert sorted(p.name for p in plan_path.parent.iterdir()) == before  # no -wal / -shm


def test_the_snapshot_meter_equals_the_services_with_pillars(plan_path: Path) -> None:
    """The first paint's meter reads pillars and the lead-in leader posts the way the attached
    plan's balance does, so the strategy flags do not change when the plan attaches."""
    from lmplanner.core.balance import Period, analyze

    start, end = dt.date(2026, 10, 26), dt.date(2026, 12, 6)
    november = Period.month(2026, 11)
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        create_demo(service, 2026, 11)
        # The sample month's own pillars hold 85 % of the targets.
        service.add_pillar("Craft", target=10)
        service.add_pillar("Community", target=5)
        # A leader post of "Craft" before the visible range still carries its pillar.
        service.add_post(
            PostDraft(
                title="Why craft wins",
                role="leader",
                channel="Blog",
                date=dt.date(2026, 10, 12),
                pillar="Craft",
            )
        )
        service.add_post(
            PostDraft(
                title="Craft checklist",
                role="manager",
                channel="Blog",
                date=dt.date(2026, 11, 4),
                pillar="Craft",
            )
        )
        expected = service.balance(november)
        snapshot = read_snapshot(plan_path, start, end)
    assert snapshot is not None and [p.name for p in snapshot.pillars][-2:] == [
        "Craft",
        "Community",
    ]
    shown = [p for p in snapshot.posts if p.date and november.start <= p.date <= november.end]
    report = analyze(
        shown,
        november,
        snapshot.settings.balance,
        backlog=snapshot.backlog,
        pillars=snapshot.pillars,
        lead_in=snapshot.lead_in_of(november.start),
    )
    assert [f.code for f in report.flags] == [f.code for f in expected.flags]
    assert report == expected


def test_the_review_count_is_read_apart_or_declined(tmp_path: Path, plan_path: Path) -> None:
    from lmplanner.core.domain import Status
    from lmplanner.core.store.snapshot import count_in_review

    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        for title, status in (("Asks", Status.IN_REVIEW), ("Also", Status.IN_REVIEW), ("No", None)):
            draft = PostDraft(title=title, role="leader", channel="X", date=dt.date(2026, 11, 3))
            pid = service.add_post(draft).created()[0]
            if status is not None:
                service.update_post(pid, {"status": status})
        assert count_in_review(plan_path) == 2  # while open (WAL)
    assert count_in_review(plan_path) == 2  # and closed (immutable)
    assert count_in_review(tmp_path / "gone.lmplan") is None
    foreign = tmp_path / "notes.lmplan"
    foreign.write_text("not a plan", encoding="utf-8")
    assert count_in_review(foreign) is None
    assert count_in_review(tmp_path) is None  # a folder, not a file


def test_a_snapshot_reads_the_days_its_weeks_show(plan_path: Path) -> None:
    """days_for is handed the plan's first day of the week and names the days read instead."""
    with open_plan(plan_path) as plan:
        service = PlanService(plan)
        service.update_settings(first_weekday=6)
        for day in (1, 2, 30):
            draft = PostDraft(f"Day {day}", "leader", "Blog", date=dt.date(2026, 11, day))
            service.add_post(draft)
    asked: list[int] = []

    def sunday_weeks(first_weekday: int) -> tuple[dt.date, dt.date]:
        asked.append(first_weekday)
        return dt.date(2026, 11, 1), dt.date(2026, 11, 28)  # four Sunday-started weeks

    snapshot = read_snapshot(
        plan_path, dt.date(2026, 10, 20), dt.date(2026, 12, 10), days_for=sunday_weeks
    )
    assert snapshot is not None and asked == [6]
    assert (snapshot.start, snapshot.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 28))
    assert [p.title for p in snapshot.posts] == ["Day 1", "Day 2"]  # not the 30th
