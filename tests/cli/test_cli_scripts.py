"""The CLI for scripts: `settings`, the exit-code table (0/1/2/3), `--if-version` retries, the one
number style, `suggest ""` and `demo` twice. In process through `run_cli`; a real process only
for output that fails at the process boundary (stdout on /dev/full, a closed pipe)."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from lmplanner.cli.settings import SETTINGS, settings_values
from lmplanner.core.services import SETTINGS_FIELDS
from tests.cli.cli_support import ok_on as ok
from tests.cli.cli_support import one_line_error as error
from tests.cli.cli_support import run_on as run

ID_MAX = 2**63 - 1


def add(db: Path, *extra: str, title: str = "Why we plan", role: str = "leader") -> int:
    return int(ok(db, "add", "--title", title, "--role", role, "--channel", "X", *extra))


def plan_rows(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        plan = conn.execute("SELECT * FROM plan").fetchall()
        posts = conn.execute("SELECT * FROM post ORDER BY id").fetchall()
    finally:
        conn.close()
    return plan, posts


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "acme-q1.lmplan"


# ------------------------------------------------------------------ settings
def test_a_new_plan_is_named_after_its_file_and_settings_json_has_every_setting(db: Path) -> None:
    data = json.loads(ok(db, "settings", "--json"))
    assert data["name"] == "acme-q1"
    assert set(SETTINGS_FIELDS) <= set(data)
    assert data["first_weekday"] == "monday"
    assert (data["band_low"], data["band_high"]) == (0.3, 0.6)
    assert data["promotion_max"] == 0.2 and data["min_posts"] == 3 and data["trash_days"] == 30
    for key in ("drought_days", "drought_week_min_posts", "channel_min_posts", "backup_keep"):
        assert isinstance(data[key], int)


def test_every_setting_the_services_validate_has_an_option() -> None:
    """A setting a later issue adds fails here until `settings` shows and takes it."""
    covered = {s.field for s in SETTINGS} | {"band_low", "band_high"}
    assert covered == set(SETTINGS_FIELDS)


def test_settings_prints_every_setting_readably(db: Path) -> None:
    text = ok(db, "settings")
    assert "acme-q1" in text and "Monday" in text
    assert "30 %–60 %" in text and "20 %" in text and "30 days" in text and "3 posts" in text


def test_settings_change_many_in_one_step(db: Path) -> None:
    out = ok(
        db,
        *("settings", "--name", "  Acme   Q1 ", "--timezone", "Europe/Lisbon"),
        *("--first-weekday", "sunday", "--band", "40-70", "--min-posts", "5"),
        *("--promotion-max", "25%", "--drought-days", "14", "--drought-week-min-posts", "2"),
        *("--channel-min-posts", "6", "--backup-keep", "10", "--trash-days", "60"),
    )
    assert "40 %–70 %" in out and "Sunday" in out
    data = json.loads(ok(db, "settings", "--json"))
    assert data == {
        **data,
        "name": "Acme Q1",
        "timezone": "Europe/Lisbon",
        "first_weekday": "sunday",
        "band_low": 0.4,
        "band_high": 0.7,
        "min_posts": 5,
        "promotion_max": 0.25,
        "drought_days": 14,
        "drought_week_min_posts": 2,
        "channel_min_posts": 6,
        "backup_keep": 10,
        "trash_days": 60,
    }
    again = ok(db, "settings", "--band", "40-70")
    assert again.startswith("The plan already had those values")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timezone", "Mars/Olympus"], "Europe/Lisbon"),
        (["--min-posts", "0"], "from 1 to 999"),
        (["--channel-min-posts", "-1"], "from 1 to 999"),
        (["--trash-days", "4000"], "from 1 to 3650"),
        (["--band", "70-40"], "0 % ≤ low ≤ high ≤ 100 %"),
        (["--band", "30-160"], "0 % ≤ low ≤ high ≤ 100 %"),
        (["--promotion-max", "120"], "between 0 % and 100 %"),
        (["--name", "   "], "1–200 characters"),
        (["--band", "thirty"], "LOW-HIGH"),
        (["--first-weekday", "someday"], "monday"),
        (["--drought-days", "ten"], "whole number"),
        (["--json", "--min-posts", "4"], "--json"),
    ],
)
def test_a_wrong_setting_is_exit_2_with_the_allowed_range_and_changes_nothing(
    db: Path, args: list[str], message: str
) -> None:
    ok(db, "settings")
    before = plan_rows(db)
    # A valid change given together with the wrong one is not made either.
    line = error(run(db, "settings", "--drought-days", "20", *args), 2)
    assert message in line
    assert plan_rows(db) == before


def test_settings_values_cover_the_plan_settings_record(db: Path) -> None:
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    with open_plan(db) as plan:
        values = settings_values(PlanService(plan).settings())
    assert set(values) == set(SETTINGS_FIELDS)


# ------------------------------------------------------------------ the exit-code table
@pytest.mark.parametrize(
    "args",
    [
        ["list", "--bogus"],  # an unknown option
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--date", "2026-13-01"],
        ["settings", "--min-posts", "1000"],  # out of range
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--kind", "how-to"],
        ["edit", "1", "--role", "leader", "--kind", "how-to"],
        ["add", "--title", "T", "--role", "leader", "--channel", "X", "--time", "09:00"],
        ["move", "1", "--backlog", "--date", "2026-12-01"],
        ["delete", "1", "2", "--if-version", "1"],
        ["edit", "0", "--title", "x"],
        ["edit", "-1", "--title", "x"],
        ["edit", "1.5", "--title", "x"],
        ["edit", str(ID_MAX + 1), "--title", "x"],
        ["move", str(2**64), "--date", "2026-12-01"],
        ["delete", "9" * 400],
        ["undelete", str(ID_MAX + 1)],
        ["edit", "1", "--title", "x", "--if-version", "0"],
        ["edit", "1", "--title", "x", "--if-version", str(ID_MAX + 1)],
    ],
)
def test_exit_2_the_command_line_alone_is_wrong(db: Path, args: list[str]) -> None:
    add(db)
    before = plan_rows(db)
    line = error(run(db, *args), 2)
    assert "unexpected error" not in line
    assert plan_rows(db) == before


def test_an_id_beyond_64_bits_says_what_an_id_is(db: Path) -> None:
    line = error(run(db, "edit", str(2**63), "--title", "x"), 2)
    assert f"invalid post id '{2**63}' (a whole number from 1 to {ID_MAX})" in line


def test_exit_1_the_plans_state_refuses_it(db: Path) -> None:
    idea = add(db, title="An idea")
    leader = add(db, "--date", "2026-12-01", title="A story")
    before = plan_rows(db)
    assert "needs a date" in error(run(db, "edit", str(idea), "--time", "09:00"), 1)
    assert "manager kind" in error(run(db, "edit", str(leader), "--kind", "how-to"), 1)
    assert "no post 99" in error(run(db, "move", "99", "--date", "2026-12-01"), 1)
    assert "no post" in error(run(db, "edit", str(ID_MAX), "--title", "x"), 1)
    stale = error(run(db, "edit", str(leader), "--title", "x", "--if-version", "2"), 1)
    assert re.fullmatch(
        rf"lmplanner: post {leader} was changed elsewhere at \d{{4}}-\d\d-\d\d \d\d:\d\d; "
        "it is at version 1",
        stale,
    )
    assert plan_rows(db) == before


def test_exit_0_success(db: Path) -> None:
    assert run(db, "add", "--title", "T", "--role", "manager", "--channel", "X").returncode == 0


class FullDisk(io.StringIO):
    """An output stream on a full disk."""

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")


def run_to_full_disk(db: Path, *args: str) -> tuple[int, str]:
    from lmplanner.cli import main
    from lmplanner.logs import reset_logging

    err = io.StringIO()
    reset_logging()
    try:
        code = main(["--db", str(db), *args], out=FullDisk(), err=err)
    finally:
        reset_logging()
    return code, err.getvalue()


def test_exit_3_saved_but_the_output_failed(db: Path) -> None:
    code, err = run_to_full_disk(db, "add", "--title", "T", "--role", "leader", "--channel", "X")
    assert code == 3
    assert err == (
        "lmplanner: saved as post 1, but could not write the output: No space left on device\n"
    )
    assert json.loads(ok(db, "list", "--json"))[0]["title"] == "T"
    for args, said in [
        (["edit", "1", "--title", "U"], "saved the change to post 1"),
        (["move", "1", "--date", "2026-12-01"], "moved post 1"),
        (["settings", "--min-posts", "4"], "saved the plan settings"),
        (["delete", "1"], "deleted post 1"),
        (["undelete", "1"], "restored post 1 from the trash"),
        (["demo", "--month", "2026-12"], "saved the sample month for December 2026"),
    ]:
        code, err = run_to_full_disk(db, *args)
        assert code == 3 and err.startswith(f"lmplanner: {said}, but could not write"), err


def test_output_that_fails_before_anything_was_saved_is_exit_1(db: Path) -> None:
    add(db)
    code, err = run_to_full_disk(db, "list")
    assert code == 1 and "could not write the output" in err and "saved" not in err
    code, err = run_to_full_disk(db, "edit", "1", "--title", "Why we plan")  # nothing to save
    assert code == 1 and "saved" not in err


def lmplanner_process(db: Path, *args: str, stdout: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lmplanner", "--db", str(db), *args],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_exit_3_when_stdout_is_a_full_disk(db: Path) -> None:
    add(db)
    with open("/dev/full", "w") as full:
        done = lmplanner_process(
            db, "add", "--title", "T", "--role", "leader", "--channel", "X", stdout=full.fileno()
        )
    assert done.returncode == 3
    assert done.stderr == (
        "lmplanner: saved as post 2, but could not write the output: No space left on device\n"
    )
    assert len(json.loads(ok(db, "list", "--json"))) == 2  # saved once: a retry knows not to


def test_exit_3_when_stdout_is_a_closed_pipe(db: Path) -> None:
    add(db)
    read, write = os.pipe()
    os.close(read)
    try:
        done = lmplanner_process(
            db, "add", "--title", "T", "--role", "leader", "--channel", "X", stdout=write
        )
    finally:
        os.close(write)
    assert done.returncode == 3
    assert done.stderr.startswith("lmplanner: saved as post 2, but could not write the output:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_reader_that_stops_early_is_no_failure(db: Path) -> None:
    """`lmplanner list | head`: nothing was saved, so a closed pipe is exit 0 and no noise."""
    for day in range(1, 4):
        add(db, "--date", f"2026-12-0{day}")
    read, write = os.pipe()
    os.close(read)
    try:
        done = lmplanner_process(db, "list", stdout=write)
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")


# ------------------------------------------------------------------ safe retries
def test_if_version_on_edit_move_and_delete(db: Path) -> None:
    pid = add(db, "--date", "2026-12-01")
    assert json.loads(ok(db, "list", "--json"))[0]["version"] == 1
    ok(db, "edit", str(pid), "--title", "Renamed", "--if-version", "1")
    assert json.loads(ok(db, "list", "--json"))[0]["version"] == 2
    before = plan_rows(db)
    for args in (
        ["edit", str(pid), "--title", "Again", "--if-version", "1"],
        ["move", str(pid), "--date", "2026-12-02", "--if-version", "1"],
        ["move", str(pid), "--backlog", "--if-version", "1"],
        ["delete", str(pid), "--if-version", "1"],
    ):
        assert "it is at version 2" in error(run(db, *args), 1)
    assert plan_rows(db) == before
    ok(db, "move", str(pid), "--date", "2026-12-02", "--if-version", "2")
    ok(db, "delete", str(pid), "--if-version", "3")
    assert json.loads(ok(db, "list", "--json")) == []


# ------------------------------------------------------------------ words and numbers
def test_balance_reads_percent_with_a_space_and_real_plurals(db: Path) -> None:
    for day, role in (("2026-12-01", "leader"), ("2026-12-02", "manager")):
        add(db, "--date", day, role=role)
    add(db, title="One idea")
    add(db, "--date", "2026-12-03", role="manager")
    text = ok(db, "balance", "--month", "2026-12")
    assert "Leader share: 33 % (1 leader, 2 manager of 3 posts); target 30 %–60 %" in text
    assert "Backlog: 1 idea" in text
    assert not re.search(r"\d%", text) and "(s)" not in text
    assert "Deleted post 1 (moved" in ok(db, "delete", "1")
    assert "Deleted posts 2, 3 (moved" in ok(db, "delete", "2", "3")


def test_suggest_of_nothing_says_nothing(db: Path) -> None:
    empty = run(db, "suggest", "")
    assert (empty.returncode, empty.stdout, empty.stderr) == (0, "", "")
    lines = run(db, "suggest", stdin="\n   \nOur vision for the next decade\n\n")
    assert lines.returncode == 0 and len(lines.stdout.splitlines()) == 1


def test_demo_twice_needs_again(db: Path) -> None:
    first = ok(db, "demo", "--month", "2026-12")
    assert first.startswith("Added a sample month for December 2026: ")
    _, posts = plan_rows(db)
    line = error(run(db, "demo", "--month", "2026-12"), 1)
    assert line == (
        "lmplanner: the plan already has the sample month for December 2026 "
        "(use --again to add a second one)"
    )
    assert plan_rows(db)[1] == posts
    second = ok(db, "demo", "--month", "2026-12", "--again")
    assert second.startswith("Added a second sample month for December 2026: ")
    assert len(plan_rows(db)[1]) == 2 * len(posts)
    assert ok(db, "demo", "--month", "2027-01").startswith("Added a sample month")


def test_demo_is_recognised_after_the_week_start_changes(db: Path) -> None:
    # The sample's dates follow the first weekday: changing it must not hide the month.
    ok(db, "demo", "--month", "2026-11")
    posts = plan_rows(db)[1]
    ok(db, "settings", "--first-weekday", "sunday")
    line = error(run(db, "demo", "--month", "2026-11"), 1)
    assert line.startswith("lmplanner: the plan already has the sample month for November 2026")
    assert plan_rows(db)[1] == posts


def test_undelete_twice_says_the_post_is_not_in_the_trash(db: Path) -> None:
    post = add(db)
    ok(db, "delete", str(post))
    ok(db, "undelete", str(post))
    assert error(run(db, "undelete", str(post)), 1) == f"lmplanner: post {post} is not in the trash"
    assert error(run(db, "undelete", "99"), 1) == (
        "lmplanner: There is no post 99 in the trash (it may have been deleted)."
    )
