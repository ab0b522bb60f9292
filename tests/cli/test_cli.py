"""The CLI contract: output, exit codes 0/1/2, one-line errors.

The commands run in this process through `lmplanner.cli.main` (tests/cli/cli_support.py); the
tests at the end start a real process where that boundary is the point: the exit status, the
--debug traceback, a smoke test of the posts and data commands, and the desktop app.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.cli.cli_support import CliResult, one_line_error, run_cli, run_process

Result = CliResult | subprocess.CompletedProcess[str]


def run(*args: str, db: Path | None = None) -> CliResult:
    command = ["--db", str(db)] if db is not None else []
    return run_cli(*command, *args)


def ok(*args: str, db: Path) -> str:
    result = run(*args, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def post_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM post").fetchone()[0])
    finally:
        conn.close()


def test_add_list_edit_move_delete_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    pid = ok(
        "add",
        "--title",
        "Why we <b>build</b> & ship",
        "--role",
        "leader",
        "--channel",
        "linkedin",
        "--date",
        "2026-11-05",
        "--time",
        "09:30",
        "--kind",
        "vision",
        "--author",
        "Ana",
        "--campaign",
        "Launch",
        db=db,
    ).strip()
    assert pid == "1"
    posts = json.loads(ok("list", "--json", db=db))
    assert posts == [
        {
            **posts[0],
            "id": 1,
            "title": "Why we <b>build</b> & ship",
            "role": "leader",
            "channel": "LinkedIn",
            "date": "2026-11-05",
            "time": "09:30",
            "status": "draft",
            "kind": "vision",
            "author": "Ana",
            "campaign": "Launch",
        }
    ]
    ok("edit", "1", "--title", "Sharper title", "--status", "scheduled", db=db)
    ok("move", "1", "--date", "2026-11-12", db=db)
    moved = json.loads(ok("list", "--json", "--month", "2026-11", db=db))[0]
    assert (moved["title"], moved["date"], moved["time"], moved["status"]) == (
        "Sharper title",
        "2026-11-12",
        "09:30",  # a move keeps the time
        "scheduled",
    )
    ok("move", "1", "--backlog", db=db)
    backlog = json.loads(ok("list", "--json", db=db))[0]
    assert backlog["date"] is None and backlog["time"] is None
    assert json.loads(ok("list", "--json", "--month", "2026-11", db=db)) == []
    ok("delete", "1", db=db)
    assert json.loads(ok("list", "--json", db=db)) == []
    table = ok("list", db=db)
    assert table.strip() == "No posts."


def test_role_change_drops_a_kind_of_the_other_role(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok("add", "--title", "T", "--role", "L", "--channel", "X", "--kind", "story", db=db)
    ok("edit", "1", "--role", "manager", db=db)
    post = json.loads(ok("list", "--json", db=db))[0]
    assert (post["role"], post["kind"]) == ("manager", None)
    ok("edit", "1", "--role", "leader", db=db)  # a later run: the kind comes back
    post = json.loads(ok("list", "--json", db=db))[0]
    assert (post["role"], post["kind"]) == ("leader", "story")


def test_balance_json_contract(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok("demo", "--month", "2026-11", db=db)
    report = json.loads(ok("balance", "--month", "2026-11", "--json", db=db))
    for key in (
        "period",
        "total",
        "leader",
        "manager",
        "backlog",
        "leader_share",
        "verdict",
        "score",
        "flags",
        "by_week",
        "by_channel",
        "by_author",
    ):
        assert key in report
    assert report["period"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert report["total"] == report["leader"] + report["manager"] >= 20
    assert report["backlog"] >= 3
    assert report["verdict"] in {"balanced", "all-activity-no-vision", "vision-without-execution"}
    assert "LEADER_DROUGHT" in {f["code"] for f in report["flags"]}
    assert len({a["name"] for a in report["by_author"]}) == 2
    readable = ok("balance", "--month", "2026-11", db=db)
    assert "Leader share" in readable and "LEADER_DROUGHT" in readable


def test_balance_of_an_empty_month_and_channel_filter(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    empty = json.loads(ok("balance", "--month", "2030-01", "--json", db=db))
    assert empty["total"] == 0 and empty["leader_share"] is None and empty["verdict"] == "empty"
    ok(
        "add",
        "--title",
        "How to",
        "--role",
        "manager",
        "--channel",
        "X",
        "--date",
        "2030-01-02",
        db=db,
    )
    ok(
        "add",
        "--title",
        "Vision",
        "--role",
        "leader",
        "--channel",
        "Blog",
        "--date",
        "2030-01-03",
        db=db,
    )
    only_x = json.loads(
        ok(
            "balance",
            "--from",
            "2030-01-01",
            "--to",
            "2030-01-31",
            "--channel",
            "x",
            "--json",
            db=db,
        )
    )
    assert only_x["total"] == 1 and only_x["leader_share"] == 0.0


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--title", "T", "--role", "chief", "--channel", "X"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--date", "2026-02-30"],
        [
            "add",
            "--title",
            "T",
            "--role",
            "leader",
            "--channel",
            "X",
            "--date",
            "2026-11-01",
            "--time",
            "25:00",
        ],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--status", "done"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--kind", "rant"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--kind", "promotion"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--time", "09:00"],
        ["add", "--role", "leader", "--channel", "X"],
        ["list", "--month", "2026-13"],
        ["list", "--from", "2026-11-01"],
        ["balance", "--bogus"],
        ["move", "1"],
        ["move", "abc", "--date", "2026-11-01"],
        ["frobnicate"],
    ],
)
def test_wrong_command_lines_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "plan.lmplan"
    ok("add", "--title", "Existing", "--role", "leader", "--channel", "X", db=db)
    one_line_error(run(*args, db=db), 2)
    assert post_count(db) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["move", "99", "--date", "2026-11-01"], "no post 99"),
        (["delete", "99"], "no post 99"),
        (["edit", "99", "--title", "x"], "no post 99"),
        (["add", "--title", "x" * 301, "--role", "leader", "--channel", "X"], "limit is 300"),
        # The post's state refuses it (the same options on the command line alone are exit 2).
        (["edit", "1", "--kind", "promotion"], "manager kind"),
    ],
)
def test_failures_exit_1_and_change_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    db = tmp_path / "plan.lmplan"
    ok("add", "--title", "Existing", "--role", "leader", "--channel", "X", db=db)
    line = one_line_error(run(*args, db=db), 1)
    assert message in line
    assert post_count(db) == 1


@pytest.mark.parametrize("content", [b"", b"garbage" * 100, None])
def test_foreign_file_exits_1_and_stays_identical(tmp_path: Path, content: bytes | None) -> None:
    db = tmp_path / "other.db"
    if content is None:
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:
        db.write_bytes(content)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    listing = sorted(p.name for p in tmp_path.iterdir())
    line = one_line_error(run("list", db=db), 1)
    assert "not an LM Planner plan" in line
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_db_from_environment_and_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.lmplan"
    monkeypatch.setenv("LMPLANNER_DB", str(db))
    result = run("add", "--title", "From env", "--role", "M", "--channel", "X")
    assert result.returncode == 0, result.stderr
    assert post_count(db) == 1
    monkeypatch.delenv("LMPLANNER_DB")
    line = one_line_error(run("list", db=tmp_path / "missing" / "plan.lmplan"), 1)
    assert "folder does not exist" in line


def test_debug_prints_traceback_and_log_records_it(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "plan.lmplan"
    db.write_bytes(b"")
    # A real process: what reaches the terminal, and the exit status, are what is tested.
    quiet = run_process("--db", str(db), "list")
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    loud = run_process("--db", str(db), "--debug", "list")
    assert loud.returncode == 1 and "not an LM Planner plan" in loud.stderr
    assert "Traceback" in loud.stderr
    assert "not an LM Planner plan" in (data_dir / "logs" / "lmplanner.log").read_text()


def test_in_process_runs_leave_logging_as_they_found_it(tmp_path: Path, data_dir: Path) -> None:
    """Each in-process run sets logging up as a new process would (so a --debug run after a quiet
    one still prints the traceback) and takes its handlers away again."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    db = tmp_path / "plan.lmplan"
    db.write_bytes(b"")
    assert "Traceback" not in one_line_error(run("list", db=db), 1)
    loud = run("--debug", "list", db=db)
    assert loud.returncode == 1 and "Traceback" in loud.stderr
    assert (list(root.handlers), root.level) == before
    assert "not an LM Planner plan" in (data_dir / "logs" / "lmplanner.log").read_text()


