"""Damaged, altered and foreign plan files and backups: refused in words (exit 1), never written
to, never an "unexpected error" (issue 18 items 1 and 3, issue 19 item 7)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan
from lmplanner.core.store.backups import list_backups
from tests.cli.cli_support import CliResult, run_cli
from tests.reliability_helpers import damage_btree, damage_root, integrity, sha256

DAMAGED = "the plan file is damaged — restore a backup (lmplanner backups)"
CHANGED = "the plan file is damaged or was changed by another program"


def make_plan(path: Path, posts: int = 400) -> str:
    """A plan of `posts` posts (enough for the post table's root to be an interior page)."""
    with open_plan(path) as plan:
        drafts = [
            PostDraft(f"Post {n}", "leader", "Blog", body="w " * 50, date=dt.date.today())
            for n in range(posts)
        ]
        PlanService(plan).add_posts(drafts)
        return plan.uuid


def one_line_refusal(result: CliResult, words: str) -> None:
    assert result.returncode == 1, result
    assert words in result.stderr, result.stderr
    assert "unexpected error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def alter(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def damaged_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.lmplan"
    make_plan(path)
    damage_btree(path)
    assert integrity(path) != "ok"  # b-tree pages damaged, not only overflow data
    return path


def test_a_damaged_plan_is_never_written_to_nor_backed_up(damaged_plan: Path) -> None:
    before = sha256(damaged_plan)
    uuid = open_plan(damaged_plan, create=False).uuid
    kept = {b.path: sha256(b.path) for b in list_backups(uuid)}
    added = run_cli(
        "--db", str(damaged_plan), "add", "--title", "New", "--role", "leader", "--channel", "Blog"
    )
    one_line_refusal(added, DAMAGED)
    assert sha256(damaged_plan) == before
    assert {b.path: sha256(b.path) for b in list_backups(uuid)} == kept


@pytest.mark.parametrize("command", [["list"], ["balance"], ["export", "--format", "json"]])
def test_reading_a_damaged_plan_says_so_in_words(
    damaged_plan: Path, tmp_path: Path, command: list[str]
) -> None:
    before = sha256(damaged_plan)
    if command[0] == "export":
        command = [*command, "--out", str(tmp_path / "out.json")]
    result = run_cli("--db", str(damaged_plan), *command)
    one_line_refusal(result, DAMAGED)
    assert sha256(damaged_plan) == before


def damage_copy(path: Path) -> None:
    damage_btree(path)
    assert integrity(path) != "ok"


def drop_post(path: Path) -> None:
    alter(path, "DROP TABLE post")


def drop_plan(path: Path) -> None:
    alter(path, "DROP TABLE plan")


def drop_column(path: Path) -> None:
    alter(path, "DROP INDEX IF EXISTS ix_post_title_lower", "ALTER TABLE post DROP COLUMN notes")


def empty_revision(path: Path) -> None:
    alter(path, "DELETE FROM alembic_version")


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (damage_copy, "integrity check fails"),
        (drop_post, "no post table"),
        (drop_plan, "no plan table"),
        (drop_column, "the post table has no notes column"),
        (empty_revision, "it has no schema revision"),
    ],
)
def test_restore_refuses_a_damaged_or_foreign_backup_and_leaves_the_plan_alone(
    tmp_path: Path, spoil: Callable[[Path], None], words: str
) -> None:
    plan = tmp_path / "plan.lmplan"
    uuid = make_plan(plan)
    backup = tmp_path / "copy.lmplan"
    shutil.copy(plan, backup)
    spoil(backup)
    before = sha256(plan)
    result = run_cli("--db", str(plan), "restore", str(backup))
    one_line_refusal(result, words)
    assert sha256(plan) == before
    assert not [b for b in list_backups(uuid) if b.kind == "pre-restore"]
    assert run_cli("--db", str(plan), "list").returncode == 0


