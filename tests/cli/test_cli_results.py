"""`lmplanner results` and `results import`: the table, the JSON object (also under `balance
--json`'s `results`), `line N: reason` with exit 1 and an untouched plan, --skip-invalid."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.cli_support import ok_on, one_line_error, run_on

# Six leader and six manager posts on the 2nd to the 13th: managers reach, leaders relate.
HEADER = "Date,Channel,Title,Impressions,Likes,Comments,Reposts,Link clicks,Followers gained"


def make_plan(db: Path) -> list[str]:
    lines = [HEADER]
    for day in range(2, 14):
        role = "leader" if day % 2 else "manager"
        ok_on(
            db,
            "add",
            "--title",
            f"Post {day}",
            "--role",
            role,
            "--channel",
            "LinkedIn",
            "--date",
            f"2026-11-{day:02d}",
        )
        counts = "1000,50,30,6,20,10" if role == "leader" else "2800,90,10,6,60,2"
        lines.append(f"2026-11-{day:02d},LinkedIn,Post {day},{counts}")
    return lines


def test_results_import_then_the_table_and_json(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    results = tmp_path / "results.csv"
    results.write_text("\n".join(make_plan(db)) + "\n", encoding="utf-8")
    out = ok_on(db, "results", "import", str(results))
    assert out == "Recorded results for 12 posts from results.csv\n"
    finding = (
        "Manager posts reached 2.8× more people per post; "
        "leader posts earned 3.0× more comments and 5.0× more new followers."
    )
    table = ok_on(db, "results", "--month", "2026-11")
    assert table.splitlines()[0] == "Results for November 2026 (medians per post)"
    assert "Leader ÷ manager" in table and table.rstrip().endswith(finding)
    data = json.loads(ok_on(db, "results", "--from", "2026-11-01", "--to", "2026-11-30", "--json"))
    assert data["leader"]["posts"] == 6 and data["manager"]["posts"] == 6
    assert data["leader"]["comments"] == {"median": 30, "total": 180}
    assert data["ratios"]["comments"] == 3.0 and data["ratios"]["shares"] == 1.0
    assert data["finding"] == finding
    balance = json.loads(ok_on(db, "balance", "--month", "2026-11", "--json"))
    assert balance["results"] == data
    listed = json.loads(ok_on(db, "list", "--json"))
    assert listed[0]["impressions"] == 2800 and listed[0]["read_on"]


def test_a_row_that_matches_nothing_is_line_n_and_nothing_is_written(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    lines = make_plan(db)
    lines.insert(3, "2026-11-02,X,Post 2,1,1,1,1,1,1")  # line 4: that post is on LinkedIn
    results = tmp_path / "results.csv"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    blocked = run_on(db, "results", "import", str(results))
    assert blocked.stdout == (
        "line 4: no post of this plan has the date 2026-11-02, channel X and title “Post 2”\n"
    )
    error = one_line_error(blocked, 1)
    assert "1 line of results.csv cannot be used; nothing was recorded" in error
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT count(*) FROM post WHERE impressions IS NOT NULL").fetchone()[0]
            == 0
        )
    out = ok_on(db, "results", "import", str(results), "--skip-invalid")
    assert out.splitlines()[-1] == "Recorded results for 12 posts from results.csv (1 line skipped)"


def test_results_with_too_few_posts_and_bad_input(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    ok_on(
        db,
        "add",
        "--title",
        "A",
        "--role",
        "leader",
        "--channel",
        "X",
        "--date",
        "2026-11-02",
        "--comments",
        "4",
        "--read_on",
        "2026-11-09",
    )
    data = json.loads(ok_on(db, "results", "--month", "2026-11", "--json"))
    assert data["leader"]["posts"] == 1
    assert data["finding"].startswith("There are too few posts with results to tell")
    assert "--comments: invalid number" in one_line_error(
        run_on(db, "edit", "1", "--comments", "-3"), 2
    )
    missing = run_on(db, "results", "import", str(tmp_path / "none.csv"))
    assert "there is no file" in one_line_error(missing, 1)
    bad = tmp_path / "bad.csv"
    bad.write_text("title,views\nA,3\n", encoding="utf-8")
    assert "line 1: the header names no results column" in one_line_error(
        run_on(db, "results", "import", str(bad)), 1
    )
    assert "no channel" in one_line_error(run_on(db, "results", "--channel", "Nope"), 1).lower()


def test_results_read_on_a_day_still_to_come_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "plan.lmplan"
    lines = make_plan(db)
    lines[0] += ",Read on"
    lines[1:] = [f"{line},2026-11-20" for line in lines[1:]]
    lines[5] = lines[5].replace("2026-11-20", "2099-01-01")  # line 6
    results = tmp_path / "results.csv"
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    blocked = run_on(db, "results", "import", str(results))
    assert blocked.stdout.startswith("line 6: read on: 2099-01-01 is in the future (today is ")
    assert blocked.stdout.endswith(" in the plan's time zone)\n")
    error = one_line_error(blocked, 1)
    assert "1 line of results.csv cannot be used; nothing was recorded" in error
    with sqlite3.connect(db) as conn:  # all or nothing: not one post got its numbers
        written = "SELECT count(*) FROM post WHERE impressions IS NOT NULL OR read_on IS NOT NULL"
        assert conn.execute(written).fetchone()[0] == 0
    out = ok_on(db, "results", "import", str(results), "--skip-invalid")
    assert out.splitlines()[-1] == "Recorded results for 11 posts from results.csv (1 line skipped)"
