"""The CLI for recurring series: `series add|list|edit|delete`, `list --json` with `series`,
bad rules exit 2 with the reason, and series in the JSON backup, CSV and ICS exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest

from lmplanner.core.series import SeriesRule
from lmplanner.core.services import PostDraft, SeriesService
from lmplanner.core.store import open_plan
from tests.cli.cli_support import ok_on as ok
from tests.cli.cli_support import one_line_error as error
from tests.cli.cli_support import run_on as run

TIP = ("--title", "Tip", "--role", "manager", "--channel", "Blog", "--time", "09:00")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plan.lmplan"


def series_list(db: Path) -> list[dict[str, object]]:
    result: list[dict[str, object]] = json.loads(ok(db, "series", "list", "--json"))
    return result


def test_series_are_added_listed_edited_and_deleted(db: Path) -> None:
    sid = ok(
        db,
        "series",
        "add",
        *TIP,
        "--start",
        "2026-01-05",
        "--every",
        "2",
        "week",
        "--on",
        "mon,thu",
        "--count",
        "8",
        "--kind",
        "tip",
    ).strip()
    assert sid == "1"
    assert series_list(db) == [
        {
            "id": 1,
            "title": "Tip",
            "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;COUNT=8",
            "start": "2026-01-05",
            "until": None,
            "count": 8,
            "occurrences": 8,
            "time": "09:00",
            "role": "manager",
            "channel": "Blog",
            "skipped": [],
        }
    ]
    posts = json.loads(ok(db, "list", "--json"))
    assert [p["series"] for p in posts] == [1] * 8
    assert {(p["time"], p["kind"]) for p in posts} == {("09:00", "tip")}
    assert "Updated series 1" in ok(
        db, "series", "edit", "1", "--from", "2026-01-20", "--title", "Later"
    )
    first, later = series_list(db)
    assert (first["until"], first["occurrences"]) == ("2026-01-21", 3)
    assert (later["title"], later["start"], later["count"]) == ("Later", "2026-01-22", 5)
    assert "3 posts moved to the trash" in ok(db, "series", "delete", "2", "--from", "2026-02-05")
    assert [s["occurrences"] for s in series_list(db)] == [3, 2]
    ok(db, "series", "delete", "1")
    assert [s["id"] for s in series_list(db)] == [2]
    assert len(json.loads(ok(db, "list", "--json"))) == 2
    assert "No series." not in ok(db, "series", "list")


def test_monthly_rules_from_every_and_rrule(db: Path) -> None:
    ok(
        db,
        "series",
        "add",
        *TIP,
        "--start",
        "2026-01-13",
        "--every",
        "1",
        "month",
        "--on",
        "2tue",
        "--count",
        "3",
    )
    ok(
        db,
        "series",
        "add",
        *TIP,
        "--start",
        "2026-01-31",
        "--rrule",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=31",
        "--until",
        "2026-04-30",
    )
    dates = [(p["series"], p["date"]) for p in json.loads(ok(db, "list", "--json"))]
    assert sorted(dates) == [
        (1, "2026-01-13"),
        (1, "2026-02-10"),
        (1, "2026-03-10"),
        (2, "2026-01-31"),
        (2, "2026-02-28"),
        (2, "2026-03-31"),
        (2, "2026-04-30"),
    ]
    # From a day on, a new rule starts there and a count left alone counts the posts left.
    ok(db, "series", "edit", "2", "--from", "2026-02-15", "--every", "2", "month")
    dates = sorted((p["series"], p["date"]) for p in json.loads(ok(db, "list", "--json")))
    assert [d for d in dates if d[0] != 1] == [
        (2, "2026-01-31"),
        (3, "2026-02-28"),
        (3, "2026-04-30"),
    ]
    ok(db, "series", "edit", "1", "--every", "1", "week")  # keeps its count of 3
    assert series_list(db)[0]["rule"] == "FREQ=WEEKLY;BYDAY=TU;COUNT=3"


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--rrule", "FREQ=YEARLY"), "DAILY, WEEKLY or MONTHLY"),
        (("--rrule", "FREQ=WEEKLY;BYDAY=XX"), "not valid RRULE"),
        # dateutil's reason for empty parts is blank: each gets a sentence of its own.
        (("--rrule", "FREQ=WEEKLY;;BYDAY=MO"), "has an empty part (“;;” or a “;” at the end)"),
        (("--rrule", "FREQ=WEEKLY;"), "has an empty part"),
        (("--rrule", "FREQ="), "The rule part FREQ has no value; write e.g. FREQ=WEEKLY"),
        (("--rrule", "FREQ=DAILY;COUNT"), "The rule part COUNT has no value"),
        (("--rrule", "FREQ=DAILY;=2"), "has no name before its “=”"),
        (("--every", "2", "fortnight"), "use N day"),
        (("--every", "0", "day"), "interval must be"),
        (("--every", "1", "week", "--on", "funday"), "invalid --on"),
        (("--every", "1", "month", "--on", "mon,thu"), "one weekday with its place"),
        (("--every", "1", "day", "--until", "2025-01-01"), "before the start"),
        ((), "give --every"),
    ],
)
def test_bad_rules_exit_2_with_the_reason(db: Path, args: tuple[str, ...], reason: str) -> None:
    result = run(db, "series", "add", *TIP, "--start", "2026-01-05", *args)
    assert reason in error(result, 2)
    assert not db.exists() or sqlite3.connect(db).execute(
        "SELECT count(*) FROM post"
    ).fetchone() == (0,)


def test_refusals_by_the_plan_exit_1(db: Path) -> None:
    assert "no series 9" in error(run(db, "series", "delete", "9"), 1)
    ok(db, "series", "add", *TIP, "--start", "2026-01-05", "--every", "1", "day", "--count", "2")
    assert "no posts from" in error(
        run(db, "series", "edit", "1", "--from", "2027-01-01", "--title", "x"), 1
    )
    assert "nothing to change" in error(run(db, "series", "edit", "1"), 2)


def test_exports_carry_series(db: Path, tmp_path: Path) -> None:
    ok(db, "series", "add", *TIP, "--start", "2026-03-22", "--every", "1", "week", "--count", "3")
    ok(db, "settings", "--timezone", "Europe/Berlin")
    ok(db, "export", "--format", "csv", "--out", str(tmp_path / "p.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text("utf-8-sig"))))
    assert [r["series"] for r in rows] == ["1", "1", "1"]
    ok(db, "export", "--format", "ics", "--out", str(tmp_path / "p.ics"))
    ics = (tmp_path / "p.ics").read_text()
    assert ics.count("BEGIN:VEVENT") == 3 and "RRULE" not in ics
    assert ics.count("DTSTART;TZID=Europe/Berlin:") == 3
    # A CSV with its series column imports as plain posts (the column is for reference).
    other = tmp_path / "other.lmplan"
    ok(other, "import", str(tmp_path / "p.csv"))
    assert [p["series"] for p in json.loads(ok(other, "list", "--json"))] == [None] * 3


def test_json_backup_round_trips_series(db: Path, tmp_path: Path) -> None:
    ok(
        db,
        "series",
        "add",
        *TIP,
        "--start",
        "2026-01-05",
        "--every",
        "1",
        "week",
        "--on",
        "mon",
        "--count",
        "4",
        "--author",
        "Ann",
        "--status",
        "scheduled",
    )
    ok(db, "add", "--title", "Single", "--role", "leader", "--channel", "Blog")
    ok(db, "export", "--format", "json", "--out", str(tmp_path / "b.json"))
    document = json.loads((tmp_path / "b.json").read_text())
    assert [s["rule"] for s in document["series"]] == ["FREQ=WEEKLY;BYDAY=MO;COUNT=4"]
    uuid = document["series"][0]["uuid"]
    assert sorted(p["series"] or "" for p in document["posts"]) == ["", *[uuid] * 4]
    restored = tmp_path / "restored.lmplan"
    ok(restored, "import", str(tmp_path / "b.json"))
    assert series_list(restored) == series_list(db)
    posts = json.loads(ok(restored, "list", "--json"))
    assert sorted(str(p["series"]) for p in posts) == ["1"] * 4 + ["None"]
    assert {p["author"] for p in posts if p["series"]} == {"Ann"}
    # Restoring over the same plan ends its series and brings the backup's back once.
    ok(db, "import", str(tmp_path / "b.json"), "--replace")
    assert [s["occurrences"] for s in series_list(db)] == [4]


def test_series_edit_restores_a_skipped_day(db: Path) -> None:
    # As a calendar import leaves it: a weekly series with EXDATEs.
    with open_plan(db) as plan:
        rule = SeriesRule.every(1, "weekly", dt.date(2026, 1, 5), weekdays=(0,), count=5)
        draft = PostDraft(title="Tip", role="manager", channel="Blog")
        skip = (dt.date(2026, 1, 12), dt.date(2026, 1, 26))
        SeriesService(plan).add_series(draft, rule, skip=skip)
    listed = series_list(db)[0]
    assert (listed["skipped"], listed["occurrences"]) == (["2026-01-12", "2026-01-26"], 3)
    said = ok(db, "series", "edit", "1", "--restore-date", "2026-01-12")
    assert said.strip() == "Restored 2026-01-12 to series 1: its post is made again"
    listed = series_list(db)[0]
    assert (listed["skipped"], listed["occurrences"]) == (["2026-01-26"], 4)
    with sqlite3.connect(db) as conn:
        made = conn.execute(
            "SELECT title, series_id FROM post WHERE date = '2026-01-12' AND deleted_at IS NULL"
        ).fetchall()
    assert made == [("Tip", 1)]
    again = error(run(db, "series", "edit", "1", "--restore-date", "2026-01-12"), 1)
    assert "does not skip 2026-01-12" in again
    mixed = run(db, "series", "edit", "1", "--restore-date", "2026-01-26", "--title", "New")
    assert "--restore-date goes alone" in error(mixed, 2)
    assert series_list(db)[0]["skipped"] == ["2026-01-26"]  # nothing was written
    assert "YYYY-MM-DD" in error(run(db, "series", "edit", "1", "--restore-date", "12/1"), 2)


def test_restoring_a_day_of_the_other_half_of_a_split_series_is_refused(db: Path) -> None:
    with open_plan(db) as plan:
        rule = SeriesRule.every(1, "weekly", dt.date(2026, 11, 2), weekdays=(0,), count=8)
        draft = PostDraft(title="Tip", role="manager", channel="Blog")
        skip = (dt.date(2026, 11, 9), dt.date(2026, 12, 7))
        SeriesService(plan).add_series(draft, rule, skip=skip)
    ok(db, "series", "edit", "1", "--from", "2026-11-16", "--title", "New")
    assert [s["skipped"] for s in series_list(db)] == [["2026-11-09"], ["2026-12-07"]]
    said = error(run(db, "series", "edit", "1", "--restore-date", "2026-12-07"), 1)
    reason = "never posts on 2026-12-07: its rule does not reach that day."
    assert said == f"lmplanner: The series “Tip” {reason}"
    said = error(run(db, "series", "edit", "2", "--restore-date", "2026-11-09"), 1)
    assert "“New” never posts on 2026-11-09" in said
    with sqlite3.connect(db) as conn:
        on_days = conn.execute(
            "SELECT count(*) FROM post WHERE date IN ('2026-11-09', '2026-12-07')"
        ).fetchone()
    assert on_days == (0,)
    assert [s["skipped"] for s in series_list(db)] == [["2026-11-09"], ["2026-12-07"]]
    said = ok(db, "series", "edit", "2", "--restore-date", "2026-12-07")
    assert said.strip() == "Restored 2026-12-07 to series 2: its post is made again"
