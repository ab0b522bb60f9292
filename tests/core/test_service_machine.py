"""Hypothesis state machine over the services: any sequence of add / edit / move / delete /
undelete / undo / redo keeps the plan consistent with a simple model of it.

Every change is kept with a snapshot of the whole plan before and after it (every post's fields,
live and in the trash): an undo must bring back exactly the plan before, a redo exactly the plan
after, and a change leaves the posts it is not about as they were.
"""

from __future__ import annotations

import dataclasses
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
from lmplanner.core.domain import PostRecord, Role
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

MONTH = Period.month(2026, 11)
days = st.dates(min_value=dt.date(2026, 10, 25), max_value=dt.date(2026, 12, 5))
maybe_day = st.none() | days
roles = st.sampled_from([Role.LEADER, Role.MANAGER])
channels = st.sampled_from(["LinkedIn", "linkedin", "X", "Podcast", "Blog"])
# Any title a person may give: no control characters (validation refuses them), tabs and
# newlines fold into spaces.
titles = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc")), st.sampled_from("\t\n")),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip())

# The whole plan as a person sees it: post id → every field of the post.
Snapshot = dict[int, PostRecord]
# A change with the plan before and after it: undo goes back to `before`, redo on to `after`.
Step = tuple[ChangeSet, Snapshot, Snapshot]
IN_TRASH = dt.datetime(2000, 1, 1)


def visible(post: PostRecord) -> PostRecord:
    """The post without its bookkeeping: an undo writes a new version at a new time, and a post
    back from the trash is the same post whenever it was deleted."""
    return dataclasses.replace(
        post,
        version=0,
        updated_at=None,
        deleted_at=None if post.deleted_at is None else IN_TRASH,
    )


def differences(actual: Snapshot, expected: Snapshot) -> list[str]:
    lines = [f"post {pid} missing" for pid in expected.keys() - actual.keys()]
    lines += [f"post {pid} unexpected" for pid in actual.keys() - expected.keys()]
    for pid in sorted(actual.keys() & expected.keys()):
        if actual[pid] != expected[pid]:
            lines.append(f"post {pid}: {actual[pid]} != expected {expected[pid]}")
    return lines


class PlanMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "machine.lmplan"
        self.plan = open_plan(self.path)
        self.service = PlanService(self.plan)
        self.done: list[Step] = []
        self.undone: list[Step] = []
        # The model: post id → (role, date) for live posts; ids in the trash.
        self.live: dict[int, tuple[Role, dt.date | None]] = {}
        self.trash: set[int] = set()

    def teardown(self) -> None:
        self.plan.close()
        self.folder.cleanup()

    def snapshot(self) -> Snapshot:
        posts = [*self.service.posts(), *self.service.posts(trash=True)]
        return {post.id: visible(post) for post in posts}

    def _record(self, changes: ChangeSet, before: Snapshot) -> None:
        after = self.snapshot()
        if changes:
            self.done.append((changes, before, after))
            self.undone.clear()
        # Nothing vanishes (a delete goes to the trash), only the posts it created are new,
        # and the posts it is not about are exactly as they were.
        assert after.keys() - before.keys() == set(changes.created())
        assert before.keys() <= after.keys()
        untouched = {pid: post for pid, post in before.items() if pid not in changes.post_ids}
        assert differences({pid: after[pid] for pid in untouched}, untouched) == []
        self._sync_model(after)

    def _sync_model(self, plan: Snapshot) -> None:
        # Rebuilt from the plan after each change (checked against the snapshots); the rules
        # check their own effect on it and the invariants compare counts and balance with it.
        self.live = {p.id: (p.role, p.date) for p in plan.values() if p.deleted_at is None}
        self.trash = {p.id for p in plan.values() if p.deleted_at is not None}

    def _step_back(self, steps: list[Step], onto: list[Step]) -> None:
        """Undo (or redo) the last step: the plan must be exactly as it was before that step."""
        changes, before, after = steps.pop()
        assert differences(self.snapshot(), after) == []
        applied = self.service.apply(changes.inverse())
        now = self.snapshot()
        assert differences(now, before) == []
        onto.append((applied, after, before))
        self._sync_model(now)

    @rule(title=titles, role=roles, channel=channels, day=maybe_day)
    def add(self, title: str, role: Role, channel: str, day: dt.date | None) -> None:
        before = self.snapshot()
        changes = self.service.add_post(
            PostDraft(title=title, role=role, channel=channel, date=day)
        )
        new_id = changes.created()[0]
        assert new_id not in self.live
        self._record(changes, before)
        assert self.live[new_id] == (role, day)

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data(), role=roles)
    def change_role(self, data: st.DataObject, role: Role) -> None:
        pid = data.draw(st.sampled_from(sorted(self.live)))
        before = self.snapshot()
        changes = self.service.update_posts([pid], {"role": role, "kind": None})
        self._record(changes, before)
        assert self.live[pid][0] is role

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data(), day=maybe_day)
    def move(self, data: st.DataObject, day: dt.date | None) -> None:
        ids = data.draw(st.lists(st.sampled_from(sorted(self.live)), min_size=1, unique=True))
        before_times = {pid: self.service.post(pid).time for pid in ids}
        before = self.snapshot()
        self._record(self.service.move_posts(ids, to_date=day), before)
        for pid in ids:
            assert self.live[pid][1] == day
            if day is not None:
                assert self.service.post(pid).time == before_times[pid]

    @precondition(lambda self: bool(self.live))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        ids = data.draw(st.lists(st.sampled_from(sorted(self.live)), min_size=1, unique=True))
        before = self.snapshot()
        self._record(self.service.delete_posts(ids), before)
        assert all(pid in self.trash for pid in ids)

    @precondition(lambda self: bool(self.trash))
    @rule(data=st.data())
    def undelete(self, data: st.DataObject) -> None:
        pid = data.draw(st.sampled_from(sorted(self.trash)))
        before = self.snapshot()
        self._record(self.service.undelete_posts([pid]), before)
        assert pid in self.live

    @precondition(lambda self: bool(self.done))
    @rule()
    def undo(self) -> None:
        self._step_back(self.done, onto=self.undone)

    @precondition(lambda self: bool(self.undone))
    @rule()
    def redo(self) -> None:
        self._step_back(self.undone, onto=self.done)

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
