"""The CLI contract on a team plan: the same commands, output and exit codes as on a plan file,
one clear line (password masked) when the server cannot be used.

In this process through `lmplanner.cli.main` (standard input is never a terminal, so no
password is asked for); test_team_plan_as_a_process starts a real one.
"""

from __future__ import annotations

import json
import subprocess

import pytest
from pg_cluster import OWNER, PASSWORDS, READER, Cluster

from tests.cli.cli_support import CliResult, run_cli, run_process

Result = CliResult | subprocess.CompletedProcess[str]


def run(*args: str, db: str | None) -> CliResult:
    command = ["--db", db] if db is not None else []
    return run_cli(*command, *args)


def ok(*args: str, db: str) -> str:
    result = run(*args, db=db)
    assert result.returncode == 0, result.stderr
    return result.stdout


def one_line_error(result: Result, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for secret in PASSWORDS.values():
        assert secret not in result.stderr and secret not in result.stdout
    return lines[0]


def post_count(pg: Cluster, url: str) -> int:
    return int(pg.query("SELECT count(*) FROM post", url.rsplit("/", 1)[1])[0][0])


def test_add_list_edit_move_delete_round_trip(team_url: str) -> None:
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
        db=team_url,
    ).strip()
    assert pid == "1"
    post = json.loads(ok("list", "--json", db=team_url))[0]
    assert (post["title"], post["channel"], post["date"], post["time"], post["status"]) == (
        "Why we <b>build</b> & ship",
        "LinkedIn",
        "2026-11-05",
        "09:30",
        "draft",
    )
    assert (post["kind"], post["author"], post["campaign"]) == ("vision", "Ana", "Launch")
    assert "Updated post 1" in ok(
        "edit", "1", "--title", "Sharper", "--status", "scheduled", db=team_url
    )
    assert "Moved post 1 to 2026-11-12 09:30" in ok(
        "move", "1", "--date", "2026-11-12", db=team_url
    )
    moved = json.loads(ok("list", "--json", "--month", "2026-11", db=team_url))[0]
    assert (moved["title"], moved["date"], moved["time"], moved["status"]) == (
        "Sharper",
        "2026-11-12",
        "09:30",
        "scheduled",
    )
    ok("move", "1", "--backlog", db=team_url)
    assert json.loads(ok("list", "--json", "--month", "2026-11", db=team_url)) == []
    assert "moved to the trash" in ok("delete", "1", db=team_url)
    assert ok("list", db=team_url).strip() == "No posts."


def test_balance_and_demo_through_the_environment_variable(
    team_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LMPLANNER_DB", team_url)
    demo = run("demo", "--month", "2026-11", db=None)
    assert demo.returncode == 0, demo.stderr
    assert PASSWORDS[OWNER] not in demo.stdout and ":***@" in demo.stdout
    balance = run("balance", "--month", "2026-11", "--json", db=None)
    assert balance.returncode == 0, balance.stderr
    report = json.loads(balance.stdout)
    assert report["total"] == report["leader"] + report["manager"] >= 20
    assert report["backlog"] >= 3
    assert "LEADER_DROUGHT" in {f["code"] for f in report["flags"]}
    readable = run("balance", "--month", "2026-11", db=None)
    assert "Leader share" in readable.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["add", "--title", "T", "--role", "chief", "--channel", "X"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--time", "09:00"],
        ["list", "--month", "2026-13"],
        ["move", "1"],
        ["frobnicate"],
    ],
)
def test_wrong_command_lines_exit_2(pg: Cluster, team_url: str, args: list[str]) -> None:
    ok("add", "--title", "Existing", "--role", "leader", "--channel", "X", db=team_url)
    one_line_error(run(*args, db=team_url), 2)
    assert post_count(pg, team_url) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["move", "99", "--date", "2026-11-01"], "no post 99"),
        (["delete", "99"], "no post 99"),
        (["edit", "99", "--title", "x"], "no post 99"),
        (["add", "--title", "x" * 301, "--role", "leader", "--channel", "X"], "limit is 300"),
    ],
)
def test_failures_exit_1_and_change_nothing(
    pg: Cluster, team_url: str, args: list[str], message: str
) -> None:
    ok("add", "--title", "Existing", "--role", "leader", "--channel", "X", db=team_url)
    assert message in one_line_error(run(*args, db=team_url), 1)
    assert post_count(pg, team_url) == 1


def test_read_only_member_lists_but_cannot_add(pg: Cluster, team_url: str, reader_url: str) -> None:
    ok("add", "--title", "Shared", "--role", "leader", "--channel", "X", db=team_url)
    assert "Shared" in ok("list", db=reader_url)
    line = one_line_error(
        run("add", "--title", "T", "--role", "L", "--channel", "X", db=reader_url), 1
    )
    assert READER in line and "not change it" in line
    assert post_count(pg, team_url) == 1


@pytest.mark.parametrize(
    "case", ["unreachable", "wrong-password", "missing-database", "no-password"]
)
def test_server_problems_are_one_line_exit_1(pg: Cluster, case: str) -> None:
    url = {
        "unreachable": pg.url("plan").replace(f":{pg.port}/", ":1/"),
        "wrong-password": pg.url("postgres", password="Top-s3cret"),
        "missing-database": pg.url("no_such_plan"),
        "no-password": pg.url("postgres", password=None),
    }[case]
    result = run("list", db=url)
    line = one_line_error(result, 1)
    assert line.startswith("lmplanner: ")
    assert "Top-s3cret" not in result.stderr
    if case != "no-password":
        assert ":***@" in line
    assert not pg.database_exists("no_such_plan")


def test_a_foreign_database_exits_1_untouched(pg: Cluster, database: str) -> None:
    pg.sql("CREATE TABLE notes (id int)", database, user=OWNER)
    before = pg.fingerprint(database)
    line = one_line_error(run("list", db=pg.url(database)), 1)
    assert "not an LM Planner plan" in line
    assert pg.fingerprint(database) == before


def test_team_plan_as_a_process(pg: Cluster, team_url: str) -> None:
    """A real process on a team plan: exit status, output, and no password asked for or shown."""
    added = run_process("--db", team_url, "add", "--title", "T", "--role", "L", "--channel", "X")
    assert (added.returncode, added.stdout, added.stderr) == (0, "1\n", "")
    listed = run_process("--db", team_url, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [p["title"] for p in json.loads(listed.stdout)] == ["T"]
    assert "no post 99" in one_line_error(run_process("--db", team_url, "delete", "99"), 1)
    wrong = pg.url("postgres", password="Top-s3cret")
    line = one_line_error(run_process("--db", wrong, "list"), 1)
    assert ":***@" in line
    assert post_count(pg, team_url) == 1