def test_restore_blocked_by_another_page_size_is_not_called_read_only(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan, posts=5)
    backup = tmp_path / "copy.lmplan"
    shutil.copy(plan, backup)
    conn = sqlite3.connect(backup, isolation_level=None)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA page_size=8192")
    conn.execute("VACUUM")
    conn.close()
    before = sha256(plan)
    result = run_cli("--db", str(plan), "restore", str(backup))
    one_line_refusal(result, "pages of 8192 bytes")
    assert "read-only" not in result.stderr
    assert sha256(plan) == before


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (drop_post, "no post table"),
        (drop_column, "the post table has no notes column"),
        (empty_revision, "it has no schema revision"),
    ],
)
def test_an_altered_plan_is_refused_in_words(
    tmp_path: Path, spoil: Callable[[Path], None], words: str
) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan, posts=3)
    spoil(plan)
    before = sha256(plan)
    result = run_cli("--db", str(plan), "list")
    one_line_refusal(result, CHANGED)
    assert words in result.stderr
    assert "newer version" not in result.stderr
    assert sha256(plan) == before


def test_a_role_no_version_writes_is_refused_in_words(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan, posts=3)
    alter(plan, "PRAGMA ignore_check_constraints = ON", "UPDATE post SET role = 'boss'")
    for command in (["list"], ["balance"]):
        one_line_refusal(run_cli("--db", str(plan), *command), CHANGED)


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        ('"trash_days": 30', '"trash_days": 1000000000000000000000000000000'),
        ('"trash_days": 30', '"trash_days": 1000000000'),
        ('"weekly_target": null', '"weekly_target": 1000000000000000000000000000000'),
        ('"title": "Post 0"', '"title": "Half \\ud800 pair"'),
        ('"created_at": "', '"created_at": "9999-12-31T23:59:59-05:00", "x": "'),
    ],
)
def test_a_spoilt_json_backup_is_refused_in_words(tmp_path: Path, spoil: str, words: str) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan, posts=1)
    out = tmp_path / "backup.json"
    assert run_cli("--db", str(plan), "export", "--out", str(out)).returncode == 0
    text = out.read_text("utf-8")
    assert spoil in text
    out.write_text(text.replace(spoil, words, 1), "utf-8")
    result = run_cli("--db", str(plan), "import", "--replace", str(out))
    assert result.returncode == 1, result
    assert "unexpected error" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def plan_with_unreplayable_journal(tmp_path: Path) -> tuple[Path, bytes]:
    """A plan copied, with its -wal, while a writer had two commits not yet checkpointed; then one
    byte of the journal's first frame is flipped (SQLite will stop replaying there)."""
    live = tmp_path / "live.lmplan"
    make_plan(live, posts=2)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for name in ("Renamed once", "Renamed twice"):
        writer.execute("UPDATE plan SET name = ?", (name,))
    copy = tmp_path / "copy.lmplan"
    shutil.copy(live, copy)
    journal = bytearray(Path(f"{live}-wal").read_bytes())
    writer.close()
    journal[32 + 24 + 200] ^= 0xFF
    Path(f"{copy}-wal").write_bytes(bytes(journal))
    return copy, bytes(journal)


def test_a_journal_that_will_not_replay_is_kept_and_said_once(tmp_path: Path) -> None:
    from lmplanner.core.store.wal import lost_commits

    plan, journal = plan_with_unreplayable_journal(tmp_path)
    assert lost_commits(journal)
    first = run_cli("--db", str(plan), "list")
    assert first.returncode == 0, first
    assert first.stderr.startswith("lmplanner: warning: recent changes could not be recovered; ")
    assert len(first.stderr.splitlines()) == 1
    kept = Path(first.stderr.split("the journal was kept in ")[1].strip())
    assert kept.read_bytes() == journal
    again = run_cli("--db", str(plan), "list")
    assert (again.returncode, again.stderr) == (0, "")


