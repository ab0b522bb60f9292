"""JSON backups carry review: each post's comment thread and the plan's require_approval, out
and back; a broken thread refuses the whole restore."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from lmplanner.core.domain import Status
from lmplanner.core.io import (
    ExportFormat,
    ImportFileError,
    ImportOptions,
    export_bytes,
    import_file,
)
from lmplanner.core.services import PlanService, PostDraft
from lmplanner.core.store import open_plan

TYPED = "<script>alert(1)</script> & **bold** 🎉\nsecond line"


def backup(service: PlanService) -> dict[str, Any]:
    data, _count = export_bytes(service, ExportFormat.JSON)
    document: dict[str, Any] = json.loads(data)
    return document


def restore(service: PlanService, document: dict[str, Any], **options: Any) -> Any:
    return import_file(service, json.dumps(document).encode(), ImportOptions(**options))


def threads(service: PlanService) -> dict[str, list[tuple[str, str, str, bool]]]:
    by_title = {p.id: p.title for p in service.posts()}
    return {
        by_title[pid]: [(c.author, c.created_at.isoformat(), c.text, c.resolved) for c in thread]
        for pid, thread in service.comments_by_post().items()
    }


@pytest.fixture
def reviewed(plan: object) -> PlanService:
    service = PlanService(plan, actor="Ana")  # type: ignore[arg-type]
    day = dt.date(2026, 11, 2)
    first = service.add_post(PostDraft(title="First", role="L", channel="X", date=day)).focus[0]
    second = service.add_post(PostDraft(title="Second", role="M", channel="Blog")).focus[0]
    service.add_comment(first, TYPED)
    service.submit_for_review([first])
    service.request_changes([first], "Shorter")
    service.resolve_comment(service.comments(first)[0].id)
    service.add_comment(second, "An idea worth keeping")
    service.update_settings(require_approval=True)
    return service


def test_comments_and_require_approval_survive_a_round_trip(
    reviewed: PlanService, tmp_path: Path
) -> None:
    document = backup(reviewed)
    assert document["plan"]["require_approval"] is True
    first = next(p for p in document["posts"] if p["title"] == "First")
    assert first["status"] == "changes-requested"
    assert [(c["author"], c["text"], c["resolved"]) for c in first["review_comments"]] == [
        ("Ana", TYPED, True),
        ("Ana", "Shorter", False),
    ]
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan, actor="Bo")
        result = restore(other, document)
        assert result.imported == 2
        assert threads(other) == threads(reviewed)
        assert other.settings().require_approval is True
        assert other.posts(flt=None)[0].status is Status.CHANGES_REQUESTED
        # One undo step takes posts and their threads away again.
        other.apply(result.changeset.inverse())
        assert other.comments_by_post() == {}
        assert other.count_posts() == 0


def test_a_backup_without_threads_restores(reviewed: PlanService, tmp_path: Path) -> None:
    document = backup(reviewed)
    for post in document["posts"]:
        del post["review_comments"]
    del document["plan"]["require_approval"]
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan)
        assert restore(other, document).imported == 2
        assert other.comments_by_post() == {}
        assert other.settings().require_approval is False


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.update(text="x" * 5001), r"comments\[0\]: The comment is 5,001 characters"),
        (lambda c: c.update(text="  "), "needs some text"),
        (lambda c: c.pop("author"), "the author must be a name"),
        (lambda c: c.update(created_at="yesterday"), "created_at must be a date and time"),
        (lambda c: c.update(resolved="yes"), "resolved must be true or false"),
    ],
)
def test_a_broken_comment_refuses_the_restore(
    reviewed: PlanService, tmp_path: Path, mutate: Any, message: str
) -> None:
    document = copy.deepcopy(backup(reviewed))
    mutate(next(p for p in document["posts"] if p["title"] == "Second")["review_comments"][0])
    with open_plan(tmp_path / "other.lmplan") as other_plan:
        other = PlanService(other_plan)
        with pytest.raises(ImportFileError, match=message):
            restore(other, document)
        assert other.count_posts() == 0


def test_require_approval_must_be_true_or_false(reviewed: PlanService, tmp_path: Path) -> None:
    document = backup(reviewed)
    document["plan"]["require_approval"] = 1
    refused = pytest.raises(ImportFileError, match="require_approval has the wrong type")
    with open_plan(tmp_path / "other.lmplan") as other_plan, refused:
        restore(PlanService(other_plan), document)
