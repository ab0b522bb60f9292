"""`lmplanner template add/list/delete`, `add --template` and `lmplanner holidays`, in process."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.cli_support import ok_on, one_line_error, run_on


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "plan.lmplan"
    ok_on(path, "add", "--title", "Tip", "--role", "manager", "--channel", "X", "--kind", "tip")
    return path


def test_template_list_json_has_built_ins_and_own(db: Path) -> None:
    assert ok_on(db, "template", "add", "--from", "1", "--name", "Quick tip").strip() == (
        "Saved post 1 as the template “Quick tip”"
    )
    listed = json.loads(ok_on(db, "template", "list", "--json"))
    assert set(listed[0]) == {"name", "title", "role", "kind", "channel", "builtin"}
    assert listed[-1] == {
        "name": "Quick tip",
        "title": "Tip",
        "role": "manager",
        "kind": "tip",
        "channel": "X",
        "builtin": False,
    }
    assert sum(t["builtin"] for t in listed) == len(listed) - 1 >= 10


def test_add_from_a_template_with_overrides(db: Path) -> None:
    ok_on(db, "template", "add", "--from", "1", "--name", "Quick tip")
    assert ok_on(db, "add", "--template", "quick tip", "--date", "2026-12-03").strip() == "2"
    new_id = ok_on(db, "add", "--template", "A mistake we stopped making", "--channel", "Blog")
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT p.title, p.role, p.kind, c.name, p.date FROM post p "
        "JOIN channel c ON c.id = p.channel_id WHERE p.id IN (2, ?) ORDER BY p.id",
        (int(new_id),),
    ).fetchall()
    conn.close()
    assert rows == [
        ("Tip", "manager", "tip", "X", "2026-12-03"),
        (
            "The mistake we stopped making (and what it cost us first)",
            "leader",
            "story",
            "Blog",
            None,
        ),
    ]


def test_template_errors_are_one_line(db: Path) -> None:
    line = one_line_error(run_on(db, "add", "--template", "Nope"), 1)
    assert line.startswith("lmplanner: There is no template called “Nope”; there are: ")
    line = one_line_error(run_on(db, "template", "delete", "Why we exist"), 1)
    assert line == "lmplanner: “Why we exist” is built in and cannot be deleted."
    line = one_line_error(run_on(db, "add", "--date", "2026-12-01"), 2)
    assert "required: --title, --role, --channel (or --template)" in line


def test_template_delete(db: Path) -> None:
    ok_on(db, "template", "add", "--from", "1", "--name", "Quick tip")
    assert (
        ok_on(db, "template", "delete", "QUICK TIP").strip() == "Deleted the template “Quick tip”"
    )
    names = [t["name"] for t in json.loads(ok_on(db, "template", "list", "--json"))]
    assert "Quick tip" not in names


def test_holidays_of_the_plans_country_and_region(db: Path) -> None:
    assert json.loads(ok_on(db, "holidays", "--json")) == []
    ok_on(db, "settings", "--country", "de", "--region", "BY")
    january = json.loads(ok_on(db, "holidays", "--month", "2027-01", "--json"))
    assert january == [
        {"date": "2027-01-01", "name": "New Year's Day"},
        {"date": "2027-01-06", "name": "Epiphany"},  # Bavaria's, not Berlin's
    ]
    ok_on(db, "settings", "--region", "BE")
    assert [
        h["date"] for h in json.loads(ok_on(db, "holidays", "--month", "2027-01", "--json"))
    ] == ["2027-01-01"]
    assert ok_on(db, "holidays", "--month", "2027-01").strip() == "2027-01-01  New Year's Day"


def test_wrong_country_or_region_changes_nothing(db: Path) -> None:
    line = one_line_error(run_on(db, "settings", "--country", "XX"), 2)
    assert "unknown country 'XX'" in line
    line = one_line_error(run_on(db, "settings", "--country", "DE", "--region", "ZZ"), 2)
    assert "region 'ZZ' is not one of DE's" in line
    settings = json.loads(ok_on(db, "settings", "--json"))
    assert (settings["country"], settings["region"], settings["clash_minutes"]) == ("", "", 60)
