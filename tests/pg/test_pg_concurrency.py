"""Several members writing at once: nothing lost, stale edits refused, changes seen by others."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pg_cluster import Cluster

from lmplanner.core.errors import ConflictError
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

WRITER = Path(__file__).with_name("pg_writer.py")
ADD_ARGS = ("add", "--title", "From the CLI", "--role", "manager", "--channel", "X")
# A bound for a change to be seen at all, generous for a loaded machine: a waiting test ends as
# soon as the change arrives. How soon (the GUI's 2 s) is `python -m benchmarks.bench_live`.
SEEN_WITHIN = 30.0


def test_four_parallel_writers_lose_nothing(pg: Cluster, database: str, member_url: str) -> None:
    writers, per_writer = 4, 15
    start_day = dt.date(2027, 1, 1)
    with open_plan(member_url) as plan:
        service = PlanService(plan)
        counter = service.add_post(
            PostDraft(title="Counter", role="manager", channel="Blog", notes="0")
        ).created()[0]
        mover = service.add_post(
            PostDraft(title="Mover", role="leader", channel="Blog", date=start_day)
        ).created()[0]
    # real time: the writers are separate processes; a shared wall-clock start makes them race.
    start_at = time.time() + 3.0
    shared = [str(counter), str(mover), str(start_at)]
    processes = [
        subprocess.Popen(
            [sys.executable, str(WRITER), member_url, str(w), str(per_writer), *shared],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    conflicts = 0
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        conflicts += json.loads(out)["conflicts"]
    total = writers * per_writer
    with open_plan(member_url) as plan:
        service = PlanService(plan)
        posts = service.posts()
        titles = sorted(p.title for p in posts if p.title.startswith("writer "))
        assert titles == sorted(
            f"writer {w} post {i}" for w in range(writers) for i in range(per_writer)
        )
        assert len(posts) == total + 2
        counted = service.post(counter)
        assert counted.notes == str(total)  # every read-modify-write landed exactly once
        assert counted.version == 1 + total
        assert service.post(mover).date == start_day + dt.timedelta(days=total)
        assert sorted(c.name for c in service.channels() if c.name.startswith("Team")) == [
            f"Team channel {i}" for i in range(5)
        ]
        assert len(service.people()) == 3
    assert pg.query("SELECT count(*) FROM post", database) == [(total + 2,)]
    print(f"{conflicts} stale counter edits were refused and retried")


def test_stale_edit_move_delete_and_undo_are_refused(team_url: str, member_url: str) -> None:
    with open_plan(team_url) as mine, open_plan(member_url) as theirs:
        me, them = PlanService(mine), PlanService(theirs)
        pid = me.add_post(PostDraft(title="Draft", role="leader", channel="Blog")).created()[0]
        seen = them.post(pid)  # the other member's window shows version 1
        my_edit = me.update_post(pid, {"title": "Mine"})
        with pytest.raises(ConflictError, match="changed elsewhere") as refused:
            them.update_post(pid, {"title": "Theirs"}, expected_version=seen.version)
        assert refused.value.post_id == pid
        their_move = them.move_posts([pid], to_date=dt.date(2027, 2, 1))  # on the current row
        with pytest.raises(ConflictError):
            me.apply(my_edit.inverse())  # my undo would overwrite their move: refused
        current = me.post(pid)
        assert (current.title, current.date) == ("Mine", dt.date(2027, 2, 1))
        them.apply(their_move.inverse())
        deleted = me.delete_posts([pid])
        with pytest.raises(ConflictError):
            them.apply(their_move)  # redo of a move on a post deleted meanwhile
        me.apply(deleted.inverse())
        assert me.post(pid).title == "Mine"


def test_a_change_by_one_member_is_seen_by_another(team_url: str, member_url: str) -> None:
    with open_plan(team_url) as watcher, open_plan(member_url) as editor:
        token = watcher.changes_token()
        assert not watcher.wait_for_change(0.3, since=token)
        assert watcher.changes_token() == token
        PlanService(editor).add_post(PostDraft(title="Live", role="leader", channel="Blog"))
        assert watcher.wait_for_change(SEEN_WITHIN, since=token)
        assert watcher.changes_token() != token
        assert [p.title for p in PlanService(watcher).posts()] == ["Live"]


def test_changes_from_another_process_move_the_token(team_url: str) -> None:
    with open_plan(team_url) as watcher:
        token = watcher.changes_token()
        done = subprocess.run(
            [sys.executable, "-m", "lmplanner", "--db", team_url, *ADD_ARGS],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        # The GUI polls changes_token() on a timer: it must move (how soon is a benchmark).
        assert watcher.wait_for_change(SEEN_WITHIN, since=token)
        assert watcher.changes_token() != token


def test_read_only_member_sees_changes_live(team_url: str, reader_url: str) -> None:
    with open_plan(reader_url) as reader, open_plan(team_url) as owner:
        token = reader.changes_token()
        PlanService(owner).add_post(PostDraft(title="For readers", role="leader", channel="X"))
        assert reader.wait_for_change(2.0, since=token)
        assert reader.live_error == ""


def test_live_updates_recover_after_the_connection_drops(
    pg: Cluster, database: str, team_url: str
) -> None:
    with open_plan(team_url) as watcher, open_plan(team_url) as editor:
        token = watcher.changes_token()
        pg.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND query LIKE 'LISTEN%'",
            "postgres",
        )
        # The loss itself counts as a change (something may have been missed) …
        assert watcher.wait_for_change(2.0, since=token)
        assert watcher.live_error
        watcher._listener._retry_at = 0.0  # don't wait the retry interval in a test
        token = watcher.changes_token()
        assert watcher.live_error == ""
        PlanService(editor).add_post(PostDraft(title="After", role="leader", channel="X"))
        assert watcher.wait_for_change(2.0, since=token)


def test_plan_file_changes_token_and_wait(tmp_path: Path) -> None:
    """The same watching API on a plan file (PRAGMA data_version): no server needed."""
    path = tmp_path / "plan.lmplan"
    with open_plan(path) as watcher, open_plan(path) as editor:
        assert not watcher.is_team
        token = watcher.changes_token()
        assert not watcher.wait_for_change(0.2, since=token)
        PlanService(editor).add_post(PostDraft(title="Elsewhere", role="L", channel="X"))
        assert watcher.wait_for_change(2.0, since=token)
        assert watcher.changes_token() != token


def test_a_writer_kept_waiting_too_long_gets_a_clear_busy_error(
    pg: Cluster, database: str, team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import lmplanner.core.store.postgres.plan as team
    from lmplanner.core.errors import PlanBusyError

    monkeypatch.setattr(team, "LOCK_TIMEOUT", "300ms")
    with open_plan(team_url) as plan, pg.connect(database) as holder:
        service = PlanService(plan)
        service.add_post(PostDraft(title="Before", role="leader", channel="X"))
        with holder.transaction():  # another member in the middle of a long change
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (team.WRITE_LOCK_KEY,))
            with pytest.raises(PlanBusyError, match="try again"):
                service.add_post(PostDraft(title="Blocked", role="leader", channel="X"))
        service.add_post(PostDraft(title="After", role="leader", channel="X"))
        assert [p.title for p in service.posts(order="title")] == ["After", "Before"]


def test_a_server_side_disconnect_is_survived(pg: Cluster, database: str, team_url: str) -> None:
    with open_plan(team_url) as plan:
        service = PlanService(plan)
        service.add_post(PostDraft(title="Before", role="leader", channel="X"))
        pg.sql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()",
            "postgres",
        )
        service.add_post(PostDraft(title="After", role="leader", channel="X"))
        assert len(service.posts()) == 2
