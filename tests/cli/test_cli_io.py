"""`lmplanner import` / `export`: output, exit codes 0/1/2, one-line errors, and a plan left
exactly as it was when an import fails. In this process through `lmplanner.cli.main`; the last
test runs both commands as a real process."""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.cli.cli_support import CliResult, run_cli, run_process

Result = CliResult | subprocess.CompletedProcess[str]

HEADER = "title,date,time,role,channel\n"
GOOD = HEADER + "First,2026-11-02,09:00,leader,LinkedIn\nSecond,,,manager,X\n"
BAD = HEADER + "Fine,2026-11-03,,leader,X\nBroken,2026-11-31,,leader,X\n,2026-11-04,,L,X\n"


def run(*args: str, db: Path) -> CliResult:
    return run_cli("--db", str(db), *args)


def ok(*args: str, db: Path) -> str:
    result = run(*args, db=db)
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert result.stderr == ""
    return result.stdout


def one_line_error(result: Result, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("lmplanner")
    return lines[0]


def posts(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT * FROM post ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.lmplan"
    ok("list", db=path)  # creates the plan
    return path


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_prints_counts_and_twice_adds_nothing(db: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", GOOD)
    out = ok("import", good, db=db)
    assert out == (
        "Imported 2 posts from good.csv (LM Planner CSV, UTF-8); skipped 0 duplicates; "
        "rejected 0 records.\n"
    )
    out = ok("import", good, db=db)
    assert "Imported 0 posts" in out and "skipped 2 duplicates" in out
    assert len(posts(db)) == 2


def test_invalid_records_block_the_import(db: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", BAD)
    before = posts(db)
    result = run("import", bad, db=db)
    error = one_line_error(result, 1)
    assert "2 of 3 records are invalid" in error and "--skip-invalid" in error
    assert result.stdout.splitlines() == [
        "Checked 3 records: 1 valid, 2 rejected:",
        "line 3, column date: invalid date '2026-11-31' (no such day; use YYYY-MM-DD)",
        "line 4, column title: A post needs a title.",
    ]
    assert "Imported" not in result.stdout
    assert posts(db) == before


def test_skip_invalid_imports_the_rest(db: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.csv", BAD)
    out = ok("import", bad, "--skip-invalid", db=db)
    assert out.splitlines()[:2] == [
        "line 3, column date: invalid date '2026-11-31' (no such day; use YYYY-MM-DD)",
        "line 4, column title: A post needs a title.",
    ]
    assert "Imported 1 post from bad.csv" in out and "rejected 2 records" in out
    assert len(posts(db)) == 1


def test_dry_run_leaves_the_plan_file_as_it_was(db: Path, tmp_path: Path) -> None:
    ok("add", "--title", "Existing", "--role", "leader", "--channel", "X", db=db)
    before = posts(db)
    good = write(tmp_path, "good.csv", GOOD)
    out = ok("import", good, "--dry-run", db=db)
    assert out.startswith("Dry run, nothing written: would import 2 posts")
    result = run("import", write(tmp_path, "bad.csv", BAD), "--dry-run", db=db)
    assert one_line_error(result, 1) == "lmplanner: dry run: 2 of 3 records are invalid"
    assert posts(db) == before


def test_malformed_file_is_one_clear_line(db: Path, tmp_path: Path) -> None:
    ok("import", write(tmp_path, "good.csv", GOOD), db=db)
    before = posts(db)
    broken = write(tmp_path, "broken.csv", HEADER + 'A,2026-11-02,,L,X\n"B,2026-11-03,,L,X\n')
    error = one_line_error(run("import", broken, db=db), 1)
    assert error == (
        'lmplanner: line 3: a quoted field starts in this record and is never closed (a missing ")'
    )
    error = one_line_error(run("import", write(tmp_path, "x.bin", "\x00\x01garbage"), db=db), 1)
    assert "cannot tell the file's layout" in error
    error = one_line_error(run("import", str(tmp_path / "missing.csv"), db=db), 1)
    assert error == f"lmplanner: there is no file {tmp_path / 'missing.csv'}"
    error = one_line_error(run("import", write(tmp_path, "b.json", '{"format": 1'), db=db), 1)
    assert "not valid JSON" in error
    assert posts(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xml"], "invalid choice"),
        (["--role", "boss"], "unknown role"),
        (["--format", "csv", "--replace"], "--replace only applies"),
        (["--replace"], "good.csv is LM Planner CSV"),
        (["--channel", " "], "--channel needs a name"),
    ],
)
def test_wrong_command_lines_exit_2(
    db: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    good = write(tmp_path, "good.csv", GOOD)
    assert message in one_line_error(run("import", good, *args, db=db), 2)
    assert posts(db) == []


def test_csv_without_a_channel_column_is_a_file_problem(db: Path, tmp_path: Path) -> None:
    """The same command line imports a file with the column, so the file refuses it: exit 1, as
    for a bad record or a malformed file, never the usage exit 2; nothing is written."""
    no_channel = write(tmp_path, "nochan.csv", "title,date,role\nClinic,2026-12-03,manager\n")
    error = one_line_error(run("import", no_channel, db=db), 1)
    assert error == f"lmplanner: {no_channel} has no channel column: give --channel"
    no_role = write(tmp_path, "norole.csv", "title,date,channel\nClinic,2026-12-03,Blog\n")
    error = one_line_error(run("import", no_role, "--dry-run", db=db), 1)
    assert error.endswith(
        "norole.csv has no role column: give --role leader|manager (or --suggest-roles)"
    )
    assert posts(db) == []
    ok("import", no_channel, "--channel", "Blog", db=db)
    assert [(p["title"], p["channel"]) for p in json.loads(ok("list", "--json", db=db))] == [
        ("Clinic", "Blog")
    ]


def test_hootsuite_needs_role_and_channel(db: Path, tmp_path: Path) -> None:
    data = '11/05/2026 09:00,"Big news\nand details",https://example.com\n2026-11-06 10:00,Two\n'
    hootsuite = write(tmp_path, "hs.csv", data)
    error = one_line_error(run("import", hootsuite, db=db), 1)
    assert error.endswith(
        "hs.csv has no role column: give --role leader|manager (or --suggest-roles)"
    )
    error = one_line_error(run("import", hootsuite, "--role", "M", db=db), 1)
    assert error.endswith("hs.csv has no channel column: give --channel")
    assert posts(db) == []
    out = ok("import", hootsuite, "--role", "M", "--channel", "LinkedIn", db=db)
    assert "Imported 2 posts from hs.csv (Hootsuite bulk-composer CSV, UTF-8)" in out
    listed = json.loads(ok("list", "--json", db=db))
    assert [(p["date"], p["time"], p["title"]) for p in listed] == [
        ("2026-11-05", "09:00", "Big news"),
        ("2026-11-06", "10:00", "Two"),
    ]
    day_first = write(tmp_path, "hs2.csv", "05/11/2026 09:00,Day first\n")
    ok("import", day_first, "--role", "L", "--channel", "X", "--day-first", db=db)
    assert {p["title"]: p["date"] for p in json.loads(ok("list", "--json", db=db))}[
        "Day first"
    ] == "2026-11-05"


def test_cp1252_file(db: Path, tmp_path: Path) -> None:
    path = write(tmp_path, "excel.csv", "title;role;channel\r\nCafé à 5 €;L;Blog\r\n", "cp1252")
    assert "(LM Planner CSV, Windows-1252)" in ok("import", path, db=db)
    assert json.loads(ok("list", "--json", db=db))[0]["title"] == "Café à 5 €"


def test_export_formats_and_json_restore(db: Path, tmp_path: Path) -> None:
    ok("demo", "--month", "2026-11", db=db)
    total = len(posts(db))
    csv_out, ics_out, json_out = (tmp_path / f"plan.{ext}" for ext in ("csv", "ics", "json"))
    assert ok("export", "--out", str(csv_out), db=db) == (
        f"Exported {total} posts (the whole plan) to {csv_out}\n"
    )
    out = ok("export", "--format", "ics", "--out", str(ics_out), "--month", "2026-11", db=db)
    events = icalendar.Calendar.from_ical(ics_out.read_bytes()).walk("VEVENT")
    assert out == f"Exported {len(events)} events (November 2026) to {ics_out}\n"
    assert 0 < len(events) < total  # backlog ideas have no event
    ok("export", "--format", "json", "--out", str(json_out), db=db)
    other = tmp_path / "other.lmplan"
    out = ok("import", str(json_out), db=other)
    assert out.startswith(f"Restored {total} posts from plan.json (LM Planner JSON backup, UTF-8)")
    error = one_line_error(run("import", str(json_out), db=other), 1)
    assert "already has" in error and "--replace" in error
    out = ok("import", str(json_out), "--replace", db=other)
    assert f"Moved {total} earlier posts to the trash." in out
    other_csv = tmp_path / "other.csv"
    ok("export", "--out", str(other_csv), db=other)

    # The ids and the uuids are each plan's own: a restore over posts in the trash gives its
    # posts new uuids, as the trash still holds the old ones.
    def strip_ids(path: Path) -> list[list[str]]:
        rows = list(csv.reader(path.read_text("utf-8-sig").splitlines()))
        own = {rows[0].index("id"), rows[0].index("uuid")}
        return [[cell for i, cell in enumerate(row) if i not in own] for row in rows]

    assert strip_ids(other_csv) == strip_ids(csv_out)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--out", "plan.txt"], 2, "give --format csv, ics or json"),
        (["--out", "plan.json", "--month", "2026-11"], 2, "always the whole plan"),
        (["--out", "plan.csv", "--month", "2026-13"], 2, "invalid month"),
        (["--out", "plan.csv", "--from", "2026-11-01"], 2, "--from and --to go together"),
        (["--out", "missing/plan.csv"], 1, "does not exist"),
    ],
)
def test_export_errors(db: Path, tmp_path: Path, args: list[str], code: int, message: str) -> None:
    args = [str(tmp_path / a) if a.startswith(("plan.", "missing/")) else a for a in args]
    assert message in one_line_error(run("export", *args, db=db), code)
    assert sorted(os.listdir(tmp_path)) == ["plan.lmplan"]


def test_export_onto_a_folder_fails_cleanly(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "plan.csv"
    folder.mkdir()
    error = one_line_error(run("export", "--out", str(folder), db=db), 1)
    assert error == f"lmplanner: cannot write {folder}: it is a folder"
    assert list(folder.iterdir()) == []


def test_import_and_export_as_a_process(db: Path, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", GOOD)
    imported = run_process("--db", str(db), "import", good)
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.startswith("Imported 2 posts from good.csv (LM Planner CSV, UTF-8)")
    out = tmp_path / "plan.csv"
    exported = run_process("--db", str(db), "export", "--out", str(out))
    assert (exported.returncode, exported.stderr) == (0, "")
    assert exported.stdout == f"Exported 2 posts (the whole plan) to {out}\n"
    assert "First" in out.read_text("utf-8-sig")
    blocked = run_process("--db", str(db), "import", write(tmp_path, "bad.csv", BAD))
    assert "2 of 3 records are invalid" in one_line_error(blocked, 1)
    assert len(posts(db)) == 2
