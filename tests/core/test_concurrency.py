"""Several users of one plan file: writers queue (never lock each other out), stale edits are
refused, and other connections notice changes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lmplanner.core.errors import ConflictError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from tests.reliability_helpers import integrity_and_count

WRITER = """
import sys
from lmplanner.core.store import open_plan
from lmplanner.core.services import PlanService, PostDraft
service = PlanService(open_plan(sys.argv[1]))
shared = int(sys.argv[3])
for i in range(int(sys.argv[2])):
    service.add_post(PostDraft(title=f"{sys.argv[4]} {i}", role="leader", channel="X"))
    service.move_posts([shared], by_days=0, to_date=None)
"""


def test_four_processes_writing_at_once_lose_nothing(plan_path: Path) -> None:
    with open_plan(plan_path) as plan:
        shared = (
            PlanService(plan)
            .add_post(PostDraft(title="Shared", role="manager", channel="Blog"))
            .created()[0]
        )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(plan_path), "60", str(shared), f"writer{n}"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    assert integrity_and_count(plan_path) == ("ok", 1 + 4 * 60)


def test_stale_edit_from_another_connection_is_refused(plan_path: Path) -> None:
    with open_plan(plan_path) as mine, open_plan(plan_path) as theirs:
        me, them = PlanService(mine), PlanService(theirs)
        pid = me.add_post(PostDraft(title="Original", role="leader", channel="X")).created()[0]
        seen = me.post(pid)
        them.update_post(pid, {"title": "Their edit"})
        with pytest.raises(ConflictError, match="changed elsewhere"):
            me.update_post(pid, {"title": "My edit"}, expected_version=seen.version)
        assert them.post(pid).title == "Their edit"
        # Taking theirs and editing again works.
        fresh = me.post(pid)
        me.update_post(pid, {"title": "My edit"}, expected_version=fresh.version)
        assert them.post(pid).title == "My edit"


def test_other_connections_notice_changes(plan_path: Path) -> None:
    with open_plan(plan_path) as watcher, open_plan(plan_path) as writer:
        before = watcher.data_version()
        assert watcher.data_version() == before  # nothing happened
        PlanService(writer).add_post(PostDraft(title="New", role="leader", channel="X"))
        assert watcher.data_version() != before


def test_the_plan_file_alone_holds_every_saved_change(plan_path: Path, tmp_path: Path) -> None:
    """While a window keeps the plan open, a copy of just the .lmplan file has the latest change."""
    import shutil

    with open_plan(plan_path) as window, open_plan(plan_path) as cli:
        PlanService(window).count_posts()  # the window is reading the plan
        PlanService(cli).add_post(PostDraft(title="Saved while open", role="leader", channel="X"))
        copy = tmp_path / "copy.lmplan"
        shutil.copyfile(plan_path, copy)  # no -wal file copied with it
    with open_plan(copy) as copied:
        assert [p.title for p in PlanService(copied).posts()] == ["Saved while open"]