def test_a_journal_that_replays_is_not_kept(tmp_path: Path) -> None:
    from lmplanner.core.store.wal import lost_commits

    live = tmp_path / "live.lmplan"
    make_plan(live, posts=2)
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE plan SET name = 'Renamed'")
    journal = Path(f"{live}-wal").read_bytes()
    assert not lost_commits(journal)
    assert not lost_commits(journal[:-100])  # a torn last frame of a commit never made
    result = run_cli("--db", str(live), "list")
    writer.close()
    assert (result.returncode, result.stderr) == (0, "")


def test_a_damaged_plan_is_brought_back_from_its_backup(tmp_path: Path) -> None:
    """What the refusal tells the user to do works: list the backups, restore one."""
    plan = tmp_path / "plan.lmplan"
    make_plan(plan)  # its first change made today's backup: the empty plan
    damage_btree(plan)
    listed = run_cli("--db", str(plan), "backups")
    assert listed.returncode == 0, listed
    restored = run_cli("--db", str(plan), "restore", "1")
    assert restored.returncode == 0, restored
    assert integrity(plan) == "ok"
    added = run_cli(
        "--db", str(plan), "add", "--title", "Again", "--role", "leader", "--channel", "X"
    )
    assert added.returncode == 0, added


def unreadable_settings(path: Path) -> None:
    damage_root(path, "plan")  # the plan's identity and settings can no longer be read


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


@pytest.mark.parametrize("spoil", [unreadable_settings, truncated])
def test_a_plan_that_cannot_open_is_brought_back_from_its_backup(
    tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    """The refusal says to restore a backup; `backups` and `restore` work although no command
    can open the plan (its identity is read from its damaged bytes)."""
    plan = tmp_path / "plan.lmplan"
    uuid = make_plan(plan)  # its first change made today's backup: the empty plan
    spoil(plan)
    assert integrity(plan) != "ok"
    before = sha256(plan)
    refused = run_cli("--db", str(plan), "list")
    one_line_refusal(refused, "restore a backup (lmplanner backups)")

    listed = run_cli("--db", str(plan), "backups")
    assert listed.returncode == 0, listed
    assert str(list_backups(uuid)[0].path) in listed.stdout
    assert "'lmplanner restore NUMBER'" in listed.stdout
    assert sha256(plan) == before  # listing changed nothing

    restored = run_cli("--db", str(plan), "restore", "1")
    assert (restored.returncode, restored.stderr) == (0, ""), restored
    kept = Path(restored.stdout.split("The damaged plan file is kept in ", 1)[1].strip())
    assert sha256(kept) == before  # the damaged bytes were kept as they were
    assert integrity(plan) == "ok"
    assert run_cli("--db", str(plan), "list").returncode == 0


def test_a_damaged_backup_is_not_put_over_a_plan_that_cannot_open(tmp_path: Path) -> None:
    plan = tmp_path / "plan.lmplan"
    make_plan(plan)
    backup = tmp_path / "copy.lmplan"
    shutil.copy(plan, backup)
    damage_btree(backup)
    unreadable_settings(plan)
    before = sha256(plan)
    one_line_refusal(run_cli("--db", str(plan), "restore", str(backup)), DAMAGED)
    assert sha256(plan) == before


@pytest.mark.parametrize("backed_up", [False, True])
def test_a_file_that_is_not_a_plan_keeps_its_refusal(tmp_path: Path, backed_up: bool) -> None:
    """Only a file that is ours and has backups is offered them: another program's database, or
    a damaged plan of which no backup exists, is refused as before and left alone."""
    if backed_up:
        path = tmp_path / "plan.lmplan"
        shutil.rmtree(list_backups(make_plan(path))[0].path.parent)
        unreadable_settings(path)
        words = CHANGED
    else:
        path = tmp_path / "other.db"
        alter(path, "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
        words = "not an LM Planner plan"
    before = sha256(path)
    for command in (["backups"], ["restore", "1"]):
        one_line_refusal(run_cli("--db", str(path), *command), words)
    assert sha256(path) == before
