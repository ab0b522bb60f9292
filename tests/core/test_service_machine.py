"""Hypothesis state machine over the services: any sequence of add / edit / move / delete /
undelete / undo / redo keeps the plan consistent with a simple model of it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from lmplanner.core.balance import Period
from lmplanner.core.changes import ChangeSet
from lmplanner.core.domain import Role
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

MONTH = Period.month(2026, 11)
days = st.dates(min_value=dt.date(2026, 10, 25), max_value=dt.date(2026, 12, 5))
maybe_day = st.none() | days
roles = st.sampled_from([Role.LEADER, Role.MANAGER])
channels = st.sampled_from(["LinkedIn", "linkedin", "X", "Podcast", "Blog"])
titles = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40
).filter(lambda t: t.strip())


class PlanMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "machine.lmplan"
        self.plan = open_plan(self.path)
        self.service = PlanService(self.plan)
        self.done: list[ChangeSet] = []
        self.undone: list[ChangeSet] = []
        # The model: post id → (role, date) for live posts; ids in the trash.
        self.live: dict[int, tuple[Role, dt.date | None]] = {}
        self.trash: set[int] = set()

    def teardown(self) -> None:
        self.plan.close()
        self.folder.cleanup()

    def _record(self, changes: ChangeSet) -> None:
        if changes:
            self.done.append(changes)
            self.undone.clear()
        self._sync_model()

    def _sync_model(self) -> None:
        # Rebuilt from the database after undo/redo; other rules update it by hand and the
        # invariant compares both.
        self.live = {p.id: (p.role, p.date) for p in self.service.posts()}
        self.trash = {p.id for p in self.service.posts(trash=True)}

    @rule(title=titles, role=roles, channel=channels, day=maybe_day)
    def add(self, title: str, role: Role, channel: str, day: dt.date | None) -> None:
        changes = self.service.add_post(
            PostDraft(title=title, role=role, channel=channel, date=day)
        )
        new_id = changes.created()[0]
        assert new_id not in self.live
        self.done.append(changes)
        self.undone.clear()
        self.live[new_id] = (role, day)

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data(), role=roles)
    def change_role(self, data: st.DataObject, role: Role) -> None:
        pid = data.draw(st.sampled_from(sorted(self.live)))
        changes = self.service.update_posts([pid], {"role": role, "kind": None})
        self._record(changes)
        assert self.live[pid][0] is role

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data(), day=maybe_day)
    def move(self, data: st.DataObject, day: dt.date | None) -> None:
        ids = data.draw(st.lists(st.sampled_from(sorted(self.live)), min_size=1, unique=True))
        before_times = {pid: self.service.post(pid).time for pid in ids}
        self._record(self.service.move_posts(ids, to_date=day))
        for pid in ids:
            assert self.live[pid][1] == day
            if day is not None:
                assert self.service.post(pid).time == before_times[pid]

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(sorted(self.live)), min_size=1, unique=True))
        self._record(self.service.delete_posts(ids))
        assert all(pid in self.trash for pid in ids)

    @precondition(lambda self: bool(self.trash))
    @rule(data=st.data())
    def undelete(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.trash)))
        self._record(self.service.undelete_posts([pid]))
        assert pid in self.live

    @precondition(lambda self: bool(self.done))
    @rule()
    def undo(self) -> None:
        changes = self.done.pop()
        self.undone.append(self.service.apply(changes.inverse()))
        self._sync_model()

    @precondition(lambda self: bool(self.undone))
    @rule()
    def redo(self) -> None:
        changes = self.undone.pop()
        self.done.append(self.service.apply(changes.inverse()))
        self._sync_model()

    @invariant()
    def counts_match_the_model(self) -> None:
        assert self.service.count_posts() == len(self.live)
        assert self.service.count_posts(trash=True) == len(self.trash)
        backlog = sum(1 for _, day in self.live.values() if day is None)
        assert self.service.backlog_count() == backlog

    @invariant()
    def balance_agrees_with_the_posts(self) -> None:
        report = self.service.balance(MONTH)
        in_month = [role for role, day in self.live.values() if day and MONTH.contains(day)]
        assert report.total == len(in_month)
        assert report.leader == in_month.count(Role.LEADER)
        assert report.manager == report.total - report.leader
        assert report.backlog == sum(1 for _, day in self.live.values() if day is None)

    @invariant()
    def no_orphans_and_integrity(self) -> None:
        conn = sqlite3.connect(self.path)
        try:
            orphans: Any = conn.execute(
                "SELECT count(*) FROM post WHERE channel_id NOT IN (SELECT id FROM channel) "
                "OR (author_id IS NOT NULL AND author_id NOT IN (SELECT id FROM person))"
            ).fetchone()[0]
            assert orphans == 0
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            conn.close()


PlanMachine.TestCase.settings = settings(max_examples=25, stateful_step_count=25, deadline=None)
TestPlanMachine = PlanMachine.TestCase
