"""The CLI for review: `review`, `approve`, `request-changes`, comments, `--as` and
$LMPLANNER_USER, `settings --require-approval` and `list --json`'s `comments_open`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.cli_support import ok_on as ok
from tests.cli.cli_support import one_line_error as error
from tests.cli.cli_support import run_cli
from tests.cli.cli_support import run_on as run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("LMPLANNER_USER", raising=False)
    return tmp_path / "plan.lmplan"


def add(db: Path, title: str = "Launch", *extra: str) -> int:
    return int(ok(db, "add", "--title", title, "--role", "L", "--channel", "X", *extra))


def status(db: Path, pid: int) -> str:
    posts = json.loads(ok(db, "list", "--json"))
    return str(next(p["status"] for p in posts if p["id"] == pid))


def test_a_post_goes_through_review(db: Path) -> None:
    pid = add(db, "Launch", "--date", "2026-11-02")
    assert ok(db, "review", str(pid)).strip() == f"Sent post {pid} to review"
    assert status(db, pid) == "in-review"
    ok(db, "--as", "Rita", "request-changes", str(pid), "--note", "Name the venue")
    assert status(db, pid) == "changes-requested"
    ok(db, "review", str(pid))
    assert ok(db, "--as", "Rita", "approve", str(pid)).strip() == f"Approved post {pid}"
    assert status(db, pid) == "approved"
    thread = json.loads(ok(db, "comments", str(pid), "--json"))
    assert [(c["author"], c["text"], c["resolved"]) for c in thread] == [
        ("Rita", "Name the venue", False),
        ("Rita", "Approved.", True),
    ]
    assert set(thread[0]) == {"id", "author", "created_at", "text", "resolved"}
    assert thread[0]["created_at"].endswith("+00:00")


def test_refused_steps_name_the_allowed_states(db: Path) -> None:
    idea = add(db, "Idea")
    assert error(run(db, "review", str(idea)), 1) == (
        f"lmplanner: post {idea} is idea; review takes a post that is draft or changes-requested"
    )
    assert error(run(db, "approve", str(idea)), 1).endswith("in-review or draft")
    message = error(run(db, "request-changes", str(idea), "--note", "x"), 1)
    assert message.endswith("in-review or draft or approved")
    assert "--note" in error(run(db, "request-changes", str(idea)), 2)
    assert "no post 99" in error(run(db, "approve", "99"), 1)
    assert status(db, idea) == "idea"


def test_require_approval_gates_scheduling(db: Path) -> None:
    assert json.loads(ok(db, "settings", "--json"))["require_approval"] is False
    ok(db, "settings", "--require-approval", "yes")
    assert json.loads(ok(db, "settings", "--json"))["require_approval"] is True
    assert "Scheduling needs approval:" in ok(db, "settings")
    assert "use yes or no" in error(run(db, "settings", "--require-approval", "maybe"), 2)
    pid = add(db, "Launch", "--date", "2026-11-02")
    message = error(run(db, "edit", str(pid), "--status", "scheduled"), 1)
    assert message.startswith(f"lmplanner: post {pid} is not approved yet")
    ok(db, "approve", str(pid))
    ok(db, "edit", str(pid), "--status", "scheduled")
    ok(db, "edit", str(pid), "--title", "Launch, revised")
    assert status(db, pid) == "in-review"
    ok(db, "settings", "--require-approval", "no")
    other = add(db, "Other", "--date", "2026-11-03")
    ok(db, "edit", str(other), "--status", "published")
    assert status(db, other) == "published"


def test_comments_are_added_listed_resolved_and_deleted(db: Path) -> None:
    pid = add(db)
    typed = "<i>not markup</i> & 🎉"
    cid = int(ok(db, "--as", "Ana", "comment", str(pid), typed))
    other = int(ok(db, "--as", "Bo", "comment", str(pid), "Second\nline"))
    shown = ok(db, "comments", str(pid))
    assert typed in shown and "    Second\n    line" in shown and "Ana" in shown
    assert json.loads(ok(db, "list", "--json"))[0]["comments_open"] == 2
    assert ok(db, "comment-resolve", str(cid)).strip() == f"Resolved comment {cid}"
    assert json.loads(ok(db, "list", "--json"))[0]["comments_open"] == 1
    ok(db, "comment-reopen", str(cid))
    assert json.loads(ok(db, "comments", str(pid), "--json"))[0]["resolved"] is False
    refused = error(run(db, "--as", "Ana", "comment-delete", str(other)), 1)
    assert refused == f"lmplanner: comment {other} is by Bo; only its author can delete it"
    ok(db, "--as", "Bo", "comment-delete", str(other))
    assert [c["id"] for c in json.loads(ok(db, "comments", str(pid), "--json"))] == [cid]
    assert "limit is 5,000" in error(run(db, "comment", str(pid), "x" * 5001), 2)
    assert "invalid comment id" in error(run(db, "comment-delete", "0"), 2)
    assert "no comment 42" in error(run(db, "comment-resolve", "42"), 1)
    assert ok(db, "comments", str(add(db, "Quiet"))).strip().endswith("has no comments.")


def test_who_is_acting_comes_from_as_then_the_environment(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = add(db)
    monkeypatch.setenv("LMPLANNER_USER", "Env Person")
    ok(db, "comment", str(pid), "from the environment")
    ok(db, "--as", "Chosen Name", "comment", str(pid), "from --as")
    authors = [c["author"] for c in json.loads(ok(db, "comments", str(pid), "--json"))]
    assert authors == ["Env Person", "Chosen Name"]
    assert "--as needs a name" in error(run(db, "--as", " ", "comment", str(pid), "x"), 2)


def test_a_name_longer_than_80_characters_is_refused_not_cut(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pid = add(db)
    long_name = "Ana " + "x" * 77  # 81 characters
    refused = error(run(db, "--as", long_name, "comment", str(pid), "x"), 2)
    assert refused == "lmplanner: error: --as is 81 characters long; a name may have at most 80."
    monkeypatch.setenv("LMPLANNER_USER", long_name)
    refused = error(run(db, "comment", str(pid), "x"), 2)
    assert refused.endswith("$LMPLANNER_USER is 81 characters long; a name may have at most 80.")
    monkeypatch.delenv("LMPLANNER_USER")
    assert json.loads(ok(db, "comments", str(pid), "--json")) == []  # nothing was written
    ok(db, "--as", long_name[:80], "comment", str(pid), "fits")
    authors = [c["author"] for c in json.loads(ok(db, "comments", str(pid), "--json"))]
    assert authors == [long_name[:80]]


def test_as_is_refused_on_a_team_plan() -> None:
    result = run_cli("--db", "postgresql+psycopg://ana@db.invalid:5432/plan", "--as", "Bo", "list")
    assert "the database role says who is acting" in error(result, 2)


def test_an_empty_comment_or_note_is_a_command_line_error(db: Path) -> None:
    pid = add(db)
    assert "the text is empty" in error(run(db, "comment", str(pid), "  "), 2)
    assert "the text is empty" in error(run(db, "request-changes", str(pid), "--note", ""), 2)
