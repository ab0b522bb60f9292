"""`lmplanner import FILE.ics`: detected by content or `--format ics`, counts on stdout, bad files
as one line on stderr with exit 1 and the plan file untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.cli_support import ok_on, one_line_error, run_on

DATA = Path(__file__).parent.parent / "data" / "ics"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.lmplan"
    ok_on(path, "settings", "--timezone", "Europe/Lisbon")
    return path


def titles(db: Path) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT title, date, time FROM post ORDER BY date, time").fetchall()
    finally:
        conn.close()


def test_import_detects_a_calendar_and_twice_adds_nothing(db: Path) -> None:
    out = ok_on(db, "import", str(DATA / "outlook.ics"))
    assert out.strip() == (
        "Imported 1 series (6 posts) and 2 posts from outlook.ics (iCalendar, UTF-8); "
        "skipped 0 duplicates; rejected 0 records."
    )
    singles = [row for row in titles(db) if row[0] != "Planning clinic"]
    assert singles == [
        ("Summer office hours", "2026-07-02", "08:00:00.000000"),
        ("How to export your reports", "2026-11-12", "09:30:00.000000"),
    ]
    conn = sqlite3.connect(db)
    series = conn.execute("SELECT title, freq, until, skip_dates, ical_uid FROM series").fetchall()
    in_series = conn.execute("SELECT count(*) FROM post WHERE series_id IS NOT NULL").fetchone()
    conn.close()
    assert series == [("Planning clinic", "weekly", "2026-12-17", "2026-11-26", series[0][4])]
    assert series[0][4].startswith("040000008200E00074C5B7101A82E008") and in_series == (6,)
    again = ok_on(db, "import", "--format", "ics", str(DATA / "outlook.ics"))
    assert "Imported 0 posts" in again and "skipped 3 duplicates" in again


def test_expand_makes_single_posts_and_dry_run_counts_series(db: Path) -> None:
    dry = ok_on(db, "import", "--dry-run", "--role", "leader", str(DATA / "google.ics"))
    assert dry.startswith("Dry run, nothing written: would import 2 series (6 posts) and 3 posts")
    out = ok_on(db, "import", "--expand", "--role", "leader", str(DATA / "google.ics"))
    assert out.startswith("Imported 9 posts from google.ics")
    conn = sqlite3.connect(db)
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM series), (SELECT count(*) FROM post WHERE series_id IS NULL)"
    ).fetchone()
    conn.close()
    assert counts == (0, 9)


def test_a_rule_no_series_can_follow_is_a_warning_on_stderr(db: Path) -> None:
    result = run_on(db, "import", "--role", "leader", str(DATA / "apple.ics"))
    assert result.returncode == 0
    assert result.stderr == (
        "lmplanner: warning: line 47: 'Company anniversary post' repeats yearly; "
        "imported as 4 single posts\n"
    )
    assert result.stdout.startswith("Imported 1 series (4 posts) and 7 posts from apple.ics")


def test_role_and_channel_options_fill_what_events_leave_out(db: Path) -> None:
    ok_on(db, "import", "--role", "leader", "--channel", "X", "--expand", str(DATA / "google.ics"))
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT p.title, p.role, c.name, p.role_suggested FROM post p JOIN channel c "
        "ON c.id = p.channel_id ORDER BY p.date"
    ).fetchall()
    conn.close()
    tip = next(row for row in rows if row[0] == "Weekly tip")
    assert tip == ("Weekly tip", "manager", "X", 0)  # its [Manager] tag wins over --role
    assert ("What we learned from a year without ads", "leader", "X", 0) in rows


def test_a_broken_calendar_is_one_line_and_writes_nothing(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nnonsense\r\n")
    before = db.read_bytes()
    line = one_line_error(run_on(db, "import", "--role", "leader", str(bad)), 1)
    assert line == ("lmplanner: line 4: not an iCalendar content line (NAME:VALUE): 'nonsense'")
    assert titles(db) == [] and db.read_bytes() == before


def test_a_csv_given_as_ics_is_refused(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "posts.csv"
    csv.write_text("title,date,role,channel\nx,2026-01-01,leader,X\n")
    line = one_line_error(run_on(db, "import", "--format", "ics", str(csv)), 1)
    assert "line 1: not an iCalendar file" in line


def test_an_unknown_zone_is_a_rejected_record(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "zone.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:z\r\nDTSTART;TZID=Nowhere/City:20261201T090000\r\n"
        "SUMMARY:[Leader] Lost\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run_on(db, "import", str(path))
    assert one_line_error(result, 1).startswith(
        "lmplanner: import failed: 1 of 1 record is invalid"
    )
    assert "line 2, column DTSTART: unknown time zone 'Nowhere/City'" in result.stdout


def test_a_second_import_warns_only_of_posts_it_imports(db: Path) -> None:
    first = run_on(db, "import", "--role", "leader", str(DATA / "apple.ics"))
    assert first.returncode == 0
    assert "imported as 4 single posts" in first.stderr
    again = run_on(db, "import", "--role", "leader", str(DATA / "apple.ics"))
    assert again.returncode == 0 and "Imported 0 posts" in again.stdout
    assert "warning" not in again.stderr  # nothing of the yearly event was imported this time


def test_a_rule_with_no_occurrences_imports_nothing_and_says_so(db: Path, tmp_path: Path) -> None:
    def event(uid: str, rule: str, title: str) -> str:
        return (
            f"BEGIN:VEVENT\nUID:{uid}\nDTSTART;VALUE=DATE:20270301\nRRULE:{rule}\n"
            f"SUMMARY:[Manager] {title}\nEND:VEVENT\n"
        )

    path = tmp_path / "empty.ics"
    path.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//t//EN\n"
        + event("zero", "FREQ=DAILY;COUNT=0", "Zero")
        + event("before", "FREQ=WEEKLY;UNTIL=20270201", "Before")
        + event("fine", "FREQ=WEEKLY;COUNT=2", "Fine")
        + "END:VCALENDAR\n"
    )
    result = run_on(db, "import", "--channel", "Blog", str(path))
    assert result.returncode == 0
    assert result.stderr == (
        "lmplanner: warning: line 4: 'Zero' has no occurrences (its rule's COUNT is 0); "
        "nothing imported\n"
        "lmplanner: warning: line 10: 'Before' has no occurrences (its rule's UNTIL is before "
        "its start); nothing imported\n"
    )
    assert [row[0] for row in titles(db)] == ["Fine", "Fine"]