def test_demo_creates_a_realistic_month(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    out = ok("demo", "--month", "2027-03", db=db)
    assert "2027" in out
    posts = json.loads(ok("list", "--json", db=db))
    dated = [p for p in posts if p["date"]]
    assert 20 <= len(dated) <= 30
    assert all(p["date"].startswith("2027-03") for p in dated)
    assert len({p["channel"] for p in dated}) >= 5
    assert len({p["author"] for p in posts}) == 2
    assert len(posts) - len(dated) >= 3


def test_version_and_help(tmp_path: Path) -> None:
    version = run("--version")
    assert version.returncode == 0 and "lmplanner" in version.stdout
    helped = run("--help")
    assert helped.returncode == 0 and "balance" in helped.stdout


def test_gui_opens_a_plan_given_as_argument(tmp_path: Path, data_dir: Path) -> None:
    """`lmplanner-gui FILE` (a double-click on a .lmplan file) opens that plan."""
    db = tmp_path / "double-clicked.lmplan"
    ok("demo", "--month", "2026-11", db=db)
    result = run_process(
        "gui", str(db), env={"QT_QPA_PLATFORM": "offscreen", "LMPLANNER_EXIT_AFTER_PAINT": "1"}
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    settings = (data_dir / "lmplanner-ui.ini").read_text()
    assert "double-clicked.lmplan" in settings  # remembered as the plan last opened
    assert not (data_dir / "plan.lmplan").exists()  # the default plan was not used


def test_delete_several_and_impossible_dates(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    for title in ("One", "Two", "Three"):
        ok("add", "--title", title, "--role", "L", "--channel", "X", db=db)
    line = one_line_error(run("delete", "1", "99", db=db), 1)
    assert "no post 99" in line and post_count(db) == 3
    assert len(json.loads(ok("list", "--json", db=db))) == 3  # all or nothing
    ok("delete", "1", "3", db=db)
    assert [p["title"] for p in json.loads(ok("list", "--json", db=db))] == ["Two"]
    line = one_line_error(
        run("add", "--title", "T", "--role", "L", "--channel", "X", "--date", "2026-02-30", db=db),
        2,
    )
    assert "no such day" in line


def test_move_to_backlog_says_what_it_cleared_and_unknown_filter_names(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok(
        "add",
        "--title",
        "Timed",
        "--role",
        "L",
        "--channel",
        "X",
        "--date",
        "2026-11-10",
        "--time",
        "14:15",
        "--status",
        "scheduled",
        db=db,
    )
    out = ok("move", "1", "--backlog", db=db)
    assert "its time 14:15 was cleared" in out and "scheduled → draft" in out
    line = one_line_error(run("balance", "--month", "2026-11", "--channel", "Nope", db=db), 1)
    assert "no channel 'Nope'" in line and "LinkedIn" in line
    line = one_line_error(run("balance", "--month", "2026-11", "--author", "Zed", db=db), 1)
    assert "no author 'Zed'" in line
    assert "Balance for November 2026" in ok(
        "balance", "--month", "2026-11", "--channel", "x", db=db
    )


# ---------------------------------------------------------------- as a real process
def test_posts_commands_as_a_process(tmp_path: Path) -> None:
    """The exit status a shell sees: 0 with output, 2 for a wrong command line, 1 for a failure."""
    db = tmp_path / "plan.lmplan"
    added = run_process("--db", str(db), "add", "--title", "T", "--role", "L", "--channel", "X")
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    listed = run_process("--db", str(db), "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["title"] for p in json.loads(listed.stdout)] == ["T"]
    assert "no such day" in one_line_error(
        run_process("--db", str(db), "move", "1", "--date", "2026-02-30"), 2
    )
    assert "frobnicate" in one_line_error(run_process("--db", str(db), "frobnicate"), 2)
    assert "no post 99" in one_line_error(run_process("--db", str(db), "delete", "99"), 1)
    assert post_count(db) == 1


def test_data_commands_as_a_process(tmp_path: Path) -> None:
    """trash, undelete and backups, end to end in a real process."""
    db = tmp_path / "plan.lmplan"
    for title in ("Keep", "Bin"):
        ok("add", "--title", title, "--role", "L", "--channel", "X", db=db)
    ok("delete", "2", db=db)
    trash = run_process("--db", str(db), "trash", "--json")
    assert trash.returncode == 0, trash.stderr
    assert [(p["id"], p["title"]) for p in json.loads(trash.stdout)] == [(2, "Bin")]
    restored = run_process("--db", str(db), "undelete", "2")
    assert (restored.returncode, restored.stderr) == (0, "")
    assert "Restored post 2 from the trash" in restored.stdout
    assert "The trash is empty." in ok("trash", db=db)
    backups = run_process("--db", str(db), "backups", "--json")
    assert backups.returncode == 0, backups.stderr
    assert isinstance(json.loads(backups.stdout), list)
    assert one_line_error(run_process("--db", str(db), "undelete", "0"), 2)


def test_balance_has_no_score_while_there_is_too_little_to_judge(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok("add", "--title", "T", "--role", "L", "--channel", "X", "--date", "2026-11-03", db=db)
    report = json.loads(ok("balance", "--month", "2026-11", "--json", db=db))
    assert (report["enough_data"], report["score"]) == (False, None)
    assert "no balance score yet" in ok("balance", "--month", "2026-11", db=db)


def test_balance_says_too_early_to_tell_like_the_meter_and_the_report(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok("add", "--title", "Letter", "--role", "L", "--channel", "X", "--date", "2026-12-01", db=db)
    text = ok("balance", "--month", "2026-12", db=db)
    assert "Verdict: Too early to tell; no balance score yet" in text
    assert "Vision without execution" not in text
    report = json.loads(ok("balance", "--month", "2026-12", "--json", db=db))
    assert (report["verdict"], report["score"]) == ("too-early", None)
    for day in ("2026-12-02", "2026-12-03"):
        ok("add", "--title", "More", "--role", "L", "--channel", "X", "--date", day, db=db)
    text = ok("balance", "--month", "2026-12", db=db)
    # Three leader posts: a verdict, and a score named for what it measures.
    assert "Verdict: Vision without execution; balance score 0/100 (leader share against" in text
    assert "3 of 3 posts (100 %) are leader posts" in text
