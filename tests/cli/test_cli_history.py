"""`history`, `signoff` and `signoffs` on the command line: output, JSON shape and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_support import ok_on, one_line_error, run_on


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LMPLANNER_USER", "Ana Ruiz")
    path = tmp_path / "plan.lmplan"
    ok_on(
        path,
        "add",
        "--title",
        "Vision",
        "--role",
        "leader",
        "--channel",
        "Blog",
        "--date",
        "2027-03-03",
    )
    ok_on(
        path,
        "add",
        "--title",
        "How-to",
        "--role",
        "manager",
        "--channel",
        "Blog",
        "--date",
        "2027-03-05",
    )
    return path


def test_history_json_lists_who_changed_what(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LMPLANNER_USER", "Ben")
    ok_on(db, "move", "2", "--date", "2027-03-08")
    entries = json.loads(ok_on(db, "history", "--json"))
    assert [e["by"] for e in entries] == ["Ben", "Ana Ruiz", "Ana Ruiz"]
    assert set(entries[0]) == {"at", "by", "label", "changes"}
    assert entries[0]["changes"] == [
        {"post_id": 2, "field": "date", "before": "2027-03-05", "after": "2027-03-08"}
    ]
    assert [e["by"] for e in json.loads(ok_on(db, "history", "--json", "--by", "ben"))] == ["Ben"]
    assert json.loads(ok_on(db, "history", "--json", "--since", "2999-01-01")) == []


def test_one_posts_history_in_text(db: Path) -> None:
    ok_on(db, "edit", "1", "--title", "Vision, sharper")
    text = ok_on(db, "history", "1")
    assert "Ana Ruiz" in text
    assert "post 1 title: Vision → Vision, sharper" in text
    assert "post 1 created: Vision" in text
    assert "How-to" not in text


def test_undo_free_cli_records_edits_by_the_acting_person(db: Path) -> None:
    ok_on(db, "delete", "2")
    ok_on(db, "undelete", "2")
    text = ok_on(db, "history", "2")
    assert "post 2 moved to the trash" in text
    assert "post 2 restored from the trash" in text


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("history", "99"), 1, "no post with id 99"),
        (("history", "--since", "yesterday"), 2, "yesterday"),
        (("history", "0"), 2, "from 1"),
        (("signoff",), 2, "--month"),
        (
            ("signoff", "--month", "2027-03", "--from", "2027-03-01", "--to", "2027-03-31"),
            2,
            "either",
        ),
        (("signoff", "--from", "2027-03-31", "--to", "2027-03-01"), 2, "before"),
        (("signoff", "--month", "2027-13"), 2, "2027-13"),
        (("signoff", "--month", "2027-03", "--note", "x" * 1001), 2, "the limit is 1,000"),
    ],
)
def test_bad_requests_are_one_line(db: Path, args: tuple[str, ...], code: int, words: str) -> None:
    assert words in one_line_error(run_on(db, *args), code)


def test_sign_off_and_changed_since(db: Path) -> None:
    said = ok_on(db, "signoff", "--month", "2027-03", "--note", "OK for March")
    assert (
        said.strip()
        == "March 2027 approved by Ana Ruiz, "
        + said.split(", ")[1].split(":")[0]
        + ": OK for March"
    )
    (item,) = json.loads(ok_on(db, "signoffs", "--json"))
    assert item["period"] == {"start": "2027-03-01", "end": "2027-03-31"}
    assert (item["by"], item["note"], item["changed_since"]) == ("Ana Ruiz", "OK for March", 0)
    ok_on(db, "edit", "2", "--title", "How-to, revised")
    ok_on(
        db,
        "add",
        "--title",
        "April",
        "--role",
        "leader",
        "--channel",
        "Blog",
        "--date",
        "2027-04-02",
    )
    (item,) = json.loads(ok_on(db, "signoffs", "--json"))
    assert item["changed_since"] == 1
    assert item["changed_post_ids"] == [2]
    assert "changed since sign-off: 1 post (2)" in ok_on(db, "signoffs")
    entries = json.loads(ok_on(db, "history", "--json"))
    assert "Sign off March 2027" in [e["label"] for e in entries]


def test_history_days_is_a_setting(db: Path) -> None:
    ok_on(db, "settings", "--history-days", "90")
    assert json.loads(ok_on(db, "settings", "--json"))["history_days"] == 90
    assert "from 1" in one_line_error(run_on(db, "settings", "--history-days", "0"), 2)


def test_an_import_is_one_entry(db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "posts.csv"
    rows = [f"Idea {n},manager,Blog,2027-03-{10 + n}" for n in range(3)]
    csv.write_text("title,role,channel,date\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ok_on(db, "import", str(csv))
    newest = json.loads(ok_on(db, "history", "--json", "--limit", "1"))[0]
    assert newest["label"].startswith("Import")
    assert sorted(c["after"] for c in newest["changes"] if c["field"] == "created") == [
        "Idea 0",
        "Idea 1",
        "Idea 2",
    ]
