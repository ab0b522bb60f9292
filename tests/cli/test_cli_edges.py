"""The CLI at the edges: the date range, the exact input forms, control characters, files that
are not regular files, paths that are not UTF-8, and a team URL whose port is not a number."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.cli.cli_support import CliResult, one_line_error, run_cli

RANGE = "1900-01-01 … 2999-12-31"


def run(*args: str, db: Path | str) -> CliResult:
    return run_cli("--db", os.fspath(db), *args)


def add(db: Path | str, *extra: str) -> CliResult:
    return run("add", "--title", "Edge", "--role", "leader", "--channel", "LinkedIn", *extra, db=db)


def set_first_weekday(db: Path, first_weekday: int) -> None:
    from lmplanner.core.services import PlanService
    from lmplanner.core.store import open_plan

    plan = open_plan(db)
    try:
        # A zone with rules: ICS then writes VTIMEZONE data covering both ends.
        PlanService(plan).update_settings(first_weekday=first_weekday, timezone="Europe/Berlin")
    finally:
        plan.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plan.lmplan"


# ---------------------------------------------------------------- the supported range
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_a_date_outside_the_range_exits_2_naming_it(db: Path, day: str) -> None:
    line = one_line_error(add(db, "--date", day), 2)
    assert RANGE in line and day in line


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1899-12", "3000-01"])
def test_a_month_outside_the_range_exits_2(db: Path, month: str) -> None:
    assert RANGE in one_line_error(run("balance", "--month", month, db=db), 2)


@pytest.mark.parametrize("first_weekday", ["0", "6"])
def test_posts_on_the_first_and_last_day_in_every_command(
    db: Path, tmp_path: Path, first_weekday: str
) -> None:
    set_first_weekday(db, int(first_weekday))
    for day in ("1900-01-01", "2999-12-31"):
        assert add(db, "--date", day, "--time", "23:30").returncode == 0
    for month in ("1900-01", "2999-12"):
        result = run("balance", "--month", month, "--json", db=db)
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total"] == 1
        result = run("report", "--month", month, "--out", str(tmp_path / "r.pdf"), db=db)
        assert result.returncode == 0, result.stderr
    result = run("export", "--format", "ics", "--out", str(tmp_path / "all.ics"), db=db)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "all.ics").read_text()
    assert "DTSTART;TZID=" in text and "19000101T233000" in text and "29991231T233000" in text


# ---------------------------------------------------------------- input forms
@pytest.mark.parametrize(
    "args",
    [
        ["--date", "20261101"],
        ["--date", "2026-W45-1"],
        ["--date", "2026-11-1"],
        ["--date", "２０２６-１１-０１"],
        ["--date", "2026-11-05", "--time", "١٢:٣٠"],
        ["--date", "2026-11-05", "--time", "1230"],
        ["--date", "2026-11-05", "--time", "12:30:00"],
        ["--date", "2026-11-05", "--time", "24:00"],
    ],
)
def test_only_the_contract_forms_are_accepted(db: Path, args: list[str]) -> None:
    line = one_line_error(add(db, *args), 2)
    assert "YYYY-MM-DD" in line or "HH:MM" in line


def test_the_contract_forms_still_work(db: Path) -> None:
    assert add(db, "--date", "2026-11-05", "--time", "09:30").returncode == 0
    assert add(db, "--date", " 2028-02-29 ", "--time", "23:59").returncode == 0
    assert one_line_error(add(db, "--date", "2026-02-30"), 2).endswith(
        "(no such day) (see 'lmplanner add --help')"
    )


# ---------------------------------------------------------------- control characters
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--title", "a\x00b"),
        ("--body", "nul \x00 here"),
        ("--body", "bell\x07"),
        ("--notes", "\x1b[31m"),
    ],
)
def test_control_characters_are_refused(db: Path, option: str, value: str) -> None:
    args = ["add", "--title", "T", "--role", "leader", "--channel", "X", option, value]
    line = one_line_error(run(*args, db=db), 1)
    assert "control character" in line


def test_tabs_and_newlines_are_kept(db: Path) -> None:
    assert add(db, "--body", "one\ttwo\nthree").returncode == 0


# ---------------------------------------------------------------- devices, FIFOs, odd paths
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_importing_a_device_is_refused_at_once(db: Path, device: str) -> None:
    line = one_line_error(run("import", device, db=db), 1)
    assert "not a regular file" in line


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_plan_or_import_is_refused_at_once(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.lmplan"
    os.mkfifo(fifo)
    assert "FIFO" in one_line_error(run("list", db=fifo), 1)
    assert "FIFO" in one_line_error(run("import", str(fifo), db=db), 1)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_as_plan_is_refused(tmp_path: Path) -> None:
    assert "not a regular file" in one_line_error(run("list", db="/dev/zero"), 1)


@pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="the file system needs names that are bytes"
)
def test_paths_that_are_not_utf8(tmp_path: Path) -> None:
    plan = os.fsdecode(os.fsencode(tmp_path) + b"/pl\xffan.lmplan")
    assert add(plan, "--date", "2026-11-05").returncode == 0
    listed = run("list", db=plan)
    assert listed.returncode == 0 and "Edge" in listed.stdout
    source = os.fsdecode(os.fsencode(tmp_path) + b"/in\xfe.csv")
    Path(source).write_text("title,role,channel,date\nFrom CSV,leader,X,2026-11-06\n")
    imported = run("import", source, db=plan)
    assert imported.returncode == 0, imported.stderr
    assert "in\\xfe.csv" in imported.stdout
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gone\xfd.csv")
    assert "gone\\xfd.csv" in one_line_error(run("import", missing, db=plan), 1)
    conn = sqlite3.connect(os.fsencode(plan))
    try:
        assert conn.execute("SELECT count(*) FROM post").fetchone()[0] == 2
    finally:
        conn.close()


def test_odd_characters_in_a_plan_name(tmp_path: Path) -> None:
    plan = tmp_path / "q?x=1#y.lmplan"
    assert add(plan).returncode == 0
    assert plan.is_file()


# ---------------------------------------------------------------- team URLs
@pytest.mark.parametrize("port", ["abc", "99999", "0"])
def test_a_url_port_that_is_not_a_port(port: str) -> None:
    url = f"postgresql+psycopg://ana:secret@localhost:{port}/plan"
    line = one_line_error(run_cli("--db", url, "list"), 1)
    assert "port" in line and "1 to 65535" in line and "secret" not in line
