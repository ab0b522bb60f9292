"""The CLI for strategy: `vision`, `pillar add|list|edit|delete`, `--pillar`/`--follows` on posts,
and `list`/`balance --pillar`; exit 2 for a malformed value, 1 for a refusal by the plan."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_support import ok_on as ok
from tests.cli.cli_support import one_line_error as error
from tests.cli.cli_support import run_on as run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plan.lmplan"


def test_vision_is_shown_set_and_cleared(db: Path) -> None:
    assert "No vision yet" in ok(db, "vision")
    ok(db, "vision", "--set", "We make planning honest.")
    assert ok(db, "vision").strip() == "We make planning honest."
    assert json.loads(ok(db, "settings", "--json"))["vision"] == "We make planning honest."
    assert "limit is 500" in error(run(db, "vision", "--set", "v" * 501), 2)
    ok(db, "vision", "--set", "")
    assert "No vision yet" in ok(db, "vision")


def test_pillars_are_added_listed_edited_and_deleted(db: Path) -> None:
    ok(db, "pillar", "add", "Craft", "--color", "#112233", "--target", "40", "--description", "How")
    ok(db, "pillar", "add", "People", "--target", "30%")
    listed = json.loads(ok(db, "pillar", "list", "--json"))
    assert listed == [
        {"name": "Craft", "color": "#112233", "target": 40, "description": "How", "position": 1},
        {
            "name": "People",
            "color": listed[1]["color"],
            "target": 30,
            "description": "",
            "position": 2,
        },
    ]
    assert "Craft" in ok(db, "pillar", "list")
    ok(db, "pillar", "edit", "people", "--name", "Our people", "--position", "1", "--target", "")
    listed = json.loads(ok(db, "pillar", "list", "--json"))
    assert [(p["name"], p["target"]) for p in listed] == [("Our people", None), ("Craft", 40)]
    ok(db, "pillar", "delete", "Our people")
    assert [p["name"] for p in json.loads(ok(db, "pillar", "list", "--json"))] == ["Craft"]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("pillar", "add", "craft"), 1, "already a pillar"),
        (("pillar", "add", "Money", "--target", "80"), 1, "targets would add up to 120 %"),
        (("pillar", "add", "Money", "--target", "101"), 2, "invalid target"),
        (("pillar", "add", "Money", "--target", "-5"), 2, "invalid target"),
        (("pillar", "add", "Money", "--color", "red"), 2, "invalid colour"),
        (("pillar", "edit", "Nope", "--color", "#000000"), 1, "pillars: Craft"),
        (("pillar", "edit", "Craft"), 2, "nothing to change"),
        (("pillar", "edit", "Craft", "--position", "0"), 2, "invalid position"),
        (("pillar", "edit", "Craft", "--position", "5"), 1, "position must be from 1 to 1"),
        (("pillar", "delete", "Nope"), 1, "no pillar called"),
        (("pillar", "add", "M", "--description", "d" * 301), 2, "limit is 300"),
        (("pillar", "add", "n" * 81), 2, "limit is 80"),
    ],
)
def test_pillar_errors_exit_by_the_contract(
    db: Path, args: tuple[str, ...], code: int, words: str
) -> None:
    ok(db, "pillar", "add", "Craft", "--target", "40")
    assert words in error(run(db, *args), code)


def add(db: Path, *args: str) -> int:
    return int(ok(db, "add", "--channel", "X", *args).strip())


def test_posts_take_a_pillar_and_follow_up_leader_posts(db: Path) -> None:
    ok(db, "pillar", "add", "Craft")
    leader = add(
        db, "--title", "Why", "--role", "leader", "--date", "2026-11-02", "--pillar", "craft"
    )
    manager = add(
        db, "--title", "How", "--role", "manager", "--date", "2026-11-03", "--follows", str(leader)
    )
    other = add(db, "--title", "Other", "--role", "manager", "--date", "2026-11-04")
    posts = {p["id"]: p for p in json.loads(ok(db, "list", "--json"))}
    assert (posts[leader]["pillar"], posts[leader]["follows"]) == ("Craft", None)
    assert (posts[manager]["pillar"], posts[manager]["follows"]) == ("Craft", leader)
    assert posts[other]["pillar"] is None
    assert "pillars: Craft" in error(run(db, "edit", str(other), "--pillar", "Nope"), 1)
    assert "is a manager post" in error(run(db, "edit", str(other), "--follows", str(manager)), 1)
    assert "Only a manager post" in error(run(db, "edit", str(leader), "--follows", str(leader)), 1)
    assert "no post 99" in error(run(db, "edit", str(other), "--follows", "99"), 1)
    assert "invalid post id" in error(run(db, "edit", str(other), "--follows", "x"), 2)
    ok(db, "delete", str(leader))
    assert "in the trash" in error(run(db, "edit", str(other), "--follows", str(leader)), 1)
    ok(db, "edit", str(manager), "--pillar", "", "--follows", "")
    post = next(p for p in json.loads(ok(db, "list", "--json")) if p["id"] == manager)
    assert (post["pillar"], post["follows"]) == (None, None)


def test_list_and_balance_filter_by_pillar(db: Path) -> None:
    ok(db, "pillar", "add", "Craft")
    add(db, "--title", "A", "--role", "leader", "--date", "2026-11-02", "--pillar", "Craft")
    add(db, "--title", "B", "--role", "manager", "--date", "2026-11-03")
    titles = [p["title"] for p in json.loads(ok(db, "list", "--json", "--pillar", "craft"))]
    assert titles == ["A"]
    titles = [p["title"] for p in json.loads(ok(db, "list", "--json", "--pillar", ""))]
    assert titles == ["B"]
    report = json.loads(ok(db, "balance", "--month", "2026-11", "--pillar", "Craft", "--json"))
    assert (report["total"], report["filters"]) == (1, {"pillar": "Craft"})
    assert "pillars: Craft" in error(run(db, "list", "--pillar", "Nope"), 1)


def test_balance_json_reports_pillars_untied_follow_ups_and_the_new_flags(db: Path) -> None:
    ok(db, "pillar", "add", "Craft", "--target", "50")
    leader = add(
        db, "--title", "Why", "--role", "leader", "--date", "2026-11-10", "--pillar", "Craft"
    )
    add(db, "--title", "How", "--role", "manager", "--date", "2026-11-11", "--follows", str(leader))
    early = add(
        db, "--title", "Early", "--role", "manager", "--date", "2026-11-02", "--pillar", "Craft"
    )
    loose = add(db, "--title", "Loose", "--role", "manager", "--date", "2026-11-12")
    report = json.loads(ok(db, "balance", "--month", "2026-11", "--json"))
    assert [(p["name"], p["total"], p["target"]) for p in report["by_pillar"]] == [
        ("Craft", 3, 0.5),
        (None, 1, None),
    ]
    assert report["untied"] == {"count": 1, "share": 1 / 3, "post_ids": [loose]}
    assert report["follow_ups"] == [
        {"post_id": leader, "title": "Why", "count": 1, "follower_ids": [leader + 1]}
    ]
    flags = {f["code"]: f for f in report["flags"]}
    assert flags["EXECUTION_BEFORE_VISION"]["post_ids"] == [early]
    assert flags["ACTIVITY_WITHOUT_STRATEGY"]["severity"] == "medium"
    ok(db, "delete", str(leader))  # the link stays but stops counting
    report = json.loads(ok(db, "balance", "--month", "2026-11", "--json"))
    assert report["follow_ups"] == []
    assert report["untied"]["count"] == 1  # "How" kept its leader's pillar


def test_balance_without_pillars_names_the_missing_pillars(db: Path) -> None:
    for day in ("02", "03", "04"):
        add(db, "--title", "P", "--role", "leader", "--date", f"2026-11-{day}")
    codes = [
        f["code"] for f in json.loads(ok(db, "balance", "--month", "2026-11", "--json"))["flags"]
    ]
    assert "NO_PILLARS" in codes
    assert "name the 2–5 themes" in ok(db, "balance", "--month", "2026-11").lower()


def test_import_names_unknown_pillars_unless_asked_to_create_them(db: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "posts.csv"
    csv_file.write_text("title,date,role,channel,pillar\nA,2026-11-02,leader,X,Craft\n")
    refused = run(db, "import", str(csv_file))
    assert refused.returncode == 1
    assert (
        "line 2, column pillar: there is no pillar called 'Craft'"
        in refused.stderr + refused.stdout
    )
    ok(db, "import", str(csv_file), "--create-pillars")
    assert [p["name"] for p in json.loads(ok(db, "pillar", "list", "--json"))] == ["Craft"]
